"""The unigram baseline a language model must beat, computed from the token shards.

The baseline is the cross-entropy of the val tokens under unigram token
frequencies counted on train (add-one smoothed): what a model that ignores
context entirely would score. A language model that has learned anything
about word order sits well below it. Training logs it at step 0 and draws it
on the loss curve; evaluation reports it beside the model's val loss.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from townsquare.corpus_dir import CorpusDir
from townsquare.errors import CorpusError
from townsquare.train.shards import check_fresh, open_shard


def unigram_baseline(corpus: str | Path, vocab_size: int, chunk: int = 1 << 24, check: bool = True) -> dict:
    """Unigram cross-entropy (nats/token) on val, from train counts; also val's own unigram entropy.

    ``check=False``: the caller has just run ``check_fresh`` on this corpus.
    """
    if check:  # as training does: shards from before a forget or rebuild hold texts the corpus lost
        check_fresh(corpus)
    folder = CorpusDir(corpus)
    counts, val_counts = (_counts(folder.token_shard(split), vocab_size, chunk) for split in ("train", "val"))
    logp = np.log((counts + 1.0) / (counts.sum() + vocab_size))
    n_val = val_counts.sum()
    cross = float(-(val_counts * logp).sum() / n_val)
    p_val = val_counts[val_counts > 0] / n_val
    return {
        "unigram_val_loss": cross,
        "unigram_val_ppl": math.exp(cross),
        "val_unigram_entropy": float(-(p_val * np.log(p_val)).sum()),
        "val_tokens": int(n_val),
    }


def _counts(path: Path, vocab_size: int, chunk: int) -> np.ndarray:
    """How often each id of a shard occurs, read in chunks (the memmap is never loaded whole); ids past the
    vocabulary are an error."""
    tokens = open_shard(path)
    counts = np.zeros(vocab_size, dtype=np.float64)
    for i in range(0, len(tokens), chunk):
        found = np.bincount(tokens[i : i + chunk], minlength=vocab_size)
        if len(found) > vocab_size:
            raise CorpusError(
                f"{path} holds token id {len(found) - 1}, past the tokenizer's {vocab_size} ids: "
                f"it was not written with this tokenizer.json; rerun `townsquare tokenize`"
            )
        counts += found
    return counts
