"""townsquare.io: an output appears whole under its final name, or the previous one stays."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from townsquare.io import AtomicParquetWriter, atomic_path, drop_rows, read_marker, write_json_atomic
from townsquare.io import tmp_path as temporary_name


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "stats.json"
    write_json_atomic(target, {"kept": 1})
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("{half")
        raise RuntimeError("killed mid-write")
    assert json.loads(target.read_text()) == {"kept": 1}
    assert not temporary_name(target).exists()


def test_a_folder_replaces_a_folder_whole(tmp_path):
    target = tmp_path / "model"
    with atomic_path(target) as tmp:
        tmp.mkdir()
        (tmp / "a.txt").write_text("old")
    with atomic_path(target) as tmp:
        tmp.mkdir()
        (tmp / "b.txt").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["b.txt"]


@pytest.mark.parametrize("fsync", ["1", "0"])
def test_markers_round_trip_with_and_without_fsync(tmp_path, monkeypatch, fsync):
    monkeypatch.setenv("TOWNSQUARE_FSYNC", fsync)
    write_json_atomic(tmp_path / "m.json", {"fingerprint": "ab", "rows": 3})
    assert read_marker(tmp_path / "m.json") == {"fingerprint": "ab", "rows": 3}
    (tmp_path / "torn.json").write_text('{"fingerprint": ')
    assert read_marker(tmp_path / "torn.json") is None and read_marker(tmp_path / "none.json") is None


def test_parquet_writer_commits_or_aborts(tmp_path):
    schema = pa.schema([pa.field("id", pa.string())])
    writer = AtomicParquetWriter(tmp_path / "p.parquet", schema)
    writer.write(pa.table({"id": ["1", "2", "3"]}))
    assert not (tmp_path / "p.parquet").exists()  # invisible until committed
    assert writer.commit() == 3
    assert drop_rows(tmp_path / "p.parquet", schema, pa.array(["2"])) == 1
    assert drop_rows(tmp_path / "p.parquet", schema, pa.array(["9"])) == 0
    aborted = AtomicParquetWriter(tmp_path / "q.parquet", schema)
    aborted.write(pa.table({"id": ["1"]}))
    aborted.abort()
    assert not (tmp_path / "q.parquet").exists() and not temporary_name(tmp_path / "q.parquet").exists()
    assert pq.read_table(tmp_path / "p.parquet").column("id").to_pylist() == ["1", "3"]
