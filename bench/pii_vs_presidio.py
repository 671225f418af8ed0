"""townsquare PII detection vs Microsoft Presidio's pattern recognizers, on the same labeled set.

    pip install -e '.[bench]'
    python bench/pii_labeled_set.py            # writes bench/out/pii_labeled.jsonl
    python bench/pii_vs_presidio.py [--set bench/out/pii_labeled.jsonl] [--clean 10000] [--show-fp 20]

Prints one table: per-type precision / recall of both, false positives on clean real tweets
(share of tweets with any span), and throughput (posts/s, one core) of both.

Presidio runs with its predefined *pattern* recognizers for the types we cover (no spaCy model can
be downloaded here, and NER would not find structured PII anyway). We call each recognizer's
``analyze`` directly, drop overlaps the way ``AnalyzerEngine`` does (keep the higher score), and use
its default score threshold (0), so every pattern hit counts. Presidio has no recognizer for street
addresses or API secrets; those rows show "n/a".

Matching: a predicted span is a true positive when it overlaps a gold span of the same label (each
gold span is matched once). A label mix-up counts as a false positive for the predicted label and a
miss for the gold one.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from pii_labeled_set import LABELS, load_tweets

from townsquare.corpus.pii import find_pii

PRESIDIO_LABELS = {
    "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "CREDIT_CARD": "CARD", "IBAN_CODE": "IBAN",
    "IP_ADDRESS": "IP", "US_SSN": "GOV_ID", "UK_NINO": "GOV_ID", "ES_NIF": "GOV_ID", "ES_NIE": "GOV_ID",
    "IN_AADHAAR": "GOV_ID", "IT_FISCAL_CODE": "GOV_ID", "DE_TAX_ID": "GOV_ID", "CA_SIN": "GOV_ID",
}


def presidio_detector():
    """A find_pii-shaped function over Presidio's pattern recognizers for our types."""
    import logging

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    # Presidio's email check uses tldextract, which tries to fetch the public suffix list and then
    # falls back to its bundled snapshot; there is no network here, so skip the fetch and its traceback.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    import tldextract
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    from presidio_analyzer import predefined_recognizers as pr

    names = ["EmailRecognizer", "PhoneRecognizer", "CreditCardRecognizer", "IbanRecognizer", "IpRecognizer",
             "UsSsnRecognizer", "UkNinoRecognizer", "EsNifRecognizer", "EsNieRecognizer", "InAadhaarRecognizer",
             "ItFiscalCodeRecognizer", "DeTaxIdRecognizer", "CaSinRecognizer"]
    recognizers = []
    for name in names:
        cls = getattr(pr, name, None)
        if cls is None:
            continue
        recognizer = cls()
        recognizers.append((recognizer, list(recognizer.supported_entities)))

    def detect(text: str) -> list[tuple[int, int, str]]:
        results = []
        for recognizer, entities in recognizers:
            for res in recognizer.analyze(text, entities, None) or []:
                label = PRESIDIO_LABELS.get(res.entity_type)
                if label:
                    results.append((res.score, res.start, res.end, label))
        # AnalyzerEngine-like de-duplication: higher score wins an overlap
        results.sort(key=lambda r: (-r[0], r[1]))
        kept: list[tuple[int, int, str]] = []
        for _, start, end, label in results:
            if not any(s < end and start < e for s, e, _ in kept):
                kept.append((start, end, label))
        return sorted(kept)

    return detect


def ours(text: str) -> list[tuple[int, int, str]]:
    return [tuple(span) for span in find_pii(text)]


def score(examples: list[dict], detect) -> tuple[Counter, Counter, Counter, list]:
    """Per-label true positives, false positives, false negatives, and the FP/FN examples."""
    tp, fp, fn = Counter(), Counter(), Counter()
    errors = []
    for ex in examples:
        gold = [tuple(s) for s in ex["spans"]]
        pred = detect(ex["text"])
        matched = set()
        for start, end, label in pred:
            hit = next((i for i, (gs, ge, gl) in enumerate(gold)
                        if i not in matched and gl == label and gs < end and start < ge), None)
            if hit is None:
                fp[label] += 1
                errors.append(("FP", label, ex["text"][start:end], ex["text"]))
            else:
                matched.add(hit)
                tp[label] += 1
        for i, (gs, ge, gl) in enumerate(gold):
            if i not in matched:
                fn[gl] += 1
                errors.append(("FN", gl, ex["text"][gs:ge], ex["text"]))
    return tp, fp, fn, errors


def clean_tweets(n: int, seed: int = 3) -> list[str]:
    tweets = load_tweets()
    random.Random(seed).shuffle(tweets)
    return tweets[:n]


def throughput(detect, texts: list[str], min_seconds: float = 2.0) -> float:
    """Posts per CPU-second (process time, so other jobs on a shared machine do not skew it)."""
    done, start = 0, time.process_time()
    while True:
        for text in texts:
            detect(text)
        done += len(texts)
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            return done / elapsed


def stage_throughput(texts: list[str], min_seconds: float = 3.0) -> float:
    """Posts per CPU-second of PiiStage over Arrow batches (how the corpus build runs it)."""
    from townsquare.corpus.pii import PiiStage
    from townsquare.post import batch_from_rows

    batch = batch_from_rows([{"id": str(i), "platform": "x", "text": t} for i, t in enumerate(texts)])
    stage = PiiStage()
    done, start = 0, time.process_time()
    while time.process_time() - start < min_seconds:
        stage.run(batch)
        done += batch.num_rows
    return done / (time.process_time() - start)


def fmt(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "bench" / "out" / "pii_labeled.jsonl")
    parser.add_argument("--clean", type=int, default=10_000)
    parser.add_argument("--no-presidio", action="store_true", help="only score townsquare (quick iteration)")
    parser.add_argument("--show-fp", type=int, default=20, help="print this many flagged clean tweets / errors")
    args = parser.parse_args()
    if not args.set.exists():
        sys.exit(f"error: {args.set} not found; run python bench/pii_labeled_set.py first")
    examples = [json.loads(line) for line in args.set.open(encoding="utf-8")]
    clean = clean_tweets(args.clean)
    systems = {"townsquare": ours} if args.no_presidio else {"townsquare": ours, "presidio": presidio_detector()}

    rows = {}
    for name, detect in systems.items():
        tp, fp, fn, errors = score(examples, detect)
        flagged = [t for t in clean if detect(t)]
        rate = throughput(detect, clean[:3000], min_seconds=3.0)
        rows[name] = (tp, fp, fn, errors, flagged, rate)

    print(f"labeled set: {len(examples)} posts ({args.set.name}); clean: {len(clean)} real TweetEval tweets\n")
    header = f"| type | {' | '.join(f'{n} P | {n} R' for n in systems)} | gold |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for label in LABELS:
        cells = []
        for name in systems:
            tp, fp, fn = rows[name][:3]
            supported = name == "townsquare" or label in PRESIDIO_LABELS.values()
            cells += [fmt(tp[label], tp[label] + fp[label]) if supported else "n/a",
                      fmt(tp[label], tp[label] + fn[label]) if supported else "n/a"]
        gold = rows["townsquare"][0][label] + rows["townsquare"][2][label]
        print(f"| {label} | {' | '.join(cells)} | {gold} |")
    fp_cells = " | ".join(f"{len(rows[n][4]) / len(clean):.4%} ({len(rows[n][4])}) | " for n in systems)
    print(f"| clean tweets with any span | {fp_cells} |")
    speed_cells = " | ".join(f"{rows[n][5]:,.0f} posts/s | " for n in systems)
    print(f"| throughput, per post (1 core, clean tweets) | {speed_cells} |")
    batch_rate = stage_throughput(clean[:8192])
    print(f"| throughput, PiiStage on 8192-post Arrow batches (1 core) | {batch_rate:,.0f} posts/s | "
          + " | ".join("" for _ in range(2 * len(systems) - 1)) + " |")

    if args.show_fp:
        for name in systems:
            print(f"\n{name}: clean tweets flagged (review: real PII in TweetEval is not a false positive)")
            for text in rows[name][4][: args.show_fp]:
                print("  ", [(text[s:e], lab) for s, e, lab in systems[name](text)], "::", text[:140])
        print("\ntownsquare errors on the labeled set:")
        for kind, label, value, text in rows["townsquare"][3][: args.show_fp]:
            print(f"  {kind} {label} {value!r} :: {text[:160]!r}")


if __name__ == "__main__":
    main()
