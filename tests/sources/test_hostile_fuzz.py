"""Issue 16: hypothesis builds hostile structures for every reader; nothing escapes, counts reconcile,
time and memory stay bounded.

``slow``: 2,000 examples per reader (``TOWNSQUARE_FUZZ_EXAMPLES`` changes it). The
structures are what the adversarial review used, generated: nesting far past
any decoder's stack, long lines, MST graphs with cycles and shared subtrees,
CAR frames that claim any CID, zip members with any flags and compression
methods, truncations, and valid posts around all of it.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townsquare.errors import TownsquareError
from townsquare.limits import parse_limits
from townsquare.post import POST_SCHEMA
from townsquare.sources import check_file, read_file
from townsquare.sources.base import Quarantine, SourceStats

sys.path.insert(0, str(Path(__file__).parent))
import hostile_files as hostile  # noqa: E402

EXAMPLES = int(os.environ.get("TOWNSQUARE_FUZZ_EXAMPLES", "2000"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
SECONDS_PER_FILE = 10.0  # a hang detector, not a speed claim: bench/hostile_inputs.py measures
GROWTH_LIMIT_MB = 200  # peak RSS of reading one hostile file over what the test process held before it
# small limits, so that generated files reach them without being large
LIMITS = parse_limits(
    [
        "max_element_bytes=64K",
        "max_member_bytes=256K",
        "max_archive_bytes=512K",
        "max_document_bytes=256K",
        "max_mst_depth=16",
        "max_car_nodes=200",
    ]
)

KEYS = [
    "id",
    "id_str",
    "text",
    "full_text",
    "created_at",
    "tweet",
    "data",
    "includes",
    "visibility",
    "content",
    "account",
    "reblog",
    "did",
    "commit",
    "record",
    "collection",
    "operation",
    "rkey",
    "kind",
    "createdAt",
    "embed",
    "$type",
    "type",
    "object",
    "orderedItems",
    "to",
    "cc",
    "actor",
    "edit_info",
    "entities",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.sampled_from(
        [
            "public",
            "private",
            "direct",
            "create",
            "commit",
            "app.bsky.feed.post",
            "Create",
            "Note",
            "Delete",
            "app.bsky.embed.recordWithMedia",
            "2026-03-06T13:02:05Z",
            "Fri Mar 06 13:02:05 +0000 2026",
            "",
        ]
    )
    | st.text(max_size=12)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), inner, max_size=5)
    ),
    max_leaves=25,
)


@st.composite
def hostile_json_text(draw) -> str:
    """A JSON value, or one wrapped in nesting deeper than any decoder holds, or a broken one."""
    value = json.dumps(draw(JSON))
    kind = draw(st.sampled_from(["plain", "deep", "deep-object", "long", "truncated"]))
    depth = draw(st.sampled_from([50, 101, 1_025, 5_000, 60_000]))
    if kind == "deep":
        return "[" * depth + value + "]" * depth
    if kind == "deep-object":
        return '{"a":' * depth + value + "}" * depth
    if kind == "long":
        return json.dumps({"text": "x" * draw(st.sampled_from([1_000, 70_000]))})
    if kind == "truncated":
        return value[: draw(st.integers(0, max(0, len(value) - 1)))]
    return value


GOOD_TWEET = json.dumps(hostile.tweet("7"))
GOOD_LINE = json.dumps({"id": "7", "text": "a good post", "author_id": "1", "created_at": "2026-03-06T13:02:05Z"})


@st.composite
def archive_bytes(draw) -> tuple[str, bytes]:
    elements = draw(st.lists(hostile_json_text(), max_size=4))
    text = hostile.tweets_js([GOOD_TWEET, *elements, GOOD_TWEET.replace('"7"', '"8"')])
    data = text.encode()
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if not draw(st.booleans()):
        return "tweets.js", data
    # inside a zip: any compression, any flag bits, any method number in the headers
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
    with tempfile.TemporaryDirectory() as tmp:
        path = hostile.archive_zip(
            Path(tmp) / "a.zip", {"data/tweets.js": data, "data/account.js": b"window.YTD.account.part0 = []"}, method
        )
        raw = bytearray(path.read_bytes())
    if draw(st.booleans()):
        offset = raw.find(b"PK\x01\x02")
        if offset >= 0:
            struct.pack_into("<H", raw, offset + 8, draw(st.integers(0, 0xFFFF)))  # flags
            struct.pack_into("<H", raw, offset + 10, draw(st.sampled_from([0, 8, 9, 12, 14, 99, 0xFFFF])))
    if draw(st.booleans()):  # a zip bomb's worth of spaces before the last tweet
        with tempfile.TemporaryDirectory() as tmp:
            raw = bytearray(
                hostile.zip_bomb(Path(tmp) / "b.zip", spaces=draw(st.sampled_from([1 << 20, 4 << 20]))).read_bytes()
            )
    return "archive.zip", bytes(raw)


@st.composite
def car_bytes(draw) -> tuple[str, bytes]:
    """A repository whose MST is any graph over a few nodes (cycles, shared subtrees, dangling links)."""
    post = hostile.cbor({"$type": "app.bsky.feed.post", "text": "fuzzed", "createdAt": "2026-03-06T13:02:05Z"})
    n = draw(st.integers(1, 8))
    claimed = [hostile.cid(f"node {i}".encode()) for i in range(n + 1)]  # node n is never written: dangling
    link = st.none() | st.integers(0, n).map(lambda i: claimed[i])
    blocks = []
    for i in range(n):
        entries = [
            {
                "p": draw(st.integers(0, 30)),
                "k": f"app.bsky.feed.post/3k{i}{j}".encode(),
                "v": hostile.cid(post),
                "t": draw(link),
            }
            for j in range(draw(st.integers(0, 3)))
        ]
        blocks.append((claimed[i], hostile.cbor({"l": draw(link), "e": entries})))
    deep = draw(st.sampled_from([0, 10, 2_000, 50_000]))
    if deep:
        blocks.append((hostile.cid(b"deep"), b"\x81" * deep + b"\xf6"))
    commit = hostile.cbor(
        {"did": "did:plc:fuzz", "data": claimed[0], "version": 3, "rev": "1", "prev": None, "sig": b"s"}
    )
    header = hostile.cbor({"roots": [hostile.cid(commit)], "version": 1})
    data = bytearray(hostile._varint(len(header)) + header)
    for cid, block in [(hostile.cid(commit), commit), *blocks, (hostile.cid(post), post)]:
        data += hostile._varint(len(cid) + len(block)) + cid + block
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return "repo.car", bytes(data)


@st.composite
def json_lines(draw) -> tuple[str, bytes]:
    lines = [GOOD_LINE, *draw(st.lists(hostile_json_text(), max_size=5)), GOOD_LINE.replace('"7"', '"8"')]
    if draw(st.booleans()):  # one pretty-printed document instead of lines
        return "posts.json", ("[\n" + ",\n".join(lines) + "\n]\n").encode()
    return "posts.jsonl", "\n".join(lines).encode()


@st.composite
def csv_bytes(draw) -> tuple[str, bytes]:
    cells = st.text(max_size=30) | st.sampled_from(['"', '""', "\n", "\r", ",", "\x00", "x" * 70_000])
    rows = draw(st.lists(st.lists(cells, min_size=1, max_size=5), max_size=6))
    body = "\n".join(",".join(row) for row in rows)
    return "posts.csv", ("id,text,created_at,visibility\n1,a good post,2026-03-06T13:02:05Z,public\n" + body).encode(
        "utf-8", "surrogatepass"
    )


@st.composite
def text_bytes(draw) -> tuple[str, bytes]:
    return "posts.txt", draw(st.binary(max_size=512)) + b"\n" + b"x" * draw(st.sampled_from([0, 70_000]))


@st.composite
def parquet_bytes(draw) -> tuple[str, bytes]:
    import io

    import pyarrow.parquet as pq

    from townsquare.post import batch_from_rows

    buffer = io.BytesIO()
    pq.write_table(
        __import__("pyarrow").Table.from_batches(
            [batch_from_rows([dict(id="1", platform="x", text="a good post", visibility="public", deleted=False)])]
        ),
        buffer,
    )
    data = buffer.getvalue()
    at = draw(st.integers(0, len(data)))
    return "posts.parquet", data[:at] + draw(st.binary(max_size=32)) + data[at + draw(st.integers(0, 16)) :]


READERS = {
    "x-archive": archive_bytes(),
    "bluesky-car": car_bytes(),
    "x-api-v2": json_lines(),
    "mastodon": json_lines(),
    "mastodon-outbox": json_lines(),
    "bluesky-jetstream": json_lines(),
    "csv": csv_bytes(),
    "text": text_bytes(),
    "parquet": parquet_bytes(),
}


def check(fmt: str, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        stats, quarantine = SourceStats(str(path), fmt), Quarantine()
        started = time.monotonic()
        try:  # what a named file is checked with before a run writes anything: one line, or nothing
            check_file(path, fmt, limits=LIMITS)
        except TownsquareError as exc:
            assert "\n" not in str(exc)
        rows = 0
        try:
            for batch in read_file(path, fmt, quarantine, stats=stats, limits=LIMITS):
                assert batch.schema.equals(POST_SCHEMA)
                rows += batch.num_rows
        except TownsquareError as exc:  # a whole file refused (a CSV without a text column): one line
            assert "\n" not in str(exc)
            return
        finally:
            assert time.monotonic() - started < SECONDS_PER_FILE, f"{fmt}: {name} took too long"
        assert rows == stats.posts and stats.reconciles, stats
        assert stats.read == rows + quarantine.count


def _status_mb(field: str) -> float | None:
    """``VmRSS`` / ``VmHWM`` of this process in MB (Linux), else None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Reset this process's peak RSS (VmHWM) so it measures only what follows (Linux 4.0+)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(READERS))
def test_hostile_structures_never_escape_and_stay_bounded(fmt):
    growth: list[tuple[float, str]] = []  # per file after the first: peak RSS over what the process held before it

    @FUZZ
    @given(case=READERS[fmt])
    def run(case):
        before = _status_mb("VmRSS")
        measured = before is not None and _reset_peak()
        check(fmt, *case)
        if measured:
            growth.append((_status_mb("VmHWM") - before, case[0]))

    run()
    # Each file is measured on its own: over the whole run, Hypothesis's own bookkeeping and the first
    # file's imports (pyarrow kernels, the reader's modules) grew the total by ~200 MB on a fresh
    # process whatever the reader did, and less inside the full suite, where they were already loaded.
    worst = max(growth[1:], default=None)
    if worst is not None:
        assert worst[0] < GROWTH_LIMIT_MB, f"peak RSS grew by {worst[0]:.0f} MB reading hostile {fmt} file {worst[1]}"


def test_each_strategy_reaches_its_reader():
    """A few examples each on every run: the strategies are valid files of their format."""
    for fmt, strategy in READERS.items():

        @settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def run(case):
            check(fmt, *case)  # noqa: B023 (run() is called at once, inside this iteration)

        run()
