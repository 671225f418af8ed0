"""Issue 16: hostile files cost bounded time and memory, lose no valid post, and never end a run.

Each test reproduces one case of the adversarial review (numbered as in the
issue) and failed on the code before the fix: a traceback, a lost post, a
silent skip, or a run that never ends.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from townsquare.errors import ConfigError
from townsquare.limits import DEFAULT_LIMITS, Limits, json_depth, parse_limits
from townsquare.post import POST_SCHEMA
from townsquare.sources import expand_paths, read_file
from townsquare.sources.base import Quarantine, SourceStats

sys.path.insert(0, str(Path(__file__).parent))
import hostile_files as hostile  # noqa: E402


def read(
    path: Path, fmt: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[str], list[str], SourceStats]:
    """Ids read and quarantine causes; counts must reconcile whatever the file holds."""
    stats, quarantine = SourceStats(str(path), fmt or "?"), Quarantine()
    batches = list(read_file(path, fmt, quarantine, stats=stats, limits=limits))
    ids = pa.Table.from_batches(batches, schema=POST_SCHEMA).column("id").to_pylist()
    assert stats.reconciles and stats.read == len(ids) + quarantine.count, stats
    return ids, [record.cause for record in quarantine.records], stats


# ---------------------------------------------------------------- case 2: X archive element nested 100,000 deep


def test_2_deeply_nested_archive_element_is_one_record_and_the_tweets_around_it_are_read(tmp_path):
    ids, causes, _ = read(hostile.nested_tweets_js(tmp_path / "tweets.js"))
    assert ids == ["101", "102"]
    assert causes == ["tweets.js: malformed tweet #2: nested deeper than 100 levels (limit max_depth = 100)"]


def test_2_max_depth_is_a_flag_and_elements_within_it_are_read(tmp_path):
    path = tmp_path / "tweets.js"
    shallow = "[" * 150 + "]" * 150  # past the default, far below what the decoder can hold
    path.write_text(hostile.tweets_js([json.dumps(hostile.tweet("1")), shallow]), encoding="utf-8")
    assert read(path)[1] == ["tweets.js: malformed tweet #2: nested deeper than 100 levels (limit max_depth = 100)"]
    # raised, the element is read (and quarantined as "not a tweet object", the ordinary way)
    _, causes, _ = read(path, limits=parse_limits(["max_depth=200"]))
    assert len(causes) == 1 and "max_depth" not in causes[0]


# ---------------------------------------------------------------- case 3: encrypted and Deflate64 zip members


@pytest.mark.parametrize(
    "make, exc", [(hostile.encrypted_zip, "RuntimeError"), (hostile.deflate64_zip, "NotImplementedError")]
)
def test_3_unreadable_zip_member_is_quarantined_not_raised(tmp_path, make, exc):
    ids, causes, _ = read(make(tmp_path / "archive.zip"))
    assert ids == []
    assert len(causes) == 1 and causes[0].startswith(f"tweets.js: cannot be read on ({exc}")


# ---------------------------------------------------------------- case 4: a DAG-CBOR block nested 100,000 deep


def test_4_deeply_nested_car_block_is_quarantined_and_the_posts_are_read(tmp_path):
    ids, causes, _ = read(hostile.nested_block_car(tmp_path / "repo.car"))
    assert sorted(ids) == [
        "at://did:plc:hostile/app.bsky.feed.post/3aaa",
        "at://did:plc:hostile/app.bsky.feed.post/bbb",
    ]
    assert len(causes) == 1 and "does not decode (RecursionError" in causes[0]


# ---------------------------------------------------------------- case 5: MST cycles and shared subtrees


def test_5_mst_node_that_is_its_own_subtree_is_one_record(tmp_path):
    ids, causes, _ = read(hostile.self_loop_car(tmp_path / "repo.car"))
    assert ids == ["at://did:plc:hostile/app.bsky.feed.post/3aaa"]
    assert len(causes) == 1 and "referenced again" in causes[0]


def test_5_subtree_shared_at_every_level_is_walked_once(tmp_path):
    # 2^60 paths without the visited set: the walk never ends
    ids, causes, _ = read(hostile.shared_subtree_car(tmp_path / "repo.car", levels=60))
    assert len(ids) == 61 == len(set(ids))
    assert len(causes) == 60 and all("referenced again" in cause for cause in causes)


def test_5_mst_depth_limit_names_itself(tmp_path):
    ids, causes, _ = read(
        hostile.shared_subtree_car(tmp_path / "repo.car", levels=10), limits=parse_limits(["max_mst_depth=4"])
    )
    assert any("(limit max_mst_depth = 4)" in cause for cause in causes)
    assert len(ids) == 5  # the five nodes at depth 0..4, one post each


# ---------------------------------------------------------------- case 6: link loops, FIFOs, devices


@pytest.fixture
def odd_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    hostile.good_jsonl(folder / "good.jsonl")
    (folder / "loop").symlink_to("loop")
    (folder / "a").symlink_to("b")
    (folder / "b").symlink_to("a")
    os.mkfifo(folder / "pipe")
    (folder / "zero").symlink_to("/dev/zero")
    return folder


def test_6_walk_reports_every_path_that_is_not_a_regular_file(odd_folder, tmp_path):
    problems: dict[str, str] = {}
    found = expand_paths(
        [odd_folder], exclude=tmp_path / "out", on_problem=lambda p, c: problems.__setitem__(p.name, c)
    )
    assert [p.name for p in found] == ["good.jsonl"]
    assert problems == {
        "a": "symbolic link loop",
        "b": "symbolic link loop",
        "loop": "symbolic link loop",
        "pipe": "not a regular file: FIFO (named pipe)",
        "zero": "not a regular file: character device",
    }


def test_6_ingest_quarantines_each_one_and_reads_the_rest(odd_folder, tmp_path):
    from townsquare.sources.ingest import ingest

    summary = ingest([odd_folder], tmp_path / "out")
    assert summary.reconciles and summary.totals.posts == 3 and summary.totals.quarantined == 5
    causes = [json.loads(line)["cause"] for line in (tmp_path / "out" / "quarantine.jsonl").read_text().splitlines()]
    assert sorted(causes) == sorted(
        ["symbolic link loop"] * 3 + ["not a regular file: FIFO (named pipe)", "not a regular file: character device"]
    )


def test_6_a_fifo_named_on_the_command_line_is_one_error_line(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    result = subprocess.run(
        [sys.executable, "-m", "townsquare", "ingest", str(tmp_path / "pipe"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'pipe'}: not a regular file: FIFO (named pipe)"


# ---------------------------------------------------------------- case 7: zip bombs


def test_7_zip_bomb_stops_at_the_ratio_limit_and_keeps_the_tweet_before_it(tmp_path):
    ids, causes, _ = read(hostile.zip_bomb(tmp_path / "archive.zip", spaces=64 << 20))
    assert ids == ["301"]
    assert causes == [
        "tweets.js: member inflates to more than 100x its compressed size (a zip bomb?) "
        "(limit max_ratio = 100); the rest of this part is skipped"
    ]


def test_7_member_size_limit_is_a_flag(tmp_path):
    # an ordinary archive: the ratio is fine, but its member is past a lowered max_member_bytes
    texts = [hashlib.sha512(str(i).encode()).hexdigest() * 16 for i in range(1, 2000)]  # compress ~2x
    members = {
        "data/tweets.js": hostile.tweets_js(
            [json.dumps(hostile.tweet(str(i), text)) for i, text in enumerate(texts, 1)]
        ).encode()
    }
    path = hostile.archive_zip(tmp_path / "archive.zip", members)
    assert len(read(path)[0]) == 1999
    ids, causes, _ = read(path, limits=parse_limits(["max_member_bytes=1M"]))
    assert 0 < len(ids) < 1999
    assert causes[-1].startswith("tweets.js: member inflates to more than 1,048,576 bytes (limit max_member_bytes")


# ---------------------------------------------------------------- the limits themselves


def test_limits_parse_sizes_and_refuse_unknown_names():
    limits = parse_limits(["max_member_bytes=2G", "max-depth=7"])
    assert limits.max_member_bytes == 2 << 30 and limits.max_depth == 7
    with pytest.raises(ConfigError, match="max_depth"):
        parse_limits(["depth=3"])
    with pytest.raises(ConfigError, match="positive whole number"):
        parse_limits(["max_depth=-1"])


def test_json_depth_skips_strings_and_needs_no_recursion():
    assert json_depth('{"a": "[[[[", "b": [[1]]}') == 3
    assert json_depth('"\\"[["') == 0
    assert json_depth("[" * 200_000 + "]" * 200_000) == 200_000


def test_cli_limit_flag_reaches_the_reader(tmp_path):
    path = tmp_path / "tweets.js"
    path.write_text(hostile.tweets_js([json.dumps(hostile.tweet("1")), "[[[[[[]]]]]]"]), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = [sys.executable, "-m", "townsquare", "ingest", str(path), "--out", str(tmp_path / "out"), "--limit"]
    assert subprocess.run(run + ["max_depth=3"], capture_output=True, timeout=60, env=env).returncode == 0
    causes = (tmp_path / "out" / "quarantine.jsonl").read_text()
    assert "(limit max_depth = 3)" in causes
    bad = subprocess.run(run + ["nope=3"], capture_output=True, text=True, timeout=60, env=env)
    assert bad.returncode == 1 and bad.stderr.startswith("Error: --limit 'nope=3'")


# ---------------------------------------------------------------- element size in the JSON readers


@pytest.mark.parametrize("fmt", ["x-api-v2", "mastodon", "bluesky-jetstream"])
def test_a_line_past_max_element_bytes_is_one_record_and_never_held_whole(tmp_path, fmt):
    good = json.dumps({"id": "1", "text": "a good post", "author_id": "2", "created_at": "2026-03-06T13:02:05Z"})
    path = tmp_path / "posts.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(good + "\n" + '{"text": "' + "x" * (3 << 20) + '"}\n' + good.replace('"1"', '"3"') + "\n")
    ids, causes, stats = read(path, fmt, limits=parse_limits(["max_element_bytes=1M"]))
    assert any("(limit max_element_bytes = 1048576)" in cause for cause in causes)
    assert stats.read == 3 and len(causes) + len(ids) == 3
    if fmt == "x-api-v2":
        assert ids == ["1", "3"]


def test_walk_stops_at_max_files_with_one_problem_naming_the_limit(tmp_path):
    for i in range(5):
        hostile.good_jsonl(tmp_path / f"{i}.jsonl", count=1)
    problems = []
    found = expand_paths(
        [tmp_path], on_problem=lambda p, c: problems.append((p.name, c)), limits=parse_limits(["max_files=3"])
    )
    assert [p.name for p in found] == ["0.jsonl", "1.jsonl", "2.jsonl"]
    assert problems == [
        (
            "3.jsonl",
            "the inputs hold more than 3 files; this file and the rest of the folder are "
            "not read (limit max_files = 3)",
        )
    ]


def test_text_reader_skips_an_endless_line_a_chunk_at_a_time(tmp_path):
    path = tmp_path / "posts.txt"
    path.write_bytes(b"first post\n" + b"y" * (3 << 20) + b"\nlast post\n")
    ids, causes, _ = read(path, "text")
    assert len(ids) == 2
    assert causes == ["line of 3,145,729 bytes is longer than 1,048,576"]


def test_csv_reader_quarantines_an_endless_line_and_reads_on(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("id,text\n1,first post\n2," + "z" * (3 << 20) + "\n3,last post\n", encoding="utf-8")
    ids, causes, _ = read(path, "csv", limits=parse_limits(["max_element_bytes=1M"]))
    assert ids == ["1", "3"]
    assert causes == ["CSV row unreadable: line of 3,145,731 characters (limit max_element_bytes = 1048576)"]
