"""The opt-out list's one normaliser: every way people write an account or a post names it (a test per form)."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from townsquare.corpus.build import build
from townsquare.corpus.public_only import OptOut, PublicOnlyStage, opt_out_keys
from townsquare.post import batch_from_rows


@pytest.mark.parametrize(
    "entry, expected",
    [
        ("https://x.com/ivan", [("handle", "ivan")]),
        ("x.com/judy", [("handle", "judy")]),
        ("https://twitter.com/Judy/", [("handle", "judy")]),
        ("https://mobile.twitter.com/judy?lang=en", [("handle", "judy")]),
        ("https://x.com/judy/status/1234", [("post", "1234"), ("handle", "judy")]),
        ("https://x.com/i/user/777", [("author", "777")]),
        ("\uff20kim", [("handle", "kim")]),  # fullwidth commercial at
        ("\uff20\uff2b\uff49\uff4d", [("handle", "kim")]),  # fullwidth letters too
        ("@leo\u200b", [("handle", "leo")]),  # zero-width space
        ("\u200d@le\u2060o\ufeff", [("handle", "leo")]),  # joiners, word joiner, BOM inside
        ("@LEO", [("handle", "leo")]),
        ("@hank@Town.Example", [("handle", "hank@town.example")]),
        ("https://town.example/@hank", [("handle", "hank@town.example")]),
        ("https://town.example/@hank/109", [("handle", "hank@town.example"), ("post", "109")]),
        ("https://town.example/users/hank", [("handle", "hank@town.example")]),
        ("https://bsky.app/profile/alice.bsky.social", [("handle", "alice.bsky.social")]),
        ("https://bsky.app/profile/did:plc:abc123", [("author", "did:plc:abc123")]),
        ("did:plc:abc123", [("author", "did:plc:abc123")]),
        ("author:42", [("author", "42")]),
        ("post:77", [("post", "77")]),
        ("handle:Bob", [("handle", "bob")]),
    ],
)
def test_each_form_names_what_its_writer_meant(entry, expected):
    assert opt_out_keys(entry) == expected


def test_a_bare_value_is_matched_as_every_kind():
    assert opt_out_keys("alice.bsky.social") == [
        ("author", "alice.bsky.social"),
        ("post", "alice.bsky.social"),
        ("handle", "alice.bsky.social"),
    ]


@pytest.mark.parametrize("entry", ["https://x.com/ivan", "x.com/ivan", "\uff20ivan", "@ivan\u200b", "@IVAN"])
def test_each_form_drops_the_post_in_the_stage(entry):
    opt_out = OptOut()
    opt_out.add(entry)
    rows = [
        {"id": "1", "platform": "x", "text": "by ivan", "author_handle": "ivan"},
        {"id": "2", "platform": "x", "text": "by someone else", "author_handle": "ivana"},
    ]
    assert PublicOnlyStage(opt_out).apply(batch_from_rows(rows)).kept.column("id").to_pylist() == ["2"]


def test_a_link_anchor_is_not_a_comment(tmp_path):
    path = tmp_path / "opt_out.txt"
    path.write_text("https://x.com/ann#top\n@bob # a comment\n")
    assert OptOut.from_file(path).handles == {"ann", "bob"}


def _jetstream_post(did: str, rkey: str, text: str) -> str:
    return (
        json.dumps(
            {
                "did": did,
                "time_us": 1740000000000000,
                "kind": "commit",
                "commit": {
                    "rev": "a",
                    "operation": "create",
                    "collection": "app.bsky.feed.post",
                    "rkey": rkey,
                    "cid": "bafy",
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


def test_a_bluesky_handle_reaches_the_did_through_an_identity_event(tmp_path):
    did = "did:plc:optoutalice00000000001"
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        _jetstream_post(did, "3kaaaaaaaaa2a", "Alice writes CANARYBSKYHANDLE40 about the farmers market")
        + _jetstream_post("did:plc:other", "3kaaaaaaaaa3a", "Someone else on the farmers market today")
    )
    identity = tmp_path / "identity.jsonl"  # in another file, after the post
    identity.write_text(
        json.dumps(
            {
                "did": did,
                "time_us": 1740000000000001,
                "kind": "identity",
                "identity": {"did": did, "handle": "Alice.bsky.social", "seq": 2, "time": "2025-03-04T10:00:00.000Z"},
            }
        )
        + "\n"
    )
    opt_out = tmp_path / "opt_out.txt"
    opt_out.write_text("https://bsky.app/profile/alice.bsky.social\n@nobody.example\n")
    out = tmp_path / "corpus"
    summary = build([posts, identity], out, opt_out=opt_out)
    assert summary.reconciles
    assert pq.read_table(out / "posts").column("author_id").to_pylist() == ["did:plc:other"]
    everything = json.dumps([pq.read_table(p).to_pylist() for p in out.rglob("*.parquet")], default=str)
    assert "CANARYBSKYHANDLE40" not in everything
    stats = json.loads((out / "stats" / "global.json").read_text())
    assert stats["consent"]["opt_out"] == {"entries": 2, "unmatched_lines": [2]}
    card = (out / "CARD.md").read_text()
    assert "1 matched nothing in the input (lines 2)" in card
    assert "nobody.example" not in card  # the card never repeats who opted out
