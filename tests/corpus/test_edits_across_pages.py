"""Only the latest version of an edited post is kept, even when an older version is on an earlier page."""

from __future__ import annotations

import json

import pyarrow.parquet as pq

from townsquare.corpus.build import build

USERS = [{"id": "10", "username": "pub_alice", "protected": False}]


def _tweet(tid: str, text: str, history: list[str]) -> dict:
    return {
        "id": tid,
        "author_id": "10",
        "text": text,
        "created_at": "2025-03-02T10:00:00.000Z",
        "lang": "en",
        "conversation_id": tid,
        "edit_history_tweet_ids": history,
    }


def _page(*tweets: dict) -> str:
    return json.dumps({"data": list(tweets), "includes": {"users": USERS}}) + "\n"


def _rejects(out) -> dict:
    return {r["id"]: r for p in (out / "rejects").glob("*.parquet") for r in pq.read_table(p).to_pylist()}


def _build(tmp_path, *files: str):
    paths = []
    for i, content in enumerate(files):
        paths.append(tmp_path / f"x{i}.jsonl")
        paths[-1].write_text(content)
    out = tmp_path / "corpus"
    summary = build(paths, out)
    assert summary.reconciles
    return out


def _everything(out) -> str:
    return json.dumps([pq.read_table(p).to_pylist() for p in out.rglob("*.parquet")], default=str)


def test_an_older_version_on_an_earlier_page_is_dropped(tmp_path):
    out = _build(
        tmp_path,
        _page(_tweet("8001", "Meet me at the cafe, my room key code is CANARYEDITOLD30 for the event", ["8001"]))
        + _page(_tweet("8002", "Meet me at the cafe for the event, see you all there tonight", ["8001", "8002"])),
    )
    kept = pq.read_table(out / "posts").column("id").to_pylist()
    assert kept == ["8002"]
    assert (_rejects(out)["8001"]["reason"], _rejects(out)["8001"]["detail"]) == ("dedup_old_edit", "8002")
    assert "CANARYEDITOLD30" not in _everything(out)


def test_versions_in_different_files_and_a_chain_of_edits(tmp_path):
    out = _build(
        tmp_path,
        _page(_tweet("9001", "First draft of the notice CANARYEDITCHAIN31 about the town fair", ["9001"])),
        _page(_tweet("9002", "Second draft of the notice about the town fair on Saturday morning", ["9001", "9002"]))
        + _page(
            _tweet(
                "9003", "Final notice: the town fair is on Saturday morning, bring the family", ["9001", "9002", "9003"]
            )
        ),
    )
    kept = pq.read_table(out / "posts").column("id").to_pylist()
    assert kept == ["9003"]
    assert {i: r["detail"] for i, r in _rejects(out).items()} == {"9001": "9003", "9002": "9003"}
    assert "CANARYEDITCHAIN31" not in _everything(out)


def test_a_quality_rejected_older_version_keeps_no_text(tmp_path):
    out = _build(
        tmp_path,
        _page(
            _tweet(
                "7001",
                "Free BTC giveaway! Send 0.1 ETH to wallet and get 2x back, airdrop now CANARYEDITSPAM32",
                ["7001"],
            )
        )
        + _page(
            _tweet("7002", "Sorry, my account was hacked earlier today, ignore the last post please", ["7001", "7002"])
        ),
    )
    assert _rejects(out)["7001"]["stage"] == "quality"
    assert "CANARYEDITSPAM32" not in _everything(out)
