"""`townsquare quickstart` run twice in one folder succeeds twice; a folder it did not make is refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import townsquare.server
from townsquare.cli import main


@pytest.mark.slow
def test_quickstart_twice_in_the_same_folder(tmp_path):
    workdir = tmp_path / "qs"
    args = ["quickstart", "--workdir", str(workdir), "--posts", "700", "--max-steps", "2"]
    first = CliRunner().invoke(main, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert (workdir / "runs" / "tiny" / "model" / "config.json").is_file()
    second = CliRunner().invoke(main, args, catch_exceptions=False)
    assert second.exit_code == 0, second.output
    assert "quickstart done" in second.output
    assert "control exposure by repeats: 0x " in second.output and "{'" not in second.output  # not a raw dict
    assert (workdir / "runs" / "tiny" / "model" / "config.json").is_file()

    # the web page's example query (its placeholder) finds posts in the sample town
    page = (Path(townsquare.server.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    example = re.search(r"placeholder='([^']+)'", page).group(1)
    found = CliRunner().invoke(main, ["search", str(workdir / "index"), example, "--json"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["meta"]["result_count"] > 0, example
    # a query that starts with "-" is a query, not an option
    negated = CliRunner().invoke(main, ["search", str(workdir / "index"), "-is:reply bus", "-n", "1"])
    assert negated.exit_code == 0 and "1 result for '-is:reply bus'" in negated.output, negated.output
    # a Bluesky post (no handle in Jetstream data) shows its author's DID, not a blank
    bluesky = CliRunner().invoke(main, ["search", str(workdir / "index"), "bus", "-n", "50", "--json"])
    authors = {post["author_id"] for post in json.loads(bluesky.output)["data"] if post["platform"] == "bluesky"}
    assert authors, "the sample's Bluesky posts about buses"
    table = CliRunner().invoke(main, ["search", str(workdir / "index"), "bus", "-n", "50"])
    assert "did:plc:" in table.output


def test_quickstart_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "thesis.tex").write_text("mine")
    result = CliRunner().invoke(main, ["quickstart", "--workdir", str(tmp_path), "--no-train"])
    assert result.exit_code == 1
    assert "did not make" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.tex"]


def test_quickstart_refuses_a_file_of_the_user_beside_its_own_folders(tmp_path):
    (tmp_path / ".townsquare-quickstart").write_text("made by `townsquare quickstart`")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["quickstart", "--workdir", str(tmp_path), "--no-train"])
    assert result.exit_code == 1 and "(notes.txt)" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine" and (tmp_path / "corpus").is_dir()
