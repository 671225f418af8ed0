"""``/2/tweets/search/recent``, ``/2/tweets/{id}`` and ``/health``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from townsquare.server import searching
from townsquare.server.schemas import ERRORS, OK_HEADERS, Health, Problem, SearchResponse, TweetResponse
from townsquare.server.services import Client, Services, admit, get_services

router = APIRouter()

Admitted = Annotated[Client, Depends(admit)]
Svc = Annotated[Services, Depends(get_services)]


def _json(body, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


# Routes are ``async def`` on purpose: the work is CPU-bound under the searcher's
# lock, so a thread-pool hop per request would only add latency; workers scale it.
@router.get("/2/tweets/search/recent", response_model=SearchResponse, tags=["search"],
            responses={**ERRORS, 200: {"headers": OK_HEADERS}},
            summary="Search recent public posts (X API v2 shape)")
async def search_recent(
    client: Admitted, services: Svc,
    query: Annotated[str, Query(min_length=1, max_length=512,
                                description='X search syntax: words, "phrase", -word, OR, #tag, @handle, '
                                            "from:, lang:, is:reply, -is:repost, has:links, since:, until:")],
    max_results: Annotated[int, Query(ge=10, le=100)] = 10,
    next_token: Annotated[str | None, Query(max_length=1024)] = None,
    start_time: datetime | None = None,
    end_time: datetime | None = None,
    sort_order: Literal["recency", "relevancy"] = "recency",
    mode: Annotated[Literal["hybrid", "keyword", "vector"] | None,
                    Query(description="townsquare extension: ranking engine (default: server setting)")] = None,
) -> Response:
    return _json(searching.search(services, client, query, max_results, next_token, start_time, end_time,
                                  sort_order, mode))


@router.get("/2/tweets/{id:path}", response_model=TweetResponse, tags=["search"],
            responses={**ERRORS, 404: {"model": Problem, "description": "No public post with this id"},
                       200: {"headers": OK_HEADERS}},
            summary="Look up one public post by id")
async def get_tweet(client: Admitted, services: Svc,
                    id: Annotated[str, Path(min_length=1, max_length=512)]) -> Response:
    return _json(searching.lookup(services, client, id))


@router.get("/health", response_model=Health, tags=["ops"], responses={503: {"model": Health}})
async def health(services: Svc) -> Response:
    storage = "redis" if services.settings.redis_url else "memory"
    storage_ok = services.limiter.check()
    try:
        posts = services.searcher.count()
    except Exception:  # an unreadable index is what health reports, not a 500
        posts = None
    ok = posts is not None and storage_ok
    return _json({"status": "ok" if ok else "unavailable", "posts": posts, "storage": storage,
                  "storage_ok": storage_ok}, 200 if ok else 503)
