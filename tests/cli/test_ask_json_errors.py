"""`townsquare ask --json` errors (review 5, R5-15): the one "Error:" line on stderr and exit 1 as before, and an
{"error": ...} object on stdout, so a script reading the JSON gets one."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from townsquare.cli import main

pytest.importorskip("tantivy")


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    from datetime import UTC, datetime

    from townsquare.index import build_index
    from townsquare.post import batch_from_rows, write_parquet

    root = tmp_path_factory.mktemp("ask_json")
    rows = [
        dict(id=f"p{n}", platform="x", lang="en", author_id=f"a{n}", author_handle=f"fan{n}", text=text)
        | dict(created_at=datetime(2024, 1, 1 + n, tzinfo=UTC), uri=f"https://x.com/i/p{n}")
        for n, text in enumerate(["Great football match last night, what a goal!", "The ferry is running today."])
    ]
    write_parquet([batch_from_rows(rows)], root / "corpus" / "posts" / "part-00000.parquet")
    build_index(root / "corpus", root / "index")
    return root / "index"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed when the block ends: nothing listens there


def test_ask_json_errors_are_an_object_on_stdout_and_one_line_on_stderr(index, tmp_path):
    cases = [
        ((tmp_path / "nosuchdir", "Who won?"), "is not an index"),
        ((index, "  "), "the question is empty"),
        ((index, "Who won?", "--since", "yesterday"), "search parameters"),
        ((index, "Who won?", "--llm-url", f"http://127.0.0.1:{_closed_port()}/v1"), "the model at"),
    ]
    for args, says in cases:
        result = CliRunner().invoke(main, ["ask", *map(str, args), "--json"])
        assert result.exit_code == 1, (args, result.output)
        error = json.loads(result.stdout)["error"]  # was nothing on stdout
        assert says in error, (args, error)
        assert result.stderr.strip().splitlines() == [f"Error: {error}"]
        plain = CliRunner().invoke(main, ["ask", *map(str, args)])
        assert (
            plain.exit_code == 1 and plain.stdout == "" and plain.stderr == result.stderr
        )  # without --json: as before


def test_ask_json_still_prints_the_answer(index):
    result = CliRunner().invoke(main, ["ask", str(index), "What about the football match?", "--json"])
    assert result.exit_code == 0, result.output
    assert "error" not in json.loads(result.stdout) and result.stderr == ""


def test_ask_reads_questions_from_stdin_one_answer_per_line(index):
    """Review 10 (R10-8): a script asking 100 questions paid the reader's load (seconds) 100 times."""
    questions = "What about the football match?\n\nIs the ferry running?\n"
    result = CliRunner().invoke(main, ["ask", str(index), "-", "--json"], input=questions)
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    # the blank line has its own line (review 15, R15-14: dropping it put line 3's answer on line 2)
    assert [a["question"] for a in answers] == ["What about the football match?", "", "Is the ferry running?"]
    assert answers[1] == {"question": "", "error": "the question is empty"}
    assert answers[2]["citations"][0]["id"].endswith("p1")
    plain = CliRunner().invoke(main, ["ask", str(index), "-"], input=questions)
    assert plain.exit_code == 0 and plain.stdout.count("sentences supported") == 2
