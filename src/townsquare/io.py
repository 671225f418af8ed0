"""Writing files so that a crash never leaves half of one: the one place for atomic writes and markers.

Every output of townsquare (corpus parts, stats, markers, manifests, token
shards, index files, checkpoints, release folders) appears under its final name
only once it is complete: it is written under a temporary name beside it
(``.NAME.tmp``, so a crash leaves only dot-files that the next run overwrites),
then renamed into place. A reader therefore sees the old file or the new one,
never a torn one.

Fsync policy (one rule, here): a file is flushed to disk before it is renamed,
and its folder after, so a power cut after a completion marker never leaves a
marker pointing at data that was still in the page cache. Set
``TOWNSQUARE_FSYNC=0`` to skip both (a scratch disk, a benchmark of something
else): atomicity against crashes of the process stays, durability against
power loss goes.

Completion markers follow datatrove's executor: each finished unit of work
writes a small JSON last (:func:`write_marker`); a rerun that finds a marker
with the same fingerprint skips the work (:func:`read_marker`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_ROWS = 65_536
"""Rows per Parquet row group written by :class:`AtomicParquetWriter` (bytes depend on rows only)."""


def fsync_enabled() -> bool:
    """Whether files and folders are flushed to disk before and after a rename (``TOWNSQUARE_FSYNC``)."""
    return os.environ.get("TOWNSQUARE_FSYNC", "1") != "0"


def tmp_path(path: str | Path) -> Path:
    """The temporary name an output is written under before it is renamed into place."""
    path = Path(path)
    return path.with_name(f".{path.name}.tmp")


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # a platform without directory file descriptors
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def commit(tmp: Path, path: Path) -> None:
    """Rename a finished temporary file or folder into place (replacing what was there), durably."""
    durable = fsync_enabled()
    if durable and tmp.is_file():
        _fsync_file(tmp)
    if tmp.is_dir() and path.exists():  # a folder cannot replace a non-empty folder in one rename
        _remove(path)
    os.replace(tmp, path)
    if durable:
        _fsync_dir(path.parent)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield the temporary name to write ``path`` under; rename it into place when the block succeeds.

    On an error (or a kill signal turned into an exception) the temporary file or
    folder is removed and ``path`` keeps its previous content::

        with atomic_path(out / "model.pt") as tmp:
            torch.save(state, tmp)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path(path)
    _remove(tmp)  # what a killed earlier run left
    try:
        yield tmp
        commit(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write bytes under a temporary name, then rename them into place."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write a UTF-8 text file under a temporary name, then rename it into place."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json_atomic(path: str | Path, data: Any, *, indent: int | None = 2) -> None:
    """Write JSON (sorted keys, UTF-8, trailing newline) atomically."""
    text = json.dumps(data, indent=indent, sort_keys=True, ensure_ascii=False, default=str)
    write_text_atomic(path, text + "\n")


def write_with(path: str | Path, save: Callable[[Path], Any]) -> None:
    """Let a library's own writer (``torch.save``, ``tokenizer.save``...) write ``path`` atomically."""
    with atomic_path(path) as tmp:
        save(tmp)


def read_json(path: str | Path) -> Any | None:
    """A JSON file's content, or None when it is missing or unreadable."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_marker(path: str | Path, data: dict[str, Any]) -> None:
    """Write a completion marker: the last file a finished unit of work writes."""
    write_json_atomic(path, data)


def read_marker(path: str | Path) -> dict[str, Any] | None:
    """A completion marker's content, or None if it is missing or unreadable (then the work is redone)."""
    data = read_json(path)
    return data if isinstance(data, dict) else None


class AtomicParquetWriter:
    """A Parquet file that appears under its final name only when ``commit`` succeeds.

    Batches are regrouped into fixed-size row groups so the bytes depend only on
    the rows, not on how the upstream stages happened to batch them.
    """

    def __init__(self, path: str | Path, schema: pa.Schema) -> None:
        self.path = Path(path)
        self.schema = schema
        self.rows = 0
        self._pending: list[pa.RecordBatch] = []
        self._pending_rows = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer: pq.ParquetWriter | None = pq.ParquetWriter(tmp_path(self.path), schema, compression="zstd")

    def write(self, batch: pa.RecordBatch | pa.Table) -> None:
        if batch.num_rows == 0:
            return
        if self._writer is None:
            raise ValueError(f"{self.path}: write after close")
        if isinstance(batch, pa.Table):
            self._pending.extend(batch.to_batches())
        else:
            self._pending.append(batch)
        self._pending_rows += batch.num_rows
        self.rows += batch.num_rows
        while self._pending_rows >= ROW_GROUP_ROWS:
            table = pa.Table.from_batches(self._pending, schema=self.schema)
            self._writer.write_table(table.slice(0, ROW_GROUP_ROWS), row_group_size=ROW_GROUP_ROWS)
            rest = table.slice(ROW_GROUP_ROWS)
            self._pending = rest.to_batches()
            self._pending_rows = rest.num_rows

    def close(self) -> None:
        """Flush and close the temporary file (it is not yet visible)."""
        if self._writer is None:
            return
        if self._pending_rows:
            table = pa.Table.from_batches(self._pending, schema=self.schema)
            self._writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
        self._pending, self._pending_rows = [], 0
        self._writer.close()
        self._writer = None

    def commit(self) -> int:
        """Close and rename into place; returns the rows written."""
        self.close()
        commit(tmp_path(self.path), self.path)
        return self.rows

    def abort(self) -> None:
        """Close and remove the temporary file (the final name is untouched)."""
        try:
            if self._writer is not None:
                self._writer.close()
        except Exception:  # closing a broken writer (e.g. disk full) may fail again; the file goes anyway
            pass
        self._writer = None
        tmp_path(self.path).unlink(missing_ok=True)


def drop_rows(part: str | Path, schema: pa.Schema, ids: pa.Array, column: str = "id") -> int:
    """Rewrite a Parquet part atomically without the rows whose ``column`` is in ``ids``; returns rows removed.

    A part that holds none of them is not touched (0)."""
    import pyarrow.compute as pc

    part = Path(part)
    present = pq.read_table(part, columns=[column]).column(column)
    if not pc.any(pc.fill_null(pc.is_in(present, value_set=ids), False)).as_py():
        return 0
    writer = AtomicParquetWriter(part, schema)
    removed = 0
    try:
        for batch in pq.ParquetFile(part).iter_batches(batch_size=8192):
            hit = pc.fill_null(pc.is_in(batch.column(column), value_set=ids), False)
            removed += pc.sum(hit).as_py() or 0
            writer.write(batch.filter(pc.invert(hit)))
    except BaseException:
        writer.abort()
        raise
    writer.commit()
    return removed
