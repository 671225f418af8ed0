"""``townsquare eval`` on a malformed canary registry, a registry with nothing to check, a re-tokenized corpus."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.errors import CorpusError, InputError
from townsquare.eval.privacy import check_memorization, load_registry


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{bad\n", ":1: not a JSON line"),
        ('{"id": 1}\n[1, 2]\n', ":2: a canary is a JSON object"),
        ("\n", "holds no canaries"),
    ],
)
def test_a_malformed_registry_is_one_line(canary_run, tmp_path, content, expected):
    micro_run = canary_run[0]
    registry = tmp_path / "canaries.jsonl"
    registry.write_text(content)
    with pytest.raises(InputError, match=expected):
        check_memorization(micro_run, registry, write=False)
    result = CliRunner().invoke(main, ["eval", str(micro_run), "--canaries", str(registry)])
    assert result.exit_code == 1 and expected in result.output and "Traceback" not in result.output


def test_a_registry_that_is_not_utf8_is_one_line(tmp_path):
    registry = tmp_path / "canaries.jsonl"
    registry.write_bytes(b"\xff\xfe{}")
    with pytest.raises(InputError, match="not UTF-8"):
        load_registry(registry)


def test_a_registry_with_nothing_checkable_is_not_a_pass(canary_run, tmp_path):
    micro_run = canary_run[0]
    registry = tmp_path / "canaries.jsonl"
    registry.write_text(
        json.dumps(
            {
                "id": "c1",
                "canary": "my pin is 123456",
                "prefix": "my pin is ",
                "secret": "123456",
                "space": {"kind": "digits", "length": "six"},
            }
        )
        + "\n"
        + json.dumps({"id": "c2", "canary": 5, "prefix": "x", "secret": "1"})
        + "\n"
    )
    with pytest.raises(InputError, match="no canary the guard can check"):
        check_memorization(micro_run, registry, write=False)


def _corpus(root, posts=300):
    from townsquare.post import PostBuilder, write_parquet

    builder = PostBuilder()
    for i in range(posts):
        builder.add(
            id=f"p{i}",
            platform="text",
            text=f"rain again on main street, the {i % 7} bus is late #{i}",
            conversation_id=f"c{i}",
        )
    write_parquet([builder.flush()], root / "posts" / "part-00000.parquet")
    return root


def test_eval_refuses_a_corpus_tokenized_again_since_the_run(canary_run, tmp_path):
    from townsquare.eval.report import evaluate_run
    from townsquare.train.shards import tokenize_corpus

    other = _corpus(tmp_path / "other")
    tokenize_corpus(other, vocab_size=350, val_fraction=0.1)
    run = tmp_path / "run"
    shutil.copytree(canary_run[0], run)
    info = json.loads((run / "run.json").read_text())
    info["corpus"] = str(other)  # as if the run's corpus had been tokenized again with another vocabulary
    (run / "run.json").write_text(json.dumps(info))
    with pytest.raises(CorpusError, match="another tokenizer"):
        evaluate_run(run, samples=0)


def test_unigram_baseline_refuses_ids_past_the_vocabulary(tmp_path):
    from townsquare.eval.perplexity import unigram_baseline
    from townsquare.train.shards import HEADER, tokenize_corpus

    corpus = _corpus(tmp_path / "c", posts=200)
    vocab = tokenize_corpus(corpus, vocab_size=300, val_fraction=0.2)["vocab_size"]
    shard = corpus / "tokens" / "train.bin"
    raw = bytearray(shard.read_bytes())
    tokens = np.frombuffer(bytes(raw[HEADER.size :]), dtype=np.uint16).copy()
    tokens[::5] = vocab + 100  # a damaged shard, or one written with a larger tokenizer
    shard.write_bytes(bytes(raw[: HEADER.size]) + tokens.tobytes())
    with pytest.raises(CorpusError, match="past the tokenizer"):
        unigram_baseline(corpus, vocab)


def test_max_val_tokens_below_one_window_is_refused_not_a_perfect_score(canary_run):
    from townsquare.errors import ConfigError

    result = CliRunner().invoke(main, ["eval", str(canary_run[0]), "--max-val-tokens", "5"])
    assert result.exit_code == 1 and "--max-val-tokens 5" in result.output and "Traceback" not in result.output
    with pytest.raises(ConfigError, match="nothing would be scored"):
        from townsquare.eval.report import evaluate_run

        evaluate_run(canary_run[0], max_val_tokens=5, samples=0)


def test_a_broken_run_json_is_one_line(canary_run, tmp_path):
    run = tmp_path / "run"
    shutil.copytree(canary_run[0], run)
    (run / "run.json").write_text("{")
    result = CliRunner().invoke(main, ["eval", str(run)])
    assert result.exit_code == 1 and "run.json is unreadable" in result.output and "Traceback" not in result.output


def test_eval_without_canaries_says_the_guard_did_not_run(canary_run):
    result = CliRunner().invoke(main, ["eval", str(canary_run[0]), "--max-val-tokens", "4096"])
    assert result.exit_code == 0, result.output
    assert "memorization guard: not run (pass --canaries" in result.output
