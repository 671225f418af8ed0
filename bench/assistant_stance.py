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

A contrast ("great but the parking was a nightmare", "although ..., ..."): the
clause it turns to decides where it has a side. Chosen on held-in before the
report set was scored, against "no side where the two clauses oppose": F0.5
0.768 vs 0.757 (whole post 0.751) on its 237 tweets with a contrast (0.772,
0.760, 0.756 with the complaint words below). On the 503
test tweets with one: a side for 59.2% (whole post 52.8%, "neither" 50.4%),
right 81.5% (85.3%, 86.7%), F1 0.513 (0.505, 0.500), F0.5 0.533 (0.544, 0.548):
more sides, less precise; by the F0.5 the choice used, test prefers "neither" (a
point or two on a few hundred tweets either way; the held-in choice stands).

Sarcasm: TweetEval irony (train 2,862 / val 955 / test 784 tweets). A logistic
regression on the static embedding and lexicon counts, fitted on train with its
threshold the best F0.5 on val, flags 248 test tweets at precision 0.540, recall
0.431 (every tweet ironic: 0.397, 1.0), and reads sincere praise ("Really enjoyed
the food festival") as ironic: it learned that irony is praise on the surface.
Not used. The shipped markers ("yeah right", "oh great", "... Just wonderful.")
are right on 9 of 10 test tweets they flag (35 of 36 on train + val), recall
0.029: a post they flag gets no side. No data here labels the side a sarcastic
post takes, so none is given to it.

Complaint words added to the lexicon after a reviewer found "overpriced and
badly organised" and "a waste of money and too noisy" with no side (overpriced
badly poorly disorganised noisy rude dirty boring pointless shambles
unacceptable): held-in F0.5 0.796 -> 0.797 (before the report set was scored);
sentiment test: a side for 42.1% (41.9%), 85.3% right (85.2%), F1 0.451
(0.450); the lexicon alone 33.3% (33.0%), 72.5% right (72.2%). The static
embedding weighs rare words most: a town's name moves a post's side ("The Ashby
food festival was overpriced ..." is critical, "The Larkfield food festival was
overpriced ..." gets none).

Where a post says where it stands (review 7, R7-11/13/23: "I'm behind the nurses", "Full support for the strike",
"Standing with the drivers", "holding the town hostage", "End this strike", "should be scrapped", "like a hole
in the head", "fix the schools before building a stadium"; ``viewpoints.stated_stance``, with negation), that is
its side before the model's; "can't wait for", "looking forward to", "exactly what X needs" (``wanted``) give a side
only where the model gives none (on the whole fit data, as a side of their own they were right 59 times of 83,
as a fill-in 71: "can't wait to get home" after a delay); "helps nobody" turns "helps". Written from general use;
on the whole fit data (not the report sets) the stated phrases were right 14 times, never wrong, 3 times on a
neutral tweet; the wanting ones right 34, wrong 3, neutral 4. Measured once after (test not used to choose):
held-in F0.5 0.797 -> 0.797; sentiment test: a side for 42.5% (42.1%), 85.3% right (85.3%), neutral given one
18.4% (18.1%), F1 0.454 (0.451); stance test: a side for 35.6% (35.0%), 50.1% right (49.9%), F1 0.246 (0.242);
the lexicon alone on the sentiment test 33.7% (33.3%), 72.9% right (72.5%). The sarcasm markers now include
compose's ("Oh sure", a sentence that starts "As if"): 37 flagged on irony train + val (36), 97.3% right; test
unchanged (10, 9 right).

Review 8 (R8-2): "terrible" and "a waste of money and an eyesore" took no side (the model was under its confidence,
0.46 and 0.31 negative), nor "isn't bad at all, I was wrong about it" ("wrong" is said of the writer) or "Not a
fan of the Winter Market". Complaint words added (outrageous eyesore ruined ruins appalling dreadful disgrace),
"wrong" after "I was" / "I'm" / "we were" is no side, and "a (big) fan of" says where a post stands (turned by a
negation). Held-in F0.5 0.797 -> 0.798; sentiment test: a side for 42.6% (42.5%), 85.4% right (85.3%), F1 0.455
(0.454); stance test: 35.7% (35.6%), 50.0% right (50.1%), F1 0.246 (0.246); the lexicon alone on the sentiment
test 33.8% (33.7%), 73.2% right (72.9%). Tried on held-in and not kept: the lexicon's side where the model gives
none (as ``wanted`` does): F0.5 0.798 -> 0.738 (neutral tweets given a side 23% -> 34%), and where the model's
likelier side agrees: 0.776 (0.790 from 0.4 probability up). So "The 6% water rate rise is outrageous." (0.44)
still takes no side.

Review 8 (R8-10), after: a judgment said of what is asked about (``viewpoints.judged``: a lexicon word right after a
copula, ending its clause, with a word of the question's subject before it in the clause: "The 6% water rate rise
is outrageous.") gives its side where the model gives none. The data sets here name no subject, so this bench's
numbers are unchanged (held-in F0.5 0.798, sentiment test F1 0.455, stance test F1 0.246); measured with every word
of a tweet taken as the subject (the most it can fire): held-in 4 tweets given a side, 4 right, F0.5 0.7982 ->
0.7989; sentiment test 16 given a side, 8 right, 5 neutral, F1 0.4547 -> 0.4556, F0.5 0.5356 -> 0.5359; stance test
none. Not a refit: the model's side is kept wherever it gives one. Without the subject it gave "This is awful." a
side of "How does the father feel?" (a false dispute on the held-in TweetQA check), so the subject is required.

Review 10 (R10-2, R10-14): a side toward what the question asks about, not the post's tone (``viewpoints.about``,
``viewpoints.aimed``): the sentences that name the subject decide where others do not (their side where they take
one), a comparison ("better than American Airlines" is against American), a choice ("go with #jetblue", "never fly
American Airlines again"), a judgment whose object is the subject ("the failures of #Brexit"), "used to be my
go-to", and a hashtag joining the subject to a word of a side ("#BrexitSucks", "#StopHillary2016") give its side
first; a sentence whose only praise is thanks decides nothing alone ("congratulations united. Fail again.").
Complaint words added: shocking pathetic stupid dumb idiocy incompetent fiasco sucks lying liar liars fraud, and
"failures". ``--targeted`` measures it with each tweet's subject: TweetEval stance (the target's name as the
subject; train to tune, val + test held out, split before any rule was written) and the airline tweets that name
their airline outside a handle (handles written "@user" as the corpus does; the 80% the model was fitted on to
tune, the held-in fifth held out). Tuned on the tune parts only; the held-out numbers were run once at the end:

| set | sides by | coverage | right, of sided | neutral given a side | F1 | F0.5 |
|---|---|---|---|---|---|---|
| TweetEval stance held out (val + test), 1,543 | before (whole post) | 0.356 | 0.505 | 0.432 | 0.246 | 0.315 |
| | after (toward the subject) | 0.368 | 0.516 | 0.432 | 0.258 | 0.328 |
| ... of them naming the subject, 213 (what the assistant reads) | before | 0.308 | 0.594 | 0.400 | 0.277 | 0.403 |
| | after | 0.332 | 0.609 | 0.400 | 0.301 | 0.427 |
| airline tweets naming their airline, held out, 89 | before | 0.744 | 0.931 | 0.000 | 0.794 | 0.871 |
| | after | 0.808 | 0.937 | 0.000 | 0.837 | 0.894 |
| TweetEval stance tune (train), 2,620 | before | 0.394 | 0.528 | 0.385 | 0.272 | 0.333 |
| | after | 0.416 | 0.544 | 0.391 | 0.291 | 0.351 |
| airline tweets naming their airline, tune, 424 | before | 0.781 | 0.932 | 0.294 | 0.792 | 0.837 |
| | after | 0.820 | 0.928 | 0.338 | 0.808 | 0.838 |

(--targeted prints "whole post" with this lexicon, so its "before" rows differ slightly from these, which are the
code before the change.) Stance is still mostly wrong where a post never names its target or takes a side without
sentiment ("Hillary Clinton is the only one who can turn this country around" is read as critical): a sentiment
model is no stance model; the held-out gain is one to two points.

Without a subject (the data sets above) only the added words count: the whole fit data's tune part F0.5 0.8148 ->
0.8153. Tried and not kept: the sentences naming the subject alone (the whole post's side dropped where they take
none): airline tune coverage 0.781 -> 0.618 (a complaint names "you", not the airline); a post whose praise is
only thanks beside a complaint taken as critical: airline tune F0.5 0.8153 -> 0.8138 ("Thanks again, got my lost
Kindle in the mail" read as critical by what is left).

Review 10 (R10-3), the brand named as the alternative to another ("another fail for the United ticket agents ...
American here we come.", to @united, was against American): "X here we come", what X always or never does (the
lexicon on that clause, where a problem solved is approving: "American always picks up the phone and solves
problems"), "I thought X was bad" (the writer's view no longer: for X), "never fly X" (without "again"), "No X…"
ending its clause, and "hell no" / "Just… no" as a stated refusal. Added before tuning: the airline tweets naming
another airline than theirs (by a word of its own; "airline", "America", "us" name none), with the side toward
the airline the tweet is to, split by the same hash. The rules fire on few tweets; tune parts: TweetEval stance
train F1 0.291 -> 0.291 (3 tweets changed: "Aw, hell no" of Trump right against Hillary; "Just no." of people who
shame women, gold for abortion, now against), airline naming their airline 0.808 -> 0.808, naming another airline
0.675 -> 0.675. Held out, run once: unchanged (stance val + test 0.258, airline 0.837, naming another airline 23
tweets 0.667), except that the first run, with "a problem solved is approving" in the whole lexicon, took the
review's own "I'm glad this airline is going to be swallowed by American!!! American always ... solves
problems." FOR US Airways, the airline it is to (0.667 -> 0.600): the rule is now read only in the clause said of
the subject, so that post is not a clean held-out case any more. Tried and not kept (tune): a sentence supposing
("If they weren't an American company, i would say this was great sarcasm!!") read as no judgment: TweetEval
stance train 3 better, 4 worse ("If feminists spent 1/2 as much time reading papers ... they would be real
people").

Review 11 (R11-5), the other airline a tweet names, handles kept (`townsquare build --keep-mentions`): "What do
people say about Delta?" counted 7 of 8 posts "against Delta" that praised it ("@united ... So unprofessional.
Time to go back to @Delta"): the tone toward the airline a tweet is written to was read as its side toward Delta.
A set written for it before any rule: 260 airline tweets to one airline naming another (by name or handle; the
first 260 of 607 by a hash of text and airline), the side toward the other airline labelled by reading
(bench/data/stance_other_airline.jsonl; 8 not an airline, left out), split by the same hash. Now a post written to
known accounts none of which is the subject's (a handle spelling the subject's words: "@SouthwestAir" of
Southwest) takes its side from the clauses that name the subject, by the lexicon (the polarity model gave short
factual clauses a side: tune F0.5 0.596 with it, 0.623 without), and "learn from / take a page from /
shout out to / moving to / switch back to X" and "should've flown X" are for X, "... unlike X" the opposite of what
the rest says. "@user" is a handle the corpus took out, maybe the subject's own: such posts are read as before.
Tune (115): F1 0.527 -> 0.545, F0.5 0.523 -> 0.623, wrong sides 17 -> 4. Held out, run once after tuning (137):
coverage 0.702 -> 0.357, right of sided 0.610 -> 0.933, neutral given a side 0.566 -> 0.283, F1 0.416 -> 0.434,
F0.5 0.409 -> 0.530, wrong sides 23 -> 2 of 84 polar tweets. Every other set above unchanged (same numbers).

Review 15 (R15-29), looked at and not kept: eye-rolls after praise as a sarcasm marker ("Obama's third term is going
great!🙄🙄🙄"). TweetEval irony has no emoji left in its texts, so only the labelled sentiment and emotion tweets
measure it: 🙄 is in 21 sentiment test tweets (9 negative, 8 neutral, 4 positive) and 25 emotion tweets; in 4 of
them the lexicon reads praise (approving words over critical ones), labelled positive 2, joy 1, negative 1. As a
marker that a post's praise is not its side it would be right once in four; no rule was added. "Same for Obama,
Slick Willie & the Peanut Farmer" (for, by "Good for one good for all" before it) is the fallback measured under
review 10: the sentences naming the subject take no side, so the whole post's decides (dropping that fallback lost
airline tune coverage 0.781 -> 0.618).

    python bench/assistant_stance.py          # measure the lexicon and the shipped model
    python bench/assistant_stance.py --targeted   # the side toward each tweet's subject (tune and held-out parts)
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
OTHER_AIRLINE = Path(__file__).resolve().parent / "data" / "stance_other_airline.jsonl"
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
    from townsquare.assistant.viewpoints import _surface_stances, stance, stances, turned_clause

    model = embedder()
    sets = {
        "TweetEval sentiment test": tweeteval("sentiment", "test", {0: -1, 1: 0, 2: 1}),
        "TweetEval stance test": stance_test(),
    }
    # the held-in fifth of the fit data (the contrast rule was chosen there, before the report sets were scored)
    texts, labels = airline()
    t, y = tweeteval("sentiment", "val", {0: -1, 1: 0, 2: 1})
    held = [k for k, text in enumerate(texts + t) if zlib.crc32(text.encode()) % 5 == 0]
    sets = {"held in (fit data)": ([(texts + t)[k] for k in held], [(labels + y)[k] for k in held]), **sets}
    print(
        "| set | sides by | coverage of sided tweets | right, of those given a side | neutral given a side | F1 | F0.5 |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, (texts, labels) in sets.items():
        gold = np.array(labels)
        contrast = np.array([turned_clause(text) is not None for text in texts])
        runs = []
        for who, run in (
            ("lexicon", lambda texts: [stance(text) for text in texts]),
            ("polarity model, whole post", lambda texts: _surface_stances(texts, model)),
            ("polarity model, no side where a contrast's clauses oppose", lambda texts: opposed(texts, model)),
            ("polarity model + contrast and sarcasm rules (shipped)", lambda texts: stances(texts, model)),
        ):
            started = time.perf_counter()
            predicted = np.array(run(texts))
            runs.append((who, predicted, time.perf_counter() - started))
        for subset, rows in (
            (f"{name} ({len(texts)})", slice(None)),
            (f"{name}, posts with a contrast ({int(contrast.sum())})", contrast),
        ):
            for who, predicted, seconds in runs:
                found = scores(predicted[rows], gold[rows])
                print(
                    f"| {subset} | {who} ({1e6 * seconds / len(texts):.0f} µs/post) | {found['coverage']:.3f} "
                    f"| {found['right_of_sided']:.3f} | {found['neutral_sided']:.3f} | {found['f1']:.3f} "
                    f"| {found['f0.5']:.3f} |"
                )
    irony(model)


def opposed(texts: list[str], model) -> list[int]:
    """The peer of the contrast rule: the whole post's side, none where the clauses before and after the turn take
    opposite sides ("great but ... a nightmare" is neither)."""
    from townsquare.assistant.viewpoints import _surface_stances, turned_clause

    found = _surface_stances(texts, model)
    turned = {k: clause for k, text in enumerate(texts) if (clause := turned_clause(text))}
    if turned:
        after = _surface_stances(list(turned.values()), model)
        before = _surface_stances([texts[k][: len(texts[k]) - len(c)] or texts[k] for k, c in turned.items()], model)
        for k, b, a in zip(turned, before, after):
            if a * b < 0:
                found[k] = 0
    return found


def irony(model) -> None:
    """Sarcasm: the marker phrases ``viewpoints.sarcastic`` ships vs a logistic regression on the static embedding
    and the lexicon counts (fitted on TweetEval irony train, its threshold the best F0.5 on val) and the
    majority peer (every tweet ironic), on TweetEval irony test. The test split alone keeps the "#not" hashtag
    (209 tweets; none in train or val): no detector here reads it."""
    from townsquare.assistant.viewpoints import polarity_features, sarcastic

    splits = {split: tweeteval("irony", split, {0: 0, 1: 1}) for split in ("train", "val", "test")}
    x = {split: polarity_features(texts, model) for split, (texts, _) in splits.items()}
    y = {split: np.array(labels) for split, (_, labels) in splits.items()}
    weights = logistic_regression(x["train"], y["train"])
    p = {split: 1 / (1 + np.exp(-(np.hstack([x[split], np.ones((len(x[split]), 1))]) @ weights))) for split in x}
    threshold = max(np.linspace(0.3, 0.95, 27), key=lambda th: fbeta(p["val"] >= th, y["val"])[2])
    sincere = [
        "Really enjoyed the food festival, great music too.",
        "The new bus lane on Harbor Road is great, my commute got faster this week.",
        "The skate park is great, best thing the council did this year.",
        "Support the bus lane 100%, it works and the buses are faster.",
    ]
    flagged = int(
        (
            1 / (1 + np.exp(-(np.hstack([polarity_features(sincere, model), np.ones((4, 1))]) @ weights))) >= threshold
        ).sum()
    )
    print()
    print("| TweetEval irony | detector | flagged | precision | recall | F1 |")
    print("|---|---|---|---|---|---|")
    for split in ("train + val", "test"):
        parts = ("train", "val") if split == "train + val" else ("test",)
        texts = [t for part in parts for t in splits[part][0]]
        gold = np.concatenate([y[part] for part in parts])
        rows = [
            ("majority (every tweet ironic)", np.ones(len(gold), dtype=bool)),
            ("markers (shipped)", np.array([sarcastic(t) for t in texts])),
        ]
        if split == "test":
            rows.append((f"static embedding + lexicon LR (threshold {threshold:.3f} on val)", p["test"] >= threshold))
        for who, flag in rows:
            precision, recall, _ = fbeta(flag, gold)
            f1 = 2 * precision * recall / max(precision + recall, 1e-9)
            print(
                f"| {split} ({len(gold)}, {gold.mean():.0%} ironic) | {who} | {int(flag.sum())} | {precision:.3f} | {recall:.3f} | {f1:.3f} |"
            )
    print(f"\nthe LR detector flags {flagged} of 4 sincere praise posts of the sample towns as ironic (not shipped)")


def fbeta(flag: np.ndarray, gold: np.ndarray, beta: float = 0.5) -> tuple[float, float, float]:
    hit = float((flag & (gold == 1)).sum())
    precision, recall = hit / max(int(flag.sum()), 1), hit / max(int(gold.sum()), 1)
    return precision, recall, (1 + beta**2) * precision * recall / max(beta**2 * precision + recall, 1e-9)


def logistic_regression(
    x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 500, lr: float = 0.05
) -> np.ndarray:
    """(features + 1) weights, the last the bias; full-batch Adam on the class-balanced cross-entropy."""
    xb = np.hstack([x, np.ones((len(x), 1), dtype=x.dtype)])
    w, m, v = np.zeros(xb.shape[1]), np.zeros(xb.shape[1]), np.zeros(xb.shape[1])
    balance = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    for step in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = ((p - y) * balance) @ xb / balance.sum() + l2 * np.r_[w[:-1], 0.0]
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


STANCE_TARGETS = {
    "abortion": "abortion",
    "atheism": "atheism",
    "climate": "climate change",
    "feminist": "feminism",
    "hillary": "Hillary Clinton",
}
AIRLINES = {
    "United": "United",
    "US Airways": "US Airways",
    "American": "American Airlines",
    "Southwest": "Southwest",
    "Delta": "Delta",
    "Virgin America": "Virgin America",
}


def targeted_sets() -> dict[str, list[tuple[str, int, tuple[str, ...]]]]:
    """(text, gold side, subject stems) per part: TweetEval stance (train to tune; val and test held out) and the
    airline tweets naming their airline outside a handle (held out: the fifth the polarity model was not fitted on)."""
    import re

    from townsquare.assistant.compose import topic_stems
    from townsquare.assistant.text import tokens
    from townsquare.assistant.viewpoints import _named

    def subject(name: str) -> tuple[str, ...]:
        return tuple(topic_stems(f"What do people think about {name}?"))

    sets: dict[str, list[tuple[str, int, tuple[str, ...]]]] = {}
    for target, name in STANCE_TARGETS.items():
        for split in ("train", "val", "test"):
            texts, labels = tweeteval(f"stance/{target}", split, {0: 0, 1: -1, 2: 1})
            part = f"TweetEval stance {'tune (train)' if split == 'train' else 'held out (val + test)'}"
            sets.setdefault(part, []).extend((t, y, subject(name)) for t, y in zip(texts, labels))
    label = {"negative": -1, "neutral": 0, "positive": 1}
    # another airline by a word of its own ("airline", "America" and "us" name none)
    distinct = {a: set(subject(name)) - {"airline", "america", "us"} for a, name in AIRLINES.items()}
    with (DATA / "csv" / "us_airline_tweets.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = re.sub(r"@\w+", "@user", row["text"])
            stems = subject(AIRLINES[row["airline"]])
            words = [t.lower for t in tokens(text)]
            held = zlib.crc32(row["text"].encode()) % 5 == 0
            gold = label[row["airline_sentiment"]]
            if any(a != row["airline"] and _named(words, distinct[a]) for a in AIRLINES):
                # the comparative cases (review 10, R10-3: "... American here we come" to @united): the side toward
                # the airline the tweet is to, whichever it names
                part = f"airline tweets naming another airline, {'held out' if held else 'tune'}"
                sets.setdefault(part, []).append((text, gold, stems))
            if not _named(words, stems):
                continue
            part = f"airline tweets naming their airline, {'held out' if held else 'tune'}"
            sets.setdefault(part, []).append((text, gold, stems))
    # review 11 (R11-5): the side toward the OTHER airline a tweet names, its handles kept as `--keep-mentions`
    # keeps them; labelled by reading (bench/data/stance_other_airline.jsonl, split by its key before any rule)
    side = {"for": 1, "against": -1, "neither": 0}
    for line in OTHER_AIRLINE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not row["not_brand"]:
            part = f"airline tweets toward the other airline they name, handles kept, {row['split']}"
            sets.setdefault(part, []).append((row["text"], side[row["side"]], subject(row["other"])))
    return sets


def targeted() -> None:
    from townsquare.assistant.viewpoints import stances

    model = embedder()
    print("| set | sides by | coverage | right, of sided | neutral given a side | F1 | F0.5 |")
    print("|---|---|---|---|---|---|---|")
    for name, rows in targeted_sets().items():
        gold = np.array([y for _, y, _ in rows])
        for who, with_subject in (("whole post", False), ("toward the subject (shipped)", True)):
            predicted = np.zeros(len(rows), dtype=int)
            by_subject: dict[tuple[str, ...], list[int]] = {}
            for k, (_, _, stems) in enumerate(rows):
                by_subject.setdefault(stems, []).append(k)
            for stems, ks in by_subject.items():
                found = stances([rows[k][0] for k in ks], model, stems if with_subject else ())
                predicted[ks] = found
            f = scores(predicted, gold)
            print(
                f"| {name} ({len(rows)}) | {who} | {f['coverage']:.3f} | {f['right_of_sided']:.3f} "
                f"| {f['neutral_sided']:.3f} | {f['f1']:.3f} | {f['f0.5']:.3f} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--targeted", action="store_true", help="the side toward each tweet's subject (review 10)")
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
    if args.targeted:
        targeted()
        return
    if args.fit:
        fit(args)
    measure()


if __name__ == "__main__":
    main()
