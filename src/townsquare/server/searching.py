"""Search and lookup for the API and the web page, shaped like X API v2.

Both routers call these, so the web page gets exactly the same public-only
results, quotas and anti-scraping rules as the API.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from townsquare.server.antiscrape import BadToken, log_event
from townsquare.server.problems import invalid_request, not_found, unavailable, usage_capped
from townsquare.server.services import Client, Services

_REFERENCE_TYPES = (("reply_to", "replied_to"), ("quote_of", "quoted"), ("repost_of", "retweeted"))


def _author(post: dict[str, Any]) -> str | None:
    """The author's id; the handle where a source has no ids (CSV), as in ``includes.users``."""
    return post.get("author_id") or post.get("author_handle")


def tweet(post: dict[str, Any]) -> dict[str, Any]:
    """A stored post as an X API v2 tweet object (plus ``uri`` and ``platform``, which X lacks)."""
    out: dict[str, Any] = {
        "id": post["id"],
        "text": post.get("text") or "",
        "author_id": _author(post),
        "created_at": post.get("created_at"),
        "lang": post.get("lang"),
        "conversation_id": post.get("conversation_id") or post["id"],
        "edit_history_tweet_ids": [post["id"]],
        "public_metrics": {
            "retweet_count": post.get("repost_count") or 0,
            "reply_count": post.get("reply_count") or 0,
            "like_count": post.get("like_count") or 0,
            "quote_count": 0,
        },
        "uri": post.get("uri"),
        "platform": post.get("platform"),
    }
    references = [{"type": kind, "id": post[field]} for field, kind in _REFERENCE_TYPES if post.get(field)]
    if references:
        out["referenced_tweets"] = references
    entities = _entities(out["text"], post)
    if entities:
        out["entities"] = entities
    return out


_ENTITY_PATTERNS = (
    ("hashtags", "tag", re.compile(r"(?:^|(?<=[^\w&]))#(\w+)")),
    ("mentions", "username", re.compile(r"(?:^|(?<=\W))@([\w.]*\w)")),
    ("urls", "url", re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'\u2026]")),
)


_SHORT_LINK = re.compile(r"https?://t\.co/", re.IGNORECASE)


def _entities(text: str, post: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """X's ``entities``, with ``start``/``end`` code point offsets into the text.

    Found in the text (so ``#tag`` and ``has:links`` matches carry them, as on X,
    whatever the source filled in), then the stored ones the text does not show.
    """
    entities: dict[str, list[dict[str, Any]]] = {}
    stored = {
        "hashtags": post.get("hashtags") or [],
        "mentions": post.get("mentions") or [],
        "urls": post.get("urls") or [],
    }
    for kind, key, pattern in _ENTITY_PATTERNS:
        found: list[dict[str, Any]] = []
        for match in pattern.finditer(text):
            value = match.group(1) if pattern.groups else match.group(0)
            item: dict[str, Any] = {"start": match.start(), "end": match.end(), key: value}
            if kind == "urls":
                item["expanded_url"] = item["display_url"] = value
            found.append(item)
        seen = {item[key].lower() for item in found}
        if kind == "urls":
            # an X post's text holds t.co links and ``urls`` the links they stand for, in the same order: each
            # t.co entity gets its link as ``expanded_url`` (it was the t.co link again, and the link a second
            # entity with no offsets)
            shown = [u for u in stored[kind] if u and u.lower() not in seen]
            for item, value in zip([i for i in found if _SHORT_LINK.match(i["url"])], shown, strict=False):
                item["expanded_url"] = value
                item["display_url"] = re.sub(r"^https?://(?:www\.)?", "", value)
                seen.add(value.lower())
        for value in stored[kind]:
            value = value.lstrip("#@") if kind != "urls" else value
            if value and value.lower() not in seen:
                seen.add(value.lower())
                found.append({key: value, "expanded_url": value} if kind == "urls" else {key: value})
        if found:
            entities[kind] = found
    return entities


def users(posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``includes.users``: each author once, in order of appearance."""
    seen: dict[str, dict[str, Any]] = {}
    for post in posts:
        author = _author(post)
        if author and author not in seen:
            handle = post.get("author_handle") or author
            seen[author] = {"id": author, "username": handle, "name": handle}
    return list(seen.values())


async def search(
    services: Services,
    client: Client,
    query: str,
    max_results: int = 10,
    next_token: str | None = None,
    start_time: datetime | None = None,
    end_time: datetime | None = None,
    sort_order: str = "recency",
    mode: str | None = None,
) -> dict[str, Any]:
    """One page of search results as an X API v2 body; ApiError for bad input or spent quotas."""
    from townsquare.errors import ConfigError, InputError
    from townsquare.index import QuerySyntaxError, SearchParameterError

    guard, limiter = services.guard, services.limiter
    depth, inner = 0, None
    if next_token:
        try:
            inner, depth = guard.unwrap_token(next_token)
        except BadToken as exc:
            raise invalid_request(str(exc), "next_token", next_token) from None
        if depth >= guard.max_page_depth:
            log_event("pagination_capped", client=client.id, depth=depth + 1, query=query)
            guard.suspicious(client.id, "pagination_cap", weight=5, depth=depth + 1)
            raise invalid_request(
                f"pagination is capped at {guard.max_page_depth} pages; narrow the query "
                "(start_time, end_time, operators) to see older results",
                "next_token",
                next_token,
            )
        guard.note_page(client.id, depth + 1)
    cap = guard.cap(guard.posts_quota, client.flagged)
    # looked at on admission, in the same storage call as the request quota
    allowance = client.posts or limiter.peek(guard.posts_quota, "posts", client.id, cap=cap)
    if not allowance.allowed:
        log_event("posts_capped", client=client.id, limit=allowance.limit, flagged=client.flagged)
        raise usage_capped(allowance)
    try:
        page = services.search_page(
            query,
            min(max_results, allowance.remaining),
            start_time,
            end_time,
            sort_order,
            inner,
            mode or services.settings.search_mode,
        )
    except QuerySyntaxError as exc:
        raise invalid_request(
            f"There were errors processing your request: {exc.message} (at position {exc.position})",
            "query",
            query,
            position=exc.position,
        ) from None
    except SearchParameterError as exc:
        given = {
            "next_token": next_token,
            "start_time": start_time,
            "end_time": end_time,
            "sort_order": sort_order,
            "mode": mode,
            "max_results": max_results,
        }.get(exc.parameter, query)
        value = given.isoformat() if isinstance(given, datetime) else given
        raise invalid_request(str(exc), exc.parameter, value) from None
    except (ConfigError, InputError) as exc:  # the index's own embedder or vector file is damaged: the server's
        raise unavailable(str(exc)) from None  # fault, not the client's (a query's faults are the two above)
    if page.posts:
        spent = await limiter.hit_async(guard.posts_quota, "posts", client.id, cost=len(page.posts), cap=cap)
        if not spent.allowed:  # another process spent the rest meanwhile: still at most one page over
            log_event("posts_capped", client=client.id, limit=spent.limit, served=len(page.posts), raced=True)
    meta: dict[str, Any] = {"result_count": page.result_count}
    body: dict[str, Any] = {}
    if page.posts:
        body["data"] = [tweet(post) for post in page.posts]
        body["includes"] = {"users": users(page.posts)}
        meta["newest_id"], meta["oldest_id"] = page.newest_id, page.oldest_id
    token = guard.wrap_token(page.next_token, depth + 1)
    if token:
        meta["next_token"] = token
    body["meta"] = meta
    return body


async def lookup(services: Services, client: Client, post_id: str) -> dict[str, Any]:
    """``GET /2/tweets/{id}`` body; 404 ApiError when the post is not public in the index."""
    post = services.searcher.get(post_id)
    services.guard.note_lookup(client.id, post_id, post is not None)
    if post is None:
        raise not_found(post_id)
    cap = services.guard.cap(services.guard.posts_quota, client.flagged)
    spent = await services.limiter.hit_async(services.guard.posts_quota, "posts", client.id, cap=cap)
    if not spent.allowed:
        log_event("posts_capped", client=client.id, limit=spent.limit, lookup=True)
        raise usage_capped(spent)
    return {"data": tweet(post), "includes": {"users": users([post])}}
