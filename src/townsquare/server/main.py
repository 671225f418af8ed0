"""App assembly: routers, error handlers, the rate-limit headers and body-size middleware. No logic here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from townsquare import __version__
from townsquare.server.problems import (
    ApiError,
    BodyLimit,
    api_error_handler,
    http_error_handler,
    validation_error_handler,
)
from townsquare.server.ratelimit import RateLimitHeaders
from townsquare.server.routers import chat, search, web
from townsquare.server.settings import Settings


@asynccontextmanager
async def _open_index(app: FastAPI) -> AsyncIterator[None]:
    """Open the index when a worker starts, so no request waits for it (a 1M-post index takes seconds)."""
    import anyio

    from townsquare.server.problems import ApiError
    from townsquare.server.services import open_services

    try:
        await anyio.to_thread.run_sync(open_services, app)
    except ApiError:
        pass  # not an index (yet), or a damaged embedder: requests answer 503 (and /health says so) until fixed
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    """The ASGI app; ``settings`` replaces the environment-read ones (tests, embedding)."""
    # handlers passed here rather than with add_exception_handler: Starlette types that one as taking any
    # Exception, so a handler of one exception class does not type-check there
    app = FastAPI(
        title="townsquare search API",
        version=__version__,
        lifespan=_open_index,
        description="Search over public posts, shaped like X API v2 recent search, and an assistant that "
        "answers from them with citations, shaped like OpenAI's chat completions.",
        exception_handlers={
            ApiError: api_error_handler,
            RequestValidationError: validation_error_handler,
            HTTPException: http_error_handler,
        },
    )
    # on app.state, not dependency_overrides: see services._settings (overrides cost per request)
    app.state.settings = settings
    app.include_router(search.router)
    app.include_router(chat.router)
    app.include_router(web.router)
    app.add_middleware(RateLimitHeaders)
    app.add_middleware(BodyLimit)
    return app


def app_factory() -> FastAPI:
    """For ``uvicorn --factory townsquare.server.main:app_factory`` (settings from TOWNSQUARE_* variables)."""
    return create_app()
