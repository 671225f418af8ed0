"""Post Parquet (as ``townsquare ingest`` writes it) -> Post batches (FORMAT ``parquet``).

Batches are conformed to POST_SCHEMA: columns are reordered and cast, missing
optional columns become null, extra columns are dropped. Rows that break the
schema's promises (no ``id`` or ``platform``, a ``visibility`` outside
VISIBILITIES) are quarantined by row number; a null ``deleted`` reads as
False. A file that is not readable Parquet, or whose columns cannot be cast,
is quarantined as a whole (one record per row when the row count is known);
named on the command line, one that is not readable Parquet is an error
(``check``) before anything is written.
The consent events ``ingest`` stored in the file's footer are reported again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from townsquare.errors import InputError
from townsquare.post import EVENTS_METADATA_KEY, POST_SCHEMA, VISIBILITIES, conform, decode_events
from townsquare.sources.base import ReadContext

FORMAT = "parquet"


def sniff(path: Path, head: bytes) -> bool:
    """Parquet's magic bytes."""
    return head[:4] == b"PAR1"


def check(path: Path, ctx: ReadContext) -> None:
    """A file whose Parquet footer does not parse cannot be read at all: InputError (it reads the footer only)."""
    try:
        pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        cause = " ".join(str(exc).split())[:200]  # Arrow's messages may span lines: the error is one
        raise InputError(f"{path}: not a readable Parquet file: {cause}") from exc


def _valid_mask(batch: pa.RecordBatch) -> pa.Array:
    ok = pc.and_(pc.is_valid(batch.column("id")), pc.is_valid(batch.column("platform")))
    visible = pc.is_in(batch.column("visibility"), value_set=pa.array(VISIBILITIES))
    return pc.fill_null(pc.and_(ok, visible), False)


def _clean(batch: pa.RecordBatch, start_row: int, ctx: ReadContext) -> pa.RecordBatch:
    """Conform one batch and quarantine the rows that break the schema."""
    batch = conform(batch).select(POST_SCHEMA.names)
    deleted = pc.fill_null(batch.column("deleted"), False)
    batch = batch.set_column(POST_SCHEMA.get_field_index("deleted"), "deleted", deleted)
    mask = _valid_mask(batch)
    if pc.all(mask).as_py() is not False:
        return pa.RecordBatch.from_arrays(batch.columns, schema=POST_SCHEMA)
    for row in pc.indices_nonzero(pc.invert(mask)).to_pylist():
        ctx.quarantine("row without id or platform, or with an unknown visibility", line=start_row + row + 1)
    kept = batch.filter(mask)
    return pa.RecordBatch.from_arrays(kept.columns, schema=POST_SCHEMA)


def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]:
    """Stream Post batches from a Parquet file."""
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        ctx.stats.read += 1
        ctx.quarantine(f"not a readable Parquet file: {str(exc)[:200]}", offset=0)
        return
    rows = parquet.metadata.num_rows
    footer = parquet.metadata.metadata or {}
    carried = footer.get(EVENTS_METADATA_KEY.encode())
    if carried is not None:  # consent events the file's source held (``ingest`` keeps them here)
        try:
            ctx.events.extend(decode_events(carried))
        except ValueError as exc:
            ctx.stats.read += 1
            ctx.quarantine(f"unreadable consent events in the file's footer: {str(exc)[:200]}", offset=0)
    start = 0
    try:
        for batch in parquet.iter_batches(batch_size=ctx.batch_size):
            ctx.stats.read += batch.num_rows
            try:
                cleaned = _clean(batch, start, ctx)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
                for row in range(batch.num_rows):
                    ctx.quarantine(f"columns do not fit the Post schema: {str(exc)[:200]}", line=start + row + 1)
                cleaned = None
            start += batch.num_rows
            if cleaned is not None and cleaned.num_rows:
                yield cleaned
    except (pa.ArrowException, OSError) as exc:  # a corrupt page or truncated file mid-way
        lost = max(rows - start, 1)
        ctx.stats.read += lost
        for row in range(lost):
            ctx.quarantine(f"unreadable Parquet data: {str(exc)[:200]}", line=start + row + 1)
