"""What open retrieval can reach on TweetQA: questions that share no content word with their own tweet.

TweetQA's questions were written by crowd workers reading one tweet ("what year is referenced in the tweet?",
"from what country does this tweet hail?"). Asked of an index of all 5,119 tweets, a question that names nothing
of its tweet cannot be placed by any search. This groups questions by how many content words they share with
their tweet (five-letter prefixes; scikit-learn's English stop words, a list independent of townsquare's own,
and the words TweetQA's questions use for the tweet itself) and prints, per group, the share of questions and
where the assistant's search puts the gold tweet (``gather``, as ``Assistant.ask`` searches); with ``--heldin``
(a JSON of ``bench/assistant_heldin.py``, tune split) also the assistant's gold-cited and ROUGE-L per group.

    python bench/assistant_ceiling.py --split report -n 1000
    python bench/assistant_ceiling.py --split tune --heldin /tmp/held.json

The "shares none" group bounds what any answer can cite: a goal over 1 minus its share times its miss rate
is out of reach of search, whatever the reader does.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assistant_tweetqa import build, questions_by_split  # noqa: E402

# what TweetQA's questions call the tweet and its author: no topic of any one tweet
TWEET_WORDS = set(
    "tweet tweets tweeted author person people did does say said according thing mentioned referenced "
    "post user write wrote talking think".split()
)


def words(text: str, stop: frozenset[str]) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 1 and w not in stop | TWEET_WORDS}


def main() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from townsquare.assistant import Assistant
    from townsquare.assistant.evidence import gather

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["tune", "report"], default="report")
    parser.add_argument("-n", type=int, default=1000, help="questions (report: the first n; tune: tune[4200:])")
    parser.add_argument("--heldin", type=Path, default=None, help="a bench/assistant_heldin.py JSON (tune split)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/townsquare-assistant"))
    args = parser.parse_args()
    split, tweets, post_of = questions_by_split()
    rows = split["tune"][4200:] if args.split == "tune" else split["report"][: args.n]
    held = {r["qid"]: r for r in json.loads(args.heldin.read_text())} if args.heldin else {}
    assistant = Assistant(build(args.work, tweets, False))
    groups: dict[str, list[dict]] = {"shares none": [], "shares one": [], "shares two or more": []}
    for row in rows:
        shared = len(words(row["Question"], ENGLISH_STOP_WORDS) & words(row["Tweet"], ENGLISH_STOP_WORDS))
        _, posts, _ = gather(assistant.searcher, row["Question"], None, 30)
        ids = [post["id"] for post in posts]
        gold = post_of[row["Tweet"]]
        rank = ids.index(gold) if gold in ids else None
        name = "shares none" if shared == 0 else "shares one" if shared == 1 else "shares two or more"
        groups[name].append({"rank": rank, **held.get(row["qid"], {})})
    print(f"TweetQA {args.split} half, {len(rows)} questions, TweetQA-only index")
    print("| question shares with its tweet | questions | search: gold @1 | @3 | @30 | gold cited | ROUGE-L |")
    print("|---|---|---|---|---|---|---|")
    for name, found in [*groups.items(), ("all", [r for g in groups.values() for r in g])]:
        if not found:
            continue

        def at(k: int, found: list[dict] = found) -> str:
            return f"{statistics.mean(r['rank'] is not None and r['rank'] < k for r in found):.3f}"

        cited = f"{statistics.mean(r['cited'] for r in found):.3f}" if held else "-"
        rouge = f"{statistics.mean(r['rouge_l'] for r in found):.3f}" if held else "-"
        print(
            f"| {name} | {len(found)} ({len(found) / len(rows):.1%}) | {at(1)} | {at(3)} | {at(30)} | {cited} | {rouge} |"
        )


if __name__ == "__main__":
    main()
