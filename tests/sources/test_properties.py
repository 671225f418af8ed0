"""Property tests: no reader crashes on arbitrary bytes or JSON, and counts always reconcile."""

from __future__ import annotations

import importlib
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townsquare.errors import TownsquareError
from townsquare.post import POST_SCHEMA
from townsquare.sources import FORMATS, read_file
from townsquare.sources.base import Quarantine, SourceStats


def _available() -> list[str]:
    out = []
    for fmt, module in FORMATS.items():
        try:
            importlib.import_module(module)
        except ImportError:  # a reader another part has not written yet
            continue
        out.append(fmt)
    return out


AVAILABLE = _available()
FILE_NAMES = {
    "x-archive": "tweets.js",
    "bluesky-car": "repo.car",
    "parquet": "posts.parquet",
    "csv": "posts.csv",
    "text": "posts.txt",
    "mastodon-outbox": "outbox.json",
}
# keys the readers look at, so generated objects reach past the first checks
KEYS = [
    "id",
    "visibility",
    "account",
    "content",
    "acct",
    "reblog",
    "quote",
    "in_reply_to_id",
    "created_at",
    "kind",
    "did",
    "time_us",
    "commit",
    "collection",
    "operation",
    "rkey",
    "record",
    "text",
    "createdAt",
    "reply",
    "embed",
    "facets",
    "type",
    "object",
    "orderedItems",
    "to",
    "cc",
    "actor",
    "data",
    "includes",
    "author_id",
    "tweet",
    "full_text",
    "ancestors",
    "statuses",
    "$type",
    "uri",
    "url",
    "langs",
    "tags",
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
            "commit",
            "app.bsky.feed.post",
            "create",
            "delete",
            "Create",
            "Note",
            "Announce",
            "2024-01-01T00:00:00Z",
            "at://did:plc:x/app.bsky.feed.post/r",
            "",
        ]
    )
    | st.text(max_size=20)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=6)
    ),
    max_leaves=30,
)
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_reader(fmt: str, data: bytes) -> None:
    """Read ``data`` as ``fmt``: only one-line TownsquareErrors may escape, and counts reconcile."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / FILE_NAMES.get(fmt, "posts.jsonl")
        path.write_bytes(data)
        stats, quarantine = SourceStats(str(path), fmt), Quarantine()
        try:
            rows = 0
            for batch in read_file(path, fmt, quarantine, stats=stats):
                assert batch.schema.equals(POST_SCHEMA)
                rows += batch.num_rows
        except TownsquareError as exc:
            assert "\n" not in str(exc)
            return
        assert rows == stats.posts
        assert stats.read == stats.posts + stats.quarantined, stats


@pytest.mark.parametrize("fmt", AVAILABLE)
@SETTINGS
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes(fmt, data):
    check_reader(fmt, data)


@pytest.mark.parametrize("fmt", AVAILABLE)
@SETTINGS
@given(values=st.lists(JSON, min_size=1, max_size=5), as_lines=st.booleans())
def test_arbitrary_json(fmt, values, as_lines):
    if as_lines:
        data = "\n".join(json.dumps(v) for v in values)
    else:
        data = json.dumps(values if len(values) > 1 else values[0], indent=1)
    check_reader(fmt, data.encode("utf-8"))


def test_all_my_formats_are_covered():
    assert {"mastodon", "mastodon-outbox", "bluesky-jetstream", "bluesky-car", "csv", "text", "parquet"} <= set(
        AVAILABLE
    )


FIXTURES = Path(__file__).resolve().parent.parent / "data"
SAMPLES = {
    "mastodon": "mastodon/statuses.jsonl",
    "mastodon-outbox": "mastodon/outbox.json",
    "bluesky-jetstream": "bluesky/jetstream.jsonl",
    "bluesky-car": "bluesky/repo.car",
    "csv": "csv/airline_sample.csv",
}


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@SETTINGS
@given(cut=st.floats(0, 1), position=st.floats(0, 1), noise=st.binary(max_size=16))
def test_corrupted_real_files(fmt, cut, position, noise):
    """Real fixtures with random bytes spliced in and a random tail cut off still reconcile."""
    data = (FIXTURES / SAMPLES[fmt]).read_bytes()
    at = int(len(data) * position)
    data = data[:at] + noise + data[at:]
    check_reader(fmt, data[: max(1, int(len(data) * cut))] if cut < 0.999 else data)
