"""What every reader shares: the read context, quarantine and per-source counters.

A reader is a module in ``townsquare.sources`` exposing

    FORMAT: str                                   # e.g. "x-api-v2"
    def sniff(path: Path, head: bytes) -> bool    # cheap check on the first bytes
    def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]

``read`` streams POST_SCHEMA batches (build them with ``ctx.builder()``, or
``post.PostRow`` tuples on a hot path),
increments ``ctx.stats.read`` once per post-like record it looks at, and calls
``ctx.quarantine(...)`` for each malformed record instead of raising. Records
that are valid but are not posts (likes, follows, user objects, counts) go to
``ctx.stats.skipped``. Invariant: ``read == posts + quarantined``.

What a reader learns besides posts -- a deletion, an account that became
protected, suspended or deleted, an edit history, a Mastodon account that asks
not to be indexed, a Bluesky handle -- it reports with ``ctx.event(kind, ...)``
(``post.EVENT_KINDS``); a compliance or account event that is not a post counts
as skipped. The corpus build folds every input's events into its consent ledger.

Rows are checked against POST_SCHEMA as they are added (``post.row_problem``):
a field of the wrong type, a count past 64 bits or a timestamp outside
1970..2099 quarantines that one record, so building a batch cannot fail.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.compute as pc

from townsquare.limits import DEFAULT_LIMITS, Limits
from townsquare.post import ConsentEvent, PostBuilder


@dataclass
class SourceStats:
    """Counters for one input file."""

    source: str
    format: str
    read: int = 0
    posts: int = 0
    public: int = 0
    non_public: int = 0
    deleted: int = 0
    quarantined: int = 0
    skipped: int = 0

    def count_batch(self, batch: pa.RecordBatch) -> None:
        """Update posts/public/non_public/deleted from an emitted batch."""
        n = batch.num_rows
        deleted = pc.sum(batch.column("deleted")).as_py() or 0
        public = (
            pc.sum(pc.and_(pc.equal(batch.column("visibility"), "public"), pc.invert(batch.column("deleted")))).as_py()
            or 0
        )
        self.posts += n
        self.deleted += deleted
        self.public += public
        self.non_public += n - deleted - public

    @property
    def reconciles(self) -> bool:
        return self.read == self.posts + self.quarantined

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class QuarantineRecord:
    """One malformed record: where it was and why. The raw bytes are not kept
    (they may hold private data); a hash identifies them."""

    source: str
    line: int | None
    offset: int | None
    cause: str
    sha256: str | None = None


class Quarantine:
    """Appends quarantine records as JSON lines to a file (or keeps them in memory)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None
        self.records: list[QuarantineRecord] = []
        self._fh: IO[str] | None = None
        self.count = 0

    def add(self, record: QuarantineRecord) -> None:
        self.count += 1
        if self.path is None:
            self.records.append(record)
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a", encoding="utf-8")
        self._fh.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """Post text as its author wrote it: HTML character references decoded once.

    X API v2 and the X archive escape ``&``, ``<`` and ``>`` (``&amp;``, ``&lt;``,
    ``&gt;``); CSV exports carry numeric references for emoji (``&#128530;``).
    Only complete references (with their ``;``) are decoded, in one pass, so a
    typed ``&amp;quot;`` becomes ``&quot;`` and ``AT&T`` or ``R&D`` stay as written.
    """
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda match: html.unescape(match.group()), text)


ROW_ERRORS = (TypeError, ValueError, AttributeError, OverflowError, RecursionError)
"""What a malformed record raises while being turned into a row (quarantined, never fatal)."""


@dataclass
class ReadContext:
    """Passed to ``read``: batch size, counters and the quarantine sink for one file."""

    stats: SourceStats
    quarantine_sink: Quarantine = field(default_factory=Quarantine)
    batch_size: int = 8192
    options: dict = field(default_factory=dict)  # format-specific, e.g. the CSV column map
    limits: Limits = DEFAULT_LIMITS  # bounds on hostile input (townsquare.limits)
    events: list[ConsentEvent] = field(default_factory=list)  # what the reader learned besides posts
    format_given: bool = False  # the user chose the format (--format): an error line may tell them to drop it

    def event(
        self,
        kind: str,
        platform: str,
        *,
        author_id: str | None = None,
        post_id: str | None = None,
        at=None,
        value: str | None = None,
    ) -> None:
        """Report a consent event (``post.EVENT_KINDS``) about an account or a post."""
        self.events.append(ConsentEvent(platform, kind, author_id, post_id, at, value))

    def builder(self) -> PostBuilder:
        """A PostBuilder whose rows that POST_SCHEMA cannot hold are quarantined here, not raised."""
        return PostBuilder(self.batch_size, on_reject=self._reject_row)

    def _reject_row(self, cause: str, line: int | None, fields: dict) -> None:
        # the reader already counted the record as read; it becomes quarantined instead of a post
        self.quarantine(cause, line=line, raw=repr(fields)[:4096])

    def add_record(
        self, builder: PostBuilder, make_row, record, cause: str, line: int | None = None
    ) -> pa.RecordBatch | None:
        """Turn one record into a post row and add it, keeping the counters honest.

        ``make_row(record)`` returns a row dict, or None for a valid record that is
        not a post (counted as skipped); if it raises a data error the record is
        quarantined with ``cause`` (a template with ``{exc}``). Returns a full batch
        for the reader to yield, else None.
        """
        try:
            row = make_row(record)
        except ROW_ERRORS as exc:
            self.stats.read += 1
            self.quarantine(cause.format(exc=exc), line=line, raw=repr(record)[:4096])
            return None
        if row is None:
            self.stats.skipped += 1
            return None
        self.stats.read += 1
        return builder.flush() if builder.add_row(row, line) else None

    def quarantine(
        self, cause: str, line: int | None = None, offset: int | None = None, raw: bytes | str | None = None
    ) -> None:
        """Record one malformed record (file, line or byte offset, cause) and count it."""
        digest = None
        if raw is not None:
            data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
            digest = hashlib.sha256(data).hexdigest()
        self.stats.quarantined += 1
        self.quarantine_sink.add(QuarantineRecord(self.stats.source, line, offset, cause[:500], digest))
