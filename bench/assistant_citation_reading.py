"""Citation precision of the extractive assistant, judged by reading (issue 17).

The first 50 TweetQA questions of the report half (bench/assistant_tweetqa.py's split by qid hash, in file
order) that the assistant answers rather than abstains on, asked of the TweetQA-alone index. For each answer
this prints the question, the gold answers, the answer with its [n] markers and every cited post's text, and
lists each (sentence, cited post) pair with what the automatic checker (assistant/verify.py's
``check_sentence``, called as bench/assistant_checker.py calls it: the sentence with one ``[1]`` marker and
that one post) says about it.

The labels (``supported`` for each pair, ``short_answer_correct`` for each answer) were set by reading and are
kept in bench/results/assistant_citation_reading.json (the feature-ranker composer, before the neural reader)
and bench/results/assistant_citation_reading_reader.json (the composer whose short answer comes from
assistant/reader.py); ``--labels`` picks one, ``--score`` compares its labels with the checker.

    python bench/assistant_citation_reading.py                 # print the 50 answers and their pairs
    python bench/assistant_citation_reading.py --template out.json   # the pairs, labels empty, to fill by reading
    python bench/assistant_citation_reading.py --score         # numbers from the labels file
    python bench/assistant_citation_reading.py --score --labels bench/results/assistant_citation_reading_reader.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from assistant_tweetqa import build, questions_by_split  # noqa: E402

LABELS = ROOT / "bench" / "results" / "assistant_citation_reading.json"


def answers(index: Path, n: int) -> list[dict]:
    from townsquare.assistant import Assistant
    from townsquare.assistant.verify import MARKER, check_sentence, split_sentences

    split, _, post_of = questions_by_split()
    assistant = Assistant(index)
    out, asked = [], 0
    for row in split["report"]:
        if len(out) == n:
            break
        asked += 1
        answer = assistant.ask(row["Question"])
        if answer.abstained:
            continue
        full = {p["id"]: p for p in answer.retrieved}
        cited = {c["n"]: full.get(c["id"], {"id": c["id"], "text": c["snippet"]}) for c in answer.citations}
        pairs = []
        for sentence in split_sentences(answer.text):
            claim = MARKER.sub(" ", sentence).strip()
            for number in dict.fromkeys(int(m) for m in MARKER.findall(sentence)):
                post = cited[number]
                checker = check_sentence(claim + " [1]", [post]).supported
                # quotes: '@u wrote: “…”', 'N posts from M authors say: “…”'; the rest is the short answer 'X.'
                kind = "quote" if "“" in claim else "answer"
                pairs.append(
                    {
                        "qid": row["qid"],
                        "kind": kind,
                        "sentence": claim,
                        "post_id": post["id"],
                        "supported": None,
                        "why_not": None,
                        "checker_supported": checker,
                    }
                )
        out.append(
            {
                "qid": row["qid"],
                "question": row["Question"],
                "gold_answers": row["Answer"],
                "gold_post_id": post_of[row["Tweet"]],
                "answer": answer.text,
                "short_answer": answer.short_answer,
                "short_answer_correct": None,
                "note": None,
                "cited_posts": {str(k): {"id": p["id"], "text": p.get("text") or ""} for k, p in cited.items()},
                "pairs": pairs,
                "removed_by_checker": answer.removed,
            }
        )
    print(f"{asked} report questions asked, {asked - len(out)} abstained, {len(out)} answered\n", file=sys.stderr)
    return out


def show(items: list[dict]) -> None:
    for k, item in enumerate(items, 1):
        print(f"=== {k}. {item['qid']}  Q: {item['question']}")
        print(f"gold: {item['gold_answers']}  (gold post {item['gold_post_id']})")
        print(f"short answer: {item['short_answer']}")
        print(f"answer: {item['answer']}")
        for n, post in item["cited_posts"].items():
            print(f"  [{n}] {post['id']}: {post['text']}")
        for pair in item["pairs"]:
            print(f"  pair: {pair['post_id']} checker={pair['checker_supported']} | {pair['sentence']}")
        print()


def score(path: Path) -> None:
    items = json.loads(path.read_text())["answers"]
    pairs = [p for item in items for p in item["pairs"]]
    unlabelled = sum(p.get("supported") is None for p in pairs)
    unlabelled += sum(item.get("short_answer_correct") is None for item in items)
    if unlabelled:
        sys.exit(f"{path}: {unlabelled} labels not set (supported / short_answer_correct); label them by reading first")
    supported = sum(p["supported"] for p in pairs)
    correct = sum(item["short_answer_correct"] for item in items)
    agree = sum(p["supported"] == p["checker_supported"] for p in pairs)
    counts = {
        key: sum((p["checker_supported"], p["supported"]) == value for p in pairs)
        for key, value in (("tp", (True, True)), ("fp", (True, False)), ("fn", (False, True)), ("tn", (False, False)))
    }
    print(f"{len(items)} answers, {len(pairs)} citations (sentence, cited post)")
    print(f"citation precision by reading: {supported}/{len(pairs)} = {supported / len(pairs):.3f}")
    print(f"short answer matches gold by reading: {correct}/{len(items)} = {correct / len(items):.3f}")
    print(
        f"gold post cited: {sum(item['gold_post_id'] in {p['id'] for p in item['cited_posts'].values()} for item in items)}"
    )
    for kind in ("answer", "quote"):
        chosen = [p for p in pairs if p["kind"] == kind]
        print(f"  {kind} sentences: {sum(p['supported'] for p in chosen)}/{len(chosen)} supported by reading")
    checker = sum(p["checker_supported"] for p in pairs)
    print(
        f"checker says supported: {checker}/{len(pairs)}; agrees with reading on {agree}/{len(pairs)} = "
        f"{agree / len(pairs):.3f}; {counts}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/townsquare-citation-reading"))
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--template", type=Path, help="write the answers and pairs (labels empty) as JSON here")
    parser.add_argument("--score", action="store_true", help="numbers from the labels file")
    parser.add_argument("--labels", type=Path, default=LABELS, help=f"the labels file for --score (default {LABELS})")
    args = parser.parse_args()
    if args.score:
        score(args.labels)
        return
    _, tweets, _ = questions_by_split()
    args.work.mkdir(parents=True, exist_ok=True)
    index = build(args.work, tweets, False)  # reused when a previous run left it (manifest.json present)
    items = answers(index, args.n)
    show(items)
    if args.template:
        args.template.write_text(json.dumps({"answers": items}, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
