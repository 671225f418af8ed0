"""``townsquare report``: the page shows each run against the published baselines, its loss curve and guard."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from release_town import invoke

from townsquare.cli import main


def test_report_compares_runs_with_the_baselines(town, tmp_path):
    run = town / "runs" / "micro"
    second = town / "runs" / "micro-2"
    shutil.copytree(run, second)
    evaluation = json.loads((second / "eval.json").read_text())
    evaluation["tweeteval"]["all6"] += 1.0  # a later, better run
    evaluation["privacy"]["private_ok"] = False  # whose guard failed
    (second / "eval.json").write_text(json.dumps(evaluation))
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"tfidf_lr": {"all6": 55.5}}))
    out = tmp_path / "page"
    output = invoke("report", run, second, "--out", out, "--baseline", baseline)
    assert "2 run(s), 2 with TweetEval" in output
    page = (out / "index.html").read_text()
    for expected in (
        "FastText (published)",
        "57.3",
        "60.1",
        "67.0",
        "micro-2",
        "PASS",
        "FAIL",
        "Memorization guard FAILED for: micro-2",
        "progress.png",
        "losses.png",
        "smoke run",
    ):
        assert expected in page, expected
    report = json.loads((out / "report.json").read_text())
    assert report["baselines"]["TF-IDF + LR (measured here)"] == 55.5
    first = next(r for r in report["runs"] if r["name"] == "micro")
    summary = json.loads((run / "train_summary.json").read_text())
    assert first["tokens"] == summary["tokens"] and first["flops"] == 6 * first["params"] * summary["tokens"]
    assert first["val_curve"] and first["val_curve"][-1][0] == summary["tokens"]
    assert (out / "progress.png").stat().st_size > 10_000 and (out / "losses.png").stat().st_size > 10_000


def test_report_refuses_a_folder_that_is_not_a_run(town, tmp_path):
    result = CliRunner().invoke(main, ["report", str(town / "corpus"), "--out", str(tmp_path / "page")])
    assert result.exit_code == 1 and result.output.startswith("Error:") and "is not a run" in result.output
