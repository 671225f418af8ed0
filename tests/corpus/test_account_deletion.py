"""A deleted or taken-down Bluesky account takes all its posts with it, wherever they are in the input."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from townsquare.corpus.build import build

DID = "did:plc:canaryacct0000000000001"
OTHER = "did:plc:someoneelse000000000002"


def _post(did: str, rkey: str, text: str, t: int) -> str:
    return (
        json.dumps(
            {
                "did": did,
                "time_us": 1740000000000000 + t,
                "kind": "commit",
                "commit": {
                    "rev": "a",
                    "operation": "create",
                    "collection": "app.bsky.feed.post",
                    "rkey": rkey,
                    "cid": "bafyrei1",
                    "record": {
                        "$type": "app.bsky.feed.post",
                        "text": text,
                        "createdAt": "2025-03-04T10:00:00.000Z",
                        "langs": ["en"],
                    },
                },
            }
        )
        + "\n"
    )


def _account(did: str, active: bool, status: str | None, t: int) -> str:
    account = {"active": active, "did": did, "seq": 1, "time": "2025-03-05T00:00:00.000Z"}
    if status:
        account["status"] = status
    return json.dumps({"did": did, "time_us": 1740000000000000 + t, "kind": "account", "account": account}) + "\n"


@pytest.mark.parametrize("status", ["deleted", "takendown"])
def test_all_posts_of_a_gone_account_are_dropped(tmp_path, status):
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        _post(DID, "3kaaaaaaaaa2a", "Bluesky post CANARYBSKYACCTDEL20 about the farmers market this weekend", 1)
        + _post(
            DID,
            "3kaaaaaaaaa3a",
            "Free BTC giveaway! Send 0.1 ETH to wallet and get 2x back, airdrop now CANARYBSKYSPAM21",
            2,
        )
        + _post(OTHER, "3kaaaaaaaaa4a", "Someone else writes about the farmers market opening this weekend", 3)
    )
    events = tmp_path / "events.jsonl"  # the account event arrives in another file
    events.write_text(_account(DID, False, status, 9) + _account(OTHER, True, None, 10))
    out = tmp_path / "corpus"
    summary = build([posts, events], out)
    assert summary.reconciles
    kept = pa.concat_tables([pq.read_table(p) for p in (out / "posts").glob("*.parquet")]).column("id").to_pylist()
    assert kept == [f"at://{OTHER}/app.bsky.feed.post/3kaaaaaaaaa4a"]
    rejects = {r["id"]: r for p in (out / "rejects").glob("*.parquet") for r in pq.read_table(p).to_pylist()}
    assert rejects[f"at://{DID}/app.bsky.feed.post/3kaaaaaaaaa2a"]["reason"] == "account_deleted"
    everything = json.dumps([pq.read_table(p).to_pylist() for p in out.rglob("*.parquet")], default=str)
    assert "CANARYBSKYACCTDEL20" not in everything
    assert "CANARYBSKYSPAM21" not in everything  # the quality reject's text is scrubbed too
    stats = json.loads((out / "stats" / "global.json").read_text())
    assert stats["stages"]["public_only (global)"]["dropped"] == {"account_deleted": 1}


def test_a_deactivated_account_is_private_until_it_is_active_again(tmp_path):
    """Issue 14 changes this: deactivation is a consent signal (the latest state wins), not a tombstone."""
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        _post(DID, "3kaaaaaaaaa2a", "A post about the farmers market opening this weekend", 1)
        + _account(DID, False, "deactivated", 2)
    )
    summary = build([posts], tmp_path / "corpus")
    assert summary.kept == 0 and summary.reconciles
    back = tmp_path / "back.jsonl"  # the owner comes back later, in another file
    back.write_text(_account(DID, True, None, 3))
    summary = build([back, posts], tmp_path / "corpus2")
    assert summary.kept == 1
