"""A synthetic "town square" in real export formats, with ground truth.

``generate_sample(out_dir)`` writes a few thousand posts about one small town
(Millbrook: its buses, weather, local election, football club, a phone launch
and food) the way the real tools write them, under ``exports/``:

    x/tweets.jsonl            X API v2 pages as twarc2 writes them
    x/compliance.jsonl        X compliance (deletion) events
    x-archive/data/*.js       an X account archive (tweets, deleted tweets, DMs, account)
    mastodon/statuses.jsonl   Mastodon API statuses, one per line
    mastodon/outbox.json      one account's ActivityPub outbox (Mastodon export)
    bluesky/jetstream.jsonl   Bluesky Jetstream v1 events
    csv/posts.csv             a CSV export (tweet_id,name,text,tweet_created,retweet_count)

and beside ``exports/``:

    opt_out.txt               authors and posts that opted out
    canaries.jsonl            the canary registry (secrets planted in posts)
    pii.jsonl                 every planted PII value with its post id and label
    truth.json, README.md     exact ground-truth counts

Everything is drawn from one ``random.Random(seed)``: the same seed gives the
same bytes. Text comes from templates and word lists shipped as data files in
``words/`` (read by ``words.py``), so no download is needed.

The package: ``world.py`` draws the town (accounts, posts, planted phenomena,
canaries); one writer per export format mirrors its reader in
``townsquare.sources`` (``x_api``, ``x_archive``, ``mastodon``,
``bluesky_jetstream``, ``csv_posts``); ``truth.py`` writes the opt-out list,
``truth.json`` and the README; ``questions.py`` plants the assistant's questions.
Check digits come from ``townsquare.checksums``, the ones the PII detector checks.

Canary secrets are four words from a 16-word vocabulary (``CANARY_VOCAB``),
e.g. "my locker combination is amber kelp onyx maple". Words, not digits,
because a digit string would be caught (or half caught) by phone, card or ID
detectors in the PII stage, and a private canary must disappear because the
post is private, not because it looked like a phone number. The space has
16**4 = 65,536 candidates, small enough for the exposure metric to rank the
true secret against every candidate with a tiny model.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from townsquare import checksums
from townsquare.sample.bluesky_jetstream import write_bluesky
from townsquare.sample.csv_posts import write_csv
from townsquare.sample.mastodon import write_mastodon, write_outbox
from townsquare.sample.questions import plant_assistant_questions
from townsquare.sample.truth import file_of, ground_truth, write_opt_out, write_readme
from townsquare.sample.world import (
    CANARY_ONLY_PII,
    PII_KIND,
    PII_LABELS,
    STREAM_PLATFORM,
    World,
)
from townsquare.sample.x_api import write_x
from townsquare.sample.x_archive import write_archive

__all__ = [
    "CANARY_ONLY_PII",
    "EXPORTS",
    "PII_KIND",
    "PII_LABELS",
    "SampleSummary",
    "generate_sample",
    "iban_ok",
    "luhn_ok",
]


def luhn_ok(number: str) -> bool:
    """True when the digits of ``number`` (spaces and dashes allowed) pass the Luhn check."""
    return checksums.luhn_ok("".join(ch for ch in number if ch.isdigit()))


def iban_ok(iban: str) -> bool:
    """True when an IBAN (spaces allowed) has its country's length and passes the ISO 13616 mod-97 check."""
    return checksums.iban_ok(iban.replace(" ", ""))


@dataclass
class SampleSummary:
    """What ``generate_sample`` wrote."""

    out_dir: Path
    posts: int
    files: dict[str, int]
    canaries: int
    seconds: float
    truth: dict = field(repr=False, default_factory=dict)


# --------------------------------------------------------------------------- entry point

EXPORTS = "exports"
"""Sub-folder of a sample holding the export files; paths in the registry are relative to it."""


def generate_sample(out_dir: str | Path, n_posts: int = 4000, seed: int = 0) -> SampleSummary:
    """Write a synthetic town square in real export formats, with canaries and ground truth, to ``out_dir``."""
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    world = World(seed, n_posts)
    world.build()
    assistant_truth = plant_assistant_questions(world, seed)
    files: dict[str, int] = {}
    # Exports live in their own folder so `townsquare build DIR/exports` reads posts only, never
    # the opt-out list, canary registry or ground truth written beside them.
    exports = out / EXPORTS
    files.update(write_x(world, exports / "x"))
    files.update(write_archive(world, exports / "x-archive"))
    files.update(write_mastodon(world, exports / "mastodon"))
    files.update(write_outbox(world, exports / "mastodon"))
    files.update(write_bluesky(world, exports / "bluesky"))
    files.update(write_csv(world, exports / "csv"))
    write_opt_out(world, out / "opt_out.txt")
    with open(out / "canaries.jsonl", "w", encoding="utf-8") as fh:
        for entry in world.canaries:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    with open(out / "pii.jsonl", "w", encoding="utf-8") as fh:
        for draft, label, value in world.pii:
            item = {
                "post_id": draft.id,
                "platform": STREAM_PLATFORM[draft.stream],
                "file": file_of(draft),
                "label": label,
                "value": value,
            }
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    truth = ground_truth(world, files)
    truth = {"seed": seed, "n_posts_requested": n_posts, **truth, "assistant": assistant_truth}
    (out / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n", "utf-8")
    write_readme(world, out / "README.md", truth, files, seed)
    return SampleSummary(
        out_dir=out,
        posts=truth["total"]["posts"],
        files=files,
        canaries=len(world.canaries),
        seconds=time.perf_counter() - started,
        truth=truth,
    )
