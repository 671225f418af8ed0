"""A resumed or rerun build writes the same data card as an uninterrupted one (stages in pipeline order)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from corpus_inputs import random_shards

from townsquare.cli import main
from townsquare.corpus import build as build_module
from townsquare.corpus.build import build
from townsquare.corpus.card import STAGE_ORDER, drop_rows, in_pipeline_order


def test_resumed_build_writes_the_same_card_as_an_uninterrupted_one(tmp_path, monkeypatch):
    inputs = random_shards(tmp_path / "in", shards=2, per_shard=200)
    reference = build(inputs, tmp_path / "reference", workers=1)
    assert list(reference.stages) == [name for name in STAGE_ORDER if name in reference.stages]
    card = (tmp_path / "reference" / "CARD.md").read_bytes()
    charts = {p.name: p.read_bytes() for p in (tmp_path / "reference" / "charts").glob("*.png")}

    # a crash between the phases: phase 1 is done, and the rerun reads its shard stats back from
    # disk, where their JSON keys are sorted
    out = tmp_path / "corpus"
    crash = RuntimeError("killed between the phases")

    def killed(*args, **kwargs):
        raise crash

    with monkeypatch.context() as patch:
        patch.setattr(build_module, "_global_pass", killed)
        with pytest.raises(RuntimeError):
            build(inputs, out, workers=1)
    resumed = build(inputs, out, workers=1)
    assert resumed.shards_resumed == 2
    assert (out / "CARD.md").read_bytes() == card
    assert {p.name: p.read_bytes() for p in (out / "charts").glob("*.png")} == charts

    # a rerun that finds everything done prints its table (read from stats/global.json) in pipeline order
    result = CliRunner().invoke(main, ["build", *map(str, inputs), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    cells = [line.split("│")[1].strip() for line in result.output.splitlines() if line.startswith("│ ")]
    rows = [cell for cell in cells if cell in STAGE_ORDER]
    assert rows == [name for name in STAGE_ORDER if name in rows] and len(rows) >= 5


def test_pipeline_order_keeps_unknown_stages_last():
    stages = {
        "dedup": {"dropped": {"b": 1, "a": 1}},
        "zeta": {"dropped": {}},
        "pii": {"dropped": {}},
        "public_only": {"dropped": {"x": 2}},
    }
    assert list(in_pipeline_order(stages)) == ["public_only", "pii", "dedup", "zeta"]
    assert drop_rows(stages) == [("public_only", "x", 2), ("dedup", "a", 1), ("dedup", "b", 1)]
