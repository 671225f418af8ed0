"""Validation loss / perplexity of a trained model, beside the unigram baseline it must beat.

The baseline (``townsquare.train.metrics.unigram_baseline``) lives with training, which logs it
at step 0; evaluation reads it from there, so eval depends on train and never the reverse.
"""

from __future__ import annotations

import math
from pathlib import Path

from townsquare.errors import ConfigError
from townsquare.train.metrics import unigram_baseline

__all__ = ["unigram_baseline", "val_loss"]


def val_loss(
    model,
    corpus: str | Path,
    block_size: int,
    device: str = "cpu",
    batch_size: int = 16,
    max_tokens: int | None = None,
    autocast_dtype=None,
) -> dict:
    """Mean next-token loss over the val split in non-overlapping windows (nats/token) and perplexity."""
    import torch
    import torch.nn.functional as F

    from townsquare.train.data import TokenBatches

    data = TokenBatches(corpus, "val", block_size)
    if max_tokens is not None and max_tokens < block_size + 1:  # no window would be scored: loss 0, ppl 1
        raise ConfigError(
            f"--max-val-tokens {max_tokens} is less than one window of the model's context "
            f"({block_size + 1} tokens): nothing would be scored"
        )
    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for x, y in data.sequential(batch_size, max_tokens):
            x, y = x.to(device), y.to(device)
            with torch.autocast(
                device_type=torch.device(device).type, dtype=autocast_dtype, enabled=autocast_dtype is not None
            ):
                logits = model(input_ids=x).logits  # (B, T, V)
            total += F.cross_entropy(logits.float().flatten(0, 1), y.flatten(), reduction="sum").item()
            count += y.numel()
    loss = total / max(count, 1)
    return {"val_loss": loss, "val_ppl": math.exp(loss), "val_tokens_scored": count}
