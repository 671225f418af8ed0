"""Rows built by field name: PostRow, row_maker, and consent events carried in a Parquet footer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from townsquare.post import FIELDS, ConsentEvent, PostRow, decode_events, encode_events, row_maker, row_problem


def test_post_row_is_in_schema_order_with_defaults():
    row = PostRow(id="1", platform="x", text="hi")
    assert PostRow._fields == FIELDS
    assert row.visibility == "public" and row.deleted is False and row_problem(row) is None
    assert row._replace(uri="https://x.com/i/status/1").uri == "https://x.com/i/status/1"


def test_row_maker_builds_by_name():
    make = row_maker("text", "id", "like_count", platform="mastodon")
    assert make("hello", "7", 3) == PostRow(id="7", platform="mastodon", text="hello", like_count=3)


@pytest.mark.parametrize(
    "names, constants",
    [
        (("id", "txt"), {"platform": "x"}),
        (("id", "id"), {"platform": "x"}),
        (("id",), {}),
        (("id", "platform"), {"platform": "x"}),
    ],
)
def test_row_maker_refuses_unknown_repeated_or_missing_fields(names, constants):
    with pytest.raises(ValueError):
        row_maker(*names, **constants)


def test_consent_events_round_trip_through_text():
    events = [
        ConsentEvent("x", "user_protect", author_id="16", at=datetime(2025, 4, 1, tzinfo=UTC)),
        ConsentEvent("bluesky", "handle", author_id="did:plc:a", value="alice.bsky.social"),
    ]
    assert decode_events(encode_events(events)) == events
    with pytest.raises(ValueError):
        decode_events('[["x"]]')
