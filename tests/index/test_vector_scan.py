"""The int8 scan returns usearch's exact matches: the same keys, distances and order, ties and removed keys
included."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from townsquare.index.vector import VectorIndex
from townsquare.index.vector_scan import VectorScan

DIM = 32


def _vectors(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unit rows around a few directions (so many posts are near a query), with exact copies (equal distances,
    as reposts have) and an empty post's zero row."""
    centres = rng.standard_normal((8, DIM))
    rows = centres[rng.integers(0, 8, n)] + 0.6 * rng.standard_normal((n, DIM))
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    copies = rng.choice(n, n // 5, replace=False)
    rows[copies] = rows[rng.choice(n, n // 5)]
    rows[7] = 0.0
    return rows.astype(np.float32)


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> tuple[str, np.ndarray]:
    rng = np.random.default_rng(17)
    rows = _vectors(rng, 3000)
    path = tmp_path_factory.mktemp("vectors") / "vectors.usearch"
    writer = VectorIndex(path, DIM)
    writer.add(np.arange(1000, 1000 + len(rows)), rows)  # keys are not slots
    writer.remove(range(1000, 1300, 3))  # forgotten posts
    writer.save()
    return str(path), rows


def _queries(rows: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(3)
    noise = rng.standard_normal((20, DIM)).astype(np.float32)
    return np.concatenate([rows[:20] + 0.01 * noise, rows[20:40], noise])  # near a post, a post itself, anywhere


@pytest.mark.parametrize("limit", [1, 10, 150, 5000])
def test_scan_matches_usearch_exact_search(saved, limit):
    path, rows = saved
    view = VectorIndex(path, DIM, read_only=True)
    scan = VectorScan.open(path, view.index, DIM)
    assert scan is not None
    ties = 0
    for query in _queries(rows):
        expected = view.index.search(query, min(limit, len(view)), exact=True, threads=1)
        keys, distances = scan.search(query, min(limit, len(view)))
        assert keys.tolist() == np.asarray(expected.keys).tolist()
        assert distances.tobytes() == np.asarray(expected.distances, dtype=np.float32).tobytes()
        ties += int((np.diff(distances) == 0).sum())
        assert not set(keys.tolist()) & set(range(1000, 1300, 3))
    if limit >= 10:
        assert ties  # the copies were compared: their order is usearch's too


def test_read_only_index_scans_from_its_second_search(saved):
    path, rows = saved
    view = VectorIndex(path, DIM, read_only=True)
    reference = VectorIndex(path, DIM)  # loaded, not viewed: always usearch's own search
    queries = _queries(rows)
    assert view.search(queries[0], 50) == reference.search(queries[0], 50)
    assert view._scan is None
    for query in queries:
        assert view.search(query, 50) == reference.search(query, 50)
    assert isinstance(view._scan, VectorScan)


def test_a_file_it_cannot_read_leaves_the_search_to_usearch(saved, tmp_path):
    path, rows = saved
    view = VectorIndex(path, DIM, read_only=True)
    assert VectorScan.open(path, view.index, DIM + 1) is None  # rows of another width
    damaged = tmp_path / "vectors.usearch"
    damaged.write_bytes(Path(path).read_bytes() + b"\0")  # the nodes no longer end where the file does
    assert VectorScan.open(damaged, view.index, DIM) is None
    assert VectorScan.open(path, VectorIndex(tmp_path / "none.usearch", DIM).index, DIM) is None  # other count
