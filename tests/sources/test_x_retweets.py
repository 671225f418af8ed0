"""Retweets that carry no ``retweeted_status`` / ``referenced_tweets`` (archives, old or flattened data).

Their text is the original author's (``RT @bob: ...``); unless the reader sets
``repost_of``, the build keeps them under the retweeter's name. Each test plants
a canary in such a retweet and checks the built corpus holds it nowhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from townsquare.corpus.build import build
from townsquare.post import POST_SCHEMA
from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, SourceStats
from townsquare.sources.x_api import unseen_original

NORMAL = "A normal public post about the weather in town today, sunny and warm"


def _archive_tweet(tid: str, text: str, **extra) -> dict:
    tweet = {
        "id_str": tid,
        "id": tid,
        "full_text": text,
        "lang": "en",
        "retweeted": False,
        "created_at": "Fri Mar 06 13:02:05 +0000 2026",
        "favorite_count": "0",
        "retweet_count": "0",
        "entities": {"hashtags": [], "urls": [], "user_mentions": []},
        "edit_info": {"initial": {"editTweetIds": [tid]}},
    }
    tweet.update(extra)
    return {"tweet": tweet}


def _mention(handle: str, uid: str, start: int) -> dict:
    return {
        "name": handle,
        "screen_name": handle,
        "indices": [str(start), str(start + len(handle) + 1)],
        "id_str": uid,
        "id": uid,
    }


def _archive(root: Path, *tweets: dict) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "data" / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps(list(tweets), indent=2))
    (root / "data" / "account.js").write_text(
        'window.YTD.account.part0 = [{"account": {"accountId": "42", "username": "owner"}}]'
    )
    return root


def _rows(path: Path, fmt: str) -> list[dict]:
    stats, quarantine = SourceStats(str(path), fmt), Quarantine()
    batches = list(read_file(path, fmt=fmt, stats=stats, quarantine=quarantine))
    assert stats.reconciles and stats.quarantined == 0, (stats, quarantine.records)
    return pa.Table.from_batches(batches, schema=POST_SCHEMA).to_pylist()


def _all_text(corpus: Path) -> str:
    chunks = []
    for path in corpus.rglob("*"):
        if path.suffix == ".parquet":
            chunks.append(json.dumps(pq.read_table(path).to_pylist(), default=str))
        elif path.is_file() and path.suffix != ".png":
            chunks.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(chunks)


def _rejects(corpus: Path) -> dict[str, dict]:
    table = pa.concat_tables([pq.read_table(p) for p in sorted((corpus / "rejects").glob("part-*.parquet"))])
    return {row["id"]: row for row in table.to_pylist()}


def _kept(corpus: Path) -> list[str]:
    return (
        pa.concat_tables([pq.read_table(p) for p in sorted((corpus / "posts").glob("part-*.parquet"))])
        .column("id")
        .to_pylist()
    )


# --------------------------------------------------------------------------- X archive


def test_archive_retweet_without_an_original_id_is_dropped_with_its_text(tmp_path):
    canary = "CANARYARCHIVERT41"
    archive = _archive(
        tmp_path / "archive",
        _archive_tweet(
            "2001",
            f"RT @bob: Bob's own words {canary} about the harbour festival plans",
            entities={"user_mentions": [_mention("bob", "77", 3)]},
        ),
        _archive_tweet("2002", NORMAL),
    )
    out = tmp_path / "corpus"
    summary = build([archive], out)
    assert summary.reconciles and _kept(out) == ["2002"]
    reject = _rejects(out)["2001"]
    assert (reject["stage"], reject["reason"], reject["text"]) == ("reposts", "repost_original_unseen", None)
    assert canary not in _all_text(out)


def test_archive_retweet_takes_the_original_id_from_its_media(tmp_path):
    """Media copied from the retweeted tweet name it (``source_status_id_str``), as in the real sample."""
    media = [
        {
            "type": "photo",
            "media_url_https": "https://pbs.twimg.com/media/a.jpg",
            "id_str": "9",
            "source_status_id_str": "3001",
            "source_user_id_str": "77",
        }
    ]
    archive = _archive(
        tmp_path / "archive",
        _archive_tweet(
            "3002",
            "RT @bob: look at this https://t.co/x",
            entities={"user_mentions": [_mention("bob", "77", 3)], "media": media},
        ),
        # media reused from a third account is not the retweeted tweet
        _archive_tweet(
            "3003",
            "RT @bob: and this https://t.co/y",
            entities={
                "user_mentions": [_mention("bob", "77", 3)],
                "media": [dict(media[0], source_status_id_str="5", source_user_id_str="88")],
            },
        ),
        _archive_tweet("3004", "RT @carol: with a status", retweeted_status={"id_str": "3000"}),
        _archive_tweet("3005", "not a retweet: RT @bob: quoted by hand in the middle"),
    )
    by_id = {row["id"]: row["repost_of"] for row in _rows(archive, "x-archive")}
    assert by_id == {"3002": "3001", "3003": unseen_original("3003"), "3004": "3000", "3005": None}


def test_unseen_original_never_looks_like_an_x_id():
    assert not unseen_original("2001").isdigit() and unseen_original("2001") == unseen_original("2001")


# --------------------------------------------------------------------------- X API v2


def test_api_retweet_without_referenced_tweets_is_dropped_with_its_text(tmp_path):
    canary = "CANARYAPIRT42"
    flat = [
        {
            "id": "4001",
            "text": f"RT @bob: Bob's own words {canary} about the harbour festival plans",
            "author_id": "10",
            "created_at": "2025-03-02T10:00:00.000Z",
            "lang": "en",
            "author": {"id": "10", "username": "alice"},
        },
        {
            "id": "4002",
            "text": NORMAL,
            "author_id": "10",
            "created_at": "2025-03-02T10:00:00.000Z",
            "lang": "en",
            "author": {"id": "10", "username": "alice"},
        },
    ]
    path = tmp_path / "flat.jsonl"
    path.write_text("".join(json.dumps(tweet) + "\n" for tweet in flat))
    # an empty author object sends the same tweet down the generic (untyped) path
    page = tmp_path / "page.jsonl"
    page.write_text(json.dumps({"data": [dict(flat[0], id="4003", author={})]}) + "\n")
    assert [row["repost_of"] for row in _rows(page, "x-api-v2")] == [unseen_original("4003")]

    out = tmp_path / "corpus"
    summary = build([path], out)
    assert summary.reconciles and _kept(out) == ["4002"]
    reject = _rejects(out)["4001"]
    assert (reject["reason"], reject["text"]) == ("repost_original_unseen", None)
    assert canary not in _all_text(out)


@pytest.mark.shared_data
def test_shared_archive_retweets_all_name_an_original(shared_data):
    """milahu104: 239 retweets (`grep -c '"full_text" : "RT @'`), none with `retweeted_status`;
    9 carry media whose source is the retweeted author's tweet (checked with json.loads by hand)."""
    rows = _rows(shared_data / "x-archive" / "milahu104", "x-archive")
    retweets = [row for row in rows if row["text"].startswith("RT @")]
    assert len(retweets) == 239 and all(row["repost_of"] for row in retweets)
    assert sum(row["repost_of"].isdigit() for row in retweets) == 9
    assert not any(row["repost_of"] for row in rows if not row["text"].startswith("RT @"))
