"""A file named on the command line that no reader can read: one ``Error: PATH: ...`` line, exit 1, nothing
written (DESIGN: "A missing file or wrong format is one clear line, not a traceback"). The same file found
in a folder is quarantined with its cause and the run goes on."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from townsquare.cli import main

BAD = {
    # a CSV of something else: no column a post's text could be in
    "scores.csv": (b"user,score\nalice,3\nbob,4\n", "no text column found"),
    # Parquet's magic bytes around garbage: no footer to read
    "broken.parquet": (b"PAR1" + b"\x07" * 64 + b"PAR1", "not a readable Parquet file"),
}
GOOD = "text,author\nthe tram line reopens on monday morning,alice\nrain again over the harbour tonight,bob\n"


def _snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("verb", ["build", "ingest"])
@pytest.mark.parametrize("name", sorted(BAD))
def test_a_named_file_no_reader_can_read_is_one_line_and_nothing_is_written(tmp_path, verb, name):
    content, cause = BAD[name]
    bad = tmp_path / name
    bad.write_bytes(content)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [verb, str(bad), "--out", str(out)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output  # not "shard ... failed", not "rerun to resume", no blank line
    assert lines[0].startswith(f"Error: {bad}: {cause}")
    assert not out.exists()


@pytest.mark.parametrize("verb", ["build", "ingest"])
def test_a_bad_named_file_leaves_an_earlier_output_as_it_was(tmp_path, verb):
    good = tmp_path / "posts.csv"
    good.write_text(GOOD)
    out = tmp_path / "out"
    first = CliRunner().invoke(main, [verb, str(good), "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = _snapshot(out)
    bad = tmp_path / "scores.csv"
    bad.write_bytes(BAD["scores.csv"][0])
    result = CliRunner().invoke(main, [verb, str(good), str(bad), "--out", str(out)])
    assert result.exit_code == 1 and result.output.startswith(f"Error: {bad}: no text column")
    assert _snapshot(out) == before


@pytest.mark.parametrize("verb", ["build", "ingest"])
def test_the_same_files_in_a_folder_are_quarantined_and_the_run_goes_on(tmp_path, verb):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "posts.csv").write_text(GOOD)
    for name, (content, _) in BAD.items():
        (folder / name).write_bytes(content)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [verb, str(folder), "--out", str(out), *(["--workers", "1"] * (verb == "build"))])
    assert result.exit_code == 0, result.output
    quarantine = [out / "quarantine.jsonl"] if verb == "ingest" else sorted((out / "quarantine").glob("*.jsonl"))
    records = [json.loads(line) for file in quarantine for line in file.read_text().splitlines()]
    causes = {record["source"]: record["cause"] for record in records}
    for name, (_, cause) in BAD.items():
        assert cause in causes[str(folder / name)]
    if verb == "build":
        counts = json.loads((out / "stats" / "global.json").read_text())["counts"]
        assert (counts["read"], counts["kept"], counts["quarantined"]) == (4, 2, 2) and counts["reconciles"]
    else:
        totals = json.loads((out / "ingest.json").read_text())["totals"]
        assert (totals["read"], totals["posts"], totals["quarantined"]) == (4, 2, 2)


@pytest.mark.parametrize("verb", ["build", "ingest"])
def test_json_named_like_a_csv_is_called_json_and_format_is_named_only_when_given(tmp_path, verb):
    path = tmp_path / "export.csv"
    path.write_text('{"posts": [{"body": "the tram line reopens on monday"}]}\n')
    out = tmp_path / "out"
    plain = CliRunner().invoke(main, [verb, str(path), "--out", str(out)])
    assert plain.exit_code == 1 and len(plain.output.splitlines()) == 1, plain.output
    assert plain.output.startswith(f"Error: {path}: looks like JSON, not CSV")
    assert "--format csv" not in plain.output  # the user never passed it
    forced = CliRunner().invoke(main, [verb, str(path), "--out", str(out), "--format", "csv"])
    assert forced.exit_code == 1 and len(forced.output.splitlines()) == 1, forced.output
    assert forced.output.startswith(f"Error: {path}: looks like JSON, not CSV; leave out --format csv")
    assert not out.exists()


def test_a_rerun_with_format_does_not_resume_a_cause_written_without_it(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "posts.csv").write_text(GOOD)
    (folder / "export.csv").write_text('{"posts": []}\n')
    out = tmp_path / "out"

    def cause(*extra):
        result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out), "--workers", "1", *extra])
        assert result.exit_code == 0, result.output
        return next(line for line in result.output.splitlines() if line.startswith("quarantined file: "))

    assert "looks like JSON" in cause() and "--format" not in cause()
    assert "leave out --format csv" in cause("--format", "csv")


@pytest.mark.parametrize("verb", ["build", "ingest"])
@pytest.mark.parametrize(
    "name, head, cause",
    [
        ("like.js", "window.YTD.like.part0 = [", "an X archive like file, not a tweets part"),
        ("direct-messages.js", "window.YTD.direct_messages.part0 = [", "an X archive direct_messages file"),
        ("notes.js", "const x = 1;", "not an X archive part"),
    ],
)
def test_a_named_archive_part_that_holds_no_posts_is_one_line_with_format_given(tmp_path, verb, name, head, cause):
    # review 9, R9-7: with --format x-archive it built an empty corpus and exited 0 (without it: this line)
    part = tmp_path / name
    part.write_text(head + ' {"like": {"tweetId": "1", "fullText": "someone else\'s words"}} ]\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [verb, str(part), "--format", "x-archive", "--out", str(out)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {part}: {cause}"), result.output
    assert not out.exists()
