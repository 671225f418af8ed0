"""DDP on CPU: two processes over gloo, launched by torchrun exactly as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("mode", ["ddp", pytest.param("fsdp", marks=pytest.mark.slow)])
def test_torchrun_two_processes(corpus, tmp_path, mode):
    run = tmp_path / mode
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc_per_node",
        "2",
        "-m",
        "townsquare",
        "train",
        str(corpus),
        "--preset",
        "micro",
        "--out",
        str(run),
        "--max-steps",
        "6",
        "--set",
        "eval_interval=6",
        "--set",
        "log_interval=1",
        "--threads",
        "1",
    ]
    cmd += ["--fsdp"] if mode == "fsdp" else []
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    records = [json.loads(line) for line in (run / "log.jsonl").read_text().splitlines()]
    start = records[0]
    assert start["event"] == "start" and start["world_size"] == 2
    steps = [r["step"] for r in records if "loss" in r]
    assert steps == list(range(1, 7)), "only rank 0 writes: each step logged once"
    assert records[-1]["val_loss"] < start["unigram_val_loss"] + 2
    assert (run / "model" / "model.safetensors").is_file() and (run / "ckpt" / "last.pt").is_file()
    summary = json.loads((run / "train_summary.json").read_text())
    assert summary["world_size"] == 2 and summary["tokens"] == 6 * 2 * 8 * 32
