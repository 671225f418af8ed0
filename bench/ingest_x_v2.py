"""Benchmark: the X API v2 reader against plain ``json.loads`` and ``orjson.loads`` loops over the same JSONL.

    python bench/ingest_x_v2.py                 # 1,000,000 posts, built from ../shared/data/x-api-v2
    python bench/ingest_x_v2.py --posts 100000  # a quicker run
    python bench/ingest_x_v2.py --before ../base/src   # also an older townsquare's reader, same run

The input replicates every post-bearing line of the shared samples, in file
order, with fresh tweet ids (renumbered consistently inside a line, so edit
histories, referenced tweets and includes still point at each other), until
``--posts`` posts are written. Files: 2sets (2 search pages of 100 tweets),
withheld (5 pages/lines, 215 tweets), flat (100 ``twarc2 flatten`` tweets),
streaming_output_with_error (7 stream items; the cut-off line is left out),
edited, edited_after, edited_before, media_tweet, two_tweets (single-tweet
pages) and tweets_compliance (2 delete events). One round is 529 posts and
about 2.2 MB, so the average post is 4,129 bytes of JSON (pages repeat the
authors and referenced tweets in ``includes``; many tweets carry long
``context_annotations``). Files without posts (users, counts, lists, user
compliance) are left out. Written with orjson, so non-ASCII text is raw UTF-8
(the samples' own lines are mostly ``\\u``-escaped).

Each method runs in its own process pinned to one CPU core, so its peak RSS is
its own. The reader must emit full Post batches (all 21 columns); the loops
only parse and count tweets. The machine may be shared: CPU seconds of the
process (``time.process_time``) are what one core spends, wall seconds include
waiting for the core. Rates per CPU-second are the ones to compare.
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
TEMPLATES = (
    "2sets.jsonl",
    "withheld.jsonl",
    "flat.jsonl",
    "streaming_output_with_error.jsonl",
    "edited.jsonl",
    "edited_after.jsonl",
    "edited_before.jsonl",
    "media_tweet.jsonl",
    "two_tweets.jsonl",
    "tweets_compliance.jsonl",
)


def _templates(shared: Path) -> list[bytes]:
    """Every parseable, non-blank line of the post-bearing samples (the stream's cut-off line is left out)."""
    out = []
    for name in TEMPLATES:
        for line in (shared / name).read_bytes().splitlines():
            try:
                orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            out.append(line)
    return out


def _renumber(obj: dict, next_id: int) -> tuple[int, int]:
    """Give every tweet in one line a fresh id, consistently; returns (posts in the line, next free id)."""
    if "data" in obj:
        data = obj["data"]
        posts = data if isinstance(data, list) else [data]
        context = (obj.get("includes") or {}).get("tweets") or []
    else:  # a flattened tweet or a compliance event
        posts, context = [obj], []
    fresh = {}
    for tweet in posts + context:
        fresh.setdefault(tweet["id"], str(next_id + len(fresh)))
        for old in tweet.get("edit_history_tweet_ids") or ():
            fresh.setdefault(old, str(next_id + len(fresh)))
    for tweet in posts + context:
        tweet["id"] = fresh[tweet["id"]]
        if "edit_history_tweet_ids" in tweet:
            tweet["edit_history_tweet_ids"] = [fresh[old] for old in tweet["edit_history_tweet_ids"]]
        for ref in tweet.get("referenced_tweets") or ():
            ref["id"] = fresh.get(ref["id"], ref["id"])
    return len(posts), next_id + len(fresh)


def make_input(path: Path, posts: int, shared: Path = SHARED) -> int:
    """Write at least ``posts`` posts of JSONL to ``path``; returns the exact number written."""
    templates = _templates(shared)
    next_id = 10**18
    written = 0
    with open(path, "wb") as fh:
        while written < posts:
            for template in templates:
                obj = orjson.loads(template)  # a fresh copy to renumber
                count, next_id = _renumber(obj, next_id)
                written += count
                fh.write(orjson.dumps(obj) + b"\n")
                if written >= posts:
                    break
    return written


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})


def run_reader(path: str, queue, src: str | None = None) -> None:
    """Our reader, full Post batches; records RSS early and at the end to show it stays flat. ``src``: the
    source tree to import townsquare from (an older version, measured in the same run)."""
    _pin()
    if src is not None:
        import sys

        sys.path.insert(0, src)
    from townsquare.sources import read_file

    wall, cpu = time.perf_counter(), time.process_time()
    rows, early_rss = 0, None
    for batch in read_file(path, fmt="x-api-v2"):
        rows += batch.num_rows
        if early_rss is None and rows >= 100_000:
            early_rss = _rss_mb()
    label = "townsquare x-api-v2 reader (Post batches)" if src is None else "  the same, before (--before)"
    queue.put((label, rows, time.perf_counter() - wall, time.process_time() - cpu, early_rss, _rss_mb(), _peak_mb()))


def _parse_loop(path: str, queue, loads, label: str) -> None:
    _pin()
    wall, cpu = time.perf_counter(), time.process_time()
    rows = 0
    with open(path, "rb") as fh:
        for line in fh:
            obj = loads(line)
            data = obj.get("data", obj)
            rows += len(data) if isinstance(data, list) else 1
    queue.put((label, rows, time.perf_counter() - wall, time.process_time() - cpu, None, _rss_mb(), _peak_mb()))


def run_json(path: str, queue) -> None:
    """The baseline: ``json.loads`` per line, counting tweets, building nothing."""
    _parse_loop(path, queue, json.loads, "json.loads loop (parse only)")


def run_orjson(path: str, queue) -> None:
    """For reference: ``orjson.loads`` per line, parse only."""
    _parse_loop(path, queue, orjson.loads, "orjson.loads loop (parse only)")


def measure(target, path: Path, *extra) -> tuple:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(str(path), queue, *extra))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--shared", type=Path, default=SHARED, help="folder of the X API v2 samples")
    parser.add_argument("--dir", type=Path, default=None, help="where to write the input (default: a temp dir)")
    parser.add_argument("--before", type=Path, default=None, help="an older townsquare's src/ folder, same run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = Path(tmp) / "x_v2_bench.jsonl"
        t0 = time.perf_counter()
        posts = make_input(path, args.posts, args.shared)
        size = path.stat().st_size
        print(
            f"input: {posts:,} posts, {size / 2**20:,.0f} MiB of JSONL ({size / posts:,.0f} bytes/post), "
            f"built in {time.perf_counter() - t0:.1f}s"
        )
        load_before = os.getloadavg()[0]
        results = [measure(run_reader, path), measure(run_json, path), measure(run_orjson, path)]
        before = measure(run_reader, path, str(args.before.resolve())) if args.before is not None else None
    print(
        f"\n{'method':42} {'posts':>10} {'wall s':>7} {'CPU s':>7} {'posts/CPU-s':>11} {'posts/wall-s':>12} "
        f"{'MiB/CPU-s':>9} {'peak RSS MiB':>12} {'RSS @100k -> end':>16}"
    )
    for label, rows, wall, cpu, early, end, peak in results:
        flat = f"{early:.0f} -> {end:.0f}" if early is not None else ""
        print(
            f"{label:42} {rows:>10,} {wall:>7.2f} {cpu:>7.2f} {rows / cpu:>11,.0f} {rows / wall:>12,.0f} "
            f"{size / 2**20 / cpu:>9.0f} {peak:>12.0f} {flat:>16}"
        )
    reader, baseline, orjson_loop = results
    if before is not None:
        label, rows, wall, cpu, early, end, peak = before
        print(
            f"{label:42} {rows:>10,} {wall:>7.2f} {cpu:>7.2f} {rows / cpu:>11,.0f} {rows / wall:>12,.0f} "
            f"{size / 2**20 / cpu:>9.0f} {peak:>12.0f} {early or 0:.0f} -> {end:.0f}"
        )
        print(
            f"before vs json.loads loop: {(rows / cpu) / (baseline[1] / baseline[3]):.2f}x per CPU-second; "
            f"after/before: {(reader[1] / reader[3]) / (rows / cpu):.2f}x"
        )
    if reader[1] != posts:
        print(f"\nWARNING: the reader emitted {reader[1]:,} posts, {posts:,} were written")
    for name, other in (("json.loads", baseline), ("orjson.loads", orjson_loop)):
        print(
            f"ratio vs {name + ' loop:':19} {(reader[1] / reader[3]) / (other[1] / other[3]):.2f}x per CPU-second, "
            f"{(reader[1] / reader[2]) / (other[1] / other[2]):.2f}x per wall-second"
        )
    print(
        f"cpu: {os.cpu_count()} cores, load average {load_before:.1f} before / {os.getloadavg()[0]:.1f} after "
        f"(each method pinned to one core)"
    )


if __name__ == "__main__":
    main()
