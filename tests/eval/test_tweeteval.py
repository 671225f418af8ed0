"""TweetEval: official metrics, a head per task fine-tuned on the micro model, bad folders refused in one line."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.eval.tweeteval import (
    SIX,
    TASKS,
    FinetuneConfig,
    Split,
    f1_per_class,
    finetune,
    fmt,
    leaderboard_all,
    recall_per_class,
    score,
)

FIXTURE = Path(__file__).parent.parent / "data" / "tweeteval"


def test_published_means_are_the_issue_s_figures():
    assert fmt(leaderboard_all("FastText")) == "57.3"
    assert fmt(leaderboard_all("RoBERTa-base")) == "60.1"
    assert fmt(leaderboard_all("BERTweet")) == "67.0"
    assert fmt(leaderboard_all("FastText", TASKS)) == "58.1" and fmt(leaderboard_all("BERTweet", TASKS)) == "67.9"


def test_metrics_match_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(0)
    for classes in (2, 3, 4, 20):
        y, p = rng.integers(0, classes, 300), rng.integers(0, classes, 300)
        p[:5] = 0  # a class predicted but rare still counts
        assert np.allclose(
            f1_per_class(y, p, classes), metrics.f1_score(y, p, average=None, labels=range(classes), zero_division=0)
        )
        assert np.allclose(
            recall_per_class(y, p, classes),
            metrics.recall_score(y, p, average=None, labels=range(classes), zero_division=0),
        )
    y, p = rng.integers(0, 3, 200), rng.integers(0, 3, 200)
    f1 = metrics.f1_score(y, p, average=None, labels=[0, 1, 2])
    assert score("stance", y, p, 3) == pytest.approx((f1[1] + f1[2]) / 2)  # favor and against, not none
    assert score("irony", y % 2, p % 2, 2) == pytest.approx(metrics.f1_score(y % 2, p % 2))
    assert score("hate", y % 2, p % 2, 2) == pytest.approx(metrics.f1_score(y % 2, p % 2, average="macro"))
    assert score("sentiment", y, p, 3) == pytest.approx(metrics.recall_score(y, p, average="macro"))


@pytest.fixture
def run(canary_run, tmp_path) -> Path:
    """A copy of the micro run (eval rewrites eval.json and REPORT.md)."""
    return Path(shutil.copytree(canary_run[0], tmp_path / "run"))


def test_eval_tweeteval_end_to_end_on_the_micro_model(run):
    result = CliRunner().invoke(
        main,
        [
            "eval",
            str(run),
            "--tweeteval",
            str(FIXTURE),
            "--tweeteval-set",
            "max_steps=3",
            "--tweeteval-set",
            "batch_size=4",
        ],
    )
    assert result.exit_code == 0, result.output
    te = json.loads((run / "eval.json").read_text())["tweeteval"]
    assert set(te["tasks"]) == set(SIX) and "sentiment" in te["skipped"]
    assert te["tasks"]["stance"]["test_examples"] == 5 * 8  # the five targets' test sets pooled
    assert te["tasks"]["stance"]["steps"] == 5 * 3  # one head per target
    for task, r in te["tasks"].items():
        assert 0 <= r["score"] <= 100 and r["steps"] == (15 if task == "stance" else 3)
    assert te["all6"] == pytest.approx(sum(te["tasks"][t]["score"] for t in SIX) / 6)
    assert te["all"] is None and te["comparable"] is False
    report = (run / "REPORT.md").read_text()
    assert "ALL-6" in report and "57.3" in report and "Smoke run" in report
    assert (run / "tweeteval.png").stat().st_size > 0
    assert "ALL-6" in result.output

    # a later eval without --tweeteval keeps the scores
    again = CliRunner().invoke(main, ["eval", str(run)])
    assert again.exit_code == 0, again.output
    assert json.loads((run / "eval.json").read_text())["tweeteval"]["all6"] == te["all6"]


def test_a_head_learns_a_separable_task(canary_run):
    """Fine-tuning does something: a cue word per class is learned to well above chance."""
    rng = random.Random(0)
    words = ["bus", "rain", "park", "coffee", "game", "train", "market"]

    def split(n: int) -> Split:
        labels = np.array([i % 2 for i in range(n)])
        texts = [f"the {rng.choice(words)} {'obviously' if y else 'today'} {rng.choice(words)}" for y in labels]
        return Split(texts, labels)

    model_dir = canary_run[0] / "model"
    cfg = FinetuneConfig(lr=3e-3, epochs=4, batch_size=16, warmup=0.0)
    out = finetune(model_dir, "irony", {"train": split(160), "val": split(40), "test": split(60)}, 2, cfg)
    assert score("irony", out["test_true"], out["test_pred"], 2) > 0.9
    assert out["steps"] == 4 * 10 and out["val"] > 0.9


def _copy_fixture(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "te"))


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda d: (d / "irony" / "test_labels.txt").write_text("0\n1\n"), "has 8 lines but test_labels.txt has 2"),
        (lambda d: (d / "hate" / "val_labels.txt").write_text("0\n7\n0\n1\n0\n1\n"), "val_labels.txt:2: label '7'"),
        (lambda d: shutil.rmtree(d / "emotion"), "emotion/mapping.txt is missing"),
        (lambda d: (d / "stance" / "climate" / "val_text.txt").unlink(), "val_text.txt is missing or empty"),
    ],
)
def test_bad_tweeteval_folders_are_one_error_line(run, tmp_path, damage, expected):
    data = _copy_fixture(tmp_path)
    damage(data)
    before = (run / "eval.json").read_bytes() if (run / "eval.json").exists() else None
    result = CliRunner().invoke(main, ["eval", str(run), "--tweeteval", str(data)])
    assert result.exit_code == 1
    assert result.output.startswith("Error:") and expected in result.output and result.output.count("\n") == 1
    assert ((run / "eval.json").read_bytes() if (run / "eval.json").exists() else None) == before


def test_bad_tweeteval_settings_are_refused(run):
    for setting, expected in (
        ("lr=-1", "lr > 0"),
        ("epoch=2", "unknown tweeteval setting(s) epoch"),
        ("max_steps=abc", "max_steps must be a whole number"),
    ):
        result = CliRunner().invoke(main, ["eval", str(run), "--tweeteval", str(FIXTURE), "--tweeteval-set", setting])
        assert result.exit_code == 1 and expected in result.output, result.output


def test_whitespace_left_by_cut_hashtags_is_not_a_feature(canary_run):
    """TweetEval irony's train/val end ironic tweets in two spaces (a cut #irony), test never: the head must not
    see it, or it scores val 79.5 and test 1.9."""
    from tokenizers import Tokenizer

    from townsquare.eval.tweeteval import _encode

    tokenizer = Tokenizer.from_file(str(canary_run[0] / "model" / "tokenizer.json"))
    assert _encode(tokenizer, ["the bus is late  ", " the  bus is\tlate"], 64) == _encode(
        tokenizer, ["the bus is late"] * 2, 64
    )
