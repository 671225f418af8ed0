"""X API v2 JSON / JSONL (as written by twarc2 and by the API itself) -> Post batches.

What a line (or a whole JSON document) may hold, and what becomes of it:

* a response page ``{data: [...], includes, meta, errors, __twarc}`` or a stream
  item ``{data: {...}, includes, matching_rules}``: each tweet in ``data`` is one
  post; authors (handle, protected), media and edits are expanded from
  ``includes``.
* a flattened tweet (``twarc2 flatten``): the tweet itself with ``author``,
  ``attachments.media`` and ``referenced_tweets`` embedded.
* a deletion event (stream ``{data: {delete: {tweet: {...}}}}``, v1.1
  ``{delete: {status: {...}}}``): a tombstone row (``deleted=True``, no text) so
  downstream can forget the post, and a ``delete`` consent event.
* every other compliance event X documents for its compliance streams and
  firehose (``user_delete``, ``user_undelete``, ``user_protect``,
  ``user_unprotect``, ``user_suspend``, ``user_unsuspend``, ``user_withheld``,
  ``status_withheld`` / ``withheld``, ``drop``, ``undrop``, ``scrub_geo``,
  ``tweet_edit``, ``user_profile_modification``), under ``data`` or at the top
  level, with ``event_at`` or ``timestamp_ms``: a consent event
  (``ctx.event``), counted as skipped (it is not a post).
* a batch compliance job result ``{id, action: "delete", created_at, reason,
  redacted_at}``. Tweet jobs and user jobs write the same shape, so what the id
  is is read from the content, never from the file's name: every tweet made
  since November 2010 has a snowflake id that encodes its ``created_at``; an id
  that does not (a sequential id of the size user ids had when snowflakes
  began, with a later ``created_at``) can only be a user's, and becomes a user event (``reason``: protected, suspended, deleted,
  deactivated) counted as skipped. Any other result may be either: it becomes a
  tombstone row *and* a user event on that id (removing more is the safe side);
  and a reason that speaks of an account (protected, suspended, deactivated) on
  a tweet's row makes that tweet's author private wherever the rows name them.
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
  history seen is also reported as ``edit`` events (older id, ``value`` the
  newest id), and the build drops those versions wherever they are in the input.
* Withheld tweets and accounts (``withheld.country_codes``) stay ``public``
  rows, and are reported as ``withheld`` / ``user_withheld`` events, like the
  compliance events ``status_withheld`` / ``user_withheld``: X asks that they be
  suppressed where withheld, and a corpus is served everywhere, so the build
  drops them.
* Visibility is ``protected`` when the author is protected (from
  ``includes.users`` or the flattened ``author``), else ``public``; a tweet whose
  author object is absent is taken as public (the API only serves protected
  tweets to followers, and then includes the author when asked). Every account
  object marked ``protected`` (on any page, whether or not one of its tweets is
  there) is also reported as a ``user_protect`` event with no time, so the build
  applies it to all of that author's posts in every file.
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pyarrow as pa
from msgspec import UNSET, UnsetType

from townsquare.post import ConsentEvent, PostRow, batch_from_post_rows, reject_cause, row_maker, row_problem, to_utc
from townsquare.sources.base import ReadContext, decode_entities
from townsquare.sources.jsonio import BOM, is_document
from townsquare.sources.jsonio import loads as lenient_loads

FORMAT = "x-api-v2"

_MARKERS = (
    b'"__twarc"',
    b'"edit_history_tweet_ids"',
    b'"author_id"',
    b'"referenced_tweets"',
    b'"public_metrics"',
    b'"conversation_id"',
    b'"tweet_count"',
    b'"matching_rules"',
)
_NON_POST_KEYS = ("username", "tweet_count", "member_count", "owner_id", "follower_count")
_REF_FIELD = {"replied_to": 0, "quoted": 1, "retweeted": 2}


_COMPLIANCE_KEY = re.compile(
    rb'^\s*[\[{]\s*(?:"data"\s*:\s*\{\s*)?"(?:delete|drop|undrop|withheld|status_withheld|'
    rb'tweet_edit|scrub_geo|user_[a-z_]+)"\s*:\s*\{'
)


def sniff(path: Path, head: bytes) -> bool:
    """True for JSON whose first bytes carry X API v2 (or twarc2) field names."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] not in (b"{", b"["):
        return False
    if any(marker in text for marker in _MARKERS):
        return True
    # a compliance job result: {"id": "...", "action": "delete", "created_at": ..., "reason": ...}
    if b'"action"' in text and b'"reason"' in text and b'"delete"' in text:
        return True
    # a compliance stream or firehose event: {"data": {"user_protect": {...}}}, {"delete": {"status": ...}}
    return _COMPLIANCE_KEY.search(text[:4096]) is not None


# --------------------------------------------------------------------------- rows


class RowBuffer:
    """``PostRow`` tuples; ``flush`` turns them into one batch.

    Tuples + one transpose at flush beat one list append per field per post.
    Each row is checked as it is added (``post.row_problem``), where its line is
    known: a row the schema cannot hold is quarantined, so building a batch cannot fail.
    """

    __slots__ = ("batch_size", "ctx", "lines", "rows")

    def __init__(self, ctx: ReadContext) -> None:
        self.rows: list[PostRow] = []
        self.lines: list[int | None] = []
        self.ctx = ctx
        self.batch_size = ctx.batch_size

    def add(self, row: PostRow, line: int | None) -> bool:
        """Append one row (or quarantine it); True when the batch is full."""
        problem = row_problem(row)
        if problem is not None:
            self.ctx.quarantine(reject_cause(problem, row[0]), line=line)
            return False
        return self.append(row, line)

    def append(self, row: PostRow, line: int | None) -> bool:
        """``add`` for a row its caller already checked with ``row_problem``."""
        self.rows.append(row)
        self.lines.append(line)
        return len(self.rows) >= self.batch_size

    def flush(self) -> pa.RecordBatch | None:
        """The buffered rows as one POST_SCHEMA batch (None when empty)."""
        rows = self.rows
        self.rows, self.lines = [], []
        return batch_from_post_rows(rows) if rows else None


def tombstone(post_id: str, author_id: str | None = None, platform: str = "x") -> PostRow:
    """A deleted-post row: id and the fact of deletion, nothing else."""
    return PostRow(id=post_id, platform=platform, author_id=author_id, deleted=True)


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
            return parsed.replace(tzinfo=UTC)
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
    return {
        "kind": item.get("type"),
        "url": item.get("url") or item.get("preview_image_url"),
        "alt_text": item.get("alt_text"),
    }


def x_post(
    post_id: str,
    text: str,
    author_id: str | None,
    handle: str | None,
    protected: Any,
    created_at: datetime | None,
    lang: str | None,
    conversation_id: str | None,
    reply_to: str | None,
    quote_of: str | None,
    repost_of: str | None,
    hashtags: list | None,
    mentions: list | None,
    urls: list | None,
    media: list | None,
    likes: int | None,
    reposts: int | None,
    replies: int | None,
) -> PostRow:
    """The one conversion of a tweet's fields into a Post row, whichever decoder read them.

    Both decoders call it with positional arguments in the order of this signature: a keyword call
    costs more than a microsecond per tweet, a tenth of the reader's time.

    X sends text HTML-escaped (``&amp;``); a tweet whose text reads ``RT @bob: ...`` without
    a ``retweeted`` reference (old or flattened data) is a retweet of an unseen original;
    an author marked protected makes the row ``protected``.
    """
    text = decode_entities(text)
    if repost_of is None and text.startswith("RT @") and retweet_handle(text):
        repost_of = unseen_original(post_id)
    return _X_ROW(
        post_id,
        x_uri(handle, post_id),
        author_id,
        handle,
        created_at,
        text,
        lang,
        "protected" if protected is True else "public",
        reply_to,
        conversation_id,
        quote_of,
        repost_of,
        hashtags,
        mentions,
        urls,
        media,
        likes,
        reposts,
        replies,
    )


_X_ROW = row_maker(
    "id",
    "uri",
    "author_id",
    "author_handle",
    "created_at",
    "text",
    "lang",
    "visibility",
    "reply_to",
    "conversation_id",
    "quote_of",
    "repost_of",
    "hashtags",
    "mentions",
    "urls",
    "media",
    "like_count",
    "repost_count",
    "reply_count",
    platform="x",
)
"""A tweet's row, by the field names above (``post.row_maker``: no keyword matching per row)."""


def tweet_row(tweet: dict, page: Page) -> PostRow:
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

    author_id = tweet.get("author_id")
    author = tweet.get("author") or page.users.get(author_id)
    handle = protected = None
    if author.__class__ is dict:
        handle = author.get("username")
        protected = author.get("protected")
        if author_id is None:
            author_id = author.get("id")

    refs = [None, None, None]  # reply_to, quote_of, repost_of
    for ref in tweet.get("referenced_tweets") or ():
        slot = _REF_FIELD.get(ref.get("type"))
        if slot is not None:
            refs[slot] = ref.get("id")

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

    return x_post(
        post_id,
        text,
        author_id,
        handle,
        protected,
        parse_time(tweet.get("created_at")),
        tweet.get("lang"),
        tweet.get("conversation_id"),
        refs[0],
        refs[1],
        refs[2],
        hashtags,
        mentions,
        urls,
        media,
        likes,
        reposts,
        replies,
    )


def _note_edits(history: Any, notes: list[ConsentEvent]) -> None:
    """An ``edit`` event per older version of an edit history (see the module docstring)."""
    if history.__class__ is not list or len(history) < 2:
        return
    latest = history[-1]
    if latest.__class__ is not str:
        return
    for older in history[:-1]:
        if older.__class__ is str and older != latest:
            notes.append(ConsentEvent("x", "edit", post_id=older, value=latest))


def _note_protected(users: Any, notes: list[ConsentEvent]) -> None:
    """A ``user_protect`` event (no time: when the account object was captured is unknown) per protected user,
    and a ``user_withheld`` event per user withheld in some country."""
    for user in users:
        if user.__class__ is dict:
            if user.get("id").__class__ is str:
                if user.get("protected") is True:
                    notes.append(ConsentEvent("x", "user_protect", author_id=user["id"]))
                if _withheld_somewhere(user.get("withheld")):
                    notes.append(ConsentEvent("x", "user_withheld", author_id=user["id"]))
        elif user.id is not None:  # a typed _User
            if user.protected:
                notes.append(_event(("x", "user_protect", user.id, None, None, None)))
            if user.withheld is not None and user.withheld.country_codes:
                notes.append(_event(("x", "user_withheld", user.id, None, None, None)))


_event = ConsentEvent._make  # (platform, kind, author_id, post_id, at, value): the hot paths' events, no keywords


def _withheld_somewhere(withheld: Any) -> bool:
    """A ``withheld`` object naming at least one country (X serves the tweet or account nowhere there)."""
    return withheld.__class__ is dict and bool(withheld.get("country_codes"))


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


class _Withheld(msgspec.Struct, gc=False):
    country_codes: list[str] | None = None


class _User(msgspec.Struct, gc=False):
    id: str | None = None
    username: str | None = None
    protected: bool | None = None
    withheld: _Withheld | None = None


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
    withheld: _Withheld | None = None
    delete: Any = UNSET  # only to notice {"data": {"delete": ...}} (a compliance stream event)


class _Includes(msgspec.Struct, gc=False):
    users: list[_User] | None = None
    media: list[_Media] | None = None


class _Line(_Tweet, gc=False):
    """One top-level value: a page or stream item (``data``), a flattened tweet, or a compliance event."""

    data: list[_Tweet] | _Tweet | None = None
    includes: _Includes | None = None
    action: str | UnsetType = UNSET  # a batch compliance result: {id, action, created_at, reason, redacted_at}
    reason: Any = None
    redacted_at: Any = None


_decode_line = msgspec.json.Decoder(_Line).decode
_decode_document = msgspec.json.Decoder(_Line | list[_Line]).decode
_TYPED_ERRORS = (_Fallback, msgspec.MsgspecError, UnicodeDecodeError, RecursionError, ValueError)
"""Anything the typed path may raise on a record it cannot handle (ValueError: a bad date)."""
_EMPTY: dict = {}


def _typed_media(item: _Media) -> dict:
    return {"kind": item.type, "url": item.url or item.preview_image_url, "alt_text": item.alt_text}


def _typed_row(tweet: _Tweet, users: dict, media_by_key: dict, notes: list[ConsentEvent]) -> PostRow:
    """``tweet_row`` for a typed tweet; raises _Fallback where only the generic path is exact."""
    post_id = tweet.id
    text = tweet.text
    if post_id is UNSET or text is UNSET:
        raise _Fallback  # not a tweet (a user, a counts bucket) or a malformed one
    history = tweet.edit_history_tweet_ids
    if history is not None and len(history) >= 2:
        if history[-1] != post_id:
            raise _Fallback  # an older version: the generic path looks up the latest in includes.tweets
        _note_edits(history, notes)

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
    handle = protected = None
    if author is not None:
        handle = author.username
        protected = author.protected
        if tweet.author is not None:  # a flattened author object
            _note_protected((author,), notes)
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
    if tweet.withheld is not None and tweet.withheld.country_codes:
        notes.append(_event(("x", "withheld", author_id, post_id, None, None)))
    return x_post(
        post_id,
        text,
        author_id,
        handle,
        protected,
        created_at,
        tweet.lang,
        tweet.conversation_id,
        reply_to,
        quote_of,
        repost_of,
        hashtags,
        mentions,
        urls,
        media,
        likes,
        reposts,
        replies,
    )


def _typed_rows(line: _Line, notes: list[ConsentEvent]) -> list[PostRow] | None:
    """The rows of one typed top-level record (None: a record that is not a post, counted as skipped);
    its consent events go to ``notes``."""
    data = line.data
    if data is not None:
        users = media = _EMPTY
        includes = line.includes
        if includes is not None:
            if includes.users:
                users = {user.id: user for user in includes.users if user.id is not None}
                _note_protected(includes.users, notes)
            if includes.media:
                media = {item.media_key: item for item in includes.media if item.media_key is not None}
        if data.__class__ is list:
            return [_typed_row(tweet, users, media, notes) for tweet in data]
        if data.delete is not UNSET:
            raise _Fallback  # {"data": {"delete": ...}}: a compliance stream event
        return [_typed_row(data, users, media, notes)]
    if line.text is not UNSET and line.id is not UNSET:  # a flattened tweet; its includes are not used
        return [_typed_row(line, _EMPTY, _EMPTY, notes)]
    if line.action is not UNSET and line.id is not UNSET:  # a batch compliance result
        if line.action != "delete" or not line.id:
            raise _Fallback  # quarantined by the generic path, with its cause
        row = compliance_result(line.id, line.created_at, line.reason, line.redacted_at, notes)
        return None if row is None else [row]
    raise _Fallback  # compliance stream events, and everything else: the generic path


# --------------------------------------------------------------------------- records

_SNOWFLAKE_EPOCH_MS = 1288834974657  # X's snowflake ids count milliseconds from here (2010-11-04)
LATEST_SEQUENTIAL = datetime(2010, 11, 5, tzinfo=UTC)  # every tweet made since has a snowflake id
_SEQUENTIAL_USER_IDS = (10**8, 10**15)
"""Sequential user ids of accounts made after snowflakes began (200 million and up, well below any snowflake);
an id outside this range (a 2006-2008 sequential id, a made-up one) is read both ways."""
_USER_EVENT = {
    "protected": "user_protect",
    "suspended": "user_suspend",
    "deleted": "user_delete",
    "deactivated": "user_deactivate",
    "scrub_geo": "scrub_geo",
}
"""A batch compliance result's ``reason`` as the user event it means."""
_ACCOUNT_REASONS = frozenset({"protected", "suspended", "deactivated"})
"""Reasons that speak of an account even on a tweets job's row: the tweet's author is protected, suspended..."""
_STREAM_EVENTS = {
    "delete": "delete",
    "drop": "drop",
    "undrop": "undrop",
    "withheld": "withheld",
    "status_withheld": "withheld",
    "tweet_edit": "edit",
    "scrub_geo": "scrub_geo",
    "user_delete": "user_delete",
    "user_undelete": "user_undelete",
    "user_protect": "user_protect",
    "user_unprotect": "user_unprotect",
    "user_suspend": "user_suspend",
    "user_unsuspend": "user_unsuspend",
    "user_withheld": "user_withheld",
    "user_profile_modification": None,
}
"""Compliance stream and firehose event names (the key of the event object) -> our event kind (None: not one)."""
_USER_KINDS = frozenset(kind for kind in _STREAM_EVENTS if kind.startswith("user_") or kind == "scrub_geo")


def _str_id(value: Any) -> str | None:
    if value.__class__ is str and value:
        return value
    if value.__class__ is int:
        return str(value)
    return None


def _event_time(body: dict) -> datetime | None:
    """``event_at`` (v2) or ``timestamp_ms`` (firehose) of a compliance event; None when absent or unreadable."""
    for key, scale in (("event_at", None), ("timestamp_ms", 1000.0), ("date", None)):
        value = body.get(key)
        if value is None:
            continue
        try:
            if scale is not None:
                return to_utc(float(value) / scale)
            return parse_time(value)
        except (TypeError, ValueError):
            return None  # an unreadable time is an unknown one: the ledger then takes the most private reading
    return None


def _snowflake_matches(post_id: str, created: datetime) -> bool | None:
    """Whether ``post_id`` is a snowflake id minted at ``created`` (None: cannot tell)."""
    try:
        number = int(post_id)
    except ValueError:
        return None
    created_ms = created.timestamp() * 1000
    if created_ms < _SNOWFLAKE_EPOCH_MS:
        return None  # made before snowflakes: a sequential id of either kind
    return abs((number >> 22) + _SNOWFLAKE_EPOCH_MS - created_ms) < 1000


def compliance_result(
    target_id: str, created_at: Any, reason: Any, redacted_at: Any, notes: list[ConsentEvent]
) -> PostRow | None:
    """A batch compliance result: a user event, and a tombstone row unless the id can only be a user's.

    Tweet jobs and user jobs write the same shape (see the module docstring): the result is
    a user event on the id either way, and also a tweet tombstone unless the id is a
    sequential one made after snowflakes began (then it cannot be a tweet's). An unreadable
    time is an unknown one.
    """
    kind = _USER_EVENT.get(reason, "user_delete")  # an unknown reason: the strictest reading
    at, created = _time_or_none(redacted_at), _time_or_none(created_at)
    notes.append(ConsentEvent("x", kind, author_id=target_id, at=at))
    if reason in _ACCOUNT_REASONS:  # on a tweets job's row, the reason is the tweet's author's state
        notes.append(ConsentEvent("x", kind, post_id=target_id, at=at))
    if (
        created is not None
        and created >= LATEST_SEQUENTIAL
        and _snowflake_matches(target_id, created) is False
        and _SEQUENTIAL_USER_IDS[0] <= int(target_id) < _SEQUENTIAL_USER_IDS[1]
    ):
        return None  # a user id
    notes.append(ConsentEvent("x", "delete", post_id=target_id, at=at))
    return tombstone(target_id)


def _time_or_none(value: Any) -> datetime | None:
    try:
        return parse_time(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class _Reader:
    """State for reading one file: the row buffer, counters and where we are."""

    def __init__(self, path: Path, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.stats = ctx.stats
        self.buffer = RowBuffer(ctx)
        self.events = ctx.events

    def typed(self, value: _Line | list[_Line], line: int | None) -> bool:
        """Handle one typed record (or a document's array of them); True when the buffer is full.

        Raises one of _TYPED_ERRORS before changing any state, so the caller can hand the same
        bytes to the generic path.
        """
        notes: list[ConsentEvent] = []
        skipped = 0
        if value.__class__ is list:
            rows: list[PostRow] = []
            for item in value:
                item_rows = _typed_rows(item, notes)
                if item_rows is None:
                    skipped += 1
                else:
                    rows += item_rows
        else:
            rows = _typed_rows(value, notes)
            if rows is None:
                rows, skipped = [], 1
        if notes:
            self.events += notes
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
            kind = next((key for key in obj if key in _STREAM_EVENTS), None)
            if kind is not None:  # v1.1 / firehose: {"delete": {"status": ...}}, {"user_protect": {...}}
                return self.stream_event(kind, obj[kind], line)
            if "errors" in obj or any(key in obj for key in _NON_POST_KEYS):
                self.stats.skipped += 1
                return False
        elif obj.__class__ is list:
            full = False
            for item in obj:
                full = self.record(item, line, offset, None) or full
            return full
        self.stats.read += 1
        self.ctx.quarantine(
            "not an X API v2 record (no data, tweet or compliance event)", line=line, offset=offset, raw=raw
        )
        return False

    def page(self, obj: dict, data: Any, line: int | None) -> bool:
        includes = obj.get("includes")
        page = Page(includes)
        if page.users:
            _note_protected(page.users.values(), self.events)
        if data.__class__ is dict:
            if "text" not in data:
                kind = next((key for key in data if key in _STREAM_EVENTS), None)
                if kind is not None:  # compliance stream: {"data": {"user_protect": {"user": {...}}}}
                    return self.stream_event(kind, data[kind], line)
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
            _note_edits(tweet["edit_history_tweet_ids"], self.events)
            latest = _latest_version(tweet, page)
            if latest is None:
                self.stats.skipped += 1  # an older version whose latest edit we do not have
                return False
            tweet = latest
        if tweet.__class__ is dict:
            author = tweet.get("author")
            if author.__class__ is dict:
                _note_protected((author,), self.events)
        self.stats.read += 1
        try:
            row = tweet_row(tweet, page)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            self.ctx.quarantine(f"malformed tweet: {type(exc).__name__}: {exc}", line=line)
            return False
        if _withheld_somewhere(tweet.get("withheld")):
            self.events.append(ConsentEvent("x", "withheld", author_id=row.author_id, post_id=row.id))
        return self.buffer.add(row, line)

    def compliance(self, event: dict, line: int | None) -> bool:
        """A batch compliance job result (see ``compliance_result``)."""
        post_id = event.get("id")
        if event.get("action") != "delete" or post_id.__class__ is not str or not post_id:
            self.stats.read += 1
            self.ctx.quarantine(
                f"compliance event without a tweet id or with action {event.get('action')!r}", line=line
            )
            return False
        notes: list[ConsentEvent] = []
        row = compliance_result(post_id, event.get("created_at"), event.get("reason"), event.get("redacted_at"), notes)
        self.events += notes
        if row is None:
            self.stats.skipped += 1  # a user, not a post
            return False
        self.stats.read += 1
        return self.buffer.add(row, line)

    def stream_event(self, kind: str, body: Any, line: int | None) -> bool:
        """One compliance stream or firehose event: ``delete`` is a tombstone row, the rest are events."""
        if kind == "delete":
            return self.delete_event(body, line)
        event_kind = _STREAM_EVENTS[kind]
        if body.__class__ is not dict:
            self.stats.read += 1
            self.ctx.quarantine(f"{kind} event is not an object", line=line)
            return False
        at = _event_time(body)
        if kind in _USER_KINDS:
            user = body.get("user")
            target = user if user.__class__ is dict else body
            author_id = (
                _str_id(target.get("id_str"))
                or _str_id(target.get("id"))
                or _str_id(body.get("user_id_str"))
                or _str_id(body.get("user_id"))
            )
            if author_id is None:
                self.stats.read += 1
                self.ctx.quarantine(f"{kind} event without a user id", line=line)
                return False
            if event_kind is not None:
                self.events.append(ConsentEvent("x", event_kind, author_id=author_id, at=at))
        else:
            tweet = body.get("tweet") or body.get("status")
            target = tweet if tweet.__class__ is dict else body
            post_id = _str_id(target.get("id_str")) or _str_id(target.get("id"))
            author_id = (
                _str_id(target.get("author_id")) or _str_id(target.get("user_id_str")) or _str_id(target.get("user_id"))
            )
            if post_id is None:
                self.stats.read += 1
                self.ctx.quarantine(f"{kind} event without a tweet id", line=line)
                return False
            if event_kind == "edit":  # tweet_edit: the event's tweet is the newest version
                history = body.get("edit_tweet_ids")
                _note_edits(
                    history + [post_id] if history.__class__ is list and history[-1:] != [post_id] else history,
                    self.events,
                )
            else:
                self.events.append(ConsentEvent("x", event_kind, author_id=author_id, post_id=post_id, at=at))
        self.stats.skipped += 1  # an event, not a post
        return False

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
        author = None if author_id is None else str(author_id)
        self.events.append(ConsentEvent("x", "delete", author_id=author, post_id=str(post_id), at=_event_time(delete)))
        return self.buffer.add(tombstone(str(post_id), author), line)


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
    loads = lenient_loads
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
                ctx.quarantine(limits.cause("max_element_bytes", f"line of {pos:,} bytes"), line=lineno, offset=offset)
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
                        data[
                            start:end
                        ].decode()  # msgspec skips unread fields without checking UTF-8; orjson rejects them
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
        ctx.quarantine(
            ctx.limits.cause(
                "max_document_bytes", f"multi-line JSON document of {size:,} bytes is too large; write it as JSONL"
            ),
            line=1,
        )
        return
    raw = fh.read().removeprefix(BOM)
    try:
        if not raw.isascii():
            raw.decode()
        reader.typed(_decode_document(raw), None)
    except _TYPED_ERRORS:
        try:
            obj = lenient_loads(raw)
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
        buffer.rows, buffer.lines = rows[start : start + size], lines[start : start + size]
        if len(buffer.rows) == size:
            batch = buffer.flush()
            if batch is not None:
                yield batch


def _reason(exc: Exception) -> str:
    """orjson's message without the echo of the document."""
    return str(exc).split(": line", 1)[0][:200]
