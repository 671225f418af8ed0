"""Token shards never outlive the corpus text they were made from (forget, rebuild, train's check)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.corpus.build import build
from townsquare.errors import CorpusError
from townsquare.post import batch_from_rows, write_parquet
from townsquare.train.data import TokenBatches
from townsquare.train.shards import tokenize_corpus

CANARY = "CANARYTOKENSFORGET15"
WORDS = [
    "bus",
    "library",
    "harbour",
    "market",
    "garden",
    "council",
    "train",
    "bakery",
    "festival",
    "park",
    "river",
    "museum",
    "bridge",
    "school",
    "cafe",
    "stadium",
]


def _corpus_inputs(folder):
    rng = random.Random(3)
    t0 = datetime(2025, 3, 1, tzinfo=UTC)
    rows = [
        {
            "id": f"p{i}",
            "platform": "x",
            "author_id": f"u{i % 7}",
            "conversation_id": f"c{i}",
            "text": f"The {rng.choice(WORDS)} near the {rng.choice(WORDS)} was "
            f"{rng.choice(['busy', 'quiet', 'late'])} again this {rng.choice(['morning', 'evening'])}, "
            f"number {i} in my diary",
            "created_at": t0 + timedelta(minutes=i),
            "visibility": "public",
            "deleted": False,
        }
        for i in range(120)
    ]
    rows[5]["text"] = f"This one gets deleted later {CANARY} about the new library opening hours"
    write_parquet([batch_from_rows(rows)], folder / "posts.parquet")
    return folder / "posts.parquet"


def _tokenized(tmp_path):
    source = _corpus_inputs(tmp_path)
    corpus = tmp_path / "corpus"
    build([source], corpus)
    tokenize_corpus(corpus, vocab_size=300, val_fraction=0.5)
    TokenBatches(corpus, "train", 8)  # fresh: no error
    return source, corpus


def _leaks(corpus) -> list[str]:
    """Files under the corpus that hold the canary's text, raw or as tokens."""
    return [str(p) for p in corpus.rglob("*") if p.is_file() and CANARY.encode() in p.read_bytes()] + [
        str(p) for p in corpus.rglob("*.bin")
    ]  # any token shard left may encode it


def test_forget_removes_token_shards_and_says_so(tmp_path):
    _, corpus = _tokenized(tmp_path)
    (tmp_path / "ids.txt").write_text("p5\n")
    result = CliRunner().invoke(main, ["forget", "--ids", str(tmp_path / "ids.txt"), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "rerun `townsquare tokenize" in result.output
    assert not (corpus / "tokens").exists() and not (corpus / "tokenizer.json").exists()
    assert _leaks(corpus) == []


def test_a_rebuild_that_deletes_a_post_removes_the_token_shards(tmp_path):
    source, corpus = _tokenized(tmp_path)
    deletes = tmp_path / "deletes.jsonl"
    deletes.write_text(
        json.dumps({"id": "p5", "action": "delete", "created_at": "2025-04-01T00:00:00.000Z", "reason": "deleted"})
        + "\n"
    )
    summary = build([source, deletes], corpus)
    assert summary.tokens_removed
    assert _leaks(corpus) == []


def test_a_rebuild_of_the_same_inputs_keeps_fresh_tokens(tmp_path):
    source, corpus = _tokenized(tmp_path)
    summary = build([source], corpus, resume=False)
    assert not summary.tokens_removed
    TokenBatches(corpus, "train", 8)


def test_train_refuses_stale_tokens_with_one_line(tmp_path):
    _, corpus = _tokenized(tmp_path)
    manifest = json.loads((corpus / "manifest.json").read_text())
    manifest["counts"]["kept"] -= 1  # as a forget by an older townsquare leaves it: posts changed, tokens not
    (corpus / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CorpusError, match="rerun `townsquare tokenize"):
        TokenBatches(corpus, "train", 8)
    result = CliRunner().invoke(main, ["train", str(corpus), "--preset", "micro", "--out", str(tmp_path / "run")])
    assert result.exit_code == 1
    assert "rerun `townsquare tokenize" in result.output and "Traceback" not in result.output


def test_tokens_without_a_recorded_state_are_stale(tmp_path):
    _, corpus = _tokenized(tmp_path)
    meta = json.loads((corpus / "tokens" / "meta.json").read_text())
    del meta["corpus_state"]
    (corpus / "tokens" / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(CorpusError, match="rerun `townsquare tokenize"):
        TokenBatches(corpus, "val", 8)
