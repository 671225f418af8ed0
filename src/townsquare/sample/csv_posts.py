"""Writes a CSV export (``csv/posts.csv``); the reader is ``townsquare.sources.csv_posts``."""

from __future__ import annotations

import csv
from pathlib import Path

from townsquare.sample.world import World

# --------------------------------------------------------------------------- writers: CSV and opt-out


def write_csv(world: World, out: Path) -> dict:
    """posts.csv with the columns of the well-known airline-tweets export (a subset)."""
    out.mkdir(parents=True, exist_ok=True)
    drafts = sorted(world.drafts["csv"], key=lambda d: d.created, reverse=True)
    with open(out / "posts.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["tweet_id", "name", "text", "tweet_created", "retweet_count"])
        for d in drafts:
            text = d.text if d.reply_to is None else f"@{d.reply_to.author.handle} {d.text}"
            writer.writerow(
                [d.id, d.author.handle, text, d.created.strftime("%Y-%m-%d %H:%M:%S +0000"), world.rng.randrange(0, 20)]
            )
    return {"csv/posts.csv": len(drafts)}
