"""Keyword engines head to head: tantivy (BM25) vs SQLite FTS5 (bm25()) on the same posts and queries.

The corpus is TweetEval text replicated with new ids up to --posts (default 1M).
Both engines index the same texts and answer the same queries (top 10 by BM25,
OR over the query's words, like townsquare's natural-language queries, and AND
for two-word queries) in the same run, library level, one thread. Prints index
time, p50/p99 latency and QPS per engine, and the ratio.

    python bench/keyword_engines.py                    # 1M posts, 2,000 queries
    python bench/keyword_engines.py --posts 100000     # quicker
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"


def load_texts(shared: Path) -> list[str]:
    texts = []
    for path in sorted((shared / "tweeteval").rglob("*_text.txt")):
        texts.extend(line.strip() for line in path.read_text().splitlines() if line.strip())
    return texts


def make_queries(texts: list[str], count: int, seed: int = 7) -> list[list[str]]:
    """Queries of 1-4 words drawn from real tweets (so most have matches)."""
    rng = random.Random(seed)
    queries = []
    while len(queries) < count:
        words = [w.lower() for w in re.findall(r"[A-Za-z]{4,}", rng.choice(texts))]
        if len(words) >= 2:
            queries.append(rng.sample(words, min(len(words), rng.randint(1, 4))))
    return queries


def corpus(texts: list[str], posts: int):
    """(id, text) for ``posts`` posts: TweetEval cycled, each copy a new id."""
    for n in range(posts):
        yield n, texts[n % len(texts)]


def build_tantivy(path: Path, texts: list[str], posts: int):
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("doc_id", fast=True)
    builder.add_text_field("text", tokenizer_name="en_stem")
    index = tantivy.Index(builder.build(), path=str(path))
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    for doc_id, text in corpus(texts, posts):
        doc = tantivy.Document(text=text)
        doc.add_unsigned("doc_id", doc_id)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


def tantivy_runner(index):
    import tantivy

    searcher = index.searcher()
    schema = index.schema
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )

    def run(words: list[str], require_all: bool) -> list[int]:
        occur = tantivy.Occur.Must if require_all else tantivy.Occur.Should
        terms = [t for w in words for t in analyzer.analyze(w)]
        query = tantivy.Query.boolean_query([(occur, tantivy.Query.term_query(schema, "text", t)) for t in terms])
        hits = searcher.search(query, 10, count=False).hits
        return searcher.fast_field_values("doc_id", [address for _, address in hits]) if hits else []

    return run


def build_fts5(path: Path, texts: list[str], posts: int) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    # porter stemming to match tantivy's en_stem
    db.execute("CREATE VIRTUAL TABLE posts USING fts5(text, tokenize='porter unicode61')")
    db.executemany("INSERT INTO posts(rowid, text) VALUES (?, ?)", corpus(texts, posts))
    db.commit()
    db.execute("INSERT INTO posts(posts) VALUES ('optimize')")
    db.commit()
    return db


def fts5_runner(db: sqlite3.Connection):
    def run(words: list[str], require_all: bool) -> list[int]:
        joiner = " AND " if require_all else " OR "
        match = joiner.join('"' + w.replace('"', '""') + '"' for w in words)
        rows = db.execute("SELECT rowid FROM posts WHERE posts MATCH ? ORDER BY bm25(posts) LIMIT 10", (match,))
        return [row[0] for row in rows]

    return run


def measure(run, queries: list[list[str]]) -> dict[str, float]:
    for words in queries[:50]:  # warm caches
        run(words, len(words) == 2)
    latencies = []
    started = time.perf_counter()
    for words in queries:
        t0 = time.perf_counter()
        run(words, len(words) == 2)
        latencies.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[int(0.99 * (len(latencies) - 1))],
        "qps": len(queries) / elapsed,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/townsquare-keyword-engines"))
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    if not (args.shared / "tweeteval").is_dir():
        sys.exit(f"TweetEval not found under {args.shared}")
    texts = load_texts(args.shared)
    queries = make_queries(texts, args.queries)
    shutil.rmtree(args.work, ignore_errors=True)
    (args.work / "tantivy").mkdir(parents=True)

    results = {}
    t0 = time.perf_counter()
    index = build_tantivy(args.work / "tantivy", texts, args.posts)
    results["tantivy"] = {"index_s": time.perf_counter() - t0, **measure(tantivy_runner(index), queries)}
    t0 = time.perf_counter()
    db = build_fts5(args.work / "fts5.sqlite", texts, args.posts)
    results["sqlite-fts5"] = {"index_s": time.perf_counter() - t0, **measure(fts5_runner(db), queries)}
    # Same question, same answer? Hit counts must agree; top-10 overlap differs only by BM25 variants and ties.
    run_t, run_f = tantivy_runner(index), fts5_runner(db)
    sample = queries[:200]
    pairs = [(run_t(q, len(q) == 2), run_f(q, len(q) == 2)) for q in sample]
    same_count = sum(len(a) == len(b) for a, b in pairs) / len(pairs)
    overlap = statistics.mean(len(set(a) & set(b)) / max(len(b), 1) for a, b in pairs)

    print(f"\n{args.posts:,} posts, {len(queries):,} queries (OR for 1/3/4 words, AND for 2), top 10, 1 thread")
    print(f"{'engine':<13}{'index s':>9}{'posts/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'QPS':>9}")
    for name, r in results.items():
        print(
            f"{name:<13}{r['index_s']:>9.1f}{args.posts / r['index_s']:>10,.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}{r['qps']:>9.0f}"
        )
    print(f"agreement on {len(sample)} queries: same hit count {same_count:.0%}, top-10 overlap {overlap:.0%}")
    t, f = results["tantivy"], results["sqlite-fts5"]
    print(
        f"fts5 / tantivy: index time x{f['index_s'] / t['index_s']:.1f}, p50 x{f['p50'] / t['p50']:.1f}, "
        f"p99 x{f['p99'] / t['p99']:.1f}; QPS tantivy / fts5 x{t['qps'] / f['qps']:.1f}"
    )


if __name__ == "__main__":
    main()
