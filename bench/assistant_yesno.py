"""Yes/no and "is anyone happy with X?" questions on the real airline tweets, scored by their support posts
and the human sentiment labels (review 10's R10-5).

    python bench/assistant_yesno.py INDEX [--split tune|report|all] [--show]

INDEX: an index built from ``../shared/data/csv/us_airline_tweets.csv`` (``townsquare build``). The questions
(``bench/data/assistant_yesno.jsonl``) were written before any tuning: from posts drawn at random (``support``: a
pattern a post that answers must match; ``expect``: yes or no), per airline from the human labels (``happy`` /
``unhappy``: the posts the answer gives for it must be labelled positive / negative and name the airline), and
questions no post answers (``abstain``). Each is in the tune or the report half by the MD5 of its text.
Scores: answered and right, answered wrong, abstained.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "data" / "assistant_yesno.jsonl"
CSV = HERE.parent.parent / "shared" / "data" / "csv" / "us_airline_tweets.csv"


def split_of(question: str) -> str:
    return "tune" if int(hashlib.md5(question.encode()).hexdigest(), 16) % 2 == 0 else "report"


def _plain(text: str) -> str:
    return " ".join(re.sub(r"@\w+", "@user", text).split()).lower()


def labels() -> dict[str, tuple[str, str]]:
    """Post text (handles as @user) -> (human sentiment, airline)."""
    with open(CSV, newline="", encoding="utf-8") as f:
        return {_plain(r["text"]): (r["airline_sentiment"], r["airline"]) for r in csv.DictReader(f)}


def _lead(text: str) -> str | None:
    found = re.match(r"\s*(Yes|No)\b", text)
    return found.group(1).lower() if found and not text.startswith("No public post") else None


def score(row: dict, answer: dict, labelled: dict[str, tuple[str, str]]) -> str:
    """ "right", "wrong", "abstained", or "unjudged" (no post given for it addresses the airline)."""
    if answer["abstained"]:
        return "abstained"
    expect = row["expect"]
    if expect == "abstain":
        return "wrong"
    cited = {c["n"]: c["snippet"] for c in answer["citations"]}
    sides = {
        label: [cited[n] for n in view["citations"] if n in cited]
        for view in answer["viewpoints"]
        for label in [view["label"]]
    }
    if expect in ("yes", "no"):
        lead = _lead(answer["text"])
        if lead is not None and lead != expect:
            return "wrong"
        if sides:
            wanted = ("yes", "for") if expect == "yes" else ("no", "against")
            posts = [p for label, ps in sides.items() if label in wanted for p in ps]
        else:
            posts = list(cited.values())
        return "right" if any(re.search(row["support"], p) for p in posts) else "wrong"
    # happy / unhappy: the posts given for it are labelled so and name the airline
    sentiment = "positive" if expect == "happy" else "negative"
    if sides:
        wanted = ("yes", "for") if expect == "happy" else ("yes", "against")
        posts = [p for label, ps in sides.items() if label in wanted for p in ps]
    else:
        posts = list(cited.values())
    # the human label is the sentiment towards the airline a post addresses: a post to another airline
    # ("@user next time fly Southwest...", to American) is not judged by it
    judged = [labelled.get(_plain(post.rstrip("…")), ("?", "?")) for post in posts]
    judged = [label for label, airline in judged if airline == row["airline"]]
    good = sum(label == sentiment for label in judged)
    if not judged:
        return "unjudged"
    return "right" if good * 2 > len(judged) else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--split", choices=("tune", "report", "all"), default="tune")
    parser.add_argument("--show", action="store_true", help="print each question's answer")
    args = parser.parse_args()
    from townsquare.assistant import Assistant

    rows = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if args.split == "all" or split_of(r["question"]) == args.split]
    labelled = labels()
    assistant = Assistant(args.index)
    answerable: Counter[str] = Counter()
    unanswerable: Counter[str] = Counter()
    for row in rows:
        answer = assistant.ask(row["question"]).to_dict()
        result = score(row, answer, labelled)
        (unanswerable if row["expect"] == "abstain" else answerable)[result] += 1
        if args.show:
            print(f"[{result}] ({row['expect']}) {row['question']}\n    {answer['text'][:300]}", file=sys.stderr)
    print(
        f"{args.split}: {sum(answerable.values())} answerable: right {answerable['right']}, wrong "
        f"{answerable['wrong']}, abstained {answerable['abstained']}, unjudged {answerable['unjudged']}; "
        f"{sum(unanswerable.values())} unanswerable: abstained {unanswerable['abstained']}, answered "
        f"{unanswerable['wrong']}"
    )


if __name__ == "__main__":
    main()
