"""``/2/tweets/search/recent``, ``/2/tweets/{id}`` and ``/health``."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError

from townsquare.server import searching
from townsquare.server.problems import ApiError, invalid_request
from townsquare.server.schemas import (
    ERRORS,
    KNOWN_PARAMETERS,
    OK_HEADERS,
    UNSUPPORTED_PARAMETERS,
    Health,
    Problem,
    SearchParams,
    SearchResponse,
    TweetResponse,
    query_parameters,
)
from townsquare.server.services import Services, admit, get_services

router = APIRouter()

Svc = Annotated[Services, Depends(get_services)]


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _params(request: Request) -> SearchParams:
    """The query string, validated in one call; errors become the same 400 as FastAPI's own."""
    query = dict(request.query_params)
    for name, value in query.items():
        if name in UNSUPPORTED_PARAMETERS:
            raise invalid_request(
                f"The query parameter [{name}] is not supported by this server; use start_time and end_time",
                name,
                value,
            )
        if name not in KNOWN_PARAMETERS:
            raise invalid_request(
                f"The query parameter [{name}] is not one of [{','.join(KNOWN_PARAMETERS)}]", name, value
            )
    if "pagination_token" in query:
        if "next_token" in query and query["next_token"] != query["pagination_token"]:
            raise invalid_request(
                "next_token and pagination_token differ; send one of them",
                "pagination_token",
                query["pagination_token"],
            )
        query["next_token"] = query["pagination_token"]
    try:
        return SearchParams.model_validate(query)
    except ValidationError as exc:
        raise RequestValidationError(
            [
                {
                    **error,
                    "loc": ("query", *error["loc"]),
                    "input": None if error["type"] == "missing" else error.get("input"),
                }
                for error in exc.errors(include_url=False)
            ]
        ) from None


# Routes are ``async def`` on purpose: the work is CPU-bound under the searcher's
# lock, so a thread-pool hop per request would only add latency; workers scale it.
@router.get("/2/tweets/search/recent/", include_in_schema=False)  # not a lookup of the id "search/recent/"
@router.get(
    "/2/tweets/search/recent",
    response_model=SearchResponse,
    tags=["search"],
    responses={**ERRORS, 200: {"headers": OK_HEADERS}},
    openapi_extra={"parameters": query_parameters(SearchParams)},
    summary="Search recent public posts (X API v2 shape)",
)
async def search_recent(request: Request) -> Response:
    # admission is called here, not declared with Depends: FastAPI's dependency solving cost
    # ~15% of a request under load; the OpenAPI spec is the same (admit adds no parameters)
    services = await get_services(request)
    client = await admit(request, services)
    params = _params(request)
    return _json(
        await searching.search(
            services,
            client,
            params.query,
            params.max_results,
            params.next_token,
            params.start_time,
            params.end_time,
            params.sort_order,
            params.mode,
        )
    )


@router.get(
    "/2/tweets/{id:path}",
    response_model=TweetResponse,
    tags=["search"],
    responses={
        **ERRORS,
        404: {"model": Problem, "description": "No public post with this id"},
        200: {"headers": OK_HEADERS},
    },
    summary="Look up one public post by id",
)
async def get_tweet(request: Request, id: Annotated[str, Path(min_length=1, max_length=512)]) -> Response:
    services = await get_services(request)
    client = await admit(request, services)
    return _json(await searching.lookup(services, client, id))


@router.head("/health", include_in_schema=False)
@router.get("/health", response_model=Health, tags=["ops"], responses={503: {"model": Health}})
async def health(services: Svc) -> Response:
    storage = "redis" if services.settings.redis_url else "memory"
    storage_ok = services.limiter.check()
    posts, embedder_ok, detail = None, False, None
    try:
        posts = services.searcher.count()
        services.check_embedder()
        embedder_ok = True
    except ApiError as exc:  # not an index (yet), or a damaged INDEX/embedder: the message names the fix
        detail = exc.detail
    except Exception:  # an unreadable index is what health reports, not a 500
        pass
    ok = embedder_ok and storage_ok
    body = {
        "status": "ok" if ok else "unavailable",
        "posts": posts,
        "embedder_ok": embedder_ok,
        "storage": storage,
        "storage_ok": storage_ok,
    }
    return _json(body if detail is None else {**body, "detail": detail}, 200 if ok else 503)
