"""Response models: they document the API in /openapi.json (routes send orjson bytes directly)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


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
    storage: str
    storage_ok: bool


_RATE_HEADERS = {name: {"schema": {"type": "string"}, "description": text} for name, text in (
    ("x-rate-limit-limit", "requests allowed per window"),
    ("x-rate-limit-remaining", "requests left in the window"),
    ("x-rate-limit-reset", "epoch seconds when capacity frees up"),
    ("RateLimit", "IETF: remaining and seconds to reset"),
    ("RateLimit-Policy", "IETF: quota and window"),
)}

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Invalid request (a query syntax error names its position)"},
    401: {"model": Problem, "description": "Unknown, malformed or revoked bearer token"},
    429: {"model": Problem, "description": "Over quota; see Retry-After", "headers": _RATE_HEADERS},
}
OK_HEADERS = _RATE_HEADERS
