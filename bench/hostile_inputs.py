"""``townsquare ingest`` on each hostile file of issue 16: this tree vs the code before the fix, side by side.

The peer is townsquare itself before issue 16 (``--before``, default
``../main/src`` where the lead's checkout sits; any ``src`` folder works). Each
file is ingested by a fresh ``python -m townsquare ingest FILE --out DIR``
process; the table shows its exit code, wall time, peak RSS (``wait4``),
posts and quarantined records, and how it ended (a traceback's last line, or
"killed" when it ran past ``--timeout``). Goal (issue 16): every file under
10 s and 200 MB, exit 0, every valid post kept.

    python bench/hostile_inputs.py                        # both sides, 20 s timeout for the old code
    python bench/hostile_inputs.py --before ''            # this tree only
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "sources"))
import hostile_files as hostile  # noqa: E402


def make_inputs(folder: Path) -> dict[str, tuple[Path, int]]:
    """name -> (path, valid posts in it)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "archive").mkdir()
    odd = folder / "odd-folder"
    odd.mkdir()
    hostile.good_jsonl(odd / "good.jsonl")
    (odd / "loop").symlink_to("loop")
    os.mkfifo(odd / "pipe")
    (odd / "zero").symlink_to("/dev/zero")
    return {
        "2 tweets.js nested 100,000 deep": (hostile.nested_tweets_js(folder / "archive" / "tweets.js"), 2),
        "3 zip member encrypted": (hostile.encrypted_zip(folder / "encrypted.zip"), 0),
        "3 zip member Deflate64": (hostile.deflate64_zip(folder / "deflate64.zip"), 0),
        "4 CAR block nested 100,000 deep": (hostile.nested_block_car(folder / "nested.car"), 2),
        "5 CAR MST node is its own subtree": (hostile.self_loop_car(folder / "loop.car"), 1),
        "5 CAR subtree shared twice x 60 levels": (hostile.shared_subtree_car(folder / "shared.car"), 61),
        "6 folder: link loop, FIFO, /dev/zero": (odd, 3),
        "7 zip of 1 GiB of spaces": (hostile.zip_bomb(folder / "bomb.zip"), 1),
    }


def run(src: str, path: Path, out: Path, timeout: float) -> dict:
    env = {**os.environ, "PYTHONPATH": src}
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "townsquare", "ingest", str(path), "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        proc.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    stderr = proc.stderr.read()  # read to the end so a chatty process never blocks on a full pipe
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.stderr.close()
    seconds = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    summary = out / "ingest.json"
    totals = json.loads(summary.read_text())["totals"] if summary.exists() else {}
    last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return {
        "code": code,
        "seconds": seconds,
        "rss_mb": usage.ru_maxrss / 1024,
        "posts": totals.get("posts"),
        "quarantined": totals.get("quarantined"),
        "ended": "killed at timeout" if killed.is_set() else (last[0][:60] if code else "ok"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--before",
        default=str(ROOT.parent / "main" / "src"),
        help="src folder of the code to compare with ('' to skip)",
    )
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before a run is killed")
    args = parser.parse_args()
    sides = [("after", str(ROOT / "src"))] + ([("before", args.before)] if args.before else [])
    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(Path(tmp) / "in")
        print(f"{'case':40} {'side':6} {'exit':>4} {'seconds':>8} {'peak MB':>8} {'posts':>6} {'quar.':>6}  ended")
        for name, (path, valid) in inputs.items():
            for side, src in sides:
                out = Path(tmp) / f"out-{side}"
                result = run(src, path, out, args.timeout)
                shutil.rmtree(out, ignore_errors=True)
                posts = "-" if result["posts"] is None else f"{result['posts']}/{valid}"
                print(
                    f"{name:40} {side:6} {result['code']:>4} {result['seconds']:8.2f} {result['rss_mb']:8.0f} "
                    f"{posts:>6} {result['quarantined'] if result['quarantined'] is not None else '-':>6}  "
                    f"{result['ended']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
