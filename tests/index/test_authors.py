"""from: names an author as the answers show them (review 8: R8-33, R8-19): a bare name ("wren") is also that
account on any instance (wren@birds.example, as Mastodon shows a remote account), and a post with no handle
(a Bluesky post read from Jetstream) is its author's DID."""

from __future__ import annotations

import pytest

from .test_search import write_part

pytest.importorskip("tantivy")

ROWS = [
    dict(id="m1", platform="mastodon", author_handle="wren@birds.example", text="The skate park is terrible"),
    dict(id="m2", platform="mastodon", author_handle="wren@other.example", text="Another wren, same name"),
    dict(id="x1", author_handle="wren", text="The X account called wren"),
    dict(id="x2", author_handle="wrenfan", text="Not wren at all"),
    dict(id="m3", platform="mastodon", author_handle="bo.rk@birds.example", text="A dotted name"),
    dict(id="m4", platform="mastodon", author_handle="boxrk@birds.example", text="Not the dotted name"),
    dict(id="at://did:plc:aaa111/app.bsky.feed.post/1", platform="bluesky", author_handle=None, text="Bluesky post"),
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    from townsquare.index import Searcher, build_index

    root = tmp_path_factory.mktemp("authors")
    rows = [{**row, "author_id": row["author_handle"] or "did:plc:aaa111"} for row in ROWS]
    write_part(root / "corpus", "00000", rows)
    build_index(root / "corpus", root / "index")
    return Searcher(root / "index")


def _ids(searcher, query: str) -> set[str]:
    return {post["id"] for post in searcher.search(query, max_results=20, mode="keyword").posts}


@pytest.mark.parametrize(
    "query, expected",
    [
        # was only x1: "wren@birds.example" was never "wren", though Mastodon shows her as @wren
        ("from:wren", {"mastodon:m1", "mastodon:m2", "x1"}),
        ("from:wren@birds.example", {"mastodon:m1"}),
        ("from:WREN@birds.example", {"mastodon:m1"}),
        ("from:bo.rk", {"mastodon:m3"}),  # "." is itself, not any character
        # was nothing: a post without a handle is its author's, by the DID the answers show
        ("from:did:plc:aaa111", {"at://did:plc:aaa111/app.bsky.feed.post/1"}),
    ],
)
def test_from_names_an_author_as_the_answers_show_them(searcher, query, expected):
    assert _ids(searcher, query) == expected
