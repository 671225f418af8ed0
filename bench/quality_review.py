"""Read what the quality stage drops: counts per reason and random examples, on all TweetEval text.

    python bench/quality_review.py [--data ../shared/data] [--examples 10] [--seed 0]

TweetEval is ~155k real tweets (mentions already ``@user``); a quality filter
for posts should drop few of them (goal: under ~3%) and what it drops should be
junk when you read it. Also prints the stage's posts/s on one core.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from pathlib import Path

import pyarrow as pa

from townsquare.corpus.quality import QUALITY_REASONS, QualityStage
from townsquare.post import POST_SCHEMA, conform


def load_tweeteval(data: Path) -> list[str]:
    """Every line of every TweetEval *_text.txt (all tasks and splits)."""
    texts = []
    for path in sorted((data / "tweeteval").rglob("*_text.txt")):
        texts.extend(path.read_text(encoding="utf-8").splitlines())
    return texts


def as_batches(texts: list[str], size: int = 8192) -> list[pa.RecordBatch]:
    batches = []
    for start in range(0, len(texts), size):
        chunk = texts[start : start + size]
        table = pa.table(
            {
                "id": [str(start + i) for i in range(len(chunk))],
                "platform": ["x"] * len(chunk),
                "text": chunk,
                "visibility": ["public"] * len(chunk),
                "deleted": [False] * len(chunk),
            }
        )
        batches.append(conform(table).to_batches()[0].cast(POST_SCHEMA))
    return batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data")
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    texts = load_tweeteval(args.data)
    batches = as_batches(texts)
    stage = QualityStage()
    dropped: dict[str, list[str]] = defaultdict(list)
    start = time.perf_counter()
    results = [stage.run(batch)[1] for batch in batches]
    elapsed = time.perf_counter() - start
    for batch, reasons in zip(batches, results):
        for text, reason in zip(batch.column("text").to_pylist(), reasons):
            if reason is not None:
                dropped[reason].append(text)

    total = sum(len(v) for v in dropped.values())
    print(
        f"TweetEval posts: {len(texts):,}  dropped: {total:,} ({100 * total / len(texts):.2f}%)  "
        f"speed: {len(texts) / elapsed:,.0f} posts/s (one core)\n"
    )
    print("| reason | dropped | % of posts |\n|---|---|---|")
    for reason in QUALITY_REASONS:
        print(f"| {reason} | {len(dropped[reason]):,} | {100 * len(dropped[reason]) / len(texts):.3f} |")
    rng = random.Random(args.seed)
    for reason in QUALITY_REASONS:
        if dropped[reason]:
            print(f"\n## {reason}")
            for text in rng.sample(dropped[reason], min(args.examples, len(dropped[reason]))):
                print("  -", text[:160])


if __name__ == "__main__":
    main()
