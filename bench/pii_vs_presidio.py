"""townsquare PII detection vs Microsoft Presidio (pattern recognizers + context enhancement), per type.

    pip install -c constraints.txt -e '.[bench]'
    python bench/pii_labeled_set.py          # the project's own set  -> bench/out/pii_labeled.jsonl
    python bench/pii_independent_set.py      # the independent set    -> bench/out/pii_independent_{tune,heldout}.jsonl
    python bench/pii_vs_presidio.py [--set FILE ...] [--clean 10000] [--baseline main] [--show-fp 20]

One run prints, for every labelled set, per-type precision / recall / F1 of townsquare and of
Presidio side by side; then the clean real tweets (TweetEval) that each system flags, every one of
them with its spans (``--show-fp``), and throughput: per post on one core, and ``PiiStage`` over
8192-post Arrow batches as the corpus build runs it. ``--baseline REF`` loads ``pii.py`` as it is at
git ref REF and measures its ``PiiStage`` throughput and scores in the same run ("before/after").

Presidio: its predefined *pattern* recognizers for our types run inside ``AnalyzerEngine`` with its
default ``LemmaContextAwareEnhancer`` (context words within 5 tokens before a hit raise its score).
No spaCy model can be downloaded here, so a small NLP engine tokenizes with a regex and uses the
lower-cased token as the lemma (Presidio's context words are base forms: "phone", "card", "ssn").
Recognizers written for de/es/it run with their own context words on every text. Presidio is
scored twice: every hit (score threshold 0, Presidio's default) and hits scored >= 0.5 after context
(where context decides; its weak patterns start at 0.05-0.4). Types it has no recognizer for show
"n/a" (addresses, seed phrases, birth dates: its DATE_TIME is any date, coordinates, names in
contact blocks).

Matching: a predicted span is a true positive when it overlaps a gold span of the same label (each
gold span is matched once). A label mix-up counts as a false positive for the predicted label and a
miss for the gold one.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from pii_labeled_set import load_tweets
from townsquare.corpus.pii import LABELS, find_pii

DEFAULT_SETS = [
    ROOT / "bench" / "out" / name
    for name in ("pii_independent_tune.jsonl", "pii_independent_heldout.jsonl", "pii_labeled.jsonl")
]

# Presidio recognizer class -> our label for each entity it emits.
PRESIDIO_RECOGNIZERS = {
    "EmailRecognizer": "EMAIL",
    "PhoneRecognizer": "PHONE",
    "CreditCardRecognizer": "CARD",
    "IbanRecognizer": "IBAN",
    "IpRecognizer": "IP",
    "UsSsnRecognizer": "GOV_ID",
    "UkNinoRecognizer": "GOV_ID",
    "EsNifRecognizer": "GOV_ID",
    "EsNieRecognizer": "GOV_ID",
    "InAadhaarRecognizer": "GOV_ID",
    "InPanRecognizer": "GOV_ID",
    "ItFiscalCodeRecognizer": "GOV_ID",
    "DeTaxIdRecognizer": "GOV_ID",
    "CaSinRecognizer": "GOV_ID",
    "UsPassportRecognizer": "PASSPORT",
    "UkPassportRecognizer": "PASSPORT",
    "DePassportRecognizer": "PASSPORT",
    "EsPassportRecognizer": "PASSPORT",
    "ItPassportRecognizer": "PASSPORT",
    "InPassportRecognizer": "PASSPORT",
    "UsLicenseRecognizer": "DRIVER_LICENSE",
    "UkDrivingLicenceRecognizer": "DRIVER_LICENSE",
    "DeFuehrerscheinRecognizer": "DRIVER_LICENSE",
    "ItDriverLicenseRecognizer": "DRIVER_LICENSE",
}
PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "BR", "IT", "NL", "IN")


def presidio_detector():
    """A function text -> [(start, end, label, score)] over Presidio's AnalyzerEngine with context enhancement."""
    import logging

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    # Presidio's email check uses tldextract, which tries to fetch the public suffix list and then
    # falls back to its bundled snapshot; there is no network here, so skip the fetch and its traceback.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    import tldextract

    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer import predefined_recognizers as pr
    from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

    token_re = re.compile(r"\w+|[^\w\s]")

    class TokenEngine(NlpEngine):
        """Tokens from a regex; the lower-cased token stands in for the lemma (no spaCy model here)."""

        def load(self):
            pass

        def is_loaded(self):
            return True

        def process_text(self, text, language):
            tokens = [(m.group(0), m.start()) for m in token_re.finditer(text)]
            return NlpArtifacts(
                entities=[],
                tokens=[t for t, _ in tokens],
                tokens_indices=[i for _, i in tokens],
                lemmas=[t.lower() for t, _ in tokens],
                nlp_engine=self,
                language=language,
            )

        def process_batch(self, texts, language, **kwargs):
            for text in texts:
                yield text, self.process_text(text, language)

        def is_stopword(self, word, language):
            return word in {"the", "a", "an", "is", "my", "me", "to", "of", "and", "or", "at", "on", "in"}

        def is_punct(self, word, language):
            return not any(ch.isalnum() for ch in word)

        def get_supported_entities(self):
            return []

        def get_supported_languages(self):
            return ["en"]

    registry = RecognizerRegistry(supported_languages=["en"])
    entity_label = {}
    for name, label in PRESIDIO_RECOGNIZERS.items():
        cls = getattr(pr, name, None)
        if cls is None:
            continue
        kwargs = {"supported_language": "en"}
        if name == "PhoneRecognizer":
            kwargs["supported_regions"] = PHONE_REGIONS
        recognizer = cls(**kwargs)
        registry.add_recognizer(recognizer)
        for entity in recognizer.supported_entities:
            entity_label[entity] = label
    engine = AnalyzerEngine(
        registry=registry, nlp_engine=TokenEngine(), supported_languages=["en"], default_score_threshold=0
    )
    entities = sorted(entity_label)

    def detect(text: str) -> list[tuple[int, int, str, float]]:
        results = engine.analyze(text, language="en", entities=entities, score_threshold=0)
        return [
            (r.start, r.end, entity_label[r.entity_type], r.score) for r in results if r.entity_type in entity_label
        ]

    return detect, set(entity_label.values())


def thresholded(scored, threshold: float):
    """Keep hits scored >= threshold; an overlap keeps the higher score (as AnalyzerEngine does)."""

    def detect(text: str) -> list[tuple[int, int, str]]:
        hits = sorted((h for h in scored(text) if h[3] >= threshold), key=lambda h: (-h[3], h[0]))
        kept: list[tuple[int, int, str]] = []
        for start, end, label, _ in hits:
            if not any(s < end and start < e for s, e, _ in kept):
                kept.append((start, end, label))
        return sorted(kept)

    return detect


def cached(detect):
    memo: dict[str, list] = {}

    def run(text: str):
        if text not in memo:
            memo[text] = detect(text)
        return memo[text]

    return run


def ours(text: str) -> list[tuple[int, int, str]]:
    return [tuple(span) for span in find_pii(text)]


def load_baseline(ref: str):
    """``townsquare.corpus.pii`` as it is at git ref ``ref``, as a separate module, with the
    ``pii_context`` module and word lists of that ref where it has them (so "before" is all of it)."""

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{ref}:{path}"], check=True, capture_output=True, text=True
        ).stdout

    def load(name: str, path: Path):
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module

    folder = Path(tempfile.mkdtemp())
    (folder / "pii_baseline.py").write_text(show("src/townsquare/corpus/pii.py"), encoding="utf-8")
    listing = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "--name-only", f"{ref}:src/townsquare/corpus/pii_context"],
        capture_output=True,
        text=True,
    )
    if listing.returncode:  # before pii_context existed
        return load("townsquare.corpus._pii_baseline", folder / "pii_baseline.py")
    import townsquare.corpus as corpus_package

    (folder / "pii_context").mkdir()
    for name in listing.stdout.split():
        (folder / "pii_context" / name).write_text(show(f"src/townsquare/corpus/pii_context/{name}"), encoding="utf-8")
    (folder / "pii_context_baseline.py").write_text(show("src/townsquare/corpus/pii_context.py"), encoding="utf-8")
    context = load("townsquare.corpus._pii_context_baseline", folder / "pii_context_baseline.py")
    context.DATA = folder / "pii_context"
    saved_module, saved_attr = sys.modules["townsquare.corpus.pii_context"], corpus_package.pii_context
    sys.modules["townsquare.corpus.pii_context"], corpus_package.pii_context = context, context
    try:
        return load("townsquare.corpus._pii_baseline", folder / "pii_baseline.py")
    finally:
        sys.modules["townsquare.corpus.pii_context"], corpus_package.pii_context = saved_module, saved_attr


def score(examples: list[dict], detect) -> tuple[Counter, Counter, Counter, list]:
    """Per-label true positives, false positives, false negatives, and the FP/FN examples."""
    tp, fp, fn = Counter(), Counter(), Counter()
    errors = []
    for ex in examples:
        gold = [tuple(s) for s in ex["spans"]]
        pred = detect(ex["text"])
        matched = set()
        for start, end, label in pred:
            hit = next(
                (
                    i
                    for i, (gs, ge, gl) in enumerate(gold)
                    if i not in matched and gl == label and gs < end and start < ge
                ),
                None,
            )
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


def stage_throughput(texts: list[str], stage_cls=None, min_seconds: float = 3.0) -> float:
    """Posts per CPU-second of PiiStage over Arrow batches (how the corpus build runs it)."""
    from townsquare.corpus.pii import PiiStage
    from townsquare.post import batch_from_rows

    batch = batch_from_rows([{"id": str(i), "platform": "x", "text": t} for i, t in enumerate(texts)])
    stage = (stage_cls or PiiStage)()
    done, start = 0, time.process_time()
    while time.process_time() - start < min_seconds:
        stage.run(batch)
        done += batch.num_rows
    return done / (time.process_time() - start)


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "n/a"


def f1(tp: int, fp: int, fn: int) -> str:
    return f"{2 * tp / (2 * tp + fp + fn):.3f}" if tp + fp + fn else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, nargs="+", default=DEFAULT_SETS)
    parser.add_argument("--clean", type=int, default=10_000)
    parser.add_argument("--no-presidio", action="store_true", help="only score townsquare (quick iteration)")
    parser.add_argument("--baseline", metavar="REF", help="also score and time pii.py as it is at this git ref")
    parser.add_argument("--show-fp", type=int, default=20, help="print this many flagged clean tweets / errors")
    parser.add_argument("--errors-out", type=Path, help="write every townsquare FP/FN per set to this JSONL")
    args = parser.parse_args()
    sets = {}
    for path in args.set:
        if not path.exists():
            sys.exit(f"error: {path} not found; run bench/pii_labeled_set.py and bench/pii_independent_set.py first")
        sets[path.name.removesuffix(".jsonl")] = [json.loads(line) for line in path.open(encoding="utf-8")]
    clean = clean_tweets(args.clean)

    systems = {"townsquare": (ours, set(LABELS))}
    if args.baseline:
        baseline = load_baseline(args.baseline)
        systems[f"townsquare@{args.baseline}"] = (
            lambda text: [tuple(span) for span in baseline.find_pii(text)],
            set(baseline.LABELS),
        )
    if not args.no_presidio:
        scored, presidio_labels = presidio_detector()
        scored = cached(scored)
        systems["presidio ctx"] = (thresholded(scored, 0.0), presidio_labels)
        systems["presidio ctx>=0.5"] = (thresholded(scored, 0.5), presidio_labels)

    errors_out = args.errors_out.open("w", encoding="utf-8") if args.errors_out else None
    for set_name, examples in sets.items():
        print(f"\n### {set_name}: {len(examples)} texts\n")
        header = "| type | gold | " + " | ".join(f"{n} P | {n} R | {n} F1" for n in systems) + " |"
        print(header)
        print("|" + "---|" * (header.count("|") - 1))
        results = {name: score(examples, detect) for name, (detect, _) in systems.items()}
        for label in LABELS:
            gold = results["townsquare"][0][label] + results["townsquare"][2][label]
            if not gold and not any(r[1][label] for r in results.values()):
                continue
            cells = []
            for name, (_, supported) in systems.items():
                tp, fp, fn = (results[name][k][label] for k in range(3))
                if label in supported:
                    cells += [ratio(tp, tp + fp), ratio(tp, tp + fn), f1(tp, fp, fn)]
                else:
                    cells += ["n/a"] * 3
            print(f"| {label} | {gold} | {' | '.join(cells)} |")
        negatives = [ex for ex in examples if ex.get("kind") == "negative"]
        if negatives:
            cells = " | ".join(
                f"{sum(1 for ex in negatives if d(ex['text'])) / len(negatives):.3%} | | " for d, _ in systems.values()
            )
            print(f"| hard negatives flagged ({len(negatives)}) | | {cells} |")
        if errors_out:
            for kind, label, value, text in results["townsquare"][3]:
                errors_out.write(
                    json.dumps(
                        {"set": set_name, "kind": kind, "label": label, "value": value, "text": text},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        if args.show_fp:
            print(f"\ntownsquare errors on {set_name} (first {args.show_fp}):")
            for kind, label, value, text in results["townsquare"][3][: args.show_fp]:
                print(f"  {kind} {label} {value!r} :: {text[:160]!r}")

    print(f"\n### {len(clean)} clean real TweetEval tweets\n")
    for name, (detect, _) in systems.items():
        flagged = [t for t in clean if detect(t)]
        print(f"{name}: {len(flagged)} flagged ({len(flagged) / len(clean):.3%})")
        for text in flagged[: args.show_fp]:
            print("  ", [(text[s:e], lab) for s, e, lab in detect(text)], "::", text[:160])

    print("\n### throughput (CPU time, one core)\n")
    sample = clean[:3000]
    for name, (detect, _) in systems.items():
        if name.startswith("presidio ctx>"):
            continue
        raw = (lambda t: scored(t)) if name.startswith("presidio") else detect
        if name.startswith("presidio"):
            memo_free = presidio_detector()[0]
            raw = memo_free
        print(f"{name}: {throughput(raw, sample, min_seconds=3.0):,.0f} posts/s per post")
    texts = clean[:8192]
    print(f"townsquare PiiStage, 8192-post Arrow batches: {stage_throughput(texts):,.0f} posts/s")
    if args.baseline:
        print(
            f"townsquare@{args.baseline} PiiStage, same batches: "
            f"{stage_throughput(texts, baseline.PiiStage):,.0f} posts/s"
        )


if __name__ == "__main__":
    main()
