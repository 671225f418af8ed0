"""townsquare build vs a HuggingFace datatrove pipeline, same input, same run, 2 workers each.

Input: every TweetEval text (../shared/data/tweeteval, ~151k tweets) replicated
10 times, copies 1..9 with a small random edit (one character changed, a word
dropped or an emoji appended), ~1.5M posts, as Post Parquet shards. Both sides
read the same Parquet files.

townsquare: the full ``build`` (public_only, pii, language, quality, global
exact + near + repost dedup, final parts, card and charts).

datatrove: the closest stages it has, run as its documentation shows, each
stage a ``LocalPipelineExecutor`` with tasks=2, workers=2:

    ParquetReader -> GopherQualityFilter (thresholds loosened for posts, so
    both sides carry similar volumes; its defaults keep 0.55% of tweets) ->
    PIIFormatter -> JsonlWriter
    -> exact dedup (ExactDedupSignature, ExactFindDedups, ExactDedupFilter)
    -> MinHash dedup (Signature, Buckets, Cluster, Filter) -> JsonlWriter

Peak memory: the largest summed RSS of the benchmark's process tree, sampled
from /proc every 0.1 s while each side runs in its own subprocess.

    python bench/build_vs_datatrove.py                 # full: ~1.5M posts
    python bench/build_vs_datatrove.py --scale 0.02    # quick: 2% of TweetEval, still x10
    python bench/build_vs_datatrove.py --scale 0.1 --before ../base/src   # also an older townsquare, same run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TWEETEVAL = ROOT.parent / "shared" / "data" / "tweeteval"
EMOJI = ["😂", "🔥", "👍", "🙏", "😍", "💯"]


# ---------------------------------------------------------------- input


def _edit(text: str, rng: random.Random) -> str:
    """One small edit: a changed character, a dropped word, or an appended emoji."""
    choice = rng.randrange(3)
    if choice == 0 and len(text) > 3:
        i = rng.randrange(len(text))
        return text[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + text[i + 1 :]
    words = text.split()
    if choice == 1 and len(words) > 3:
        del words[rng.randrange(len(words))]
        return " ".join(words)
    return f"{text} {rng.choice(EMOJI)}"


def make_input(folder: Path, scale: float, copies: int, shards: int) -> int:
    """Write the replicated TweetEval posts as ``shards`` Post Parquet files; returns the post count."""
    from datetime import datetime, timedelta

    import pyarrow as pa

    from townsquare.post import POST_SCHEMA, write_parquet

    texts = []
    for path in sorted(TWEETEVAL.rglob("*_text.txt")):
        texts += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = texts[: max(1, int(len(texts) * scale))]
    rng = random.Random(0)
    t0 = datetime(2020, 1, 1, tzinfo=UTC)
    folder.mkdir(parents=True, exist_ok=True)
    total = len(texts) * copies
    per_shard = (total + shards - 1) // shards

    def rows():
        n = 0
        for copy in range(copies):
            for i, text in enumerate(texts):
                yield (
                    f"{copy}{i:07d}",
                    text if copy == 0 else _edit(text, rng),
                    t0 + timedelta(seconds=n),
                    f"u{i % 20000}",
                )
                n += 1

    it = rows()
    for shard in range(shards):
        chunk = [row for _, row in zip(range(per_shard), it)]
        if not chunk:
            break
        ids, body, created, authors = zip(*chunk)
        n = len(chunk)
        columns = {name: pa.nulls(n, POST_SCHEMA.field(name).type) for name in POST_SCHEMA.names}
        columns.update(
            id=pa.array(ids),
            platform=pa.array(["x"] * n),
            text=pa.array(body),
            created_at=pa.array(created, POST_SCHEMA.field("created_at").type),
            author_id=pa.array(authors),
            visibility=pa.array(["public"] * n),
            deleted=pa.array([False] * n),
        )
        batch = pa.RecordBatch.from_pydict(columns, schema=POST_SCHEMA)
        write_parquet([batch], folder / f"part-{shard:03d}.parquet")
    return total


# ---------------------------------------------------------------- the two sides (run in subprocesses)


def run_townsquare(inputs: Path, out: Path, workers: int) -> dict:
    from townsquare.corpus.build import build

    summary = build([inputs], out, workers=workers, resume=False)
    consent = json.loads((out / "stats" / "global.json").read_text()).get("consent", {})
    return {
        "kept": summary.kept,
        "read": summary.read,
        "reconciles": summary.reconciles,
        "stages": {k: v["dropped"] for k, v in summary.stages.items()},
        "build_seconds": summary.seconds,
        "ledger_seconds": consent.get("seconds"),
    }


def _content(doc) -> bytes:  # module-level so datatrove's worker processes can pickle it
    return doc.text.encode("utf-8")


# datatrove picks its hash function from the *evaluated* return annotation (a class, not the string
# that `from __future__ import annotations` leaves there)
_content.__annotations__["return"] = bytes


def run_datatrove(inputs: Path, out: Path, workers: int) -> dict:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import (
        ExactDedupConfig,
        ExactDedupFilter,
        ExactDedupSignature,
        ExactFindDedups,
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.filters import GopherQualityFilter
    from datatrove.pipeline.formatters import PIIFormatter
    from datatrove.pipeline.readers import JsonlReader, ParquetReader
    from datatrove.pipeline.writers import JsonlWriter
    from datatrove.utils.hashing import HashConfig

    tasks = workers
    logs = out / "logs"

    def run(name, pipeline, n_tasks=tasks):
        LocalPipelineExecutor(
            pipeline, tasks=n_tasks, workers=min(workers, n_tasks), logging_dir=str(logs / name), skip_completed=False
        ).run()

    exact = ExactDedupConfig(content_getter=_content)
    # datatrove's default xxhash path passes str to xxhash, which xxhash>=4 rejects; sha1 is its other choice
    minhash = MinhashConfig(hash_config=HashConfig(hash_fc="sha1", precision=64))
    run(
        "filter",
        [
            ParquetReader(str(inputs), text_key="text", id_key="id"),
            GopherQualityFilter(
                min_doc_words=3,
                min_avg_word_length=2,
                max_avg_word_length=15,
                max_symbol_word_ratio=0.5,
                max_ellipsis_lines_ratio=1.0,
                max_non_alpha_words_ratio=0.5,
                min_stop_words=0,
            ),
            PIIFormatter(),
            JsonlWriter(str(out / "filtered"), compression=None),
        ],
    )
    run("exact_sig", [JsonlReader(str(out / "filtered")), ExactDedupSignature(str(out / "exact_sig"), exact)])
    run("exact_find", [ExactFindDedups(str(out / "exact_sig"), str(out / "exact_dups"), exact)], 1)
    run(
        "exact_filter",
        [
            JsonlReader(str(out / "filtered")),
            ExactDedupFilter(str(out / "exact_dups"), exact),
            JsonlWriter(str(out / "exact"), compression=None),
        ],
    )
    run("mh_sig", [JsonlReader(str(out / "exact")), MinhashDedupSignature(str(out / "mh_sig"), config=minhash)])
    run(
        "mh_buckets",
        [MinhashDedupBuckets(str(out / "mh_sig"), str(out / "mh_buckets"), config=minhash)],
        minhash.num_buckets,
    )
    run("mh_cluster", [MinhashDedupCluster(str(out / "mh_buckets"), str(out / "mh_ids"), config=minhash)], 1)
    run(
        "mh_filter",
        [
            JsonlReader(str(out / "exact")),
            MinhashDedupFilter(str(out / "mh_ids")),
            JsonlWriter(str(out / "final"), compression=None),
        ],
    )
    kept = sum(1 for path in (out / "final").glob("*.jsonl") for _ in open(path, encoding="utf-8"))
    return {"kept": kept}


# ---------------------------------------------------------------- measurement


def _tree_rss(root: int) -> int:
    """Summed RSS (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


def measure(side: str, inputs: Path, out: Path, workers: int, src: Path | None = None) -> dict:
    """Run one side in a subprocess (``src``: import townsquare from that source tree); wall time, peak
    summed RSS and what it reported."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    code = (
        f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        f"import build_vs_datatrove as b\n"
        f"print('RESULT' + json.dumps(b.run_{side}(b.Path({str(inputs)!r}), b.Path({str(out)!r}), {workers})))\n"
    )
    start = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(src.resolve())) if src is not None else None
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{side} failed:\n{stderr[-3000:]}")
    result = json.loads(next(line[6:] for line in stdout.splitlines() if line.startswith("RESULT")))
    return {"seconds": seconds, "peak_rss_gb": peak / 1e9, **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of TweetEval to use (before the ×10)")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "build_vs_datatrove")
    parser.add_argument("--only", choices=["townsquare", "datatrove"], default=None)
    parser.add_argument(
        "--before",
        type=Path,
        default=None,
        help="an older townsquare's src/ folder, measured in the same run (e.g. a git worktree)",
    )
    args = parser.parse_args()
    if not TWEETEVAL.is_dir():
        raise SystemExit(f"{TWEETEVAL} not found: the bench needs ../shared/data/tweeteval")
    inputs = args.work / "input"
    if inputs.exists():
        shutil.rmtree(inputs)
    posts = make_input(inputs, args.scale, args.copies, args.shards)
    print(f"input: {posts:,} posts in {args.shards} Parquet shards ({args.copies}x TweetEval, scale {args.scale})")
    results = {}
    sides = [("townsquare", "townsquare", None), ("datatrove", "datatrove", None)]
    if args.before is not None:
        sides.insert(1, ("townsquare@before", "townsquare", args.before))
    for label, side, src in sides:
        if args.only and side != args.only:
            continue
        results[label] = measure(side, inputs, args.work / label, args.workers, src)
        r = results[label]
        print(
            f"{label:<17} {r['seconds']:8.1f} s  {posts / r['seconds']:10,.0f} posts/s  "
            f"peak RSS {r['peak_rss_gb']:.2f} GB  kept {r['kept']:,}",
            flush=True,
        )
        if r.get("ledger_seconds") is not None:  # the consent ledger's own pass (corpus.consent)
            print(
                f"            consent ledger pass {r['ledger_seconds']:.3f} s = "
                f"{100 * r['ledger_seconds'] / r['build_seconds']:.2f}% of the build's {r['build_seconds']:.1f} s"
            )
    if "townsquare@before" in results and "datatrove" in results:
        before = results["datatrove"]["seconds"] / results["townsquare@before"]["seconds"]
        print(f"before ({args.before}): {before:.2f}x datatrove's posts/s")
    if "townsquare" in results and "datatrove" in results:
        ratio = results["datatrove"]["seconds"] / results["townsquare"]["seconds"]
        print(
            f"ratio: townsquare is {ratio:.2f}x datatrove's posts/s on {args.workers} workers "
            f"(goal >= 3x; townsquare peak {results['townsquare']['peak_rss_gb']:.2f} GB, goal < 4 GB)"
        )
    (args.work / "results.json").write_text(
        json.dumps({"posts": posts, "args": {k: str(v) for k, v in vars(args).items()}, "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
