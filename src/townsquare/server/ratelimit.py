"""Rate limits on the ``limits`` library: moving windows, in memory or in Redis.

A moving window counts every request of the last ``period`` seconds exactly
(no fixed-window double bursts at the boundary, no sliding-counter estimate),
so "no key is served more than its quota" holds to the request. With
``redis://`` the counters live in Redis and an atomic Lua script does each hit,
so any number of server processes share one quota per key.

Every limited response carries X's headers (``x-rate-limit-limit``,
``x-rate-limit-remaining``, ``x-rate-limit-reset`` in epoch seconds) and the
IETF ones (``RateLimit-Policy: "name";q=450;w=900`` and
``RateLimit: "name";r=449;t=900``); ``RateLimitHeaders`` adds them at the ASGI
level so error responses get them too.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from townsquare.errors import ConfigError

_UNITS = {
    "s": "second", "sec": "second", "second": "second", "seconds": "second",
    "m": "minute", "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "h": "hour", "hr": "hour", "hour": "hour", "hours": "hour",
    "d": "day", "day": "day", "days": "day",
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

    def item(self):
        """The ``limits`` item for this quota (imported lazily: the CLI parses quotas without it)."""
        from limits import RateLimitItemPerSecond

        return RateLimitItemPerSecond(self.amount, self.seconds)

    def tightened(self, factor: int) -> int:
        """The amount allowed while tightened ``factor`` times (at least 1 per window)."""
        return max(1, self.amount // max(1, factor))


def parse_period(text: str) -> int:
    """``15min`` / ``1 hour`` / ``30s`` -> seconds."""
    match = _PERIOD.match(text or "")
    unit = _UNITS.get(match.group(2).lower()) if match else None
    if unit is None:
        raise ConfigError(f"{text!r} is not a period; write e.g. 15min, 1hour, 30s, 1day")
    return int(match.group(1) or 1) * _SECONDS[unit]


def parse_quota(text: str) -> Quota:
    """``450/15min`` (also ``450 per 15 minutes``, ``60/min``) -> Quota; a clear error otherwise."""
    match = _QUOTA.match(text or "")
    unit = _UNITS.get(match.group(3).lower()) if match else None
    if unit is None or int(match.group(1)) < 1:
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
    reset: float        # epoch seconds when capacity frees up
    window: int         # seconds

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


class RateLimiter:
    """Moving-window limits over one storage (``memory://`` or ``redis://...``)."""

    def __init__(self, storage_uri: str = "memory://") -> None:
        from limits.storage import storage_from_string
        from limits.strategies import MovingWindowRateLimiter

        try:
            self.storage = storage_from_string(storage_uri)
        except Exception as exc:  # limits raises ConfigurationError/ValueError for bad URIs and missing drivers
            raise ConfigError(f"rate-limit storage {storage_uri!r}: {exc}") from None
        self.strategy = MovingWindowRateLimiter(self.storage)
        self.uri = storage_uri

    def hit(self, quota: Quota, policy: str, *identity: str, cost: int = 1, cap: int | None = None) -> Decision:
        """Spend ``cost`` of ``quota`` for ``identity``; refused (and not counted) when it does not fit.

        ``cap`` (below ``quota.amount``) tightens the limit while counting in the
        same window, so a client flagged mid-window keeps what it already used.
        """
        item = quota.item()
        if cap is not None and cap < quota.amount:
            before = self._decision(item, quota, policy, identity, True)
            used = quota.amount - before.remaining
            if used + cost > cap:
                return Decision(False, policy, cap, max(0, cap - used), before.reset, quota.seconds)
            allowed = self.strategy.hit(item, policy, *identity, cost=cost)
            after = self._decision(item, quota, policy, identity, allowed)
            after.remaining = max(0, cap - (quota.amount - after.remaining))
            after.limit = cap
            return after
        allowed = self.strategy.hit(item, policy, *identity, cost=cost)
        return self._decision(item, quota, policy, identity, allowed)

    def peek(self, quota: Quota, policy: str, *identity: str, cap: int | None = None) -> Decision:
        """What is left (under ``cap`` when given), without spending."""
        item = quota.item()
        decision = self._decision(item, quota, policy, identity, True)
        if cap is not None and cap < quota.amount:
            decision.remaining = max(0, cap - (quota.amount - decision.remaining))
            decision.limit = cap
        decision.allowed = decision.remaining > 0
        return decision

    def _decision(self, item, quota: Quota, policy: str, identity, allowed: bool) -> Decision:
        stats = self.strategy.get_window_stats(item, policy, *identity)
        reset = stats.reset_time if stats.remaining < quota.amount else time.time() + quota.seconds
        return Decision(allowed, policy, quota.amount, stats.remaining, reset, quota.seconds)

    def check(self) -> bool:
        """True when the storage answers (for /health)."""
        try:
            return bool(self.storage.check())
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

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                decision = scope.get("state", {}).get("rate")
                if decision is not None:
                    message = dict(message)
                    message["headers"] = list(message.get("headers", [])) + decision.headers()
            await send(message)

        await self.app(scope, receive, send_with_headers)
