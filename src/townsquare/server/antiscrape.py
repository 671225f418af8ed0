"""Anti-scraping beyond request quotas.

* **Pagination depth cap.** ``next_token`` values are the index's cursor
  wrapped with the page depth and an HMAC, so a client can neither forge a
  shallower depth nor a cursor; past ``max_page_depth`` pages the answer is 400.
* **Posts served per client per window.** A second moving-window limit counted
  in posts, not requests: 450 requests x 100 results is a bulk export, so a
  page is trimmed to what is left and 429 once nothing is.
* **Enumeration detection.** Id lookups that miss, lookups of numeric ids close
  to the previous one (walking the id space), and pages fetched through
  ``next_token`` are suspicious events; more than ``enumeration_threshold`` in
  ``enumeration_window`` flags the client for ``penalty_duration``, during which
  its quotas are divided by ``penalty_factor``.

Counters and flags live in the rate-limit storage, so with Redis they are
shared by every server process. Every decision is one structured (JSON) log
line on the ``townsquare.server`` logger.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

import orjson

from townsquare.server.ratelimit import Quota, RateLimiter, parse_period, parse_quota

if TYPE_CHECKING:
    from townsquare.server.settings import Settings

log = logging.getLogger("townsquare.server")


def log_event(event: str, **fields: object) -> None:
    """One JSON log line: ``{"event": ..., **fields}``."""
    log.warning(orjson.dumps({"event": event, **fields}, default=str).decode())


class BadToken(ValueError):
    """A next_token that was not issued by this server (or was altered)."""


class Guard:
    """Pagination tokens, the posts quota and enumeration flags for one server process."""

    def __init__(self, limiter: RateLimiter, secret: bytes, settings: Settings) -> None:
        self.limiter = limiter
        self.secret = secret
        self.max_page_depth = settings.max_page_depth
        self.posts_quota = parse_quota(settings.posts_quota)
        window = parse_period(settings.enumeration_window)
        self.suspicion = Quota(settings.enumeration_threshold, window, f"{settings.enumeration_threshold}/{window}s")
        self.penalty = Quota(1, parse_period(settings.penalty_duration), settings.penalty_duration)
        self.penalty_factor = settings.penalty_factor
        self.sequential_gap = settings.sequential_gap
        # last numeric id each client looked up (this process only: a hint, the counters are shared)
        self._last_lookup: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    # -- pagination tokens -----------------------------------------------------------
    def _mac(self, depth: int, inner: str) -> str:
        digest = hmac.new(self.secret, f"{depth}.{inner}".encode(), hashlib.sha256).digest()[:12]
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def wrap_token(self, inner: str | None, depth: int) -> str | None:
        """The public next_token for the page after page ``depth`` (1-based)."""
        if inner is None:
            return None
        return f"{depth}.{inner}.{self._mac(depth, inner)}"

    def unwrap_token(self, token: str) -> tuple[str, int]:
        """``(index cursor, depth of the page it leads from)``; BadToken if forged or garbled."""
        depth_text, _, rest = token.partition(".")
        inner, _, mac = rest.rpartition(".")
        if not depth_text.isdigit() or not inner or not hmac.compare_digest(mac, self._mac(int(depth_text), inner)):
            raise BadToken("next_token is not valid; pass the meta.next_token of the previous page unchanged")
        return inner, int(depth_text)

    # -- flags ---------------------------------------------------------------------------
    def flagged(self, client: str) -> bool:
        return not self.limiter.peek(self.penalty, "penalty", client).allowed

    def suspicious(self, client: str, reason: str, weight: int = 1, **fields: object) -> None:
        """Count a suspicious event; past the threshold, flag the client and log it."""
        decision = self.limiter.hit(self.suspicion, "suspicion", client, cost=weight)
        if decision.allowed:
            return
        if self.limiter.hit(self.penalty, "penalty", client).allowed:  # first time over: flag once
            log_event(
                "enumeration_flagged",
                client=client,
                reason=reason,
                penalty_seconds=self.penalty.seconds,
                penalty_factor=self.penalty_factor,
                **fields,
            )

    def note_lookup(self, client: str, post_id: str, found: bool) -> None:
        """An id lookup: misses and near-sequential numeric ids are suspicious."""
        if not found:
            self.suspicious(client, "lookup_miss", post_id=post_id)
        # isascii: str.isdigit() also accepts characters like "²" that int() rejects (found by schemathesis)
        if not (post_id.isascii() and post_id.isdigit()) or len(post_id) > 30:
            return
        number = int(post_id)
        with self._lock:
            previous = self._last_lookup.pop(client, None)
            self._last_lookup[client] = number
            if len(self._last_lookup) > 100_000:
                self._last_lookup.popitem(last=False)
        if previous is not None and 0 < abs(number - previous) <= self.sequential_gap:
            self.suspicious(client, "sequential_ids", post_id=post_id, previous=previous)

    def note_page(self, client: str, depth: int) -> None:
        """A page fetched through next_token: a long chain of them is an exhaustive crawl."""
        self.suspicious(client, "exhaustive_pagination", depth=depth)

    def cap(self, quota: Quota, flagged: bool) -> int | None:
        """The tightened amount of ``quota`` for a flagged client (None: not flagged)."""
        return quota.tightened(self.penalty_factor) if flagged else None
