"""Held-in check: ask the 1,128 TweetQA tune questions no model was fitted on, question by question.

What a change to the assistant does to answers it was not aimed at. Each question's ROUGE-L, gold-cited and
abstained are written to a JSON file; ``--compare OLD.json`` lists the questions whose answer changed and
the mean of each measure before and after, with a paired bootstrap 95% interval of the ROUGE-L change.

    python bench/assistant_heldin.py /tmp/held_before.json
    # ... change the code ...
    python bench/assistant_heldin.py /tmp/held_after.json --compare /tmp/held_before.json

The index is the TweetQA-only one that ``bench/assistant_tweetqa.py`` builds (cached under ``--work``).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assistant_tweetqa import SHARED, build, questions_by_split, scores  # noqa: E402


def ask_all(index: Path, rows: list[dict], post_of: dict[str, str]) -> list[dict]:
    from townsquare.assistant import Assistant

    assistant = Assistant(index)
    out = []
    for row in rows:
        answer = assistant.ask(row["Question"])
        rouge, _, cited, abstained = scores(answer, row, post_of[row["Tweet"]])
        out.append(
            {
                "qid": row["qid"],
                "question": row["Question"],
                "short": answer.short_answer or ("" if answer.abstained else answer.text[:200]),
                "rouge_l": rouge,
                "cited": cited,
                "abstained": abstained,
            }
        )
    return out


def summary(rows: list[dict]) -> str:
    return (
        f"ROUGE-L {statistics.mean(r['rouge_l'] for r in rows):.4f}, "
        f"gold cited {statistics.mean(r['cited'] for r in rows):.4f}, "
        f"abstained {statistics.mean(r['abstained'] for r in rows):.1%}"
    )


def compare(old: list[dict], new: list[dict]) -> None:
    before = {r["qid"]: r for r in old}
    pairs = [(before[r["qid"]], r) for r in new if r["qid"] in before]
    changed = [
        (a, b) for a, b in pairs if (a["short"], a["cited"], a["abstained"]) != (b["short"], b["cited"], b["abstained"])
    ]
    print(f"before: {summary([a for a, _ in pairs])}")
    print(f"after:  {summary([b for _, b in pairs])}")
    print(f"{len(changed)} of {len(pairs)} answers changed")
    for a, b in changed[:40]:
        print(
            f"  {b['question'][:70]!r}: {a['short'][:40]!r} ({a['rouge_l']:.2f}) -> {b['short'][:40]!r} ({b['rouge_l']:.2f})"
        )
    if changed:
        gains = [b["rouge_l"] - a["rouge_l"] for a, b in pairs]
        rng = random.Random(0)
        means = sorted(statistics.mean(rng.choices(gains, k=len(gains))) for _ in range(2000))
        print(
            f"ROUGE-L change {statistics.mean(gains):+.4f}, paired bootstrap 95% [{means[50]:+.4f}, {means[1949]:+.4f}]"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="where each question's scores are written (JSON)")
    parser.add_argument("--compare", type=Path, default=None, help="an earlier output to compare with")
    parser.add_argument("--work", type=Path, default=Path("/tmp/townsquare-assistant"))
    args = parser.parse_args()
    if not (SHARED / "tweetqa" / "train.json").exists():
        sys.exit(f"Error: {SHARED}/tweetqa/train.json is missing")
    if args.compare and not args.compare.exists():
        sys.exit(f"Error: --compare {args.compare}: no such file")
    split, tweets, post_of = questions_by_split()
    args.work.mkdir(parents=True, exist_ok=True)
    index = build(args.work, tweets, False)
    started = time.perf_counter()
    rows = ask_all(index, split["tune"][4200:], post_of)
    args.out.write_text(json.dumps(rows, indent=0))
    print(f"{len(rows)} held-in questions in {time.perf_counter() - started:.0f}s: {summary(rows)} -> {args.out}")
    if args.compare:
        compare(json.loads(args.compare.read_text()), rows)


if __name__ == "__main__":
    main()
