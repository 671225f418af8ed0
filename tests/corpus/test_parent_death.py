"""Issue 16, case 8: kill -9 of the build process alone (what the OOM killer does) leaves no worker behind,
a second run on the same folder is refused while one holds it, and a rerun resumes to identical bytes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_inputs import random_shards, start_build

from townsquare.corpus.build import build
from townsquare.lock import LOCK_NAME, FolderLocked, holder, output_lock


def _session_pids(sid: int) -> set[int]:
    """Live (not zombie) processes of session ``sid``, from /proc."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            pids.add(int(entry.name))
    return pids


def _posts_bytes(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((corpus / "posts").glob("*"))}


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads sessions from /proc")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_of_the_parent_alone_leaves_no_worker_and_the_rerun_is_identical(tmp_path, seed):
    inputs = random_shards(tmp_path / "in", shards=6, per_shard=800)
    reference = build(inputs, tmp_path / "reference", workers=2)
    out = tmp_path / "killed"
    proc = start_build(inputs, out)
    # wait until the workers exist, then a random moment more
    deadline = time.monotonic() + 60
    while len(_session_pids(proc.pid)) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(random.Random(seed).uniform(0.0, 1.5))
    os.kill(proc.pid, signal.SIGKILL)  # the parent only, not its process group
    proc.wait()
    deadline = time.monotonic() + 10
    while _session_pids(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _session_pids(proc.pid) == set(), "worker processes outlived the killed build"
    final = build(inputs, out, workers=2)  # takes over the dead run's lock
    assert final.ok and final.reconciles and final.kept == reference.kept
    assert _posts_bytes(out) == _posts_bytes(tmp_path / "reference")
    assert not (out / LOCK_NAME).exists()


def test_a_second_run_on_a_held_folder_is_refused_with_the_holder(tmp_path):
    inputs = random_shards(tmp_path / "in", shards=1, per_shard=20)
    code = (
        "import sys, time\nfrom townsquare.lock import output_lock\n"
        f"with output_lock({str(tmp_path / 'corpus')!r}, 'build'):\n"
        "    print('held', flush=True)\n    time.sleep(60)\n"
    )
    other = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        with pytest.raises(FolderLocked) as refused:
            build(inputs, tmp_path / "corpus", workers=1)
        assert str(refused.value).startswith(f"{tmp_path / 'corpus'} is in use by townsquare build (pid {other.pid})")
        cli = subprocess.run(
            [sys.executable, "-m", "townsquare", "ingest", str(inputs[0]), "--out", str(tmp_path / "corpus")],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        assert cli.returncode == 1 and cli.stderr.count("\n") == 1
        assert cli.stderr.startswith(f"Error: {tmp_path / 'corpus'} is in use by townsquare build (pid {other.pid})")
    finally:
        other.kill()
        other.wait()
        other.stdout.close()
    # the holder died without cleaning up: its lock file stays, and is taken over
    assert holder(tmp_path / "corpus")["pid"] == other.pid
    assert build(inputs, tmp_path / "corpus", workers=1).ok
    assert not (tmp_path / "corpus" / LOCK_NAME).exists()


def test_lock_is_reentrant_in_one_process_and_leaves_no_empty_folder(tmp_path):
    with output_lock(tmp_path / "index", "forget"):
        with output_lock(tmp_path / "index", "forget"):
            assert holder(tmp_path / "index")["pid"] == os.getpid()
        assert (tmp_path / "index" / LOCK_NAME).exists()
    assert not (tmp_path / "index").exists()  # created for the lock only, and empty: removed again


def test_stale_lock_file_from_a_dead_pid_is_taken_over(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / LOCK_NAME).write_text(f'{{"pid": {dead.pid}, "command": "ingest"}}')
    with output_lock(tmp_path / "out", "ingest"):
        assert holder(tmp_path / "out")["pid"] == os.getpid()
