"""``forget`` without ``--release``/``--runs`` while a release and a run of the corpus sit beside it (review 15,
R15-22: quickstart makes ``release/`` and ``runs/tiny``): the post stays in the release's data, so the command says
so on stderr, naming the folders and the flag to pass, and ``forget-report.json`` lists them under ``not_named``."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
from click.testing import CliRunner
from release_town import invoke

from townsquare.cli import main


def _release_ids(release) -> set[str]:
    parts = sorted((release / "data" / "posts").glob("part-*.parquet"))
    return {i for part in parts for i in pq.read_table(part, columns=["id"]).column("id").to_pylist()}


def test_forget_names_the_release_and_run_it_was_not_given(town, tmp_path):
    run, release = town / "runs" / "micro", town / "release"
    invoke("release", run, "--corpus", town / "corpus", "--out", release)
    post_id = sorted(_release_ids(release))[0]
    ids = tmp_path / "ids.txt"
    ids.write_text(post_id + "\n")
    result = CliRunner().invoke(main, ["forget", "--ids", str(ids), "--corpus", str(town / "corpus")])
    assert result.exit_code == 0, result.output
    # was: nothing said, "releases": [] and "runs": [] in the report, while the release still held the post
    assert post_id in _release_ids(release)  # left as it was: only named folders are changed
    assert f"{release}, a release of this corpus, still holds 1 of the removed posts" in result.stderr
    assert f"rerun with --release {release}" in result.stderr
    assert f"{run}, a run of this corpus, was trained on them: rerun with --runs {run}" in result.stderr
    report = json.loads((town / "corpus" / "forget-report.json").read_text())
    assert {(row.get("release") or row.get("run"), row["pass"]) for row in report["not_named"]} == {
        (str(release), f"--release {release}"),
        (str(run), f"--runs {run}"),
    }


def test_nothing_is_said_of_folders_that_were_named(town, tmp_path):
    run, release = town / "runs" / "micro", town / "release"
    invoke("release", run, "--corpus", town / "corpus", "--out", release)
    post_id = sorted(_release_ids(release))[0]
    ids = tmp_path / "ids.txt"
    ids.write_text(post_id + "\n")
    args = ["forget", "--ids", str(ids), "--corpus", str(town / "corpus"), "--release", str(release)]
    result = CliRunner().invoke(main, [*args, "--runs", str(town / "runs")])
    assert result.exit_code == 0, result.output
    assert "of this corpus" not in result.stderr and post_id not in _release_ids(release)
    assert json.loads((town / "corpus" / "forget-report.json").read_text())["not_named"] == []
