"""public_only: the first stage; only public, live, consenting posts go on.

A post is kept only if its ``visibility`` is ``public``, it is not deleted,
and neither its author nor the post itself is on the opt-out list. Every
other post is dropped with a reason and, because these are privacy rejects,
without its text:

    private_visibility_<v>   unlisted, followers, direct, protected (and anything unknown)
    deleted                  the post is deleted, or is a deletion event (tombstone)
    opted_out_author         the author id or handle is on the opt-out list
    opted_out_post           the post id is on the opt-out list

Handles compare case-insensitively, without the leading ``@``. Mastodon names
one account ``hank`` on its own instance (the API's ``acct``) and
``hank@town.example`` everywhere else (the outbox reader, other instances), so
an opt-out handle without a domain (``@hank``) matches ``hank`` on any
instance, and one with a domain (``@hank@town.example``) matches it exactly and
also a Mastodon post whose handle has no domain (``hank``: a local account of
the instance the export came from, which the reader cannot name). Both may
remove a namesake on another instance: over-matching only removes more, the
safe direction for a privacy list.

The opt-out list is read through one normaliser (``opt_out_keys``) for what
people write: profile links of each platform (``https://x.com/ivan``,
``x.com/judy``, ``https://town.example/@hank``, ``bsky.app/profile/<handle or
DID>``), a post's link, ``@`` and fullwidth ``＠``, zero-width and other
invisible characters, any case, Mastodon's ``user@instance``, Bluesky DIDs and
handles (a handle is resolved to its DID through the identity events in the input).

Consent is a state that events anywhere in the input change, so a row cannot be
judged from itself alone. In phase 1 the stage drops what a row says about
itself and reports what it learned (``take_events``): deletions, authors seen
protected, opt-out matches. The build folds those and the readers' events into
the consent ledger (``townsquare.corpus.consent``), and in phase 2 ``decide``
drops every post, copy and repost that the ledger makes private (a deletion
anywhere, an author protected, suspended, deleted, withheld or asking not to be
indexed at their latest state, an opted-out author resolved by handle).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import pyarrow as pa
import pyarrow.compute as pc

from townsquare.corpus.stage import Stage
from townsquare.errors import InputError
from townsquare.post import EVENT_SCHEMA

if TYPE_CHECKING:
    from townsquare.corpus.stage import GlobalContext

VERSION = "2"

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
"""Characters that show nothing (zero-width spaces and joiners, direction marks, variation selectors...)."""
_X_HOSTS = frozenset({"x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com", "m.twitter.com"})
_BSKY_HOSTS = frozenset({"bsky.app", "staging.bsky.app"})
_X_RESERVED = frozenset({"i", "intent", "home", "search", "explore", "hashtag", "settings", "share"})


def _clean(text: str) -> str:
    """What a person meant: compatibility forms folded (fullwidth ``＠ｋｉｍ`` is ``@kim``), invisible
    characters and surrounding spaces and quotes dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip().strip("\"'<>")


def _norm_handle(handle: str) -> str:
    """Handles compare case-insensitively, without the leading '@' and whatever does not show."""
    return _clean(handle).lstrip("@").lower()


def opt_out_keys(entry: str) -> list[tuple[str, str]]:
    """What one opt-out entry names, as ``(kind, value)`` pairs: kind is author, handle or post.

    The one normaliser for everything people write on the list (see the module docstring); an
    entry it cannot read names nothing (the card lists its line).
    """
    entry = _clean(entry)
    if not entry:
        return []
    kind, sep, value = entry.partition(":")
    lowered = kind.strip().lower()
    if sep and lowered in ("author", "author_id", "user", "user_id"):
        return [("author", _clean(value))]
    if sep and lowered == "handle":
        return [("handle", _norm_handle(value))]
    if sep and lowered in ("post", "post_id", "id"):
        return [("post", _clean(value))]
    if lowered == "did" and sep:  # did:plc:... / did:web:...: a Bluesky account
        return [("author", entry.lower() if entry.lower().startswith("did:plc:") else entry)]
    link = link_keys(entry)
    if link is not None:
        return link
    if entry.startswith("@"):
        return [("handle", _norm_handle(entry))]
    # A bare value may be an author id, a handle or a post id: match it as all three
    # (over-matching only removes more, which is the safe direction).
    return [("author", entry), ("post", entry), ("handle", _norm_handle(entry))]


def link_keys(entry: str) -> list[tuple[str, str]] | None:
    """The keys of a profile or post link (with or without ``https://``), or None when ``entry`` is no link."""
    match = re.match(
        r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?([^/\s@]+\.[^/\s@]+)(/[^?#\s]*)?(?:[?#].*)?$", entry, re.IGNORECASE
    )
    if match is None or (match.group(2) is None and "://" not in entry):
        return None  # alice.bsky.social is a handle, not a link; x.com/judy and https://x.com are links
    host = match.group(1).lower()
    parts = [part for part in (match.group(2) or "").split("/") if part]
    if host in _X_HOSTS:
        if len(parts) >= 3 and parts[0] == "i" and parts[1] == "user":
            return [("author", parts[2])]
        if len(parts) >= 3 and parts[1] in ("status", "statuses"):
            return [("post", parts[2]), ("handle", _norm_handle(parts[0]))] if parts[0] != "i" else [("post", parts[2])]
        if parts and parts[0].lower() not in _X_RESERVED:
            return [("handle", _norm_handle(parts[0]))]
        return []
    if host in _BSKY_HOSTS:
        if len(parts) >= 2 and parts[0] == "profile":
            actor = parts[1]
            keys = [("author", actor)] if actor.startswith("did:") else [("handle", _norm_handle(actor))]
            if len(parts) >= 4 and parts[2] == "post" and actor.startswith("did:"):
                keys.append(("post", f"at://{actor}/app.bsky.feed.post/{parts[3]}"))
            return keys
        return []
    # any other host: a Mastodon (or other fediverse) profile https://town.example/@hank[/123] or /users/hank
    if parts and parts[0].startswith("@") and len(parts[0]) > 1:
        user = _norm_handle(parts[0])
        keys = [("handle", user if "@" in user else f"{user}@{host}")]
        if len(parts) >= 2 and parts[1].isdigit():
            keys.append(("post", parts[1]))
        return keys
    if len(parts) >= 2 and parts[0] == "users":
        keys = [("handle", f"{_norm_handle(parts[1])}@{host}")]
        if len(parts) >= 4 and parts[2] == "statuses":
            keys.append(("post", parts[3]))
        return keys
    return []


@dataclass
class OptOut:
    """Who and what must never be in the corpus: author ids, handles and post ids.

    ``entries`` keeps, per line of the file read, what the line named, so the card can say
    which lines matched nothing (by line number: the card never repeats who opted out).
    """

    author_ids: set[str] = field(default_factory=set)
    handles: set[str] = field(default_factory=set)
    post_ids: set[str] = field(default_factory=set)
    entries: list[tuple[int, list[tuple[str, str]]]] = field(default_factory=list, compare=False)

    @classmethod
    def from_file(cls, path: str | Path) -> OptOut:
        """Read an opt-out list: one entry per line, ``#`` starts a comment.

        ``author:ID``, ``handle:NAME`` or ``@NAME``, ``post:ID``. A bare value
        (no prefix) is matched as an author id, a handle *and* a post id: on X ids
        are all numbers, a CSV export may list bare handles, and removing too much
        is the safe side of a privacy list.
        """
        path = Path(path)
        try:
            # utf-8-sig: Windows editors start a UTF-8 file with a BOM, which would glue onto the first entry
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            raise InputError(f"{path}: cannot read the opt-out list ({exc.strerror or exc})") from exc
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: the opt-out list is not UTF-8 text (undecodable byte at offset {exc.start}); save it as UTF-8"
            ) from exc
        opt_out = cls()
        for number, raw in enumerate(lines, 1):
            # a "#" starts a comment where it starts a word: https://x.com/ann#top is a link with an anchor
            entry = re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()
            if entry:
                opt_out.add(entry, line=number)
        return opt_out

    def add(self, entry: str, line: int | None = None) -> None:
        """Add one entry in the file syntax (see ``opt_out_keys``)."""
        keys = opt_out_keys(entry)
        for kind, value in keys:
            if not value:
                continue
            {"author": self.author_ids, "handle": self.handles, "post": self.post_ids}[kind].add(value)
        self.entries.append((line if line is not None else len(self.entries) + 1, keys))

    def __bool__(self) -> bool:
        return bool(self.author_ids or self.handles or self.post_ids)

    def fingerprint(self) -> list[list[str]]:
        """A stable, JSON-able description (sorted) for build fingerprints."""
        return [sorted(self.author_ids), sorted(self.handles), sorted(self.post_ids)]


class PublicOnlyStage(Stage):
    """Keep only public, not deleted, not opted-out posts (see the module docstring)."""

    name: ClassVar[str] = "public_only"
    keep_rejected_text: ClassVar[bool] = False
    version: ClassVar[str] = VERSION

    def __init__(self, opt_out: OptOut | None = None) -> None:
        self.opt_out = opt_out or OptOut()
        self._author_ids = pa.array(sorted(self.opt_out.author_ids), pa.string())
        self._handles = pa.array(sorted(self.opt_out.handles), pa.string())
        # for Mastodon's two spellings of one account (see the module docstring)
        self._bare_handles = pa.array(sorted(h for h in self.opt_out.handles if "@" not in h), pa.string())
        self._local_parts = pa.array(
            sorted({h.split("@", 1)[0] for h in self.opt_out.handles if "@" in h}), pa.string()
        )
        self._post_ids = pa.array(sorted(self.opt_out.post_ids), pa.string())
        self.deleted: list[pa.Table] = []  # (platform, id) of deleted posts and tombstones, for the global pass
        self._events: list[pa.Table] = []  # EVENT_SCHEMA: what rows said about their author (see ``take_events``)
        self._counters: Counter = Counter()

    def run(self, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, pa.Array]:
        n = batch.num_rows
        deleted = pc.fill_null(batch.column("deleted"), False)
        visibility = pc.fill_null(batch.column("visibility"), "unknown")
        if pc.any(deleted).as_py():
            self.deleted.append(
                pa.table(
                    {"platform": batch.column("platform").filter(deleted), "id": batch.column("id").filter(deleted)}
                )
            )
            self._note(batch, deleted, "delete", post=True)
        # a post seen non-public once is private in every copy, whatever another export says (that its
        # author is protected everywhere is the readers' to say: they see the account objects)
        other = pc.and_(pc.not_equal(visibility, "public"), pc.invert(deleted))
        if pc.any(other).as_py():
            self._note(batch, other, "not_public", post=True)
        # Precedence matters only for the reason name; all of these are privacy drops.
        reasons = pa.nulls(n, pa.string())
        post_hit = pc.fill_null(pc.is_in(batch.column("id"), value_set=self._post_ids), False)
        reasons = self._mark(reasons, post_hit, "opted_out_post")
        author_hit = pc.fill_null(pc.is_in(batch.column("author_id"), value_set=self._author_ids), False)
        if len(self._handles):
            author_hit = pc.or_(author_hit, pc.fill_null(self._handle_hit(batch), False))
        reasons = self._mark(reasons, author_hit, "opted_out_author")
        if len(self.opt_out.post_ids) or len(self.opt_out.author_ids) or len(self._handles):
            self._note_opt_out(batch, post_hit, author_hit)
        not_public = pc.not_equal(visibility, "public")
        if pc.any(not_public).as_py():
            private = pc.binary_join_element_wise("private_visibility_", visibility, "")
            reasons = pc.if_else(not_public, private, reasons)
        reasons = pc.if_else(deleted, pa.scalar("deleted"), reasons)
        return batch, reasons

    def _note(
        self, batch: pa.RecordBatch, mask: pa.Array, kind: str, post: bool, value: pa.Array | None = None
    ) -> None:
        """Events of ``kind`` for the rows in ``mask`` (about the post, or about its author)."""
        rows = batch.filter(mask)
        n = rows.num_rows
        self._events.append(
            pa.table(
                {
                    "platform": rows.column("platform"),
                    "kind": pa.array([kind] * n, pa.string()),
                    "author_id": rows.column("author_id"),
                    "post_id": rows.column("id") if post else pa.nulls(n, pa.string()),
                    "at": pa.nulls(n, EVENT_SCHEMA.field("at").type),
                    "value": value.filter(mask) if value is not None else pa.nulls(n, pa.string()),
                },
                schema=EVENT_SCHEMA,
            )
        )

    def _note_opt_out(self, batch: pa.RecordBatch, post_hit: pa.Array, author_hit: pa.Array) -> None:
        """``opt_out`` events: the author (resolved from a handle here) or post each matching row names, with
        the row's id, author id or handle as ``value`` so the ledger knows which entries matched something."""
        if pc.any(post_hit).as_py():
            self._note(batch, post_hit, "opt_out", post=True, value=batch.column("id"))
        if pc.any(author_hit).as_py():
            handles = pc.utf8_lower(pc.utf8_ltrim(pc.fill_null(batch.column("author_handle"), ""), characters="@"))
            by_id = pc.fill_null(pc.is_in(batch.column("author_id"), value_set=self._author_ids), False)
            self._note(
                batch, author_hit, "opt_out", post=False, value=pc.if_else(by_id, batch.column("author_id"), handles)
            )

    def take_events(self) -> pa.Table:
        """The consent events the rows seen since the last call carried (deletions, posts seen not public,
        opt-out matches), deduplicated, and forget them."""
        table = pa.concat_tables([EVENT_SCHEMA.empty_table(), *self._events])
        self._events = []
        return table.group_by(EVENT_SCHEMA.names, use_threads=False).aggregate([]).select(EVENT_SCHEMA.names)

    def decide(self, context: GlobalContext) -> None:
        """Phase 2: drop every post, copy and repost that the consent ledger makes private.

        Post states first (deleted anywhere, dropped, withheld: also every repost of such a post),
        then author states (deleted, suspended, protected, withheld, not to be indexed, opted out).
        """
        ledger = context.ledger
        for reason, keys in ledger.private_posts():
            hit = pc.or_(
                pc.fill_null(pc.is_in(context.keyed, value_set=keys), False),
                pc.fill_null(pc.is_in(context.keyed_repost_of, value_set=keys), False),
            )
            context.drop(hit.to_numpy(zero_copy_only=False), self.name, reason)
        if len(self._post_ids):  # the opt-out list names raw ids (any platform), as in phase 1, and their aliases
            post_ids = ledger.bare_aliases(self._post_ids)
            hit = pc.or_(
                pc.fill_null(pc.is_in(context.ids, value_set=post_ids), False),
                pc.fill_null(pc.is_in(context.repost_of, value_set=post_ids), False),
            )
            context.drop(hit.to_numpy(zero_copy_only=False), self.name, "opted_out_post")
        authors_by_reason = dict(ledger.private_authors())
        for reason, post_keys in ledger.private_authors_by_post():  # an account known by one of its posts
            posts = pc.fill_null(pc.is_in(context.keyed, value_set=post_keys), False)
            authors = pc.drop_null(pc.unique(context.keyed_author.filter(posts)))
            known = authors_by_reason.get(reason)
            authors_by_reason[reason] = pc.unique(pa.concat_arrays([known, authors])) if known is not None else authors
            hit = pc.or_(posts, pc.fill_null(pc.is_in(context.keyed_repost_of, value_set=post_keys), False))
            context.drop(hit.to_numpy(zero_copy_only=False), self.name, reason)
        for reason, keys in (
            (r, authors_by_reason[r])
            for r, _ in ledger.private_authors() + ledger.private_authors_by_post()
            if r in authors_by_reason
        ):
            hit = pc.fill_null(pc.is_in(context.keyed_author, value_set=keys), False)
            self._drop_with_copies(context, hit.to_numpy(zero_copy_only=False), reason)
        if len(self._author_ids):
            hit = pc.fill_null(pc.is_in(context.author_id, value_set=self._author_ids), False)
            self._drop_with_copies(context, hit.to_numpy(zero_copy_only=False), "opted_out_author")

    def _drop_with_copies(self, context: GlobalContext, rows, reason: str) -> None:
        """Drop ``rows`` and every other row of the same posts (a copy whose row does not name the author)."""
        from townsquare.corpus.dedup import FILE_LOCAL_PLATFORMS

        hit = context.drop(rows, self.name, reason)
        # CSV and text ids are made up per file: the same id elsewhere is another post
        shared = pc.invert(pc.fill_null(pc.is_in(context.platform, value_set=pa.array(FILE_LOCAL_PLATFORMS)), False))
        hit = hit & shared.to_numpy(zero_copy_only=False)
        if hit.any():
            keys = pc.unique(context.keyed.filter(pa.array(hit)))
            copies = pc.fill_null(pc.is_in(context.keyed, value_set=keys), False)
            context.drop(copies.to_numpy(zero_copy_only=False), self.name, reason)

    def _handle_hit(self, batch: pa.RecordBatch) -> pa.Array:
        """Rows whose author handle is on the list, in either of Mastodon's spellings."""
        handles = pc.utf8_lower(pc.utf8_ltrim(pc.fill_null(batch.column("author_handle"), ""), characters="@"))
        has_domain = pc.match_substring(handles, "@")
        hit = pc.is_in(handles, value_set=self._handles)
        if len(self._bare_handles):  # @hank matches hank@town.example
            local = pc.replace_substring_regex(handles, "@.*$", "")
            hit = pc.or_(hit, pc.and_(has_domain, pc.is_in(local, value_set=self._bare_handles)))
        if len(self._local_parts):  # @hank@town.example matches the API's local acct hank
            mastodon = pc.fill_null(pc.equal(batch.column("platform"), "mastodon"), False)
            hit = pc.or_(
                hit, pc.and_(pc.and_(mastodon, pc.invert(has_domain)), pc.is_in(handles, value_set=self._local_parts))
            )
        return hit

    @staticmethod
    def _mark(reasons: pa.Array, hit: pa.Array, reason: str) -> pa.Array:
        hit = pc.fill_null(hit, False)
        return pc.if_else(hit, pa.scalar(reason), reasons)

    def take_deleted(self) -> pa.Table:
        """``(platform, id)`` of the deleted posts seen since the last call (deduplicated), and forget them.

        A deletion names a post of one platform: X id "2" is not CSV id "2".
        """
        empty = pa.table({"platform": pa.array([], pa.string()), "id": pa.array([], pa.string())})
        table = pa.concat_tables([empty, *self.deleted]) if self.deleted else empty
        self.deleted = []
        return table.group_by(["platform", "id"]).aggregate([])
