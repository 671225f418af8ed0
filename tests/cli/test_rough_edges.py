"""What a new user hit in the first hour (issue: a fresh machine passes), each pinned by a test."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from townsquare.cli import main


def test_pii_names_a_line_without_an_id_by_its_line_number(tmp_path: Path) -> None:
    src, out = tmp_path / "texts.jsonl", tmp_path / "spans.jsonl"
    src.write_text(
        '{"text": "nothing here"}\n{"text": "mail me at jane.doe@example.com"}\n'
        '{"id": "p7", "text": "or jane.roe@example.org"}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["pii", str(src), "--spans", str(out)])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids == [2, "p7"]


def test_ingest_says_where_the_quarantine_is(tmp_path: Path) -> None:
    src = tmp_path / "x.csv"
    src.write_text("id,text\n1,hello town\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(src), "--format", "mastodon", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "out" / "quarantine.jsonl") in result.output.replace("\n", "")


def test_build_says_where_the_quarantine_is(tmp_path: Path) -> None:
    src = tmp_path / "posts.jsonl"
    src.write_text(
        '{"id": "1", "text": "a post about the harbour festival tonight", "author_id": "9"}\n{"id": \n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", str(src), "--format", "x-api-v2", "--out", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "quarantined: file, line and cause of each in" in result.output


def test_an_unknown_format_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    src = tmp_path / "x.jsonl"
    src.write_text("{}\n", encoding="utf-8")
    for verb in ("ingest", "build"):
        result = CliRunner().invoke(main, [verb, str(src), "--format", "tweets", "--out", str(tmp_path / verb)])
        assert result.exit_code == 1, (verb, result.output)
        assert result.output.strip().startswith("Error: unknown format 'tweets'; choose one of:"), result.output


def test_build_reads_an_ingest_output_folder_without_quarantining_its_records(tmp_path: Path, fixtures) -> None:
    ingested = tmp_path / "ingested"
    result = CliRunner().invoke(main, ["ingest", str(fixtures / "x" / "two_tweets.jsonl"), "--out", str(ingested)])
    assert result.exit_code == 0, result.output
    assert (ingested / "ingest.json").is_file()
    result = CliRunner().invoke(main, ["build", str(ingested), "--out", str(tmp_path / "corpus")])
    assert result.exit_code == 0, result.output
    assert "quarantined file" not in result.output
    manifest = json.loads((tmp_path / "corpus" / "manifest.json").read_text())
    assert [Path(item["path"]).parent.name for item in manifest["inputs"]] == ["posts"]
    assert manifest["counts"]["quarantined"] == 0 and manifest["counts"]["read"] >= 1


def test_table_titles_are_not_folded_mid_word(tmp_path: Path, fixtures) -> None:
    out = tmp_path / ("a-rather-long-folder-name-for-the-corpus-" * 2 + "x")
    result = CliRunner().invoke(main, ["build", str(fixtures / "x" / "page_pretty.json"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"townsquare build -> {out}" in result.output.splitlines()


def test_an_ingest_folder_is_not_a_corpus_to_index_or_tokenize(tmp_path: Path, fixtures) -> None:
    """`ingest` converts without filtering: indexing or training on its output leaked private posts."""
    ingested = tmp_path / "ingested"
    result = CliRunner().invoke(main, ["ingest", str(fixtures / "x" / "page_pretty.json"), "--out", str(ingested)])
    assert result.exit_code == 0, result.output
    before = sorted(p.name for p in ingested.iterdir())
    for argv in (["index", str(ingested), "--out", str(tmp_path / "index")], ["tokenize", str(ingested)]):
        result = CliRunner().invoke(main, argv)
        assert result.exit_code == 1, result.output
        assert "is an `ingest` output, not a corpus" in result.output
    assert not (tmp_path / "index").exists() and sorted(p.name for p in ingested.iterdir()) == before


def test_a_free_text_argument_may_start_with_a_dash() -> None:
    import click

    from townsquare.cli import TextArgCommand

    @click.command(cls=TextArgCommand)
    @click.argument("query")
    @click.option("-n", "--max-results", type=int, default=10)
    @click.option("--json", "as_json", is_flag=True)
    def search(query: str, max_results: int, as_json: bool) -> None:
        click.echo(f"{query}|{max_results}|{as_json}")

    def run(*args: str) -> str:
        result = CliRunner().invoke(search, list(args))
        return result.output.strip() if result.exit_code == 0 else f"exit {result.exit_code}: {result.output}"

    assert run("-is:reply news") == "-is:reply news|10|False"  # 'n' inside "news" is not -n
    assert run("-n", "3", "-is:reply bus") == "-is:reply bus|3|False"
    assert run("-is:reply bus", "--json", "--max-results=4") == "-is:reply bus|4|True"
    assert run("--", "-n") == "-n|10|False"
    assert run("-n3", "-news") == "-news|3|False"
    assert "No such option '--bogus'" in run("bus", "--bogus")


def test_index_of_a_missing_corpus_draws_no_spinner_before_its_error(tmp_path: Path, monkeypatch) -> None:
    # R15-17: on a terminal the spinner drew "indexing 0 rows" before the error line; it now starts with the
    # first rows. FORCE_COLOR makes rich treat the test's output as a terminal, as a user's shell is.
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = CliRunner().invoke(main, ["index", str(tmp_path / "nosuch"), "--out", str(tmp_path / "index")])
    assert result.exit_code == 1
    assert "does not exist" in result.output and "indexing" not in result.output


def test_ingest_table_in_a_log_keeps_each_source_on_one_line(tmp_path: Path) -> None:
    # R15-26: off a terminal rich drew 80 columns, folding "x-api-v2/2sets.jsonl" into 6-character fragments
    # (or a 0-wide column in quickstart's log) and cutting the last column; a log is as wide as the table needs
    folder = tmp_path / "an-export-folder-with-a-long-name"
    folder.mkdir()
    src = folder / "posts-of-the-harbour-festival-week.jsonl"
    src.write_text('{"id": "1", "text": "the harbour festival opens tonight", "author_id": "9"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(src), "--format", "x-api-v2", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "harbour-festival" in line]
    assert len(rows) == 1 and f"{folder.name}/{src.name}" in rows[0]
    assert all(line.rstrip().endswith(("┓", "┃", "┩", "│", "┘")) for line in result.output.splitlines()[1:6])
