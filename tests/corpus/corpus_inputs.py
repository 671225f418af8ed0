"""Small, deterministic build inputs for the corpus tests (Post Parquet and X API v2 JSONL files)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from townsquare.post import batch_from_rows, write_parquet

T0 = datetime(2024, 3, 1, tzinfo=UTC)
CANARY = "CANARY-zq7XJ2-private"  # planted in non-public posts: must appear nowhere in a corpus

_SUBJECTS = [
    "the bus",
    "my neighbour",
    "the new bakery",
    "our team",
    "the city council",
    "the library",
    "this weather",
    "the morning train",
    "my garden",
    "the football match",
    "the farmers market",
    "the museum",
    "our local cafe",
    "the concert last night",
    "the bike lane",
    "the river walk",
]
_VERBS = ["was surprisingly", "is getting", "looked", "felt", "has been", "seems", "was honestly", "is always"]
_ADJ = [
    "wonderful",
    "crowded",
    "late again",
    "delightful",
    "noisy",
    "peaceful",
    "amazing",
    "too expensive",
    "really fun",
    "quiet today",
    "full of people",
    "better than expected",
    "a bit chaotic",
    "lovely",
]
_TAIL = [
    "Anyone else noticed?",
    "Highly recommend it.",
    "Not sure what to think.",
    "Going back next week.",
    "What a day.",
    "Could not believe it.",
    "Made my morning.",
    "Will report back later.",
]


def sentence(rng: random.Random) -> str:
    """A plausible short English post."""
    return (
        f"{rng.choice(_SUBJECTS).capitalize()} {rng.choice(_VERBS)} {rng.choice(_ADJ)} "
        f"{rng.choice(['today', 'this week', 'again', 'this morning', 'tonight'])}. {rng.choice(_TAIL)} "
        f"{rng.randint(1, 10_000)}"
    )


def post(pid: str, text: str, minutes: int, **extra) -> dict:
    row = {
        "id": pid,
        "platform": "x",
        "author_id": f"u{int(pid.split('-')[-1]) % 50}",
        "author_handle": f"user{int(pid.split('-')[-1]) % 50}",
        "text": text,
        "created_at": T0 + timedelta(minutes=minutes),
        "visibility": "public",
        "deleted": False,
        "uri": f"https://x.com/i/status/{pid}",
    }
    row.update(extra)
    return row


def write_shard(path: Path, rows: list[dict]) -> Path:
    write_parquet([batch_from_rows(rows)], path)
    return path


def random_shards(folder: Path, shards: int, per_shard: int, seed: int = 0) -> list[Path]:
    """``shards`` Parquet files of public posts with unique texts (plus nothing else)."""
    rng = random.Random(seed)
    paths = []
    for s in range(shards):
        rows = [post(f"p{s}-{i}", sentence(rng), s * per_shard + i) for i in range(per_shard)]
        paths.append(write_shard(folder / f"shard{s:02d}.parquet", rows))
    return paths


def parts_table(folder: Path) -> pa.Table:
    """Every ``part-*.parquet`` in a corpus folder (``posts`` or ``rejects``), in order."""
    return pa.concat_tables([pq.read_table(p) for p in sorted(folder.glob("part-*.parquet"))])


def reject_reasons(corpus: Path) -> dict[str, tuple[str, str, str | None]]:
    """id -> (stage, reason, detail) for every reject row of a built corpus."""
    return {r["id"]: (r["stage"], r["reason"], r["detail"]) for r in parts_table(corpus / "rejects").to_pylist()}


def all_text(corpus: Path) -> str:
    """Every string in the corpus folder: Parquet decoded row by row, other files as text."""
    chunks = []
    for path in corpus.rglob("*"):
        if not path.is_file() or path.suffix == ".png":
            continue
        if path.suffix == ".parquet":
            chunks.append(json.dumps(pq.read_table(path).to_pylist(), default=str))
        else:
            chunks.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(chunks)


def scenario(folder: Path) -> dict:
    """Two Parquet shards and an X API v2 compliance file that exercise every global rule.

    Returns the ids the tests check, by role.
    """
    rng = random.Random(7)
    a = [post(f"a-{i}", sentence(rng), 100 + i) for i in range(40)]
    b = [post(f"b-{i}", sentence(rng), 200 + i) for i in range(40)]
    original = "Watching the sunrise over the harbour with a hot coffee, best start to a Saturday"
    a.append(post("a-100", original, 50))  # earliest copy: must win
    b.append(post("b-100", original, 60))  # exact copy, later, in another shard
    b.append(post("b-101", original.upper() + "  ", 40 + 1000))  # normalises to the same text
    b.append(post("b-102", original.replace("harbour", "harbor"), 70))  # near copy
    b.append(post("b-103", "RT " + original, 80, repost_of="a-100"))  # repost of a kept post
    a.append(post("a-101", f"secret plans {CANARY} 1", 10, visibility="direct"))
    a.append(post("a-102", f"only friends {CANARY} 2", 11, visibility="followers"))
    a.append(post("a-103", f"locked account {CANARY} 3", 12, visibility="protected"))
    a.append(post("a-104", f"I regret this {CANARY} 4", 13, deleted=True))
    a.append(post("a-105", f"deleted elsewhere {CANARY} 5 " + sentence(rng), 14))  # tombstone in compliance.jsonl
    a.append(post("a-106", f"please forget me {CANARY} 6 " + sentence(rng), 15, author_id="optout-author"))
    b.append(
        post("b-104", f"write to me at jane.doe{rng.randint(10, 99)}@example.com about the bake sale on Saturday", 16)
    )
    write_shard(folder / "a.parquet", a)
    write_shard(folder / "b.parquet", b)
    (folder / "tweets_compliance.jsonl").write_text(
        json.dumps(
            {
                "id": "a-105",
                "action": "delete",
                "created_at": "2024-03-02T00:00:00.000Z",
                "redacted_at": "2024-03-02T00:00:00.000Z",
                "reason": "deleted",
            }
        )
        + "\n"
    )
    (folder / "opt_out.txt").write_text("# opted out\nauthor:optout-author\n")
    return {
        "original": "a-100",
        "exact": ["b-100", "b-101"],
        "near": "b-102",
        "repost": "b-103",
        "private": ["a-101", "a-102", "a-103"],
        "deleted": "a-104",
        "tombstoned": "a-105",
        "opted_out": "a-106",
        "pii": "b-104",
    }


def start_build(inputs: list[Path], out: Path) -> subprocess.Popen:
    """``build(inputs, out, workers=2)`` in a child process of its own session (for kill -9 tests)."""
    code = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})\n"
        "from townsquare.corpus.build import build\n"
        f"build({[str(p) for p in inputs]!r}, {str(out)!r}, workers=2)\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
