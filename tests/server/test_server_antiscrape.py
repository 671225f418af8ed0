"""Anti-scraping: pagination depth cap, posts per window, enumeration detection that tightens quotas."""

from __future__ import annotations

import json
import logging

FIRST_ID = 1_900_000_000_000_000_000  # the first post id of the index fixture (conftest.py)


def _events(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "townsquare.server"]


def test_pagination_depth_is_capped(make_client, caplog):
    client = make_client(max_page_depth=2)
    first = client.get("/2/tweets/search/recent", params={"query": "bus"}).json()
    second = client.get("/2/tweets/search/recent", params={"query": "bus", "next_token": first["meta"]["next_token"]})
    assert second.status_code == 200
    with caplog.at_level(logging.WARNING, logger="townsquare.server"):
        third = client.get(
            "/2/tweets/search/recent", params={"query": "bus", "next_token": second.json()["meta"]["next_token"]}
        )
    assert third.status_code == 400 and "capped at 2 pages" in third.json()["errors"][0]["message"]
    assert any(e["event"] == "pagination_capped" and e["depth"] == 3 for e in _events(caplog))


def test_posts_served_per_window_are_capped_and_pages_trimmed(make_client, caplog):
    client = make_client(posts_quota="25/15min")
    counts = []
    for _ in range(3):
        body = client.get("/2/tweets/search/recent", params={"query": "storm OR vote", "max_results": 10}).json()
        counts.append(body["meta"]["result_count"])
    assert counts == [10, 10, 5]
    with caplog.at_level(logging.WARNING, logger="townsquare.server"):
        over = client.get("/2/tweets/search/recent", params={"query": "match"})
    assert over.status_code == 429 and int(over.headers["retry-after"]) > 0
    assert over.json()["type"].endswith("/usage-capped")
    # the headers describe the cap that was hit, once, not the request quota still left
    assert over.headers.get_list("x-rate-limit-remaining") == ["0"]
    assert over.headers["x-rate-limit-limit"] == "25"
    assert any(e["event"] == "posts_capped" for e in _events(caplog))


def test_sequential_id_lookups_flag_the_client_and_tighten_its_quota(make_client, caplog):
    client = make_client(anonymous_quota="100/15min", enumeration_threshold=5, penalty_factor=10)
    with caplog.at_level(logging.WARNING, logger="townsquare.server"):
        statuses = [client.get(f"/2/tweets/{FIRST_ID + step}").status_code for step in range(12)]
    flagged = [e for e in _events(caplog) if e["event"] == "enumeration_flagged"]
    assert len(flagged) == 1 and flagged[0]["client"] == "ip:203.0.113.7"
    # 100/15min divided by 10 = 10 requests: the walk is cut off once it has used them
    assert statuses[:10].count(429) == 0 and statuses[10:] == [429, 429]
    limited = client.get("/2/tweets/search/recent", params={"query": "bus"})
    assert limited.status_code == 429 and limited.headers["x-rate-limit-limit"] == "10"


def test_an_ordinary_client_is_not_flagged(make_client, caplog):
    client = make_client(enumeration_threshold=5)
    with caplog.at_level(logging.WARNING, logger="townsquare.server"):
        for query in ("bus", "storm", "vote", "match", "phone", "bus storm", "from:user1", "#weather"):
            assert client.get("/2/tweets/search/recent", params={"query": query}).status_code == 200
        assert client.get(f"/2/tweets/{FIRST_ID}").status_code == 200
        assert client.get(f"/2/tweets/{FIRST_ID + 7 * 40}").status_code == 200
    assert not [e for e in _events(caplog) if e["event"] == "enumeration_flagged"]


def test_exhaustive_pagination_flags_the_client(make_client, caplog):
    client = make_client(enumeration_threshold=4, anonymous_quota="200/15min", max_page_depth=50)
    with caplog.at_level(logging.WARNING, logger="townsquare.server"):
        for query in ("bus", "storm", "vote"):
            token = None
            while True:
                params = {"query": query, "max_results": 10}
                if token:
                    params["next_token"] = token
                body = client.get("/2/tweets/search/recent", params=params).json()
                token = body["meta"].get("next_token")
                if not token:
                    break
    flagged = [e for e in _events(caplog) if e["event"] == "enumeration_flagged"]
    assert len(flagged) == 1 and flagged[0]["reason"] == "exhaustive_pagination"
    assert client.get("/2/tweets/search/recent", params={"query": "bus"}).headers["x-rate-limit-limit"] == "20"


def test_lookup_of_a_non_ascii_digit_id_is_a_404_not_a_500(make_client):
    # schemathesis found it: "²".isdigit() is True but int("²") raises.
    client = make_client()
    for odd in ("²", "١٢٣", "12³"):
        assert client.get(f"/2/tweets/{odd}").status_code == 404, odd
