"""The v2 search client: against fakes of a remote API (MockTransport) and against our own running server."""

from __future__ import annotations

import httpx
import pyarrow as pa
import pytest

from townsquare.post import POST_SCHEMA
from townsquare.sources.x_client import RemoteError, XClient


def _page(ids, token=None, protected=()):
    users = [{"id": f"u{i}", "username": f"name{i}", "protected": f"u{i}" in protected} for i in ids]
    body = {
        "data": [
            {
                "id": str(i),
                "text": f"post {i}",
                "author_id": f"u{i}",
                "created_at": "2025-03-01T00:00:00.000Z",
                "lang": "en",
            }
            for i in ids
        ],
        "includes": {"users": users},
        "meta": {"result_count": len(ids)},
    }
    if token:
        body["meta"]["next_token"] = token
    return body


class Clock:
    def __init__(self):
        self.now = 1_000_000.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def time(self):
        return self.now


def test_follows_next_token_and_yields_post_batches():
    seen_tokens = []

    def handler(request):
        assert request.headers["authorization"] == "Bearer secret"
        token = request.url.params.get("next_token")
        seen_tokens.append(token)
        pages = {None: _page([1, 2], "t1"), "t1": _page([3], "t2"), "t2": _page([4, 5], None, protected={"u5"})}
        return httpx.Response(200, json=pages[token])

    client = XClient("https://api.example", "secret", transport=httpx.MockTransport(handler))
    table = pa.Table.from_batches(list(client.search("hello")))
    assert table.schema == POST_SCHEMA
    assert table.column("id").to_pylist() == ["1", "2", "3", "4", "5"]
    assert table.column("visibility").to_pylist() == ["public"] * 4 + ["protected"]
    assert table.column("uri").to_pylist()[0] == "https://x.com/name1/status/1"
    assert seen_tokens == [None, "t1", "t2"]
    assert client.stats.pages == 3 and client.stats.posts == 5


def test_waits_for_reset_when_window_is_spent_instead_of_drawing_a_429():
    clock = Clock()
    calls = []

    def handler(request):
        calls.append(clock.now)
        remaining = "0" if len(calls) == 1 else "5"
        headers = {
            "x-rate-limit-remaining": remaining,
            "x-rate-limit-reset": str(int(clock.now + 60)),
            "x-rate-limit-limit": "1",
        }
        return httpx.Response(200, json=_page([len(calls)], "next" if len(calls) < 2 else None), headers=headers)

    client = XClient(
        "https://api.example", "k", transport=httpx.MockTransport(handler), sleep=clock.sleep, clock=clock.time
    )
    list(client.search("q"))
    assert len(calls) == 2 and calls[1] - calls[0] >= 60
    assert client.stats.rate_limited == 0


def test_429_is_retried_after_retry_after_and_5xx_with_backoff():
    clock = Clock()
    responses = iter(
        [
            httpx.Response(429, headers={"retry-after": "7"}, json={"title": "Too Many Requests"}),
            httpx.Response(503, text="down"),
            httpx.Response(200, json=_page([1])),
        ]
    )
    client = XClient(
        "https://api.example",
        "k",
        transport=httpx.MockTransport(lambda request: next(responses)),
        sleep=clock.sleep,
        clock=clock.time,
    )
    assert [batch.num_rows for batch in client.search("q")] == [1]
    assert clock.sleeps[0] == 7 and len(clock.sleeps) == 2
    assert client.stats.rate_limited == 1 and client.stats.retries == 2


def test_gives_up_with_one_clear_error():
    clock = Clock()
    client = XClient(
        "https://api.example",
        "k",
        max_retries=2,
        sleep=clock.sleep,
        clock=clock.time,
        transport=httpx.MockTransport(lambda request: httpx.Response(429, headers={"retry-after": "1"})),
    )
    with pytest.raises(RemoteError, match="giving up after 3 attempts"):
        list(client.search("q"))
    bad = XClient(
        "https://api.example",
        "k",
        transport=httpx.MockTransport(
            lambda request: httpx.Response(
                400, json={"errors": [{"message": "bad query at position 3"}], "title": "Invalid Request"}
            )
        ),
    )
    with pytest.raises(RemoteError, match="bad query at position 3"):
        list(bad.search("q"))


def test_against_our_own_server_collects_every_page_within_quota(start_server, index_dir, tmp_path):
    """The real thing: a `townsquare serve` process, a key of 3 requests / 1 s, 3+ pages to fetch."""
    from townsquare.server.auth import KeyStore

    keys_db = tmp_path / "keys.sqlite"
    _, token = KeyStore(keys_db).create("collector", "3/1s")
    base = start_server(index_dir, "--mode", "keyword", keys_db=keys_db)
    with XClient(base, token) as client:
        table = pa.Table.from_batches(list(client.search("bus OR storm", max_results=10, sort_order="relevancy")))
        assert table.num_rows == 60 and len(set(table.column("id").to_pylist())) == 60
        assert client.stats.pages == 6 and client.stats.rate_limited == 0 and client.stats.waited_seconds > 0
        assert set(table.column("platform").to_pylist()) == {"x"}
        assert table.column("uri").to_pylist()[0].startswith("https://x.com/user")
        assert client.get("1") is None
    with XClient(base, token + "x") as client, pytest.raises(RemoteError, match="401"):
        list(client.search("bus"))
