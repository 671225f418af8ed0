"""Training throughput: townsquare's step vs plain nanoGPT-style reference loops, in the same run.

    python bench/train_step.py                     # CPU: tiny preset, 1 thread (see below), 20 timed steps
    python bench/train_step.py --threads 2 --steps 40 --compile   # also time torch.compile on CPU
    python bench/train_step.py --gpu               # + small and base on CUDA: tokens/s and MFU (skips without CUDA)

Rows (same batch: B x T tokens per step, same random token windows, AdamW, clip 1.0):
  townsquare      train.loop.train_step on the preset's LlamaForCausalLM (what `townsquare train` runs)
  ref-llama       a bare loop (forward, loss, backward, clip, step) on the same LlamaForCausalLM
  ref-nanogpt     a bare loop on a nanoGPT GPT-2 block stack of the same width/depth and vocab
MFU = 6 * N * tokens/s + attention flops (12 * L * T * d per token), over the GPU's dense bf16 peak.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from townsquare.train.config import TrainConfig
from townsquare.train.loop import build_optimizer, lr_multiplier, train_step

PEAK_BF16 = {"H100": 989e12, "H200": 989e12, "A100": 312e12}  # dense, no sparsity


# ---- nanoGPT reference (model.py, condensed) -------------------------------------------
class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd: int, n_head: int) -> None:
        super().__init__()
        self.c_attn, self.c_proj, self.n_head = nn.Linear(n_embd, 3 * n_embd, bias=False), \
            nn.Linear(n_embd, n_embd, bias=False), n_head

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)  # (B, T, C) each
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))  # (B, nh, T, hs)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))


class Block(nn.Module):
    def __init__(self, n_embd: int, n_head: int) -> None:
        super().__init__()
        self.ln_1, self.attn, self.ln_2 = nn.LayerNorm(n_embd), CausalSelfAttention(n_embd, n_head), nn.LayerNorm(n_embd)
        self.mlp = nn.Sequential(nn.Linear(n_embd, 4 * n_embd, bias=False), nn.GELU(),
                                 nn.Linear(4 * n_embd, n_embd, bias=False))

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, vocab: int, block_size: int, n_layer: int, n_embd: int, n_head: int) -> None:
        super().__init__()
        self.wte, self.wpe = nn.Embedding(vocab, n_embd), nn.Embedding(block_size, n_embd)
        self.h = nn.ModuleList(Block(n_embd, n_head) for _ in range(n_layer))
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, vocab, bias=False)
        self.lm_head.weight = self.wte.weight  # tied, as in our Llama presets

    def forward(self, idx, targets):
        pos = torch.arange(idx.shape[1], device=idx.device)
        x = self.wte(idx) + self.wpe(pos)  # (B, T, C)
        for block in self.h:
            x = block(x)
        logits = self.lm_head(self.ln_f(x))  # (B, T, V)
        return F.cross_entropy(logits.float().flatten(0, 1), targets.flatten())


# ---- timing --------------------------------------------------------------------------
def windows(tokens: np.ndarray, steps: int, cfg: TrainConfig, seed: int = 0):
    """The same (x, y) micro-batches for every contender: steps x grad_accum of (B, T)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(steps * cfg.grad_accum):
        starts = rng.integers(0, len(tokens) - cfg.block_size - 1, cfg.batch_size)
        w = torch.from_numpy(np.stack([tokens[s:s + cfg.block_size + 1] for s in starts]).astype(np.int64))
        out.append((w[:, :-1], w[:, 1:]))
    return out


def sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def time_steps(step_fn, batches, cfg: TrainConfig, warmup: int, device: str) -> float:
    """Median tokens/s over the timed steps (after ``warmup`` untimed ones)."""
    per_step = []
    for i in range(len(batches) // cfg.grad_accum):
        chunk = batches[i * cfg.grad_accum:(i + 1) * cfg.grad_accum]
        sync(device)
        start = time.perf_counter()
        step_fn(chunk)
        sync(device)
        if i >= warmup:
            per_step.append(time.perf_counter() - start)
    return cfg.tokens_per_step / statistics.median(per_step)


def contenders(cfg: TrainConfig, vocab: int, device: str, compile_ours: bool):
    from transformers import LlamaForCausalLM

    on_gpu = device.startswith("cuda")
    autocast = (lambda: torch.autocast("cuda", dtype=torch.bfloat16)) if on_gpu else contextlib.nullcontext

    def ours(use_compile: bool):
        torch.manual_seed(0)
        model = LlamaForCausalLM(cfg.llama_config(vocab)).to(device)
        model.config.use_cache = False
        forward = torch.compile(model) if use_compile else model
        optimizer = build_optimizer(model, cfg, device)
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: lr_multiplier(s, cfg))
        n = sum(p.numel() for p in model.parameters())
        return n, lambda chunk: train_step(model, forward, optimizer, scheduler, chunk, cfg, device, autocast)

    def plain(model):
        model = model.to(device)
        optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, betas=(cfg.beta1, cfg.beta2),
                                      weight_decay=cfg.weight_decay, fused=on_gpu)
        is_gpt = isinstance(model, GPT)

        def step(chunk):
            for x, y in chunk:
                x, y = x.to(device), y.to(device)
                with autocast():
                    if is_gpt:
                        loss = model(x, y)
                    else:
                        loss = F.cross_entropy(model(input_ids=x).logits.float().flatten(0, 1), y.flatten())
                (loss / cfg.grad_accum).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)

        return sum(p.numel() for p in model.parameters()), step

    rows = [("townsquare", *ours(False))]
    if compile_ours:
        rows.append(("townsquare+compile", *ours(True)))
    torch.manual_seed(0)
    llama = LlamaForCausalLM(cfg.llama_config(vocab))
    llama.config.use_cache = False
    rows.append(("ref-llama", *plain(llama)))
    torch.manual_seed(0)
    rows.append(("ref-nanogpt", *plain(GPT(vocab, cfg.block_size, cfg.n_layer, cfg.n_embd, cfg.n_head))))
    return rows


def flops_per_token(n_params: int, cfg: TrainConfig) -> float:
    return 6 * n_params + 12 * cfg.n_layer * cfg.block_size * cfg.n_embd


def run(preset: str, device: str, steps: int, warmup: int, compile_ours: bool, vocab: int | None = None,
        **overrides) -> list[dict]:
    cfg = TrainConfig.from_preset(preset, **overrides)
    vocab = vocab or cfg.suggested_vocab
    tokens = np.random.default_rng(0).integers(0, vocab, size=2_000_000).astype(np.uint16)
    batches = windows(tokens, steps + warmup, cfg)
    results = []
    for name, n_params, step_fn in contenders(cfg, vocab, device, compile_ours):
        tok_s = time_steps(step_fn, batches, cfg, warmup, device)
        row = {"preset": preset, "device": device, "loop": name, "params_M": n_params / 1e6, "tok_per_s": tok_s}
        if device.startswith("cuda"):
            peak = next((v for k, v in PEAK_BF16.items() if k in torch.cuda.get_device_name()), None)
            row["mfu"] = flops_per_token(n_params, cfg) * tok_s / peak if peak else math.nan
        results.append(row)
        del step_fn
    return results


def show(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="training step throughput")
    for col in ("preset", "device", "loop", "params", "tokens/s", "vs townsquare", "MFU"):
        table.add_column(col, justify="right")
    base = {(r["preset"], r["device"]): r["tok_per_s"] for r in rows if r["loop"] == "townsquare"}
    for r in rows:
        table.add_row(r["preset"], r["device"], r["loop"], f"{r['params_M']:.2f}M", f"{r['tok_per_s']:,.0f}",
                      f"{r['tok_per_s'] / base[(r['preset'], r['device'])]:.2f}x",
                      f"{r['mfu']:.1%}" if "mfu" in r else "-")
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="tiny")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1,
                        help="CPU threads (1: on a shared 2-core box, 2 OpenMP threads spin-wait on each other)")
    parser.add_argument("--compile", action="store_true", help="also time torch.compile of our step on CPU")
    parser.add_argument("--gpu", action="store_true", help="also run small and base on CUDA (skipped without CUDA)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = run(args.preset, "cpu", args.steps, args.warmup, args.compile)
    if args.gpu:
        if not torch.cuda.is_available():
            print("GPU part skipped: CUDA is not available on this machine")
        else:
            torch.backends.cuda.matmul.allow_tf32 = True
            for preset in ("small", "base"):
                # one micro-batch per step is enough for throughput; the presets' accumulation only repeats it
                rows += run(preset, "cuda", 20, 5, True, grad_accum=1)
    show(rows)


if __name__ == "__main__":
    main()
