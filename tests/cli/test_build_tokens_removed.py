"""``townsquare build`` says when it removed token shards made from the previous posts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from townsquare.cli import main
from townsquare.post import batch_from_rows, write_parquet
from townsquare.train.shards import tokenize_corpus


def _source(folder):
    t0 = datetime(2025, 3, 1, tzinfo=UTC)
    places = ["library", "harbour", "market", "garden", "bakery", "museum", "bridge", "stadium"]
    rows = [
        {
            "id": f"p{i}",
            "platform": "x",
            "author_id": f"u{i % 7}",
            "conversation_id": f"c{i}",
            "text": f"The {places[i % 8]} near the {places[(i * 3) % 8]} was busy again, number {i} in my diary",
            "created_at": t0 + timedelta(minutes=i),
            "visibility": "public",
            "deleted": False,
        }
        for i in range(80)
    ]
    write_parquet([batch_from_rows(rows)], folder / "posts.parquet")
    return folder / "posts.parquet"


def test_build_says_it_removed_stale_tokens(tmp_path):
    source = _source(tmp_path)
    corpus = tmp_path / "corpus"
    first = CliRunner().invoke(main, ["build", str(source), "--out", str(corpus), "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert "tokenize" not in first.output  # nothing to remove yet
    tokenize_corpus(corpus, vocab_size=300, val_fraction=0.5)
    deletes = tmp_path / "deletes.jsonl"
    deletes.write_text(
        json.dumps({"id": "p5", "action": "delete", "created_at": "2025-04-01T00:00:00.000Z", "reason": "deleted"})
        + "\n"
    )
    result = CliRunner().invoke(main, ["build", str(source), str(deletes), "--out", str(corpus), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert not (corpus / "tokens").exists()
    line = next(line for line in result.output.splitlines() if "tokenizer.json" in line)
    assert str(corpus / "tokens") in line and f"rerun `townsquare tokenize {corpus}`" in line
