"""Bluesky readers: Jetstream events and the repository CAR export."""

from __future__ import annotations

import json

import libipld
import pytest

from townsquare.sources import detect_format, read_file
from townsquare.sources.base import Quarantine, SourceStats
from townsquare.sources.bluesky_car import _commit, cid_text, walk_mst


def read_all(path, fmt=None):
    stats, quarantine = SourceStats(str(path), ""), Quarantine()
    rows = [row for batch in read_file(path, fmt, quarantine, stats=stats) for row in batch.to_pylist()]
    return rows, stats, quarantine


def test_jetstream_fixture(fixtures):
    path = fixtures / "bluesky" / "jetstream.jsonl"
    assert detect_format(path) == "bluesky-jetstream"
    rows, stats, _ = read_all(path)
    # fixture = the 17 post creates + 1 post delete of the sample, plus 9 other events (one of each kind)
    assert (stats.read, stats.posts, stats.public, stats.deleted, stats.skipped) == (18, 18, 17, 1, 9)
    by_rkey = {r["id"].rsplit("/", 1)[-1]: r for r in rows}
    post = by_rkey["3mptbyoumc22i"]
    assert post["id"] == "at://did:plc:u4lmvw4wwzaql3z5kcf3r7h4/app.bsky.feed.post/3mptbyoumc22i"
    assert post["uri"] == "https://bsky.app/profile/did:plc:u4lmvw4wwzaql3z5kcf3r7h4/post/3mptbyoumc22i"
    assert post["reply_to"].endswith("/3mptbyou7ls2i") and post["conversation_id"].endswith("/3mptbyospqk2i")
    assert post["lang"] == "tr" and post["author_id"] == "did:plc:u4lmvw4wwzaql3z5kcf3r7h4"
    assert by_rkey["3mptbypfywk2v"]["hashtags"] == ["HowToTellAiToShutUp", "IndieRebellion"]
    assert by_rkey["3mptbyoeyc22k"]["urls"] == ["https://www.youtube.com/watch?v=V5lDo-jw8mA"]
    image = by_rkey["3mptbxs3hq22j"]["media"][0]
    assert image["kind"] == "image" and image["url"].startswith("https://cdn.bsky.app/img/feed_fullsize/plain/")
    tombstone = by_rkey["3mpt73z3ejc2p"]
    assert tombstone["deleted"] is True and tombstone["text"] is None


def test_jetstream_mentions_quotes_and_bad_events(tmp_path):
    did = "did:plc:abc"
    record = {
        "$type": "app.bsky.feed.post",
        "text": "hi @bob.bsky.social ✨",
        "createdAt": "2025-01-01T00:00:00Z",
        "facets": [
            {
                "index": {"byteStart": 3, "byteEnd": 19},
                "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:bob"}],
            }
        ],
        "embed": {
            "$type": "app.bsky.embed.recordWithMedia",
            "record": {"$type": "app.bsky.embed.record", "record": {"uri": "at://q/app.bsky.feed.post/1"}},
            "media": {
                "$type": "app.bsky.embed.images",
                "images": [{"alt": "a cat", "image": {"ref": {"$link": "bafkcid"}}}],
            },
        },
    }
    events = [
        {
            "did": did,
            "time_us": 1,
            "kind": "commit",
            "commit": {"operation": "create", "collection": "app.bsky.feed.post", "rkey": "r1", "record": record},
        },
        {
            "did": did,
            "time_us": 2,
            "kind": "commit",
            "commit": {"operation": "create", "collection": "app.bsky.feed.post", "rkey": "r2"},
        },  # no record
        {"did": did, "time_us": 3, "kind": "mystery"},
    ]
    (tmp_path / "j.jsonl").write_text("\n".join(json.dumps(e) for e in events) + "\n{broken\n")
    rows, stats, quarantine = read_all(tmp_path / "j.jsonl", "bluesky-jetstream")
    assert len(rows) == 1
    assert rows[0]["mentions"] == ["bob.bsky.social"]
    assert rows[0]["quote_of"] == "at://q/app.bsky.feed.post/1"
    assert rows[0]["media"] == [
        {
            "kind": "image",
            "alt_text": "a cat",
            "url": "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:abc/bafkcid@jpeg",
        }
    ]
    assert (stats.read, stats.quarantined) == (4, 3)
    assert [r.line for r in quarantine.records] == [2, 3, 4]


def test_jetstream_full_sample(shared_data):
    """152 events; counted independently with json + collections.Counter on (kind, collection,
    operation): 17 app.bsky.feed.post creates, 1 post delete, 134 other events."""
    rows, stats, _ = read_all(shared_data / "bluesky" / "jetstream" / "expected_v1.jsonl")
    assert (stats.read, stats.posts, stats.deleted, stats.skipped, stats.quarantined) == (18, 18, 1, 134, 0)
    assert len({r["id"] for r in rows}) == 18


def test_car_fixture(fixtures):
    path = fixtures / "bluesky" / "repo.car"
    assert detect_format(path) == "bluesky-car"
    rows, stats, _ = read_all(path)
    # car_expected_records.tsv (goat repo ls) lists 6 app.bsky.feed.post records among 23
    assert (stats.read, stats.posts, stats.public, stats.skipped) == (6, 6, 6, 17)
    did = "did:plc:53iucmf5ldftgqyf2ac7hmhd"
    assert [r["id"].rsplit("/", 1)[-1] for r in rows] == [
        "3lqcnvhqk622d",
        "3lqcoskkx7c2y",
        "3lsbqxwblik2d",
        "3ly3oz7vwhc2u",
        "3ly3qkmcavs2u",
        "3m2a2fwazy22o",
    ]
    assert all(r["author_id"] == did and r["uri"].startswith(f"https://bsky.app/profile/{did}/post/") for r in rows)
    assert rows[0]["text"] == "This is my first post!"
    assert rows[2]["reply_to"] == rows[0]["id"]
    assert rows[5]["media"][0]["kind"] == "video" and rows[5]["media"][0]["alt_text"] == "test"


def test_mst_walk_matches_goat(shared_data):
    """The MST walk gives exactly goat's listing (keys and record CIDs) and commit data CID."""
    folder = shared_data / "bluesky" / "jetstream"
    header, blocks = libipld.decode_car((folder / "repo.car").read_bytes())
    commit = _commit(header, blocks)
    expected = [
        tuple(line.split("\t"))
        for line in (folder / "car_expected_records.tsv").read_text().splitlines()
        if line.strip()
    ]
    assert [(key, cid_text(cid)) for key, cid in walk_mst(blocks, commit["data"])] == expected
    inspect = (folder / "car_expected_commit.txt").read_text()
    assert f"DID: {commit['did']}" in inspect and f"Data CID: {cid_text(commit['data'])}" in inspect


def test_car_garbage_and_missing_blocks(tmp_path, fixtures):
    (tmp_path / "bad.car").write_bytes(b"\x0a\xa2eroots\x80gversion\x01garbage")
    _, stats, quarantine = read_all(tmp_path / "bad.car")
    assert (stats.read, stats.quarantined) == (1, 1) and "CAR" in quarantine.records[0].cause
    # cut the CAR short: the header and commit survive, later blocks are gone
    data = (fixtures / "bluesky" / "repo.car").read_bytes()
    (tmp_path / "cut.car").write_bytes(data[: len(data) // 2])
    _, stats, _ = read_all(tmp_path / "cut.car")
    assert stats.read == stats.posts + stats.quarantined and stats.quarantined >= 1


@pytest.mark.parametrize("name", ["jetstream.jsonl", "repo.car"])
def test_ids_are_at_uris(fixtures, name):
    rows, _, _ = read_all(fixtures / "bluesky" / name)
    assert all(r["id"].startswith("at://") and "/app.bsky.feed.post/" in r["id"] for r in rows)
