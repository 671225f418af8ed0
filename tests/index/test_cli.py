"""``townsquare index`` and ``townsquare search``: thin commands, one-line errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from townsquare.cli import main

from .test_search import STORY, write_part


def test_index_then_search_json_and_syntax_error(tmp_path):
    write_part(tmp_path / "corpus", "00000", STORY)
    runner = CliRunner()
    result = runner.invoke(main, ["index", str(tmp_path / "corpus"), "--out", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    assert "refused: not public" in result.output

    result = runner.invoke(main, ["search", str(tmp_path / "index"), "football", "--mode", "keyword", "--json"])
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)
    assert [post["id"] for post in page["data"]] == ["p2"] and page["meta"]["result_count"] == 1

    result = runner.invoke(main, ["search", str(tmp_path / "index"), '"unclosed'])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ["Error: unterminated phrase: missing closing quote (at position 0)"]


def test_missing_corpus_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["index", str(tmp_path / "nope"), "--out", str(tmp_path / "index")])
    assert result.exit_code == 1 and "does not exist" in result.output and "Traceback" not in result.output
