"""Crashes lose nothing: kill -9 at any point, or a full disk, then a rerun gives the same bytes."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_inputs import random_shards, start_build

from townsquare.cli import main
from townsquare.corpus.build import build


def _posts_bytes(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((corpus / "posts").glob("*"))}


def _start(inputs: list[Path], out: Path) -> subprocess.Popen:
    # its own session, so one killpg takes the pool workers down with it, like a kill -9 of the job
    return start_build(inputs, out)


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 60.0) -> bool:
    """SIGKILL the process group as soon as ``ready()``; False if the run ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    raise AssertionError("the build neither finished nor reached the kill point")


@pytest.mark.slow
def test_kill_9_in_phase_1_and_in_phase_2_then_rerun_gives_identical_bytes(tmp_path):
    inputs = random_shards(tmp_path / "in", shards=6, per_shard=1000)
    reference = build(inputs, tmp_path / "reference", workers=2)
    out = tmp_path / "killed"

    killed = _kill_when(_start(inputs, out), lambda: len(list((out / "_markers").glob("0*.json"))) >= 1)
    assert killed, "the run finished before it could be killed in phase 1"
    done_before = len(list((out / "_markers").glob("0*.json")))
    assert done_before < 6

    # second kill: during phase 2, once the first final part is marked
    _kill_when(_start(inputs, out), lambda: len(list((out / "_markers").glob("posts-*.json"))) >= 1)

    final = build(inputs, out, workers=2)
    assert final.ok and final.reconciles and final.kept == reference.kept
    assert _posts_bytes(out) == _posts_bytes(tmp_path / "reference")
    assert not list(out.rglob(".*.tmp"))


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB tmpfs (root only; skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_is_reported_loses_nothing_and_resumes(tmp_path, tiny_disk):
    inputs = random_shards(tmp_path / "in", shards=4, per_shard=1500)
    out = tiny_disk / "corpus"
    result = CliRunner().invoke(main, ["build", *map(str, inputs), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1
    failures = [line for line in result.output.splitlines() if line.startswith("error: shard")]
    assert failures and all("no space left on device" in line for line in failures)
    assert "rerun to resume" in result.output
    finished = sorted(p.stem for p in (out / "_markers").glob("0*.json"))
    assert 0 < len(finished) < 4
    assert not list(out.rglob(".*.tmp"))  # half-written outputs were removed, finished ones kept

    subprocess.run(["mount", "-o", "remount,size=64m", str(tiny_disk)], check=True)  # free space
    resumed = build(inputs, out, workers=1)
    assert resumed.ok and resumed.shards_resumed == len(finished)
    build(inputs, tmp_path / "reference", workers=1)
    assert _posts_bytes(out) == _posts_bytes(tmp_path / "reference")
