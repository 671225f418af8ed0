"""Request and response models for /openapi.json (routes send orjson bytes directly).

``SearchParams`` is validated by the route itself, in one pydantic call: FastAPI's
per-parameter extraction cost ~0.8 ms a request here (of ~3 ms); ``query_parameters``
documents it exactly as FastAPI would have.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from townsquare.limits import DEFAULT_LIMITS


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _rfc3339(value: Any) -> Any:
    # pydantic alone also takes "0" (epoch seconds), bare dates and naive times; the spec says date-time
    if isinstance(value, str) and not _RFC3339.fullmatch(value):
        raise ValueError("must be an RFC 3339 date-time with a zone, e.g. 2025-03-01T00:00:00Z")
    return value


Timestamp = Annotated[datetime | None, BeforeValidator(_rfc3339)]


_FIELDS_NOTE = "accepted for X clients; every response carries the same fixed set of fields"


class SearchParams(BaseModel):
    """The query string of ``GET /2/tweets/search/recent``.

    A parameter that is not here is refused with a 400, as X refuses it
    (``KNOWN_PARAMETERS``); X's field-selection parameters are accepted so X
    clients work unchanged, but the response always has the same fields.
    """

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    query: Annotated[
        str,
        Field(
            min_length=1,
            max_length=DEFAULT_LIMITS.max_query_length,
            description='X search syntax: words, "phrase", -word, OR, #tag, @handle, '
            "from:, lang:, is:reply, -is:repost, has:links, since:, until:",
        ),
    ]
    max_results: Annotated[int, Field(ge=10, le=100)] = 10
    next_token: Annotated[str | None, Field(max_length=1024)] = None
    start_time: Timestamp = None
    end_time: Timestamp = None
    sort_order: Literal["recency", "relevancy"] = "recency"
    mode: Annotated[
        Literal["hybrid", "keyword", "vector"] | None,
        Field(description="townsquare extension: ranking engine (default: server setting)"),
    ] = None
    pagination_token: Annotated[str | None, Field(max_length=1024, description="X's other name for next_token")] = None
    expansions: Annotated[str | None, Field(max_length=1024, description=_FIELDS_NOTE)] = None
    tweet_fields: Annotated[str | None, Field(alias="tweet.fields", max_length=1024, description=_FIELDS_NOTE)] = None
    user_fields: Annotated[str | None, Field(alias="user.fields", max_length=1024, description=_FIELDS_NOTE)] = None
    media_fields: Annotated[str | None, Field(alias="media.fields", max_length=1024, description=_FIELDS_NOTE)] = None
    place_fields: Annotated[str | None, Field(alias="place.fields", max_length=1024, description=_FIELDS_NOTE)] = None
    poll_fields: Annotated[str | None, Field(alias="poll.fields", max_length=1024, description=_FIELDS_NOTE)] = None


KNOWN_PARAMETERS = tuple(field.alias or name for name, field in SearchParams.model_fields.items())
UNSUPPORTED_PARAMETERS = ("since_id", "until_id")
"""X parameters this server refuses by name: ids here are not all time-ordered numbers; use start_time/end_time."""


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """OpenAPI ``parameters`` (in: query) for a flat model, shaped as FastAPI writes them."""
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema["properties"].items():  # by alias: "tweet.fields", as clients send it
        parameter = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if "description" in prop:
            parameter["description"] = prop["description"]
        parameters.append(parameter)
    return parameters


class PublicMetrics(_Open):
    retweet_count: int = 0
    reply_count: int = 0
    like_count: int = 0
    quote_count: int = 0


class ReferencedTweet(_Open):
    type: str
    id: str


class Tweet(_Open):
    id: str
    text: str
    author_id: str | None = None
    created_at: str | None = None
    lang: str | None = None
    conversation_id: str | None = None
    edit_history_tweet_ids: list[str] = []
    public_metrics: PublicMetrics | None = None
    referenced_tweets: list[ReferencedTweet] | None = None
    entities: dict[str, Any] | None = None
    uri: str | None = None
    platform: str | None = None


class User(_Open):
    id: str
    username: str
    name: str | None = None


class Includes(_Open):
    users: list[User] = []


class SearchMeta(_Open):
    result_count: int
    newest_id: str | None = None
    oldest_id: str | None = None
    next_token: str | None = None


class SearchResponse(_Open):
    data: list[Tweet] | None = None
    includes: Includes | None = None
    meta: SearchMeta


class TweetResponse(_Open):
    data: Tweet
    includes: Includes | None = None


class Problem(_Open):
    errors: list[dict[str, Any]]
    title: str
    detail: str
    type: str
    status: int | None = None


class Health(_Open):
    status: str
    posts: int | None = None
    embedder_ok: bool  # the index's embedder loads (hybrid and vector search, chat)
    storage: str
    storage_ok: bool
    detail: str | None = None  # why not, where the server knows (not an index yet, a damaged embedder)


_RATE_HEADERS = {
    name: {"schema": {"type": "string"}, "description": text}
    for name, text in (
        ("x-rate-limit-limit", "requests allowed per window"),
        ("x-rate-limit-remaining", "requests left in the window"),
        ("x-rate-limit-reset", "epoch seconds when capacity frees up"),
        ("RateLimit", "IETF: remaining and seconds to reset"),
        ("RateLimit-Policy", "IETF: quota and window"),
    )
}

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Invalid request (a query syntax error names its position)"},
    401: {"model": Problem, "description": "Unknown, malformed or revoked bearer token"},
    429: {"model": Problem, "description": "Over quota; see Retry-After", "headers": _RATE_HEADERS},
    503: {"model": Problem, "description": "The index cannot serve (not an index yet, or a damaged embedder)"},
}
OK_HEADERS = _RATE_HEADERS
