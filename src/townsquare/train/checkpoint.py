"""Resumable checkpoints in ``RUN/ckpt/last.pt``: model, optimizer, scheduler, step, RNG states.

``RUN/ckpt/best.pt`` holds the model weights at the lowest validation loss so
far (what the run exports, unless the preset says ``export=last``).

Saved atomically (temp file, then rename), so a run killed while saving keeps
its previous checkpoint. Under DDP/FSDP the full (unsharded) state is gathered
to rank 0 with ``torch.distributed.checkpoint.state_dict``, so a checkpoint
written by N processes resumes on any number of processes, or on one.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

CKPT_NAME = "last.pt"
BEST_NAME = "best.pt"


def rng_state() -> dict:
    import torch

    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    import torch

    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def full_state(model, optimizer) -> tuple[dict, dict]:
    """Unsharded model and optimizer state dicts (collective under DDP/FSDP: every rank must call)."""
    from torch.distributed.checkpoint.state_dict import StateDictOptions, get_state_dict

    return get_state_dict(model, optimizer, options=StateDictOptions(full_state_dict=True, cpu_offload=True))


def model_state(model) -> dict:
    """The unsharded model state dict on the CPU (collective under DDP/FSDP: every rank must call)."""
    from torch.distributed.checkpoint.state_dict import StateDictOptions, get_model_state_dict

    return get_model_state_dict(model, options=StateDictOptions(full_state_dict=True, cpu_offload=True))


def save_best(run: str | Path, state: dict, step: int, val_loss: float) -> Path:
    """Write ``RUN/ckpt/best.pt`` atomically (rank 0 only)."""
    import torch

    path = Path(run) / "ckpt" / BEST_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{BEST_NAME}.tmp")
    torch.save({"model": state, "step": step, "val_loss": val_loss}, tmp)
    tmp.replace(path)
    return path


def load_best(run: str | Path) -> dict:
    """``RUN/ckpt/best.pt``: {"model", "step", "val_loss"}."""
    import torch

    return torch.load(Path(run) / "ckpt" / BEST_NAME, map_location="cpu", weights_only=True)


def save(run: str | Path, model, optimizer, scheduler, step: int, extra: dict, is_main: bool = True) -> Path:
    """Write ``RUN/ckpt/last.pt`` (every rank calls; rank 0 writes)."""
    import torch

    model_state, optim_state = full_state(model, optimizer)
    path = Path(run) / "ckpt" / CKPT_NAME
    if is_main:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{CKPT_NAME}.tmp")
        torch.save({"model": model_state, "optimizer": optim_state, "scheduler": scheduler.state_dict(),
                    "step": step, "rng": rng_state(), **extra}, tmp)
        tmp.replace(path)
    return path


def load(run: str | Path, model, optimizer, scheduler) -> dict | None:
    """Restore a run's checkpoint into model/optimizer/scheduler and the RNGs; None when there is none."""
    import torch
    from torch.distributed.checkpoint.state_dict import StateDictOptions, set_state_dict

    path = Path(run) / "ckpt" / CKPT_NAME
    if not path.is_file():
        return None
    ckpt = torch.load(path, map_location="cpu", weights_only=False)  # our own file: holds RNG objects
    set_state_dict(model, optimizer, model_state_dict=ckpt["model"], optim_state_dict=ckpt["optimizer"],
                   options=StateDictOptions(full_state_dict=True, broadcast_from_rank0=False))
    scheduler.load_state_dict(ckpt["scheduler"])
    set_rng_state(ckpt["rng"])
    return ckpt
