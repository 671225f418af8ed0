"""``ingest()`` and ``townsquare ingest``: outputs, counts, errors."""

from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.errors import UnknownFormatError
from townsquare.post import POST_SCHEMA, read_parquet
from townsquare.sources.ingest import ingest


@pytest.fixture
def inputs(tmp_path, fixtures):
    folder = tmp_path / "in"
    shutil.copytree(fixtures / "mastodon", folder / "mastodon")
    shutil.copytree(fixtures / "bluesky", folder / "bluesky")
    (folder / "notes.md").write_text("# not a format we read\n")
    (folder / "broken.jsonl").write_text('{"did": "d", "time_us": 1, "kind": "commit"}\n{"trunc\n')
    return folder


def test_ingest_folder(inputs, tmp_path):
    out = tmp_path / "out"
    summary = ingest([inputs], out)
    totals = summary.totals
    # fixtures: mastodon 2+8+2+1+11+3 = 27 posts, bluesky 18 + 6; broken.jsonl: 2 bad lines; notes.md: unknown
    assert totals.posts == 51
    assert totals.quarantined == 3 and totals.read == 54 and summary.reconciles
    written = sum(b.num_rows for b in read_parquet(out / "posts"))
    assert written == totals.posts
    assert pq.read_schema(next((out / "posts").glob("part-*.parquet"))).equals(POST_SCHEMA)
    causes = [json.loads(line)["cause"] for line in (out / "quarantine.jsonl").read_text().splitlines()]
    assert causes.count("unknown format") == 1 and len(causes) == 3
    report = json.loads((out / "ingest.json").read_text())
    assert report["totals"]["posts"] == 51 and report["reconciles"] is True
    assert {s["format"] for s in report["sources"]} >= {
        "mastodon",
        "mastodon-outbox",
        "bluesky-car",
        "bluesky-jetstream",
        "unknown",
    }


def test_rerun_replaces_outputs(inputs, tmp_path):
    out = tmp_path / "out"
    ingest([inputs], out)
    ingest([inputs / "bluesky" / "repo.car"], out)
    assert [p.name for p in (out / "posts").glob("*.parquet")] == ["part-00000.parquet"]
    assert sum(b.num_rows for b in read_parquet(out / "posts")) == 6


def test_explicit_unknown_file_raises(inputs, tmp_path):
    with pytest.raises(UnknownFormatError):
        ingest([inputs / "notes.md"], tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing written before the error


def test_cli_summary_table(inputs, tmp_path):
    result = CliRunner().invoke(
        main, ["ingest", str(inputs), "--out", str(tmp_path / "out")], env={"COLUMNS": "200"}
    )  # rich sizes the table from COLUMNS
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if "quar." in line)
    for column in ("read", "posts", "public", "private", "deleted", "skip"):
        assert column in header
    total = next(line for line in lines if "TOTAL" in line)
    assert [cell.strip() for cell in total.split("│") if cell.strip()][1:] == ["54", "51", "36", "13", "2", "3", "26"]
    assert "Counts reconcile: read 54 = posts 51 + quarantined 3." in result.output


def test_cli_csv_map_and_format(tmp_path):
    path = tmp_path / "data.dat"
    path.write_text("who,body\nann,hello there\n")
    result = CliRunner().invoke(
        main, ["ingest", str(path), "--out", str(tmp_path / "o"), "--format", "csv", "--map", "author=who,text=body"]
    )
    assert result.exit_code == 0, result.output
    row = next(read_parquet(tmp_path / "o" / "posts")).to_pylist()[0]
    assert (row["author_handle"], row["text"]) == ("ann", "hello there")


@pytest.mark.parametrize("args", [["--map", "text"], ["--map", "nonsense=x"], ["--format", "myspace"]])
def test_cli_bad_options(tmp_path, fixtures, args):
    result = CliRunner().invoke(main, ["ingest", str(fixtures / "csv"), "--out", str(tmp_path / "o"), *args])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "Error" in result.output


def test_cli_format_choices_match_the_registry():
    from townsquare.cli.ingest import FORMAT_NAMES
    from townsquare.sources import FORMATS

    assert FORMAT_NAMES == tuple(FORMATS)
