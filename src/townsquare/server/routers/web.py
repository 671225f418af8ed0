"""The web page at ``/``: a search box, results, and "load more" through the API.

The page is one static HTML file. With ``?q=`` the first page of results is
rendered on the server too (works without JavaScript, and is what a link to a
search shows); the script then talks to ``/2/tweets/search/recent`` for new
searches and for "load more" with ``next_token``. Either way the results come
from ``searching.search``, under the same quotas as the API.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from townsquare.limits import DEFAULT_LIMITS
from townsquare.server import searching
from townsquare.server.problems import ApiError
from townsquare.server.services import Services, admit, get_services

router = APIRouter()
_SLOT = re.compile(r"\{\{(query|results|next_token|message|sort_order)\}\}")


@lru_cache
def _template() -> str:
    return resources.files("townsquare.server").joinpath("static/index.html").read_text(encoding="utf-8")


def result_html(post: dict[str, Any], user: dict[str, Any] | None) -> str:
    """One result as the script renders it too (keep both in step: the browser test checks them)."""
    handle = html.escape((user or {}).get("username") or post.get("author_id") or "unknown")
    when = html.escape(post.get("created_at") or "")
    uri = post.get("uri") or ""
    link = (
        f'<a class="original" href="{html.escape(uri)}" rel="noopener nofollow" target="_blank">original post</a>'
        if uri.startswith(("https://", "http://"))
        else ""
    )
    return (
        f'<li class="result" data-id="{html.escape(post["id"])}"><div class="head">'
        f'<span class="author">@{handle}</span> <time datetime="{when}">{when}</time> {link}</div>'
        f'<p class="text">{html.escape(post.get("text") or "")}</p></li>'
    )


_HTML = {"text/html": {"schema": {"type": "string"}}}


# In the OpenAPI spec too, so that schemathesis checks the page like the API (no 5xx, statuses as documented).
@router.get(
    "/",
    response_class=HTMLResponse,
    tags=["web"],
    summary="The search page (HTML)",
    responses={
        200: {"content": _HTML, "description": "The page, with the first results for q"},
        400: {"content": _HTML, "description": "The page, saying why q was refused (and where)"},
        401: {"content": _HTML, "description": "The page, saying the bearer token is refused"},
        429: {"content": _HTML, "description": "The page, saying the client is over quota"},
    },
)
async def page(
    request: Request, services: Annotated[Services, Depends(get_services)], q: str = "", sort_order: str = "relevancy"
) -> HTMLResponse:
    results, next_token, message, status = "", "", "", 200
    sort_order = sort_order if sort_order in ("relevancy", "recency") else "relevancy"
    limit = DEFAULT_LIMITS.max_query_length  # the API's limit; a longer one is refused before any work
    if len(q) > limit:
        status = 400
        message = (
            f"There were errors processing your request: query longer than {limit} characters "
            f"(limit max_query_length = {limit}) (at position {limit})"
        )
        q = q[:limit]  # not echoed back whole
    elif q.strip():
        try:
            client = await admit(request, services)
            body = await searching.search(services, client, q, 10, sort_order=sort_order)
        except ApiError as error:
            status = error.status
            message = error.errors[0].get("message", error.detail) if error.errors else error.detail
        else:
            authors = {user["id"]: user for user in body.get("includes", {}).get("users", [])}
            results = "".join(result_html(post, authors.get(post.get("author_id"))) for post in body.get("data", []))
            next_token = body["meta"].get("next_token") or ""
            if not body.get("data"):
                message = "No public posts match."
    values = {
        "query": html.escape(q),
        "results": results,
        "next_token": html.escape(next_token),
        "message": html.escape(message),
        "sort_order": sort_order,
    }
    # one pass over the template: a "{{results}}" typed into the query is text, not a slot
    filled = _SLOT.sub(lambda slot: values[slot.group(1)], _template())
    return HTMLResponse(filled, status_code=status)


@router.head("/", include_in_schema=False)
async def page_head() -> HTMLResponse:
    """Monitors and link checkers ask with HEAD (RFC 9110: wherever GET works)."""
    return HTMLResponse("")
