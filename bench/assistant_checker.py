"""Precision and recall of the assistant's sentence checker on (claim, post) pairs labelled by reading.

``bench/data/checker_pairs.json``: 80 pairs built from 40 TweetQA questions of the report half (never used
for tuning): the claim is "question: gold answer"; each is paired with its gold tweet and with the best-ranked
other tweet the search returns for it. ``supported_by_reading`` was set by a person reading each pair (does
this post state that?), not by any code: 3 gold tweets do not state their answer (an emoji, an image), and no
other tweet did. The checker sees the claim with a ``[1]`` marker and the post.

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
    for pair in pairs:
        said = check_sentence(pair["claim"] + " [1]", [{"text": pair["post"]}]).supported
        truth = pair["supported_by_reading"]
        counts[("t" if said == truth else "f") + ("p" if said else "n")] += 1
    precision = counts["tp"] / max(counts["tp"] + counts["fp"], 1)
    recall = counts["tp"] / max(counts["tp"] + counts["fn"], 1)
    print(f"{len(pairs)} pairs ({sum(p['supported_by_reading'] for p in pairs)} supported by reading)")
    print("| checker | precision | recall | tp | fp | fn | tn |\n|---|---|---|---|---|---|---|")
    print(f"| lexical (numbers, names, >= 60% of words) | {precision:.3f} | {recall:.3f} | {counts['tp']} | "
          f"{counts['fp']} | {counts['fn']} | {counts['tn']} |")


if __name__ == "__main__":
    main()
