"""The search API end to end over a real index: X v2 shapes, errors, headers, pagination, web page."""

from __future__ import annotations

import time

import pytest


def test_search_returns_x_v2_shape_with_users_and_meta(make_client):
    client = make_client()
    response = client.get("/2/tweets/search/recent", params={"query": "bus", "max_results": 10})
    assert response.status_code == 200
    body = response.json()
    assert len(body["data"]) == 10 and body["meta"]["result_count"] == 10
    first = body["data"][0]
    assert {"id", "text", "author_id", "created_at", "lang", "conversation_id", "uri"} <= set(first)
    assert all("bus" in tweet["text"].lower() for tweet in body["data"])
    users = {user["id"]: user["username"] for user in body["includes"]["users"]}
    assert all(users[tweet["author_id"]].startswith("user") for tweet in body["data"])
    ids = {tweet["id"] for tweet in body["data"]}
    assert body["meta"]["newest_id"] in ids and body["meta"]["oldest_id"] in ids
    # recency is X's default order: newest first
    times = [tweet["created_at"] for tweet in body["data"]]
    assert times == sorted(times, reverse=True)
    assert body["meta"]["next_token"]


def test_every_response_carries_rate_limit_headers(make_client):
    client = make_client(anonymous_quota="50/15min")
    for path, params, status in (
        ("/2/tweets/search/recent", {"query": "storm"}, 200),
        ("/2/tweets/search/recent", {"query": '"unclosed'}, 400),
        ("/2/tweets/123", {}, 404),
    ):
        response = client.get(path, params=params)
        assert response.status_code == status
        assert response.headers["x-rate-limit-limit"] == "50"
        assert int(response.headers["x-rate-limit-reset"]) >= int(time.time())
        assert response.headers["ratelimit-policy"] == '"anonymous";q=50;w=900'
        assert response.headers["ratelimit"].startswith('"anonymous";r=')
    assert response.headers["x-rate-limit-remaining"] == "47"


def test_query_syntax_error_is_400_with_position(make_client):
    response = make_client().get("/2/tweets/search/recent", params={"query": 'storm "unclosed phrase'})
    assert response.status_code == 400
    body = response.json()
    assert body["title"] == "Invalid Request" and body["type"].endswith("/invalid-request")
    assert body["errors"][0]["position"] == 6
    assert "position 6" in body["errors"][0]["message"]


def test_bad_parameters_are_x_style_400_not_422(make_client):
    client = make_client()
    for params in (
        {"query": "bus", "max_results": 5},
        {"query": "bus", "max_results": 101},
        {},
        {"query": "bus", "sort_order": "random"},
        {"query": "bus", "start_time": "yesterday"},
        {"query": "bus", "start_time": "2025-03-05T00:00:00Z", "end_time": "2025-03-01T00:00:00Z"},
    ):
        response = client.get("/2/tweets/search/recent", params=params)
        assert response.status_code == 400, params
        assert {"errors", "title", "detail", "type"} <= set(response.json())


def test_time_window_and_operators(make_client):
    client = make_client()
    body = client.get(
        "/2/tweets/search/recent",
        params={
            "query": "from:user3 #RoversFC",
            "max_results": 100,
            "start_time": "2025-03-02T00:00:00Z",
            "end_time": "2025-03-04T00:00:00Z",
        },
    ).json()
    assert body["meta"]["result_count"] > 0
    for tweet in body["data"]:
        assert "2025-03-02" <= tweet["created_at"] < "2025-03-04"
        assert "#RoversFC" in tweet["text"]
    assert {user["username"] for user in body["includes"]["users"]} == {"user3"}


def test_pagination_walks_all_results_without_overlap(make_client):
    client = make_client()
    seen, token, pages = [], None, 0
    while True:
        params = {"query": "storm", "max_results": 10, "sort_order": "relevancy"}
        if token:
            params["next_token"] = token
        body = client.get("/2/tweets/search/recent", params=params).json()
        pages += 1
        seen += [tweet["id"] for tweet in body.get("data", [])]
        token = body["meta"].get("next_token")
        if not token:
            break
    assert len(seen) == len(set(seen)) == 30 and pages == 3


def test_forged_or_garbled_next_token_is_400(make_client):
    client = make_client()
    token = client.get("/2/tweets/search/recent", params={"query": "bus"}).json()["meta"]["next_token"]
    depth, inner, mac = token.split(".")
    for bad in (f"0.{inner}.{mac}", "garbage", f"{depth}.{inner}x.{mac}"):
        response = client.get("/2/tweets/search/recent", params={"query": "bus", "next_token": bad})
        assert response.status_code == 400
        assert "next_token" in response.json()["errors"][0]["parameters"]


def test_lookup_by_id_and_404(make_client, index_dir):
    from townsquare.index import Searcher

    some_id = Searcher(index_dir).search("vote", max_results=1, mode="keyword").posts[0]["id"]
    client = make_client()
    body = client.get(f"/2/tweets/{some_id}").json()
    assert body["data"]["id"] == some_id and body["includes"]["users"][0]["username"].startswith("user")
    missing = client.get("/2/tweets/42")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["resource_id"] == "42"


def test_health_and_openapi(make_client):
    client = make_client()
    health = client.get("/health").json()
    assert health == {"status": "ok", "posts": 150, "embedder_ok": True, "storage": "memory", "storage_ok": True}
    spec = client.get("/openapi.json").json()
    assert {"/2/tweets/search/recent", "/2/tweets/{id}", "/health"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/2/tweets/search/recent"]["get"]["parameters"]}
    assert {"query", "max_results", "next_token", "start_time", "end_time", "sort_order"} <= params


def test_health_is_503_when_the_index_is_missing(make_client, tmp_path):
    response = make_client(index=tmp_path / "nothing").get("/health")
    assert response.status_code == 503 and response.json()["status"] == "unavailable"


def test_settings_override_through_dependency(index_dir, tmp_path):
    """The FastAPI way: replace get_settings, and the services follow."""
    from starlette.testclient import TestClient

    from townsquare.server.main import create_app
    from townsquare.server.settings import Settings, get_settings

    app = create_app()
    app.dependency_overrides[get_settings] = lambda: Settings(
        index=index_dir, keys_db=tmp_path / "k.sqlite", anonymous_quota="7/min"
    )
    with TestClient(app, client=("198.51.100.1", 1)) as client:
        response = client.get("/2/tweets/search/recent", params={"query": "bus"})
    assert response.status_code == 200 and response.headers["x-rate-limit-limit"] == "7"


def test_web_page_renders_results_server_side(make_client):
    client = make_client()
    page = client.get("/", params={"q": "match"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.text.count('class="result"') == 10
    assert 'href="https://x.com/user' in page.text and "Load more" in page.text
    empty = client.get("/")
    assert empty.status_code == 200 and 'class="result"' not in empty.text and 'id="q"' in empty.text
    bad = client.get("/", params={"q": '"oops'})
    assert bad.status_code == 400 and "position" in bad.text


@pytest.mark.parametrize("value", ["0", "2025-03-01", "2025-03-01T00:00:00", "yesterday"])
def test_times_must_be_rfc3339_date_times(make_client, value):
    """The spec says format date-time; epoch numbers, bare dates and zoneless times are a 400 naming the field."""
    response = make_client().get("/2/tweets/search/recent", params={"query": "bus", "end_time": value})
    assert response.status_code == 400 and response.json()["errors"][0]["parameters"] == {"end_time": [value]}


def test_the_index_is_opened_at_startup_and_vectors_only_when_needed(settings):
    """A worker opens the index before its first request; a keyword search never maps the vector file."""
    from starlette.testclient import TestClient

    from townsquare.server.main import create_app

    app = create_app(settings)
    with TestClient(app) as client:  # runs the lifespan, like uvicorn starting a worker
        searcher = app.state.services._searcher
        assert searcher is not None and searcher._vector is None
        assert client.get("/2/tweets/search/recent", params={"query": "climate", "mode": "keyword"}).status_code == 200
        assert searcher._vector is None
        assert (
            client.get(
                "/2/tweets/search/recent", params={"query": "climate", "mode": "hybrid", "sort_order": "relevancy"}
            ).status_code
            == 200
        )
        assert searcher._vector is not None


def test_a_folder_that_is_not_an_index_answers_503_not_500(settings, tmp_path):
    from starlette.testclient import TestClient

    from townsquare.server.main import create_app

    app = create_app(settings.model_copy(update={"index": tmp_path / "no-index"}))
    with TestClient(app) as client:
        response = client.get("/2/tweets/search/recent", params={"query": "climate"})
        assert response.status_code == 503
        assert "is not an index" in response.json()["detail"]
        assert client.get("/2/tweets/123").status_code == 503
        assert client.get("/health").json()["status"] == "unavailable"


def test_each_400_names_the_parameter_and_value_that_caused_it(make_client):
    client = make_client()

    def problem(params):
        response = client.get("/2/tweets/search/recent", params=params)
        assert response.status_code == 400, params
        return response.json()["errors"][0]

    assert problem({})["parameters"] == {"query": ["null"]}
    assert problem({"query": "x" * 513})["parameters"] == {"query": ["x" * 513]}
    late = problem({"query": "bus", "start_time": "2025-03-05T00:00:00Z", "end_time": "2025-03-01T00:00:00Z"})
    assert late["parameters"] == {"start_time": ["2025-03-05T00:00:00+00:00"]}
    token = client.get("/2/tweets/search/recent", params={"query": "bus"}).json()["meta"]["next_token"]
    assert problem({"query": "storm", "next_token": token})["parameters"] == {"next_token": [token]}
    # X refuses parameters it does not know, and this server refuses the id bounds it cannot honour
    unknown = problem({"query": "bus", "foo": "bar"})
    assert unknown["parameters"] == {"foo": ["bar"]} and "[foo] is not one of" in unknown["message"]
    assert "start_time" in problem({"query": "bus", "since_id": "1900000000000000000"})["message"]


def test_x_clients_parameters_are_accepted(make_client):
    client = make_client()
    first = client.get(
        "/2/tweets/search/recent",
        params={
            "query": "bus",
            "tweet.fields": "created_at,author_id,entities",
            "expansions": "author_id",
            "user.fields": "username",
        },
    )
    assert first.status_code == 200
    token = first.json()["meta"]["next_token"]
    by_alias = client.get("/2/tweets/search/recent", params={"query": "bus", "pagination_token": token}).json()
    by_name = client.get("/2/tweets/search/recent", params={"query": "bus", "next_token": token}).json()
    assert [t["id"] for t in by_alias["data"]] == [t["id"] for t in by_name["data"]]
    assert not {t["id"] for t in by_alias["data"]} & {t["id"] for t in first.json()["data"]}
    # a trailing slash is the same search, not a lookup of the id "search/recent/"
    assert client.get("/2/tweets/search/recent/", params={"query": "bus"}).json()["meta"]["result_count"] == 10


def test_matched_entities_come_back_with_their_offsets(make_client):
    body = make_client().get("/2/tweets/search/recent", params={"query": "#weather", "max_results": 10}).json()
    for tweet in body["data"]:
        tags = tweet["entities"]["hashtags"]
        located = [tag for tag in tags if "start" in tag]
        assert any(tag["tag"].lower() == "weather" for tag in located)
        for tag in located:
            assert tweet["text"][tag["start"] : tag["end"]] == "#" + tag["tag"]
    body = make_client().get("/2/tweets/search/recent", params={"query": "phone has:links"}).json()
    for tweet in body["data"]:
        url = tweet["entities"]["urls"][0]
        assert tweet["text"][url["start"] : url["end"]] == url["url"]
        assert url["url"].startswith("https://example.com/q")


def test_a_t_co_link_is_expanded_to_the_link_it_stands_for():
    """X's text holds t.co links, ``urls`` the links: one entity each, as X gives them (review 7, R7-6)."""
    from townsquare.server.searching import tweet

    text = "Full report here https://t.co/AbC123xyz and the pool https://t.co/Zz9PoolTT"
    urls = ["https://penwick-gazette.example/2026/12/depot-leak-report", "https://www.penwick.example/pool"]
    entities = tweet({"id": "1", "text": text, "author_handle": "lu", "urls": urls})["entities"]["urls"]
    assert [(e["url"], e["expanded_url"], e["display_url"]) for e in entities] == [
        ("https://t.co/AbC123xyz", urls[0], "penwick-gazette.example/2026/12/depot-leak-report"),
        ("https://t.co/Zz9PoolTT", urls[1], "penwick.example/pool"),
    ]
    assert all(text[e["start"] : e["end"]] == e["url"] for e in entities)


def test_head_answers_where_get_does(make_client):
    client = make_client()
    for path in ("/", "/health"):
        assert client.head(path).status_code == 200, path


def test_a_query_that_looks_like_a_template_slot_is_only_text(make_client):
    page = make_client().get("/", params={"q": "storm {{results}} {{next_token}}", "sort_order": "\\"}).text
    assert 'value="storm {{results}} {{next_token}}"' in page
    assert 'sort.value = "relevancy" ===' in page


def test_a_post_without_an_author_id_still_points_at_its_user():
    """CSV posts have handles, not ids: author_id must still match includes.users[].id."""
    from townsquare.server.searching import tweet, users

    post = {"id": "7", "text": "hello", "author_handle": "farid_k", "author_id": None}
    assert tweet(post)["author_id"] == users([post])[0]["id"] == "farid_k"
