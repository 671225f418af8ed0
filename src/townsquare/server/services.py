"""The per-process services (searcher, keys, limiter, guard) and the admission dependency.

``get_services`` builds them once per app from the app's settings (``create_app(settings)``,
else ``get_settings()``; an ``app.dependency_overrides[get_settings]`` entry wins, so a
test's override reaches them too). ``admit`` runs
before every API route: it identifies the client (bearer key or IP), applies
the key's quota and the per-IP ceiling, and leaves the decision in
``request.state.rate`` for the headers middleware.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request

from townsquare.server.antiscrape import Guard, log_event
from townsquare.server.auth import ApiKey, KeyStore
from townsquare.server.clients import Network, client_ip, parse_networks, rate_identity
from townsquare.server.problems import too_many_requests, unauthorized, unavailable
from townsquare.server.ratelimit import Decision, Quota, RateLimiter, Step, parse_quota
from townsquare.server.settings import Settings, get_settings

if TYPE_CHECKING:
    from datetime import datetime

    from townsquare.assistant.compose import ExtractiveComposer, LocalComposer, RemoteComposer
    from townsquare.assistant.core import Assistant
    from townsquare.index.search import Searcher, SearchPage

    Composer = ExtractiveComposer | LocalComposer | RemoteComposer
    # (query, max_results, start_time, end_time, sort_order, next_token, mode)
    PageKey = tuple[str, int, datetime | None, datetime | None, str, str | None, str]

_build_lock = threading.Lock()


@dataclass
class Services:
    settings: Settings
    keys: KeyStore
    limiter: RateLimiter
    guard: Guard
    proxies: list[Network]
    anonymous_quota: Quota
    ip_quota: Quota
    _searcher: Searcher | None = None
    # key -> (post store version, expiry on the monotonic clock, page)
    _pages: OrderedDict[PageKey, tuple[int, float, SearchPage]] = field(default_factory=OrderedDict)
    _assistant: Assistant | None = None
    composers: dict[str, Composer] = field(default_factory=dict)  # model name -> composer, built on first use
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: float = field(default_factory=time.time)

    PAGE_CACHE_SECONDS = 10.0  # bounds the drift of time-dependent boosts; index changes invalidate at once

    @property
    def searcher(self) -> Searcher:
        """The index, opened on first use; a 503 while the folder is not an index (yet)."""
        if self._searcher is None:
            from townsquare.errors import InputError
            from townsquare.index.search import Searcher

            with _build_lock:
                if self._searcher is None:
                    try:
                        self._searcher = Searcher(self.settings.index)
                    except InputError as exc:
                        raise unavailable(str(exc)) from None
        return self._searcher

    def check_embedder(self) -> None:
        """Load the index's embedder (once); a 503 naming the fix while INDEX/embedder is damaged.

        Not cached when it fails: once the folder is deleted (and so rebuilt) the server serves again.
        """
        from townsquare.errors import ConfigError

        searcher = self.searcher
        try:
            _ = searcher.embedder
        except ConfigError as exc:
            raise unavailable(str(exc)) from None

    @property
    def assistant(self) -> Assistant:
        """The chat assistant over the same searcher (so the same public posts, forgotten ones never cited)."""
        if self._assistant is None:
            from townsquare.assistant.core import Assistant

            searcher = self.searcher
            with self.lock:
                if self._assistant is None:
                    self._assistant = Assistant(searcher)
        return self._assistant

    def _index_version(self, searcher: Searcher) -> int:
        # SQLite's data_version changes whenever another connection commits to the post store:
        # every add to the index and every ``townsquare forget`` writes there
        with searcher._lock:
            version: int = searcher.store.db.execute("PRAGMA data_version").fetchone()[0]
        return version

    def search_page(
        self,
        query: str,
        max_results: int,
        start_time: datetime | None,
        end_time: datetime | None,
        sort_order: str,
        next_token: str | None,
        mode: str,
    ) -> SearchPage:
        """``Searcher.search`` through a small read-through cache of result pages.

        An entry is used only while the post store is unchanged (a forgotten post is
        never served from it) and for ``PAGE_CACHE_SECONDS`` at most. Errors are not cached.
        """
        searcher = self.searcher
        size, pages = self.settings.page_cache, self._pages
        if size:  # with the cache off, not even the store's version is read
            version = self._index_version(searcher)
            key: PageKey = (query, max_results, start_time, end_time, sort_order, next_token, mode)
            now = time.monotonic()
            cached = pages.get(key)
            if cached is not None and cached[0] == version and cached[1] > now:
                return cached[2]
        page = searcher.search(
            query,
            max_results=max_results,
            start_time=start_time,
            end_time=end_time,
            sort_order=sort_order,
            next_token=next_token,
            mode=mode,
        )
        if size:
            pages[key] = (version, now + self.PAGE_CACHE_SECONDS, page)
            pages.move_to_end(key)
            while len(pages) > size:
                pages.popitem(last=False)
        return page


def build_services(settings: Settings) -> Services:
    keys = KeyStore(settings.keys_db)
    limiter = RateLimiter(settings.storage_uri)
    return Services(
        settings=settings,
        keys=keys,
        limiter=limiter,
        guard=Guard(limiter, keys.signing_secret(), settings),
        proxies=parse_networks(settings.trusted_proxies),
        anonymous_quota=parse_quota(settings.anonymous_quota),
        ip_quota=parse_quota(settings.ip_quota),
    )


def _settings(request: Request) -> Settings:
    return _app_settings(request.app)


def _app_settings(app: FastAPI) -> Settings:
    # Read here rather than through ``Depends(get_settings)``: a sync dependency costs a
    # thread-pool hop per request, and any entry in ``dependency_overrides`` makes FastAPI
    # rebuild every sub-dependency's signature per request. An override still wins.
    override = app.dependency_overrides.get(get_settings) if app.dependency_overrides else None
    if override is not None:
        overridden: Settings = override()  # an override of get_settings returns Settings too
        return overridden
    settings: Settings | None = getattr(app.state, "settings", None)
    return settings if settings is not None else get_settings()


def _services_for(app: FastAPI, settings: Settings) -> Services:
    services: Services | None = getattr(app.state, "services", None)
    if services is None or services.settings is not settings:
        with _build_lock:
            services = getattr(app.state, "services", None)
            if services is None or services.settings is not settings:
                services = app.state.services = build_services(settings)
    return services


async def get_services(request: Request) -> Services:
    """The app's services, built on first use from its settings (rebuilt if they are replaced)."""
    return _services_for(request.app, _settings(request))


def open_services(app: FastAPI) -> Services:
    """Build the app's services and open its index and embedder now (the worker's startup), not on the first
    request; ApiError (503) when either cannot be opened."""
    services = _services_for(app, _app_settings(app))
    services.check_embedder()  # opens the index, then loads its embedder (hybrid search and chat need it)
    # The assistant's reader (MiniLM, a second or two) loads on a worker's first chat request, not here: a
    # search-only server never pays for torch, and loading it in a thread beside the first requests broke
    # Python 3.11's AST validator (shared state) for code parsing in parallel (the schemathesis suite).
    return services


@dataclass
class Client:
    """The caller of one request, as rate limits see it."""

    id: str  # "key:<key_id>" or "ip:<address or /64>"
    ip: str
    key: ApiKey | None
    flagged: bool
    posts: Decision | None = None  # what is left of its posts quota (looked at on admission)


async def admit(request: Request, services: Services | None = None) -> Client:
    """Identify the caller and spend one request of its quota (429 when none is left).

    The penalty flag, the per-IP ceiling, the key's (or address's) quota and a look
    at the posts quota are one storage call: one Redis round trip, on ``redis.asyncio``.
    """
    if services is None:
        services = await get_services(request)
    ip = client_ip(
        request.client.host if request.client else None, request.headers.get("x-forwarded-for"), services.proxies
    )
    ip_id = rate_identity(ip)
    key = None
    authorization = request.headers.get("authorization")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise unauthorized("Authorization must be 'Bearer <token>'")
        key = services.keys.verify(token.strip())
        if key is None:
            log_event("bad_token", ip=ip)
            raise unauthorized("Unauthorized: the bearer token is unknown or revoked")
    client_id = f"key:{key.key_id}" if key else ip_id
    guard, limiter = services.guard, services.limiter
    if key is not None:
        # the per-IP ceiling first: a refused request there spends nothing of the key
        quota, policy = _key_quota(key.quota), "key"
        steps: list[Step] = [(services.ip_quota, "ip", (ip_id,), 1, True), (quota, policy, (client_id,), 1, True)]
    else:
        quota, policy = services.anonymous_quota, "anonymous"
        steps = [(quota, policy, (client_id,), 1, True)]
    steps.append((guard.posts_quota, "posts", (client_id,), 0, False))
    flagged, decisions = await limiter.admit(
        (guard.penalty, "penalty", (client_id,)), *steps, factor=guard.penalty_factor
    )
    if key is not None:
        ceiling = decisions[0]
        if not ceiling.allowed:
            request.state.rate = ceiling
            log_event("rate_limited", client=client_id, ip=ip, policy="ip", path=request.url.path)
            raise too_many_requests("Too Many Requests: this address is over its request ceiling")
        decisions = decisions[1:]
    decision = decisions[0]
    request.state.rate = decision
    if not decision.allowed:
        log_event("rate_limited", client=client_id, ip=ip, policy=policy, flagged=flagged, path=request.url.path)
        raise too_many_requests()
    return Client(id=client_id, ip=ip, key=key, flagged=flagged, posts=decisions[1])


@lru_cache(maxsize=4096)
def _key_quota(text: str) -> Quota:
    return parse_quota(text)
