"""X API v2 JSON / JSONL (as written by twarc2 and by the API itself) -> Post batches.

What a line (or a whole JSON document) may hold, and what becomes of it:

* a response page ``{data: [...], includes, meta, errors, __twarc}`` or a stream
  item ``{data: {...}, includes, matching_rules}``: each tweet in ``data`` is one
  post; authors (handle, protected), media and edits are expanded from
  ``includes``.
* a flattened tweet (``twarc2 flatten``): the tweet itself with ``author``,
  ``attachments.media`` and ``referenced_tweets`` embedded.
* a compliance / deletion event (batch compliance ``{id, action: "delete", ...}``,
  stream ``{data: {delete: {tweet: {...}}}}`` or v1.1 ``{delete: {status: {...}}}``):
  a tombstone row (``deleted=True``, no text) so downstream can forget the post.
  Events from a *users* compliance job carry user ids, not tweet ids, and cannot
  be told apart from tweet events by content: files whose name contains "user"
  (or ``options["compliance"] == "users"``) are counted as skipped.
* users, counts, lists and bare ``{errors: [...]}`` objects: not posts, counted
  in ``stats.skipped``.
* a line that is not JSON (a stream cut mid-write, wrong encoding, garbage):
  quarantined with its line number and byte offset; reading goes on.

Choices (so counts are well-defined):

* Only tweets in ``data`` are posts. Tweets in ``includes.tweets`` are context
  the API attached because a post referenced them; emitting them would make the
  count depend on the expansions requested and repeat them on every page.
* Edits: the latest version is the post. When a ``data`` tweet is an older
  version (its id is not the last of ``edit_history_tweet_ids``) and the latest
  version is in ``includes.tweets``, the latest version is emitted in its place;
  otherwise the old version is skipped (``stats.skipped``), never emitted.
  An older version captured before the edit does not know it is old (its
  history ends with itself); only a later version names it. So every edit
  history seen is also reported: when ``options["superseded"]`` is a dict, the
  reader sets ``superseded[older_id] = latest_id`` for each, and the build
  drops those versions wherever they are in the input.
* Withheld tweets (``withheld.country_codes``) stay ``public``: a legal
  restriction in some countries, not a privacy setting; the text is public
  everywhere else. The Post schema has no field for it.
* Visibility is ``protected`` when the author is protected (from
  ``includes.users`` or the flattened ``author``), else ``public``; a tweet whose
  author object is absent is taken as public (the API only serves protected
  tweets to followers, and then includes the author when asked).
* Duplicates (the same tweet on two pages) are kept; dedup is a corpus stage.
* A retweet is a tweet whose ``referenced_tweets`` has type ``retweeted``; its
  ``repost_of`` is that id. A tweet without one whose text reads ``RT @bob: ...``
  (old-style or flattened data) is a retweet too: its ``repost_of`` is
  ``unseen_original(id)``, a placeholder no real id equals, so the build drops it
  (``repost_original_unseen``) instead of keeping bob's text under another name.
"""

from __future__ import annotations

import gc
import re
import struct
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pyarrow as pa
from msgspec import UNSET, UnsetType

from townsquare.post import batch_from_columns, reject_cause, row_problem, to_utc
from townsquare.sources.base import ReadContext, decode_entities
from townsquare.sources.jsonio import BOM, is_document

FORMAT = "x-api-v2"

_MARKERS = (b'"__twarc"', b'"edit_history_tweet_ids"', b'"author_id"', b'"referenced_tweets"',
            b'"public_metrics"', b'"conversation_id"', b'"tweet_count"', b'"matching_rules"')
_NON_POST_KEYS = ("username", "tweet_count", "member_count", "owner_id", "follower_count")
_REF_FIELD = {"replied_to": 0, "quoted": 1, "retweeted": 2}


def sniff(path: Path, head: bytes) -> bool:
    """True for JSON whose first bytes carry X API v2 (or twarc2) field names."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] not in (b"{", b"["):
        return False
    if any(marker in text for marker in _MARKERS):
        return True
    # a compliance job result: {"id": "...", "action": "delete", "created_at": ..., "reason": ...}
    return b'"action"' in text and b'"reason"' in text and b'"delete"' in text


# --------------------------------------------------------------------------- rows

class RowBuffer:
    """Rows as tuples in POST_SCHEMA order; ``flush`` turns them into one batch.

    Tuples + one transpose at flush beat one list append per field per post.
    Each row is checked as it is added (``post.row_problem``), where its line is
    known: a row the schema cannot hold is quarantined, so building a batch cannot fail.
    """

    __slots__ = ("batch_size", "ctx", "lines", "rows")

    def __init__(self, ctx: ReadContext) -> None:
        self.rows: list[tuple] = []
        self.lines: list[int | None] = []
        self.ctx = ctx
        self.batch_size = ctx.batch_size

    def add(self, row: tuple, line: int | None) -> bool:
        """Append one row (or quarantine it); True when the batch is full."""
        problem = row_problem(row)
        if problem is not None:
            self.ctx.quarantine(reject_cause(problem, row[0]), line=line)
            return False
        return self.append(row, line)

    def append(self, row: tuple, line: int | None) -> bool:
        """``add`` for a row its caller already checked with ``row_problem``."""
        self.rows.append(row)
        self.lines.append(line)
        return len(self.rows) >= self.batch_size

    def flush(self) -> pa.RecordBatch | None:
        """The buffered rows as one POST_SCHEMA batch (None when empty)."""
        rows = self.rows
        self.rows, self.lines = [], []
        return rows_to_batch(rows) if rows else None


def rows_to_batch(rows: list[tuple]) -> pa.RecordBatch:
    return batch_from_columns(zip(*rows))


def tombstone(post_id: str, author_id: str | None = None, platform: str = "x") -> tuple:
    """A deleted-post row: id and the fact of deletion, nothing else."""
    return (post_id, platform, None, author_id, None, None, None, None, "public", True,
            None, None, None, None, None, None, None, None, None, None, None)


_RETWEET_TEXT = re.compile(r"RT @(\w+):")
"""How X writes a retweet's text (``RT @bob: <bob's text>``), also in data that lost the link to it."""


def retweet_handle(text: Any) -> str | None:
    """The retweeted handle when ``text`` is a retweet's (``RT @bob: ...``), else None."""
    match = _RETWEET_TEXT.match(text) if text.__class__ is str and text.startswith("RT @") else None
    return match.group(1) if match else None


def unseen_original(post_id: str) -> str:
    """``repost_of`` for a retweet whose data does not name the retweeted tweet.

    Not a number, so it can never match a real X id: the build drops the retweet as
    ``repost_original_unseen`` rather than keep the original author's text under the
    retweeter's name. Derived from the retweet's own id, so reruns agree.
    """
    return f"unknown-original-of-{post_id}"


def parse_time(value: Any) -> datetime | None:
    """API timestamps ("2021-10-16T19:00:00.000Z") to aware UTC datetimes; fast path first."""
    if value.__class__ is str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return to_utc(value)  # raises ValueError on garbage: the caller quarantines
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=timezone.utc)
        return parsed
    return to_utc(value)


def x_uri(handle: str | None, post_id: str) -> str:
    """The public link of a post on x.com (works without the handle too)."""
    if handle:
        return f"https://x.com/{handle}/status/{post_id}"
    return f"https://x.com/i/status/{post_id}"


# --------------------------------------------------------------------------- tweets

class Page:
    """Lookups built from one page's ``includes``: users, media, tweets by id."""

    __slots__ = ("users", "media", "tweets")

    def __init__(self, includes: Any) -> None:
        self.users: dict = {}
        self.media: dict = {}
        self.tweets: dict = {}
        if includes.__class__ is not dict:
            return
        self.users = _index(includes.get("users"), "id")
        self.media = _index(includes.get("media"), "media_key")
        self.tweets = _index(includes.get("tweets"), "id")


def _index(objects: Any, key: str) -> dict:
    """The dicts of an ``includes`` array by their string key (anything malformed is ignored)."""
    if objects.__class__ is not list:
        return {}
    return {item[key]: item for item in objects if item.__class__ is dict and item.get(key).__class__ is str}


_NO_PAGE = Page(None)


def _media_row(item: dict) -> dict:
    return {"kind": item.get("type"), "url": item.get("url") or item.get("preview_image_url"),
            "alt_text": item.get("alt_text")}


def tweet_row(tweet: dict, page: Page) -> tuple:
    """One Post row from an API v2 tweet object (page or flattened form)."""
    post_id = tweet["id"]
    if post_id.__class__ is not str:
        if post_id.__class__ is not int:
            raise ValueError("tweet id is not a string")
        post_id = str(post_id)
    text = tweet["text"]
    note = tweet.get("note_tweet")
    entities = tweet.get("entities")
    if note.__class__ is dict and note.get("text"):  # long post: `text` holds only the first 280 chars
        text = note["text"]
        entities = note.get("entities") or entities
    if text.__class__ is not str:
        raise ValueError("tweet text is not a string")
    text = decode_entities(text)  # X sends text HTML-escaped (&amp; &lt; &gt;)

    author_id = tweet.get("author_id")
    author = tweet.get("author") or page.users.get(author_id)
    handle = None
    visibility = "public"
    if author.__class__ is dict:
        handle = author.get("username")
        if author.get("protected") is True:
            visibility = "protected"
        if author_id is None:
            author_id = author.get("id")

    refs = [None, None, None]  # reply_to, quote_of, repost_of
    for ref in tweet.get("referenced_tweets") or ():
        slot = _REF_FIELD.get(ref.get("type"))
        if slot is not None:
            refs[slot] = ref.get("id")
    if refs[2] is None and retweet_handle(text):  # old or flattened data without `referenced_tweets`
        refs[2] = unseen_original(post_id)

    hashtags = mentions = urls = None
    if entities:
        tags = entities.get("hashtags")
        if tags:
            hashtags = [tag["tag"] for tag in tags]
        users = entities.get("mentions")
        if users:
            mentions = [user["username"] for user in users]
        links = entities.get("urls")
        if links:
            urls = [link.get("expanded_url") or link.get("url") for link in links]

    media = None
    attachments = tweet.get("attachments")
    if attachments:
        embedded = attachments.get("media")  # flattened form
        if embedded:
            media = [_media_row(item) for item in embedded]
        else:
            keys = attachments.get("media_keys")
            if keys and page.media:
                media = [_media_row(page.media[key]) for key in keys if key in page.media] or None

    metrics = tweet.get("public_metrics")
    if metrics:
        likes = metrics.get("like_count")
        reposts = metrics.get("retweet_count")
        replies = metrics.get("reply_count")
    else:
        likes = reposts = replies = None

    return (post_id, "x", x_uri(handle, post_id), author_id, handle, parse_time(tweet.get("created_at")),
            text, tweet.get("lang"), visibility, False, refs[0], tweet.get("conversation_id"), refs[1],
            refs[2], hashtags, mentions, urls, media, likes, reposts, replies)


def _note_edits(history: Any, superseded: dict | None) -> None:
    """Record ``older id -> latest id`` for an edit history (see the module docstring)."""
    if superseded is None or history.__class__ is not list or len(history) < 2:
        return
    latest = history[-1]
    if latest.__class__ is not str:
        return
    for older in history[:-1]:
        if older.__class__ is str and older != latest:
            superseded[older] = max(superseded.get(older, latest), latest, key=lambda i: (len(i), i))  # newest


def _latest_version(tweet: dict, page: Page) -> dict | None:
    """The tweet to emit for ``tweet``: itself, its latest edit from includes, or None (superseded)."""
    history = tweet.get("edit_history_tweet_ids")
    if history.__class__ is not list or len(history) < 2 or history[-1] == tweet.get("id"):
        return tweet
    latest = history[-1]
    return page.tweets.get(latest) if latest.__class__ is str else None


# --------------------------------------------------------------------------- typed fast path
#
# A typed msgspec decoder declares only the fields a Post needs; everything else in a tweet
# (context_annotations, the page's includes.tweets and places, twarc metadata, most of each user)
# is skipped while scanning, without building Python objects. That is most of the bytes.
#
# The typed path is a strict subset of the generic one above: it only handles records whose
# used fields have exactly the expected JSON types, and where it cannot be sure to produce what
# the generic path would (an older edit, an empty-looking author object, a bad date, a
# `data` object holding a delete event, ...) it raises _Fallback, and the whole line is parsed
# again with orjson and handled by the generic code. So counts, rows and quarantine causes are
# the same on either path; tests compare the two on the samples and on random records.
#
# One known difference: orjson rejects a number too large for a double (1e400) anywhere in a
# line, msgspec accepts it in fields we skip, so such a line is read instead of quarantined.


class _Fallback(Exception):
    """The typed path cannot vouch for this record; let the generic path handle it."""


class _User(msgspec.Struct, gc=False):
    id: str | None = None
    username: str | None = None
    protected: bool | None = None


class _Media(msgspec.Struct, gc=False):
    media_key: str | None = None
    type: str | None = None
    url: str | None = None
    preview_image_url: str | None = None
    alt_text: str | None = None


class _Tag(msgspec.Struct, gc=False):
    tag: str


class _Mention(msgspec.Struct, gc=False):
    username: str


class _Link(msgspec.Struct, gc=False):
    url: str | None = None
    expanded_url: str | None = None


class _Entities(msgspec.Struct, gc=False):
    hashtags: list[_Tag] | None = None
    mentions: list[_Mention] | None = None
    urls: list[_Link] | None = None


class _Note(msgspec.Struct, gc=False):
    text: str | None = None
    entities: _Entities | None = None


class _Ref(msgspec.Struct, gc=False):
    type: str | None = None
    id: str | None = None


class _Attachments(msgspec.Struct, gc=False):
    media: list[_Media] | None = None
    media_keys: list[str] | None = None


class _Metrics(msgspec.Struct, gc=False):
    like_count: int | None = None
    retweet_count: int | None = None
    reply_count: int | None = None


class _Tweet(msgspec.Struct, gc=False):
    id: str | UnsetType = UNSET
    text: str | UnsetType = UNSET
    author_id: str | None = None
    author: _User | None = None
    created_at: str | None = None
    lang: str | None = None
    conversation_id: str | None = None
    note_tweet: _Note | None = None
    entities: _Entities | None = None
    referenced_tweets: list[_Ref] | None = None
    attachments: _Attachments | None = None
    public_metrics: _Metrics | None = None
    edit_history_tweet_ids: list[str] | None = None
    delete: Any = UNSET  # only to notice {"data": {"delete": ...}} (a compliance stream event)


class _Includes(msgspec.Struct, gc=False):
    users: list[_User] | None = None
    media: list[_Media] | None = None


class _Line(_Tweet, gc=False):
    """One top-level value: a page or stream item (``data``), a flattened tweet, or a compliance event."""

    data: list[_Tweet] | _Tweet | None = None
    includes: _Includes | None = None
    action: str | UnsetType = UNSET


_decode_line = msgspec.json.Decoder(_Line).decode
_decode_document = msgspec.json.Decoder(_Line | list[_Line]).decode
_TYPED_ERRORS = (_Fallback, msgspec.MsgspecError, UnicodeDecodeError, RecursionError, ValueError)
"""Anything the typed path may raise on a record it cannot handle (ValueError: a bad date)."""
_EMPTY: dict = {}


def _typed_media(item: _Media) -> dict:
    return {"kind": item.type, "url": item.url or item.preview_image_url, "alt_text": item.alt_text}


def _typed_row(tweet: _Tweet, users: dict, media_by_key: dict, superseded: dict | None = None) -> tuple:
    """``tweet_row`` for a typed tweet; raises _Fallback where only the generic path is exact."""
    post_id = tweet.id
    text = tweet.text
    if post_id is UNSET or text is UNSET:
        raise _Fallback  # not a tweet (a user, a counts bucket) or a malformed one
    history = tweet.edit_history_tweet_ids
    if history is not None and len(history) >= 2:
        if history[-1] != post_id:
            raise _Fallback  # an older version: the generic path looks up the latest in includes.tweets
        _note_edits(history, superseded)  # the same on the generic path: recording twice is harmless

    entities = tweet.entities
    note = tweet.note_tweet
    if note is not None and note.text:
        text = note.text
        note_entities = note.entities
        if note_entities is not None:
            if note_entities.hashtags is None and note_entities.mentions is None and note_entities.urls is None:
                raise _Fallback  # `{}` and `{"annotations": ...}` decode alike but differ in truthiness
            entities = note_entities

    author_id = tweet.author_id
    author = tweet.author
    if author is None:
        author = users.get(author_id)
    elif author.id is None and author.username is None and author.protected is None:
        raise _Fallback  # an empty author falls back to includes.users, one with other keys does not
    handle = None
    visibility = "public"
    if author is not None:
        handle = author.username
        if author.protected:
            visibility = "protected"
        if author_id is None:
            author_id = author.id

    reply_to = quote_of = repost_of = None
    refs = tweet.referenced_tweets
    if refs:
        for ref in refs:
            kind = ref.type
            if kind == "retweeted":
                repost_of = ref.id
            elif kind == "replied_to":
                reply_to = ref.id
            elif kind == "quoted":
                quote_of = ref.id
    text = decode_entities(text)  # as in tweet_row
    if repost_of is None and text.startswith("RT @") and retweet_handle(text):
        repost_of = unseen_original(post_id)  # as in tweet_row

    hashtags = mentions = urls = None
    if entities is not None:
        tags = entities.hashtags
        if tags:
            hashtags = [tag.tag for tag in tags]
        names = entities.mentions
        if names:
            mentions = [name.username for name in names]
        links = entities.urls
        if links:
            urls = [link.expanded_url or link.url for link in links]

    media = None
    attachments = tweet.attachments
    if attachments is not None:
        embedded = attachments.media
        if embedded:
            media = [_typed_media(item) for item in embedded]
        else:
            keys = attachments.media_keys
            if keys and media_by_key:
                media = [_typed_media(media_by_key[key]) for key in keys if key in media_by_key] or None

    metrics = tweet.public_metrics
    if metrics is not None:
        likes, reposts, replies = metrics.like_count, metrics.retweet_count, metrics.reply_count
    else:
        likes = reposts = replies = None

    created_at = tweet.created_at
    if created_at is not None:
        created_at = parse_time(created_at)
    return (post_id, "x", x_uri(handle, post_id), author_id, handle, created_at, text, tweet.lang,
            visibility, False, reply_to, tweet.conversation_id, quote_of, repost_of, hashtags, mentions,
            urls, media, likes, reposts, replies)


def _typed_rows(line: _Line, user_compliance: bool, superseded: dict | None = None) -> list[tuple] | None:
    """The rows of one typed top-level record, or None for a skipped (user compliance) event."""
    data = line.data
    if data is not None:
        users = media = _EMPTY
        includes = line.includes
        if includes is not None:
            if includes.users:
                users = {user.id: user for user in includes.users if user.id is not None}
            if includes.media:
                media = {item.media_key: item for item in includes.media if item.media_key is not None}
        if data.__class__ is list:
            return [_typed_row(tweet, users, media, superseded) for tweet in data]
        if data.delete is not UNSET:
            raise _Fallback  # {"data": {"delete": ...}}: a compliance stream event
        return [_typed_row(data, users, media, superseded)]
    if line.text is not UNSET and line.id is not UNSET:  # a flattened tweet; its includes are not used
        return [_typed_row(line, _EMPTY, _EMPTY, superseded)]
    if line.action is not UNSET and line.id is not UNSET:  # a compliance job result
        if user_compliance:
            return None
        if line.action != "delete" or not line.id:
            raise _Fallback  # quarantined by the generic path, with its cause
        return [tombstone(line.id)]
    raise _Fallback


# --------------------------------------------------------------------------- records

class _Reader:
    """State for reading one file: the row buffer, counters and where we are."""

    def __init__(self, path: Path, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.stats = ctx.stats
        self.buffer = RowBuffer(ctx)
        superseded = ctx.options.get("superseded")
        self.superseded = superseded if isinstance(superseded, dict) else None
        compliance = ctx.options.get("compliance")
        self.user_compliance = compliance == "users" or (compliance is None and "user" in path.name.lower())

    def typed(self, value: _Line | list[_Line], line: int | None) -> bool:
        """Handle one typed record (or a document's array of them); True when the buffer is full.

        Raises one of _TYPED_ERRORS before changing any state, so the caller can hand the same
        bytes to the generic path.
        """
        skipped = 0
        if value.__class__ is list:
            rows: list[tuple] = []
            for item in value:
                item_rows = _typed_rows(item, self.user_compliance, self.superseded)
                if item_rows is None:
                    skipped += 1
                else:
                    rows += item_rows
        else:
            rows = _typed_rows(value, self.user_compliance, self.superseded)
            if rows is None:
                rows, skipped = [], 1
        self.stats.skipped += skipped
        self.stats.read += len(rows)
        add = self.buffer.add
        full = False
        for row in rows:
            full = add(row, line) or full
        return full

    def record(self, obj: Any, line: int | None, offset: int | None, raw: bytes | None) -> bool:
        """Handle one top-level JSON value; True when the buffer is full."""
        if obj.__class__ is dict:
            data = obj.get("data")
            if data is not None:
                return self.page(obj, data, line)
            if "text" in obj and "id" in obj:
                return self.tweet(obj, _NO_PAGE, line)
            if "action" in obj and "id" in obj:
                return self.compliance(obj, line)
            if "delete" in obj:
                return self.delete_event(obj["delete"], line)
            if "errors" in obj or any(key in obj for key in _NON_POST_KEYS):
                self.stats.skipped += 1
                return False
        elif obj.__class__ is list:
            full = False
            for item in obj:
                full = self.record(item, line, offset, None) or full
            return full
        self.stats.read += 1
        self.ctx.quarantine("not an X API v2 record (no data, tweet or compliance event)",
                            line=line, offset=offset, raw=raw)
        return False

    def page(self, obj: dict, data: Any, line: int | None) -> bool:
        page = Page(obj.get("includes"))
        if data.__class__ is dict:
            if "delete" in data:  # compliance stream: {"data": {"delete": {"tweet": {...}}}}
                return self.delete_event(data["delete"], line)
            return self.item(data, page, line)
        if data.__class__ is not list:
            self.stats.read += 1
            self.ctx.quarantine("`data` is neither a tweet nor a list of tweets", line=line)
            return False
        full = False
        for item in data:
            full = self.item(item, page, line) or full
        return full

    def item(self, item: Any, page: Page, line: int | None) -> bool:
        if item.__class__ is dict and "text" not in item and any(key in item for key in _NON_POST_KEYS):
            self.stats.skipped += 1  # a user, list or counts bucket
            return False
        return self.tweet(item, page, line)

    def tweet(self, tweet: Any, page: Page, line: int | None) -> bool:
        if tweet.__class__ is dict and "edit_history_tweet_ids" in tweet:
            _note_edits(tweet["edit_history_tweet_ids"], self.superseded)
            latest = _latest_version(tweet, page)
            if latest is None:
                self.stats.skipped += 1  # an older version whose latest edit we do not have
                return False
            tweet = latest
        self.stats.read += 1
        try:
            row = tweet_row(tweet, page)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            self.ctx.quarantine(f"malformed tweet: {type(exc).__name__}: {exc}", line=line)
            return False
        return self.buffer.add(row, line)

    def compliance(self, event: dict, line: int | None) -> bool:
        if self.user_compliance:
            self.stats.skipped += 1  # user ids, not posts; opt-outs are handled by `forget`
            return False
        self.stats.read += 1
        post_id = event.get("id")
        if event.get("action") != "delete" or post_id.__class__ is not str or not post_id:
            self.ctx.quarantine(f"compliance event without a tweet id or with action {event.get('action')!r}",
                                line=line)
            return False
        return self.buffer.add(tombstone(post_id), line)

    def delete_event(self, delete: Any, line: int | None) -> bool:
        self.stats.read += 1
        target = None
        if delete.__class__ is dict:
            target = delete.get("tweet") or delete.get("status")
        if target.__class__ is not dict:
            self.ctx.quarantine("delete event without a tweet", line=line)
            return False
        post_id = target.get("id_str") or target.get("id")
        author_id = target.get("author_id") or target.get("user_id_str") or target.get("user_id")
        if post_id is None:
            self.ctx.quarantine("delete event without a tweet id", line=line)
            return False
        return self.buffer.add(tombstone(str(post_id), None if author_id is None else str(author_id)), line)


# --------------------------------------------------------------------------- files

def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]:
    """Stream Post batches from an X API v2 JSON or JSONL file.

    JSON Lines or one document (pretty-printed, an array split over lines, a page
    opening with ``{"data": [``), as ``jsonio.is_document`` decides; a UTF-8 BOM is ignored.
    """
    reader = _Reader(path, ctx)
    with open(path, "rb") as fh:
        # not the first line alone: `[{...},` or `{"data": [` also open one document
        if is_document(fh):
            yield from _read_document(fh, path, reader)
        else:
            yield from _read_lines(fh, reader)
    batch = reader.buffer.flush()
    if batch is not None:
        yield batch


def _read_lines(fh, reader: _Reader) -> Iterator[pa.RecordBatch]:
    """JSONL: one JSON value per line; blank lines are not records.

    Each line goes through the typed decoder first; a line it rejects (not JSON, another shape,
    unexpected types) is parsed again with orjson and handled by the generic path.
    """
    loads = orjson.loads
    decode = _decode_line
    typed = reader.typed
    ctx = reader.ctx
    record = reader.record
    offset = len(BOM) if fh.read(len(BOM)) == BOM else 0  # offsets still count the BOM's bytes
    fh.seek(offset)
    # Parsed JSON is a tree (no reference cycles), so the cyclic GC finds nothing here, yet the
    # thousands of objects per page trigger it constantly (~30% of the time). Pause it while we
    # work and give it back whenever control returns to the caller.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    lineno = 0
    try:
        limits = ctx.limits
        for data, pos, stop in _blocks(fh, limits.max_element_bytes):
            if data is None:  # a line past the limit, never held in memory: pos is its length
                lineno += 1
                ctx.stats.read += 1
                ctx.quarantine(limits.cause("max_element_bytes", f"line of {pos:,} bytes"), line=lineno,
                               offset=offset)
                offset += pos
                continue
            view = memoryview(data)  # lines are decoded from slices of the block, never copied
            utf8_checked = _valid_utf8(view[pos:stop])
            while pos < stop:
                end = data.find(b"\n", pos, stop)
                if end < 0:  # the file's last line, without a newline
                    end = stop
                    after = stop
                else:
                    after = end + 1
                line = view[pos:end]
                lineno += 1
                start, pos = pos, after
                line_offset = offset
                offset += after - start
                try:
                    if not utf8_checked and not data[start:end].isascii():
                        data[start:end].decode()  # msgspec skips unread fields without checking UTF-8; orjson rejects them
                    full = typed(decode(line), lineno)
                except _TYPED_ERRORS:
                    raw = data[start:after]
                    try:
                        obj = loads(raw)
                    except orjson.JSONDecodeError as exc:
                        if not raw.strip():
                            continue
                        ctx.stats.read += 1
                        ctx.quarantine(f"invalid JSON: {_reason(exc)}", line=lineno, offset=line_offset, raw=raw)
                        continue
                    full = record(obj, lineno, line_offset, raw)
                if full:
                    batch = reader.buffer.flush()
                    if batch is not None:
                        if gc_was_enabled:
                            gc.enable()
                        yield batch
                        gc.disable()
    finally:
        if gc_was_enabled:
            gc.enable()


_BLOCK_BYTES = 1 << 20
"""The file is read in blocks of about this size; a line longer than that is joined into one block."""


def _blocks(fh, max_line: int = 16 << 20) -> Iterator[tuple[bytes | None, int, int]]:
    """The file as ``(data, start, stop)``: ``data[start:stop]`` holds whole lines (the file's last may lack its newline).

    Finding newlines in a large block and decoding slices of it is several times cheaper than
    ``readline`` (or ``split``) per line, which copies every line. A line longer than
    ``max_line`` is never joined in memory: it comes as ``(None, its length, 0)``.
    """
    tail: list = []  # the start of a line that continues in the next read
    tail_bytes = 0
    skipping = 0  # bytes of an over-long line dropped so far (0: not skipping)
    while chunk := fh.read(_BLOCK_BYTES):
        last = chunk.rfind(b"\n") + 1
        if not last:
            if skipping or tail_bytes + len(chunk) > max_line:
                skipping += tail_bytes + len(chunk)
                tail, tail_bytes = [], 0
            else:
                tail.append(chunk)
                tail_bytes += len(chunk)
            continue
        start = 0
        if tail or skipping:
            start = chunk.find(b"\n") + 1
            if skipping or tail_bytes + start > max_line:
                yield None, skipping + tail_bytes + start, 0
            else:
                tail.append(memoryview(chunk)[:start])
                line = b"".join(tail)
                yield line, 0, len(line)
            tail, tail_bytes, skipping = [], 0, 0
        if start < last:
            yield chunk, start, last
        if last < len(chunk):
            tail.append(memoryview(chunk)[last:])
            tail_bytes = len(chunk) - last
    if skipping or tail_bytes > max_line:
        yield None, skipping + tail_bytes, 0
    elif tail:
        line = b"".join(tail)
        yield line, 0, len(line)


def _valid_utf8(block) -> bool:
    """One vectorised UTF-8 check of a whole block (Arrow's validator; ``bytes.decode`` is ~5x slower)."""
    offsets = pa.py_buffer(struct.pack("<qq", 0, len(block)))
    array = pa.LargeBinaryArray.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(block)])
    try:
        array.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def _read_document(fh, path: Path, reader: _Reader) -> Iterator[pa.RecordBatch]:
    """One (pretty-printed) JSON document: a page, a tweet, or an array of either."""
    ctx = reader.ctx
    size = path.stat().st_size
    if size > ctx.limits.max_document_bytes:
        ctx.stats.read += 1
        ctx.quarantine(ctx.limits.cause("max_document_bytes", f"multi-line JSON document of {size:,} bytes is "
                                        "too large; write it as JSONL"), line=1)
        return
    raw = fh.read().removeprefix(BOM)
    try:
        if not raw.isascii():
            raw.decode()
        reader.typed(_decode_document(raw), None)
    except _TYPED_ERRORS:
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            ctx.stats.read += 1
            ctx.quarantine(f"invalid or truncated JSON document: {_reason(exc)}", line=1, offset=0, raw=raw)
            return
        del raw
        reader.record(obj, None, None, None)
    # a document may hold more posts than one batch: cut the buffered rows into full batches,
    # leaving the remainder for the final flush
    buffer, size = reader.buffer, reader.buffer.batch_size
    rows, lines = buffer.rows, buffer.lines
    for start in range(0, len(rows), size):
        buffer.rows, buffer.lines = rows[start:start + size], lines[start:start + size]
        if len(buffer.rows) == size:
            batch = buffer.flush()
            if batch is not None:
                yield batch


def _reason(exc: Exception) -> str:
    """orjson's message without the echo of the document."""
    return str(exc).split(": line", 1)[0][:200]
