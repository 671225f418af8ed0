"""A Bluesky post read from Jetstream has only its author's DID; the identity events of the same input name the
account's handle, and the corpus signs the post with it, so ``from:lark.bsky.social`` finds it (review 8:
R8-19: answers showed "@did:plc:aaa111" and from: by handle found nothing)."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from townsquare.corpus.build import build


def _jetstream_post(did: str, rkey: str, text: str) -> str:
    record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2025-03-04T10:00:00.000Z", "langs": ["en"]}
    commit = {"rev": "a", "operation": "create", "collection": "app.bsky.feed.post", "rkey": rkey, "cid": "bafy"}
    return (
        json.dumps({"did": did, "time_us": 1740000000000000, "kind": "commit", "commit": {**commit, "record": record}})
        + "\n"
    )


def _identity(did: str, handle: str, time_us: int) -> str:
    return json.dumps({"did": did, "time_us": time_us, "kind": "identity", "identity": {"did": did, "handle": handle}})


def test_a_jetstream_post_is_signed_with_the_handle_its_identity_event_gives(tmp_path):
    lark, quiet = "did:plc:aaa111", "did:plc:bbb222"
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        _jetstream_post(lark, "3kaaaaaaaaa2a", "The skate park cost was worth every cent")
        + _jetstream_post(quiet, "3kaaaaaaaaa3a", "No identity event names this account")
    )
    identity = tmp_path / "identity.jsonl"  # in another file, after the posts; the newest handle wins
    identity.write_text(
        "\n".join(
            [
                _identity(lark, "old-lark.bsky.social", 1740000000000001),
                _identity(lark, "Lark.bsky.social", 1740000000000002),
                _identity(quiet, "someone@example.org", 1740000000000003),  # no handle: an e-mail stays out
            ]
        )
        + "\n"
    )
    out = tmp_path / "corpus"
    assert build([posts, identity], out).reconciles
    rows = pq.read_table(out / "posts", columns=["author_id", "author_handle"]).to_pylist()
    # was None for both: Jetstream carries no handles
    assert sorted((r["author_id"], r["author_handle"]) for r in rows) == [(lark, "lark.bsky.social"), (quiet, None)]


def test_from_finds_a_bluesky_author_by_handle_and_by_did(tmp_path):
    pytest.importorskip("tantivy")
    from townsquare.index import Searcher, build_index

    did = "did:plc:aaa111"
    posts = tmp_path / "posts.jsonl"
    posts.write_text(_jetstream_post(did, "3kaaaaaaaaa2a", "The skate park cost was worth every cent"))
    (tmp_path / "identity.jsonl").write_text(_identity(did, "lark.bsky.social", 1740000000000001) + "\n")
    build([posts, tmp_path / "identity.jsonl"], tmp_path / "corpus")
    build_index(tmp_path / "corpus", tmp_path / "index")
    searcher = Searcher(tmp_path / "index")
    for query in ("from:lark.bsky.social", f"from:{did}"):
        assert [p["author_handle"] for p in searcher.search(query, mode="keyword").posts] == ["lark.bsky.social"], query
