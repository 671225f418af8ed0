"""Rate limits: exact moving windows, in this process's memory or in Redis.

A moving window counts every request of the last ``period`` seconds exactly
(no fixed-window double bursts at the boundary, no sliding-counter estimate),
so "no key is served more than its quota" holds to the request. Each counter
is a log of ``(time, cost)`` entries plus their running sum, so a weighted hit
(a page of 100 posts against the posts quota) is one entry, and every decision
is O(entries that expired since the last one). With ``redis://`` the log is a
Redis list and one Lua script does each decision atomically in one round trip,
so any number of server processes share one quota per key.

Why not the ``limits`` library, which this module used first: its in-memory
storage starts a ``threading.Timer`` per hit to expire keys, a moving-window
hit of cost N records N entries, and a decision with its window stats takes two
calls (two Redis round trips). Profiled, that was ~2 ms of a ~5 ms request.

Every limited response carries X's headers (``x-rate-limit-limit``,
``x-rate-limit-remaining``, ``x-rate-limit-reset`` in epoch seconds) and the
IETF ones (``RateLimit-Policy: "name";q=450;w=900`` and
``RateLimit: "name";r=449;t=900``); ``RateLimitHeaders`` adds them at the ASGI
level so error responses get them too.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from townsquare.errors import ConfigError

if TYPE_CHECKING:
    import asyncio

    import redis.asyncio
    from redis.commands.core import AsyncScript
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

_UNITS = {
    "s": "second",
    "sec": "second",
    "second": "second",
    "seconds": "second",
    "m": "minute",
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "minutes": "minute",
    "h": "hour",
    "hr": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
}
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_QUOTA = re.compile(r"^\s*(\d+)\s*(?:/|per)\s*(\d+)?\s*([a-z]+)\s*$", re.IGNORECASE)
_PERIOD = re.compile(r"^\s*(\d+)?\s*([a-z]+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Quota:
    """``amount`` requests (or posts) per ``seconds``."""

    amount: int
    seconds: int
    text: str

    def tightened(self, factor: int) -> int:
        """The amount allowed while tightened ``factor`` times (at least 1 per window)."""
        return max(1, self.amount // max(1, factor))


def parse_period(text: str) -> int:
    """``15min`` / ``1 hour`` / ``30s`` -> seconds."""
    match = _PERIOD.match(text or "")
    unit = _UNITS.get(match.group(2).lower()) if match else None
    if match is None or unit is None:
        raise ConfigError(f"{text!r} is not a period; write e.g. 15min, 1hour, 30s, 1day")
    return int(match.group(1) or 1) * _SECONDS[unit]


def parse_quota(text: str) -> Quota:
    """``450/15min`` (also ``450 per 15 minutes``, ``60/min``) -> Quota; a clear error otherwise."""
    match = _QUOTA.match(text or "")
    unit = _UNITS.get(match.group(3).lower()) if match else None
    if match is None or unit is None or int(match.group(1)) < 1:
        raise ConfigError(f"{text!r} is not a quota; write N/PERIOD, e.g. 450/15min, 1000/hour, 10/s")
    seconds = int(match.group(2) or 1) * _SECONDS[unit]
    if seconds < 1:
        raise ConfigError(f"{text!r}: the period must be at least one second")
    return Quota(int(match.group(1)), seconds, text.strip())


@dataclass
class Decision:
    """One limiter's answer: allowed or not, and what to tell the client."""

    allowed: bool
    policy: str
    limit: int
    remaining: int
    reset: float  # epoch seconds when capacity frees up
    window: int  # seconds

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(self.reset - time.time()))

    def headers(self) -> list[tuple[bytes, bytes]]:
        """X and IETF rate-limit headers for this decision."""
        reset_in = max(0, math.ceil(self.reset - time.time()))
        values = [
            ("x-rate-limit-limit", str(self.limit)),
            ("x-rate-limit-remaining", str(max(0, self.remaining))),
            ("x-rate-limit-reset", str(math.ceil(self.reset))),
            ("ratelimit-policy", f'"{self.policy}";q={self.limit};w={self.window}'),
            ("ratelimit", f'"{self.policy}";r={max(0, self.remaining)};t={reset_in}'),
        ]
        if not self.allowed:
            values.append(("retry-after", str(self.retry_after)))
        return [(name.encode(), value.encode()) for name, value in values]


class MemoryWindows:
    """Moving-window logs in this process: per counter a deque of ``[time, cost]`` and their sum."""

    SWEEP_EVERY = 10_000  # decisions between sweeps of idle counters (bounded memory with many clients)

    def __init__(self) -> None:
        # per counter: the log of (time, cost) entries, and their sum in a one-item list (mutable in place)
        self._logs: dict[str, tuple[deque[tuple[float, int]], list[int]]] = {}
        self._lock = threading.Lock()
        self._decisions = 0

    def spend(self, key: str, limit: int, window: int, cost: int, now: float) -> tuple[bool, int, float | None]:
        """``(allowed, used after, time of the oldest counted entry)``; ``cost=0`` only looks."""
        with self._lock:
            log = self._logs.get(key)
            if log is None:
                log = self._logs[key] = (deque(), [0])
            entries, used = log
            horizon = now - window
            while entries and entries[0][0] <= horizon:
                used[0] -= entries.popleft()[1]
            allowed = used[0] < limit if cost == 0 else used[0] + cost <= limit
            if allowed and cost:
                entries.append((now, cost))
                used[0] += cost
            oldest = entries[0][0] if entries else None
            self._decisions += 1
            if self._decisions % self.SWEEP_EVERY == 0:
                self._sweep(now)
            return allowed, used[0], oldest

    async def spend_async(
        self, key: str, limit: int, window: int, cost: int, now: float
    ) -> tuple[bool, int, float | None]:
        return self.spend(key, limit, window, cost, now)

    async def admit_async(
        self, steps: list[tuple[str, int, int, int, int, bool]], now: float
    ) -> list[tuple[bool, int, float | None, int]]:
        """The same steps as ``RedisWindows.admit_async``, in this process."""
        out: list[tuple[bool, int, float | None, int]] = []
        flagged = False
        for i, (key, window, limit, flagged_limit, cost, stop) in enumerate(steps):
            if flagged:
                limit = flagged_limit
            allowed, used, oldest = self.spend(key, limit, window, cost, now)
            out.append((allowed, used, oldest, limit))
            if i == 0:
                flagged = not allowed
            elif stop and not allowed:
                break
        return out

    def _sweep(self, now: float) -> None:
        # a counter whose newest entry is older than the longest window (a day) can go
        idle = [key for key, (entries, _) in self._logs.items() if not entries or entries[-1][0] <= now - 86400]
        for key in idle:
            del self._logs[key]

    def check(self) -> bool:
        return True

    def reset(self) -> None:
        with self._lock:
            self._logs.clear()


# The moving-window spend over one counter, shared by both scripts. A counter is a log (list,
# newest first, entries "time:cost") and the sum of the log's costs. ``now`` is ARGV[1] in both
# scripts (epoch seconds as text, also written into new entries); cost 0 only looks.
# Returns allowed, used after, and the oldest entry's time as text or "".
_SPEND_FN = """
local now = tonumber(ARGV[1])
local function spend(logkey, sumkey, window, limit, cost)
  local used = tonumber(redis.call('GET', sumkey) or '0')
  local horizon, changed = now - window, false
  while true do
    local oldest = redis.call('LINDEX', logkey, -1)
    if not oldest then used = 0 break end
    local sep = string.find(oldest, ':', 1, true)
    if tonumber(string.sub(oldest, 1, sep - 1)) > horizon then break end
    redis.call('RPOP', logkey)
    used = used - tonumber(string.sub(oldest, sep + 1))
    changed = true
  end
  local allowed
  if cost == 0 then allowed = used < limit else allowed = used + cost <= limit end
  if allowed and cost > 0 then
    redis.call('LPUSH', logkey, ARGV[1] .. ':' .. cost)
    used = used + cost
    changed = true
  end
  if changed then
    if used > 0 then
      redis.call('SET', sumkey, used, 'PX', window * 1000)
      redis.call('PEXPIRE', logkey, window * 1000)
    else
      redis.call('DEL', logkey, sumkey)
    end
  end
  local oldest = redis.call('LINDEX', logkey, -1)
  if oldest then oldest = string.sub(oldest, 1, string.find(oldest, ':', 1, true) - 1) else oldest = '' end
  return allowed, used, oldest
end
"""

# One counter. KEYS: log, sum. ARGV: now, window (s), limit, cost. Returns {allowed 0/1, used, oldest}.
_SPEND_LUA = (
    _SPEND_FN
    + """
local allowed, used, oldest = spend(KEYS[1], KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))
return {allowed and 1 or 0, used, oldest}
"""
)

# Admission in one round trip: the same spend over several counters in order.
# KEYS: log and sum key of each step. ARGV[1]: now; then per step: window, limit, limit when flagged,
# cost (0: only look), stop (1: a refusal ends the script). Step 1 is the penalty flag (limit 1,
# cost 0): the client is flagged while it is refused, and later steps then use their flagged limit.
# Returns per step run: {allowed 0/1, used after, oldest entry's time as text or "", limit applied}.
_ADMIT_LUA = (
    _SPEND_FN
    + """
local out, flagged = {}, false
for i = 1, #KEYS / 2 do
  local a = 1 + (i - 1) * 5
  local window, limit, cost = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 4])
  if flagged then limit = tonumber(ARGV[a + 3]) end
  local allowed, used, oldest = spend(KEYS[2 * i - 1], KEYS[2 * i], window, limit, cost)
  if i == 1 then flagged = not allowed end
  out[#out + 1] = allowed and 1 or 0
  out[#out + 1] = used
  out[#out + 1] = oldest
  out[#out + 1] = limit
  if i > 1 and not allowed and ARGV[a + 5] == '1' then break end
end
return out
"""
)


@dataclass
class _AsyncRedis:
    """The ``redis.asyncio`` client of one event loop and its two registered scripts."""

    loop: asyncio.AbstractEventLoop
    client: redis.asyncio.Redis
    spend: AsyncScript
    admit: AsyncScript


class RedisWindows:
    """The same moving-window logs in Redis: one atomic Lua script (one round trip) per decision."""

    PREFIX = "townsquare:rl:"

    def __init__(self, uri: str) -> None:
        import redis

        self.uri = uri
        self.client = redis.Redis.from_url(uri, socket_timeout=5, socket_connect_timeout=5)
        self._script = self.client.register_script(_SPEND_LUA)
        self._async: _AsyncRedis | None = None

    def _keys(self, key: str) -> list[str]:
        # the {hash tag} keeps a counter's two keys in one slot (Redis Cluster)
        base = f"{self.PREFIX}{{{key}}}"
        return [base + ":log", base + ":sum"]

    def spend(self, key: str, limit: int, window: int, cost: int, now: float) -> tuple[bool, int, float | None]:
        allowed, used, oldest = self._script(keys=self._keys(key), args=[repr(now), window, limit, cost])
        return bool(allowed), int(used), float(oldest) if oldest else None

    def _async_scripts(self) -> _AsyncRedis:
        """``redis.asyncio`` client and scripts for the running event loop (a pool belongs to one loop)."""
        import asyncio

        import redis.asyncio

        loop = asyncio.get_running_loop()
        if self._async is None or self._async.loop is not loop:
            client = redis.asyncio.Redis.from_url(self.uri, socket_timeout=5, socket_connect_timeout=5)
            self._async = _AsyncRedis(
                loop, client, client.register_script(_SPEND_LUA), client.register_script(_ADMIT_LUA)
            )
        return self._async

    async def _run(self, admit: bool, keys: list[str], args: list[str | int]) -> list[Any]:
        """EVALSHA on a pooled connection directly: redis-py's command machinery (retries, encoder
        lookups, response callbacks) cost more CPU than the round trip itself. NOSCRIPT (a restarted
        or flushed Redis) and connection errors fall back to the full client, which loads the script
        and retries."""
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import NoScriptError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        scripts = self._async_scripts()
        script = scripts.admit if admit else scripts.spend
        pool = scripts.client.connection_pool
        # redis-py annotates only the abstract get_connection; ConnectionPool's override is unannotated
        connection = await pool.get_connection()  # type: ignore[no-untyped-call]
        try:
            await connection.send_command("EVALSHA", script.sha, len(keys), *keys, *args)
            # cast: redis-py types a reply as Any; both our Lua scripts return one flat table (a list)
            return cast("list[Any]", await connection.read_response())
        except NoScriptError:
            pass
        except (RedisConnectionError, RedisTimeoutError, OSError):
            await connection.disconnect()
        finally:
            await pool.release(connection)
        return cast("list[Any]", await script(keys=keys, args=args))  # as above: the reply is our script's table

    async def aclose(self) -> None:
        """Close the ``redis.asyncio`` client of the running loop (tests; servers just exit)."""
        if self._async is not None:
            client, self._async = self._async.client, None
            await client.aclose()

    async def spend_async(
        self, key: str, limit: int, window: int, cost: int, now: float
    ) -> tuple[bool, int, float | None]:
        allowed, used, oldest = await self._run(False, self._keys(key), [repr(now), window, limit, cost])
        return bool(allowed), int(used), float(oldest) if oldest else None

    async def admit_async(
        self, steps: list[tuple[str, int, int, int, int, bool]], now: float
    ) -> list[tuple[bool, int, float | None, int]]:
        """Run ``(key, window, limit, flagged limit, cost, stop)`` steps in one script (one round trip)."""
        keys: list[str] = []
        args: list[str | int] = [repr(now)]
        for key, window, limit, flagged_limit, cost, stop in steps:
            keys += self._keys(key)
            args += [window, limit, flagged_limit, cost, int(stop)]
        flat = await self._run(True, keys, args)
        return [
            (bool(flat[i]), int(flat[i + 1]), float(flat[i + 2]) if flat[i + 2] else None, int(flat[i + 3]))
            for i in range(0, len(flat), 4)
        ]

    def check(self) -> bool:
        return bool(self.client.ping())

    def reset(self) -> None:
        for key in self.client.scan_iter(match=self.PREFIX + "*", count=1000):
            self.client.delete(key)


# (quota, policy, identity, cost, stop) for ``RateLimiter.admit``; the penalty step is (quota, policy, identity)
Step = tuple[Quota, str, tuple[str, ...], int, bool]
PenaltyStep = tuple[Quota, str, tuple[str, ...]]


def _counter(quota: Quota, policy: str, identity: tuple[str, ...]) -> str:
    # the counter is named by the quota, not the cap: tightening keeps what was already used
    return f"{policy}/{'/'.join(identity)}/{quota.amount}/{quota.seconds}"


def _decision(
    quota: Quota, policy: str, allowed: bool, used: int, oldest: float | None, limit: int, now: float
) -> Decision:
    reset = oldest + quota.seconds if oldest is not None else now + quota.seconds
    return Decision(allowed, policy, limit, max(0, limit - used), reset, quota.seconds)


class RateLimiter:
    """Moving-window limits over one storage (``memory://`` or ``redis://...``)."""

    def __init__(self, storage_uri: str = "memory://") -> None:
        scheme = storage_uri.partition("://")[0].lower()
        if scheme == "memory":
            self.storage: MemoryWindows | RedisWindows = MemoryWindows()
        elif scheme in ("redis", "rediss", "unix"):
            try:
                self.storage = RedisWindows(storage_uri)
            except (ImportError, ValueError) as exc:
                raise ConfigError(f"rate-limit storage {storage_uri!r}: {exc}") from None
        else:
            raise ConfigError(
                f"rate-limit storage {storage_uri!r}: unknown scheme; use memory:// or redis://host:6379/0"
            )
        self.uri = storage_uri

    def hit(self, quota: Quota, policy: str, *identity: str, cost: int = 1, cap: int | None = None) -> Decision:
        """Spend ``cost`` of ``quota`` for ``identity``; refused (and not counted) when it does not fit.

        ``cap`` (below ``quota.amount``) tightens the limit while counting in the
        same window, so a client flagged mid-window keeps what it already used.
        """
        return self._decide(quota, policy, identity, max(1, cost), cap)

    def peek(self, quota: Quota, policy: str, *identity: str, cap: int | None = None) -> Decision:
        """What is left (under ``cap`` when given), without spending; allowed while anything is left."""
        return self._decide(quota, policy, identity, 0, cap)

    def _decide(self, quota: Quota, policy: str, identity: tuple[str, ...], cost: int, cap: int | None) -> Decision:
        limit = cap if cap is not None and cap < quota.amount else quota.amount
        now = time.time()
        allowed, used, oldest = self.storage.spend(_counter(quota, policy, identity), limit, quota.seconds, cost, now)
        return _decision(quota, policy, allowed, used, oldest, limit, now)

    async def hit_async(
        self, quota: Quota, policy: str, *identity: str, cost: int = 1, cap: int | None = None
    ) -> Decision:
        """``hit`` without blocking the event loop (``redis.asyncio``; memory answers at once)."""
        limit = cap if cap is not None and cap < quota.amount else quota.amount
        now = time.time()
        allowed, used, oldest = await self.storage.spend_async(
            _counter(quota, policy, identity), limit, quota.seconds, max(1, cost), now
        )
        return _decision(quota, policy, allowed, used, oldest, limit, now)

    async def admit(self, penalty: PenaltyStep, *steps: Step, factor: int = 1) -> tuple[bool, list[Decision]]:
        """Several decisions in one storage call (one Redis round trip): ``(flagged, decisions)``.

        ``penalty`` is only looked at: the client is flagged while its penalty counter
        is spent, and then each step's limit is its quota tightened ``factor`` times.
        Each step is ``(quota, policy, identity, cost, stop)``; cost 0 only looks, and a
        refused step with ``stop`` ends the run (later steps are neither spent nor returned).
        """
        plan = [
            (
                _counter(penalty[0], penalty[1], penalty[2]),
                penalty[0].seconds,
                penalty[0].amount,
                penalty[0].amount,
                0,
                False,
            )
        ]
        for quota, policy, identity, cost, stop in steps:
            plan.append(
                (_counter(quota, policy, identity), quota.seconds, quota.amount, quota.tightened(factor), cost, stop)
            )
        now = time.time()
        answers = await self.storage.admit_async(plan, now)
        flagged = not answers[0][0]
        decisions = [
            _decision(quota, policy, allowed, used, oldest, limit, now)
            for (quota, policy, *_), (allowed, used, oldest, limit) in zip(steps, answers[1:])
        ]
        return flagged, decisions

    def check(self) -> bool:
        """True when the storage answers (for /health)."""
        try:
            return self.storage.check()
        except Exception:  # a down Redis is a health answer, not an error
            return False

    def reset_all(self) -> None:
        """Forget every counter (tests)."""
        self.storage.reset()


class RateLimitHeaders:
    """ASGI middleware: adds the rate-limit headers a route left in ``request.state.rate``.

    Pure ASGI (not ``BaseHTTPMiddleware``) so it costs one dict lookup per
    response and also covers responses made by exception handlers.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                decision = scope.get("state", {}).get("rate")
                headers = list(message.get("headers", []))
                # a posts-cap 429 brings its own: the cap that was hit, not the request quota left
                if decision is not None and not any(name == b"x-rate-limit-limit" for name, _ in headers):
                    message = dict(message)
                    message["headers"] = headers + decision.headers()
            await send(message)

        await self.app(scope, receive, send_with_headers)
