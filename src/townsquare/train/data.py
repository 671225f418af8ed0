"""Batches from memory-mapped token shards, addressed by step so resuming is exact.

A batch is a pure function of ``(seed, step, micro, rank)``: random windows of
``block_size + 1`` tokens. The "data position" a checkpoint must restore is
therefore just the step, and a resumed run reads exactly the batches the
uninterrupted run would have read.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from townsquare.corpus_dir import CorpusDir
from townsquare.errors import CorpusError
from townsquare.train.shards import check_fresh, open_shard


class TokenBatches:
    """Random ``(x, y)`` windows of one split (``x``: tokens t..t+T-1, ``y``: t+1..t+T)."""

    def __init__(
        self, corpus: str | Path, split: str, block_size: int, seed: int = 0, rank: int = 0, check: bool = True
    ) -> None:
        """``check=False``: the caller has just run ``check_fresh`` on this corpus (it parses tokenizer.json)."""
        if check:  # shards from before a forget or rebuild hold texts the corpus no longer has
            check_fresh(corpus)
        self.tokens = open_shard(CorpusDir(corpus).token_shard(split))
        self.split, self.block_size, self.seed, self.rank = split, block_size, seed, rank
        if len(self.tokens) <= block_size + 1:
            raise CorpusError(
                f"the {split} split has {len(self.tokens)} tokens, fewer than one window of "
                f"{block_size + 1}: use a bigger corpus or a preset with a shorter context"
            )

    def batch(self, step: int, micro: int, batch_size: int):
        """Long tensors ``x, y`` of shape (B, T) for this step, micro-batch and rank."""
        import torch

        rng = np.random.default_rng((self.seed, step, micro, self.rank))
        starts = rng.integers(0, len(self.tokens) - self.block_size - 1, size=batch_size)
        windows = np.stack([self.tokens[s : s + self.block_size + 1] for s in starts]).astype(np.int64)  # (B, T+1)
        windows = torch.from_numpy(windows)
        return windows[:, :-1], windows[:, 1:]

    def sequential(self, batch_size: int, max_tokens: int | None = None):
        """Non-overlapping windows covering the split in order (for perplexity over all of val)."""
        import torch

        n = len(self.tokens) - 1
        if max_tokens is not None:
            n = min(n, max_tokens)
        T = self.block_size
        starts = list(range(0, n - T + 1, T))
        for i in range(0, len(starts), batch_size):
            windows = np.stack([self.tokens[s : s + T + 1] for s in starts[i : i + batch_size]]).astype(np.int64)
            windows = torch.from_numpy(windows)
            yield windows[:, :-1], windows[:, 1:]
