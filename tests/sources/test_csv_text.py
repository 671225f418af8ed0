"""CSV (with column maps), plain text and Post Parquet readers."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from townsquare.errors import ConfigError, InputError
from townsquare.post import POST_SCHEMA, batch_from_rows
from townsquare.sources import detect_format, read_file
from townsquare.sources.base import Quarantine, SourceStats
from townsquare.sources.csv_posts import parse_time, row_id


def read_all(path, fmt=None, options=None):
    stats, quarantine = SourceStats(str(path), ""), Quarantine()
    rows = [
        row for batch in read_file(path, fmt, quarantine, options=options, stats=stats) for row in batch.to_pylist()
    ]
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


EXPECTED = "expected one of public, unlisted, followers, direct, protected"


def test_bad_rows_quarantined_with_line(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_bytes(b"text,visibility\nfine,public\n,public\nsecret,followers\nodd,sideways\ncaf\xe9,public\n")
    rows, stats, quarantine = read_all(path)
    assert [(r["text"], r["visibility"]) for r in rows] == [("fine", "public"), ("secret", "followers")]
    assert [(q.line, q.cause) for q in quarantine.records] == [
        (3, "row without text"),
        (5, f"unknown visibility in column 'visibility' (8 characters; {EXPECTED})"),
        (6, "row is not valid UTF-8"),
    ]
    assert stats.read == stats.posts + stats.quarantined == 5


def test_out_of_range_times_and_counts_are_quarantined_with_their_line(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "id,text,created_at,likes\n1,hello,2024-01-01,5\n2,world,9999-12-31 23:00:00 -1200,1\n"
        "3,again,2024-01-02,99999999999999999999999\n4,fine,2024-01-03,2\n"
    )
    rows, stats, quarantine = read_all(path)
    assert [r["id"] for r in rows] == ["1", "4"]
    assert [(q.line, q.cause.split(":")[0]) for q in quarantine.records][0] == (3, "bad created_at")
    assert [q.line for q in quarantine.records] == [3, 4]
    assert stats.read == stats.posts + stats.quarantined == 4


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
    rows, stats, _ = read_all(
        path, options={"map": {"text": "text", "author": "name", "created_at": "tweet_created", "id": "tweet_id"}}
    )
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
    batch = batch_from_rows(
        [
            {"id": "1", "platform": "x", "text": "a", "visibility": "public"},
            {"id": "2", "platform": "x", "text": "b", "visibility": "direct", "deleted": True},
        ]
    )
    pq.write_table(pa.Table.from_batches([batch]), tmp_path / "posts.parquet")
    assert detect_format(tmp_path / "posts.parquet") == "parquet"
    rows, stats, _ = read_all(tmp_path / "posts.parquet")
    assert [r["id"] for r in rows] == ["1", "2"] and (stats.public, stats.deleted) == (1, 1)
    # a foreign table: extra column dropped, missing columns null, broken rows quarantined
    table = pa.table(
        {
            "text": ["x", "y", "z"],
            "id": ["a", None, "c"],
            "platform": ["p"] * 3,
            "visibility": ["public", "public", "everyone"],
            "deleted": [None, False, False],
            "score": [1, 2, 3],
        }
    )
    pq.write_table(table, tmp_path / "foreign.parquet")
    stats = SourceStats("f", "")
    batches = list(read_file(tmp_path / "foreign.parquet", stats=stats))
    assert all(b.schema.equals(POST_SCHEMA) for b in batches)
    assert [r["id"] for b in batches for r in b.to_pylist()] == ["a"]
    assert (stats.read, stats.quarantined) == (3, 2)


# --------------------------------------------------------------------------- privacy columns and robustness
# (review findings: each of these published a private post, echoed post text, or lost rows silently)


def _public_texts(rows):
    return [r["text"] for r in rows if r["visibility"] == "public" and not r["deleted"]]


@pytest.mark.parametrize("flag", ["t", "T", "yes", "y", "1", "true", "TRUE", "2025-03-02", "maybe"])
def test_deleted_flag_in_any_spelling_deletes(flag, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(f"id,text,deleted\nc1,CANARYCSVDELT22 about the fair,{flag}\nc2,kept post,f\nc3,kept too,\n")
    rows, _, _ = read_all(path)
    assert _public_texts(rows) == ["kept post", "kept too"]
    assert [r["deleted"] for r in rows] == [True, False, False]


def test_deleted_at_and_protected_columns_keep_posts_out(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "id,screen_name,text,deleted_at,protected\n"
        "c3,jo,CANARYCSVDELAT23 about the fair,2025-03-02T00:00:00Z,False\n"
        "c4,kim,CANARYCSVPROT24 about the fair,,True\n"
        "c5,lee,public post,,False\n"
    )
    rows, _, _ = read_all(path)
    assert _public_texts(rows) == ["public post"]
    assert [(r["id"], r["visibility"], r["deleted"]) for r in rows] == [
        ("c3", "public", True),
        ("c4", "protected", False),
        ("c5", "public", False),
    ]
    for column in ("is_protected", "private"):
        path.write_text(f"text,{column}\nCANARYCSVPROT24 hidden,yes\nshown,no\n")
        rows, _, _ = read_all(path)
        assert _public_texts(rows) == ["shown"], column


def test_blank_or_unknown_visibility_quarantines_without_echoing_text(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "id,text,visibility\n"
        "9001,hello there,CANARYCSVQUAR31 my new door code,followers\n"
        "9002,CANARYCSVBLANK32 blank visibility,\n"
        "9003,mastodon private means followers,private\n"
    )
    rows, stats, quarantine = read_all(path)
    assert [(r["id"], r["visibility"]) for r in rows] == [("9003", "followers")]
    assert [(q.line, q.cause) for q in quarantine.records] == [
        (2, f"unknown visibility in column 'visibility' (32 characters; {EXPECTED})"),
        (3, "blank visibility in column 'visibility'"),
    ]
    assert "CANARY" not in repr(quarantine.records) and stats.read == stats.posts + stats.quarantined


def test_json_read_as_csv_is_one_line_without_post_text(tmp_path):
    from click.testing import CliRunner

    from townsquare.cli import main

    path = tmp_path / "tweets.jsonl"
    path.write_text('{"data": [{"id": "1", "text": "CANARYJSONASCSV my door code is 4411"}]}\n')
    result = CliRunner().invoke(main, ["ingest", str(path), "--format", "csv", "--out", str(tmp_path / "i")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "JSON, not CSV" in lines[0], result.output
    assert "CANARY" not in result.output
    # build reports the failed shard in its own words; the reader's line must still hold no post text
    result = CliRunner().invoke(main, ["build", str(path), "--format", "csv", "--out", str(tmp_path / "c")])
    assert result.exit_code != 0 and "JSON, not CSV" in result.output and "CANARY" not in result.output


def test_header_errors_name_the_file_and_not_the_first_row(tmp_path):
    path = tmp_path / "noheader.csv"
    path.write_text("17,CANARYNOHEADER my door code is 4411,2025-01-01\n")
    with pytest.raises(ConfigError) as info:
        read_all(path)
    message = str(info.value)
    assert str(path) in message and "no text column" in message and "CANARY" not in message
    path.write_text("id,note\n1,hi\n")
    with pytest.raises(ConfigError, match=r"noheader\.csv.*columns are: id, note"):
        read_all(path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_csv_is_decoded(encoding, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("id,text\n1,héllo wörld\n2,second\n".encode(encoding))
    rows, stats, _ = read_all(path)
    assert [r["text"] for r in rows] == ["héllo wörld", "second"] and stats.quarantined == 0


def test_leading_blank_lines_are_skipped(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("\n\r\n  \nid,text\n1,first post\n2,second post\n")
    rows, _, _ = read_all(path)
    assert [r["text"] for r in rows] == ["first post", "second post"]
    path.write_text("\n\nid,text,visibility\n1,fine,public\n2,odd,sideways\n")
    _, _, quarantine = read_all(path)
    assert [q.line for q in quarantine.records] == [5]  # line numbers count the blank lines


def read_csv_text(tmp_path, text):
    path = tmp_path / "posts.csv"
    path.write_text(text)
    return read_all(path)


def assert_one_quarantined(quarantine, line, words):
    assert [q.line for q in quarantine.records] == [line] and words in quarantine.records[0].cause


def test_stray_quote_does_not_merge_rows(tmp_path):
    rows, stats, quarantine = read_csv_text(
        tmp_path,
        "id,text,created_at\n"
        '1,"a stray quote here,2025-03-01\n'
        "2,second post,2025-03-01\n"
        '3,"third, quoted",2025-03-01\n'
        '4,"a real\nmulti-line post, with a comma",2025-03-01\n'
        "5,fifth post,2025-03-01\n",
    )
    assert [r["id"] for r in rows] == ["2", "3", "4", "5"]
    assert rows[2]["text"] == "a real\nmulti-line post, with a comma"
    assert_one_quarantined(quarantine, 2, "stray quote")
    assert stats.read == stats.posts + stats.quarantined == 5


def test_quote_running_to_end_of_file(tmp_path):
    rows, stats, quarantine = read_csv_text(
        tmp_path, 'text,author\nfirst post,ann\n"never closed,bob\nnext post,cy\nlast post,di\n'
    )
    assert [r["text"] for r in rows] == ["first post", "next post", "last post"]
    assert_one_quarantined(quarantine, 3, "never closed")
    assert stats.read == stats.posts + stats.quarantined == 4


def test_multi_line_posts_in_a_two_column_file_stay_whole(tmp_path):
    rows, _, quarantine = read_csv_text(
        tmp_path, 'text,author\n"shopping list:\napples, pears\nand milk",ann\nnext,bob\n'
    )
    assert [r["text"] for r in rows] == ["shopping list:\napples, pears\nand milk", "next"]
    assert quarantine.records == []


def test_stray_quote_past_the_field_size_limit_keeps_the_rows_after_it(tmp_path):
    path = tmp_path / "posts.csv"
    lines = ["id,text,created_at", '1,"stray quote opens here,2025-03-01']
    lines += [f"{i},post number {i} with some words,2025-03-01" for i in range(2, 4000)]
    path.write_text("\n".join(lines) + "\n")
    rows, stats, quarantine = read_all(path)
    assert len(rows) == 3998 and rows[0]["id"] == "2"
    assert_one_quarantined(quarantine, 2, "stray quote")
    assert stats.read == stats.posts + stats.quarantined


def test_nul_bytes_in_the_header_are_named_not_printed(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("\u6587\u672c,id\n\u4f60\u597d,1\n".encode("utf-16-le"))  # no BOM, not ASCII: undetectable
    with pytest.raises(InputError) as info:
        read_all(path)
    assert "UTF-16" in str(info.value) and "\x00" not in str(info.value)


@pytest.mark.parametrize(
    ("header", "cells", "platform"),
    [
        # X API v1.1 tweets flattened (pandas json_normalize, jq): the user object's fields are user.*
        ("id,id_str,full_text,user.id_str,user.screen_name", "1.85041795041233E+18,1850417950412330017", "x"),
        ("id_str,text,user.screen_name", "1850417950412330017", "x"),
        ("created_at,id_str,text,user.id_str,user.screen_name,user.protected", ",1850417950412330017", "x"),
        # plain CSVs stay csv: one X-looking column is not enough
        ("id_str,text,author", "1850417950412330017", "csv"),
        ("id,text,user.screen_name", "1850417950412330017", "csv"),
    ],
)
def test_flattened_x_api_v1_1_rows_are_platform_x(tmp_path, header, cells, platform):
    names = header.split(",")
    values = dict(zip(names, cells.split(",") + [""] * len(names)))
    values.update({"full_text": "rain again over the harbour", "text": "rain again over the harbour"})
    values.update({"user.id_str": "16", "user.screen_name": "ann", "author": "ann", "user.protected": "False"})
    path = tmp_path / "tweets.csv"
    path.write_text(header + "\n" + ",".join(values[name] for name in names) + "\n")
    rows, stats, _ = read_all(path)
    assert stats.posts == 1 and rows[0]["platform"] == platform
    assert rows[0]["id"] == "1850417950412330017"  # id_str, never the float-damaged id (nor a row hash)
