from __future__ import annotations

import pytest

from townsquare.errors import ConfigError
from townsquare.train.config import PRESETS, TrainConfig
from townsquare.train.loop import lr_multiplier


def test_unknown_preset_lists_choices():
    with pytest.raises(ConfigError, match="'huge' is not a preset; choose one of micro, tiny, small, base"):
        TrainConfig.from_preset("huge")


def test_bad_values_and_unknown_settings_are_refused():
    with pytest.raises(ConfigError, match="divisible"):
        TrainConfig.from_preset("tiny", n_embd=100, n_head=3)
    with pytest.raises(ConfigError, match="unknown setting"):
        TrainConfig.from_preset("tiny", learning_rate=1.0)
    with pytest.raises(ConfigError, match="compile"):
        TrainConfig.from_preset("tiny", compile="maybe")


def test_presets_grow_and_small_base_sizes():
    pytest.importorskip("transformers")
    from transformers import LlamaForCausalLM

    sizes = []
    for name in ("small", "base"):
        cfg = PRESETS[name]
        with __import__("torch").device("meta"):
            model = LlamaForCausalLM(cfg.llama_config(cfg.suggested_vocab))
        sizes.append(sum(p.numel() for p in model.parameters()))
    assert 25e6 < sizes[0] < 35e6 and 110e6 < sizes[1] < 135e6


def test_warmup_then_cosine_to_floor():
    cfg = TrainConfig.from_preset("micro", max_steps=100, warmup_steps=10)
    mults = [lr_multiplier(s, cfg) for s in range(100)]
    assert mults[0] < mults[5] < mults[9] <= 1.0
    assert all(a >= b for a, b in zip(mults[10:], mults[11:]))
    assert mults[-1] == pytest.approx(cfg.min_lr / cfg.lr, rel=0.01)
