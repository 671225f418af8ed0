"""A folder of exports with files that are not posts: each such file is quarantined, the build goes on."""

from __future__ import annotations

import json
import os

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from corpus_inputs import random_shards

from townsquare.cli import main
from townsquare.corpus.build import build
from townsquare.errors import ConfigError


def _mixed_folder(tmp_path):
    folder = tmp_path / "export"
    random_shards(folder, shards=2, per_shard=30)
    (folder / "README.md").write_text("# My export\n\nDownloaded from my instance on 2024-03-01.\n")
    (folder / "avatar.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "scores.csv").write_text("user,score\nalice,3\nbob,4\n")  # a CSV with no text column
    os.symlink(folder / "gone.parquet", folder / "link.parquet")  # a broken symbolic link
    return folder


def _kept(corpus):
    return sum(pq.ParquetFile(p).metadata.num_rows for p in (corpus / "posts").glob("part-*.parquet"))


def test_files_that_are_not_posts_are_quarantined_and_counts_reconcile(tmp_path):
    folder = _mixed_folder(tmp_path)
    out = tmp_path / "corpus"
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("quarantined file: ")]
    causes = {line.split(": ")[1]: line.split(": ", 2)[2] for line in lines}
    assert causes[str(folder / "README.md")] == "unknown format"
    assert causes[str(folder / "avatar.png")] == "unknown format"
    assert causes[str(folder / "link.parquet")] == "broken symbolic link"
    assert (
        causes[str(folder / "scores.csv")].startswith("cannot be read as csv: ")
        and "text" in causes[str(folder / "scores.csv")]
    )
    assert "[ok]" in result.output

    counts = json.loads((out / "stats" / "global.json").read_text())["counts"]
    assert counts["quarantined"] == 4 and counts["read"] == 60 + 4 and counts["reconciles"]
    records = [
        json.loads(line) for file in (out / "quarantine").glob("*.jsonl") for line in file.read_text().splitlines()
    ]
    assert sorted(r["source"] for r in records) == sorted(causes)
    assert all(r["cause"] == causes[r["source"]] for r in records)
    assert _kept(out) == 60

    # the rerun resumes every shard, the quarantined files too, and says the same
    again = CliRunner().invoke(main, ["build", str(folder), "--out", str(out), "--workers", "1"])
    assert again.exit_code == 0, again.output
    assert "resumed: 6 of 6 shards" in again.output
    assert [line for line in again.output.splitlines() if line.startswith("quarantined file: ")] == lines


def test_a_named_file_that_cannot_be_read_stops_the_build_with_one_line(tmp_path):
    folder = _mixed_folder(tmp_path)
    out = tmp_path / "corpus"
    result = CliRunner().invoke(
        main, ["build", str(folder / "shard00.parquet"), str(folder / "README.md"), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"Error: {folder / 'README.md'}: cannot tell its format")
    assert "Traceback" not in result.output

    # a named CSV without a text column is refused before anything is written, not failed in its shard
    with pytest.raises(ConfigError, match=r"scores\.csv: no text column"):
        build([folder / "shard00.parquet", folder / "scores.csv"], out, workers=1)
    assert not out.exists()


def test_a_tweets_js_that_is_not_an_archive_part_is_quarantined_and_its_folder_still_built(tmp_path):
    """A folder holding a ``tweets.js`` used to be read as one X archive by that name alone: its other files
    were never read nor counted. Now the file is quarantined (line 1, why) and the rest is built."""
    folder = tmp_path / "export"
    random_shards(folder, shards=2, per_shard=30)
    (folder / "tweets.js").write_text('var tweets = [{"id": 1, "text": "widget"}];\n')
    (folder / "scores.csv").write_text("user,score\nalice,3\nbob,4\n")
    out = tmp_path / "corpus"
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "[ok]" in result.output and "Traceback" not in result.output
    records = {
        json.loads(line)["source"]: json.loads(line)
        for file in (out / "quarantine").glob("*.jsonl")
        for line in file.read_text().splitlines()
    }
    tweets_js = records[str(folder / "tweets.js")]
    assert tweets_js["line"] == 1 and tweets_js["cause"].startswith("not an X archive part")
    assert records[str(folder / "scores.csv")]["line"] == 1
    counts = json.loads((out / "stats" / "global.json").read_text())["counts"]
    assert (counts["read"], counts["kept"], counts["quarantined"]) == (62, 60, 2) and counts["reconciles"]
    assert _kept(out) == 60
