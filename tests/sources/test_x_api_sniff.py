"""X API v2: a file is one JSON document or JSON Lines whatever its first line looks like, BOM or not."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from townsquare.post import POST_SCHEMA
from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, SourceStats
from townsquare.sources.jsonio import BOM

FMT = "x-api-v2"


def ingest(path: Path) -> tuple[list[str], SourceStats, Quarantine]:
    stats, quarantine = SourceStats(str(path), FMT), Quarantine()
    batches = list(read_file(path, fmt=FMT, stats=stats, quarantine=quarantine))
    assert stats.reconciles, stats
    return pa.Table.from_batches(batches, schema=POST_SCHEMA).column("id").to_pylist(), stats, quarantine


@pytest.fixture
def tweets(fixtures: Path) -> list[dict]:
    """Six flattened tweets (twarc2 flatten)."""
    return [json.loads(line) for line in (fixtures / "x" / "flat.jsonl").read_text().splitlines()]


def _ids(tweets: list[dict]) -> list[str]:
    return [tweet["id"] for tweet in tweets]


def test_array_split_over_lines_is_one_document(tweets, tmp_path):
    path = tmp_path / "arr.json"
    path.write_text("[" + ",\n ".join(json.dumps(tweet) for tweet in tweets[:2]) + "]\n")
    ids, stats, _ = ingest(path)
    assert ids == _ids(tweets[:2]) and stats.quarantined == 0


def test_page_whose_first_line_opens_data_is_one_document(tweets, tmp_path):
    path = tmp_path / "page.json"
    path.write_text('{"data": [\n' + ",\n".join(json.dumps(tweet) for tweet in tweets) + '\n], "meta": {}}\n')
    ids, stats, _ = ingest(path)
    assert ids == _ids(tweets) and stats.quarantined == 0


@pytest.mark.parametrize("layout", ["jsonl", "one line", "pretty"])
def test_a_leading_bom_is_ignored(tweets, tmp_path, layout):
    if layout == "jsonl":
        body = "".join(json.dumps(tweet) + "\n" for tweet in tweets)
    elif layout == "one line":
        body = json.dumps({"data": tweets})
    else:
        body = json.dumps({"data": tweets}, indent=2)
    path = tmp_path / "bom.jsonl"
    path.write_bytes(BOM + body.encode())
    ids, stats, _ = ingest(path)
    assert ids == _ids(tweets) and stats.quarantined == 0


def test_offsets_after_a_bom_count_its_bytes(tweets, tmp_path):
    first = json.dumps(tweets[0]).encode() + b"\n"
    path = tmp_path / "bom.jsonl"
    path.write_bytes(BOM + first + b'{"id": "9", "text": \n' + json.dumps(tweets[1]).encode() + b"\n")
    ids, stats, quarantine = ingest(path)
    assert ids == _ids(tweets[:2]) and stats.quarantined == 1
    assert (quarantine.records[0].line, quarantine.records[0].offset) == (2, len(BOM) + len(first))
