"""A damaged Bluesky .car loses only what is damaged: the posts in intact blocks are still read."""

from __future__ import annotations

import pytest

from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, SourceStats
from townsquare.sources.bluesky_car import _varint


def read(path):
    stats, quarantine = SourceStats(str(path), "bluesky-car"), Quarantine()
    ids = [
        i for batch in read_file(path, "bluesky-car", quarantine, stats=stats) for i in batch.column("id").to_pylist()
    ]
    assert stats.read == stats.posts + stats.quarantined == len(ids) + quarantine.count
    return ids, [record.cause for record in quarantine.records]


def block_frames(data: bytes) -> list[tuple[int, int, int]]:
    """(frame start, content start, content length) of every block after the header."""
    size, pos = _varint(data, 0)
    pos += size
    frames = []
    while pos < len(data):
        size, start = _varint(data, pos)
        frames.append((pos, start, size))
        pos = start + size
    return frames


@pytest.fixture
def car(fixtures):
    return (fixtures / "bluesky" / "repo.car").read_bytes()


def test_one_corrupt_record_block_costs_only_that_block(tmp_path, car):
    (tmp_path / "ok.car").write_bytes(car)
    intact, _ = read(tmp_path / "ok.car")
    assert len(intact) == 6
    lost_any = False
    for frame, start, _size in block_frames(car):
        damaged = bytearray(car)
        damaged[start + 36] = 0xFF  # the first byte after the 36-byte CID: not valid DAG-CBOR
        path = tmp_path / f"bad-{frame}.car"
        path.write_bytes(bytes(damaged))
        ids, causes = read(path)
        assert set(ids) <= set(intact)
        assert any(f"block at byte {frame} does not decode" in c for c in causes)
        if len(ids) == len(intact) - 1:
            lost_any = True  # a post's own block: that post is quarantined, the others are read
            assert any("missing from the CAR" in c for c in causes)
    assert lost_any


def test_truncated_car_keeps_the_posts_before_the_cut(tmp_path, car):
    path = tmp_path / "cut.car"
    path.write_bytes(car[: len(car) * 2 // 3])
    ids, causes = read(path)
    assert 0 < len(ids) < 6
    assert any("truncated or corrupt at byte" in c for c in causes)


def test_garbage_header_is_one_quarantined_record(tmp_path):
    path = tmp_path / "junk.car"
    path.write_bytes(b"\x05\xff\xff\xff\xff\xff" + b"x" * 100)
    ids, causes = read(path)
    assert ids == [] and len(causes) == 1 and causes[0].startswith("not a readable CAR file")
