"""Where the assistant loses ROUGE-L and the gold citation on TweetQA tune questions, stage by stage.

Each question is asked as ``Assistant.ask`` asks it (TweetQA-only index), with the search, the evidence and the
posts the reader reads recorded on the way; each is put in the first stage that loses its gold tweet:

  a   the gold tweet is not in search's top 30
  a2  in the top 30, not among the evidence posts
  e   among the evidence, but the reader never ran (a yes/no question, who-said, a summary, the coverage floor)
  b   among the evidence, not among the posts read
  c   read, and the assistant abstained
  c2  read, and the answer came from another post
  d   answered from the gold tweet (what is lost there is the span)

Per stage: questions, ROUGE-L, the ROUGE-L it loses as a share of all questions, gold cited, abstained, and what
the reader answers given the gold tweet alone (its span's ROUGE-L, and how often its margin clears the threshold):
the headroom if every earlier stage kept the gold tweet. Tune questions only (split by qid hash in
``assistant_tweetqa.py``); the reader was fitted on tune[:4200], so its span quality there is higher than on
tune[4200:].

    python bench/assistant_losses.py --part fit -n 600    # every 7th of tune[:4200]
    python bench/assistant_losses.py --part held          # tune[4200:]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assistant_tweetqa import build, questions_by_split, rouge_l, scores  # noqa: E402

STAGES = {
    "a": "gold not in search's top 30",
    "a2": "in the top 30, not among the evidence posts",
    "e": "among the evidence, the reader never ran",
    "b": "among the evidence, not among the posts read",
    "c": "read, abstained",
    "c2": "read, answered from another post",
    "d": "answered from the gold tweet",
}


def traced(assistant) -> dict:
    """Record what one ask searched, the evidence it composed from and the posts the reader read first."""
    from townsquare.assistant import core
    from townsquare.assistant.compose import ExtractiveComposer

    seen: dict = {}
    gather, compose, read = core.gather, ExtractiveComposer.compose, ExtractiveComposer.read

    def gathering(*args, **kwargs):
        found = gather(*args, **kwargs)
        seen.setdefault("gathered", {post["id"] for post in found[1]})
        return found

    def composing(self, question, evidence, now=False):
        seen.setdefault("evidence", {item.id for item in evidence})
        return compose(self, question, evidence, now)

    def reading(self, reader, question, evidence, floor, posts=None):
        if posts is None and "read" not in seen:
            count = reader.posts if self.reader_posts is None else self.reader_posts
            seen["read"] = {item.id for item in sorted(evidence, key=lambda e: -e.relevance)[:count]}
        return read(self, reader, question, evidence, floor, posts)

    core.gather, ExtractiveComposer.compose, ExtractiveComposer.read = gathering, composing, reading
    return seen


def stage(seen: dict, gold: str, answer) -> str:
    if gold not in seen.get("gathered", ()):
        return "a"
    if gold not in seen.get("evidence", ()):
        return "a2"
    if "read" not in seen:
        return "e"
    if gold not in seen["read"]:
        return "b"
    if answer.abstained:
        return "c"
    return "d" if answer.citations and answer.citations[0]["id"] == gold else "c2"


def main() -> None:
    from townsquare.assistant import Assistant

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["fit", "held"], default="fit", help="tune[:4200] (every 7th) or tune[4200:]")
    parser.add_argument("-n", type=int, default=600, help="questions at most")
    parser.add_argument("--work", type=Path, default=Path("/tmp/townsquare-assistant"))
    args = parser.parse_args()
    split, tweets, post_of = questions_by_split()
    rows = (split["tune"][:4200][::7] if args.part == "fit" else split["tune"][4200:])[: args.n]
    assistant = Assistant(build(args.work, tweets, False))
    reader = assistant.composer.resolved_reader()
    if reader is None:
        sys.exit("Error: the reader is not installed (torch, transformers): the stages are the reader's")
    seen = traced(assistant)
    found: dict[str, list[tuple]] = {key: [] for key in STAGES}
    for row in rows:
        seen.clear()
        gold = post_of[row["Tweet"]]
        answer = assistant.ask(row["Question"])
        rouge, _, cited, abstained = scores(answer, row, gold)
        alone = reader.read(row["Question"], [row["Tweet"]])[0]
        found[stage(seen, gold, answer)].append(
            (rouge, cited, abstained, rouge_l(alone.text, row["Answer"]), alone.margin >= reader.threshold)
        )
    everything = [r for group in found.values() for r in group]
    print(f"TweetQA tune, {args.part} part: {len(rows)} questions, TweetQA-only index")
    print(
        f"ROUGE-L {statistics.mean(r[0] for r in everything):.3f}, gold cited "
        f"{statistics.mean(r[1] for r in everything):.3f}, abstained {statistics.mean(r[2] for r in everything):.1%}"
    )
    print(
        "| stage | questions | ROUGE-L | ROUGE-L lost (of all) | gold cited | abstained | reader on gold alone | sure |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for key, group in found.items():
        if not group:
            continue
        mean = [statistics.mean(column) for column in zip(*group)]
        lost = sum(1 - r[0] for r in group) / len(rows)
        print(
            f"| {key}. {STAGES[key]} | {len(group)} ({len(group) / len(rows):.1%}) | {mean[0]:.3f} | {lost:.3f} | "
            f"{mean[1]:.3f} | {mean[2]:.1%} | {mean[3]:.3f} | {mean[4]:.0%} |"
        )


if __name__ == "__main__":
    main()
