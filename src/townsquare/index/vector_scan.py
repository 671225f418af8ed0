"""Exact nearest neighbours of a read-only ``vectors.usearch``: usearch's exact search, in well under half its time.

usearch's exact search reads every stored vector for each query (160k posts x 384 float16: 123 MB) and is
bound by memory bandwidth: about 17 ms a question on one core, the assistant's dearest step after the reader
(2.6 times the scan's time, side by side on 600 searches of the 160k-post TweetQA index). ``VectorScan``
reads an int8 copy of the vectors instead (half the bytes) and keeps, for each post, how far the int8 row may
be from the unit vector it stands for. With the query quantised the same way, Cauchy-Schwarz bounds every
post's cosine to an interval around its int8 estimate; a post can be among the ``limit`` nearest only if its
upper bound reaches the ``limit``-th largest lower bound. Those candidates (about 500 for 150 wanted at 160k
posts) get their distance from the float16 rows themselves, with the numkong kernel usearch is built on, so
distances are usearch's to the bit, and equal distances are ordered as usearch's exact search orders them
(its sorted buffer puts a later slot before an earlier one). The matches, ids, order and distances, are
usearch's own.

Reading the rows needs the slot each key sits in, which usearch's Python API does not give: it is read from
the file (usearch 2's ``save`` layout: the vector rows, a 64-byte header, the graph with each node's key).
Every step checks what it reads; a file that does not match, or a first query whose matches differ from
usearch's, leaves the searching to usearch. The int8 copy is held in memory (a byte per dimension and post:
61 MB at 160k posts) and built in about a second, so ``VectorIndex`` builds it only for a second search.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

_FREE_KEY = np.iinfo(np.uint64).max  # the key usearch gives a removed entry's slot
_SLACK = 1e-3  # room for usearch's float32 arithmetic around the exact cosine (measured: under 1e-6)
_CHUNK = 2048  # rows quantised at a time: the working copies stay in cache

log = logging.getLogger(__name__)


class VectorScan:
    """Exact ``limit`` nearest neighbours of a cosine float16 usearch index, as ``Index.search(exact=True)``."""

    def __init__(self, keys: np.ndarray, rows: np.ndarray) -> None:
        import numkong

        self._numkong = numkong
        self.keys = keys  # (N,) uint64, the key of each slot (_FREE_KEY: removed)
        self.rows = rows  # (N, dim) float16, memory-mapped
        self.present = keys != _FREE_KEY
        self.count = int(self.present.sum())
        n, dim = rows.shape
        self.codes = np.empty((n, dim), dtype=np.int8)  # each unit row / its scale, rounded
        self.scale = np.empty(n, dtype=np.float32)
        self.error = np.empty(n, dtype=np.float32)  # |unit row - scale * codes|
        self.norm = np.empty(n, dtype=np.float32)  # |scale * codes|
        for start in range(0, n, _CHUNK):
            part = slice(start, start + _CHUNK)
            unit = np.asarray(numkong.astype(np.ascontiguousarray(rows[part]), "float32"))
            length = np.sqrt(np.einsum("ij,ij->i", unit, unit))
            np.divide(unit, length[:, None], out=unit, where=length[:, None] > 0)
            top = np.maximum(unit.max(axis=1), -unit.min(axis=1))
            scale = np.where(top > 0, top / 127, 1).astype(np.float32)
            codes = np.rint(unit / scale[:, None])
            self.codes[part] = codes
            codes *= scale[:, None]
            self.scale[part] = scale
            self.norm[part] = np.sqrt(np.einsum("ij,ij->i", codes, codes))
            unit -= codes
            self.error[part] = np.sqrt(np.einsum("ij,ij->i", unit, unit))

    @classmethod
    def open(cls, path: str | Path, index: Any, dim: int) -> VectorScan | None:
        """The scan of the float16 cosine usearch file at ``path`` (``index``: usearch's view of it), or None
        where the file is not laid out as this reads it."""
        try:
            import numkong  # noqa: F401 - usearch's own kernels; an older usearch came without them
        except ImportError:
            return None
        try:
            keys, rows = _slots(Path(path), dim)
        except (ValueError, OSError) as exc:
            log.debug("no int8 scan of %s: %s", path, exc)
            return None
        present = keys[keys != _FREE_KEY]
        if len(present) != len(index) or len(np.unique(present)) != len(present):
            return None
        # a sample of slots read back through usearch: the keys are where this read them
        sample = np.flatnonzero(keys != _FREE_KEY)[:: max(1, len(present) // 64)]
        stored = np.stack(index.get(keys[sample], dtype=np.float16)).view(np.uint16)
        if not np.array_equal(stored, np.asarray(rows[sample]).view(np.uint16)):
            return None
        return cls(keys, rows)

    def search(self, vector: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray] | None:
        """``(keys, distances)`` of the ``limit`` nearest posts, nearest first, as usearch's exact search gives
        them; None for a query with no direction (usearch's order over all-equal distances is its own)."""
        nk = self._numkong
        query = np.asarray(vector, dtype=np.float32).astype(np.float16)  # what usearch compares (same rounding)
        unit = query.astype(np.float32)
        length = float(np.linalg.norm(unit))
        if not np.isfinite(length) or length == 0:
            return None
        unit /= length
        query_scale = float(np.abs(unit).max()) / 127
        codes = np.rint(unit / query_scale)
        query_error = float(np.linalg.norm(unit - codes * query_scale))
        dots = np.asarray(nk.cdist(codes.astype(np.int8)[None, :], self.codes, metric="dot"), dtype=np.float32)[0]
        estimate = dots * (self.scale * query_scale)  # the int8 rows' cosine
        # |cosine - estimate| <= |unit - q| + |q| * |row error| (q: the quantised query, |unit| = 1), per row
        margin = self.error + query_error * self.norm + _SLACK
        lower = np.where(self.present, estimate - margin, -np.inf)
        limit = min(limit, self.count)
        floor = np.partition(lower, len(lower) - limit)[len(lower) - limit]
        candidates = np.flatnonzero((estimate + margin >= floor) & self.present)
        rows = np.asarray(self.rows[candidates])
        distances = np.asarray(nk.cdist(query[None, :], rows, metric="angular"), dtype=np.float32)[0]
        # nearest first; of equal distances the later slot first, as usearch's exact search inserts them
        order = np.lexsort((-candidates.astype(np.int64), distances))[:limit]
        return self.keys[candidates[order]], distances[order]


def _slots(path: Path, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """``(key of each slot, float16 rows)`` of a usearch 2 file: ``rows, bytes per row`` (uint32 each), the rows,
    a 64-byte header, then the graph: its header, each node's level, each node (key first)."""
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    if len(raw) < 8:
        raise ValueError("too short")
    n, width = (int(x) for x in raw[:8].view(np.uint32))
    if not n:
        raise ValueError("no rows")
    if width != 2 * dim:
        raise ValueError(f"{width} bytes a row, not {dim} float16 values")
    at = 8 + n * width
    head = bytes(raw[at : at + 64])
    if not head.startswith(b"usearch") or len(head) < 42:
        raise ValueError("no usearch header after the rows")
    present, deleted, dimensions = (int(x) for x in np.frombuffer(head[17:41], dtype=np.uint64))
    if present + deleted != n or dimensions != dim or head[41]:
        raise ValueError("the header does not describe these rows")
    at += 64
    size, connectivity, connectivity_base, _, _ = (int(x) for x in raw[at : at + 40].view(np.uint64))
    if size != n:
        raise ValueError(f"a graph of {size} nodes for {n} rows")
    at += 40
    levels = raw[at : at + 2 * n].view(np.int16).astype(np.int64)
    at += 2 * n
    # a node: key (8 bytes), level (2), then per level a count (4) and its neighbours' slots (4 each)
    sizes = 10 + (4 + 4 * connectivity_base) + levels * (4 + 4 * connectivity)
    starts = at + np.concatenate(([0], np.cumsum(sizes)[:-1]))
    if starts[-1] + sizes[-1] != len(raw):
        raise ValueError("the nodes do not end where the file does")
    keys = raw[starts[:, None] + np.arange(8)[None, :]].view(np.uint64).reshape(n)
    rows = np.memmap(path, dtype=np.float16, mode="r", offset=8, shape=(n, dim))
    return keys, rows
