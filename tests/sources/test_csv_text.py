"""CSV (with column maps), plain text and Post Parquet readers."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from townsquare.errors import ConfigError
from townsquare.post import POST_SCHEMA, batch_from_rows
from townsquare.sources import detect_format, read_file
from townsquare.sources.base import Quarantine, SourceStats
from townsquare.sources.csv_posts import parse_time, row_id


def read_all(path, fmt=None, options=None):
    stats, quarantine = SourceStats(str(path), ""), Quarantine()
    rows = [row for batch in read_file(path, fmt, quarantine, options=options, stats=stats)
            for row in batch.to_pylist()]
    return rows, stats, quarantine


def test_airline_fixture_guessed_columns(fixtures):
    path = fixtures / "csv" / "airline_sample.csv"
    assert detect_format(path) == "csv"
    rows, stats, _ = read_all(path)
    assert (stats.read, stats.posts, stats.public, stats.quarantined) == (31, 31, 31, 0)
    first = rows[0]
    assert first["text"] == "@VirginAmerica What @dhepburn said."
    assert first["author_handle"] == "cairdin"
    assert first["created_at"] == datetime(2015, 2, 24, 11, 35, tzinfo=UTC)
    assert first["mentions"] == ["VirginAmerica", "dhepburn"]
    assert first["platform"] == "csv" and first["repost_count"] == 0
    # tweet_id is damaged into scientific notation: ids come from the row hash instead
    assert first["id"].startswith("csv-") and len(first["id"]) == 20
    # the fixture ends with one row twice: same content, same id
    assert rows[-1]["id"] == rows[-2]["id"] and len({r["id"] for r in rows}) == 30


def test_explicit_map_with_aliases(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("pid,body,who,when,extra\n17,hello #world,ann,2024-05-01T10:00:00+02:00,x\n")
    options = {"map": {"id": "pid", "text": "body", "author": "who", "created_at": "when"}}
    rows, _, _ = read_all(path, options=options)
    assert rows[0]["id"] == "17" and rows[0]["author_handle"] == "ann" and rows[0]["hashtags"] == ["world"]
    assert rows[0]["created_at"] == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def test_map_errors_are_one_line(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ConfigError, match="no text column"):
        read_all(path)
    with pytest.raises(ConfigError, match="no column 'zzz'"):
        read_all(path, options={"map": {"text": "zzz"}})
    with pytest.raises(ConfigError, match="not a Post field"):
        read_all(path, options={"map": {"body": "a"}})


def test_bad_rows_quarantined_with_line(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_bytes(b"text,visibility\nfine,public\n,public\nsecret,followers\nodd,sideways\n"
                     b"caf\xe9,public\n")
    rows, stats, quarantine = read_all(path)
    assert [(r["text"], r["visibility"]) for r in rows] == [("fine", "public"), ("secret", "followers")]
    assert [(q.line, q.cause) for q in quarantine.records] == [
        (3, "row without text"), (5, "unknown visibility 'sideways'"), (6, "row is not valid UTF-8")]
    assert stats.read == stats.posts + stats.quarantined == 5


def test_parse_time_layouts():
    utc = UTC
    assert parse_time("24-02-2015 11.35") == datetime(2015, 2, 24, 11, 35, tzinfo=utc)
    assert parse_time("2015-02-24 11:35:52 -0800") == datetime(2015, 2, 24, 19, 35, 52, tzinfo=utc)
    assert parse_time("Tue Feb 24 11:35:52 +0000 2015") == datetime(2015, 2, 24, 11, 35, 52, tzinfo=utc)
    assert parse_time("1424777752") == datetime(2015, 2, 24, 11, 35, 52, tzinfo=utc)
    assert parse_time("yesterday") is None


def test_row_id_is_stable_and_content_based():
    assert row_id(["a", "b"]) == row_id(["a", "b"]) != row_id(["a", "c"])


def test_airline_full_sample(shared_data):
    """14,640 rows; all tweet_ids damaged (2,434 distinct values). Checked with the csv module:
    14,604 distinct full rows, so 14,604 distinct derived ids."""
    path = shared_data / "csv" / "us_airline_tweets.csv"
    rows, stats, _ = read_all(path, options={"map": {"text": "text", "author": "name",
                                                     "created_at": "tweet_created", "id": "tweet_id"}})
    assert (stats.read, stats.posts, stats.public, stats.quarantined) == (14640, 14640, 14640, 0)
    assert len({r["id"] for r in rows}) == 14604
    with open(path, encoding="utf-8", newline="") as fh:
        names = [r["name"] for r in csv.DictReader(fh)]
    assert [r["author_handle"] for r in rows] == names
    assert all(r["created_at"] is not None for r in rows)


def test_text_lines(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"first post #one @ann https://e.org/x.\n\n  \nsecond\xff line\nthird\n")
    assert detect_format(path) == "text"
    rows, stats, quarantine = read_all(path)
    assert [r["text"] for r in rows] == ["first post #one @ann https://e.org/x.", "third"]
    assert rows[0]["hashtags"] == ["one"] and rows[0]["mentions"] == ["ann"] and rows[0]["urls"] == ["https://e.org/x"]
    assert rows[0]["id"].startswith("notes-1-") and rows[1]["id"].startswith("notes-5-")
    assert {r["platform"] for r in rows} == {"text"}
    assert (stats.read, stats.skipped, stats.quarantined) == (3, 2, 1) and quarantine.records[0].line == 4
    again, _, _ = read_all(path)
    assert [r["id"] for r in again] == [r["id"] for r in rows]


def test_parquet_roundtrip_and_conform(tmp_path):
    batch = batch_from_rows([{"id": "1", "platform": "x", "text": "a", "visibility": "public"},
                             {"id": "2", "platform": "x", "text": "b", "visibility": "direct", "deleted": True}])
    pq.write_table(pa.Table.from_batches([batch]), tmp_path / "posts.parquet")
    assert detect_format(tmp_path / "posts.parquet") == "parquet"
    rows, stats, _ = read_all(tmp_path / "posts.parquet")
    assert [r["id"] for r in rows] == ["1", "2"] and (stats.public, stats.deleted) == (1, 1)
    # a foreign table: extra column dropped, missing columns null, broken rows quarantined
    table = pa.table({"text": ["x", "y", "z"], "id": ["a", None, "c"], "platform": ["p"] * 3,
                      "visibility": ["public", "public", "everyone"], "deleted": [None, False, False],
                      "score": [1, 2, 3]})
    pq.write_table(table, tmp_path / "foreign.parquet")
    stats = SourceStats("f", "")
    batches = list(read_file(tmp_path / "foreign.parquet", stats=stats))
    assert all(b.schema.equals(POST_SCHEMA) for b in batches)
    assert [r["id"] for b in batches for r in b.to_pylist()] == ["a"]
    assert (stats.read, stats.quarantined) == (3, 2)
