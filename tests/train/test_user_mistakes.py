"""What a user gets wrong with tokenize / train / generate gets one clear line; resume never loses or invents numbers."""

from __future__ import annotations

import json
import math
import shutil

import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.errors import ConfigError, CorpusError, InputError
from townsquare.train.config import TrainConfig
from townsquare.train.loop import train

QUICK = {"eval_interval": 2, "ckpt_interval": 2, "log_interval": 1}


def _one_line(result, expected: str) -> None:
    assert result.exit_code == 1, result.output
    assert expected in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("batch_size=abc", "batch_size must be a whole number"),
        ("batch_size=2.5", "batch_size must be a whole number"),
        ("lr=abc", "lr must be a number"),
        ("beta1=1.5", "beta1 must be in [0, 1)"),
        ("dropout=2", "dropout must be in [0, 1)"),
    ],
)
def test_set_with_a_wrong_type_or_range_is_one_line(corpus, tmp_path, setting, expected):
    result = CliRunner().invoke(
        main, ["train", str(corpus), "--preset", "micro", "--out", str(tmp_path / "r"), "--set", setting]
    )
    _one_line(result, expected)
    assert not (tmp_path / "r").exists()


def test_config_refuses_bools_and_nan():
    with pytest.raises(ConfigError, match="whole number"):
        TrainConfig.from_preset("micro", batch_size=True)
    with pytest.raises(ConfigError, match="a number"):
        TrainConfig.from_preset("micro", lr=float("nan"))


def test_resume_of_a_folder_with_no_run_is_refused(corpus, tmp_path):
    with pytest.raises(ConfigError, match="no run to continue"):
        train(corpus, tmp_path / "typo", preset="micro", max_steps=2, progress=False, resume=True)
    assert not (tmp_path / "typo").exists()


def test_resume_after_the_end_keeps_real_numbers(corpus, tmp_path):
    run = tmp_path / "r"
    train(corpus, run, preset="micro", max_steps=4, overrides=QUICK, progress=False)
    finished = json.loads((run / "train_summary.json").read_text())
    # killed after the last checkpoint, during the export: resume exports, with the losses the run logged
    shutil.rmtree(run / "model")
    (run / "train_summary.json").unlink()
    summary = train(corpus, run, preset="micro", max_steps=4, overrides=QUICK, progress=False, resume=True)
    assert (run / "model" / "model.safetensors").is_file()
    assert math.isfinite(summary["val_loss"]) and math.isfinite(summary["final_loss"])
    assert summary["val_loss"] == pytest.approx(finished["val_loss"])
    assert summary["final_loss"] == pytest.approx(finished["final_loss"])
    # a resume of a finished run changes nothing it wrote
    written = (run / "train_summary.json").read_text()
    again = train(corpus, run, preset="micro", max_steps=4, overrides=QUICK, progress=False, resume=True)
    assert again["already_finished"] and (run / "train_summary.json").read_text() == written
    assert "NaN" not in written


def test_resume_on_another_tokenizer_is_refused(corpus, corpus_factory, tmp_path):
    from townsquare.train.shards import tokenize_corpus

    run = tmp_path / "r"
    train(corpus, run, preset="micro", max_steps=4, overrides=QUICK, progress=False, stop_after=2)
    other = corpus_factory(tmp_path / "other", posts=300, seed=5)
    tokenize_corpus(other, vocab_size=350, val_fraction=0.1)
    with pytest.raises(ConfigError, match="another tokenizer"):
        train(other, run, preset="micro", max_steps=4, overrides=QUICK, progress=False, resume=True)


def test_a_run_from_before_the_fingerprint_on_another_corpus_is_one_line(corpus, corpus_factory, tmp_path):
    from townsquare.train.shards import tokenize_corpus

    run = tmp_path / "r"
    train(corpus, run, preset="micro", max_steps=4, overrides=QUICK, progress=False, stop_after=2)
    info = json.loads((run / "run.json").read_text())
    for key in ("tokenizer", "train_tokens", "val_tokens"):
        info.pop(key, None)
    (run / "run.json").write_text(json.dumps(info))
    other = corpus_factory(tmp_path / "other", posts=900, seed=5)
    tokenize_corpus(other, vocab_size=600, val_fraction=0.1)  # another embedding size
    with pytest.raises(ConfigError, match="does not fit this model"):
        train(other, run, preset="micro", max_steps=4, overrides=QUICK, progress=False, resume=True)


def test_a_damaged_checkpoint_is_one_line(corpus, tmp_path):
    run = tmp_path / "r"
    train(corpus, run, preset="micro", max_steps=4, overrides=QUICK, progress=False, stop_after=2)
    last = run / "ckpt" / "last.pt"
    last.write_bytes(last.read_bytes()[: last.stat().st_size // 2])
    result = CliRunner().invoke(
        main,
        [
            "train",
            str(corpus),
            "--preset",
            "micro",
            "--out",
            str(run),
            "--max-steps",
            "4",
            *[arg for k, v in QUICK.items() for arg in ("--set", f"{k}={v}")],
            "--resume",
        ],
    )
    _one_line(result, "last.pt is damaged")
    last.write_bytes(b"")
    with pytest.raises(InputError, match="damaged"):
        train(corpus, run, preset="micro", max_steps=4, overrides=QUICK, progress=False, resume=True)


def test_a_log_line_cut_by_a_kill_does_not_stop_resume(corpus, tmp_path):
    run = tmp_path / "r"
    train(corpus, run, preset="micro", max_steps=4, overrides=QUICK, progress=False, stop_after=2)
    with open(run / "log.jsonl", "a") as fh:
        fh.write('{"time": 1, "step": 3, "lo')
    summary = train(corpus, run, preset="micro", max_steps=4, overrides=QUICK, progress=False, resume=True)
    assert summary["steps"] == 4
    steps = [json.loads(line).get("step") for line in (run / "log.jsonl").read_text().splitlines()]
    assert steps.count(3) == 1


def test_a_broken_tokenizer_file_is_one_line(corpus_factory, tmp_path):
    from townsquare.train.shards import tokenize_corpus

    corpus = corpus_factory(tmp_path / "c", posts=120)
    tokenize_corpus(corpus, vocab_size=300, val_fraction=0.2)
    (corpus / "tokenizer.json").write_text("{")
    result = CliRunner().invoke(main, ["train", str(corpus), "--preset", "micro", "--out", str(tmp_path / "r")])
    _one_line(result, "not a readable tokenizer")


def test_a_tokenizer_that_did_not_write_the_shards_is_refused(corpus_factory, tmp_path):
    from townsquare.train.data import TokenBatches
    from townsquare.train.shards import tokenize_corpus

    corpus = corpus_factory(tmp_path / "c", posts=120)
    tokenize_corpus(corpus, vocab_size=300, val_fraction=0.2)
    other = corpus_factory(tmp_path / "o", posts=120, seed=3)
    tokenize_corpus(other, vocab_size=400, val_fraction=0.2)
    shutil.copy(other / "tokenizer.json", corpus / "tokenizer.json")
    with pytest.raises(CorpusError, match="not the tokenizer"):
        TokenBatches(corpus, "train", 8)


def test_a_tokenize_killed_midway_leaves_shards_that_train_refuses(corpus_factory, tmp_path, monkeypatch):
    from townsquare.train import shards
    from townsquare.train.data import TokenBatches

    corpus = corpus_factory(tmp_path / "c", posts=120)
    shards.tokenize_corpus(corpus, vocab_size=300, val_fraction=0.2)
    TokenBatches(corpus, "train", 8)

    def killed(*args):
        raise KeyboardInterrupt  # the new tokenizer.json is written, the new shards are not

    monkeypatch.setattr(shards, "split_of", killed)
    with pytest.raises(KeyboardInterrupt):
        shards.tokenize_corpus(corpus, vocab_size=500, val_fraction=0.2)
    monkeypatch.undo()
    with pytest.raises(CorpusError, match="rerun `townsquare tokenize"):
        TokenBatches(corpus, "train", 8)


def test_a_failed_tokenize_leaves_nothing_half_made(tmp_path):
    import pyarrow as pa

    from townsquare.post import POST_SCHEMA, write_parquet
    from townsquare.train.shards import tokenize_corpus

    def corpus_of(name, texts, conversations):
        rows = [
            {
                "id": f"p{i}",
                "platform": "text",
                "text": t,
                "conversation_id": c,
                "visibility": "public",
                "deleted": False,
            }
            for i, (t, c) in enumerate(zip(texts, conversations))
        ]
        write_parquet(
            [pa.RecordBatch.from_pylist(rows, schema=POST_SCHEMA)], tmp_path / name / "posts" / "part-00000.parquet"
        )
        return tmp_path / name

    blank = corpus_of("blank", ["", None, ""], ["a", "b", "c"])
    with pytest.raises(CorpusError, match="no post with text"):
        tokenize_corpus(blank)
    one_thread = corpus_of("one", ["the bus is late again"] * 40, ["c1"] * 40)
    with pytest.raises(CorpusError, match="too few conversations"):
        tokenize_corpus(one_thread)
    for corpus in (blank, one_thread):
        assert not (corpus / "tokens").exists() and not (corpus / "tokenizer.json").exists()
    result = CliRunner().invoke(main, ["train", str(one_thread), "--preset", "micro", "--out", str(tmp_path / "r")])
    _one_line(result, "run `townsquare tokenize")


def test_only_rank_0_prints_the_summary(monkeypatch, tmp_path, corpus):
    from townsquare.train import loop

    monkeypatch.setattr(
        loop,
        "train",
        lambda *a, **k: {
            "run": "x",
            "preset": "micro",
            "params": 1,
            "steps": 1,
            "epochs": 1.0,
            "elapsed_s": 1,
            "tok_per_s": 1,
            "val_loss": 1.0,
            "exported_step": 1,
        },
    )
    monkeypatch.setenv("RANK", "1")
    result = CliRunner().invoke(main, ["train", str(corpus), "--preset", "micro", "--out", str(tmp_path / "r")])
    assert result.exit_code == 0 and result.output == ""
    monkeypatch.setenv("RANK", "0")
    result = CliRunner().invoke(main, ["train", str(corpus), "--preset", "micro", "--out", str(tmp_path / "r")])
    assert "micro:" in result.output


def test_generate_refuses_a_prompt_that_is_not_utf8(micro_run):
    from townsquare.train.generate import generate

    with pytest.raises(InputError, match="not valid UTF-8"):
        generate(micro_run, "caf\udce9", num=1, max_new_tokens=2)
    result = CliRunner().invoke(main, ["generate", str(micro_run), "caf\udce9", "-n", "1"])
    _one_line(result, "not valid UTF-8")


def test_generate_stays_inside_the_trained_context(micro_run, monkeypatch):
    from townsquare.train.export import load_exported
    from townsquare.train.generate import sample

    model, tokenizer = load_exported(micro_run / "model")
    context = model.config.max_position_embeddings
    seen = []
    original = model.generate

    def generate(ids, **kwargs):
        seen.append(ids.shape[1] + kwargs["max_new_tokens"])
        return original(ids, **kwargs)

    monkeypatch.setattr(model, "generate", generate)
    texts = sample(model, tokenizer, "the bus at the market " * 40, num=2, max_new_tokens=8)
    assert len(texts) == 2 and all(t.startswith("the bus at the market " * 40) for t in texts)
    assert seen and max(seen) <= context


def test_samples_end_where_the_model_starts_another_post(micro_run):
    from townsquare.train.export import load_exported
    from townsquare.train.generate import sample

    model, tokenizer = load_exported(micro_run / "model")
    texts = sample(model, tokenizer, "", num=8, max_new_tokens=30, temperature=1.5, seed=1)
    texts += sample(model, tokenizer, "the bus", num=1, max_new_tokens=30, temperature=0)
    assert not any("<|post|>" in t or "<|endoftext|>" in t for t in texts)


def test_a_damaged_export_is_one_line(micro_run, corpus, tmp_path):
    run = tmp_path / "copy"
    shutil.copytree(micro_run, run)
    weights = run / "model" / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    result = CliRunner().invoke(main, ["generate", str(run), "hi", "-n", "1"])
    _one_line(result, "is damaged")
    with pytest.raises(ConfigError, match="damaged"):
        train(corpus, tmp_path / "next", preset="micro", max_steps=1, progress=False, init_from=run)
    (run / "model" / "config.json").write_text("{")
    result = CliRunner().invoke(main, ["generate", str(run), "hi", "-n", "1"])
    _one_line(result, "is damaged")
