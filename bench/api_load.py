"""HTTP load on the search API: keyword queries through `townsquare serve`, p50/p99 latency and QPS.

    python bench/api_load.py                         # 1M posts, 2 workers + Redis, wrk at 16/32/64 connections
    python bench/api_load.py --posts 100000 --duration 10 --workers 1 2 --storage memory redis --connections 16 64

Corpus: every TweetEval text (../shared/data/tweeteval, ~151k tweets) replicated
with new ids (and new authors/times) up to --posts, indexed with
``townsquare.index.build_index`` (cached under bench/out/api_load/N/).
Queries: 500 keyword queries of one or two words drawn from the texts, sent as
``GET /2/tweets/search/recent?query=..&max_results=10&mode=keyword&sort_order=relevancy``
with a bearer key whose quota is out of reach. Load generator: ``wrk`` on
loopback (Debian package ``wrk``) when installed, else an asyncio httpx client
(which shares the 2 cores with the server, so it understates QPS).

The same queries also run in-process against the keyword index and against
SQLite FTS5 over the same texts, so the engine cost is separated from HTTP.
Goal (issue 5): p99 < 50 ms and >= 1,000 QPS through the API on this 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from serving import free_port, serve  # noqa: E402

TWEETEVAL = ROOT.parent / "shared" / "data" / "tweeteval"
OUT = ROOT / "bench" / "out" / "api_load"
NO_PAGE_CACHE = False  # --no-page-cache
_WORD = re.compile(r"[a-z]{4,12}")
_STOP = set(
    "that this with have from your just what when they will there their about would been were like "
    "user http https".split()
)


def tweeteval_texts() -> list[str]:
    texts = []
    for path in sorted(TWEETEVAL.rglob("*_text.txt")):
        texts += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not texts:
        sys.exit(f"no TweetEval texts under {TWEETEVAL}")
    return texts


def build(posts: int, texts: list[str]) -> Path:
    """Corpus + index of ``posts`` replicated TweetEval posts (reused when already built)."""
    import pyarrow as pa

    from townsquare.index import build_index
    from townsquare.post import POST_SCHEMA, write_parquet

    work = OUT / str(posts)
    index = work / "index"
    from townsquare.index.build import is_outdated

    if is_outdated(index):
        print(f"rebuilding {index}: built by an older townsquare", flush=True)
    elif (index / "manifest.json").exists():
        return index
    shutil.rmtree(work, ignore_errors=True)
    t0, start = time.perf_counter(), datetime(2024, 1, 1, tzinfo=UTC)
    part_size = 100_000
    for part, first in enumerate(range(0, posts, part_size)):
        n = min(part_size, posts - first)
        numbers = range(first, first + n)
        columns = {name: pa.nulls(n, POST_SCHEMA.field(name).type) for name in POST_SCHEMA.names}
        columns.update(
            id=pa.array([str(10**15 + k) for k in numbers]),
            platform=pa.array(["x"] * n),
            text=pa.array([texts[k % len(texts)] for k in numbers]),
            lang=pa.array(["en"] * n),
            created_at=pa.array(
                [start + timedelta(seconds=7 * k) for k in numbers], POST_SCHEMA.field("created_at").type
            ),
            author_id=pa.array([str(k % 50_000) for k in numbers]),
            author_handle=pa.array([f"user{k % 50_000}" for k in numbers]),
            uri=pa.array([f"https://x.com/user{k % 50_000}/status/{10**15 + k}" for k in numbers]),
            visibility=pa.array(["public"] * n),
            deleted=pa.array([False] * n),
        )
        write_parquet(
            [pa.RecordBatch.from_pydict(columns, schema=POST_SCHEMA)],
            work / "corpus" / "posts" / f"part-{part:05d}.parquet",
        )
    print(f"corpus: {posts:,} posts written in {time.perf_counter() - t0:.0f}s; indexing...", flush=True)
    stats = build_index(work / "corpus", index)
    print(
        f"index: {stats.posts_indexed:,} posts in {stats.total_seconds:.0f}s "
        f"(vector side {stats.vector_posts_per_s:,.0f} posts/s)",
        flush=True,
    )
    return index


def make_queries(texts: list[str], n: int = 500, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    words = [w for text in rng.sample(texts, 5000) for w in _WORD.findall(text.lower()) if w not in _STOP]
    queries = []
    while len(queries) < n:
        queries.append(" ".join(rng.sample(words, rng.choice((1, 1, 2)))))
    return queries


# ------------------------------------------------------------------ in-process engines


def engine_latencies(index: Path, texts: list[str], posts: int, queries: list[str]) -> dict[str, list[float]]:
    """Per-query seconds: townsquare keyword Searcher vs SQLite FTS5 (bm25, top 10, hydrated) on the same texts."""
    from townsquare.index import Searcher

    searcher = Searcher(index)
    out = {"townsquare keyword (in-process)": []}
    for query in queries[:200]:
        t = time.perf_counter()
        searcher.search(query, max_results=10, mode="keyword")
        out["townsquare keyword (in-process)"].append(time.perf_counter() - t)

    db_path = OUT / str(posts) / "fts5.sqlite"
    if not db_path.exists():
        tmp = db_path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        db = sqlite3.connect(tmp)
        db.execute("CREATE VIRTUAL TABLE posts USING fts5(id UNINDEXED, text)")
        db.executemany(
            "INSERT INTO posts VALUES (?, ?)", ((str(10**15 + k), texts[k % len(texts)]) for k in range(posts))
        )
        db.commit()
        db.close()
        tmp.replace(db_path)
    db = sqlite3.connect(db_path)
    key = "SQLite FTS5 bm25 (in-process)"
    out[key] = []
    for query in queries[:200]:
        match = " OR ".join(f'"{word}"' for word in query.split())
        t = time.perf_counter()
        db.execute("SELECT id, text FROM posts WHERE posts MATCH ? ORDER BY bm25(posts) LIMIT 10", (match,)).fetchall()
        out[key].append(time.perf_counter() - t)
    db.close()
    return out


# ------------------------------------------------------------------ server and load


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(folder),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.3)
    return process, f"redis://127.0.0.1:{port}/0"


def start_server(index: Path, workers: int, keys_db: Path, redis_url: str | None) -> tuple[subprocess.Popen, str]:
    args = ["--index", str(index), "--workers", str(workers), "--keys-db", str(keys_db), "--mode", "keyword"]
    args += ["--ip-quota", "100000000/15min", "--posts-quota", "1000000000/15min"]
    if redis_url:
        args += ["--redis", redis_url]
    env = {**os.environ, "TOWNSQUARE_PAGE_CACHE": "0"} if NO_PAGE_CACHE else None
    return serve(args, env=env)


def paths(queries: list[str]) -> list[str]:
    return [
        f"/2/tweets/search/recent?query={quote(q)}&max_results=10&mode=keyword&sort_order=relevancy" for q in queries
    ]


def warm(base: str, token: str, queries: list[str]) -> None:
    import httpx

    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        for path in paths(queries):
            assert client.get(path).status_code == 200


def run_wrk(base: str, token: str, queries: list[str], connections: int, duration: int) -> dict:
    script = Path(tempfile.mkdtemp()) / "queries.lua"
    lines = ",\n".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths(queries))
    script.write_text(f"""
local paths = {{{lines}}}
local i = 0
wrk.headers["Authorization"] = "Bearer {token}"
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %f %f %f\\n", summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(99), latency.mean))
end
""")
    threads = min(2, connections)
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fields = next(line for line in out.splitlines() if line.startswith("RESULT")).split()[1:]
    requests, bad_status, socket_errors, micros = (int(x) for x in fields[:4])
    p50, p99, _mean = (float(x) for x in fields[4:])
    return {
        "requests": requests,
        "errors": bad_status + socket_errors,
        "qps": requests / (micros / 1e6),
        "p50_ms": p50 / 1000,
        "p99_ms": p99 / 1000,
    }


def run_httpx(base: str, token: str, queries: list[str], connections: int, duration: int) -> dict:
    import httpx

    async def main() -> tuple[list[float], int]:
        latencies: list[float] = []
        errors = 0
        deadline = time.perf_counter() + duration
        todo = paths(queries)
        async with httpx.AsyncClient(
            base_url=base,
            headers={"Authorization": f"Bearer {token}"},
            limits=httpx.Limits(max_connections=connections),
        ) as client:

            async def worker(offset: int) -> None:
                nonlocal errors
                i = offset
                while time.perf_counter() < deadline:
                    t = time.perf_counter()
                    response = await client.get(todo[i % len(todo)])
                    latencies.append(time.perf_counter() - t)
                    errors += response.status_code != 200
                    i += connections

            await asyncio.gather(*(worker(k) for k in range(connections)))
        return latencies, errors

    t0 = time.perf_counter()
    latencies, errors = asyncio.run(main())
    elapsed = time.perf_counter() - t0
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "errors": errors,
        "qps": len(latencies) / elapsed,
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
    }


def loadavg() -> str:
    """The machine's 1/5/15-minute load average: other work on the same cores skews every number here."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="server worker counts to measure")
    parser.add_argument(
        "--storage",
        choices=["memory", "redis"],
        nargs="+",
        default=["redis"],
        help="rate-limit storages to measure (memory only with 1 worker: the server refuses more)",
    )
    parser.add_argument(
        "--connections",
        type=int,
        nargs="+",
        default=[16, 32, 64],
        help="concurrent connections, one load run each: latency grows with them (queueing)",
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds per load run")
    parser.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="turn off the server's result-page cache (every request reaches the index; by default "
        "the warm-up pass fills it, so the load run measures the HTTP path on cached pages)",
    )
    args = parser.parse_args()
    global NO_PAGE_CACHE
    NO_PAGE_CACHE = args.no_page_cache

    load_before = loadavg()
    texts = tweeteval_texts()
    index = build(args.posts, texts)
    queries = make_queries(texts)
    engines = engine_latencies(index, texts, args.posts, queries)
    client = args.client if args.client != "auto" else ("wrk" if shutil.which("wrk") else "httpx")
    load = run_wrk if client == "wrk" else run_httpx

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        from townsquare.server.auth import KeyStore

        keys_db = Path(tmp) / "keys.sqlite"
        token = KeyStore(keys_db).create("bench", "1000000000/15min")[1]
        redis_process, redis_url = start_redis(Path(tmp))
        try:
            for workers in args.workers:
                for kind in args.storage:
                    if kind == "memory" and workers > 1:
                        continue
                    storage = redis_url if kind == "redis" else None
                    server, base = start_server(index, workers, keys_db, storage)
                    try:
                        warm(base, token, queries)
                        for connections in args.connections:
                            result = load(base, token, queries, connections, args.duration)
                            result["load"] = loadavg()
                            rows.append((workers, kind, connections, result))
                    finally:
                        stop(server)
        finally:
            stop(redis_process)

    print(f"\nload average before: {load_before}")
    print(
        f"API load: {args.posts:,} posts (TweetEval x{args.posts / len(texts):.1f}), {len(queries)} keyword "
        f"queries, max_results=10, relevancy, load generator: {client} on loopback, {os.cpu_count()} CPUs, "
        f"server page cache {'off' if NO_PAGE_CACHE else 'on (filled by the warm-up pass)'}\n"
    )
    print(
        f"{'workers':>7} {'limits':>7} {'conns':>5} {'requests':>9} {'errors':>6} {'QPS':>8} {'p50 ms':>8} "
        f"{'p99 ms':>8}  load avg after (1/5/15 min)"
    )
    for workers, storage, connections, r in rows:
        print(
            f"{workers:>7} {storage:>7} {connections:>5} {r['requests']:>9,} {r['errors']:>6} {r['qps']:>8,.0f} "
            f"{r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f}  {r['load']}"
        )
    print(f"\n{'engine, same queries (first 200)':<36} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for name, values in engines.items():
        cuts = statistics.quantiles(values, n=100)
        print(f"{name:<36} {cuts[49] * 1000:>8.2f} {cuts[98] * 1000:>8.2f} {statistics.mean(values) * 1000:>8.2f}")


if __name__ == "__main__":
    main()
