"""TweetEval: a TF-IDF + logistic regression baseline, our model, and the published rows, in one run.

    python bench/tweeteval_baseline.py --data ../shared/data/tweeteval                 # the baseline alone
    python bench/tweeteval_baseline.py --data ../shared/data/tweeteval --run runs/te   # + our model, same run
    python bench/tweeteval_baseline.py --data ... --run runs/te --set max_steps=20 --set limit=500  # smoke size
    python bench/tweeteval_baseline.py --reuse tfidf.json --eval runs/small --eval runs/base  # bench/gpu_tweeteval.sh

The baseline: word 1-2-grams and character 2-5-grams (``char_wb``), sublinear TF-IDF,
logistic regression (scikit-learn, liblinear; one-vs-rest for more than two classes:
lbfgs multinomial took 105 s against 37 s on emotion, for a score within noise). Per task, C and class weighting are
chosen on the val split; the chosen model is refitted on train and scored once on
test with the task's official metric (``townsquare.eval.tweeteval.score``). Stance
has one model per target, their test predictions pooled, as for our heads.

``--run`` fine-tunes a head per task on the run's exported model
(``townsquare.eval.tweeteval.evaluate_tweeteval``, what ``townsquare eval --tweeteval``
does) in the same process, so both columns come from the same data and code path.
``--out FILE`` writes the table as JSON; ``townsquare report --baseline FILE`` draws
it as a reference line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from townsquare.eval.tweeteval import (  # noqa: E402
    LEADERBOARD,
    SIX,
    TASKS,
    FinetuneConfig,
    evaluate_tweeteval,
    fmt,
    leaderboard_all,
    load_task,
    num_labels,
    score,
)

GRID_C = (1.0, 4.0)
GRID_WEIGHT = (None, "balanced")


def tfidf_lr(train, val, test, task: str, classes: int, limit: int = 0) -> tuple[np.ndarray, dict]:
    """Test predictions of the val-chosen TF-IDF + LR model, and the choice."""
    from joblib import parallel_config
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    def cut(split):
        return (split.texts[:limit], split.labels[:limit]) if limit else (split.texts, split.labels)

    (xtr, ytr), (xva, yva), (xte, _) = cut(train), cut(val), cut(test)
    word = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True, max_features=200_000)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=300_000)
    if len(xtr) < 50:  # tiny smoke splits: min_df=2 could leave no features
        word.set_params(min_df=1)
        char.set_params(min_df=1)
    Xtr = hstack([word.fit_transform(xtr), char.fit_transform(xtr)]).tocsr()
    Xva = hstack([word.transform(xva), char.transform(xva)]).tocsr()
    Xte = hstack([word.transform(xte), char.transform(xte)]).tocsr()
    best = (-1.0, None, None)
    for c in GRID_C:
        for weight in GRID_WEIGHT:
            model = LogisticRegression(C=c, class_weight=weight, solver="liblinear", max_iter=1000)
            if classes > 2:  # liblinear is one-vs-rest: faster than lbfgs here; the classes fit on every core
                model = OneVsRestClassifier(model, n_jobs=-1)
            # max_nbytes=None: no read-only memmaps, which liblinear refuses (WRITEBACKIFCOPY base is read-only)
            with parallel_config(backend="loky", max_nbytes=None):
                model.fit(Xtr, ytr)
            val = score(task, yva, model.predict(Xva), classes)
            if val > best[0]:
                best = (val, (c, weight), model)
    val, (c, weight), model = best
    return model.predict(Xte), {"C": c, "class_weight": weight, "val": 100 * val}


def run_baseline(data: Path, tasks, limit: int = 0) -> dict:
    result = {"tasks": {}, "skipped": {}}
    for task in tasks:
        classes = num_labels(data, task)
        subtasks = load_task(data, task)
        if any(s["train"] is None for _, s in subtasks):
            result["skipped"][task] = "no train split"
            continue
        started = time.perf_counter()
        preds, trues, choices = [], [], []
        for _, s in subtasks:
            pred, choice = tfidf_lr(s["train"], s["val"], s["test"], task, classes, limit)
            preds.append(pred)
            trues.append(s["test"].labels[:limit] if limit else s["test"].labels)
            choices.append(choice)
        result["tasks"][task] = {
            "score": 100 * score(task, np.concatenate(trues), np.concatenate(preds), classes),
            "choices": choices,
            "seconds": time.perf_counter() - started,
        }
        print(
            f"tf-idf {task}: {result['tasks'][task]['score']:.1f} ({result['tasks'][task]['seconds']:.0f}s)",
            file=sys.stderr,
        )
    scores = result["tasks"]
    result["all6"] = sum(scores[t]["score"] for t in SIX) / 6 if all(t in scores for t in SIX) else None
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "tweeteval")
    parser.add_argument("--run", type=Path, default=None, help="also fine-tune and score this run's model")
    parser.add_argument(
        "--eval",
        dest="evals",
        type=Path,
        action="append",
        default=[],
        metavar="RUN",
        help="also show RUN/eval.json's TweetEval scores (`townsquare eval --tweeteval`, run just "
        "before in the same script, as bench/gpu_tweeteval.sh does)",
    )
    parser.add_argument(
        "--reuse",
        type=Path,
        default=None,
        metavar="JSON",
        help="take the TF-IDF scores from this --out file instead of fitting again",
    )
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="FinetuneConfig override for --run (e.g. lr=5e-5, epochs=2)",
    )
    parser.add_argument("--device", default="auto")
    parser.add_argument(
        "--limit", type=int, default=0, help="cap every split of every task (smoke runs; scores then not comparable)"
    )
    parser.add_argument("--task", action="append", default=None, help="only these tasks")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    args = parser.parse_args()
    if not (args.data / "irony" / "mapping.txt").is_file():
        sys.exit(f"Error: {args.data} is not the TweetEval datasets folder (see ../shared/data/README.md)")
    tasks = tuple(args.task or TASKS)

    if args.reuse is not None:
        reused = json.loads(args.reuse.read_text())
        baseline, args.limit = reused["tfidf_lr"], reused.get("limit", 0)
    else:
        baseline = run_baseline(args.data, tasks, args.limit)
    ours: list[tuple[str, dict]] = []
    if args.run is not None:
        from townsquare.cli.train import _parse_overrides
        from townsquare.train.distributed import pick_device

        overrides = _parse_overrides(tuple(args.settings), "--set")
        if args.limit:
            overrides.setdefault("limit", args.limit)
        ours.append(
            (
                f"{args.run.name} (here)",
                evaluate_tweeteval(
                    args.run / "model",
                    args.data,
                    FinetuneConfig.from_overrides(overrides),
                    device=pick_device(args.device),
                    tasks=tasks,
                    log=lambda line: print(line, file=sys.stderr),
                ),
            )
        )
    for run in args.evals:
        te = json.loads((run / "eval.json").read_text()).get("tweeteval")
        if not te:
            sys.exit(f"Error: {run}/eval.json has no TweetEval scores (run `townsquare eval {run} --tweeteval DIR`)")
        ours.append((f"{run.name} (eval.json)", te))

    columns = ["TF-IDF+LR (here)"] + [name for name, _ in ours] + list(LEADERBOARD)
    print(f"\nTweetEval test scores (x100), data {args.data}" + (f", limit {args.limit}" if args.limit else ""))
    print(f"{'task':<11}" + "".join(f"{c:>20}" for c in columns))
    for task in tasks:
        row = [baseline["tasks"].get(task, {}).get("score")] + [
            te["tasks"].get(task, {}).get("score") for _, te in ours
        ]
        row += [LEADERBOARD[m][task] for m in LEADERBOARD]
        print(f"{task:<11}" + "".join(f"{fmt(v) if v is not None else 'skipped':>20}" for v in row))
    row = [baseline["all6"]] + [te["all6"] for _, te in ours] + [leaderboard_all(m) for m in LEADERBOARD]
    print(f"{'ALL-6':<11}" + "".join(f"{fmt(v):>20}" for v in row))
    for name, te in ours:
        if te["all6"] is not None and baseline["all6"]:
            print(
                f"{name}: ALL-6 / TF-IDF ALL-6 = {te['all6'] / baseline['all6']:.3f}; "
                f"vs FastText {te['all6'] - leaderboard_all('FastText'):+.1f}, "
                f"vs RoBERTa-base {te['all6'] - leaderboard_all('RoBERTa-base'):+.1f} points"
                + ("" if te.get("comparable", True) else " (smoke run: not comparable)")
            )
    if args.out:
        args.out.write_text(
            json.dumps(
                {
                    "data": str(args.data),
                    "limit": args.limit,
                    "tfidf_lr": baseline,
                    "ours": dict(ours),
                    "leaderboard": LEADERBOARD,
                },
                indent=2,
                default=str,
            )
        )


if __name__ == "__main__":
    main()
