"""Search relevance on TweetQA: recall@10 and MRR for keyword, vector and hybrid search.

Each TweetQA question's tweet is the one relevant document. Two corpora:
(a) the 5,119 distinct TweetQA tweets alone; (b) the same plus every TweetEval
tweet (~160k) as distractors. Questions are split by a hash of their qid: the
"tune" half was used to choose the ranking knobs and stopwords, the "report"
half is what the table shows (both are printed so overfitting would show).

    python bench/search_relevance.py                    # both corpora, static embeddings
    python bench/search_relevance.py --corpus a --embedder minilm   # full MiniLM, (a) only (slow)
    python bench/search_relevance.py --baseline         # plain BM25 (no stopwords/stemming) + naive RRF

Corpora and indexes are cached under --work (default /tmp/townsquare-relevance).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import xxhash

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"


def load_questions(shared: Path) -> tuple[list[dict], list[str]]:
    """TweetQA questions and the distinct tweets (the relevant documents)."""
    rows = json.loads((shared / "tweetqa" / "train.json").read_text())
    tweets: dict[str, None] = {}
    for row in rows:
        tweets.setdefault(row["Tweet"], None)
    return rows, list(tweets)


def distractor_texts(shared: Path) -> list[str]:
    """Every TweetEval tweet, all tasks and splits."""
    texts = []
    for path in sorted((shared / "tweeteval").rglob("*_text.txt")):
        texts.extend(line.strip() for line in path.read_text().splitlines() if line.strip())
    return texts


def write_corpus(folder: Path, tweets: list[str], distractors: list[str]) -> None:
    """A corpus folder: posts qa-N (TweetQA tweets) and te-N (distractors), one per minute."""
    from townsquare.post import PostBuilder, write_parquet

    if (folder / "posts").is_dir():
        return
    base = datetime(2020, 1, 1, tzinfo=UTC)

    def batches():
        builder = PostBuilder()
        rows = [(f"qa-{i}", text) for i, text in enumerate(tweets)]
        rows += [(f"te-{i}", text) for i, text in enumerate(distractors)]
        for n, (post_id, text) in enumerate(rows):
            if builder.add(
                id=post_id,
                platform="x",
                text=text,
                author_handle=f"user{n % 997}",
                created_at=base + timedelta(minutes=n),
                lang="en",
                uri=f"https://x.com/i/{post_id}",
            ):
                yield builder.flush()
        if (batch := builder.flush()) is not None:
            yield batch

    write_parquet(batches(), folder / "posts" / "part-00000.parquet")


def split_of(qid: str) -> str:
    return "tune" if xxhash.xxh32_intdigest(qid.encode()) % 2 == 0 else "report"


def evaluate(searcher, questions: list[dict], answer_ids: dict[str, str], mode: str, limit: int | None) -> dict:
    """recall@10 and MRR@10 per split for one mode, using the public Searcher.search path."""
    from townsquare.index.query import QuerySyntaxError

    stats = {split: {"n": 0, "hits": 0, "rr": 0.0} for split in ("tune", "report")}
    started = time.perf_counter()
    count = 0
    for row in questions[:limit] if limit else questions:
        split = stats[split_of(row["qid"])]
        split["n"] += 1
        count += 1
        try:
            page = searcher.search(row["Question"], max_results=10, mode=mode)
        except QuerySyntaxError:
            continue
        ids = [post["id"] for post in page.posts]
        target = answer_ids[row["Tweet"]]
        if target in ids:
            split["hits"] += 1
            split["rr"] += 1.0 / (ids.index(target) + 1)
    elapsed = time.perf_counter() - started
    out = {
        s: {"recall@10": v["hits"] / max(v["n"], 1), "mrr": v["rr"] / max(v["n"], 1), "n": v["n"]}
        for s, v in stats.items()
    }
    out["ms_per_query"] = 1000 * elapsed / max(count, 1)
    return out


def run(corpus_name: str, args) -> list[tuple]:
    from townsquare.index.build import build_index, is_outdated
    from townsquare.index.search import Ranking, Searcher

    questions, tweets = load_questions(args.shared)
    distractors = distractor_texts(args.shared) if corpus_name == "b" else []
    corpus = args.work / f"corpus-{corpus_name}"
    write_corpus(corpus, tweets, distractors)
    index_dir = args.work / f"index-{corpus_name}-{args.embedder}"
    if is_outdated(index_dir):  # cached by an older townsquare: build it again
        print(f"rebuilding {index_dir}: built by an older townsquare", file=sys.stderr)
        shutil.rmtree(index_dir)
    stats = build_index(corpus, index_dir, embedder=args.embedder)
    if stats.posts_indexed:
        print(
            f"[{corpus_name}] indexed {stats.posts_indexed} posts in {stats.total_seconds:.1f}s; "
            f"vector side {stats.vector_posts_per_s:,.0f} posts/s",
            file=sys.stderr,
        )
    answer_ids = {text: f"qa-{i}" for i, text in enumerate(tweets)}
    ranking = Ranking()
    if args.rrf_k is not None:
        ranking.rrf_k = args.rrf_k
    if args.vector_weight is not None:
        ranking.vector_weight = args.vector_weight
    if args.baseline:
        ranking.keyword_weight = ranking.vector_weight = 1.0
        ranking.rrf_k = 60.0
    searcher = Searcher(index_dir, ranking=ranking)
    if args.baseline:
        from townsquare.index import keyword as kw

        kw.QUESTION_STOPWORDS = frozenset()  # plain BM25 OR over every word
    rows = []
    for mode in args.modes:
        result = evaluate(searcher, questions, answer_ids, mode, args.limit)
        rows.append((corpus_name, len(tweets) + len(distractors), mode, result))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["a", "b", "both"], default="both")
    parser.add_argument("--embedder", choices=["static", "minilm"], default="static")
    parser.add_argument("--modes", nargs="+", default=["keyword", "vector", "hybrid"])
    parser.add_argument("--limit", type=int, default=None, help="evaluate only the first N questions")
    parser.add_argument("--rrf-k", type=float, default=None)
    parser.add_argument("--vector-weight", type=float, default=None)
    parser.add_argument("--baseline", action="store_true", help="no question stopwords, equal RRF weights k=60")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--work", type=Path, default=Path("/tmp/townsquare-relevance"))
    args = parser.parse_args(argv)
    if not (args.shared / "tweetqa" / "train.json").is_file():
        sys.exit(f"TweetQA not found under {args.shared}")
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in ["a", "b"] if args.corpus == "both" else [args.corpus]:
        rows += run(name, args)
    print(f"\nembedder={args.embedder} baseline={args.baseline}")
    print(
        f"{'corpus':<8}{'posts':>9}  {'mode':<8}{'R@10 report':>12}{'MRR report':>11}"
        f"{'R@10 tune':>11}{'MRR tune':>10}{'ms/q':>7}"
    )
    for corpus_name, posts, mode, r in rows:
        print(
            f"{corpus_name:<8}{posts:>9}  {mode:<8}{r['report']['recall@10']:>12.3f}{r['report']['mrr']:>11.3f}"
            f"{r['tune']['recall@10']:>11.3f}{r['tune']['mrr']:>10.3f}{r['ms_per_query']:>7.1f}"
        )


if __name__ == "__main__":
    main()
