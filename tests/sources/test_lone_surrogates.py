"""A lone UTF-16 surrogate escape (a truncated emoji: valid JSON by RFC 8259's grammar) costs its own post only,
not the page or document around it (review 9 R9-12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, SourceStats

BROKEN = "X surrogate \\udfff text"  # written as the escape, as a JSON encoder that does not check writes it


def _tweet(tweet_id: str, text: str) -> str:
    return (
        f'{{"id": "{tweet_id}", "text": "{text}", "author_id": "2001", '
        '"created_at": "2026-12-03T08:00:00.000Z", "edit_history_tweet_ids": ["' + tweet_id + '"]}'
    )


def _page(*tweets: str) -> str:
    users = json.dumps({"users": [{"id": "2001", "username": "pub_bob", "name": "Bob"}]})
    return f'{{"data": [{", ".join(tweets)}], "includes": {users}}}'


def _read(path: Path, fmt: str | None = None) -> tuple[list[str], SourceStats, Quarantine]:
    stats, quarantine = SourceStats(str(path), "?"), Quarantine()
    ids = [i for b in read_file(path, fmt=fmt, stats=stats, quarantine=quarantine) for i in b.column("id").to_pylist()]
    return ids, stats, quarantine


@pytest.mark.parametrize("layout", ["document", "pretty", "jsonl"])
def test_one_tweet_with_a_lone_surrogate_costs_that_tweet_only(tmp_path, layout):
    page = _page(
        _tweet("1900000000000000001", BROKEN),
        _tweet("1900000000000000002", "X fine post about the ferry"),
        _tweet("1900000000000000003", "Another fine post about the bus"),
    )
    path = tmp_path / ("x.jsonl" if layout == "jsonl" else "x.json")
    if layout == "pretty":
        page = json.dumps(json.loads(page), indent=1)  # the stdlib writes the surrogate back as its escape
    path.write_text(page + "\n", encoding="utf-8")
    ids, stats, quarantine = _read(path)
    assert ids == ["1900000000000000002", "1900000000000000003"]
    assert stats.read == 3 and quarantine.count == 1
    assert "1900000000000000001" in quarantine.records[0].cause


def test_a_mastodon_json_document_with_a_lone_surrogate_loses_that_status_only(tmp_path):
    def status(status_id: str, text: str) -> str:
        return (
            f'{{"id": "{status_id}", "created_at": "2026-12-02T10:00:00.000Z", "visibility": "public", '
            f'"content": "<p>{text}</p>", "account": {{"id": "7", "username": "gus", "acct": "gus"}}}}'
        )

    path = tmp_path / "statuses.json"
    path.write_text(f"[{status('1', BROKEN)}, {status('2', 'A fine public post about the ferry')}]", encoding="utf-8")
    ids, stats, quarantine = _read(path, "mastodon")
    assert ids == ["2"] and stats.read == 2 and quarantine.count == 1
