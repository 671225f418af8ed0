"""``townsquare eval``'s unigram baseline refuses token shards made from another state of the corpus."""

from __future__ import annotations

import json

import pytest

from townsquare.errors import CorpusError
from townsquare.eval.perplexity import unigram_baseline
from townsquare.post import PostBuilder, write_parquet
from townsquare.train.shards import tokenize_corpus


def test_unigram_baseline_refuses_stale_tokens(tmp_path):
    corpus = tmp_path / "corpus"
    builder = PostBuilder()
    for i in range(200):
        builder.add(
            id=f"p{i}", platform="text", text=f"the bus at the market is late again #{i}", conversation_id=f"c{i}"
        )
    write_parquet([builder.flush()], corpus / "posts" / "part-00000.parquet")
    vocab = tokenize_corpus(corpus, vocab_size=200, val_fraction=0.2)["vocab_size"]  # 200 < 256 bytes: more
    assert unigram_baseline(corpus, vocab)["val_tokens"] > 0  # fresh: no error
    (corpus / "manifest.json").write_text(json.dumps({"counts": {"kept": 199}}))  # posts changed, tokens not
    with pytest.raises(CorpusError, match="rerun `townsquare tokenize"):
        unigram_baseline(corpus, vocab)
