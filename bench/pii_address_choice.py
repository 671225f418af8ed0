"""Street addresses: usaddress vs pyap vs townsquare's own detector, on the independent PII set.

    python bench/pii_independent_set.py      # writes bench/out/pii_independent_{tune,heldout}.jsonl
    python bench/pii_address_choice.py [--set FILE ...]

Scores only the ADDRESS spans (span overlap, as bench/pii_vs_presidio.py does) and the time per post.

* ``usaddress`` (a CRF that ships its model) is a parser, not a detector: it labels every token of a
  string with an address part. As a detector we keep the runs of tokens it labels as address parts
  and call a run an address when it holds a house number and a street name (the least a street
  address has); everything else it labels (``Recipient``, ``LandmarkName``...) is not an address.
* ``pyap`` finds addresses by country grammar; it has US, CA and GB (no continental Europe). It runs
  once per country and the hits are pooled.
* townsquare: ``find_pii`` ADDRESS spans (street regexes for US/UK/EU forms, address context words
  such as "lives at" / "Adresse:" / "j'habite au", and postcode lines under a street line).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = [ROOT / "bench" / "out" / f"pii_independent_{split}.jsonl" for split in ("tune", "heldout")]
STREET_PARTS = {
    "AddressNumber",
    "AddressNumberPrefix",
    "AddressNumberSuffix",
    "StreetName",
    "StreetNamePreDirectional",
    "StreetNamePreModifier",
    "StreetNamePreType",
    "StreetNamePostDirectional",
    "StreetNamePostModifier",
    "StreetNamePostType",
    "OccupancyType",
    "OccupancyIdentifier",
    "SubaddressIdentifier",
    "SubaddressType",
    "PlaceName",
    "StateName",
    "ZipCode",
    "USPSBoxType",
    "USPSBoxID",
    "USPSBoxGroupType",
    "USPSBoxGroupID",
}


def usaddress_detector():
    import re

    import usaddress

    def detect(text: str) -> list[tuple[int, int]]:
        tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", text)]
        try:
            tagged = usaddress.parse(text)
        except Exception:  # noqa: BLE001 - the parser raises on odd input; no address then
            return []
        spans, run, labels = [], [], set()
        for (start, end, _), (_, label) in zip(tokens, tagged):
            if label in STREET_PARTS:
                run.append((start, end))
                labels.add(label)
                continue
            if run and {"AddressNumber", "StreetName"} <= labels:
                spans.append((run[0][0], run[-1][1]))
            run, labels = [], set()
        if run and {"AddressNumber", "StreetName"} <= labels:
            spans.append((run[0][0], run[-1][1]))
        return spans

    return detect


def pyap_detector():
    import pyap

    def detect(text: str) -> list[tuple[int, int]]:
        spans = []
        for country in ("US", "CA", "GB"):
            for address in pyap.parse(text, country=country):
                spans.append((address.match_start, address.match_end))
        return spans

    return detect


def townsquare_detector():
    from townsquare.corpus.pii import find_pii

    def detect(text: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in find_pii(text) if s.label == "ADDRESS"]

    return detect


def score(examples: list[dict], detect) -> tuple[int, int, int, float]:
    tp = fp = fn = 0
    start = time.process_time()
    for ex in examples:
        gold = [(s, e) for s, e, label in ex["spans"] if label == "ADDRESS"]
        matched = set()
        for s, e in detect(ex["text"]):
            hit = next((i for i, (gs, ge) in enumerate(gold) if i not in matched and gs < e and s < ge), None)
            if hit is None:
                fp += 1
            else:
                matched.add(hit)
                tp += 1
        fn += len(gold) - len(matched)
    return tp, fp, fn, (time.process_time() - start) / len(examples) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, nargs="+", default=DEFAULT_SETS)
    args = parser.parse_args()
    systems = {
        "usaddress": usaddress_detector(),
        "pyap (US+CA+GB)": pyap_detector(),
        "townsquare": townsquare_detector(),
    }
    print("| set | system | P | R | F1 | us/post |\n|---|---|---|---|---|---|")
    for path in args.set:
        if not path.exists():
            sys.exit(f"error: {path} not found; run python bench/pii_independent_set.py first")
        examples = [json.loads(line) for line in path.open(encoding="utf-8")]
        by_lang = Counter(ex["locale"] for ex in examples if any(s[2] == "ADDRESS" for s in ex["spans"]))
        for name, detect in systems.items():
            tp, fp, fn, us = score(examples, detect)
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"| {path.stem} | {name} | {p:.3f} | {r:.3f} | {f:.3f} | {us:,.0f} |")
        print(f"| {path.stem} | texts with an address, by locale: {dict(sorted(by_lang.items()))} | | | | |")


if __name__ == "__main__":
    main()
