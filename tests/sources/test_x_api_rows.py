"""X API v2: rows the Post schema cannot hold are quarantined with their line when added, on both paths."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from townsquare.post import POST_SCHEMA
from townsquare.sources import read_file, x_api
from townsquare.sources.base import Quarantine, SourceStats

FMT = "x-api-v2"


def ingest(path: Path, batch_size: int = 8192) -> tuple[list[str], SourceStats, Quarantine]:
    stats, quarantine = SourceStats(str(path), FMT), Quarantine()
    batches = list(read_file(path, fmt=FMT, stats=stats, quarantine=quarantine, batch_size=batch_size))
    assert stats.reconciles, stats
    return pa.Table.from_batches(batches, schema=POST_SCHEMA).column("id").to_pylist(), stats, quarantine


def _tweet(tid: str, **extra) -> dict:
    tweet = {"id": tid, "text": f"post {tid}", "author_id": "10", "created_at": "2021-01-01T00:00:00.000Z"}
    tweet.update(extra)
    return tweet


# Arrow would store both without a word: an empty id, and a date the range check in read_file
# would catch only later, without the line
BAD = [_tweet("", text="empty id"), _tweet("3", created_at="1900-01-01T00:00:00.000Z")]


def _reject_typed(_data):
    raise x_api._Fallback


@pytest.mark.parametrize("path_kind", ["typed", "generic"])
@pytest.mark.parametrize("layout", ["jsonl", "document"])
def test_bad_rows_are_quarantined_with_their_line(tmp_path, monkeypatch, path_kind, layout):
    if path_kind == "generic":
        monkeypatch.setattr(x_api, "_decode_line", _reject_typed)
        monkeypatch.setattr(x_api, "_decode_document", _reject_typed)
    records = [_tweet("1"), *BAD, _tweet("5")]
    path = tmp_path / "tweets.json"
    if layout == "jsonl":
        path.write_text("".join(json.dumps(record) + "\n" for record in records))
    else:
        path.write_text(json.dumps({"data": records}, indent=2))
    ids, stats, quarantine = ingest(path, batch_size=2)
    assert ids == ["1", "5"] and stats.quarantined == 2
    causes = [record.cause for record in quarantine.records]
    assert "id is empty" in causes[0] and causes[1].startswith("post 3: created_at 1900-01-01")
    assert [record.line for record in quarantine.records] == ([2, 3] if layout == "jsonl" else [None, None])


def test_a_count_past_64_bits_costs_its_own_line_not_the_batch(tmp_path):
    records = [_tweet("1"), _tweet("2", public_metrics={"like_count": 1 << 64}), _tweet("3")]
    path = tmp_path / "tweets.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    ids, _, quarantine = ingest(path)
    assert ids == ["1", "3"] and quarantine.records[0].line == 2
    assert quarantine.records[0].cause == "post 2: like_count 18446744073709551616 does not fit a 64-bit integer"
