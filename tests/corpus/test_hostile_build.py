"""Issue 16: hostile files in an input folder cost one quarantine record each; the build finishes with the rest."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pyarrow.parquet as pq

from townsquare.corpus.build import build

sys.path.insert(0, str(Path(__file__).parents[1] / "sources"))
import hostile_files as hostile  # noqa: E402


def test_build_over_a_folder_of_hostile_files_keeps_every_good_post(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    hostile.good_jsonl(folder / "good.jsonl")
    (folder / "archive").mkdir()  # a folder holding tweets.js is read as one X archive
    hostile.nested_tweets_js(folder / "archive" / "tweets.js")  # case 2: tweets 101 and 102 around the deep element
    hostile.encrypted_zip(folder / "encrypted.zip")  # case 3
    hostile.deflate64_zip(folder / "deflate64.zip")
    hostile.nested_block_car(folder / "nested.car")  # case 4: two posts around the deep block
    hostile.self_loop_car(folder / "loop.car")  # case 5
    hostile.shared_subtree_car(folder / "shared.car", levels=60)
    (folder / "link-loop").symlink_to("link-loop")  # case 6
    os.mkfifo(folder / "pipe")
    hostile.zip_bomb(folder / "bomb.zip", spaces=32 << 20)  # case 7: tweet 301 before the bomb
    summary = build([folder], tmp_path / "corpus", workers=1)
    assert summary.ok and summary.reconciles, summary.failure_lines()
    # every good post reached the stages: kept, or dropped with a reason (the texts repeat: dedup)
    seen = set(pq.read_table(tmp_path / "corpus" / "posts").column("id").to_pylist())
    seen |= set(pq.read_table(tmp_path / "corpus" / "rejects").column("id").to_pylist())
    assert {"9001", "9002", "9003", "101", "102", "301"} <= seen
    assert {"at://did:plc:hostile/app.bsky.feed.post/3aaa", "at://did:plc:hostile/app.bsky.feed.post/bbb"} <= seen
    files = dict(summary.quarantined_files)
    assert files == {
        str(folder / "link-loop"): "symbolic link loop",
        str(folder / "pipe"): "not a regular file: FIFO (named pipe)",
    }
    causes = "\n".join(path.read_text() for path in (tmp_path / "corpus" / "quarantine").glob("*.jsonl"))
    for expected in (
        "limit max_depth",
        "RuntimeError",
        "NotImplementedError",
        "RecursionError",
        "referenced again",
        "limit max_ratio",
    ):
        assert expected in causes
