"""Precision and recall of the assistant's sentence checker on (claim, post) pairs labelled by reading.

``bench/data/checker_pairs.json``: 260 pairs from 100 TweetQA questions of the report half (never used for
tuning), ``supported_by_reading`` set by reading each pair (does this post state that?), not by any code.

- the first 80 (40 questions): the claim "question: gold answer" with its gold tweet ("gold") and with the
  best-ranked other tweet the search returns ("other");
- the next 180 (60 questions, report[2000:] in order, skipping tweets already used, keeping those where the
  span ranker picks a span of the gold tweet that differs from the gold answer): the gold claim with the gold
  tweet ("gold"), the claim "question: that span" with the gold tweet ("wrong span": every word of it is in
  the post, so only reading tells whether the post says it answers the question), and the gold claim with
  the best-ranked other tweet ("other").

Some gold claims are not stated by their own tweet (the answer is in an image, or the crowd worker guessed);
some "wrong spans" are right answers ("800k" for "eight hundred thousand"); some other tweets do state the
claim (a near-copy by the same author). The checker sees the claim with a ``[1]`` marker and the post. The
second row adds what ``verify.lead_answers`` checks of a model's short answer (review 7, R7-41): the answer
part of the claim, where it has at most 4 words, all in the post, must share a word with one of the reader's 20
best spans of at most 4 words of the post for the question part.

    python bench/assistant_checker.py
"""

from __future__ import annotations

import json
from pathlib import Path

PAIRS = Path(__file__).resolve().parent / "data" / "checker_pairs.json"


def main() -> None:
    from townsquare.assistant.reader import load_reader
    from townsquare.assistant.verify import check_sentence, lead_answers

    reader = load_reader()
    pairs = json.loads(PAIRS.read_text())
    checkers = {
        "lexical (numbers, names, >= 60% of words)": False,
        "lexical, and a short answer in one of the reader's 20 best short spans of the post": True,
    }
    rows: dict[str, dict[str, int]] = {}
    by_kind: dict[str, dict[str, dict[str, int]]] = {}
    for name, reads in checkers.items():
        counts = rows.setdefault(name, {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
        for pair in pairs:
            said = check_sentence(pair["claim"] + " [1]", [{"text": pair["post"]}]).supported
            if reads and said:
                # the claim is "question: answer"; the answer is what a composer's short answer would be
                question, _, answer = pair["claim"].partition(": ")
                said = lead_answers(question, answer, [{"text": pair["post"]}], reader)
            truth = pair["supported_by_reading"]
            outcome = ("t" if said == truth else "f") + ("p" if said else "n")
            counts[outcome] += 1
            kind = by_kind.setdefault(name, {}).setdefault(pair["kind"], {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
            kind[outcome] += 1
        if reader is None:
            print("(no reader: torch, transformers or the MiniLM package is missing; the second row is the first)")
            break
    print(f"{len(pairs)} pairs ({sum(p['supported_by_reading'] for p in pairs)} supported by reading)")
    print("| checker | precision | recall | tp | fp | fn | tn |\n|---|---|---|---|---|---|---|")
    for name, counts in rows.items():
        precision = counts["tp"] / max(counts["tp"] + counts["fp"], 1)
        recall = counts["tp"] / max(counts["tp"] + counts["fn"], 1)
        print(
            f"| {name} | {precision:.3f} | {recall:.3f} | {counts['tp']} | {counts['fp']} | {counts['fn']} | "
            f"{counts['tn']} |"
        )
    for name, kinds in by_kind.items():
        print(
            f"\n{name}\n| pairs | n | supported by reading | checker agrees | tp | fp | fn | tn |"
            "\n|---|---|---|---|---|---|---|---|"
        )
        for kind, c in kinds.items():
            n = sum(c.values())
            print(
                f"| {kind} | {n} | {c['tp'] + c['fn']} | {(c['tp'] + c['tn']) / n:.3f} | {c['tp']} | {c['fp']} | "
                f"{c['fn']} | {c['tn']} |"
            )


if __name__ == "__main__":
    main()
