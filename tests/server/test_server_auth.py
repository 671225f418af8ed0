"""API keys, quotas, client identity: what a key holder and an anonymous caller see."""

from __future__ import annotations

import json
import logging

import pytest
from click.testing import CliRunner

from townsquare.cli import main


def test_keys_cli_create_list_revoke_and_hashed_storage(tmp_path):
    db = tmp_path / "keys.sqlite"
    runner = CliRunner()
    created = runner.invoke(main, ["keys", "create", "--name", "alice", "--quota", "450/15min", "--keys-db", str(db)])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[0]
    assert token.startswith("ts_")
    secret = token.split("_", 2)[2]
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("keys.sqlite*"))
    assert secret.encode() not in stored and token.encode() not in stored

    listed = runner.invoke(main, ["keys", "list", "--keys-db", str(db)])
    assert "alice" in listed.output and "450/15min" in listed.output and secret not in listed.output

    from townsquare.server.auth import KeyStore

    store = KeyStore(db)
    assert store.verify(token).name == "alice"
    assert store.verify(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    revoked = runner.invoke(main, ["keys", "revoke", "alice", "--keys-db", str(db)])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert KeyStore(db).verify(token) is None
    again = runner.invoke(main, ["keys", "revoke", "alice", "--keys-db", str(db)])
    assert again.exit_code == 1 and "no active key" in again.output


def test_bad_quota_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(
        main, ["keys", "create", "--name", "x", "--quota", "5/fortnight", "--keys-db", str(tmp_path / "k.sqlite")]
    )
    assert result.exit_code == 1 and "is not a quota" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "text, amount, seconds",
    [("450/15min", 450, 900), ("60/min", 60, 60), ("1000 per 1 hour", 1000, 3600), ("5/2s", 5, 2)],
)
def test_parse_quota(text, amount, seconds):
    from townsquare.server.ratelimit import parse_quota

    quota = parse_quota(text)
    assert (quota.amount, quota.seconds) == (amount, seconds)


def test_key_quota_429_with_retry_after_and_x_body(make_client, settings):
    from townsquare.server.auth import KeyStore

    _, token = KeyStore(settings.keys_db).create("bob", "3/15min")
    client = make_client()
    auth = {"Authorization": f"Bearer {token}"}
    remaining = [
        client.get("/2/tweets/search/recent", params={"query": "bus"}, headers=auth).headers["x-rate-limit-remaining"]
        for _ in range(3)
    ]
    assert remaining == ["2", "1", "0"]
    over = client.get("/2/tweets/search/recent", params={"query": "bus"}, headers=auth)
    assert over.status_code == 429
    assert over.json()["title"] == "Too Many Requests" and over.json()["errors"]
    assert 800 <= int(over.headers["retry-after"]) <= 900
    assert over.headers["x-rate-limit-limit"] == "3" and over.headers["ratelimit-policy"] == '"key";q=3;w=900'
    # anonymous callers from the same address have their own bucket
    assert client.get("/2/tweets/search/recent", params={"query": "bus"}).status_code == 200


def test_unknown_malformed_or_revoked_token_is_401(make_client, settings):
    from townsquare.server.auth import KeyStore

    store = KeyStore(settings.keys_db)
    key, token = store.create("carol", "10/min")
    client = make_client()
    for header in (f"Bearer {token}x", "Bearer ts_nope_nope", "Basic abc", "Bearer "):
        response = client.get("/2/tweets/search/recent", params={"query": "bus"}, headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["title"] == "Unauthorized"
    assert (
        client.get(
            "/2/tweets/search/recent", params={"query": "bus"}, headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 200
    )
    store.revoke(key.key_id)
    # a fresh app (no verification cache) refuses the revoked key at once
    fresh = make_client()
    assert (
        fresh.get(
            "/2/tweets/search/recent", params={"query": "bus"}, headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 401
    )


def test_ipv6_clients_share_a_bucket_per_64(make_client):
    first = make_client(client=("2001:db8:1:2::1", 1), anonymous_quota="2/15min")
    app = first.app
    from starlette.testclient import TestClient

    same_64 = TestClient(app, client=("2001:db8:1:2:ffff::9", 1))
    other_64 = TestClient(app, client=("2001:db8:1:3::1", 1))
    assert first.get("/2/tweets/search/recent", params={"query": "bus"}).status_code == 200
    assert same_64.get("/2/tweets/search/recent", params={"query": "bus"}).status_code == 200
    assert same_64.get("/2/tweets/search/recent", params={"query": "bus"}).status_code == 429
    assert other_64.get("/2/tweets/search/recent", params={"query": "bus"}).status_code == 200


def test_forwarded_for_is_trusted_only_from_configured_proxies(make_client):
    from starlette.testclient import TestClient

    direct = make_client(client=("198.51.100.20", 1), anonymous_quota="1/15min", trusted_proxies=["10.0.0.0/8"])
    app = direct.app
    proxy = TestClient(app, client=("10.1.2.3", 1))
    spoof = {"X-Forwarded-For": "192.0.2.1"}
    # an untrusted peer cannot pick its bucket with the header
    assert direct.get("/2/tweets/search/recent", params={"query": "bus"}, headers=spoof).status_code == 200
    assert (
        direct.get(
            "/2/tweets/search/recent", params={"query": "bus"}, headers={"X-Forwarded-For": "192.0.2.99"}
        ).status_code
        == 429
    )
    # behind the trusted proxy each forwarded client has its own bucket; a forged left hop is ignored
    assert (
        proxy.get(
            "/2/tweets/search/recent", params={"query": "bus"}, headers={"X-Forwarded-For": "192.0.2.1"}
        ).status_code
        == 200
    )
    assert (
        proxy.get(
            "/2/tweets/search/recent", params={"query": "bus"}, headers={"X-Forwarded-For": "192.0.2.1"}
        ).status_code
        == 429
    )
    assert (
        proxy.get(
            "/2/tweets/search/recent", params={"query": "bus"}, headers={"X-Forwarded-For": "192.0.2.1, 192.0.2.2"}
        ).status_code
        == 200
    )


def test_client_ip_rules():
    from townsquare.server.clients import client_ip, parse_networks, rate_identity

    proxies = parse_networks(["10.0.0.0/8", "fd00::/8"])
    assert client_ip("10.0.0.1", "1.1.1.1, 2.2.2.2, 10.0.0.5", proxies) == "2.2.2.2"
    assert client_ip("8.8.8.8", "1.1.1.1", proxies) == "8.8.8.8"
    assert client_ip("10.0.0.1", "garbage", proxies) == "10.0.0.1"
    assert rate_identity("2001:db8::1") == rate_identity("2001:db8::ffff") == "ip:2001:db8::/64"
    assert rate_identity("::ffff:192.0.2.1") == "ip:192.0.2.1"


def test_per_ip_ceiling_across_keys(make_client, settings):
    from townsquare.server.auth import KeyStore

    store = KeyStore(settings.keys_db)
    tokens = [store.create(f"k{i}", "100/15min")[1] for i in range(3)]
    client = make_client(ip_quota="4/15min")
    statuses = [
        client.get(
            "/2/tweets/search/recent", params={"query": "bus"}, headers={"Authorization": f"Bearer {tokens[i % 3]}"}
        ).status_code
        for i in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_rate_limited_requests_are_logged_as_json(make_client, caplog):
    client = make_client(anonymous_quota="1/15min")
    with caplog.at_level(logging.WARNING, logger="townsquare.server"):
        client.get("/2/tweets/search/recent", params={"query": "bus"})
        client.get("/2/tweets/search/recent", params={"query": "bus"})
    events = [json.loads(record.getMessage()) for record in caplog.records if record.name == "townsquare.server"]
    assert any(event["event"] == "rate_limited" and event["client"] == "ip:203.0.113.7" for event in events)


def test_a_revoke_from_another_process_takes_effect_on_the_next_request(tmp_path):
    from townsquare.server.auth import KeyStore

    worker = KeyStore(tmp_path / "keys.sqlite")  # a running server worker's store
    cli = KeyStore(tmp_path / "keys.sqlite")  # `townsquare keys revoke`, another connection to the same file
    key, token = cli.create("alice", "10/15min")
    assert worker.verify(token) == key  # now cached in the worker
    cli.revoke(key.key_id)
    assert worker.verify(token) is None


def test_listing_or_revoking_without_a_key_store_does_not_create_one(tmp_path):
    from click.testing import CliRunner

    from townsquare.cli import main

    db = tmp_path / "keys.sqlite"
    for argv in (["keys", "list", "--keys-db", str(db)], ["keys", "revoke", "alice", "--keys-db", str(db)]):
        result = CliRunner().invoke(main, argv)
        assert result.exit_code == 1 and "no key store at" in result.output, result.output
    assert not db.exists()


def test_serve_with_trusted_proxies_starts_and_believes_them(start_server, index_dir):
    import httpx

    # R19-B10: every --trusted-proxy value crashed the workers' startup (the comma-joined environment value was
    # read as JSON), so the documented way to run behind a proxy gave one shared quota to every client
    base = start_server(
        index_dir, "--trusted-proxy", "127.0.0.0/8", "--trusted-proxy", "10.0.0.0/8", "--anonymous-quota", "1/15min"
    )

    def search(forwarded: str) -> int:
        query = {"query": "bus"}
        return httpx.get(
            base + "/2/tweets/search/recent", params=query, headers={"X-Forwarded-For": forwarded}
        ).status_code

    # each client the proxy (this host) forwards has its own anonymous quota
    assert search("192.0.2.1") == 200 and search("192.0.2.2") == 200
    assert search("192.0.2.1") == 429


def test_chat_answers_at_once_stay_within_the_posts_cap(start_server, index_dir, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from townsquare.server.auth import KeyStore

    # R19-B4: 12 requests at once each saw the whole cap of 12 posts and together served 78
    keys = tmp_path / "keys.sqlite"
    token = KeyStore(keys).create("racer", "100000/15min")[1]
    base = start_server(index_dir, "--posts-quota", "12/15min", keys_db=keys)
    questions = ["What do people say about the bus?", "What happened in the storm?", "Who talks about the vote?"]

    def chat(n: int) -> httpx.Response:
        body = {"messages": [{"role": "user", "content": questions[n % 3]}], "stream": n % 2 == 1}
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.post(base + "/v1/chat/completions", json=body, headers=headers, timeout=120)

    with ThreadPoolExecutor(12) as pool:
        replies = list(pool.map(chat, range(12)))
    served = 0
    for reply in replies:
        if reply.status_code == 429:
            continue
        assert reply.status_code == 200, reply.text
        if '"citations"' not in reply.text:
            continue  # a stream that ended on the cap's error event
        events = [line[6:] for line in reply.text.splitlines() if line.startswith("data: {")]
        bodies = [json.loads(e) for e in events] if events else [reply.json()]
        served += max(len(b.get("citations") or []) for b in bodies)
    assert 0 < served <= 12, served
