"""Mastodon boosts: the boost row never has a wider audience than the status it shows."""

from __future__ import annotations

import json

import pytest

from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, SourceStats


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("public", "public", "public"),
        ("public", "private", "followers"),
        ("public", "direct", "direct"),
        ("public", "unlisted", "unlisted"),
        ("unlisted", "public", "unlisted"),
    ],
)
def test_boost_visibility_is_the_stricter_of_boost_and_original(tmp_path, fixtures, outer, inner, expected):
    original = json.loads((fixtures / "mastodon" / "status.json").read_text())
    original = dict(original, visibility=inner)
    boost = dict(
        original,
        id="999",
        content="",
        spoiler_text="",
        reblog=original,
        visibility=outer,
        account=dict(original["account"], id="77", acct="booster", username="booster"),
    )
    (tmp_path / "boost.json").write_text(json.dumps([boost]))
    stats, quarantine = SourceStats("boost.json", ""), Quarantine()
    rows = {
        row["id"]: row
        for batch in read_file(tmp_path / "boost.json", "mastodon", quarantine, stats=stats)
        for row in batch.to_pylist()
    }
    assert rows["999"]["visibility"] == expected
    # the boosted status is its own row, judged on its own author and visibility
    inner_row = rows[original["id"]]
    assert inner_row["author_handle"] == original["account"]["acct"]
    assert inner_row["visibility"] == {"private": "followers"}.get(inner, inner)
    assert inner_row["repost_of"] is None
