"""A file named like a format's files whose content is not of that format (a ``tweets.js`` of a web project,
a ``.csv`` of scores): quarantined with file, line and cause while the run goes on; named, one error line."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.sources.ingest import ingest

NOT_A_PART = "not an X archive part: it does not start with `window.YTD.<name>.partN = [`"


@pytest.fixture
def folder(tmp_path, fixtures):
    """A folder of exports beside a ``tweets.js`` that is a web page's script and a CSV with no text column."""
    root = tmp_path / "exports"
    root.mkdir()
    shutil.copy(fixtures / "mastodon" / "statuses.jsonl", root / "statuses.jsonl")
    (root / "tweets.js").write_text('var tweets = [{"id": 1, "text": "widget"}];\n')
    (root / "scores.csv").write_text("user,score\nalice,3\nbob,4\n")
    return root


def _records(path):
    return {r["source"].rsplit("/", 1)[-1]: r for r in map(json.loads, path.read_text().splitlines())}


def test_a_tweets_js_that_is_not_an_archive_part_does_not_swallow_its_folder(folder, fixtures):
    out = folder.parent / "o"
    summary = ingest([folder], out)
    posts = {s.source.rsplit("/", 1)[-1]: s.posts for s in summary.sources}
    plain = ingest([fixtures / "mastodon" / "statuses.jsonl"], folder.parent / "plain").totals.posts
    assert posts["statuses.jsonl"] == plain > 0  # the folder is walked, not read as one X archive
    records = _records(out / "quarantine.jsonl")
    assert (records["tweets.js"]["line"], records["tweets.js"]["cause"]) == (1, NOT_A_PART)
    assert records["scores.csv"]["line"] == 1 and "no text column" in records["scores.csv"]["cause"]
    assert str(folder) not in records["scores.csv"]["cause"]  # the record names the file once, in source
    totals = summary.totals
    assert summary.reconciles and totals.read == totals.posts + totals.quarantined and totals.quarantined == 2


def test_an_archive_folder_with_a_broken_tweets_js_is_still_one_archive(tmp_path, fixtures):
    archive = tmp_path / "archive"
    shutil.copytree(fixtures / "x" / "archive", archive)
    (archive / "data" / "tweets.js").write_bytes(b"\x00garbage")  # account.js still says it is an archive
    summary = ingest([archive], tmp_path / "o")
    assert [s.format for s in summary.sources] == ["x-archive"] and summary.totals.posts > 0
    causes = [r["cause"] for r in _records(tmp_path / "o" / "quarantine.jsonl").values()]
    assert len(causes) == 1 and "window.YTD" in causes[0]


def test_an_archive_file_without_tweets_says_what_it_is(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "like.js").write_text('window.YTD.like.part0 = [ {"like": {"tweetId": "1"}} ]')
    (tmp_path / "in" / "notes.txt").write_text("a post\n")
    summary = ingest([tmp_path / "in"], tmp_path / "o")
    record = _records(tmp_path / "o" / "quarantine.jsonl")["like.js"]
    assert (record["line"], record["cause"]) == (1, "an X archive like file, not a tweets part: it holds no posts")
    # plain text beside it is no post either, unless named or --format text (review 15, R15-10)
    notes = _records(tmp_path / "o" / "quarantine.jsonl")["notes.txt"]
    assert notes["cause"] == "plain text inside a folder: name the file or pass --format text"
    assert summary.reconciles and summary.totals.posts == 0 and summary.totals.quarantined == 2


@pytest.mark.parametrize("command", ["ingest", "build"])
def test_a_named_js_that_is_not_an_archive_part_is_one_error_line(folder, command):
    path = folder / "tweets.js"
    result = CliRunner().invoke(main, [command, str(path), "--out", str(folder.parent / "o")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"Error: {path}: {NOT_A_PART}; cannot tell its format")
    assert "Traceback" not in result.output
