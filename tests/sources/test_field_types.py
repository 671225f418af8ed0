"""One badly typed field costs its own record (quarantined with a cause), never the batch or the file."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pyarrow.parquet as pq
import pytest

from townsquare.post import PostBuilder, batch_from_rows, row_problem, to_utc
from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, ReadContext, SourceStats

OK_STATUS = {
    "id": "1",
    "visibility": "public",
    "account": {"id": "1", "acct": "a"},
    "content": "<p>hello there town square</p>",
}


def read_all(path, fmt=None):
    stats, quarantine = SourceStats(str(path), fmt or ""), Quarantine()
    batches = list(read_file(path, fmt, quarantine, stats=stats))
    ids = [post_id for batch in batches for post_id in batch.column("id").to_pylist()]
    for batch in batches:  # what was kept must read back in Python (no year 0 or 10000)
        batch.to_pylist()
    assert stats.read == stats.posts + stats.quarantined, stats
    return ids, [record.cause for record in quarantine.records], quarantine.records


def write_jsonl(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


@pytest.mark.parametrize(
    "bad, cause",
    [
        ({"url": 5}, "uri is an int, not a string"),
        ({"favourites_count": 18446744073709551615}, "like_count 18446744073709551615 does not fit"),
        ({"created_at": 1e20}, "timestamp out of range"),
        ({"created_at": "0001-01-01T00:00:00+05:00"}, "timestamp out of range"),
        ({"created_at": "9999-12-31T23:59:59-05:00"}, "timestamp out of range"),
        ({"tags": [{"name": 5}]}, "hashtags holds an int"),
    ],
)
def test_mastodon_bad_field_quarantines_one_status(tmp_path, bad, cause):
    path = write_jsonl(tmp_path / "m.jsonl", OK_STATUS, {**OK_STATUS, "id": "2", **bad}, {**OK_STATUS, "id": "3"})
    ids, causes, _ = read_all(path, "mastodon")
    assert ids == ["1", "3"]
    assert len(causes) == 1 and cause in causes[0]


def test_jetstream_alt_text_int(tmp_path):
    event = {
        "did": "did:plc:a",
        "time_us": 1700000000000000,
        "kind": "commit",
        "commit": {
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": "2",
            "record": {"text": "img", "embed": {"$type": "app.bsky.embed.images", "images": [{"alt": 5, "image": {}}]}},
        },
    }
    good = json.loads(json.dumps(event))
    good["commit"]["rkey"] = "3"
    good["commit"]["record"]["embed"]["images"][0]["alt"] = "a cat"
    path = write_jsonl(tmp_path / "j.jsonl", event, good)
    ids, causes, records = read_all(path, "bluesky-jetstream")
    assert len(ids) == 1 and ids[0].endswith("/3")
    assert "media alt_text is an int" in causes[0] and records[0].line == 1


def test_csv_count_past_int64(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,text,likes\n1,hello,5\n2,world,99999999999999999999999\n3,again,7\n")
    ids, causes, _ = read_all(path, "csv")
    assert ids == ["1", "3"] and "like_count" in causes[0] and "64-bit" in causes[0]


def test_x_api_timestamps_out_of_range(tmp_path):
    def tweet(post_id, created_at):
        return {
            "id": post_id,
            "text": "hi",
            "author_id": "9",
            "edit_history_tweet_ids": [post_id],
            "created_at": created_at,
        }

    path = write_jsonl(
        tmp_path / "x.jsonl",
        tweet("1", "2024-05-01T10:00:00.000Z"),
        tweet("2", 1e20),
        tweet("3", "0001-01-01T00:00:00+05:00"),
        tweet("4", "9999-12-31T23:59:59-05:00"),
        tweet("5", "1900-01-01T00:00:00Z"),
    )
    ids, causes, _ = read_all(path, "x-api-v2")
    assert ids == ["1"]
    assert len(causes) == 4


@pytest.mark.parametrize("edit_info", [{"initial": "n/a"}, {"initial": {"editTweetIds": 5}}, "x", {"edit": [1]}])
def test_x_archive_malformed_edit_info(tmp_path, edit_info):
    data = tmp_path / "arch" / "data"
    data.mkdir(parents=True)
    tweets = [
        {"tweet": {"id_str": "1", "full_text": "hi", "created_at": "Fri Mar 06 13:02:05 +0000 2026"}},
        {
            "tweet": {
                "id_str": "2",
                "full_text": "yo",
                "edit_info": edit_info,
                "created_at": "Fri Mar 06 13:02:05 +0000 2026",
            }
        },
        {"tweet": {"id_str": "3", "full_text": "hey", "created_at": "Sat Jan 01 00:00:00 +0500 0001"}},
    ]
    (data / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps(tweets))
    ids, causes, records = read_all(tmp_path / "arch", "x-archive")
    assert ids == ["1"]
    assert [r.line for r in records] == [2, 3]
    assert "edit_info is malformed" in causes[0] and "out of range" in causes[1]


@pytest.mark.parametrize(
    "value",
    [
        1e20,
        -1e20,
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-05:00",
        "1969-12-31T23:59:59Z",
        "2100-01-01T00:00:00Z",
        float("nan"),
    ],
)
def test_to_utc_raises_value_error_out_of_range(value):
    with pytest.raises(ValueError):
        to_utc(value)


@pytest.mark.parametrize("value", [True, [1], {"t": 1}])
def test_to_utc_raises_type_error_for_other_types(value):
    with pytest.raises(TypeError):
        to_utc(value)


def test_to_utc_unbounded_for_query_limits():
    assert to_utc("2200-01-01T00:00:00Z", bounded=False).year == 2200
    with pytest.raises(ValueError):
        to_utc("9999-12-31T23:59:59-05:00", bounded=False)  # past year 9999 in UTC: still an error


def test_to_utc_keeps_the_range_edges():
    assert to_utc("1970-01-01T00:00:00Z") == datetime(1970, 1, 1, tzinfo=UTC)
    assert to_utc("2099-12-31T23:59:59-00:00").year == 2099
    assert to_utc(1700000000) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


ODD_VALUES = [
    5,
    1.5,
    True,
    b"bytes",
    "\ud800",
    ["a"],
    {"a": 1},
    1 << 64,
    -(1 << 64),
    datetime(1, 1, 1),
    datetime(9999, 12, 31, tzinfo=UTC),
    "",
    None,
]


@pytest.mark.parametrize(
    "field",
    ["id", "uri", "text", "created_at", "like_count", "deleted", "visibility", "hashtags", "mentions", "urls", "media"],
)
def test_builder_never_fails_at_flush(field):
    """Whatever odd value a reader puts in a field, the row is either stored or rejected: flush succeeds."""
    rejected = []
    builder = PostBuilder(on_reject=lambda cause, line, fields: rejected.append((cause, line)))
    for i, value in enumerate(ODD_VALUES):
        builder.add_row({"id": f"p{i}", "platform": "x", "text": "t", field: value}, line=i + 1)
    for value in ODD_VALUES:
        builder.add(id="q", platform="x", media=[{"kind": "photo", "url": value, "alt_text": None}])
        builder.add(id="r", platform="x", hashtags=[value])
    batch = builder.flush()
    assert batch is not None
    assert batch.num_rows + len(rejected) == 3 * len(ODD_VALUES)
    batch.to_pylist()  # readable back in Python
    assert all(cause and (line is None or line >= 1) for cause, line in rejected)


def test_add_record_quarantines_with_line():
    ctx = ReadContext(SourceStats("f.jsonl", "mastodon"))
    builder = ctx.builder()
    ctx.add_record(builder, lambda r: r, {"id": "1", "platform": "x", "uri": 5}, "bad: {exc}", line=7)
    ctx.add_record(builder, lambda r: r, {"id": "2", "platform": "x"}, "bad: {exc}", line=8)
    assert builder.flush().num_rows == 1
    [record] = ctx.quarantine_sink.records
    assert (record.source, record.line) == ("f.jsonl", 7) and "uri is an int" in record.cause
    assert ctx.stats.read == 2 and ctx.stats.quarantined == 1


def test_batch_from_rows_raises_value_error_without_a_sink():
    with pytest.raises(ValueError, match="like_count"):
        batch_from_rows([{"id": "1", "platform": "x", "like_count": "3"}])


def test_row_problem_accepts_a_normal_row():
    row = batch_from_rows(
        [
            {
                "id": "1",
                "platform": "x",
                "text": "héllo",
                "hashtags": ["a"],
                "created_at": datetime(2024, 1, 1, tzinfo=UTC),
                "like_count": 2,
            }
        ]
    )
    assert row.num_rows == 1
    assert row_problem(list(row.to_pylist()[0].values())) is None


def test_ingest_cli_no_traceback_on_bad_field(tmp_path):
    from click.testing import CliRunner

    from townsquare.cli import main

    path = write_jsonl(tmp_path / "m.jsonl", OK_STATUS, {**OK_STATUS, "id": "2", "url": 5})
    result = CliRunner().invoke(main, ["ingest", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "read 2 = posts 1 + quarantined 1" in result.output
    assert pq.read_table(tmp_path / "o" / "posts").column("id").to_pylist() == ["1"]
