"""The corpus's own part of ``forget``: remove posts, their copies and near-copies from a built corpus.

``townsquare.forget`` coordinates a forget across the corpus, its token shards, the
index, runs and releases; this module removes from the corpus folder only. What
goes, for each requested id:

1. the post itself, wherever it is (``posts/`` or a reject row), by any of its ids: the build's consent
   ledger records which ids name one post (``consent/aliases.parquet``: a Mastodon status's numeric ids
   and its ActivityPub uri, the versions of an edited tweet);
2. its copies recorded by dedup: a reject whose ``detail`` (the kept id) is a
   forgotten post, and the kept post a forgotten duplicate pointed to; and its
   reposts (``repost_of`` of a kept post, ``detail`` of a dropped repost), since
   a repost is its original's text;
3. its near-copies still in the corpus: the forgotten texts are MinHashed and
   matched against every kept post with the same ``DuplicateFinder`` the build
   uses (the forgotten texts go first, so every cluster they join is removed).

Affected Parquet parts are rewritten atomically. ``stage1/`` (intermediate
state that holds texts) and the completion markers are deleted, so a later
``build`` redoes its work, and the manifest records the removal with ids only
as SHA-256 hashes; the build drops those ids again on every rebuild.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from townsquare.corpus.dedup import DEDUP_NEAR, DEDUP_REPOST, NUM_PERM
from townsquare.corpus.stage import REJECT_SCHEMA
from townsquare.corpus_dir import CorpusDir, hash_id
from townsquare.errors import InputError
from townsquare.io import drop_rows, read_marker, write_json_atomic
from townsquare.post import POST_SCHEMA, read_columns

FORGET_EPOCH = pa.scalar(0, pa.timestamp("us", tz="UTC"))  # probes sort before every real post
PROBE_PREFIX = "\x00forget:"


# One requested post: where it was asked for ("del.txt, line 3") and the names it goes by there (a Mastodon link
# names a post by its link and by the numeric id in it: either may be the one the corpus knows).
Request = tuple[str, tuple[str, ...]]


def read_ids(path: str | Path, corpus: CorpusDir | Path | None = None) -> list[str]:
    """Ids to forget: one per line (blank lines and ``#`` comments ignored), or an export holding consent
    events, such as the result of an X batch compliance job (``{"id": ..., "action": "delete"}`` lines), a
    compliance stream, Jetstream or Mastodon streaming events: every post the build's consent ledger would
    make private from those events is forgotten (with ``corpus``, also every post there by an author the
    events make private: protected, suspended, deleted...)."""
    return list(dict.fromkeys(name for _, names in read_requests(path, corpus) for name in names))


def read_requests(path: str | Path, corpus: CorpusDir | Path | None = None) -> list[Request]:
    """``read_ids`` one request at a time, with the line that asked for it, so that a line that matches no post
    can be named."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the ids file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (one post id per line, or deletion events)") from None
    if text.lstrip()[:1] in ("{", "[") or text.lstrip().startswith(("event:", ":")):
        return [(f"{path} (deletion events)", (post_id,)) for post_id in _deleted_ids(path, corpus)]
    requests: dict[tuple[str, ...], str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        # a comment starts with '#'; in a link, only after a space ('#' also starts a link's fragment)
        entry = re.sub(r"(?:^|\s)#.*$", "", line).strip() if _LINK_START.match(line) else line.split("#", 1)[0].strip()
        if entry:
            requests.setdefault(tuple(_ids_of_line(entry, f"{path}, line {number}")), f"{path}, line {number}")
    return [(where, names) for names, where in requests.items()]


_PLATFORM_LINK = re.compile(
    r"(?:https?://)?(?:www\.|mobile\.|m\.|staging\.)?(?:x\.com|twitter\.com|bsky\.app)(?:[/?#]|$)", re.IGNORECASE
)
_LINK_START = re.compile(r"(?:https?://|(?:www\.)?(?:x|twitter|bsky)\.(?:com|app)/)", re.IGNORECASE)


_LOOKUP_LINK = re.compile(r"(?:https?://[^/\s]+)?/2/tweets/([^/?#\s]+)/?(?:[?#]\S*)?", re.IGNORECASE)


def _ids_of_line(entry: str, where: str) -> list[str]:
    """The post ids one line names: an id as the corpus, the search API (``mastodon:1008``) or an at:// URI
    gives it, or a post's link (X, Bluesky, a Mastodon instance's), read as the opt-out list reads it (another
    link is kept as it is: an ActivityPub post is keyed by its URI). A line that names no post (a profile
    link, words) is refused, naming it: a takedown request silently not carried out is the worst outcome."""
    from townsquare.corpus.public_only import link_keys

    if any(ch.isspace() for ch in entry):
        raise InputError(f"{where}: {entry[:80]!r} is not a post id or a post link (one per line)")
    if looked_up := _LOOKUP_LINK.fullmatch(entry):
        # the link the chat API cites a post with no URI of its own by (a CSV or text corpus's): this server's
        # (or any host's) lookup of the id; it named no post and forgot nothing (review 19, R19-B2)
        return [unquote(looked_up.group(1))]
    if entry.lower().startswith("at://") or not _LINK_START.match(entry):
        return [entry]
    # X's own link for a post whose author it does not name ("https://x.com/i/web/status/ID", R19-B3)
    entry = re.sub(r"(?i)(/i)/web(/status/)", r"\1\2", entry)
    keys = link_keys(entry) or []
    posts = [value for kind, value in keys if kind == "post"]
    platform_link = _PLATFORM_LINK.match(entry) is not None
    if not posts and (keys or platform_link):
        raise InputError(
            f"{where}: {entry[:120]!r} links to an account or a page, not a post: a post link is "
            "https://x.com/USER/status/ID, https://bsky.app/profile/DID/post/KEY or https://INSTANCE/@USER/ID "
            "(to remove every post of an account, put it on the opt-out list: `townsquare build --opt-out`)"
        )
    # a link this cannot read may be an ActivityPub post's id (its URI, as the outbox reader keys it); a fediverse
    # post's link is also its uri: fetched through another instance, the post's id there is that instance's own
    # number, and only the link (the uri the assistant cites) still names it
    return posts + [entry] if posts and not platform_link else posts or [entry]


def _deleted_ids(path: Path, corpus: CorpusDir | Path | None = None) -> list[str]:
    """Ids of the posts an export makes private, read by the export's own reader and decided by the same
    consent ledger the build uses (``corpus.consent``)."""
    from townsquare.corpus.consent import SCOPE, ConsentLedger, scoped
    from townsquare.corpus.public_only import PublicOnlyStage
    from townsquare.post import events_table
    from townsquare.sources import read_file
    from townsquare.sources.base import SourceStats

    stats = SourceStats(str(path), "")
    events: list = []
    stage = PublicOnlyStage()  # derives the deletions that rows carry (tombstones) as the build does
    ids: list[str] = []
    for batch in read_file(path, stats=stats, events=events):
        deleted = pc.fill_null(batch.column("deleted"), False)
        ids += pc.filter(batch.column("id"), deleted).to_pylist()
        stage.apply(batch)
    ledger = ConsentLedger.build(pa.concat_tables([events_table(events), stage.take_events()]))
    for _, keys in ledger.private_posts() + ledger.private_authors_by_post():
        ids += [key.partition(SCOPE)[2] for key in keys.to_pylist()]
    private_authors = [keys for _, keys in ledger.private_authors()]
    if corpus is not None and private_authors:
        folder = corpus if isinstance(corpus, CorpusDir) else CorpusDir(corpus)
        posts = read_columns(folder.post_parts(), POST_SCHEMA, ["id", "platform", "author_id"])
        keyed = scoped(posts.column("platform"), posts.column("author_id"))
        for keys in private_authors:
            hit = pc.fill_null(pc.is_in(keyed, value_set=keys), False)
            ids += posts.column("id").combine_chunks().filter(hit).to_pylist()
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise InputError(
            f"{path}: read as {stats.format}, but it holds no deletion or other consent events that "
            f"remove a post ({stats.read} records, {stats.quarantined} quarantined): nothing to forget"
        )
    return ids


def expand_copies(corpus: CorpusDir | Path, ids: set[str]) -> dict[str, str]:
    """Close ``ids`` over copy records: dup -> kept (detail) and kept -> its dups, original -> its reposts.

    Returns every id reached, each with how: ``requested``, ``repost``, or the dedup reason of the
    record that linked it (``dedup_exact``, ``dedup_near``, ...), so the summary can say which
    copies were near-duplicates. A repost is its original's text, so forgetting a post forgets
    every repost of it, as the build's tombstone rule does: kept posts by ``repost_of`` and
    reposts the build dropped (``dedup_repost`` and stage ``reposts``) by ``detail``. Forgetting
    a repost leaves its original: someone deleting their repost says nothing about the original's author.
    """
    corpus = CorpusDir(corpus)
    rejects = read_columns(corpus.reject_parts(), REJECT_SCHEMA, ["id", "stage", "reason", "detail"])
    rejects = rejects.filter(pc.is_valid(rejects.column("detail")))
    is_repost = pc.or_(pc.equal(rejects.column("stage"), "reposts"), pc.equal(rejects.column("reason"), DEDUP_REPOST))
    copies = rejects.filter(pc.and_(pc.equal(rejects.column("stage"), "dedup"), pc.invert(is_repost)))
    dup, kept, reason = copies.column("id"), copies.column("detail"), copies.column("reason")
    dropped = rejects.filter(is_repost)  # reposts the build dropped, ``detail`` their original
    posts = read_columns(corpus.post_parts(), POST_SCHEMA, ["id", "repost_of"])
    posts = posts.filter(pc.is_valid(posts.column("repost_of")))  # kept reposts
    repost = pa.chunked_array(dropped.column("id").chunks + posts.column("id").chunks, pa.string())
    original = pa.chunked_array(dropped.column("detail").chunks + posts.column("repost_of").chunks, pa.string())
    how = dict.fromkeys(ids, "requested")
    while True:
        value_set = pa.array(sorted(how), pa.string())
        grown: dict[str, str] = {}
        hit = pc.is_in(dup, value_set=value_set)
        grown.update(zip(pc.filter(kept, hit).to_pylist(), pc.filter(reason, hit).to_pylist()))
        hit = pc.is_in(kept, value_set=value_set)
        grown.update(zip(pc.filter(dup, hit).to_pylist(), pc.filter(reason, hit).to_pylist()))
        grown.update(dict.fromkeys(pc.filter(repost, pc.is_in(original, value_set=value_set)).to_pylist(), "repost"))
        new = {post_id: kind for post_id, kind in grown.items() if post_id not in how}
        if not new:
            return how
        how.update(new)


def aliases(corpus: CorpusDir | Path, ids: set[str]) -> tuple[set[str], set[str]]:
    """The other ids of the posts ``ids`` name (``consent/aliases.parquet``): those held in posts/ or rejects/,
    and the hashes of all of them (copies the corpus does not hold yet, which a rebuild must drop too)."""
    from townsquare.corpus.consent import ALIAS_SCHEMA

    corpus = CorpusDir(corpus)
    if not corpus.aliases.exists() or not ids:
        return set(), set()
    table = pq.read_table(corpus.aliases, schema=ALIAS_SCHEMA)
    wanted = pa.array(sorted({hash_id(i) for i in ids}), pa.string())
    posts = pc.filter(table.column("post_sha256"), pc.is_in(table.column("id_sha256"), value_set=wanted))
    members = pc.filter(table.column("id_sha256"), pc.is_in(table.column("post_sha256"), value_set=pc.unique(posts)))
    hashes = set(members.to_pylist())
    if not hashes:
        return set(), set()
    found: set[str] = set()
    for part in corpus.post_parts() + corpus.reject_parts():
        found.update(i for i in pq.read_table(part, columns=["id"]).column("id").to_pylist() if hash_id(i) in hashes)
    return found - ids, hashes


def forgotten_texts(corpus: CorpusDir | Path, ids: set[str]) -> list[str]:
    """Texts of the forgotten posts still on disk (kept posts and reject rows that carry text)."""
    corpus = CorpusDir(corpus)
    value_set = pa.array(sorted(ids), pa.string())
    texts: list[str] = []
    for parts in (corpus.post_parts(), corpus.reject_parts()):
        for part in parts:
            for batch in pq.ParquetFile(part).iter_batches(columns=["id", "text"]):
                hit = pc.fill_null(pc.is_in(batch.column("id"), value_set=value_set), False)
                texts += [t for t in pc.filter(batch.column("text"), hit).to_pylist() if t]
    return texts


def near_copies(corpus: CorpusDir | Path, texts: list[str]) -> set[str]:
    """Ids of kept posts in the same near-duplicate cluster as any forgotten text."""
    from townsquare.corpus.dedup import DuplicateFinder, exact_keys, minhash_signatures, normalize

    if not texts:
        return set()
    corpus = CorpusDir(corpus)
    finder = DuplicateFinder(num_perm=NUM_PERM)
    norm = normalize(texts)
    probes = pa.array([f"{PROBE_PREFIX}{i:09d}" for i in range(len(texts))], pa.string())
    finder.add(
        probes,
        pa.array([FORGET_EPOCH.value] * len(texts), pa.timestamp("us", tz="UTC")),
        exact_keys(norm, normalized=True),
        minhash_signatures(norm, NUM_PERM, normalized=True),
    )
    for part in corpus.post_parts():
        for batch in pq.ParquetFile(part).iter_batches(columns=["id", "created_at", "text"], batch_size=65_536):
            norm = normalize(batch.column("text"))
            finder.add(
                batch.column("id"),
                batch.column("created_at"),
                exact_keys(norm, normalized=True),
                minhash_signatures(norm, NUM_PERM, normalized=True),
            )
    return {
        dup
        for dup, kept, _ in finder.duplicates()
        if kept.startswith(PROBE_PREFIX) and not dup.startswith(PROBE_PREFIX)
    }


def _drop_build_state(corpus: CorpusDir) -> None:
    """stage1/ holds texts of forgotten posts and the markers would skip redoing it: both go."""
    for folder in (corpus.stage1, corpus.markers):
        if folder.is_dir():
            shutil.rmtree(folder)


@dataclass
class CorpusRemoval:
    """What :func:`remove` took out of a corpus folder."""

    entry: dict  # the manifest's record of this forget (ids as SHA-256 only)
    everything: set[str]  # the requested ids, their copies and near-copies
    trained_ids: set[str]  # of those, the ones that were kept posts (what tokens and models were made from)
    copies: int
    near_copies: int
    reposts: int
    removed_posts: int
    removed_rejects: int
    parts_rewritten: int
    unmatched: set[str]  # requested ids that name no post or reject row of the corpus


def remove(
    corpus: CorpusDir,
    ids: set[str],
    *,
    near: bool,
    time_stamp: str,
    state_before: str,
    elsewhere: Callable[[list[str]], dict] | None = None,
    requested: int | None = None,
) -> CorpusRemoval:
    """Remove ``ids``, their copies and (``near``) near-copies from posts and rejects; record it in the
    manifest, the stats and the card. The caller holds the corpus lock (``townsquare.forget``).

    ``elsewhere(ids)`` removes the same ids from other places (the index) once the corpus parts are
    rewritten; what it returns goes into the manifest's entry for this forget. ``requested``: how many posts were
    asked for, where ``ids`` holds several names of one (a link and the id in it); ``len(ids)`` otherwise.
    """
    from townsquare.corpus import card
    from townsquare.corpus.card import PartStats

    manifest = corpus.manifest(required=True)
    by_link = posts_by_link(corpus, ids)
    other_ids, alias_hashes = aliases(corpus, ids)
    other_ids |= set(by_link.values()) - ids
    how = expand_copies(corpus, ids | other_ids)
    how.update(dict.fromkeys(other_ids, "alias"))
    how.update(dict.fromkeys(by_link.values(), "requested"))  # the post its link names is the one asked for
    with_copies = set(how)
    near_ids = near_copies(corpus, forgotten_texts(corpus, with_copies)) - with_copies if near else set()
    everything = with_copies | near_ids
    kinds = Counter(how.values())
    kinds.pop("requested", None)
    near_count = kinds.pop(DEDUP_NEAR, 0) + len(near_ids)
    copies, reposts = sum(kinds.values()), kinds["repost"]
    value_set = pa.array(sorted(everything), pa.string())

    trained_ids = _present(corpus.post_parts(), value_set)  # the kept posts: what tokens were made from
    # the posts side is in trained_ids already (value_set holds every requested id): only rejects are read again
    # an id whose post the corpus holds under another of its ids was found
    named = ({i for i in ids if hash_id(i) in alias_hashes} if other_ids else set()) | set(by_link)
    unmatched = ids - named - trained_ids - _present(corpus.reject_parts(), pa.array(sorted(ids), pa.string()))
    removed_posts = removed_rejects = rewritten = 0
    for part in corpus.post_parts():
        n = drop_rows(part, POST_SCHEMA, value_set)
        removed_posts += n
        rewritten += n > 0
    for part in corpus.reject_parts():
        n = drop_rows(part, REJECT_SCHEMA, value_set)
        removed_rejects += n
        rewritten += n > 0
    _drop_build_state(corpus)

    entry = {
        "time": time_stamp,
        "state_before": state_before,
        "ids_sha256": sorted({hash_id(i) for i in everything} | alias_hashes),
        "requested": len(ids) if requested is None else requested,
        "copies": copies,
        "near_copies": near_count,
        "reposts": reposts,
        "removed_posts": removed_posts,
        "removed_rejects": removed_rejects,
        **(elsewhere(sorted(everything)) if elsewhere else {}),
    }
    manifest.setdefault("forgotten", []).append(entry)
    counts = manifest.setdefault("counts", {})
    for name, delta in (
        ("kept", -removed_posts),
        ("rejected", -removed_rejects),
        ("forgotten", removed_posts + removed_rejects),
    ):
        counts[name] = counts.get(name, 0) + delta
    stats = read_marker(corpus.global_stats)
    if stats is not None:  # refresh the card's numbers: counts and what the kept posts look like now
        stats["counts"].update({k: counts[k] for k in ("kept", "rejected", "forgotten")})
        part_stats = PartStats()
        for part in corpus.post_parts():
            for batch in pq.ParquetFile(part).iter_batches(columns=["lang", "created_at", "text"]):
                part_stats.add(batch)
        stats["kept_posts"] = part_stats.as_dict()
        write_json_atomic(corpus.global_stats, stats)
        corpus.write_manifest(manifest)
        card.write_card(corpus.root, stats, manifest)
    else:
        corpus.write_manifest(manifest)
    return CorpusRemoval(
        entry,
        everything,
        trained_ids,
        copies,
        near_count,
        reposts,
        removed_posts,
        removed_rejects,
        rewritten,
        unmatched,
    )


def _link_forms(link: str) -> set[str]:
    """A fediverse post's link as an instance shows it and as ActivityPub names it: ``https://host/@user/123``
    and ``https://host/users/user/statuses/123`` are one post."""
    link = link.rstrip("/")
    forms = {link}
    shown = re.fullmatch(r"(https?://[^/\s]+)/@([^/\s@]+)/(\w+)", link)
    named = re.fullmatch(r"(https?://[^/\s]+)/users/([^/\s]+)/statuses/(\w+)", link)
    if shown:
        forms.add(f"{shown.group(1)}/users/{shown.group(2)}/statuses/{shown.group(3)}")
    if named:
        forms.add(f"{named.group(1)}/@{named.group(2)}/{named.group(3)}")
    return forms


def posts_by_link(corpus: CorpusDir | Path, ids: set[str]) -> dict[str, str]:
    """``{requested link: post id}`` for the requested links that are a kept post's ``uri`` (its link)."""
    corpus = CorpusDir(corpus)
    forms = {form: link for link in ids if link.startswith(("http://", "https://")) for form in _link_forms(link)}
    if not forms:
        return {}
    value_set = pa.array(sorted(forms), pa.string())
    found: dict[str, str] = {}
    for part in corpus.post_parts():
        table = pq.read_table(part, columns=["id", "uri"])
        uris = pc.utf8_rtrim(table.column("uri"), characters="/")
        hit = pc.fill_null(pc.is_in(uris, value_set=value_set), False)
        for post_id, uri in zip(pc.filter(table.column("id"), hit).to_pylist(), pc.filter(uris, hit).to_pylist()):
            found[forms[uri]] = post_id
    return found


def _present(parts: list[Path], value_set: pa.Array) -> set[str]:
    """The ids of ``value_set`` found in these Parquet parts."""
    found: set[str] = set()
    for part in parts:
        ids = pq.read_table(part, columns=["id"]).column("id")
        found.update(pc.filter(ids, pc.fill_null(pc.is_in(ids, value_set=value_set), False)).to_pylist())
    return found
