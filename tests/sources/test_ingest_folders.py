"""Ingesting folders: the output folder is never read back, unreadable files are quarantined per file."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.errors import ConfigError
from townsquare.sources import expand_paths
from townsquare.sources.ingest import ingest


@pytest.fixture
def exports(tmp_path, fixtures):
    root = tmp_path / "exports"
    (root / "mastodon").mkdir(parents=True)
    shutil.copy(fixtures / "mastodon" / "statuses.jsonl", root / "mastodon" / "statuses.jsonl")
    return root


def test_output_inside_the_input_folder_is_not_read_back(exports):
    out = exports / "ingested"
    first = ingest([exports], out)
    second = ingest([exports], out)
    assert [s.source for s in second.sources] == [s.source for s in first.sources]
    assert second.totals.posts == first.totals.posts > 0
    assert not any("ingested" in s.source for s in second.sources)


def test_expand_paths_exclude(exports):
    (exports / "out" / "posts").mkdir(parents=True)
    (exports / "out" / "posts" / "part-00000.parquet").write_bytes(b"PAR1")
    assert all("out" not in p.parts for p in expand_paths([exports], exclude=exports / "out"))
    assert any("out" in p.parts for p in expand_paths([exports]))


def test_broken_symlink_in_a_folder_is_quarantined(exports):
    (exports / "dangling.jsonl").symlink_to(exports / "nowhere.jsonl")
    summary = ingest([exports], exports.parent / "o")
    bad = [s for s in summary.sources if s.source.endswith("dangling.jsonl")]
    assert len(bad) == 1 and bad[0].quarantined == 1
    lines = (exports.parent / "o" / "quarantine.jsonl").read_text().splitlines()
    assert any(json.loads(line)["cause"] == "broken symbolic link" for line in lines)
    assert summary.reconciles
    # without a handler a broken link is listed, so whoever reads it fails with a clear error
    assert exports / "dangling.jsonl" in expand_paths([exports])


def test_unreadable_file_in_a_folder_is_quarantined_and_the_run_goes_on(exports):
    (exports / "records.tsv").write_text("app.bsky.actor.profile/self\tbafyrei\nx\ty\n")
    out = exports.parent / "o"
    summary = ingest([exports], out)
    bad = next(s for s in summary.sources if s.source.endswith("records.tsv"))
    assert (bad.read, bad.posts, bad.quarantined) == (1, 0, 1)
    assert summary.totals.posts > 0 and summary.reconciles
    causes = [json.loads(line) for line in (out / "quarantine.jsonl").read_text().splitlines()]
    assert any(c["source"].endswith("records.tsv") and "no text column" in c["cause"] for c in causes)
    assert (out / "ingest.json").exists()
    assert not list(out.rglob("*.tmp"))


def test_unreadable_named_file_names_it_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "records.tsv"
    path.write_text("a\tb\nx\ty\n")
    with pytest.raises(ConfigError, match=r"records\.tsv: no text column"):
        ingest([path], tmp_path / "o")
    assert not list((tmp_path / "o").rglob("*.tmp"))
    result = CliRunner().invoke(main, ["ingest", str(path), "--out", str(tmp_path / "o2")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"Error: {path}: no text column")
    assert "Traceback" not in result.output


def test_input_named_inside_the_output_folder_is_an_error(exports):
    from townsquare.errors import InputError

    with pytest.raises(InputError, match="output folder"):
        ingest([exports], exports)
    out = exports.parent / "o"
    ingest([exports], out)
    with pytest.raises(InputError, match="output folder"):
        ingest([out / "posts" / "part-00000.parquet"], out)
    assert (out / "posts" / "part-00000.parquet").exists()  # refused before anything was cleared
