"""The Post record: one Arrow schema shared by every part of townsquare.

Readers fill what their source has; nothing downstream reads a source's raw
JSON. Posts move in ``pyarrow.RecordBatch`` objects of this schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

VISIBILITIES = ("public", "unlisted", "followers", "direct", "protected")
"""Allowed values of ``visibility``; only ``public`` may ever reach a corpus."""

MEDIA_TYPE = pa.struct(
    [
        pa.field("kind", pa.string()),
        pa.field("url", pa.string()),
        pa.field("alt_text", pa.string()),
    ]
)

POST_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("platform", pa.string(), nullable=False),  # x | mastodon | bluesky | csv | text
        pa.field("uri", pa.string()),  # public link used for citations
        pa.field("author_id", pa.string()),
        pa.field("author_handle", pa.string()),
        pa.field("created_at", pa.timestamp("us", tz="UTC")),
        pa.field("text", pa.string()),
        pa.field("lang", pa.string()),
        pa.field("visibility", pa.string(), nullable=False),
        pa.field("deleted", pa.bool_(), nullable=False),
        pa.field("reply_to", pa.string()),
        pa.field("conversation_id", pa.string()),
        pa.field("quote_of", pa.string()),
        pa.field("repost_of", pa.string()),
        pa.field("hashtags", pa.list_(pa.string())),
        pa.field("mentions", pa.list_(pa.string())),
        pa.field("urls", pa.list_(pa.string())),
        pa.field("media", pa.list_(MEDIA_TYPE)),
        pa.field("like_count", pa.int64()),
        pa.field("repost_count", pa.int64()),
        pa.field("reply_count", pa.int64()),
    ]
)

FIELDS = tuple(POST_SCHEMA.names)
_DEFAULTS: dict[str, Any] = {"deleted": False, "visibility": "public"}
_LIST_FIELDS = frozenset({"hashtags", "mentions", "urls", "media"})


def to_utc(value: datetime | str | int | float | None) -> datetime | None:
    """Parse an ISO-8601 string, epoch seconds or datetime into an aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


class PostBuilder:
    """Accumulates posts column by column and emits ``RecordBatch`` objects of POST_SCHEMA.

    Columnar appends keep the hot path cheap: one list append per field, no
    per-post dict or object.
    """

    __slots__ = ("_columns", "batch_size")

    def __init__(self, batch_size: int = 8192) -> None:
        self.batch_size = batch_size
        self._columns: dict[str, list[Any]] = {name: [] for name in FIELDS}

    def __len__(self) -> int:
        return len(self._columns["id"])

    def add(self, **fields: Any) -> bool:
        """Append one post; unknown field names raise. Returns True when a batch is full."""
        columns = self._columns
        for name in fields:
            if name not in columns:
                raise KeyError(f"{name!r} is not a Post field; fields are: {', '.join(FIELDS)}")
        for name, column in columns.items():
            value = fields.get(name)
            if value is None:
                value = _DEFAULTS.get(name)
            column.append(value)
        return len(columns["id"]) >= self.batch_size

    def flush(self) -> pa.RecordBatch | None:
        """Return the accumulated posts as one batch (None if empty) and start a new one."""
        if not self._columns["id"]:
            return None
        columns = self._columns
        self._columns = {name: [] for name in FIELDS}
        return pa.RecordBatch.from_pydict(columns, schema=POST_SCHEMA)


def batch_from_rows(rows: Iterable[dict[str, Any]]) -> pa.RecordBatch:
    """Build one batch from dict rows (tests and small inputs; readers use PostBuilder)."""
    builder = PostBuilder(batch_size=1 << 62)
    for row in rows:
        builder.add(**row)
    batch = builder.flush()
    return batch if batch is not None else empty_batch()


def empty_batch() -> pa.RecordBatch:
    """A zero-row batch of POST_SCHEMA."""
    return pa.RecordBatch.from_pylist([], schema=POST_SCHEMA)


def conform(batch: pa.RecordBatch | pa.Table) -> pa.RecordBatch | pa.Table:
    """Reorder/cast a batch or table to POST_SCHEMA, keeping any extra columns at the end."""
    extra = [name for name in batch.schema.names if name not in POST_SCHEMA.names]
    arrays = []
    fields = []
    for field in POST_SCHEMA:
        if field.name in batch.schema.names:
            arrays.append(batch.column(field.name).cast(field.type))
        else:
            arrays.append(pa.nulls(batch.num_rows, field.type))
        fields.append(field)
    for name in extra:
        arrays.append(batch.column(name))
        fields.append(batch.schema.field(name))
    cls = pa.Table if isinstance(batch, pa.Table) else pa.RecordBatch
    return cls.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(batches: Iterable[pa.RecordBatch], path: str | Path, schema: pa.Schema = POST_SCHEMA) -> int:
    """Stream batches into one Parquet file atomically (write to a temp name, then rename). Returns rows."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    rows = 0
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for batch in batches:
            if batch.num_rows:
                writer.write_batch(batch)
                rows += batch.num_rows
    tmp.replace(path)
    return rows


def read_parquet(paths: str | Path | Iterable[str | Path], columns: list[str] | None = None,
                 batch_size: int = 8192) -> Iterator[pa.RecordBatch]:
    """Stream batches from Post Parquet files (a file, a folder of part-*.parquet, or a list)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in paths:
        path = Path(path)
        files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        for file in files:
            yield from pq.ParquetFile(file).iter_batches(batch_size=batch_size, columns=columns)
