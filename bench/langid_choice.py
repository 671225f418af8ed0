"""Pick the language detector by measurement: accuracy on labeled posts and posts/s on one core.

    python bench/langid_choice.py [--data ../shared/data] [--speed-posts 20000]

Labeled samples come from real posts whose platform recorded a language:
the X archive (``tweets.js``, German and English), X API v2 tweets, Bluesky
Jetstream posts (``langs``), plus English TweetEval tweets. Platform labels are
themselves machine guesses (X) or user settings (Bluesky), so treat accuracy
as agreement with the platform. Every detector sees the same text, cleaned by
``townsquare.corpus.language.clean_for_detection`` (no URLs, mentions,
hashtags, placeholders). Speed is measured on TweetEval text, one process, the
way the stage calls it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from townsquare.corpus import language

SKIP_LABELS = {"und", "qme", "qam", "qht", "qst", "zxx", "art"}


def _walk_json(node, out):
    """Collect (text, lang) from any nested JSON object that has both."""
    if isinstance(node, dict):
        if isinstance(node.get("text"), str) and isinstance(node.get("lang"), str):
            out.append((node["text"], node["lang"]))
        for value in node.values():
            _walk_json(value, out)
    elif isinstance(node, list):
        for value in node:
            _walk_json(value, out)


def load_x_archive(data: Path) -> list[tuple[str, str]]:
    raw = (data / "x-archive/milahu104/tweets.js").read_text(encoding="utf-8")
    tweets = json.loads(raw[raw.index("[") :])
    return [(t["tweet"]["full_text"], t["tweet"]["lang"]) for t in tweets]


def load_x_api(data: Path) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for path in sorted((data / "x-api-v2").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                _walk_json(json.loads(line), pairs)
            except json.JSONDecodeError:
                continue
    return list(dict.fromkeys(pairs))  # the same tweet appears in several files


def load_bluesky(data: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in (data / "bluesky/jetstream/expected_v1.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line).get("commit", {}).get("record", {})
        if record.get("$type") == "app.bsky.feed.post" and record.get("langs") and record.get("text"):
            pairs.append((record["text"], record["langs"][0]))
    return pairs


def load_tweeteval(data: Path, n: int, seed: int = 0) -> list[str]:
    lines = (data / "tweeteval/sentiment/test_text.txt").read_text(encoding="utf-8").splitlines()
    random.Random(seed).shuffle(lines)
    return lines[:n]


def detectors() -> dict[str, object]:
    """name -> function(list of cleaned texts) -> list of codes ('und' when unsure)."""
    found = {}
    for name in ("pycld2", "fasttext_lid176", "py3langid", "gcld3", "lingua_low", "lingua_high"):
        try:
            found[name] = language.make_detector(name)
        except ImportError as exc:
            print(f"skip {name}: {exc}", file=sys.stderr)
    return found


def accuracy(detect, pairs) -> tuple[float, float, int]:
    """(accuracy, share answered 'und', n) against platform labels."""
    pairs = [(text, language.canonical_code(lang)) for text, lang in pairs]
    pairs = [(text, lang) for text, lang in pairs if lang not in SKIP_LABELS]
    cleaned = language.clean_for_detection([text for text, _ in pairs])
    keep = [i for i, text in enumerate(cleaned) if not language.too_short(text)]
    predicted = detect([cleaned[i] for i in keep])
    right = sum(pred == pairs[i][1] for pred, i in zip(predicted, keep))
    undetermined = sum(pred == "und" for pred in predicted)
    return right / max(1, len(keep)), undetermined / max(1, len(keep)), len(keep)


def speed(detect, texts) -> float:
    cleaned = language.clean_for_detection(texts)
    detect(cleaned[:200])  # warm-up: model load
    start = time.perf_counter()
    detect(cleaned)
    return len(cleaned) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data")
    parser.add_argument("--speed-posts", type=int, default=20000)
    args = parser.parse_args()

    tweeteval = load_tweeteval(args.data, 3000)
    samples = {
        "x-archive (de/en)": load_x_archive(args.data),
        "x-api-v2": load_x_api(args.data),
        "bluesky": load_bluesky(args.data),
        "tweeteval (en)": [(text, "en") for text in tweeteval],
    }
    speed_texts = load_tweeteval(args.data, args.speed_posts, seed=1)
    labels = Counter(language.canonical_code(lang) for pairs in samples.values() for _, lang in pairs)
    print("labels:", dict(labels.most_common(12)))

    columns = list(samples)
    header = "| detector | " + " | ".join(f"{c} acc" for c in columns) + " | all acc | und share | posts/s |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for name, detect in detectors().items():
        total_right = total_n = 0
        cells, und_total = [], 0.0
        for column in columns:
            acc, und, n = accuracy(detect, samples[column])
            cells.append(f"{acc:.3f} (n={n})")
            total_right += acc * n
            total_n += n
            und_total += und * n
        rate = speed(detect, speed_texts)
        print(
            f"| {name} | "
            + " | ".join(cells)
            + f" | {total_right / total_n:.3f} | {und_total / total_n:.3f} | {rate:,.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
