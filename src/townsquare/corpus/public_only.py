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

Deletions that arrive as tombstones somewhere else in the input (X compliance
events, Jetstream deletes) cannot be applied batch by batch: the stage
collects the deleted ids it sees (``deleted_ids``) and the build applies the
union of all shards' ids in its global pass.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc

from townsquare.corpus.stage import Stage
from townsquare.errors import InputError

VERSION = "1"


def _norm_handle(handle: str) -> str:
    """Handles compare case-insensitively and without the leading '@'."""
    return handle.strip().lstrip("@").lower()


@dataclass
class OptOut:
    """Who and what must never be in the corpus: author ids, handles and post ids."""

    author_ids: set[str] = field(default_factory=set)
    handles: set[str] = field(default_factory=set)
    post_ids: set[str] = field(default_factory=set)

    @classmethod
    def from_file(cls, path: str | Path) -> "OptOut":
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
            raise InputError(f"{path}: the opt-out list is not UTF-8 text (undecodable byte at offset "
                             f"{exc.start}); save it as UTF-8") from exc
        opt_out = cls()
        for raw in lines:
            entry = raw.split("#", 1)[0].strip()
            if entry:
                opt_out.add(entry)
        return opt_out

    def add(self, entry: str) -> None:
        """Add one entry in the file syntax."""
        kind, sep, value = entry.partition(":")
        kind = kind.strip().lower()
        if sep and kind in ("author", "author_id", "user", "user_id"):
            self.author_ids.add(value.strip())
        elif sep and kind == "handle":
            self.handles.add(_norm_handle(value))
        elif sep and kind in ("post", "post_id", "id"):
            self.post_ids.add(value.strip())
        elif entry.startswith("@"):
            self.handles.add(_norm_handle(entry))
        else:
            # A bare value may be an author id, a handle or a post id: match it as all three
            # (over-matching only removes more, which is the safe direction).
            self.author_ids.add(entry)
            self.post_ids.add(entry)
            self.handles.add(_norm_handle(entry))

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
        self._local_parts = pa.array(sorted({h.split("@", 1)[0] for h in self.opt_out.handles if "@" in h}),
                                     pa.string())
        self._post_ids = pa.array(sorted(self.opt_out.post_ids), pa.string())
        self.deleted: list[pa.Table] = []  # (platform, id) of deleted posts and tombstones, for the global pass
        self._counters: Counter = Counter()

    def run(self, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, pa.Array]:
        n = batch.num_rows
        deleted = pc.fill_null(batch.column("deleted"), False)
        visibility = pc.fill_null(batch.column("visibility"), "unknown")
        if pc.any(deleted).as_py():
            self.deleted.append(pa.table({"platform": batch.column("platform").filter(deleted),
                                          "id": batch.column("id").filter(deleted)}))
        # Precedence matters only for the reason name; all of these are privacy drops.
        reasons = pa.nulls(n, pa.string())
        reasons = self._mark(reasons, pc.is_in(batch.column("id"), value_set=self._post_ids), "opted_out_post")
        author_hit = pc.is_in(batch.column("author_id"), value_set=self._author_ids)
        if len(self._handles):
            author_hit = pc.or_(author_hit, self._handle_hit(batch))
        reasons = self._mark(reasons, author_hit, "opted_out_author")
        not_public = pc.not_equal(visibility, "public")
        if pc.any(not_public).as_py():
            private = pc.binary_join_element_wise("private_visibility_", visibility, "")
            reasons = pc.if_else(not_public, private, reasons)
        reasons = pc.if_else(deleted, pa.scalar("deleted"), reasons)
        return batch, reasons

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
            hit = pc.or_(hit, pc.and_(pc.and_(mastodon, pc.invert(has_domain)),
                                      pc.is_in(handles, value_set=self._local_parts)))
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
