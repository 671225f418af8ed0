"""What only a CUDA GPU exercises: bf16 autocast, torch.compile of the model and the loss, fused AdamW.

Skipped where torch sees no GPU (CI has none); run them on a lent GPU with
``PYTHONPATH=src python -m pytest -q tests/train/test_gpu.py``.
"""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU")


def test_micro_trains_compiled_in_bf16_on_the_gpu_and_exports_for_the_cpu(corpus, tmp_path):
    from townsquare.train.generate import generate
    from townsquare.train.loop import train

    summary = train(
        corpus, tmp_path / "gpu", preset="micro", max_steps=40, progress=False, overrides={"eval_interval": 20}
    )
    records = [json.loads(line) for line in (tmp_path / "gpu" / "log.jsonl").read_text().splitlines()]
    start = records[0]
    assert start["device"] == "cuda" and start["compile"] is True
    losses = [r["loss"] for r in records if "loss" in r]
    assert losses[-1] < losses[0] - 1.0 and summary["val_loss"] < start["unigram_val_loss"]
    [text] = generate(tmp_path / "gpu", "the bus", num=1, max_new_tokens=6, temperature=0, device="cpu")
    assert text.startswith("the bus")
