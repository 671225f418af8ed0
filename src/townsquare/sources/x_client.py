"""Collect posts from an X API v2-compatible search endpoint (X itself, or a townsquare server).

    client = XClient("https://api.x.com", bearer_token="...")
    for batch in client.search("#MillbrookVotes lang:en", max_posts=5000):
        ...                                   # POST_SCHEMA batches, ready for the corpus build

Polite by construction:

* after every response it reads ``x-rate-limit-remaining`` / ``x-rate-limit-reset``
  and, when the window is spent, waits for the reset before the next request
  instead of drawing a 429;
* a 429 is retried after ``Retry-After`` (else the reset header, else an
  exponential backoff), a 5xx or network error after an exponential backoff, up
  to ``max_retries`` times; other 4xx are one clear ``RemoteError`` line;
* pages follow ``meta.next_token`` until it is absent, ``max_pages`` or ``max_posts``.

Tweets become Post rows through the X API v2 reader's ``tweet_row``, so an
author marked ``protected`` in ``includes.users`` is kept as ``protected`` (and
dropped by the corpus build), exactly as in a saved export. A ``uri`` and
``platform`` on a tweet (a townsquare server adds them) are kept.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa

from townsquare.errors import RemoteError

SEARCH_PATH = "/2/tweets/search/recent"
DEFAULT_FIELDS = {
    "tweet.fields": "id,text,author_id,created_at,lang,conversation_id,public_metrics,referenced_tweets,entities,"
    "edit_history_tweet_ids,attachments",
    "expansions": "author_id",
    "user.fields": "id,username,protected",
}


@dataclass
class ClientStats:
    requests: int = 0
    pages: int = 0
    posts: int = 0
    retries: int = 0
    waited_seconds: float = 0.0
    rate_limited: int = 0


class XClient:
    """A polite X API v2 search client over httpx (pass ``transport=`` to fake the network in tests)."""

    def __init__(
        self,
        base_url: str,
        bearer_token: str | None,
        *,
        timeout: float = 30.0,
        max_retries: int = 5,
        max_wait: float = 900.0,
        send_fields: bool = True,
        transport=None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        import httpx

        headers = {"User-Agent": "townsquare-collector"}
        if bearer_token:
            headers["Authorization"] = f"Bearer {bearer_token}"
        self.http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport)
        self.max_retries, self.max_wait, self.send_fields = max_retries, max_wait, send_fields
        self.sleep, self.clock = sleep, clock
        self.stats = ClientStats()
        self._resume_at = 0.0  # when the current window is spent: epoch seconds of its reset

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> XClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- public -----------------------------------------------------------------------
    def pages(
        self,
        query: str,
        *,
        max_results: int = 100,
        start_time: datetime | str | None = None,
        end_time: datetime | str | None = None,
        sort_order: str | None = None,
        max_pages: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Raw response pages (``data`` / ``includes`` / ``meta``), following next_token."""
        params: dict[str, Any] = {"query": query, "max_results": max_results}
        if self.send_fields:
            params.update(DEFAULT_FIELDS)
        for name, value in (("start_time", start_time), ("end_time", end_time)):
            if value is not None:
                params[name] = value.isoformat().replace("+00:00", "Z") if isinstance(value, datetime) else value
        if sort_order:
            params["sort_order"] = sort_order
        fetched = 0
        while max_pages is None or fetched < max_pages:
            page = self._get(SEARCH_PATH, params)
            fetched += 1
            self.stats.pages += 1
            yield page
            token = (page.get("meta") or {}).get("next_token")
            if not token:
                return
            params["next_token"] = token

    def search(self, query: str, *, max_posts: int | None = None, **options: Any) -> Iterator[pa.RecordBatch]:
        """POST_SCHEMA batches (one per page) of the posts matching ``query``."""
        from townsquare.post import batch_from_post_rows
        from townsquare.sources.x_api import Page, tweet_row

        left = max_posts
        for page in self.pages(query, **options):
            tweets = page.get("data") or []
            if left is not None:
                tweets = tweets[:left]
            lookups = Page(page.get("includes"))
            rows = []
            for tweet in tweets:
                row = tweet_row(tweet, lookups)
                if tweet.get("platform"):
                    row = row._replace(platform=tweet["platform"])
                if tweet.get("uri"):
                    row = row._replace(uri=tweet["uri"])
                rows.append(row)
            if rows:
                self.stats.posts += len(rows)
                yield batch_from_post_rows(rows)
            if left is not None:
                left -= len(rows)
                if left <= 0:
                    return

    def get(self, post_id: str) -> dict[str, Any] | None:
        """One tweet object by id, or None when the endpoint says 404."""
        try:
            return self._get(f"/2/tweets/{post_id}", {}).get("data")
        except RemoteError as exc:
            if getattr(exc, "status", None) == 404:
                return None
            raise

    # -- transport ----------------------------------------------------------------------
    def _get(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        import httpx

        attempt = 0
        while True:
            self._wait_for_window()
            self.stats.requests += 1
            try:
                response = self.http.get(path, params=params)
            except httpx.TransportError as exc:
                self._retry_or_raise(attempt, f"network error: {exc}", self._backoff(attempt))
                attempt += 1
                continue
            self._note_window(response)
            if response.status_code == 429:
                self.stats.rate_limited += 1
                self._retry_or_raise(attempt, "rate limited (429)", self._retry_after(response, attempt))
                attempt += 1
                continue
            if response.status_code >= 500:
                self._retry_or_raise(attempt, f"server error {response.status_code}", self._backoff(attempt))
                attempt += 1
                continue
            if response.status_code >= 400:
                error = RemoteError(f"{path}: HTTP {response.status_code}: {_problem(response)}")
                error.status = response.status_code
                raise error
            return response.json()

    def _retry_or_raise(self, attempt: int, why: str, delay: float) -> None:
        if attempt >= self.max_retries:
            raise RemoteError(f"giving up after {attempt + 1} attempts: {why}")
        if delay > self.max_wait:
            raise RemoteError(f"{why}: the server asks to wait {delay:.0f}s, more than max_wait={self.max_wait:.0f}s")
        self.stats.retries += 1
        self._pause(delay)

    def _note_window(self, response) -> None:
        remaining, reset = response.headers.get("x-rate-limit-remaining"), response.headers.get("x-rate-limit-reset")
        if remaining is None or reset is None:
            return
        try:
            remaining_n, reset_at = int(remaining), float(reset)
        except ValueError:
            return
        self._resume_at = reset_at if remaining_n <= 0 else 0.0

    def _wait_for_window(self) -> None:
        if self._resume_at:
            delay = self._resume_at - self.clock() + 0.5  # half a second of slack for clock skew
            self._resume_at = 0.0
            if delay > 0:
                if delay > self.max_wait:
                    raise RemoteError(
                        f"the rate-limit window resets in {delay:.0f}s, more than max_wait={self.max_wait:.0f}s"
                    )
                self._pause(delay)

    def _retry_after(self, response, attempt: int) -> float:
        value = response.headers.get("retry-after")
        if value:
            try:
                return max(0.0, float(value))
            except ValueError:
                from email.utils import parsedate_to_datetime

                try:
                    return max(0.0, parsedate_to_datetime(value).timestamp() - self.clock())
                except (TypeError, ValueError):
                    pass
        reset = response.headers.get("x-rate-limit-reset")
        if reset:
            try:
                return max(0.0, float(reset) - self.clock() + 0.5)
            except ValueError:
                pass
        return self._backoff(attempt)

    @staticmethod
    def _backoff(attempt: int) -> float:
        return min(60.0, 2.0**attempt) * (0.5 + random.random() / 2)

    def _pause(self, seconds: float) -> None:
        self.stats.waited_seconds += seconds
        self.sleep(seconds)


def _problem(response) -> str:
    """The most useful line of an X-style error body."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    errors = body.get("errors") if isinstance(body, dict) else None
    if errors and isinstance(errors[0], dict):
        return str(errors[0].get("message") or errors[0].get("detail") or body.get("detail"))
    return str(body.get("detail") or body.get("title") or body)[:200] if isinstance(body, dict) else str(body)[:200]
