"""Near-dup dedup: recall/precision against exact Jaccard, and MinHash speed vs rensa.

    python bench/dedup_vs_rensa.py [--data ../shared/data] [--base 5000] [--planted 1500] [--speed-posts 50000]

1. Quality: ``--base`` distinct TweetEval tweets plus ``--planted`` variants with
   1 or 2 random character edits. Ground truth is every pair whose exact
   Jaccard similarity of character 5-gram sets (of normalized text) is >= 0.8,
   found exhaustively with prefix filtering (a pair with J >= t must share one
   of the first |A| - ceil(t|A|) + 1 rarest-ordered grams). Recall = share of
   those pairs that DuplicateFinder puts in one cluster; precision = share of
   the (dup, kept) pairs it reports whose exact J >= 0.8 (and >= 0.7).
2. Speed: signatures/s on the same normalized texts, 128 permutations,
   character 5-grams, ours vs rensa's RMinHash (bulk ``digest_matrix_from_token_sets``
   and one object per post), best of 3 interleaved rounds.
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections import defaultdict
from pathlib import Path

from townsquare.corpus.dedup import DuplicateFinder, exact_keys, minhash_signatures, normalize

THRESHOLD = 0.8


def load_texts(data: Path) -> list[str]:
    texts = []
    for path in sorted((data / "tweeteval").rglob("*_text.txt")):
        texts.extend(path.read_text(encoding="utf-8").splitlines())
    return texts


def edit(text: str, edits: int, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(edits):
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 1 / 3:
            chars[i] = rng.choice("abcdefghijklmnopqrstuvwxyz")
        elif op < 2 / 3 and len(chars) > 1:
            del chars[i]
        else:
            chars.insert(i, rng.choice("abcdefghijklmnopqrstuvwxyz "))
    return "".join(chars)


def grams(text: str, n: int = 5) -> frozenset[str]:
    text = text if len(text) >= n else text.ljust(n, "\0")
    return frozenset(text[i : i + n] for i in range(len(text) - n + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b)


def similar_pairs(sets: list[frozenset], threshold: float) -> dict[tuple[int, int], float]:
    """All pairs with exact Jaccard >= threshold (prefix filtering, then exact check)."""
    freq = defaultdict(int)
    for s in sets:
        for g in s:
            freq[g] += 1
    index = defaultdict(list)
    found = {}
    for i, s in enumerate(sets):
        ordered = sorted(s, key=lambda g: (freq[g], g))
        prefix = ordered[: len(s) - math.ceil(threshold * len(s)) + 1]
        candidates = {j for g in prefix for j in index[g]}
        for j in candidates:
            if min(len(s), len(sets[j])) >= threshold * max(len(s), len(sets[j])):
                sim = jaccard(s, sets[j])
                if sim >= threshold:
                    found[(j, i)] = sim
        for g in prefix:
            index[g].append(i)
    return found


def quality(data: Path, base: int, planted: int, seed: int) -> None:
    rng = random.Random(seed)
    pool = list(dict.fromkeys(t for t in load_texts(data) if len(normalize([t])[0]) >= 1))
    rng.shuffle(pool)
    texts = pool[:base]
    sources = rng.sample(range(base), planted)
    texts += [edit(texts[i], 1 + k % 2, rng) for k, i in enumerate(sources)]
    norm = normalize(texts)
    sets = [grams(t) for t in norm]
    truth = similar_pairs(sets, THRESHOLD)

    finder = DuplicateFinder()
    ids = [str(i) for i in range(len(texts))]
    finder.add(ids, None, exact_keys(norm, normalized=True), minhash_signatures(norm, normalized=True))
    reported = finder.duplicates()
    cluster = {int(dup): int(kept) for dup, kept, _ in reported}
    root = lambda i: cluster.get(i, i)  # noqa: E731 - kept ids are roots
    found = sum(root(i) == root(j) for i, j in truth)
    pair_sims = [jaccard(sets[int(d)], sets[int(k)]) for d, k, _ in reported]
    precise = sum(s >= THRESHOLD for s in pair_sims)
    lenient = sum(s >= 0.7 for s in pair_sims)
    print(f"posts: {len(texts):,} ({base:,} TweetEval + {planted:,} planted 1-2-edit variants)")
    print(f"true pairs with J >= {THRESHOLD}: {len(truth):,}")
    print("| metric | value |\n|---|---|")
    print(f"| recall (J >= {THRESHOLD} pairs in one cluster) | {found / max(1, len(truth)):.4f} |")
    print(f"| precision (reported pairs with J >= {THRESHOLD}) | {precise / max(1, len(reported)):.4f} |")
    print(f"| precision (reported pairs with J >= 0.7) | {lenient / max(1, len(reported)):.4f} |")
    print(f"| reported duplicates | {len(reported):,} |\n")


def speed(data: Path, posts: int) -> None:
    import rensa

    texts = normalize(load_texts(data)[:posts])

    def ours():
        minhash_signatures(texts, 128, 5, normalized=True)

    def rensa_bulk():
        token_sets = [[t[i : i + 5] for i in range(max(1, len(t) - 4))] for t in texts]
        rensa.RMinHash.digest_matrix_from_token_sets(token_sets, 128, 42)

    def rensa_objects():
        for t in texts:
            m = rensa.RMinHash(num_perm=128, seed=42)
            m.update([t[i : i + 5] for i in range(max(1, len(t) - 4))])
            m.digest()

    runs = {
        "townsquare (numpy, one-permutation + densification)": ours,
        "rensa RMinHash bulk (digest_matrix_from_token_sets)": rensa_bulk,
        "rensa RMinHash, one object per post": rensa_objects,
    }
    best = {name: 0.0 for name in runs}
    for _ in range(3):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = max(best[name], len(texts) / (time.perf_counter() - start))
    ours_rate = best["townsquare (numpy, one-permutation + densification)"]
    print(f"signatures/s on {len(texts):,} normalized TweetEval posts, 128 perms, char 5-grams, best of 3:")
    print("| implementation | signatures/s | ours / this |\n|---|---|---|")
    for name, rate in best.items():
        print(f"| {name} | {rate:,.0f} | {ours_rate / rate:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data")
    parser.add_argument("--base", type=int, default=5000)
    parser.add_argument("--planted", type=int, default=1500)
    parser.add_argument("--speed-posts", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    quality(args.data, args.base, args.planted, args.seed)
    speed(args.data, args.speed_posts)


if __name__ == "__main__":
    main()
