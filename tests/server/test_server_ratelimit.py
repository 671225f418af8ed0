"""The moving-window limiter: exact counts, weighted hits, caps, expiry; memory and Redis alike."""

from __future__ import annotations

import threading

import pytest

from townsquare.errors import ConfigError
from townsquare.server.ratelimit import MemoryWindows, RateLimiter, RedisWindows, parse_quota


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def windows(request):
    if request.param == "memory":
        return MemoryWindows()
    storage = RedisWindows(request.getfixturevalue("redis_url"))
    storage.reset()
    return storage


def test_moving_window_counts_exactly_and_frees_capacity_as_entries_age(windows):
    t0 = 1_700_000_000.0
    for k in range(5):
        assert windows.spend("k", 5, 60, 1, t0 + k) == (True, k + 1, t0)
    assert windows.spend("k", 5, 60, 1, t0 + 10) == (False, 5, t0)  # full: refused, not counted
    assert windows.spend("k", 5, 60, 1, t0 + 59.9)[0] is False  # the first entry is still inside the window
    assert windows.spend("k", 5, 60, 1, t0 + 60.5) == (True, 5, t0 + 1)  # it left; one slot freed
    assert windows.spend("other", 5, 60, 0, t0) == (True, 0, None)  # counters are per key


def test_a_weighted_hit_is_one_entry_and_all_or_nothing(windows):
    t0 = 1_700_000_000.0
    assert windows.spend("posts", 100, 60, 60, t0) == (True, 60, t0)
    assert windows.spend("posts", 100, 60, 50, t0 + 1) == (False, 60, t0)  # would overshoot: nothing spent
    assert windows.spend("posts", 100, 60, 40, t0 + 2) == (True, 100, t0)
    assert windows.spend("posts", 100, 60, 0, t0 + 3)[0] is False  # peek: nothing left
    assert windows.spend("posts", 100, 60, 0, t0 + 60.5) == (True, 40, t0 + 2)  # the 60-post page aged out


def test_limiter_decision_headers_cap_and_peek():
    limiter = RateLimiter("memory://")
    quota = parse_quota("10/min")
    first = limiter.hit(quota, "key", "key:a")
    assert (first.allowed, first.limit, first.remaining, first.window) == (True, 10, 9, 60)
    assert limiter.peek(quota, "key", "key:a").remaining == 9  # peeking spends nothing
    # tightened to 3 mid-window: what was used still counts
    assert [limiter.hit(quota, "key", "key:a", cap=3).allowed for _ in range(3)] == [True, True, False]
    refused = limiter.hit(quota, "key", "key:a", cap=3)
    assert (refused.allowed, refused.limit, refused.remaining) == (False, 3, 0)
    headers = dict(refused.headers())
    assert headers[b"x-rate-limit-limit"] == b"3" and headers[b"retry-after"].isdigit()
    assert limiter.hit(quota, "key", "key:a", cost=7).remaining == 0  # uncapped: 3 used + 7


def test_memory_limiter_starts_no_threads():
    """The old ``limits`` memory storage started a timer thread per hit; this one must not."""
    limiter = RateLimiter("memory://")
    before = threading.active_count()
    for k in range(500):
        limiter.hit(parse_quota("1000/min"), "key", f"key:{k % 7}", cost=10)
    assert threading.active_count() == before


def test_idle_counters_are_swept():
    windows = MemoryWindows()
    windows.SWEEP_EVERY = 10
    for k in range(9):
        windows.spend(f"k{k}", 5, 60, 1, 1000.0)
    windows.spend("late", 5, 60, 1, 1000.0 + 86_401)  # the 10th decision sweeps: the others are a day old
    assert list(windows._logs) == ["late"]


def test_unknown_storage_is_one_clear_error():
    with pytest.raises(ConfigError, match="use memory:// or redis://"):
        RateLimiter("memcached://localhost")


@pytest.mark.redis
def test_redis_counters_are_shared_between_limiters(redis_url):
    """Two limiters (two server processes) on one Redis spend one quota."""
    a, b = RateLimiter(redis_url), RateLimiter(redis_url)
    a.reset_all()
    quota = parse_quota("4/min")
    allowed = [limiter.hit(quota, "key", "key:shared").allowed for limiter in (a, b, a, b, a, b)]
    assert allowed == [True, True, True, True, False, False]
    assert a.check() and b.peek(quota, "key", "key:shared").remaining == 0
    a.reset_all()
    assert b.peek(quota, "key", "key:shared").remaining == 4
