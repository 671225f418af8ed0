"""ActivityPub outbox (Mastodon account export) reader."""

from __future__ import annotations

import json

import pytest

from townsquare.sources import detect_format, read_file
from townsquare.sources.activitypub import handle_from_actor, visibility
from townsquare.sources.base import Quarantine, SourceStats

ACTOR = "https://mastodon.example/users/alice"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def read_all(path, fmt=None):
    stats, quarantine = SourceStats(str(path), ""), Quarantine()
    rows = [row for batch in read_file(path, fmt, quarantine, stats=stats) for row in batch.to_pylist()]
    return rows, stats, quarantine


@pytest.mark.parametrize(
    ("to", "cc", "expected"),
    [
        ([PUBLIC], [f"{ACTOR}/followers"], "public"),
        (["as:Public"], [], "public"),
        ([f"{ACTOR}/followers"], [PUBLIC], "unlisted"),
        ([f"{ACTOR}/followers"], [], "followers"),
        ([f"{ACTOR}/followers", "https://other.example/users/bob"], [], "followers"),
        (["https://other.example/users/bob"], [], "direct"),
        ([], [f"{ACTOR}/followers"], "direct"),  # followers only in cc: Mastodon says direct/limited, never public
        (PUBLIC, None, "public"),  # a bare string instead of a list
    ],
)
def test_visibility_rule(to, cc, expected):
    assert visibility(to, cc, ACTOR) == expected


def test_outbox_fixture(fixtures):
    path = fixtures / "mastodon" / "outbox.json"
    assert detect_format(path) == "mastodon-outbox"
    rows, stats, _ = read_all(path)
    # the fixture holds 6 Notes (3 public incl. a reply and a CW, 1 unlisted, 1 followers, 1 direct),
    # 1 Announce (public) and 1 Tombstone
    assert (stats.read, stats.posts, stats.public, stats.non_public, stats.deleted) == (8, 8, 4, 3, 1)
    by_id = {
        r["id"].rsplit("/", 2)[-2] if r["id"].endswith("activity") else r["id"].rsplit("/", 1)[-1]: r for r in rows
    }
    assert [by_id[n]["visibility"] for n in ("111", "113", "114", "115")] == [
        "public",
        "unlisted",
        "followers",
        "direct",
    ]
    first = by_id["111"]
    assert first["uri"] == "https://mastodon.example/@alice/111"
    assert first["author_handle"] == "alice@mastodon.example"
    assert first["hashtags"] == ["fediverse"] and first["urls"] == ["https://example.org/minutes"]
    assert first["media"][0]["alt_text"] == "The town hall at dusk"
    assert first["text"] == "Hello #fediverse! Our town hall minutes: https://example.org/minutes"
    assert by_id["112"]["reply_to"] == "https://other.example/users/bob/statuses/9001"
    assert by_id["112"]["text"] == "@bob agreed & thanks!\nSee you there."
    assert by_id["116"]["text"].startswith("season finale\n\n")
    assert by_id["117"]["repost_of"] == "https://other.example/users/bob/statuses/9002"
    assert by_id["118"]["deleted"] is True and by_id["118"]["text"] is None


def test_bad_items_are_quarantined_and_other_types_skipped(tmp_path):
    doc = {
        "type": "OrderedCollection",
        "orderedItems": [
            {
                "id": "x/1/activity",
                "type": "Create",
                "actor": ACTOR,
                "to": [PUBLIC],
                "object": {"id": "x/1", "type": "Note", "content": "<p>ok</p>"},
            },
            {"type": "Create"},  # no id
            "not an activity",
            {"id": "x/2/activity", "type": "Create", "object": {"type": "Note", "content": "no id"}},
            {"id": "x/3/activity", "type": "Like", "object": "x/9"},  # valid, not a post
        ],
    }
    (tmp_path / "outbox.json").write_text(json.dumps(doc, indent=1))
    rows, stats, quarantine = read_all(tmp_path / "outbox.json")
    assert [r["id"] for r in rows] == ["x/1"]
    assert (stats.read, stats.quarantined, stats.skipped) == (4, 3, 1)
    assert all("item" in record.cause for record in quarantine.records)


def test_handle_from_actor():
    assert handle_from_actor("https://mastodon.example/users/alice") == "alice@mastodon.example"
    assert handle_from_actor("https://pleroma.example/@bob/") == "bob@pleroma.example"


def test_delete_activity_makes_a_tombstone(tmp_path):
    # A Delete(Tombstone) is how Mastodon's outbox records a deleted status; before this the
    # quickstart canary audit found the deleted status's private canary in the corpus.
    import json

    from townsquare.sources import read_file
    from townsquare.sources.base import SourceStats

    actor = "https://town.example/users/ana"
    note = {
        "id": f"{actor}/statuses/1",
        "type": "Note",
        "content": "<p>gone soon</p>",
        "attributedTo": actor,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": [],
        "published": "2025-01-01T10:00:00Z",
    }
    outbox = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "type": "OrderedCollection",
        "orderedItems": [
            {
                "id": f"{actor}/statuses/1/activity",
                "type": "Create",
                "actor": actor,
                "object": note,
                "to": note["to"],
                "cc": [],
                "published": note["published"],
            },
            {
                "id": f"{actor}#delete-1",
                "type": "Delete",
                "actor": actor,
                "object": {"id": note["id"], "type": "Tombstone"},
                "published": "2025-01-02T10:00:00Z",
            },
        ],
    }
    path = tmp_path / "outbox.json"
    path.write_text(json.dumps(outbox))
    stats = SourceStats(str(path), "")
    rows = [r for b in read_file(path, "mastodon-outbox", stats=stats) for r in b.to_pylist()]
    assert [(r["id"], r["deleted"]) for r in rows] == [(note["id"], False), (note["id"], True)]
    assert stats.reconciles and stats.deleted == 1
