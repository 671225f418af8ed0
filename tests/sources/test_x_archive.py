"""X account archive reader: part files, folders, zips, missing parts, edits, deletions."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townsquare.post import POST_SCHEMA
from townsquare.sources import detect_format, read_file
from townsquare.sources.base import Quarantine, SourceStats

FMT = "x-archive"
OWNER_ID = "1964312974236991488"


def ingest(path: Path, fmt: str | None = FMT) -> tuple[list[dict], SourceStats, Quarantine]:
    """Read one archive fully; returns the rows, the counters and the quarantine."""
    stats, quarantine = SourceStats(str(path), fmt or "?"), Quarantine()
    batches = list(read_file(path, fmt=fmt, stats=stats, quarantine=quarantine))
    for batch in batches:
        assert batch.schema == POST_SCHEMA
    rows = pa.Table.from_batches(batches, schema=POST_SCHEMA).to_pylist()
    assert stats.reconciles, stats
    return rows, stats, quarantine


@pytest.fixture
def archive(fixtures: Path, tmp_path: Path) -> Path:
    """A writable copy of tests/data/x/archive (30 tweets of milahu104 in two parts + account.js)."""
    root = tmp_path / "archive"
    shutil.copytree(fixtures / "x" / "archive", root)
    return root


def _part(path: Path, global_name: str, tweets: list[dict]) -> None:
    path.write_text(f"window.YTD.{global_name} = " + json.dumps(tweets, indent=2), encoding="utf-8")


def _tweet(tweet_id: str, text: str, edit_ids: list[str] | None = None) -> dict:
    return {
        "tweet": {
            "id_str": tweet_id,
            "id": tweet_id,
            "full_text": text,
            "lang": "en",
            "created_at": "Fri Mar 06 13:02:05 +0000 2026",
            "favorite_count": "3",
            "retweet_count": "1",
            "entities": {"hashtags": [{"text": "tag"}]},
            "edit_info": {"initial": {"editTweetIds": edit_ids or [tweet_id]}},
        }
    }


def _zip(folder: Path, out: Path, wrapper: str = "") -> Path:
    with zipfile.ZipFile(out, "w") as zf:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                zf.write(file, wrapper + file.relative_to(folder).as_posix())
    return out


# --------------------------------------------------------------------------- shapes


def test_folder_reads_all_parts_with_owner_from_account_js(archive):
    assert detect_format(archive) == FMT
    rows, stats, _ = ingest(archive)
    assert stats.posts == 30 and stats.public == 30 and stats.quarantined == 0
    assert len({row["id"] for row in rows}) == 30
    first = rows[0]
    assert first["id"] == "2029905358261502168" and first["author_handle"] == "milahu104"
    assert first["author_id"] == OWNER_ID
    assert first["uri"] == "https://x.com/milahu104/status/2029905358261502168"
    assert first["created_at"] == datetime(2026, 3, 6, 13, 2, 5, tzinfo=UTC)
    assert first["reply_to"] == "2029903943413772741" and first["mentions"] == ["SamaHoole"]
    assert first["like_count"] == 0 and first["lang"] == "qme"
    photos = [row for row in rows if row["media"]]
    assert photos and photos[0]["media"][0]["kind"] == "photo"


def test_single_part_file_uses_its_siblings_for_the_owner(archive):
    path = archive / "data" / "tweets.js"
    assert detect_format(path) == FMT
    rows, stats, _ = ingest(path)
    assert stats.posts == 20 and rows[0]["author_handle"] == "milahu104"


@pytest.mark.parametrize("wrapper", ["", "twitter-2026-03-07-abc/"])
def test_zip_of_the_archive(archive, tmp_path, wrapper):
    path = _zip(archive, tmp_path / "twitter.zip", wrapper)
    assert detect_format(path) == FMT
    rows, stats, _ = ingest(path)
    assert stats.posts == 30 and rows[0]["author_handle"] == "milahu104"


def test_owner_from_readme_when_no_account_js(archive):
    (archive / "data" / "account.js").unlink()
    rows, _, _ = ingest(archive)
    assert rows[0]["uri"] == "https://x.com/i/status/2029905358261502168" and rows[0]["author_handle"] is None
    (archive / "README.txt").write_text(
        "INTRODUCTION\n- @username at the time the archive was generated: someone\n- Account ID: 42\n"
    )
    rows, _, _ = ingest(archive)
    assert rows[0]["author_handle"] == "someone" and rows[0]["author_id"] == "42"


def test_protected_account_makes_every_tweet_protected(archive):
    history = [
        {"protectedHistory": {"protectedAt": "2025-01-01T00:00:00.000Z", "action": "Unprotect"}},
        {"protectedHistory": {"protectedAt": "2026-01-01T00:00:00.000Z", "action": "Protect"}},
    ]
    _part(archive / "data" / "protected-history.js", "protected_history.part0", history)
    rows, stats, _ = ingest(archive)
    assert {row["visibility"] for row in rows} == {"protected"} and stats.non_public == 30


def test_only_the_latest_edit_is_a_post(tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    versions = ["100", "101", "102"]
    _part(folder / "tweets.js", "tweets.part0", [_tweet(v, f"version {v}", versions) for v in versions])
    rows, stats, _ = ingest(folder)
    assert [(row["id"], row["text"]) for row in rows] == [("102", "version 102")]
    assert stats.skipped == 2 and rows[0]["hashtags"] == ["tag"] and rows[0]["like_count"] == 3


def test_deleted_tweets_become_tombstones(archive):
    _part(archive / "data" / "deleted-tweets.js", "deleted_tweets.part0", [_tweet("555", "gone")])
    rows, stats, _ = ingest(archive)
    (tomb,) = [row for row in rows if row["deleted"]]
    assert tomb["id"] == "555" and tomb["text"] is None and tomb["author_id"] == OWNER_ID
    assert stats.deleted == 1 and stats.posts == 31


# --------------------------------------------------------------------------- missing and broken parts


def test_part_listed_in_manifest_but_missing(archive):
    manifest = {
        "dataTypes": {
            "tweets": {
                "files": [
                    {"fileName": "data/tweets.js", "globalName": "YTD.tweets.part0", "count": "20"},
                    {"fileName": "data/tweets-part1.js", "globalName": "YTD.tweets.part1", "count": "10"},
                    {"fileName": "data/tweets-part2.js", "globalName": "YTD.tweets.part2", "count": "7"},
                ]
            }
        }
    }
    (archive / "data" / "manifest.js").write_text("window.__THAR_CONFIG = " + json.dumps(manifest))
    rows, stats, quarantine = ingest(archive)
    assert stats.posts == 30 and stats.quarantined == 1
    assert "tweets-part2.js is missing" in quarantine.records[0].cause


def test_gap_in_part_numbers_is_a_missing_part(archive, tmp_path):
    (archive / "data" / "tweets-part1.js").rename(archive / "data" / "tweets-part2.js")
    rows, stats, quarantine = ingest(_zip(archive, tmp_path / "gap.zip"))
    assert stats.posts == 30
    assert [r.cause for r in quarantine.records] == [
        "archive part tweets-part1.js is missing (listed in the manifest or a gap in part numbers)"
    ]


def test_truncated_part_keeps_what_came_before(archive):
    part = archive / "data" / "tweets-part1.js"
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    rows, stats, quarantine = ingest(archive)
    assert 20 < stats.posts < 30 and stats.quarantined == 1
    assert quarantine.records[0].cause.startswith("tweets-part1.js: truncated")


def test_part_that_is_not_utf8(archive):
    part = archive / "data" / "tweets-part1.js"
    data = part.read_bytes()
    cut = data.index(b'"full_text": "', len(data) // 2) + 14
    part.write_bytes(data[:cut] + "caf\u00e9 ".encode("latin-1") + data[cut:])
    rows, stats, quarantine = ingest(archive)
    assert 20 < stats.posts < 30 and stats.quarantined == 1
    assert "not UTF-8" in quarantine.records[0].cause


def test_garbage_part_and_broken_zip(archive, tmp_path):
    (archive / "data" / "tweets-part1.js").write_bytes(b"var x = {garbage}")
    rows, stats, quarantine = ingest(archive)
    assert stats.posts == 20 and "window.YTD" in quarantine.records[0].cause
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    rows, stats, quarantine = ingest(broken)
    assert rows == [] and "zip" in quarantine.records[0].cause


def test_empty_part(tmp_path):
    path = tmp_path / "tweets.js"
    path.write_text("window.YTD.tweets.part0 = [ ]")
    rows, stats, _ = ingest(path)
    assert rows == [] and stats.read == 0


def test_non_tweet_elements_are_quarantined(tmp_path):
    path = tmp_path / "tweets.js"
    path.write_text('window.YTD.tweets.part0 = [ 1, {"tweet": {"id_str": "9"}}, ' + json.dumps(_tweet("8", "ok")) + "]")
    rows, stats, quarantine = ingest(path)
    assert [row["id"] for row in rows] == ["8"] and stats.quarantined == 2
    assert [r.line for r in quarantine.records] == [1, 2]


# --------------------------------------------------------------------------- the shared sample


# Expected counts, checked independently: `grep -c '^    "tweet" : {' tweets.js` gives 2045 tweets;
# a set of `id_str` over `json.loads` of the array gives 2045 unique ids; the archive has no
# deleted-tweets.js and no protected-history.js, so deleted = 0 and non-public = 0; every
# `editTweetIds` list has one id (no superseded versions). The owner is in README.txt.
@pytest.mark.shared_data
def test_shared_archive(shared_data):
    rows, stats, _ = ingest(shared_data / "x-archive" / "milahu104")
    assert (
        stats.posts,
        len({row["id"] for row in rows}),
        stats.deleted,
        stats.non_public,
        stats.quarantined,
        stats.skipped,
    ) == (2045, 2045, 0, 0, 0, 0)
    assert {row["author_handle"] for row in rows} == {"milahu104"}
    assert sum(row["text"].startswith("RT @") for row in rows) == 239  # `grep -c '"full_text" : "RT @'`


# --------------------------------------------------------------------------- properties

_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(body=st.binary(max_size=1500))
def test_arbitrary_part_bytes_never_crash(tmp_path, body):
    path = tmp_path / "tweets.js"
    path.write_bytes(b"window.YTD.tweets.part0 = [" + body)
    ingest(path)


@_settings
@given(data=st.binary(max_size=1500))
def test_arbitrary_zip_bytes_never_crash(tmp_path, data):
    path = tmp_path / "archive.zip"
    path.write_bytes(b"PK\x03\x04" + data)
    ingest(path)
