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
claim (a near-copy by the same author). The checker sees the claim with a ``[1]`` marker and the post.

    python bench/assistant_checker.py
"""

from __future__ import annotations

import json
from pathlib import Path

PAIRS = Path(__file__).resolve().parent / "data" / "checker_pairs.json"


def main() -> None:
    from townsquare.assistant.verify import check_sentence

    pairs = json.loads(PAIRS.read_text())
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    by_kind: dict[str, dict[str, int]] = {}
    for pair in pairs:
        said = check_sentence(pair["claim"] + " [1]", [{"text": pair["post"]}]).supported
        truth = pair["supported_by_reading"]
        outcome = ("t" if said == truth else "f") + ("p" if said else "n")
        counts[outcome] += 1
        kind = by_kind.setdefault(pair["kind"], {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
        kind[outcome] += 1
    precision = counts["tp"] / max(counts["tp"] + counts["fp"], 1)
    recall = counts["tp"] / max(counts["tp"] + counts["fn"], 1)
    print(f"{len(pairs)} pairs ({sum(p['supported_by_reading'] for p in pairs)} supported by reading)")
    print("| checker | precision | recall | tp | fp | fn | tn |\n|---|---|---|---|---|---|---|")
    print(
        f"| lexical (numbers, names, >= 60% of words) | {precision:.3f} | {recall:.3f} | {counts['tp']} | "
        f"{counts['fp']} | {counts['fn']} | {counts['tn']} |"
    )
    print(
        "\n| pairs | n | supported by reading | checker agrees | tp | fp | fn | tn |\n|---|---|---|---|---|---|---|---|"
    )
    for kind, c in by_kind.items():
        n = sum(c.values())
        print(
            f"| {kind} | {n} | {c['tp'] + c['fn']} | {(c['tp'] + c['tn']) / n:.3f} | {c['tp']} | {c['fp']} | "
            f"{c['fn']} | {c['tn']} |"
        )


if __name__ == "__main__":
    main()
