"""Fit the reader's answer gate: whether the reader's answer in the post it picked answers the question.

The reader alone gated on its margin (the best span's score over "no answer"): an answer below one threshold
was an abstention, however much of the question the posts cover. The gate reads the margin with the best
coverage of the question among the evidence posts (the share of its weighted words a post has): a post that has
every word of the question answers at a margin a post with half of them does not.

Measured on the same rows and dropped: adding the post's search relevance and the relevance gap to the next post
(the match model's probability: a refit of the match model would move them, and on a four-post index the gap is
near 0 whatever the posts say) gave a worst share of 0.701 against 0.706 without them, 5-fold; the margin alone,
its threshold chosen the same way, 0.687.

Rows: the held-in TweetQA tune questions (tune[4200:], which the reader was not fitted on; its margin threshold
was chosen on them too), asked of a copy of each index (TweetQA alone, and with every TweetEval tweet) from
which the gold tweets of every other question are forgotten: each question is asked once, with its tweet
present or gone. Features are what the composer reads when it first reads the posts (``ExtractiveComposer.read``
as ``Assistant.ask`` calls it). Logistic regression, each (index, present/gone) group weighted equally; the
threshold maximises the worst of the four shares (answered with the tweet present, abstained with it gone, on
each index), the same criterion the margin threshold was chosen by; the share before and after is measured by
5-fold cross-validation grouped by question, so that no question is scored by a model fitted on it.

    python bench/assistant_gate.py            # read (cached under --work), fit, write reader.json's "gate"
    python bench/assistant_gate.py --dry-run  # read and fit, print, write nothing

Nothing here reads the report half: the report bench (bench/assistant_tweetqa.py) measures the result.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from assistant_tweetqa import SHARED, build, questions_by_split  # noqa: E402

FEATURES = ("margin", "best_coverage")


def readings(index: Path, rows: list[dict], post_of: dict[str, str], work: Path) -> list[dict]:
    """Each question asked of a copy of ``index`` without every other question's gold tweet: whether its tweet
    is there, and the reader's first reading (None where the assistant abstained before reading)."""
    from townsquare.assistant import Assistant
    from townsquare.assistant import compose as cp
    from townsquare.index import forget

    gone = {post_of[row["Tweet"]] for row in rows[::2]}
    copy = work / f"{index.name}_gate_forgotten"
    if not (copy / "manifest.json").exists():
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(index, copy)
        forget(copy, sorted(gone))
    first: list[dict] = []
    read = cp.ExtractiveComposer.read

    def recording(self, reader, question, evidence, floor, posts=None):
        strong, answers = read(self, reader, question, evidence, floor, posts)
        if posts is None and not first:
            best = max(e.coverage for e in evidence)
            first.append({"x": [answers[0][1].score, best] if answers else None})
        return strong, answers

    cp.ExtractiveComposer.read = recording
    try:
        assistant = Assistant(copy)
        out = []
        for row in rows:
            first.clear()
            answer = assistant.ask(row["Question"])
            out.append(
                {
                    "qid": row["qid"],
                    "present": post_of[row["Tweet"]] not in gone,
                    "answered": not answer.abstained,
                    "x": first[0]["x"] if first else None,
                }
            )
        return out
    finally:
        cp.ExtractiveComposer.read = read


def worst_share(groups: list[list[dict]], answered) -> tuple[float, list[float]]:
    """The four shares (per index: answered with the tweet present, abstained with it gone) and their worst."""
    shares = []
    for rows in groups:
        present = [answered(r) for r in rows if r["present"]]
        gone = [answered(r) for r in rows if not r["present"]]
        shares += [sum(present) / len(present), 1 - sum(gone) / len(gone)]
    return min(shares), shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/townsquare-assistant"))
    parser.add_argument("--dry-run", action="store_true", help="print the fit, write nothing")
    args = parser.parse_args()
    if not (SHARED / "tweetqa" / "train.json").exists():
        sys.exit(f"Error: {SHARED}/tweetqa/train.json is missing")
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from townsquare.assistant.reader import CONFIG_FILE

    split, tweets, post_of = questions_by_split()
    rows = split["tune"][4200:]
    args.work.mkdir(parents=True, exist_ok=True)
    groups = []
    for distractors in (False, True):
        index = build(args.work, tweets, distractors)
        cache = args.work / f"{index.name}_gate_readings.json"
        if not cache.exists():
            cache.write_text(json.dumps(readings(index, rows, post_of, args.work)))
        groups.append(json.loads(cache.read_text()))
    sample = [(k, r) for k, rows_k in enumerate(groups) for r in rows_k if r["x"] is not None]
    x = np.array([[max(min(r["x"][0], 10.0), -10.0), *r["x"][1:]] for _, r in sample])
    y = np.array([int(r["present"]) for _, r in sample])
    which = np.array([2 * k + int(r["present"]) for k, r in sample])
    weight = len(y) / (4 * np.bincount(which, minlength=4)[which])
    question = np.array([int(r["qid"][:8], 16) for _, r in sample])

    def fit(on):
        model = LogisticRegression(C=1.0, max_iter=5000)
        model.fit(x[on], y[on], sample_weight=weight[on])
        return model

    def gated(probability):
        # rows the assistant abstained on before reading keep that; the others answer at the threshold
        p = dict(zip((id(r) for _, r in sample), probability))

        def choose(t):
            return worst_share(groups, lambda r: r["answered"] if r["x"] is None else p[id(r)] >= t)

        return max(((t, *choose(t)) for t in np.linspace(0.2, 0.8, 121)), key=lambda found: found[1])

    held = np.zeros(len(y))
    for train, test in GroupKFold(5).split(x, y, question % 97):
        held[test] = fit(train).predict_proba(x[test])[:, 1]
    _, worst_cv, shares_cv = gated(held)
    # the margin alone, its threshold chosen the same way on these rows: what the coverage adds
    alone = np.zeros(len(y))
    for train, test in GroupKFold(5).split(x, y, question % 97):
        one = LogisticRegression(C=1.0, max_iter=5000).fit(x[train][:, :1], y[train], sample_weight=weight[train])
        alone[test] = one.predict_proba(x[test][:, :1])[:, 1]
    _, worst_alone, shares_alone = gated(alone)
    worst_before, shares_before = worst_share(groups, lambda r: r["answered"])
    model = fit(np.arange(len(y)))
    threshold, worst, shares = gated(model.predict_proba(x)[:, 1])
    names = ("TweetQA alone: answered", "abstained", "with distractors: answered", "abstained")
    print(f"{len(rows)} held-in tune questions on 2 indexes, {len(y)} read")
    print("             " + " | ".join(names))
    print(f"as it was    {' | '.join(f'{s:.3f}' for s in shares_before)}   worst {worst_before:.3f}")
    print(f"margin alone {' | '.join(f'{s:.3f}' for s in shares_alone)}   worst {worst_alone:.3f} (5-fold)")
    print(f"gate (5-fold){' | '.join(f'{s:.3f}' for s in shares_cv)}   worst {worst_cv:.3f}")
    print(f"gate (all)   {' | '.join(f'{s:.3f}' for s in shares)}   worst {worst:.3f}, threshold {threshold:.3f}")
    weights = [round(float(v), 5) for v in model.coef_[0]]
    print(f"weights {dict(zip(FEATURES, weights))}, bias {model.intercept_[0]:.4f}")
    if args.dry_run:
        return
    path = ROOT / "src" / "townsquare" / "assistant" / CONFIG_FILE
    config = json.loads(path.read_text())
    config["gate"] = {
        "fitted_on": f"TweetQA tune[4200:] ({len(rows)} questions, half their tweets forgotten) on both indexes "
        "(bench/assistant_gate.py)",
        "features": list(FEATURES),
        "weights": weights,
        "bias": round(float(model.intercept_[0]), 5),
        # the probability's threshold as a logit: the gate is one dot product
        "logit_threshold": round(math.log(threshold / (1 - threshold)), 5),
        "worst_share_5fold": {
            "as it was": round(worst_before, 3),
            "margin alone": round(worst_alone, 3),
            "gate": round(worst_cv, 3),
        },
    }
    path.write_text(json.dumps(config, indent=1) + "\n")
    print(f"-> {path}")


if __name__ == "__main__":
    main()
