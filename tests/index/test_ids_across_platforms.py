"""Issue 16, case 9: an X tweet 1 and a Mastodon status 1 are two posts in the index, the store and the API."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from townsquare.index import build_index
from townsquare.index.build import api_id
from townsquare.post import batch_from_rows, write_parquet

WHEN = datetime(2026, 3, 6, 13, 2, 5, tzinfo=UTC)


def _post(platform: str, post_id: str, text: str, **extra) -> dict:
    return dict(
        id=post_id,
        platform=platform,
        uri=f"https://{platform}.example/{post_id}",
        author_id=f"{platform}-a",
        author_handle=f"{platform}_author",
        created_at=WHEN,
        text=text,
        lang="en",
        visibility="public",
        deleted=False,
        **extra,
    )


@pytest.fixture
def index(tmp_path):
    rows = [
        _post("x", "1", "the tram line opens on the east side today"),
        _post("mastodon", "1", "our mastodon instance votes on the new bicycle lanes"),
        _post("mastodon", "2", "a reply about bicycle lanes and parking", reply_to="1"),
    ]
    write_parquet([batch_from_rows(rows)], tmp_path / "corpus" / "posts" / "part-00000.parquet")
    write_parquet(
        [batch_from_rows([_post("csv", "1", "csv one about tram tickets in file zero")])],
        tmp_path / "corpus" / "posts" / "part-00001-a.parquet",
    )
    write_parquet(
        [batch_from_rows([_post("csv", "1", "csv one about bicycle repair in file one")])],
        tmp_path / "corpus" / "posts" / "part-00002-b.parquet",
    )
    stats = build_index(tmp_path / "corpus", tmp_path / "index")
    assert stats.replaced == 0 and stats.posts_indexed == 5
    return tmp_path / "index"


def test_api_ids_are_unique_and_keep_x_ids_as_they_are():
    ids = {
        api_id("x", "1", "part-00000.parquet"),
        api_id("mastodon", "1", "part-00000.parquet"),
        api_id("bluesky", "at://did:plc:a/app.bsky.feed.post/1", "part-00000.parquet"),
        api_id("csv", "1", "part-00001-a.parquet"),
        api_id("csv", "1", "part-00002-b.parquet"),
        api_id("x", "mastodon:1", "part-00000.parquet"),
    }
    assert len(ids) == 6
    assert api_id("x", "1", "p") == "1" and api_id("mastodon", "1", "p") == "mastodon:1"


def test_same_id_on_two_platforms_is_two_posts_in_search_and_lookup(index, tmp_path):
    from starlette.testclient import TestClient

    from townsquare.server.main import create_app
    from townsquare.server.settings import Settings

    app = create_app(Settings(index=index, keys_db=tmp_path / "keys.sqlite", search_mode="keyword"))
    with TestClient(app) as client:
        x = client.get("/2/tweets/1").json()["data"]
        mastodon = client.get("/2/tweets/mastodon:1").json()["data"]
        assert (x["platform"], mastodon["platform"]) == ("x", "mastodon")
        assert "tram" in x["text"] and "mastodon instance" in mastodon["text"]
        found = client.get("/2/tweets/search/recent", params={"query": "bicycle"}).json()["data"]
        assert {post["id"] for post in found} == {"mastodon:1", "mastodon:2", "csv:part-00002-b:1"}
        reply = next(post for post in found if post["id"] == "mastodon:2")
        assert reply["referenced_tweets"] == [{"type": "replied_to", "id": "mastodon:1"}]  # not the X tweet 1


def test_forget_by_corpus_id_removes_it_on_every_platform(index):
    from townsquare.index import forget

    assert forget(index, ["2"]) == 1
    assert forget(index, ["1"]) == 4  # the X tweet, the Mastodon status and both CSV rows named 1


def test_forget_by_api_id_stays_forgotten_when_the_part_is_indexed_again(index, tmp_path):
    import json

    from townsquare.index import forget
    from townsquare.index.store import PostStore

    assert forget(index, ["mastodon:2"]) == 1
    manifest = json.loads((index / "manifest.json").read_text())
    del manifest["parts"]["part-00000.parquet"]  # as if the part had been rewritten: it is indexed again
    (index / "manifest.json").write_text(json.dumps(manifest))
    stats = build_index(tmp_path / "corpus", index)
    assert stats.refused_forgotten == 1 and stats.posts_indexed == 2
    store = PostStore(index / "posts.sqlite", readonly=True)
    try:
        assert store.get("mastodon:2") is None and store.get("mastodon:1") is not None
    finally:
        store.close()
