"""The training loop: one process, DDP or FSDP, same code.

    # one process (CPU or one GPU)
    townsquare train CORPUS --preset tiny --out runs/tiny
    # one node, 8 GPUs, DDP
    torchrun --standalone --nproc_per_node 8 -m townsquare train CORPUS --preset base --out runs/base
    # the same with FSDP (parameters, gradients and optimizer state sharded)
    torchrun --standalone --nproc_per_node 8 -m townsquare train CORPUS --preset base --out runs/base --fsdp
    # two nodes: run on each node with its --node_rank
    torchrun --nnodes 2 --node_rank 0 --master_addr HOST --master_port 29500 --nproc_per_node 8 \\
        -m townsquare train CORPUS --preset base --out runs/base
    # CPU, 2 processes over gloo (what tests/train/test_ddp.py runs)
    torchrun --standalone --nproc_per_node 2 -m townsquare train CORPUS --preset micro --out runs/ddp

A step is ``grad_accum`` micro-batches of ``batch_size`` x ``block_size``
tokens per process; AdamW with a linear warmup then cosine decay to
``min_lr``; gradients clipped to ``grad_clip``; bf16 autocast on GPU, fp32 on
CPU. Every ``ckpt_interval`` steps ``RUN/ckpt/last.pt`` is rewritten; with
``--resume`` the run continues from it and logs exactly the losses the
uninterrupted run would have (batches are a function of the step, see data.py).
Validation runs at step 0 and every ``eval_interval`` steps; the weights
at the lowest validation loss are kept in ``RUN/ckpt/best.pt`` and are what
the run exports (``export=last`` exports the final weights instead): a small
corpus trained for too many epochs overfits, and the export should not.
``--init-from RUN`` is the other way to continue: a *new* run (step 0, fresh
optimizer and schedule) starting from RUN's exported weights, for another
epoch at a lower learning rate or on a newer corpus with the same tokenizer.
Only rank 0 writes: ``RUN/run.json``, ``RUN/log.jsonl``, ``RUN/loss.png``,
``RUN/model/`` (Hugging Face layout) and ``RUN/train_summary.json``.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
import time
from pathlib import Path

from townsquare.corpus_dir import CorpusDir
from townsquare.errors import ConfigError
from townsquare.train import checkpoint, distributed
from townsquare.train.config import TrainConfig


def lr_multiplier(step: int, cfg: TrainConfig) -> float:
    """Linear warmup to 1, then cosine to min_lr/lr at max_steps (multiplies cfg.lr)."""
    if step < cfg.warmup_steps:
        return (step + 1) / (cfg.warmup_steps + 1)
    progress = min(1.0, (step - cfg.warmup_steps) / max(1, cfg.max_steps - cfg.warmup_steps))
    floor = cfg.min_lr / cfg.lr
    return floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))


def build_optimizer(model, cfg: TrainConfig, device: str):
    """AdamW; weight decay on matrices only (not on norms), as in nanoGPT."""
    import torch

    params = [p for p in model.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": cfg.weight_decay},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=cfg.lr, betas=(cfg.beta1, cfg.beta2), fused=device.startswith("cuda"))


def padded_vocab(vocab_size: int, multiple: int = 64) -> int:
    """Round the embedding up so matmuls tile well on GPUs (extra rows are never targets)."""
    return -(-vocab_size // multiple) * multiple


def causal_lm_loss(logits, targets):
    """Mean next-token cross-entropy of ``logits`` (B, T, V) against ``targets`` (B, T), computed in fp32.

    Compiled on GPU (see ``train``) so the upcast and the softmax fuse into one
    pass over the bf16 logits: eagerly, writing and re-reading fp32 copies of
    the (B, T, V) logits held a base step on an H100 at 324k tokens/s; compiled,
    402k (bench/train_step.py).
    """
    import torch.nn.functional as F

    return F.cross_entropy(logits.float().flatten(0, 1), targets.flatten())


CAUSAL_ATTENTION = "townsquare_causal"


def causal_attention(module, query, key, value, attention_mask, dropout: float = 0.0, scaling=None, **kwargs):
    """Attention for training on (B, H, T, D) inputs: causal SDPA, no mask (windows are never padded).

    transformers' "sdpa" path decides per call whether it may drop its (T, T)
    mask and pass ``is_causal``. Under torch.compile on an H100 (transformers
    5.17, torch 2.11) it kept the mask, so the fused kernels could not skip the
    blocks above the diagonal: attention took twice nanoGPT's time and a base
    step ran at 402k tokens/s; with this function, 464k. Here the answer is
    fixed: every training window is one unpadded causal sequence.
    """
    import torch.nn.functional as F

    out = F.scaled_dot_product_attention(
        query, key, value, dropout_p=dropout, scale=scaling, is_causal=True, enable_gqa=key.shape[1] != query.shape[1]
    )
    return out.transpose(1, 2).contiguous(), None  # (B, T, H, D), as transformers expects


def use_causal_attention(model) -> None:
    """Train ``model`` (a transformers causal LM) with ``causal_attention``; its mask is then never built.

    Only the training instance changes: the exported config.json keeps the default attention.
    """
    try:
        from transformers import AttentionInterface
        from transformers.masking_utils import AttentionMaskInterface
    except ImportError:  # older transformers: keep its sdpa path
        return
    if not hasattr(model, "set_attn_implementation"):
        return
    AttentionInterface.register(CAUSAL_ATTENTION, causal_attention)
    AttentionMaskInterface.register(CAUSAL_ATTENTION, lambda *args, **kwargs: None)
    model.set_attn_implementation(CAUSAL_ATTENTION)


def train_step(
    model, forward, optimizer, scheduler, batches, cfg: TrainConfig, device: str, autocast, loss_fn=causal_lm_loss
):
    """One optimizer step over ``grad_accum`` micro-batches ``(x, y)``; returns (mean loss tensor, grad norm).

    ``forward`` is the model itself or its ``torch.compile`` wrapper, ``loss_fn``
    ``causal_lm_loss`` or its compiled version; under DDP the gradient
    all-reduce runs only on the last micro-batch (``no_sync``).
    """
    import torch

    loss_sum = torch.zeros((), device=device)
    for micro, (x, y) in enumerate(batches):
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)  # (B, T) each
        last_micro = micro == cfg.grad_accum - 1
        sync = contextlib.nullcontext() if last_micro or not hasattr(model, "no_sync") else model.no_sync()
        with sync:
            with autocast():
                logits = forward(input_ids=x).logits  # (B, T, V)
                loss = loss_fn(logits, y) / cfg.grad_accum
            loss.backward()
        loss_sum += loss.detach()
    grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
    optimizer.step()
    scheduler.step()
    optimizer.zero_grad(set_to_none=True)
    return loss_sum, grad_norm


def train(
    corpus: str | Path,
    out: str | Path,
    preset: str = "tiny",
    resume: bool = False,
    max_steps: int | None = None,
    seed: int | None = None,
    fsdp: bool = False,
    overrides: dict | None = None,
    progress: bool = True,
    stop_after: int | None = None,
    threads: int | None = None,
    init_from: str | Path | None = None,
) -> dict:
    """Train a preset into ``out`` (see ``_train_unlocked``); rank 0, the one that writes, locks ``out``."""
    from townsquare.lock import output_lock

    with output_lock(out, "train", enabled=os.environ.get("RANK", "0") == "0"):
        return _train_unlocked(
            corpus, out, preset, resume, max_steps, seed, fsdp, overrides, progress, stop_after, threads, init_from
        )


def _train_unlocked(
    corpus: str | Path,
    out: str | Path,
    preset: str = "tiny",
    resume: bool = False,
    max_steps: int | None = None,
    seed: int | None = None,
    fsdp: bool = False,
    overrides: dict | None = None,
    progress: bool = True,
    stop_after: int | None = None,
    threads: int | None = None,
    init_from: str | Path | None = None,
) -> dict:
    """Train a preset on ``CORPUS/tokens`` into ``out``; returns the summary (also ``train_summary.json``).

    ``stop_after`` ends the process after that many steps as if it were killed
    (no final checkpoint, no export): for tests and time-boxed runs. ``threads``
    (CPU) overrides the preset's ``cpu_threads``. ``init_from`` is a run
    (or its ``model/`` folder) whose weights this new run starts from.
    """
    import torch

    from townsquare.train.data import TokenBatches

    if threads:
        torch.set_num_threads(threads)
    from townsquare.train.tokenizer import (
        EOS_TOKEN,
        PAD_TOKEN,
        POST_TOKEN,
        load_tokenizer,
        tokenizer_fingerprint,
    )

    corpus, out = Path(corpus).resolve(), Path(out)
    cfg = TrainConfig.from_preset(preset, max_steps=max_steps, seed=seed, **(overrides or {}))
    dist = distributed.setup()
    if dist.enabled and dist.device == "cpu":  # processes share the cores: one thread each
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // int(os.environ.get("LOCAL_WORLD_SIZE", "1"))))
    elif dist.device == "cpu" and cfg.cpu_threads and threads is None:
        torch.set_num_threads(cfg.cpu_threads)
    on_gpu = dist.device.startswith("cuda")
    if on_gpu:
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True

    tokenizer = load_tokenizer(corpus)
    vocab = tokenizer.get_vocab_size()
    llama_config = cfg.llama_config(
        padded_vocab(vocab),
        bos_token_id=tokenizer.token_to_id(POST_TOKEN),
        eos_token_id=tokenizer.token_to_id(EOS_TOKEN),
        pad_token_id=tokenizer.token_to_id(PAD_TOKEN),
    )
    train_data = TokenBatches(corpus, "train", cfg.block_size, cfg.seed, dist.rank)
    val_data = TokenBatches(corpus, "val", cfg.block_size, cfg.seed + 1, check=False)  # checked just above

    ckpt_path = out / "ckpt" / checkpoint.CKPT_NAME
    if init_from is not None and resume:
        raise ConfigError("--init-from starts a new run; --resume continues this one: pass one of them")
    if ckpt_path.is_file() and not resume:
        raise ConfigError(f"{out} already holds a checkpoint: pass --resume to continue it, or choose another --out")
    tokens_fingerprint = {
        "tokenizer": tokenizer_fingerprint(CorpusDir(corpus).tokenizer),
        "train_tokens": len(train_data.tokens),
        "val_tokens": len(val_data.tokens),
    }
    from townsquare.train.shards import tokens_corpus_state

    run_info = {
        "corpus": str(corpus),
        "corpus_state": tokens_corpus_state(corpus),
        "preset": cfg.preset,
        "config": cfg.to_dict(),
        "vocab_size": vocab,
        "model_vocab_size": llama_config.vocab_size,
        "world_size": dist.world_size,
        "fsdp": fsdp,
        "device": dist.device,
        "init_from": str(init_from) if init_from is not None else None,
        **tokens_fingerprint,
    }
    if resume:
        _check_resumable(out, cfg, tokens_fingerprint)

    from transformers import LlamaForCausalLM

    torch.manual_seed(cfg.seed)
    model = LlamaForCausalLM(llama_config)
    if init_from is not None:
        load_init_weights(model, init_from, CorpusDir(corpus).tokenizer)
    use_causal_attention(model)
    model = model.to(dist.device)
    model.config.use_cache = False
    n_params = sum(p.numel() for p in model.parameters())
    model = distributed.wrap(model, dist, fsdp)
    optimizer = build_optimizer(model, cfg, dist.device)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: lr_multiplier(s, cfg))
    start_step = 0
    best = {"step": None, "val_loss": math.inf}  # lowest validation loss so far (its weights: ckpt/best.pt)
    if resume:
        ckpt = checkpoint.load(out, model, optimizer, scheduler)
        if ckpt is not None:
            start_step = ckpt["step"]
            best = ckpt.get("best", best)
    use_compile = cfg.compile == "on" or (cfg.compile == "auto" and on_gpu)
    forward = torch.compile(model) if use_compile else model
    loss_fn = torch.compile(causal_lm_loss) if use_compile else causal_lm_loss
    autocast = (lambda: torch.autocast("cuda", dtype=torch.bfloat16)) if on_gpu else contextlib.nullcontext

    # how many passes over the train split the run makes: far above ~10, a small corpus overfits
    epochs = cfg.max_steps * cfg.tokens_per_step * dist.world_size / len(train_data.tokens)
    log_path = out / "log.jsonl"
    if dist.is_main:
        out.mkdir(parents=True, exist_ok=True)
        (out / "run.json").write_text(json.dumps(run_info, indent=2))
        _truncate_log(log_path, start_step)
    log = _Logger(log_path, dist.is_main)
    if start_step == 0:
        from townsquare.train.metrics import unigram_baseline

        baseline = unigram_baseline(corpus, vocab, check=False) if dist.is_main else {}  # train_data checked
        log.write(
            {
                "event": "start",
                "params": n_params,
                "tokens_per_step": cfg.tokens_per_step * dist.world_size,
                "world_size": dist.world_size,
                "device": dist.device,
                "compile": use_compile,
                "train_tokens": len(train_data.tokens),
                "epochs": epochs,
                **baseline,
            }
        )
    elif start_step < cfg.max_steps:
        log.write({"event": "resume", "step": start_step})

    def estimate_val() -> float:
        forward.eval()
        losses = []
        with torch.no_grad():
            for i in range(cfg.eval_batches):
                x, y = val_data.batch(0, i, cfg.batch_size)  # the same windows at every eval
                x, y = x.to(dist.device), y.to(dist.device)
                with autocast():
                    logits = forward(input_ids=x).logits  # (B, T, V)
                losses.append(loss_fn(logits, y).item())
        forward.train()
        return distributed.all_reduce_mean(sum(losses) / len(losses), dist)  # one value on every rank

    def validate(done: int) -> float:
        """Log the validation loss at step ``done``; keep the weights when it is the lowest so far."""
        val = estimate_val()
        log.write({"step": done, "val_loss": val})
        if cfg.export == "best" and val < best["val_loss"]:
            best.update(step=done, val_loss=val)
            state = checkpoint.model_state(model)  # collective: every rank
            if dist.is_main:
                checkpoint.save_best(out, state, done, val)
        return val

    bar = _Progress(cfg.max_steps, start_step, enabled=progress and dist.is_main)
    started, window_start, window_tokens = time.perf_counter(), time.perf_counter(), 0
    last_loss = val = float("nan")
    step = start_step
    if start_step == 0:
        validate(0)  # where training starts from (with --init-from: the weights it was given)
    else:  # what the killed run logged last, for the summary when no step is left to log them again
        records = _read_log(log_path) if log_path.is_file() else []
        last_loss = next((r["loss"] for r in reversed(records) if "loss" in r), last_loss)
        val = next((r["val_loss"] for r in reversed(records) if "val_loss" in r), val)
    forward.train()
    try:
        for step in range(start_step, cfg.max_steps):
            batches = (train_data.batch(step, micro, cfg.batch_size) for micro in range(cfg.grad_accum))
            loss_sum, grad_norm = train_step(
                model, forward, optimizer, scheduler, batches, cfg, dist.device, autocast, loss_fn
            )
            done = step + 1
            window_tokens += cfg.tokens_per_step * dist.world_size

            if done % cfg.log_interval == 0 or done == cfg.max_steps or done == start_step + 1:
                last_loss = distributed.all_reduce_mean(float(loss_sum), dist)
                now = time.perf_counter()
                tok_s = window_tokens / max(now - window_start, 1e-9)
                log.write(
                    {
                        "step": done,
                        "loss": last_loss,
                        "lr": scheduler.get_last_lr()[0],
                        "grad_norm": float(grad_norm),
                        "tokens": done * cfg.tokens_per_step * dist.world_size,
                        "tok_per_s": tok_s,
                        "elapsed_s": now - started,
                    }
                )
                bar.update(done, last_loss, tok_s)
                window_start, window_tokens = time.perf_counter(), 0
            else:
                bar.update(done)
            if done % cfg.eval_interval == 0 or done == cfg.max_steps:
                t_eval = time.perf_counter()
                val = validate(done)
                if dist.is_main:
                    plot_loss(out)
                window_start += time.perf_counter() - t_eval  # eval time is not training throughput
            if done % cfg.ckpt_interval == 0 or done == cfg.max_steps:
                checkpoint.save(
                    out,
                    model,
                    optimizer,
                    scheduler,
                    done,
                    {"config": cfg.to_dict(), "world_size": dist.world_size, "best": best},
                    dist.is_main,
                )
            if stop_after is not None and done >= stop_after and done < cfg.max_steps:
                return {"stopped_at": done}
    finally:
        bar.close()

    if (
        start_step >= cfg.max_steps
        and (out / "train_summary.json").is_file()
        and (out / "model" / "config.json").is_file()
    ):
        # --resume of a run that had finished: its summary (time, throughput) stays the one it wrote then
        distributed.teardown(dist)
        return {**json.loads((out / "train_summary.json").read_text()), "already_finished": True}
    summary = {
        "run": str(out),
        "preset": cfg.preset,
        "params": n_params,
        "steps": cfg.max_steps,
        "tokens": cfg.max_steps * cfg.tokens_per_step * dist.world_size,
        "epochs": epochs,
        "final_loss": last_loss,
        "val_loss": val,
        "val_windows": cfg.eval_batches * cfg.batch_size,
        "elapsed_s": time.perf_counter() - started,
        "world_size": dist.world_size,
    }
    summary["tok_per_s"] = (cfg.max_steps - start_step) * cfg.tokens_per_step * dist.world_size / summary["elapsed_s"]
    # export=best: the weights validate() kept (read back, not gathered again); else the final ones
    from_best = best["step"] is not None
    summary.update(
        best_val_loss=best["val_loss"] if from_best else None,
        best_step=best["step"],
        exported_step=best["step"] if from_best else cfg.max_steps,
    )
    model_state = None if from_best else checkpoint.model_state(model)  # collective: every rank, or none
    if dist.is_main:
        from townsquare.train.export import export_model

        if from_best:
            model_state = checkpoint.load_best(out)["model"]

        start = _read_log(log_path)[0] if log_path.is_file() else {}
        summary["unigram_val_loss"] = start.get("unigram_val_loss")
        export_model(model_state, llama_config, CorpusDir(corpus).tokenizer, out / "model", cfg.block_size)
        (out / "train_summary.json").write_text(json.dumps(summary, indent=2))
        plot_loss(out)
    distributed.barrier(dist)
    distributed.teardown(dist)
    return summary


def load_init_weights(model, init_from: str | Path, tokenizer_file: Path) -> None:
    """Copy an exported run's weights into ``model``; the shapes and the tokenizer must match."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    from townsquare.train.generate import model_dir

    folder = model_dir(init_from)
    weights = folder / "model.safetensors"
    if not weights.is_file():
        raise ConfigError(f"--init-from {init_from}: no model.safetensors in {folder} (train that run to the end)")
    if (folder / "tokenizer.json").is_file() and json.loads((folder / "tokenizer.json").read_text())["model"][
        "vocab"
    ] != json.loads(Path(tokenizer_file).read_text())["model"]["vocab"]:
        raise ConfigError(
            f"--init-from {init_from}: its tokenizer differs from this corpus's; token ids would mean different things"
        )
    try:
        state = load_file(str(weights))
    except (OSError, SafetensorError) as exc:
        raise ConfigError(f"--init-from {init_from}: {weights} is damaged ({exc})") from None
    own = model.state_dict()
    wrong = sorted(k for k, v in state.items() if k in own and tuple(own[k].shape) != tuple(v.shape))
    if wrong:
        raise ConfigError(
            f"--init-from {init_from}: a different model shape ({wrong[0]}: "
            f"{tuple(state[wrong[0]].shape)} there, {tuple(own[wrong[0]].shape)} here); use its preset"
        )
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if k != "lm_head.weight" or not model.config.tie_word_embeddings]
    if missing or unexpected:
        raise ConfigError(
            f"--init-from {init_from}: weights do not fit this preset "
            f"(missing {missing[:3]}, unexpected {unexpected[:3]})"
        )
    model.tie_weights()


class _Logger:
    """Appends JSON lines to ``RUN/log.jsonl`` on rank 0 (a no-op elsewhere)."""

    def __init__(self, path: Path, enabled: bool) -> None:
        self.path, self.enabled = path, enabled

    def write(self, record: dict) -> None:
        if self.enabled:
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"time": time.time(), **record}) + "\n")


def _read_log(path: Path) -> list[dict]:
    """The records of ``log.jsonl``; a line cut short by a kill mid-write is skipped (it is logged again)."""
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    return records


def _check_resumable(out: Path, cfg: TrainConfig, tokens: dict) -> None:
    """Refuse a --resume that could not continue exactly: no run there, other settings, other tokens."""
    if not (out / "run.json").is_file():
        raise ConfigError(
            f"--resume: {out} holds no run to continue (no run.json); leave out --resume to start one there"
        )
    try:
        previous = json.loads((out / "run.json").read_text(encoding="utf-8"))
        previous_config = previous["config"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"--resume: {out / 'run.json'} is unreadable ({exc})") from None
    changed = sorted(k for k, v in cfg.to_dict().items() if k in previous_config and previous_config[k] != v)
    if changed:
        raise ConfigError(
            f"--resume with different settings ({', '.join(changed)}) than the checkpoint; "
            f"rerun with the original preset and options"
        )
    if previous.get("tokenizer") not in (None, tokens["tokenizer"]):
        raise ConfigError(
            f"--resume: {out} was trained with another tokenizer than {previous.get('corpus')}'s "
            f"(another corpus, or it was tokenized again): its token ids mean other words here"
        )
    moved = [k for k in ("train_tokens", "val_tokens") if previous.get(k) not in (None, tokens[k])]
    if moved:
        raise ConfigError(
            f"--resume: the corpus's token shards changed since {out} started "
            f"({', '.join(f'{k} {previous[k]:,} then, {tokens[k]:,} now' for k in moved)}): "
            f"the run cannot continue exactly; start a new run with another --out"
        )


def _truncate_log(path: Path, step: int) -> None:
    """Drop records logged after the checkpoint we resume from: the resumed run logs them again."""
    if not path.is_file():
        return
    keep = [r for r in _read_log(path) if r.get("step", 0) <= step or "event" in r and r["event"] == "start"]
    if step == 0:
        keep = []
    path.write_text("".join(json.dumps(r) + "\n" for r in keep), encoding="utf-8")


def plot_loss(run: str | Path) -> Path:
    """``RUN/loss.png``: train and val loss by step, with the unigram baseline."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    run = Path(run)
    records = _read_log(run / "log.jsonl")
    train_pts = [(r["step"], r["loss"]) for r in records if "loss" in r]
    val_pts = [(r["step"], r["val_loss"]) for r in records if "val_loss" in r]
    baseline = next((r["unigram_val_loss"] for r in records if "unigram_val_loss" in r), None)
    fig, ax = plt.subplots(figsize=(7, 4))
    if train_pts:
        ax.plot(*zip(*train_pts), label="train loss")
    if val_pts:
        ax.plot(*zip(*val_pts), "o-", label="val loss")
    if baseline is not None:
        ax.axhline(baseline, color="grey", linestyle="--", label=f"unigram baseline ({baseline:.2f})")
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy (nats/token)")
    ax.set_title(run.name)
    ax.legend()
    fig.tight_layout()
    path = run / "loss.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


class _Progress:
    """A rich progress bar with loss, tokens/s and ETA on a terminal; a plain line per logged step when
    the output is a file or a pipe (a job log), so such a log is never empty for a whole run; silent when
    disabled."""

    def __init__(self, total: int, completed: int, enabled: bool) -> None:
        self.bar = None
        self.plain = enabled and not sys.stderr.isatty()
        self.total, self.started, self.first = total, time.monotonic(), completed
        if not enabled or self.plain:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("train"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]}"),
            TextColumn("{task.fields[tps]} tok/s"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
        )
        self.bar.start()
        self.task = self.bar.add_task("train", total=total, completed=completed, loss="-", tps="-")

    def update(self, step: int, loss: float | None = None, tok_s: float | None = None) -> None:
        if self.plain and loss is not None:
            elapsed = time.monotonic() - self.started
            left = elapsed / max(1, step - self.first) * (self.total - step)
            print(
                f"train step {step}/{self.total} loss {loss:.3f} {tok_s:,.0f} tok/s "
                f"elapsed {elapsed:.0f}s ETA {left:.0f}s",
                file=sys.stderr,
                flush=True,
            )
        if self.bar is None:
            return
        fields = {} if loss is None else {"loss": f"{loss:.3f}", "tps": f"{tok_s:,.0f}"}
        self.bar.update(self.task, completed=step, **fields)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
