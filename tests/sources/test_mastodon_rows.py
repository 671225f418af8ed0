"""Mastodon: a status the Post schema cannot hold is quarantined with its line."""

from __future__ import annotations

import json

from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, SourceStats


def _status(sid: str, **extra) -> dict:
    status = {
        "id": sid,
        "created_at": "2025-03-03T10:00:00.000Z",
        "visibility": "public",
        "language": "en",
        "url": f"https://town.example/@ann/{sid}",
        "content": f"<p>post {sid}</p>",
        "account": {"id": "1", "username": "ann", "acct": "ann"},
    }
    status.update(extra)
    return status


def test_schema_quarantine_carries_the_line(tmp_path):
    statuses = [_status("1"), _status("2", url=7), _status("3", language=5), _status("4")]
    path = tmp_path / "statuses.jsonl"
    path.write_text("".join(json.dumps(status) + "\n" for status in statuses))
    stats, quarantine = SourceStats(str(path), "mastodon"), Quarantine()
    ids = [
        i
        for batch in read_file(path, fmt="mastodon", stats=stats, quarantine=quarantine)
        for i in batch.column("id").to_pylist()
    ]
    assert ids == ["1", "4"] and stats.reconciles
    assert [(r.line, r.cause) for r in quarantine.records] == [
        (2, "post 2: uri is an int, not a string"),
        (3, "post 3: lang is an int, not a string"),
    ]
