from __future__ import annotations

import json

import pytest


def test_export_loads_offline_with_auto_classes_and_generates(micro_run, monkeypatch):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model_dir = micro_run / "model"
    for name in (
        "config.json",
        "model.safetensors",
        "generation_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
    ):
        assert (model_dir / name).is_file(), name
    model = AutoModelForCausalLM.from_pretrained(model_dir)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    assert tokenizer.eos_token == "<|endoftext|>" and tokenizer.bos_token == "<|post|>"
    ids = tokenizer("<|post|>the bus at", return_tensors="pt", add_special_tokens=False).input_ids
    assert tokenizer.convert_ids_to_tokens(ids[0, :1].tolist()) == ["<|post|>"]
    out = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=8, do_sample=False)
    assert out.shape[1] > ids.shape[1]
    # by default the tokenizer opens a text with <|post|>, as every training post opens (Llama's BOS)
    assert tokenizer("the bus at").input_ids == ids[0].tolist()
    assert tokenizer.decode(tokenizer("the bus at").input_ids, skip_special_tokens=True) == "the bus at"
    from transformers import pipeline

    text = pipeline("text-generation", model=model, tokenizer=tokenizer)(
        "the bus at", max_new_tokens=4, do_sample=False
    )[0]["generated_text"]
    assert text.startswith("the bus at") and "<|post|>" not in text
    # the exported weights are the trained ones: val loss is as good as at the end of training
    from townsquare.eval.perplexity import val_loss

    info = json.loads((micro_run / "run.json").read_text())
    final_val = json.loads((micro_run / "train_summary.json").read_text())["val_loss"]
    exported = val_loss(model, info["corpus"], info["config"]["block_size"])["val_loss"]
    assert exported == pytest.approx(final_val, abs=0.3)


def test_generate_cli(micro_run):
    from click.testing import CliRunner

    from townsquare.cli import main

    result = CliRunner().invoke(main, ["generate", str(micro_run), "the bus", "-n", "2", "--max-new-tokens", "6"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("[")]
    assert len(lines) == 2 and all("the bus" in line for line in lines)


def test_nucleus_sampling_and_repetition_penalty(micro_run):
    from townsquare.train.generate import generate

    plain = generate(micro_run, "the bus", num=4, max_new_tokens=12, seed=3)
    assert generate(micro_run, "the bus", num=4, max_new_tokens=12, seed=3) == plain  # seeded
    # a tiny nucleus keeps only the top token: sampling becomes greedy
    narrow = generate(micro_run, "the bus", num=4, max_new_tokens=12, seed=3, top_p=1e-6)
    greedy = generate(micro_run, "the bus", num=1, max_new_tokens=12, temperature=0)
    assert narrow == greedy * 4
    penalised = generate(micro_run, "the bus", num=1, max_new_tokens=12, temperature=0, repetition_penalty=5.0)
    assert penalised != greedy


def test_device_cuda_without_a_gpu_is_one_clear_line(micro_run):
    import torch
    from click.testing import CliRunner

    from townsquare.cli import main

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    for verb in (["generate", str(micro_run), "the bus"], ["eval", str(micro_run)]):
        result = CliRunner().invoke(main, [*verb, "--device", "cuda"])
        assert result.exit_code == 1 and "no CUDA GPU" in result.output, result.output
        assert "Traceback" not in result.output


def test_generate_on_the_gpu(micro_run):
    import torch

    from townsquare.train.distributed import pick_device
    from townsquare.train.generate import generate

    if not torch.cuda.is_available():
        pytest.skip("no CUDA GPU")
    assert pick_device("auto") == "cuda"
    [text] = generate(micro_run, "the bus", num=1, max_new_tokens=8, temperature=0, device="cuda")
    assert text.startswith("the bus") and len(text) > len("the bus")
