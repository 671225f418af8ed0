"""The server's read-through cache of result pages never outlives a change to the index."""

from __future__ import annotations

import shutil

from townsquare.index.build import forget

SEARCH = "/2/tweets/search/recent?query=storm&max_results=10&sort_order=relevancy"


def test_forgotten_post_is_not_served_from_the_page_cache(make_client, index_dir, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    client = make_client(index=copy)
    first = client.get(SEARCH)
    assert first.status_code == 200
    ids = [post["id"] for post in first.json()["data"]]
    assert client.get(SEARCH).json()["data"] == first.json()["data"]  # the same page again (from the cache)
    assert forget(copy, [ids[0]]) == 1
    after = client.get(SEARCH)
    assert after.status_code == 200
    assert ids[0] not in [post["id"] for post in after.json()["data"]]
