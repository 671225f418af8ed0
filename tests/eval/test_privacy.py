from __future__ import annotations

import json

import numpy as np
import pytest

from townsquare.eval.privacy import SecretSpace, check_memorization, summarize


def test_repeated_canary_is_exposed_and_never_seen_one_is_not(canary_run):
    run, registry = canary_run
    result = check_memorization(run, registry, max_candidates=300, references_per_canary=3)
    rows = {r["id"]: r for r in result["canaries"]}
    assert set(rows) == {"ctl-120", "ctl-1", "dm-1"} and not result["skipped"]
    assert rows["ctl-120"]["exposure"] > rows["dm-1"]["exposure"] + 3
    assert rows["ctl-120"]["exposure"] > 6 and rows["ctl-120"]["exposure_extrapolated"] > 8
    assert rows["ctl-120"]["extracted"] and not rows["dm-1"]["extracted"]
    assert result["private_ok"] and result["control_rising"]
    written = (run / "privacy.json").read_text()
    assert json.loads(written)["private_ok"] is True
    for secret in ("49381", "27604", "85172", "locker code"):  # the audit scans runs: no secret may be written
        assert secret not in written


def test_report_has_perplexity_baseline_and_privacy(canary_run):
    from townsquare.eval.report import evaluate_run

    run, registry = canary_run
    result = evaluate_run(run, registry, samples=2)
    assert result["val_loss"] < result["unigram_val_loss"]
    assert result["privacy"]["private_ok"]
    report = (run / "REPORT.md").read_text()
    assert "unigram baseline" in report and "Private canaries: **PASS**" in report
    assert f"{result['val_ppl']:.2f}" in report and len(result["samples"]) == 2


def test_verdict_flags_an_exposed_private_canary():
    rows = [
        {
            "id": f"p{i}",
            "kind": "dm",
            "must_not_appear": True,
            "repeats": None,
            "extracted": False,
            "exposure": 9.0,
            "reference_exposures": [1.0, 0.5],
        }
        for i in range(3)
    ]
    assert not summarize(rows)["private_ok"]
    rows[0]["exposure"] = rows[1]["exposure"] = rows[2]["exposure"] = 1.0
    assert summarize(rows)["private_ok"]
    rows[0]["extracted"] = True
    assert not summarize(rows)["private_ok"]


def test_secret_spaces():
    digits = SecretSpace({"kind": "digits", "length": 3})
    assert digits.size == 1000 and digits.contains("042") and not digits.contains("42")
    assert digits.enumerate()[:3] == ["000", "001", "002"] and len(set(digits.enumerate())) == 1000
    words = SecretSpace({"kind": "words", "vocab": ["red", "fox", "sky"], "length": 2, "separator": " "})
    assert words.size == 9 and words.contains("fox sky") and not words.contains("fox cat")
    assert all(words.contains(s) for s in words.sample(np.random.default_rng(0), 20))
    assert SecretSpace({"kind": "words", "vocab": ["a", "b"], "length": 2, "separator": "-"}).contains("a-b")
    with pytest.raises(ValueError):
        SecretSpace({"kind": "opaque", "type": "EMAIL"})
