"""A finished corpus that lost its CARD.md or charts gets them back on a rerun, from its saved stats."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from corpus_inputs import random_shards

from townsquare.cli import main


def _built(tmp_path):
    inputs = random_shards(tmp_path / "in", shards=2, per_shard=40)
    out = tmp_path / "corpus"
    args = ["build", *map(str, inputs), "--out", str(out), "--workers", "1"]
    assert CliRunner().invoke(main, args).exit_code == 0
    return args, out


def test_rerun_after_the_card_is_lost_rewrites_it(tmp_path):
    args, out = _built(tmp_path)
    card = (out / "CARD.md").read_bytes()
    posts = {p.name: p.read_bytes() for p in (out / "posts").glob("*.parquet")}
    (out / "CARD.md").unlink()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "[ok]" in result.output
    assert (out / "CARD.md").read_bytes() == card
    assert {p.name: p.read_bytes() for p in (out / "posts").glob("*.parquet")} == posts


def test_rerun_after_the_charts_are_lost_redraws_them(tmp_path):
    args, out = _built(tmp_path)
    charts = {p.name: p.read_bytes() for p in (out / "charts").glob("*.png")}
    shutil.rmtree(out / "charts")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in (out / "charts").glob("*.png")} == charts
