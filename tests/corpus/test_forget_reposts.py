"""forget follows reposts: forgetting a post forgets every repost of it, on disk and on rebuild."""

from __future__ import annotations

import json

import pyarrow.parquet as pq

from townsquare.corpus.build import build
from townsquare.forget import forget
from townsquare.post import batch_from_rows, write_parquet


def _ids(folder) -> set[str]:
    return set(pq.read_table(folder).column("id").to_pylist())


def _tweet(tid: str, text: str, **extra) -> dict:
    tweet = {
        "id": tid,
        "author_id": "11",
        "text": text,
        "created_at": "2025-03-02T10:00:00.000Z",
        "lang": "en",
        "conversation_id": tid,
        "edit_history_tweet_ids": [tid],
    }
    tweet.update(extra)
    return tweet


def test_forget_removes_the_reposts_the_build_dropped(tmp_path):
    canary = "CANARYRTFORGET27"
    tweets = tmp_path / "x.jsonl"
    users = [{"id": "11", "username": "pub_carol", "protected": False}]
    tweets.write_text(
        "".join(
            json.dumps({"data": [t], "includes": {"users": users}}) + "\n"
            for t in [
                _tweet(
                    "6002",
                    f"RT @pub_alice: My thoughts on the stadium deal {canary} are mixed honestly",
                    referenced_tweets=[{"type": "retweeted", "id": "6001"}],
                ),
                _tweet("6003", "A normal public post about the weather in town today, sunny and warm"),
            ]
        )
    )
    out = tmp_path / "corpus"
    build([tweets], out)
    assert "6002" in _ids(out / "rejects")
    summary = forget(out, ["6001"])
    assert summary.copies == 1 and summary.removed_rejects == 1
    assert "6002" not in _ids(out / "rejects") and _ids(out / "posts") == {"6003"}


def test_forget_removes_kept_reposts_and_the_rebuild_drops_new_ones(tmp_path):
    """A corpus whose posts still hold a repost (built before reposts were never kept)."""
    rows = [
        {
            "id": "r1",
            "platform": "x",
            "author_id": "u1",
            "text": "RT @x: the original CANARYOLDRT41 text",
            "visibility": "public",
            "deleted": False,
            "repost_of": "o1",
        },
        {
            "id": "p2",
            "platform": "x",
            "author_id": "u2",
            "text": "an unrelated public post about the park",
            "visibility": "public",
            "deleted": False,
        },
    ]
    out = tmp_path / "corpus"
    write_parquet([batch_from_rows(rows)], out / "posts" / "part-00000.parquet")
    (out / "manifest.json").write_text(json.dumps({"counts": {"kept": 2, "rejected": 0, "read": 2}}))
    summary = forget(out, ["o1"], near=False)
    assert summary.removed_posts == 1 and _ids(out / "posts") == {"p2"}

    # a rebuild whose input holds another repost of the forgotten post drops it without a trace
    source = tmp_path / "new.parquet"
    write_parquet([batch_from_rows([dict(rows[0], id="r2"), rows[1]])], source)
    rebuilt = build([source], out)
    assert rebuilt.reconciles and rebuilt.forgotten == 1
    assert "r2" not in _ids(out / "posts") | _ids(out / "rejects")


def test_forgetting_a_repost_leaves_its_original(tmp_path):
    rows = [
        {
            "id": "o1",
            "platform": "x",
            "author_id": "u1",
            "text": "the original post about the town fair today",
            "visibility": "public",
            "deleted": False,
        },
        {
            "id": "r1",
            "platform": "x",
            "author_id": "u2",
            "text": "RT @u1: the original post about the town fair today",
            "visibility": "public",
            "deleted": False,
            "repost_of": "o1",
        },
    ]
    source = tmp_path / "in.parquet"
    write_parquet([batch_from_rows(rows)], source)
    out = tmp_path / "corpus"
    build([source], out)
    forget(out, ["r1"], near=False)
    assert _ids(out / "posts") == {"o1"}
