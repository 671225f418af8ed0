"""Reposts carry their original's text: they are kept only as copies of a kept original.

Each test plants a canary in an original that must not be in the corpus and
checks that no file of the built corpus holds it, not even through a repost.
"""

from __future__ import annotations

import json
from pathlib import Path

from corpus_inputs import all_text as _all_text
from corpus_inputs import parts_table as _table
from corpus_inputs import reject_reasons as _reasons

from townsquare.corpus.build import build


def _kept(corpus: Path) -> list[str]:
    return _table(corpus / "posts").column("id").to_pylist()


def _tweet(tid: str, author: str, text: str, **extra) -> dict:
    tweet = {
        "id": tid,
        "author_id": author,
        "text": text,
        "created_at": "2025-03-02T10:00:00.000Z",
        "lang": "en",
        "conversation_id": tid,
        "edit_history_tweet_ids": [tid],
    }
    tweet.update(extra)
    return tweet


USERS = [
    {"id": "10", "username": "pub_alice", "protected": False},
    {"id": "30", "username": "OptOut_Bob", "protected": False},
]


def _pages(path: Path, *tweets: dict) -> Path:
    path.write_text("".join(json.dumps({"data": [t], "includes": {"users": USERS}}) + "\n" for t in tweets))
    return path


def _account(aid: str, name: str) -> dict:
    return {"id": aid, "username": name, "acct": name, "locked": False}


def _status(sid: str, account: dict, html: str, visibility: str = "public", **extra) -> dict:
    status = {
        "id": sid,
        "created_at": "2025-03-03T10:00:00.000Z",
        "visibility": visibility,
        "language": "en",
        "url": f"https://town.example/@{account['username']}/{sid}",
        "content": html,
        "spoiler_text": "",
        "account": account,
        "reblog": None,
        "media_attachments": [],
        "tags": [],
        "mentions": [],
    }
    status.update(extra)
    return status


def test_retweet_of_an_opted_out_author_is_dropped_with_its_text(tmp_path):
    canary = "CANARYOPTOUTRT02"
    original = f"Bob writes {canary} about the harbour festival plans for the weekend"
    tweets = _pages(
        tmp_path / "x.jsonl",
        _tweet("1002", "30", original),
        _tweet("1003", "10", f"RT @OptOut_Bob: {original}", referenced_tweets=[{"type": "retweeted", "id": "1002"}]),
    )
    (tmp_path / "opt_out.txt").write_text("@optout_bob\n")
    out = tmp_path / "corpus"
    summary = build([tweets], out, opt_out=tmp_path / "opt_out.txt")
    assert summary.reconciles and summary.kept == 0
    assert _reasons(out)["1003"] == ("reposts", "repost_of_dropped", "1002")
    assert canary not in _all_text(out)


def test_boosts_of_opted_out_and_private_statuses_are_dropped(tmp_path):
    frank, gina, hank = _account("50", "frank"), _account("51", "gina"), _account("52", "hank")
    statuses = [
        _status("3004", frank, "", reblog=_status("3003", hank, "<p>Hank CANARYMASTOBOOST25 on the garden plans</p>")),
        _status(
            "2002",
            frank,
            "",
            reblog=_status(
                "2001", gina, "<p>followers only CANARYMASTOPRIV16 my new address plans</p>", visibility="private"
            ),
        ),
        _status(
            "2004",
            frank,
            "",
            reblog=_status(
                "2003", gina, "<p>unlisted CANARYMASTOUNL17 about the garden plans</p>", visibility="unlisted"
            ),
        ),
    ]
    path = tmp_path / "statuses.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in statuses))
    (tmp_path / "opt_out.txt").write_text("@hank\n")
    out = tmp_path / "corpus"
    summary = build([path], out, opt_out=tmp_path / "opt_out.txt")
    assert summary.reconciles and summary.kept == 0
    reasons = _reasons(out)
    assert reasons["3003"][1] == "opted_out_author"
    assert reasons["3004"] == ("reposts", "repost_of_dropped", "3003")
    # the boost of a followers-only status is itself followers-only (the stricter audience wins)
    assert reasons["2002"][1] == "private_visibility_followers"
    assert reasons["2004"][1] == "private_visibility_unlisted"
    everything = _all_text(out)
    for canary in ("CANARYMASTOBOOST25", "CANARYMASTOPRIV16", "CANARYMASTOUNL17"):
        assert canary not in everything


def test_public_boosted_original_is_kept_once(tmp_path):
    frank, gina = _account("50", "frank"), _account("51", "gina")
    html = "<p>The community garden opens on Saturday morning, bring gloves and seeds to share</p>"
    path = tmp_path / "statuses.jsonl"
    path.write_text(json.dumps(_status("4002", frank, "", reblog=_status("4001", gina, html))) + "\n")
    out = tmp_path / "corpus"
    summary = build([path], out)
    assert summary.reconciles
    assert _kept(out) == ["4001"]
    assert _reasons(out)["4002"] == ("dedup", "dedup_repost", "4001")


def test_repost_of_a_post_not_in_the_input_is_dropped(tmp_path):
    canary = "CANARYUNSEENRT03"
    tweets = _pages(
        tmp_path / "x.jsonl",
        _tweet(
            "6002",
            "10",
            f"RT @someone: thoughts on the stadium deal {canary} are mixed honestly",
            referenced_tweets=[{"type": "retweeted", "id": "6001"}],
        ),
        _tweet("6003", "10", "A normal public post about the weather in town today, sunny and warm"),
    )
    out = tmp_path / "corpus"
    summary = build([tweets], out)
    assert summary.reconciles and _kept(out) == ["6003"]
    assert _reasons(out)["6002"] == ("reposts", "repost_original_unseen", "6001")
    assert canary not in _all_text(out)
    stats = json.loads((out / "stats" / "global.json").read_text())
    assert stats["stages"]["reposts"]["dropped"] == {"repost_original_unseen": 1}
    assert "repost_original_unseen" in (out / "CARD.md").read_text()


def test_a_rejected_repost_of_a_deleted_post_keeps_no_text(tmp_path):
    """The quality stage drops the retweet in phase 1; the original is deleted by a tombstone elsewhere."""
    canary = "CANARYRTDELREJ26"
    spam = f"Free BTC giveaway! Send 0.1 ETH to wallet and get 2x back, airdrop now {canary}"
    tweets = _pages(
        tmp_path / "x.jsonl",
        _tweet("5001", "10", spam),
        _tweet("5002", "10", "RT @pub_alice: " + spam, referenced_tweets=[{"type": "retweeted", "id": "5001"}]),
        _tweet("5003", "10", "A normal public post about the weather in town today, sunny and warm"),
    )
    deletes = tmp_path / "delete.jsonl"
    deletes.write_text(
        json.dumps({"id": "5001", "action": "delete", "created_at": "2025-04-01T00:00:00.000Z", "reason": "deleted"})
        + "\n"
    )
    out = tmp_path / "corpus"
    summary = build([tweets, deletes], out)
    assert summary.reconciles and _kept(out) == ["5003"]
    assert _reasons(out)["5002"][0] == "quality"  # dropped in phase 1, before the deletion was known
    assert canary not in _all_text(out)
