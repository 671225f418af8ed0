from __future__ import annotations

import json

import pytest

from townsquare.errors import ConfigError
from townsquare.train.loop import train


def _log(run):
    return [json.loads(line) for line in (run / "log.jsonl").read_text().splitlines()]


def test_loss_decreases_and_beats_unigram(micro_run):
    records = _log(micro_run)
    losses = [r["loss"] for r in records if "loss" in r]
    vals = [r["val_loss"] for r in records if "val_loss" in r]
    baseline = records[0]["unigram_val_loss"]
    assert losses[-1] < losses[0] - 1.5
    assert vals[-1] < vals[0] and vals[-1] < baseline - 0.3
    assert (micro_run / "loss.png").stat().st_size > 1000
    assert (micro_run / "ckpt" / "last.pt").is_file()


def test_kill_and_resume_continues_the_same_loss_curve(corpus, tmp_path):
    settings = {"log_interval": 1, "ckpt_interval": 10, "eval_interval": 10}
    full = tmp_path / "full"
    train(corpus, full, preset="micro", max_steps=24, overrides=settings, progress=False)
    cut = tmp_path / "cut"
    # dies at step 15, five steps after its last checkpoint: those five are lost and redone
    assert train(corpus, cut, preset="micro", max_steps=24, overrides=settings, progress=False, stop_after=15) == {
        "stopped_at": 15
    }
    with pytest.raises(ConfigError, match="--resume"):
        train(corpus, cut, preset="micro", max_steps=24, overrides=settings, progress=False)
    train(corpus, cut, preset="micro", max_steps=24, overrides=settings, progress=False, resume=True)
    expected = {r["step"]: r["loss"] for r in _log(full) if "loss" in r}
    got = {r["step"]: r["loss"] for r in _log(cut) if "loss" in r}
    assert sorted(got) == sorted(expected) == list(range(1, 25))
    for step in range(11, 25):
        assert got[step] == pytest.approx(expected[step], rel=1e-5, abs=1e-6), step
    assert any(r.get("event") == "resume" for r in _log(cut))
    # the best validation step survives the kill: both runs export the same step's weights
    summaries = [json.loads((run / "train_summary.json").read_text()) for run in (full, cut)]
    assert summaries[0]["exported_step"] == summaries[1]["exported_step"] == summaries[0]["best_step"]
    assert summaries[1]["best_val_loss"] == pytest.approx(summaries[0]["best_val_loss"], rel=1e-5)


def test_resume_refuses_changed_settings(corpus, tmp_path):
    run = tmp_path / "r"
    train(corpus, run, preset="micro", max_steps=2, overrides={"eval_interval": 2}, progress=False)
    with pytest.raises(ConfigError, match="lr"):
        train(
            corpus,
            run,
            preset="micro",
            max_steps=2,
            overrides={"eval_interval": 2, "lr": 0.5},
            progress=False,
            resume=True,
        )


def test_init_from_starts_a_new_run_at_the_trained_weights(micro_run, corpus, tmp_path):
    first_val = [r["val_loss"] for r in _log(micro_run) if "val_loss" in r]
    cont = tmp_path / "cont"
    train(
        corpus,
        cont,
        preset="micro",
        max_steps=4,
        seed=7,
        overrides={"eval_interval": 2, "lr": 1e-4, "min_lr": 1e-5, "warmup_steps": 0},
        progress=False,
        init_from=micro_run,
    )
    records = _log(cont)
    vals = [r["val_loss"] for r in records if "val_loss" in r]
    # starts where the first run ended (within a few small steps), far below a fresh model's first eval
    assert vals[0] < first_val[0] - 1.0
    assert vals[0] == pytest.approx(first_val[-1], abs=0.3)
    assert json.loads((cont / "run.json").read_text())["init_from"] == str(micro_run)


def test_init_from_refuses_another_shape_or_both_flags(micro_run, corpus, tmp_path):
    with pytest.raises(ConfigError, match="shape"):
        train(
            corpus,
            tmp_path / "big",
            preset="micro",
            max_steps=1,
            overrides={"mlp_hidden": 96},
            progress=False,
            init_from=micro_run,
        )
    with pytest.raises(ConfigError, match="--init-from"):
        train(corpus, tmp_path / "both", preset="micro", max_steps=1, progress=False, init_from=micro_run, resume=True)
    with pytest.raises(ConfigError, match="model.safetensors"):
        train(corpus, tmp_path / "none", preset="micro", max_steps=1, progress=False, init_from=tmp_path)


def test_init_from_refuses_a_run_trained_with_another_tokenizer(micro_run, corpus_factory, tmp_path):
    from townsquare.train.shards import tokenize_corpus

    other = corpus_factory(tmp_path / "other", posts=300, seed=5)
    tokenize_corpus(other, vocab_size=350, val_fraction=0.1)
    with pytest.raises(ConfigError, match="tokenizer"):
        train(other, tmp_path / "run", preset="micro", max_steps=1, progress=False, init_from=micro_run)


def test_training_attention_is_transformers_causal_attention_without_its_mask():
    import torch
    from transformers import LlamaForCausalLM

    from townsquare.train.config import TrainConfig
    from townsquare.train.loop import use_causal_attention

    config = TrainConfig.from_preset("micro").llama_config(512)
    torch.manual_seed(0)
    reference = LlamaForCausalLM(config)
    ours = LlamaForCausalLM(TrainConfig.from_preset("micro").llama_config(512))
    ours.load_state_dict(reference.state_dict())
    use_causal_attention(ours)
    x = torch.randint(0, 512, (3, 32))
    with torch.no_grad():
        expected, got = reference(input_ids=x).logits, ours(input_ids=x).logits
    assert torch.allclose(expected, got, atol=1e-5)
    x2 = x.clone()
    x2[:, -1] = (x2[:, -1] + 1) % 512  # a later token must not change earlier positions: causal
    with torch.no_grad():
        assert torch.allclose(ours(input_ids=x2).logits[:, :-1], got[:, :-1], atol=1e-5)
    assert "townsquare" not in ours.config.to_json_string()  # the exported config keeps the default attention


def test_the_export_is_the_best_validated_weights_not_the_last(micro_run, corpus, tmp_path):
    import torch
    from safetensors.torch import load_file

    finished = json.loads((micro_run / "train_summary.json").read_text())
    vals = {r["step"]: r["val_loss"] for r in _log(micro_run) if "val_loss" in r}
    assert 0 in vals and finished["best_val_loss"] == min(vals.values())
    assert finished["exported_step"] == finished["best_step"]
    # a learning rate far too high ruins the model it starts from: the export must keep the starting weights
    out = tmp_path / "diverged"
    summary = train(
        corpus,
        out,
        preset="micro",
        max_steps=6,
        progress=False,
        init_from=micro_run,
        overrides={"eval_interval": 2, "lr": 0.5, "min_lr": 0.5, "warmup_steps": 0},
    )
    vals = {r["step"]: r["val_loss"] for r in _log(out) if "val_loss" in r}
    assert sorted(vals) == [0, 2, 4, 6]
    assert summary["best_step"] == summary["exported_step"] == 0 and vals[0] < min(vals[2], vals[4], vals[6])
    exported, started = (
        load_file(out / "model" / "model.safetensors"),
        load_file(micro_run / "model" / "model.safetensors"),
    )
    assert exported.keys() == started.keys() and all(torch.equal(exported[k], started[k]) for k in started)
    # export=last keeps the old behaviour: the final weights, and no best.pt
    last = tmp_path / "last"
    summary = train(
        corpus,
        last,
        preset="micro",
        max_steps=2,
        progress=False,
        init_from=micro_run,
        overrides={"eval_interval": 2, "lr": 0.5, "min_lr": 0.5, "warmup_steps": 0, "export": "last"},
    )
    assert summary["exported_step"] == 2 and not (last / "ckpt" / "best.pt").exists()
    assert not torch.equal(
        load_file(last / "model" / "model.safetensors")["model.norm.weight"], started["model.norm.weight"]
    )
