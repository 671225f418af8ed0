"""20 keys hammering real server processes: no key is served more than its quota (+-1).

Once with in-memory counters (one process), once with Redis shared by two
processes, requests spread over both. Each key asks for well over its quota
concurrently, so both an overshoot and an undershoot would show.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

KEYS, QUOTA, REQUESTS_PER_KEY = 20, 25, 45
# A lookup of one existing post: the cheapest request that spends quota, so the test measures the limiter
# (search requests are limited by the same code path; see test_server_auth.py).
PATH = "/2/tweets/1900000000000000000"


async def _hammer(bases: list[str], tokens: list[str]) -> tuple[Counter, Counter]:
    served, refused = Counter(), Counter()
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        semaphore = asyncio.Semaphore(48)

        async def one(i: int, key: int) -> None:
            async with semaphore:
                response = await client.get(
                    f"{bases[i % len(bases)]}{PATH}", headers={"Authorization": f"Bearer {tokens[key]}"}
                )
            if response.status_code == 200:
                served[key] += 1
            elif response.status_code == 429:
                refused[key] += 1
            else:
                raise AssertionError(f"unexpected {response.status_code}: {response.text[:200]}")

        # interleave keys so every key's requests are in flight at the same time
        await asyncio.gather(*(one(i, i % KEYS) for i in range(KEYS * REQUESTS_PER_KEY)))
    return served, refused


def _run(bases, tokens):
    served, refused = asyncio.run(_hammer(bases, tokens))
    assert sum(served.values()) + sum(refused.values()) == KEYS * REQUESTS_PER_KEY
    assert max(served.values()) <= QUOTA + 1, served
    assert min(served[key] for key in range(KEYS)) >= QUOTA - 1, served
    return served


def _keys(tmp_path):
    from townsquare.server.auth import KeyStore

    keys_db = tmp_path / "keys.sqlite"
    store = KeyStore(keys_db)
    return keys_db, [store.create(f"load{i}", f"{QUOTA}/10min")[1] for i in range(KEYS)]


@pytest.mark.slow
def test_20_keys_in_memory_one_process(start_server, index_dir, tmp_path):
    keys_db, tokens = _keys(tmp_path)
    base = start_server(index_dir, "--ip-quota", "100000/15min", keys_db=keys_db)
    served = _run([base], tokens)
    assert set(served.values()) == {QUOTA}  # one process, exact moving window: exactly the quota


@pytest.mark.slow
@pytest.mark.redis
def test_20_keys_with_redis_across_two_processes(start_server, index_dir, tmp_path, redis_url):
    keys_db, tokens = _keys(tmp_path)
    bases = [
        start_server(index_dir, "--redis", redis_url, "--ip-quota", "100000/15min", keys_db=keys_db) for _ in range(2)
    ]
    served = _run(bases, tokens)
    assert max(served.values()) <= QUOTA + 1
