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

from townsquare.errors import ConfigError, InputError
from townsquare.io import write_with

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
    from torch.distributed.checkpoint.state_dict import (
        StateDictOptions,
        get_model_state_dict,
    )

    return get_model_state_dict(model, options=StateDictOptions(full_state_dict=True, cpu_offload=True))


def _write(path: Path, payload: dict) -> None:
    """``torch.save`` under a temporary name, then rename: a kill mid-save keeps the previous file."""
    import torch

    write_with(path, lambda tmp: torch.save(payload, tmp))


def save_best(run: str | Path, state: dict, step: int, val_loss: float) -> Path:
    """Write ``RUN/ckpt/best.pt`` atomically (rank 0 only)."""
    path = Path(run) / "ckpt" / BEST_NAME
    _write(path, {"model": state, "step": step, "val_loss": val_loss})
    return path


def load_best(run: str | Path) -> dict:
    """``RUN/ckpt/best.pt``: {"model", "step", "val_loss"}."""
    return _read(Path(run) / "ckpt" / BEST_NAME, weights_only=True)


def _read(path: Path, weights_only: bool) -> dict:
    """``torch.load`` of a checkpoint; a file cut short or damaged is one clear error, not a traceback."""
    import pickle
    import zipfile

    import torch

    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=weights_only)
    except (RuntimeError, EOFError, ValueError, pickle.UnpicklingError, zipfile.BadZipFile) as exc:
        cause = str(exc).split(". ")[0].splitlines()[0] if str(exc) else "empty"
        raise InputError(
            f"{path} is damaged ({type(exc).__name__}: {cause}); "
            f"it was not written by a finished save: delete {path.parent} to restart the run "
            f"from step 0, or restore the file"
        ) from None
    if not isinstance(ckpt, dict) or "model" not in ckpt:
        raise InputError(f"{path} is not a townsquare checkpoint")
    return ckpt


def save(run: str | Path, model, optimizer, scheduler, step: int, extra: dict, is_main: bool = True) -> Path:
    """Write ``RUN/ckpt/last.pt`` (every rank calls; rank 0 writes)."""
    model_state, optim_state = full_state(model, optimizer)
    path = Path(run) / "ckpt" / CKPT_NAME
    if is_main:
        _write(
            path,
            {
                "model": model_state,
                "optimizer": optim_state,
                "scheduler": scheduler.state_dict(),
                "step": step,
                "rng": rng_state(),
                **extra,
            },
        )
    return path


def load(run: str | Path, model, optimizer, scheduler) -> dict | None:
    """Restore a run's checkpoint into model/optimizer/scheduler and the RNGs; None when there is none."""
    from torch.distributed.checkpoint.state_dict import StateDictOptions, set_state_dict

    path = Path(run) / "ckpt" / CKPT_NAME
    if not path.is_file():
        return None
    ckpt = _read(path, weights_only=False)  # our own file: holds RNG objects
    try:
        set_state_dict(
            model,
            optimizer,
            model_state_dict=ckpt["model"],
            optim_state_dict=ckpt["optimizer"],
            options=StateDictOptions(full_state_dict=True, broadcast_from_rank0=False),
        )
    except (RuntimeError, KeyError, ValueError) as exc:  # another model shape (preset, vocabulary)
        first = str(exc).strip().splitlines()
        raise ConfigError(
            f"{path} does not fit this model ({first[-1].strip() if first else type(exc).__name__}): "
            f"resume with the corpus and preset the run was started with"
        ) from None
    scheduler.load_state_dict(ckpt["scheduler"])
    set_rng_state(ckpt["rng"])
    return ckpt
