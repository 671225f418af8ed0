"""Jetstream account events: a deleted or taken-down account becomes an account tombstone row."""

from __future__ import annotations

import json

from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, SourceStats

DID = "did:plc:canaryacct0000000000001"


def _event(active, status=None, did=DID):
    account = {"active": active, "did": did, "seq": 1, "time": "2025-03-05T00:00:00.000Z"}
    if status is not None:
        account["status"] = status
    return json.dumps({"did": did, "time_us": 1740000000000002, "kind": "account", "account": account})


def test_deleted_and_taken_down_accounts_become_account_tombstones(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text(
        "\n".join(
            [
                _event(False, "deleted"),
                _event(False, "takendown", "did:plc:b"),
                _event(False, "deactivated"),
                _event(True),
            ]
        )
        + "\n"
    )
    stats, quarantine = SourceStats(str(path), ""), Quarantine()
    rows = [r for batch in read_file(path, "bluesky-jetstream", quarantine, stats=stats) for r in batch.to_pylist()]
    assert [(r["id"], r["author_id"], r["deleted"], r["text"]) for r in rows] == [
        (f"at://{DID}", DID, True, None),
        ("at://did:plc:b", "did:plc:b", True, None),
    ]
    assert (stats.read, stats.skipped, stats.quarantined) == (2, 2, 0)
