"""Every span the detector finds in all of TweetEval that the detector at git ref REF does not: what a change
adds on real clean tweets, to be read by eye (the 10,000-tweet sample of ``pii_vs_presidio.py`` is a subset).

    python bench/pii_tweeteval_new_spans.py --baseline main
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pii_labeled_set import load_tweets
from pii_vs_presidio import load_baseline
from townsquare.corpus.pii import find_pii


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REF", required=True, help="git ref of the detector to compare with")
    args = parser.parse_args()
    base = load_baseline(args.baseline)
    tweets = load_tweets()
    added, removed = [], []
    for text in tweets:
        now = {(s.start, s.end, s.label) for s in find_pii(text)}
        before = {tuple(s) for s in base.find_pii(text)} if now or base.may_contain_pii(text) else set()
        if now - before:
            added.append((text, sorted(now - before)))
        if before - now:
            removed.append((text, sorted(before - now)))
    print(
        f"{len(tweets):,} distinct TweetEval texts: {len(added)} with spans {args.baseline} did not find, "
        f"{len(removed)} with spans it found that are gone"
    )
    for sign, rows in (("+", added), ("-", removed)):
        for text, spans in rows:
            print(sign, [(text[s:e], label) for s, e, label in spans], "::", text[:160].replace("\n", " "))


if __name__ == "__main__":
    main()
