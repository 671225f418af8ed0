"""Benchmark: the X API v2 reader against a plain ``json.loads`` loop over the same JSONL.

    python bench/ingest_x_v2.py                 # 1,000,000 posts, built from ../shared/data/x-api-v2
    python bench/ingest_x_v2.py --posts 50000   # a quick run

The input is made by replicating every post-bearing line of the shared samples
(response pages, flattened tweets, stream items) with fresh tweet ids, into a
temporary folder. Each method runs in its own process pinned to one CPU core,
so its peak RSS is its own; the reader must emit full Post batches (all
columns), the baseline only parses. Prints a table and the ratio.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import tempfile
import time
from pathlib import Path

import orjson

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "x-api-v2"
TEMPLATES = ("2sets.jsonl", "withheld.jsonl", "flat.jsonl", "streaming_output_with_error.jsonl",
             "media_tweet.jsonl", "two_tweets.jsonl", "edited.jsonl")


def _templates(shared: Path) -> list[dict]:
    """Every parseable line holding tweets (the stream's cut-off line is left out)."""
    out = []
    for name in TEMPLATES:
        for line in (shared / name).read_bytes().splitlines():
            try:
                out.append(orjson.loads(line))
            except orjson.JSONDecodeError:
                continue
    return out


def _tweets(obj: dict) -> list[dict]:
    data = obj.get("data", obj)
    return data if isinstance(data, list) else [data]


def make_input(path: Path, posts: int, shared: Path = SHARED) -> int:
    """Write at least ``posts`` posts of JSONL to ``path``; returns the exact number written."""
    templates = _templates(shared)
    next_id = 10**18
    written = 0
    with open(path, "wb") as fh:
        while written < posts:
            for obj in templates:
                for tweet in _tweets(obj):
                    tweet["id"] = str(next_id)
                    if "edit_history_tweet_ids" in tweet:
                        tweet["edit_history_tweet_ids"] = [tweet["id"]]
                    next_id += 1
                    written += 1
                fh.write(orjson.dumps(obj) + b"\n")
                if written >= posts:
                    break
    return written


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})


def run_reader(path: str, queue) -> None:
    """Our reader, full Post batches; records RSS early and at the end to show it stays flat."""
    _pin()
    from townsquare.sources import read_file
    start = time.perf_counter()
    rows, early_rss = 0, None
    for batch in read_file(path, fmt="x-api-v2"):
        rows += batch.num_rows
        if early_rss is None and rows >= 100_000:
            early_rss = _rss_mb()
    seconds = time.perf_counter() - start
    queue.put(("townsquare x-api-v2 reader (Post batches)", rows, seconds, early_rss, _rss_mb(),
               resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def _parse_loop(path: str, queue, loads, label: str) -> None:
    _pin()
    start = time.perf_counter()
    rows = 0
    with open(path, "rb") as fh:
        for line in fh:
            obj = loads(line)
            data = obj.get("data")
            rows += len(data) if isinstance(data, list) else 1
    seconds = time.perf_counter() - start
    queue.put((label, rows, seconds, None, _rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def run_json(path: str, queue) -> None:
    """The baseline: ``json.loads`` per line, counting tweets, building nothing."""
    _parse_loop(path, queue, json.loads, "json.loads loop (parse only)")


def run_orjson(path: str, queue) -> None:
    """For reference: ``orjson.loads`` per line, parse only."""
    _parse_loop(path, queue, orjson.loads, "orjson.loads loop (parse only)")


def measure(target, path: Path) -> tuple:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(str(path), queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--shared", type=Path, default=SHARED, help="folder of the X API v2 samples")
    parser.add_argument("--dir", type=Path, default=None, help="where to write the input (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / "x_v2_bench.jsonl"
        t0 = time.perf_counter()
        posts = make_input(path, args.posts, args.shared)
        size = path.stat().st_size
        print(f"input: {posts:,} posts, {size / 2**20:,.0f} MiB of JSONL, built in {time.perf_counter() - t0:.1f}s")
        results = [measure(run_reader, path), measure(run_json, path), measure(run_orjson, path)]
    print(f"\n{'method':44} {'posts':>10} {'seconds':>8} {'posts/s':>10} {'MiB/s':>7} {'peak RSS MiB':>12} "
          f"{'RSS @100k -> end':>17}")
    for label, rows, seconds, early, end, peak in results:
        flat = f"{early:.0f} -> {end:.0f}" if early is not None else ""
        print(f"{label:44} {rows:>10,} {seconds:>8.2f} {rows / seconds:>10,.0f} {size / 2**20 / seconds:>7.0f} "
              f"{peak:>12.0f} {flat:>17}")
    reader, baseline = results[0], results[1]
    print(f"\nratio (reader posts/s / json.loads posts/s): {(reader[1] / reader[2]) / (baseline[1] / baseline[2]):.2f}x")
    print(f"cpu: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (each method pinned to one core)")


if __name__ == "__main__":
    main()
