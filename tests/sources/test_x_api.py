"""X API v2 reader: fixtures cut from ../shared/data/x-api-v2, the full shared samples, bad input."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import orjson
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townsquare.errors import InputError
from townsquare.post import POST_SCHEMA
from townsquare.sources import detect_format, read_file
from townsquare.sources.base import Quarantine, SourceStats

FMT = "x-api-v2"


def ingest(path: Path, fmt: str | None = FMT, **kwargs) -> tuple[list[dict], SourceStats, Quarantine]:
    """Read one file fully; returns the rows, the counters and the quarantine."""
    stats, quarantine = SourceStats(str(path), fmt or "?"), Quarantine()
    batches = list(read_file(path, fmt=fmt, stats=stats, quarantine=quarantine, **kwargs))
    for batch in batches:
        assert batch.schema == POST_SCHEMA
    rows = pa.Table.from_batches(batches, schema=POST_SCHEMA).to_pylist()
    assert stats.reconciles, stats
    return rows, stats, quarantine


@pytest.fixture
def xdir(fixtures: Path) -> Path:
    return fixtures / "x"


# --------------------------------------------------------------------------- pages and expansions

def test_page_expands_author_references_and_entities(xdir):
    rows, stats, _ = ingest(xdir / "two_tweets.jsonl")
    assert stats.read == stats.posts == 1
    (post,) = rows  # the retweeted original in includes.tweets is context, not a post
    assert post["id"] == "1394735776701816833"
    assert post["author_handle"] == "LachiVeronica" and post["author_id"] == "1379899464345923590"
    assert post["uri"] == "https://x.com/LachiVeronica/status/1394735776701816833"
    assert post["repost_of"] == "1391677057810288641" and post["reply_to"] is None
    assert post["hashtags"] == ["POIUYTREWQ"] and post["mentions"] == ["bibaigna96"]
    assert post["created_at"] == datetime(2021, 5, 18, 19, 24, 56, tzinfo=timezone.utc)
    assert (post["like_count"], post["repost_count"], post["reply_count"]) == (0, 1, 0)
    assert post["visibility"] == "public" and post["deleted"] is False and post["platform"] == "x"


def test_media_comes_from_includes(xdir):
    (post,), _, _ = ingest(xdir / "media_tweet.jsonl")
    assert post["media"] == [{"kind": "video", "alt_text": None,
                              "url": "https://pbs.twimg.com/ext_tw_video_thumb/1558552952549277696/pu/img/"
                                     "7VaQu-AvReI8RHkv.jpg"}]
    assert post["urls"] == ["https://twitter.com/IgorBrigadir/status/1558553189766631429/video/1"]
    assert post["lang"] == "en" and post["conversation_id"] == "1558553189766631429"


def test_protected_author_makes_the_post_protected(xdir):
    (post,), stats, _ = ingest(xdir / "protected.jsonl")
    assert post["visibility"] == "protected"
    assert stats.non_public == 1 and stats.public == 0


def test_flattened_tweets_carry_their_author_and_media(xdir):
    rows, stats, _ = ingest(xdir / "flat.jsonl")
    assert stats.posts == 6
    by_id = {row["id"]: row for row in rows}
    assert by_id["1380242611781386245"]["author_handle"] == "Alexandravm12"
    assert by_id["1380242611781386245"]["repost_of"] == "1380175475545362437"
    assert by_id["1380242586288328707"]["reply_to"] == "1380229267770933248"
    with_media = [row for row in rows if row["media"]]
    assert len(with_media) == 1 and with_media[0]["media"][0]["kind"] == "animated_gif"
    assert with_media[0]["media"][0]["url"].startswith("https://pbs.twimg.com/")


def test_pretty_printed_single_page(xdir):
    rows, stats, _ = ingest(xdir / "page_pretty.json")
    assert [row["id"] for row in rows] == ["1558553189766631429"]


# --------------------------------------------------------------------------- edits, withheld, compliance

LATEST = "1576994789110992896"
OLDER = "1576994746135764992"


@pytest.mark.parametrize("name", ["edited.jsonl", "edited_before.jsonl"])
def test_only_the_latest_edit_is_a_post(xdir, name):
    rows, stats, _ = ingest(xdir / name)
    assert [row["id"] for row in rows] == [LATEST]
    assert rows[0]["text"] == "hey :) https://t.co/rnwEIoNuqd"
    assert stats.read == stats.posts == 1


def test_older_version_without_its_latest_edit_is_skipped(xdir, tmp_path):
    page = orjson.loads((xdir / "edited_before.jsonl").read_bytes())
    page["includes"]["tweets"] = [t for t in page["includes"]["tweets"] if t["id"] != LATEST]
    path = tmp_path / "old.jsonl"
    path.write_bytes(orjson.dumps(page) + b"\n")
    rows, stats, _ = ingest(path)
    assert rows == [] and stats.skipped == 1 and stats.read == 0


def test_withheld_tweets_stay_public(xdir):
    rows, stats, _ = ingest(xdir / "withheld.jsonl")
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {"1388424788171841537", "25712847277", "506695756406095872"}
    assert by_id["1388424788171841537"]["visibility"] == "public"  # withheld in IN only
    assert stats.public == 3


def test_compliance_events_become_tombstones(xdir):
    rows, stats, _ = ingest(xdir / "tweets_compliance.jsonl")
    assert [row["id"] for row in rows] == ["1170025343920402432", "1170147183095664640"]
    assert all(row["deleted"] and row["text"] is None and row["visibility"] == "public" for row in rows)
    assert stats.deleted == 2 and stats.public == 0


def test_stream_delete_events_become_tombstones(tmp_path):
    path = tmp_path / "stream.jsonl"
    path.write_text('{"data": {"delete": {"tweet": {"id": "11", "author_id": "7"}, "event_at": "x"}}}\n'
                    '{"delete": {"status": {"id_str": "12", "user_id_str": "8"}}}\n')
    rows, stats, _ = ingest(path)
    assert [(row["id"], row["author_id"], row["deleted"]) for row in rows] == [("11", "7", True), ("12", "8", True)]


@pytest.mark.parametrize("name, skipped", [("users.jsonl", 3), ("counts.jsonl", 5), ("lists.jsonl", 6),
                                           ("users_compliance.jsonl", 2)])
def test_files_without_posts_are_skipped_not_read(xdir, name, skipped):
    rows, stats, quarantine = ingest(xdir / name)
    assert rows == [] and stats.read == 0 and quarantine.count == 0
    assert stats.skipped == skipped


def test_stream_error_line_is_quarantined_and_reading_goes_on(xdir):
    rows, stats, quarantine = ingest(xdir / "streaming_output_with_error.jsonl")
    assert stats.posts == 7 and stats.quarantined == 1 and stats.read == 8
    (record,) = quarantine.records
    assert record.line == 8 and "invalid JSON" in record.cause and record.sha256


@pytest.mark.parametrize("name", ["two_tweets.jsonl", "flat.jsonl", "tweets_compliance.jsonl",
                                  "users.jsonl", "page_pretty.json", "streaming_output_with_error.jsonl"])
def test_format_is_detected(xdir, name):
    assert detect_format(xdir / name) == FMT


# --------------------------------------------------------------------------- bad input

def test_truncated_json_line(xdir, tmp_path):
    good = (xdir / "two_tweets.jsonl").read_bytes()
    path = tmp_path / "cut.jsonl"
    path.write_bytes(good + good[: len(good) // 2])
    rows, stats, quarantine = ingest(path)
    assert len(rows) == 1 and stats.quarantined == 1 and quarantine.records[0].line == 2
    assert quarantine.records[0].offset == len(good)


def test_truncated_pretty_document(xdir, tmp_path):
    path = tmp_path / "cut.json"
    path.write_bytes((xdir / "page_pretty.json").read_bytes()[:3000])
    rows, stats, quarantine = ingest(path)
    assert rows == [] and stats.quarantined == 1 and "truncated" in quarantine.records[0].cause


def test_latin1_bytes_are_quarantined(xdir, tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"id": "1", "text": "caf\u00e9", "author_id": "2"}\n'.encode("latin-1")
                     + (xdir / "two_tweets.jsonl").read_bytes())
    rows, stats, quarantine = ingest(path)
    assert [row["id"] for row in rows] == ["1394735776701816833"]
    assert quarantine.records[0].line == 1


def test_binary_garbage(tmp_path):
    path = tmp_path / "garbage.jsonl"
    path.write_bytes(bytes(range(256)) * 40)
    rows, stats, _ = ingest(path)
    assert rows == [] and stats.read == stats.quarantined >= 1


def test_ten_megabyte_single_line(xdir, tmp_path):
    page = orjson.loads((xdir / "two_tweets.jsonl").read_bytes())
    page["data"][0]["text"] = "x" * (10 * 1024 * 1024)
    path = tmp_path / "big.jsonl"
    path.write_bytes(orjson.dumps(page) + b"\n" + b'{"data": [{"id": "1", "text": ' + b"a" * 10_000_000 + b"\n")
    rows, stats, _ = ingest(path)
    assert len(rows) == 1 and len(rows[0]["text"]) == 10 * 1024 * 1024
    assert stats.quarantined == 1


def test_empty_and_blank_files(tmp_path):
    for content in (b"", b"\n\n  \n"):
        path = tmp_path / "empty.json"
        path.write_bytes(content)
        rows, stats, _ = ingest(path)
        assert rows == [] and stats.read == 0


def test_tweet_with_wrong_types_is_quarantined_not_the_batch(tmp_path):
    lines = [{"id": "1", "text": "fine", "created_at": "2021-01-01T00:00:00.000Z"},
             {"id": "2", "text": "bad count", "public_metrics": {"like_count": "many"}},
             {"id": "3", "text": "bad date", "created_at": "yesterday"},
             {"id": ["4"], "text": "bad id"}]
    path = tmp_path / "types.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    rows, stats, quarantine = ingest(path)
    assert [row["id"] for row in rows] == ["1"]
    assert stats.quarantined == 3 and {r.line for r in quarantine.records} == {2, 3, 4}


def test_batches_respect_batch_size(xdir):
    batches = list(read_file(xdir / "flat.jsonl", fmt=FMT, batch_size=4))
    assert [b.num_rows for b in batches] == [4, 2]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        list(read_file(tmp_path / "nope.jsonl", fmt=FMT))


# --------------------------------------------------------------------------- the full shared samples

# Expected counts, checked independently of this reader:
#   posts: `jq '.data|length'` summed per file (2sets 100+100, withheld 1+1+1+100+112), `wc -l` for
#     flat.jsonl, 7 parseable lines of the stream file (`python -c json.loads` per line, line 8 fails);
#     unique ids with `jq -r '.data[].id' | sort -u | wc -l` (2sets 200, withheld 215);
#   deleted: the 2 non-blank lines of tweets_compliance.jsonl;
#   non-public: `jq '.includes.users[]|select(.protected==true)'` finds no protected author anywhere;
#   skipped: users 96, counts 169 buckets, lists 4+2, users_compliance 2 events (`jq '.data|length'`).
SHARED_COUNTS = {
    # file: (posts, unique ids, deleted, non_public, quarantined, skipped)
    "2sets.jsonl": (200, 200, 0, 0, 0, 0),
    "withheld.jsonl": (215, 215, 0, 0, 0, 0),
    "flat.jsonl": (100, 100, 0, 0, 0, 0),
    "streaming_output_with_error.jsonl": (7, 7, 0, 0, 1, 0),
    "edited.jsonl": (1, 1, 0, 0, 0, 0),
    "edited_after.jsonl": (1, 1, 0, 0, 0, 0),
    "edited_before.jsonl": (1, 1, 0, 0, 0, 0),
    "media_tweet.jsonl": (1, 1, 0, 0, 0, 0),
    "two_tweets.jsonl": (1, 1, 0, 0, 0, 0),
    "tweets_compliance.jsonl": (2, 2, 2, 0, 0, 0),
    "users_compliance.jsonl": (0, 0, 0, 0, 0, 2),
    "users.jsonl": (0, 0, 0, 0, 0, 96),
    "counts.jsonl": (0, 0, 0, 0, 0, 169),
    "lists.jsonl": (0, 0, 0, 0, 0, 6),
    "empty.json": (0, 0, 0, 0, 0, 0),
}


@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(SHARED_COUNTS))
def test_shared_samples(shared_data, name):
    rows, stats, _ = ingest(shared_data / "x-api-v2" / name)
    posts, unique, deleted, non_public, quarantined, skipped = SHARED_COUNTS[name]
    assert (stats.posts, len({row["id"] for row in rows}), stats.deleted, stats.non_public,
            stats.quarantined, stats.skipped) == (posts, unique, deleted, non_public, quarantined, skipped)


@pytest.mark.shared_data
def test_shared_samples_are_all_covered(shared_data):
    assert {p.name for p in (shared_data / "x-api-v2").iterdir()} == set(SHARED_COUNTS)


# --------------------------------------------------------------------------- properties

_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["data", "includes", "id", "text", "users", "tweets", "media", "author_id",
                         "author", "username", "protected", "entities", "hashtags", "mentions", "urls",
                         "tag", "attachments", "media_keys", "media_key", "public_metrics", "like_count",
                         "created_at", "referenced_tweets", "type", "edit_history_tweet_ids", "action",
                         "delete", "tweet", "status", "note_tweet", "errors"]),
        children, max_size=6),
    max_leaves=30)

_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(tmp_path, data):
    path = tmp_path / "any.jsonl"
    path.write_bytes(data)
    ingest(path)  # asserts the counts reconcile


@_settings
@given(records=st.lists(_json, max_size=6))
def test_arbitrary_json_records_never_crash(tmp_path, records):
    path = tmp_path / "any.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(record) for record in records))
    ingest(path)


def test_pretty_document_larger_than_a_batch(xdir, tmp_path):
    tweets = [json.loads(line) for line in (xdir / "flat.jsonl").read_text().splitlines()]
    path = tmp_path / "array.json"
    path.write_text("[\n" + ",\n".join(json.dumps(t, indent=1) for t in tweets) + "\n]\n")
    batches = list(read_file(path, fmt=FMT, batch_size=4))
    assert [b.num_rows for b in batches] == [4, 2]
