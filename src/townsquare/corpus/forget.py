"""``townsquare forget``: remove posts, their copies and near-copies from a built corpus.

What goes, for each requested id:

1. the post itself, wherever it is (``posts/`` or a reject row);
2. its copies recorded by dedup: a reject whose ``detail`` (the kept id) is a
   forgotten post, and the kept post a forgotten duplicate pointed to; and its
   reposts (``repost_of`` of a kept post, ``detail`` of a dropped repost), since
   a repost is its original's text;
3. its near-copies still in the corpus: the forgotten texts are MinHashed and
   matched against every kept post with the same ``DuplicateFinder`` the build
   uses (the forgotten texts go first, so every cluster they join is removed).

Affected Parquet parts are rewritten atomically. ``stage1/`` (intermediate
state that holds texts) and the completion markers are deleted, and so are
``tokens/`` and ``tokenizer.json`` when posts were removed (they were made
from the forgotten texts; ``townsquare tokenize`` makes new ones), so a later
``build`` redoes its work, and the manifest records the removal with ids only
as SHA-256 hashes; the build drops those ids again on every rebuild.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from townsquare.corpus.dedup import DEDUP_NEAR, DEDUP_REPOST
from townsquare.corpus.executor import AtomicParquetWriter, read_marker, write_json_atomic
from townsquare.corpus.manifest import hash_id, load_manifest, write_manifest
from townsquare.errors import InputError

FORGET_EPOCH = pa.scalar(0, pa.timestamp("us", tz="UTC"))  # probes sort before every real post
PROBE_PREFIX = "\x00forget:"


@dataclass
class ForgetSummary:
    """What ``forget`` removed."""

    requested: int
    removed_posts: int
    removed_rejects: int
    copies: int  # ids linked by copy records other than near-duplicates: exact copies, reposts, old edits
    near_copies: int  # near-duplicates: recorded by the build's dedup, or matched now by MinHash
    parts_rewritten: int
    index_removed: int | None = None  # None: no index given
    tokens_removed: bool = False  # CORPUS/tokens and tokenizer.json were made from the old posts and deleted
    reposts: int = 0  # of ``copies``: reposts of a forgotten post (kept or dropped by the build)
    report: Path | None = None  # forget-report.json
    runs_affected: int = 0  # runs that trained (or may have trained) on a removed post
    releases: list = field(default_factory=list)  # per release: folder, rows removed, model_trained_on
    not_found: int = 0  # requested ids that are in neither posts/ nor rejects/ (already gone, or a typo)


def read_ids(path: str | Path) -> list[str]:
    """Ids to forget: one per line (blank lines and ``#`` comments ignored), or an export holding deletion
    events, such as the result of an X batch compliance job (``{"id": ..., "action": "delete"}`` lines): every
    post the export marks deleted is forgotten."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the ids file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (one post id per line, or deletion events)") from None
    if text.lstrip()[:1] in ("{", "["):
        return _deleted_ids(path)
    lines = text.splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def _deleted_ids(path: Path) -> list[str]:
    """Ids of the posts an export marks deleted (tombstones), read by the export's own reader."""
    from townsquare.sources import read_file
    from townsquare.sources.base import SourceStats

    stats = SourceStats(str(path), "")
    ids: list[str] = []
    for batch in read_file(path, stats=stats):
        deleted = pc.fill_null(batch.column("deleted"), False)
        ids += pc.filter(batch.column("id"), deleted).to_pylist()
    if not ids:
        raise InputError(f"{path}: read as {stats.format}, but it holds no deletion events "
                         f"({stats.read} records, {stats.quarantined} quarantined): nothing to forget")
    return ids


def _parts(corpus: Path, folder: str) -> list[Path]:
    return sorted((corpus / folder).glob("part-*.parquet"))


def _expand_copies(corpus: Path, ids: set[str]) -> dict[str, str]:
    """Close ``ids`` over copy records: dup -> kept (detail) and kept -> its dups, original -> its reposts.

    Returns every id reached, each with how: ``requested``, ``repost``, or the dedup reason of the
    record that linked it (``dedup_exact``, ``dedup_near``, ...), so the summary can say which
    copies were near-duplicates. A repost is its original's text, so forgetting a post forgets
    every repost of it, as the build's tombstone rule does: kept posts by ``repost_of`` and
    reposts the build dropped (``dedup_repost`` and stage ``reposts``) by ``detail``. Forgetting
    a repost leaves its original: someone deleting their repost says nothing about the original's author.
    """
    from townsquare.corpus.build import _read_column_tables
    from townsquare.corpus.stage import REJECT_SCHEMA
    from townsquare.post import POST_SCHEMA

    rejects = _read_column_tables(_parts(corpus, "rejects"), REJECT_SCHEMA, ["id", "stage", "reason", "detail"])
    rejects = rejects.filter(pc.is_valid(rejects.column("detail")))
    is_repost = pc.or_(pc.equal(rejects.column("stage"), "reposts"), pc.equal(rejects.column("reason"), DEDUP_REPOST))
    copies = rejects.filter(pc.and_(pc.equal(rejects.column("stage"), "dedup"), pc.invert(is_repost)))
    dup, kept, reason = copies.column("id"), copies.column("detail"), copies.column("reason")
    dropped = rejects.filter(is_repost)  # reposts the build dropped, ``detail`` their original
    posts = _read_column_tables(_parts(corpus, "posts"), POST_SCHEMA, ["id", "repost_of"])
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


def _forgotten_texts(corpus: Path, ids: set[str]) -> list[str]:
    """Texts of the forgotten posts still on disk (kept posts and reject rows that carry text)."""
    value_set = pa.array(sorted(ids), pa.string())
    texts: list[str] = []
    for folder in ("posts", "rejects"):
        for part in _parts(corpus, folder):
            for batch in pq.ParquetFile(part).iter_batches(columns=["id", "text"]):
                hit = pc.fill_null(pc.is_in(batch.column("id"), value_set=value_set), False)
                texts += [t for t in pc.filter(batch.column("text"), hit).to_pylist() if t]
    return texts


def _near_copies(corpus: Path, texts: list[str]) -> set[str]:
    """Ids of kept posts in the same near-duplicate cluster as any forgotten text."""
    from townsquare.corpus.build import NUM_PERM
    from townsquare.corpus.dedup import DuplicateFinder, exact_keys, minhash_signatures, normalize

    if not texts:
        return set()
    finder = DuplicateFinder(num_perm=NUM_PERM)
    norm = normalize(texts)
    probes = pa.array([f"{PROBE_PREFIX}{i:09d}" for i in range(len(texts))], pa.string())
    finder.add(probes, pa.array([FORGET_EPOCH.value] * len(texts), pa.timestamp("us", tz="UTC")),
               exact_keys(norm, normalized=True), minhash_signatures(norm, NUM_PERM, normalized=True))
    for part in _parts(corpus, "posts"):
        for batch in pq.ParquetFile(part).iter_batches(columns=["id", "created_at", "text"], batch_size=65_536):
            norm = normalize(batch.column("text"))
            finder.add(batch.column("id"), batch.column("created_at"), exact_keys(norm, normalized=True),
                       minhash_signatures(norm, NUM_PERM, normalized=True))
    return {dup for dup, kept, _ in finder.duplicates()
            if kept.startswith(PROBE_PREFIX) and not dup.startswith(PROBE_PREFIX)}


def _rewrite(part: Path, schema: pa.Schema, value_set: pa.Array) -> int:
    """Rewrite one part without the rows whose id is in value_set; returns rows removed (0: untouched)."""
    ids = pq.read_table(part, columns=["id"]).column("id")
    if not pc.any(pc.fill_null(pc.is_in(ids, value_set=value_set), False)).as_py():
        return 0
    writer = AtomicParquetWriter(part, schema)
    removed = 0
    try:
        for batch in pq.ParquetFile(part).iter_batches(batch_size=8192):
            hit = pc.fill_null(pc.is_in(batch.column("id"), value_set=value_set), False)
            removed += pc.sum(hit).as_py() or 0
            writer.write(batch.filter(pc.invert(hit)))
    except BaseException:
        writer.abort()
        raise
    writer.commit()
    return removed


def _drop_build_state(corpus: Path) -> None:
    """stage1/ holds texts of forgotten posts and the markers would skip redoing it: both go."""
    for folder in ("stage1", "_markers"):
        if (corpus / folder).is_dir():
            shutil.rmtree(corpus / folder)


def forget(corpus: str | Path, ids: Iterable[str], *, index: str | Path | None = None,
           near: bool = True, runs: Iterable[str | Path] = (), releases: Iterable[str | Path] = (),
           report: str | Path | None = None) -> ForgetSummary:
    """Remove ``ids`` (and their copies and near-copies) from the corpus and the index; both stay locked
    (``townsquare.lock``) until it is done, so no build, tokenize or index run writes them meanwhile.

    ``releases``: release folders whose ``data/`` loses the same posts. ``runs``: run folders, or folders
    holding runs, checked for having trained on a removed post. Both go into ``report``
    (default ``CORPUS/forget-report.json``; see ``townsquare.corpus.forget_report``).
    """
    from contextlib import ExitStack

    from townsquare.lock import output_lock

    with ExitStack() as locks:
        if Path(corpus).is_dir():  # a missing corpus is reported by the forget itself
            locks.enter_context(output_lock(corpus, "forget"))
        if index is not None and Path(index).is_dir():
            locks.enter_context(output_lock(index, "forget"))
        return _forget_unlocked(corpus, ids, index=index, near=near, runs=runs, releases=releases, report=report)


def _forget_unlocked(corpus: str | Path, ids: Iterable[str], *, index: str | Path | None = None,
                     near: bool = True, runs: Iterable[str | Path] = (), releases: Iterable[str | Path] = (),
                     report: str | Path | None = None) -> ForgetSummary:
    """``forget`` once the folders are locked; see the module docstring."""
    from townsquare.corpus import card
    from townsquare.corpus.build import _PartStats
    from townsquare.post import POST_SCHEMA
    from townsquare.corpus.stage import REJECT_SCHEMA
    from townsquare.train.shards import remove_stale_tokens

    corpus = Path(corpus)
    manifest = load_manifest(corpus, required=True)
    if index is not None:  # checked before the corpus is touched: a half-done forget is not recorded
        from townsquare.index.build import load_manifest as load_index_manifest

        if load_index_manifest(Path(index)) is None:
            raise InputError(f"{index} is not an index (no manifest.json): build it with `townsquare index`, "
                             "or leave out --index")
    from townsquare.corpus.forget_report import check_releases, find_runs

    release_dirs = check_releases(releases)  # refused before anything is touched, as a bad --index is
    run_dirs = find_runs(runs)
    from townsquare.train.shards import corpus_state

    state_before = corpus_state(corpus)
    requested = {i for i in ids if i}
    how = _expand_copies(corpus, requested)
    with_copies = set(how)
    near_ids = _near_copies(corpus, _forgotten_texts(corpus, with_copies)) - with_copies if near else set()
    everything = with_copies | near_ids
    kinds = Counter(how.values())
    kinds.pop("requested", None)
    near_copies = kinds.pop(DEDUP_NEAR, 0) + len(near_ids)
    copies, reposts = sum(kinds.values()), kinds["repost"]
    value_set = pa.array(sorted(everything), pa.string())

    trained_ids = _present(_parts(corpus, "posts"), value_set)  # the kept posts: what tokens were made from
    # the posts side is in trained_ids already (value_set holds every requested id): only rejects are read again
    not_found = len(requested - trained_ids
                    - _present(_parts(corpus, "rejects"), pa.array(sorted(requested), pa.string())))
    removed_posts = removed_rejects = rewritten = 0
    for part in _parts(corpus, "posts"):
        n = _rewrite(part, POST_SCHEMA, value_set)
        removed_posts += n
        rewritten += n > 0
    for part in _parts(corpus, "rejects"):
        n = _rewrite(part, REJECT_SCHEMA, value_set)
        removed_rejects += n
        rewritten += n > 0
    _drop_build_state(corpus)

    index_removed = _forget_in_index(index, sorted(everything))
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "state_before": state_before,
             "ids_sha256": sorted(hash_id(i) for i in everything), "requested": len(requested),
             "copies": copies, "near_copies": near_copies, "reposts": reposts,
             "removed_posts": removed_posts, "removed_rejects": removed_rejects, "index_removed": index_removed}
    manifest.setdefault("forgotten", []).append(entry)
    counts = manifest.setdefault("counts", {})
    for name, delta in (("kept", -removed_posts), ("rejected", -removed_rejects),
                        ("forgotten", removed_posts + removed_rejects)):
        counts[name] = counts.get(name, 0) + delta

    stats = read_marker(corpus / "stats" / "global.json")
    if stats is not None:  # refresh the card's numbers: counts and what the kept posts look like now
        stats["counts"].update({k: counts[k] for k in ("kept", "rejected", "forgotten")})
        part_stats = _PartStats()
        for part in _parts(corpus, "posts"):
            for batch in pq.ParquetFile(part).iter_batches(columns=["lang", "created_at", "text"]):
                part_stats.add(batch)
        stats["kept_posts"] = part_stats.as_dict()
        write_json_atomic(corpus / "stats" / "global.json", stats)
        write_manifest(corpus, manifest)
        card.write_card(corpus, stats, manifest)
    else:
        write_manifest(corpus, manifest)
    tokens_removed = remove_stale_tokens(corpus)  # token shards are copies of the forgotten texts
    from townsquare.corpus.forget_report import write_report

    report_path = Path(report) if report is not None else corpus / "forget-report.json"
    written = write_report(report_path, corpus, entry, everything, trained_ids, state_before, run_dirs,
                           release_dirs)
    return ForgetSummary(len(requested), removed_posts, removed_rejects, copies, near_copies, rewritten,
                         index_removed, tokens_removed, reposts, report=report_path,
                         runs_affected=len(written["runs"]), releases=written["releases"], not_found=not_found)


def _present(parts: list[Path], value_set: pa.Array) -> set[str]:
    """The ids of ``value_set`` found in these Parquet parts."""
    found: set[str] = set()
    for part in parts:
        ids = pq.read_table(part, columns=["id"]).column("id")
        found.update(pc.filter(ids, pc.fill_null(pc.is_in(ids, value_set=value_set), False)).to_pylist())
    return found


def _forget_in_index(index: str | Path | None, ids: list[str]) -> int | None:
    """``townsquare.index.forget(index_dir, ids)`` when an index is given; None when none is."""
    if index is None:
        return None
    from townsquare.index import forget as forget_in_index

    return forget_in_index(Path(index), ids)
