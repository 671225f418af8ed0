"""``townsquare ask``: the answer with its citations, JSON, scoped by operators, and one-line errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

pytest.importorskip("tantivy")


def _ask(*args):
    from townsquare.cli import main

    return CliRunner().invoke(main, ["ask", *map(str, args)], catch_exceptions=False)


def _truth(sample_town):
    return {
        q["id"]: q for q in json.loads((sample_town / "sample" / "truth.json").read_text())["assistant"]["questions"]
    }


def test_ask_prints_the_answer_viewpoints_and_citations(sample_town):
    spec = _truth(sample_town)["opinion"]
    result = _ask(sample_town / "index", spec["question"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert out.startswith("Posts disagree.")
    assert "viewpoint 'for': 5 posts from 5 authors" in out and "viewpoint 'against': 3 posts from 3 authors" in out
    for n in range(1, 9):
        assert f"[{n}] @" in out
    assert "2/2 sentences supported by their cited posts" in out


def test_ask_json_and_scoping(sample_town):
    spec = _truth(sample_town)["who"]
    result = _ask(sample_town / "index", spec["question"], "--json")
    answer = json.loads(result.output)
    # the truth's short answer, as the reader cuts it ("Dana Whitfield"; the feature ranker said "Mayor Dana Whitfield")
    assert spec["short_answer"] in answer["short_answer"] and len(answer["short_answer"].split()) <= 4
    assert not answer["abstained"]
    assert {c["id"] for c in answer["citations"]} <= set(spec["posts"])
    author = answer["citations"][0]["author"]
    scoped = json.loads(_ask(sample_town / "index", spec["question"], "--json", "--from", author).output)
    assert {c["author"] for c in scoped["citations"]} == {author}
    unanswerable = json.loads(
        _ask(sample_town / "index", _truth(sample_town)["unanswerable_chess"]["question"], "--json").output
    )
    assert unanswerable["abstained"] and unanswerable["text"].startswith("No public post here answers that.")


def test_ask_errors_are_one_line(sample_town, tmp_path):
    export = tmp_path / "airline.csv"
    export.write_text("text,name\n@united my bag is lost,ana\n")
    # 46 handles: a 504-character scope leaves no room for "Eastport" (it was cut to "Eastp" and answered)
    crowd = " ".join(f"{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(46))
    for args, message in (
        ((tmp_path, "who?"), "is not an index"),
        ((sample_town / "index", "who?", "--since", "yesterday"), "search parameters"),
        (
            (sample_town / "index", "Is the Eastport ferry running?", "--from", crowd),
            "no room is left for the question",
        ),
        ((sample_town / "index", "  "), "the question is empty"),
        ((sample_town / "index", "who?", "--model", tmp_path / "none"), "is not a model folder"),
        # review 11 (R11-15): a CSV given as INDEX was told to write an index over itself (`--out FILE.csv`), and a
        # question past what the assistant reads was cut and answered without a word
        ((export, "who?"), "is a file, not an index folder"),
        ((sample_town / "index", "Is the Eastport ferry running? " + "x" * 2000), "reads at most 2,000"),
        # review 15 (R15-31): a profile link was called "an operator"
        ((sample_town / "index", "who?", "--from", "https://x.com/maya"), "give 'maya', not"),
    ):
        result = _ask(*args)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error:") and message in lines[0], result.output


def test_a_long_line_among_questions_is_said_and_the_rest_answered(sample_town):
    from townsquare.cli import main

    spec = _truth(sample_town)["who"]
    lines = f"{spec['question']} {'x' * 2000}\n{spec['question']}\n"
    result = CliRunner().invoke(main, ["ask", str(sample_town / "index"), "-", "--json"], input=lines)
    assert result.exit_code == 0, result.output
    long = len(spec["question"]) + 2001
    assert result.stderr.strip() == f"question 1: {long:,} characters, only the first 2,000 read"
    assert len(result.stdout.strip().splitlines()) == 2  # one JSON answer a line, the long one too


def test_a_blank_line_among_questions_keeps_the_answers_in_step(sample_town):
    from townsquare.cli import main

    truth = _truth(sample_town)
    asked = [truth["who"]["question"], "", truth["unanswerable_chess"]["question"]]
    result = CliRunner().invoke(main, ["ask", str(sample_town / "index"), "-", "--json"], input="\n".join(asked) + "\n")
    assert result.exit_code == 0, result.output
    # review 15 (R15-14): the blank line was dropped, so line 3's answer was printed as line 2
    answers = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [a["question"] for a in answers] == asked, answers
    assert answers[1]["error"] == "the question is empty"
    assert result.stderr.strip() == "question 2: the line is empty, no answer"
    # an abstention claims nothing: no "0/0 sentences supported" under it (R15-27)
    plain = CliRunner().invoke(main, ["ask", str(sample_town / "index"), truth["unanswerable_chess"]["question"]])
    assert plain.exit_code == 0 and "0/0 sentences" not in plain.output, plain.output


def test_languages_and_handles_may_be_comma_separated(sample_town):
    spec = _truth(sample_town)["who"]
    # review 15 (R15-31): `build --lang en,de` is the documented form; `ask --lang en,de` was an invalid code
    spaced = json.loads(_ask(sample_town / "index", spec["question"], "--json", "--lang", "en de").output)
    commas = json.loads(_ask(sample_town / "index", spec["question"], "--json", "--lang", "en,de").output)
    assert commas["text"] == spaced["text"] and not commas["abstained"], commas
