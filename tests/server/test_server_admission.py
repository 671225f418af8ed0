"""Admission in one storage call (one Redis round trip): penalty flag, ceiling, quota and a posts look."""

from __future__ import annotations

import asyncio

import pytest

from townsquare.server.ratelimit import RateLimiter, parse_quota


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def limiter(request):
    limiter = RateLimiter("memory://" if request.param == "memory" else request.getfixturevalue("redis_url"))
    limiter.reset_all()
    return limiter


def test_admit_stops_at_a_refused_step_and_tightens_flagged_clients(limiter):
    penalty, ceiling, quota, posts = (parse_quota(q) for q in ("1/hour", "2/min", "10/min", "100/min"))

    async def admit(client: str):
        try:
            return await _admit(client)
        finally:
            if hasattr(limiter.storage, "aclose"):
                await limiter.storage.aclose()

    async def _admit(client: str):
        return await limiter.admit(
            (penalty, "penalty", (client,)),
            (ceiling, "ip", ("ip:1",), 1, True),
            (quota, "key", (client,), 1, True),
            (posts, "posts", (client,), 0, False),
            factor=5,
        )

    flagged, (ip, key, look) = asyncio.run(admit("key:a"))
    assert not flagged and ip.allowed and key.remaining == 9 and look.allowed and look.limit == 100
    asyncio.run(admit("key:a"))
    flagged, decisions = asyncio.run(admit("key:a"))
    assert len(decisions) == 1 and not decisions[0].allowed  # the ceiling refused: the key spent nothing
    assert limiter.peek(quota, "key", "key:a").remaining == 8
    limiter.hit(penalty, "penalty", "key:b")  # flag key:b

    async def admit_b():
        try:
            return await limiter.admit(
                (penalty, "penalty", ("key:b",)),
                (quota, "key", ("key:b",), 1, True),
                (posts, "posts", ("key:b",), 0, False),
                factor=5,
            )
        finally:
            if hasattr(limiter.storage, "aclose"):
                await limiter.storage.aclose()

    flagged, decisions = asyncio.run(admit_b())
    assert flagged and decisions[0].limit == 2 and decisions[0].remaining == 1 and decisions[1].limit == 20


@pytest.mark.redis
def test_admit_survives_a_flushed_script_cache(redis_url):
    import redis

    limiter = RateLimiter(redis_url)
    limiter.reset_all()
    quota, penalty = parse_quota("10/min"), parse_quota("1/hour")

    async def twice():
        first = await limiter.admit((penalty, "penalty", ("c",)), (quota, "key", ("c",), 1, True))
        redis.Redis.from_url(redis_url).script_flush()
        second = await limiter.admit((penalty, "penalty", ("c",)), (quota, "key", ("c",), 1, True))
        spent = await limiter.hit_async(quota, "key", "c")
        await limiter.storage.aclose()
        return first, second, spent

    first, second, spent = asyncio.run(twice())
    assert [first[1][0].remaining, second[1][0].remaining, spent.remaining] == [9, 8, 7]
