"""The doc-written adversarial world (docs_generator.py) through the real pipeline, files read in shuffled orders:
no private canary anywhere (corpus, rejects, stats, card, tokens, index, API answers, model samples), every
public control found, and the same corpus whatever the order the files are read in."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("tantivy")

from consent_audit import invoke, run_town, write_inputs  # noqa: E402
from docs_generator import generate  # noqa: E402

pytestmark = pytest.mark.slow


def _verdict(town, reg) -> None:
    problems = []
    leaks = town.leaks(reg.private)
    if leaks:
        problems.append(f"{len(leaks)} of {len(reg.private)} private canaries leaked:\n" + json.dumps(leaks, indent=1))
    missing = town.missing(reg.public)
    if missing:
        problems.append(
            f"{len(missing)} of {len(reg.public)} public controls missing:\n" + json.dumps(missing, indent=1)
        )
    if town.api_errors:  # an answer that is an error hides nothing, but the audit could not look there
        problems.append("API errors:\n" + "\n".join(sorted(set(town.api_errors))[:8]))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_no_private_canary_anywhere_in_any_file_order(tmp_path, seed):
    world = generate(seed)
    assert len(world.reg.private) >= 40 and len(world.reg.public) >= 15
    inputs = write_inputs(tmp_path / "in", world.files, order_seed=seed * 7 + 3)
    town = run_town(tmp_path, inputs, opt_out=world.opt_out)
    _verdict(town, world.reg)


def test_file_order_does_not_change_the_corpus(tmp_path):
    """One world read in its order, reversed and shuffled keeps the same posts with the same text (the same
    version of each edited post) and rejects the same posts for the same reasons."""
    import pyarrow.parquet as pq

    world = generate(5)
    (tmp_path / "opt_out.txt").write_text(world.opt_out, encoding="utf-8")
    outcomes = []
    for order in ("given", "reversed", 13):
        inputs = write_inputs(tmp_path / f"in{order}", world.files, order_seed=order)
        out = tmp_path / f"corpus{order}"
        invoke("build", *inputs, "--out", out, "--workers", 1, "--opt-out", tmp_path / "opt_out.txt")
        kept = sorted(
            (r["id"], r["text"])
            for p in (out / "posts").glob("*.parquet")
            for r in pq.read_table(p).select(["id", "text"]).to_pylist()
        )
        rejected = sorted(
            (r["id"], r["reason"])
            for p in (out / "rejects").glob("*.parquet")
            for r in pq.read_table(p).select(["id", "reason"]).to_pylist()
        )
        outcomes.append((kept, rejected))
    for other in outcomes[1:]:
        assert other[0] == outcomes[0][0], sorted(set(other[0]) ^ set(outcomes[0][0]))
        assert other[1] == outcomes[0][1], sorted(set(other[1]) ^ set(outcomes[0][1]))


def test_a_tiny_model_trained_on_the_world_never_emits_a_private_canary(tmp_path):
    pytest.importorskip("torch")
    world = generate(9)
    inputs = write_inputs(tmp_path / "in", world.files, order_seed=91)
    town = run_town(tmp_path, inputs, opt_out=world.opt_out, train_steps=12)
    assert town.samples and all(sample.strip() for sample in town.samples)
    _verdict(town, world.reg)
