"""Which side a post takes, for the assistant's viewpoints: the word lexicon vs the polarity model.

"What do people say about the bus lane?" is answered by grouping the evidence
posts into sides (``townsquare.assistant.viewpoints``). A side was decided by a
lexicon of approving and critical words; the polarity model is a softmax over
negative / neutral / positive on the post's static embedding (the index's own
embedder) plus the lexicon's two counts. Neither data set below was used to
write the lexicon or the model's features.

  fit      US airline tweets (14,640, crowd-labelled negative / neutral /
           positive; ../shared/data/csv) and TweetEval sentiment val (2,000; its
           train texts are not in ../shared/data). 20% of it, split by a hash of
           the text, is held in: the confidence a side needs is chosen there.
  report   TweetEval sentiment test (12,284 tweets of SemEval-2017, another
           collection and time) and TweetEval stance test (1,249 tweets for or
           against abortion, atheism, climate action, feminism, Hillary Clinton),
           where a side is a position on a target, which sentiment is not.

On each report set: of the tweets with a side in the gold labels, how many get
one (coverage) and how many of those are right; how many neutral tweets wrongly
get one; and F1 of "right side" over both (precision over every side given). The
confidence a side needs maximises F0.5 on held-in (precision weighs twice: a
wrong side misleads a reader, a missing one only shrinks a count).

The model gives no side where the lexicon says the opposite (the embedding does
not see negation: "not bad" and "can't complain" came out critical, found by a
reviewer): on the report set that gave a side to 40.5% instead of 41.4% of the
polar tweets, as often right (86.4% vs 86.5%).

Where a negation turns a lexicon word ("not great", "no complaints"), the
lexicon's side replaces the model's; the lexicon knows the comparative and
third-person forms of its words (an explicit list: "happier", "complaints";
stripping any final "s" made "wind" and "rights" approving, found by a
reviewer), "never been happier" keeps its side while "isn't any better" turns,
and "no wonder" / "don't miss" are no negation. Decided on held-in: F0.5 0.798
before and 0.795 after (within noise; kept for the reviewer's cases: "no
complaints" was against). Report set after: a side for 41.7% of polar tweets
(was 40.5%), right 85.4% (86.4%), neutral given one 18.0% (17.2%), F1 0.450
(0.447).

Looked at on the report set and not kept (so these choices saw it): confidence
by held-in F1 (0.38: neutral tweets got a side half the time); the fit without
class weights (held-in F0.5 0.827 vs 0.811 with them, as the held-in set shares
the airline tweets' 63% of complaints; on the sample town it left two of the
five approving bus-lane posts without a side). Class weights were kept for that
reason, not for the report numbers, which they did not improve (F1 0.454 vs
0.455; right 0.865 vs 0.927 of a larger coverage 0.414 vs 0.376).

    python bench/assistant_stance.py          # measure the lexicon and the shipped model
    python bench/assistant_stance.py --fit    # fit, choose on held-in, write src/townsquare/assistant/stance_weights.json
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
TWEETEVAL = DATA / "tweeteval"
OUT = ROOT / "src" / "townsquare" / "assistant"
CLASSES = (-1, 0, 1)  # negative, neutral, positive: the model's rows


def airline() -> tuple[list[str], list[int]]:
    label = {"negative": -1, "neutral": 0, "positive": 1}
    with (DATA / "csv" / "us_airline_tweets.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(r["text"], label[r["airline_sentiment"]]) for r in csv.DictReader(handle)]
    return [t for t, _ in rows], [y for _, y in rows]


def tweeteval(task: str, split: str, mapping: dict[int, int]) -> tuple[list[str], list[int]]:
    folder = TWEETEVAL / task
    texts = (folder / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = [mapping[int(x)] for x in (folder / f"{split}_labels.txt").read_text().split()]
    return texts, labels


def stance_test() -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    for target in ("abortion", "atheism", "climate", "feminist", "hillary"):
        t, y = tweeteval(f"stance/{target}", "test", {0: 0, 1: -1, 2: 1})
        texts += t
        labels += y
    return texts, labels


def scores(predicted: np.ndarray, gold: np.ndarray, beta: float = 0.5) -> dict[str, float]:
    polar, sided = gold != 0, predicted != 0
    right = (predicted == gold) & polar & sided
    precision = right.sum() / max(sided.sum(), 1)
    recall = right.sum() / max(polar.sum(), 1)
    return {
        "coverage": float(sided[polar].mean()),
        "right_of_sided": float((predicted[polar & sided] == gold[polar & sided]).mean())
        if (polar & sided).any()
        else 0.0,
        "neutral_sided": float(sided[~polar].mean()) if (~polar).any() else 0.0,
        "f1": float(2 * precision * recall / max(precision + recall, 1e-9)),
        f"f{beta:g}": float((1 + beta**2) * precision * recall / max(beta**2 * precision + recall, 1e-9)),
    }


def embedder():
    from townsquare.index.embed import StaticEmbedder, build_static_model

    folder = Path(tempfile.gettempdir()) / "townsquare-static-model"
    if not (folder / "embeddings.npy").is_file():
        build_static_model(folder)
    return StaticEmbedder(folder)


def fit(args) -> None:
    from townsquare.assistant.viewpoints import STANCE_WEIGHTS_FILE, polarity_features, sides

    texts, labels = airline()
    t, y = tweeteval("sentiment", "val", {0: -1, 1: 0, 2: 1})
    texts, labels = texts + t, labels + y
    held = np.array([zlib.crc32(text.encode()) % 5 == 0 for text in texts])
    model = embedder()
    x = polarity_features(texts, model)
    target = np.array([CLASSES.index(v) for v in labels])
    started = time.perf_counter()
    weights = softmax_regression(x[~held], target[~held], l2=args.l2, steps=args.steps)
    print(f"fitted on {int((~held).sum())} tweets in {time.perf_counter() - started:.1f} s; held in {int(held.sum())}")
    gold = np.array(labels)[held]
    best = None
    for confidence in np.linspace(0.34, 0.9, 29):
        found = scores(sides(x[held], weights, float(confidence)), gold, args.beta)
        print(f"  confidence {confidence:.2f}: " + ", ".join(f"{k} {v:.3f}" for k, v in found.items()))
        if best is None or found[f"f{args.beta:g}"] > best[1][f"f{args.beta:g}"]:
            best = (float(confidence), found)
    confidence = round(best[0], 2)
    print(f"chosen confidence {confidence} (held-in F{args.beta:g} {best[1][f'f{args.beta:g}']:.3f})")
    (args.out / STANCE_WEIGHTS_FILE).write_text(
        json.dumps(
            {
                "classes": list(CLASSES),
                "embedder": model.name,
                "features": f"static embedding ({model.dim}) + approving and critical lexicon counts",
                "weights": np.round(weights, 5).tolist(),
                "confidence": confidence,
                "fitted_on": "US airline tweets + TweetEval sentiment val, 80% by text hash "
                f"(bench/assistant_stance.py --fit --l2 {args.l2} --steps {args.steps} --beta {args.beta})",
            }
        )
        + "\n"
    )
    print(f"wrote {args.out / STANCE_WEIGHTS_FILE}")


def softmax_regression(x: np.ndarray, y: np.ndarray, l2: float, steps: int, lr: float = 0.05) -> np.ndarray:
    """(classes, features + 1) weights, the last column the bias; full-batch Adam on the cross-entropy with each
    class weighted by its inverse frequency (the airline tweets are 63% complaints: the assistant's posts are
    about anything, so the fitted prior should not lean to one side)."""
    xb = np.hstack([x, np.ones((len(x), 1), dtype=x.dtype)])
    w = np.zeros((len(CLASSES), xb.shape[1]))
    m, v = np.zeros_like(w), np.zeros_like(w)
    onehot = np.eye(len(CLASSES))[y]
    balance = (len(y) / (len(CLASSES) * np.bincount(y, minlength=len(CLASSES))))[y]
    for step in range(1, steps + 1):
        logits = xb @ w.T
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = ((p - onehot) * balance[:, None]).T @ xb / balance.sum()
        grad += l2 * np.hstack([w[:, :-1], np.zeros((len(CLASSES), 1))])
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def measure() -> None:
    from townsquare.assistant.viewpoints import stance, stances

    model = embedder()
    sets = {
        "TweetEval sentiment test": tweeteval("sentiment", "test", {0: -1, 1: 0, 2: 1}),
        "TweetEval stance test": stance_test(),
    }
    print("| set | sides by | coverage of sided tweets | right, of those given a side | neutral given a side | F1 |")
    print("|---|---|---|---|---|---|")
    for name, (texts, labels) in sets.items():
        gold = np.array(labels)
        started = time.perf_counter()
        lexicon = np.array([stance(text) for text in texts])
        lexicon_s = time.perf_counter() - started
        started = time.perf_counter()
        learned = np.array(stances(texts, model))
        learned_s = time.perf_counter() - started
        for who, predicted, seconds in (("lexicon", lexicon, lexicon_s), ("polarity model", learned, learned_s)):
            found = scores(predicted, gold)
            print(
                f"| {name} ({len(texts)}) | {who} ({1e6 * seconds / len(texts):.0f} µs/post) | {found['coverage']:.3f} "
                f"| {found['right_of_sided']:.3f} | {found['neutral_sided']:.3f} | {found['f1']:.3f} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument(
        "--beta",
        type=float,
        default=0.5,
        help="the confidence maximises held-in F-beta: 0.5 weighs precision twice (a wrong side misleads a reader, "
        "a missing one only shrinks a count)",
    )
    args = parser.parse_args()
    if not TWEETEVAL.is_dir():
        sys.exit(f"no TweetEval data under {TWEETEVAL}")
    if args.fit:
        fit(args)
    measure()


if __name__ == "__main__":
    main()
