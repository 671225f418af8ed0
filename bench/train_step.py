"""Training throughput: townsquare's step vs plain nanoGPT-style reference loops, in the same run.

    python bench/train_step.py                     # CPU: tiny preset, 1 thread (see below), 20 timed steps
    python bench/train_step.py --threads 2 --steps 40 --compile   # also time torch.compile on CPU
    python bench/train_step.py --gpu               # + small and base on CUDA: tokens/s and MFU (skips without CUDA)
    python bench/train_step.py --gpu --gpu-only --gpu-presets base --gpu-batch 16   # one preset, another batch

Rows (same batch: B x T tokens per step, same random token windows, AdamW, clip 1.0):
  townsquare      train.loop.train_step on the preset's LlamaForCausalLM (what `townsquare train` runs)
  ref-llama       a bare loop (forward, loss, backward, clip, step) on the same LlamaForCausalLM, with
                  transformers' own attention and an uncompiled loss
  ref-nanogpt     a bare loop on a nanoGPT GPT-2 block stack of the same width/depth and vocab
  townsquare-fused  (opt-in, --gpu-loops) our step with each layer's q/k/v and gate/up projections as one
                  matmul each, same weights and function: does fusing them close the gap to nanoGPT?
On CUDA every row is torch.compile'd (``+compile``: `townsquare train` compiles on GPU, nanoGPT does too)
and runs under bf16 autocast with fused AdamW.
MFU = (6 * N + 12 * L * T * d) flops per token * tokens/s, over the GPU's dense bf16 peak (H100 SXM: 989
TFLOP/s); the table also gives the bf16 matmul rate measured on this GPU in the same run, the practical ceiling.
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
from townsquare.train.loop import build_optimizer, causal_lm_loss, lr_multiplier, train_step, use_causal_attention

PEAK_BF16 = {"H100": 989e12, "H200": 989e12, "A100": 312e12}  # dense, no sparsity


# ---- nanoGPT reference (model.py, condensed) -------------------------------------------
class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd: int, n_head: int) -> None:
        super().__init__()
        self.c_attn, self.c_proj, self.n_head = (
            nn.Linear(n_embd, 3 * n_embd, bias=False),
            nn.Linear(n_embd, n_embd, bias=False),
            n_head,
        )

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)  # (B, T, C) each
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))  # (B, nh, T, hs)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))


class Block(nn.Module):
    def __init__(self, n_embd: int, n_head: int) -> None:
        super().__init__()
        self.ln_1, self.attn, self.ln_2 = (
            nn.LayerNorm(n_embd),
            CausalSelfAttention(n_embd, n_head),
            nn.LayerNorm(n_embd),
        )
        self.mlp = nn.Sequential(
            nn.Linear(n_embd, 4 * n_embd, bias=False), nn.GELU(), nn.Linear(4 * n_embd, n_embd, bias=False)
        )

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


def fuse_projections(model) -> None:
    """Bench-only variant of a LlamaForCausalLM: q/k/v as one matmul, gate/up as one (weights concatenated).

    Computes the same function as the model it changes (logits equal on the CPU,
    eager and compiled); the exported format would need the weights split back.
    """
    import types

    from transformers.models.llama.modeling_llama import apply_rotary_pos_emb

    from townsquare.train.loop import causal_attention

    def attention(self, hidden_states, position_embeddings=None, attention_mask=None, **kwargs):
        B, T, _ = hidden_states.shape
        q, k, v = self.qkv_proj(hidden_states).split(self.qkv_sizes, dim=-1)  # (B, T, H*D), (B, T, Hkv*D) x2
        q, k, v = (t.view(B, T, -1, self.head_dim).transpose(1, 2) for t in (q, k, v))  # (B, H, T, D)
        q, k = apply_rotary_pos_emb(q, k, *position_embeddings)
        out, _ = causal_attention(self, q, k, v, None, scaling=self.scaling)  # (B, T, H, D)
        return self.o_proj(out.reshape(B, T, -1)), None

    def mlp(self, x):
        gate, up = self.gate_up_proj(x).chunk(2, dim=-1)
        return self.down_proj(self.act_fn(gate) * up)

    for layer in model.model.layers:
        attn, ff = layer.self_attn, layer.mlp
        weights = [attn.q_proj.weight, attn.k_proj.weight, attn.v_proj.weight]
        attn.qkv_sizes = [w.shape[0] for w in weights]
        attn.qkv_proj = nn.Linear(weights[0].shape[1], sum(attn.qkv_sizes), bias=False)
        attn.qkv_proj.weight = nn.Parameter(torch.cat([w.detach() for w in weights]))
        del attn.q_proj, attn.k_proj, attn.v_proj
        attn.forward = types.MethodType(attention, attn)
        ff.gate_up_proj = nn.Linear(ff.gate_proj.weight.shape[1], 2 * ff.gate_proj.weight.shape[0], bias=False)
        ff.gate_up_proj.weight = nn.Parameter(torch.cat([ff.gate_proj.weight.detach(), ff.up_proj.weight.detach()]))
        del ff.gate_proj, ff.up_proj
        ff.forward = types.MethodType(mlp, ff)


# ---- timing --------------------------------------------------------------------------
def windows(tokens: np.ndarray, steps: int, cfg: TrainConfig, seed: int = 0):
    """The same (x, y) micro-batches for every contender: steps x grad_accum of (B, T)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(steps * cfg.grad_accum):
        starts = rng.integers(0, len(tokens) - cfg.block_size - 1, cfg.batch_size)
        w = torch.from_numpy(np.stack([tokens[s : s + cfg.block_size + 1] for s in starts]).astype(np.int64))
        out.append((w[:, :-1], w[:, 1:]))
    return out


def sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def time_steps(step_fn, batches, cfg: TrainConfig, warmup: int, device: str) -> float:
    """Median tokens/s over the timed steps (after ``warmup`` untimed ones)."""
    per_step = []
    for i in range(len(batches) // cfg.grad_accum):
        chunk = batches[i * cfg.grad_accum : (i + 1) * cfg.grad_accum]
        sync(device)
        start = time.perf_counter()
        step_fn(chunk)
        sync(device)
        if i >= warmup:
            per_step.append(time.perf_counter() - start)
    return cfg.tokens_per_step / statistics.median(per_step)


def contenders(cfg: TrainConfig, vocab: int, device: str, names: list[str], compile_mode: str | None = None):
    from transformers import LlamaForCausalLM

    on_gpu = device.startswith("cuda")
    autocast = (lambda: torch.autocast("cuda", dtype=torch.bfloat16)) if on_gpu else contextlib.nullcontext

    def ours(use_compile: bool, fused: bool = False):
        torch.manual_seed(0)
        model = LlamaForCausalLM(cfg.llama_config(vocab))
        use_causal_attention(model)
        if fused:
            fuse_projections(model)
        model = model.to(device)
        model.config.use_cache = False
        forward = torch.compile(model, mode=compile_mode) if use_compile else model
        optimizer = build_optimizer(model, cfg, device)
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: lr_multiplier(s, cfg))
        loss_fn = torch.compile(causal_lm_loss, mode=compile_mode) if use_compile else causal_lm_loss
        n = sum(p.numel() for p in model.parameters())
        return n, lambda chunk: train_step(model, forward, optimizer, scheduler, chunk, cfg, device, autocast, loss_fn)

    def plain(model, use_compile: bool):
        model = model.to(device)
        forward = torch.compile(model, mode=compile_mode) if use_compile else model
        optimizer = torch.optim.AdamW(
            model.parameters(), lr=cfg.lr, betas=(cfg.beta1, cfg.beta2), weight_decay=cfg.weight_decay, fused=on_gpu
        )
        is_gpt = isinstance(model, GPT)

        def step(chunk):
            for x, y in chunk:
                x, y = x.to(device), y.to(device)
                with autocast():
                    if is_gpt:
                        loss = forward(x, y)
                    else:
                        loss = F.cross_entropy(forward(input_ids=x).logits.float().flatten(0, 1), y.flatten())
                (loss / cfg.grad_accum).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)

        return sum(p.numel() for p in model.parameters()), step

    def build(name: str):
        base, use_compile = name.removesuffix("+compile"), name.endswith("+compile")
        if base in ("townsquare", "townsquare-fused"):
            return ours(use_compile, fused=base == "townsquare-fused")
        torch.manual_seed(0)
        if base == "ref-llama":
            llama = LlamaForCausalLM(cfg.llama_config(vocab))
            llama.config.use_cache = False
            return plain(llama, use_compile)
        return plain(GPT(vocab, cfg.block_size, cfg.n_layer, cfg.n_embd, cfg.n_head), use_compile)

    for name in names:  # built one at a time: two base models and their optimizers need not share the GPU
        yield (name, *build(name))


def flops_per_token(n_params: int, cfg: TrainConfig) -> float:
    return 6 * n_params + 12 * cfg.n_layer * cfg.block_size * cfg.n_embd


def profile_step(step_fn, batches, cfg: TrainConfig, top: int = 15) -> None:
    """Print the CUDA kernels that take the most time in a few steps (after the timed ones: warm)."""
    from torch.profiler import ProfilerActivity, profile

    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        for i in range(3):
            step_fn(batches[i * cfg.grad_accum : (i + 1) * cfg.grad_accum])
        torch.cuda.synchronize()
    print(prof.key_averages().table(sort_by="cuda_time_total", row_limit=top, max_name_column_width=70))


def run(
    preset: str,
    device: str,
    steps: int,
    warmup: int,
    names: list[str],
    vocab: int | None = None,
    profile: bool = False,
    compile_mode: str | None = None,
    **overrides,
) -> list[dict]:
    cfg = TrainConfig.from_preset(preset, **overrides)
    vocab = vocab or cfg.suggested_vocab
    tokens = np.random.default_rng(0).integers(0, vocab, size=2_000_000).astype(np.uint16)
    batches = windows(tokens, steps + warmup, cfg)
    results = []
    for name, n_params, step_fn in contenders(cfg, vocab, device, names, compile_mode):
        tok_s = time_steps(step_fn, batches, cfg, warmup, device)
        row = {
            "preset": preset,
            "device": device,
            "loop": name,
            "params_M": n_params / 1e6,
            "tok_per_s": tok_s,
            "batch": f"{cfg.batch_size}x{cfg.block_size}",
        }
        if device.startswith("cuda"):
            peak = next((v for k, v in PEAK_BF16.items() if k in torch.cuda.get_device_name()), None)
            row["mfu"] = flops_per_token(n_params, cfg) * tok_s / peak if peak else math.nan
            row["tflops"] = flops_per_token(n_params, cfg) * tok_s / 1e12
        results.append(row)
        if profile and device.startswith("cuda"):
            print(f"--- {preset} {name}: top CUDA kernels over 3 steps")
            profile_step(step_fn, batches, cfg)
        del step_fn
        if device.startswith("cuda"):
            torch.cuda.empty_cache()
    return results


def matmul_tflops(n: int = 8192, repeats: int = 10) -> float:
    """The bf16 matrix-product rate this GPU reaches (random n x n operands): the practical MFU ceiling."""
    a, b = (torch.randn(n, n, device="cuda", dtype=torch.bfloat16) for _ in range(2))
    for _ in range(3):
        a @ b
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(repeats):
        a @ b
    end.record()
    torch.cuda.synchronize()
    return 2 * n**3 * repeats / (start.elapsed_time(end) / 1e3) / 1e12


def show(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="training step throughput")
    for col in ("preset", "device", "loop", "params", "batch", "tokens/s", "vs townsquare", "TFLOP/s", "MFU"):
        table.add_column(col, justify="right")
    base = {}
    for r in rows:  # the first townsquare row of each preset/device/batch is the 1.00x
        if r["loop"].startswith("townsquare"):
            base.setdefault((r["preset"], r["device"], r["batch"]), r["tok_per_s"])
    for r in rows:
        ours = base.get((r["preset"], r["device"], r["batch"]))
        table.add_row(
            r["preset"],
            r["device"],
            r["loop"],
            f"{r['params_M']:.2f}M",
            r["batch"],
            f"{r['tok_per_s']:,.0f}",
            f"{r['tok_per_s'] / ours:.2f}x" if ours else "-",
            f"{r['tflops']:.0f}" if "tflops" in r else "-",
            f"{r['mfu']:.1%}" if "mfu" in r else "-",
        )
    Console(width=140).print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="tiny")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="CPU threads (1: on a shared 2-core box, 2 OpenMP threads spin-wait on each other)",
    )
    parser.add_argument("--compile", action="store_true", help="also time torch.compile of our step on CPU")
    parser.add_argument("--gpu", action="store_true", help="also run small and base on CUDA (skipped without CUDA)")
    parser.add_argument("--gpu-only", action="store_true", help="skip the CPU rows")
    parser.add_argument("--gpu-presets", nargs="+", default=["small", "base"])
    parser.add_argument("--gpu-steps", type=int, default=20)
    parser.add_argument("--gpu-batch", type=int, default=None, help="micro-batch size on GPU (default: the preset's)")
    parser.add_argument("--gpu-loops", nargs="+", default=["townsquare+compile", "ref-nanogpt+compile"])
    parser.add_argument("--gpu-profile", action="store_true", help="print each GPU loop's top CUDA kernels")
    parser.add_argument(
        "--compile-mode",
        default=None,
        help="torch.compile mode for every compiled row, e.g. max-autotune-no-cudagraphs",
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = (
        []
        if args.gpu_only
        else run(
            args.preset,
            "cpu",
            args.steps,
            args.warmup,
            ["townsquare", "ref-llama", "ref-nanogpt"] + (["townsquare+compile"] if args.compile else []),
        )
    )
    if args.gpu:
        if not torch.cuda.is_available():
            print("GPU part skipped: CUDA is not available on this machine")
        else:
            torch.backends.cuda.matmul.allow_tf32 = True
            print(f"{torch.cuda.get_device_name()}: bf16 8192^3 matmul {matmul_tflops():.0f} TFLOP/s measured")
            for preset in args.gpu_presets:
                # one micro-batch per step is enough for throughput; the presets' accumulation only repeats it
                rows += run(
                    preset,
                    "cuda",
                    args.gpu_steps,
                    5,
                    args.gpu_loops,
                    profile=args.gpu_profile,
                    compile_mode=args.compile_mode,
                    grad_accum=1,
                    batch_size=args.gpu_batch,
                )
    show(rows)


if __name__ == "__main__":
    main()
