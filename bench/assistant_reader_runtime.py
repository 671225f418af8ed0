"""The reader's two runtimes side by side: torch's eager modules against ONNX Runtime (``reader.OnnxForward``).

Each TweetQA report question is read with its own tweet and the two tweets after it (3 posts in one batch, as
the assistant reads), by both runtimes in turn, alone on the machine and again while another process keeps
the cores busy (numpy matrix products, as a second request or an index build would). The table gives each
runtime's p50 and p99 per batch and the ratio, and checks that both runtimes pick the same span of every post.

    python bench/assistant_reader_runtime.py            # 300 questions
    python bench/assistant_reader_runtime.py -n 100 --no-load
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assistant_tweetqa import questions_by_split  # noqa: E402


def _busy(stop: multiprocessing.synchronize.Event) -> None:
    import numpy as np

    a = np.random.default_rng(0).random((300, 300))
    while not stop.is_set():
        a = np.tanh(a @ a.T)


def _measure(reader: object, forwards: dict[str, object], batches: list[tuple[str, list[str]]]) -> dict[str, list]:
    times: dict[str, list[float]] = {name: [] for name in forwards}
    spans: dict[str, list] = {name: [] for name in forwards}
    for question, texts in batches:
        for name, forward in forwards.items():
            reader.forward = forward  # type: ignore[attr-defined]
            reader._memo.clear()  # type: ignore[attr-defined]
            start = time.perf_counter()
            readings = reader.read(question, texts)  # type: ignore[attr-defined]
            times[name].append((time.perf_counter() - start) * 1000)
            spans[name].append([(r.start, r.end, round(r.margin, 3)) for r in readings])
    return {"times": times, "spans": spans}  # type: ignore[dict-item]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="report questions (default 300)")
    parser.add_argument("--no-load", action="store_true", help="only the idle machine")
    args = parser.parse_args()

    from townsquare.assistant.reader import OnnxForward, TorchForward, load_reader

    reader = load_reader()
    if reader is None:
        sys.exit("error: no reader here (torch, transformers or the MiniLM package is missing)")
    if not isinstance(reader.forward, OnnxForward):
        sys.exit("error: the reader did not load on ONNX Runtime (is onnxruntime installed?)")
    split, tweets, _ = questions_by_split()
    at = {text: i for i, text in enumerate(tweets)}
    rows = split["report"][: args.n]
    batches = [(row["Question"], [tweets[(at[row["Tweet"]] + k) % len(tweets)] for k in range(3)]) for row in rows]
    forwards = {"torch (eager)": TorchForward(reader.model, reader.head), "ONNX Runtime": reader.forward}
    _measure(reader, forwards, batches[:10])  # warm both

    conditions = [("idle", None)] if args.no_load else [("idle", None), ("beside a busy process", _busy)]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"reader, {len(batches)} batches of 3 posts (question + its tweet + 2 others), both runtimes in turn")
    print(f"load average before the run: {load} ({os.cpu_count()} cores)\n")
    print("| machine | runtime | p50 ms | p99 ms | p50 ratio to torch | same spans |")
    print("|---|---|---|---|---|---|")
    for label, target in conditions:
        stop = multiprocessing.Event()
        other = multiprocessing.Process(target=target, args=(stop,)) if target else None
        if other:
            other.start()
            time.sleep(1.0)
        try:
            got = _measure(reader, forwards, batches)
        finally:
            if other:
                stop.set()
                other.join()
        base = statistics.median(got["times"]["torch (eager)"])
        reference = got["spans"]["torch (eager)"]
        for name, xs in got["times"].items():
            xs = sorted(xs)
            same = sum(
                a[:2] == b[:2]
                for ra, rb in zip(reference, got["spans"][name], strict=True)
                for a, b in zip(ra, rb, strict=True)
            )
            total = sum(len(r) for r in reference)
            p50, p99 = statistics.median(xs), xs[int(0.99 * (len(xs) - 1))]
            print(f"| {label} | {name} | {p50:.1f} | {p99:.1f} | {p50 / base:.2f} | {same}/{total} |")


if __name__ == "__main__":
    main()
