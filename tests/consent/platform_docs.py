"""Input records in the shapes the platforms document, written from their documentation, not from our readers.

Every function names the page it follows. Nothing here imports townsquare: these are the bytes a user of
X, Mastodon or Bluesky would hand to ``townsquare build``.

Sources
- X API v2 responses (search/recent, tweet lookup) with ``expansions=author_id`` and
  ``user.fields=protected``: docs.x.com/x-api/posts/search/... and the "Edit Posts" fundamentals page
  (``edit_history_tweet_ids`` is returned on every Post since 2022).
- X compliance streams, ``GET /2/tweets/compliance/stream`` and ``GET /2/users/compliance/stream``:
  docs.x.com/x-api/compliance/streams (event list) and developer.x.com ".../compliance-data-objects"
  (payloads: ``{"data": {"delete": {"tweet": {"id", "author_id"}, "event_at"}}}``,
  ``{"data": {"user_protect": {"user": {"id"}, "event_at"}}}``, ``scrub_geo`` with ``up_to_tweet_id``,
  ``user_withheld`` / ``withheld`` with ``withheld_in_countries``, ``tweet_edit`` with ``edit_tweet_ids``).
- X batch compliance job results (``GET download_url``): one JSON object per line,
  ``{"id", "action": "delete", "created_at", "redacted_at", "reason"}``; reasons deleted, protected,
  suspended, deactivated, scrub_geo (docs.x.com/x-api/compliance/batch-compliance/quickstart; the same rows
  as twarc's tests/data tweets_compliance.jsonl and users_compliance.jsonl).
- twarc-csv's tweet columns (DocNow/twarc-csv ``DEFAULT_TWEET_COLUMNS``: ``author.protected`` ...).
- Mastodon REST entities Status and Account (docs.joinmastodon.org/entities/Status, /entities/Account:
  ``locked``, ``discoverable``, ``noindex`` 4.0, ``indexable`` 4.2, ``note`` HTML) and the streaming API
  (docs.joinmastodon.org/methods/streaming: events ``update``, ``status.update`` carry a Status cast to a
  string, ``delete`` carries the status id as a string; WebSocket frames ``{"stream", "event", "payload"}``).
- Bluesky Jetstream (github.com/bluesky-social/jetstream, docs at docs.bsky.app "Jetstream"): events
  ``{"did", "time_us", "kind": "commit"|"identity"|"account", ...}``; commit ``operation`` create, update,
  delete; ``identity`` carries ``{"did", "handle", "seq", "time"}``; ``account`` carries
  ``{"active", "did", "seq", "time", "status"}`` with status takendown, suspended, deleted, deactivated.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def when(minutes: int) -> datetime:
    return EPOCH + timedelta(minutes=minutes)


def x_time(minutes: int) -> str:
    """X's timestamps: ISO 8601 with milliseconds and Z."""
    return when(minutes).strftime("%Y-%m-%dT%H:%M:%S.000Z")


# ----------------------------------------------------------------------------------------------- X API v2


def x_user(user_id: str, username: str, protected: bool = False, name: str | None = None) -> dict:
    """A v2 User object with ``user.fields=protected,created_at``."""
    return {
        "id": user_id,
        "name": name or username.replace("_", " ").title(),
        "username": username,
        "protected": protected,
        "created_at": "2019-05-01T12:00:00.000Z",
    }


def x_tweet(
    tweet_id: str,
    author_id: str,
    text: str,
    minutes: int,
    *,
    edits: list[str] | None = None,
    conversation_id: str | None = None,
    lang: str = "en",
    geo_place: str | None = None,
) -> dict:
    """A v2 Post object as search/recent returns it with ``tweet.fields=created_at,lang,conversation_id,...``."""
    tweet = {
        "id": tweet_id,
        "text": text,
        "author_id": author_id,
        "created_at": x_time(minutes),
        "conversation_id": conversation_id or tweet_id,
        "lang": lang,
        "edit_history_tweet_ids": edits or [tweet_id],
        "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 1, "quote_count": 0},
    }
    if geo_place:
        tweet["geo"] = {"place_id": geo_place, "coordinates": {"type": "Point", "coordinates": [-0.12, 51.5]}}
    return tweet


def x_page(
    tweets: list[dict], users: list[dict] | None, next_token: str | None = None, places: list[dict] | None = None
) -> dict:
    """One response page of ``GET /2/tweets/search/recent?expansions=author_id``.

    ``includes`` is absent when the page expands nothing (a page whose users were all on an earlier page is
    still a valid response: X de-duplicates nothing across pages, but clients often drop repeated includes).
    """
    page: dict = {"data": tweets}
    includes: dict = {}
    if users is not None:
        includes["users"] = users
    if places:
        includes["places"] = places
    if includes:
        page["includes"] = includes
    ids = [t["id"] for t in tweets]
    page["meta"] = {"result_count": len(tweets), "newest_id": max(ids, key=int), "oldest_id": min(ids, key=int)}
    if next_token:
        page["meta"]["next_token"] = next_token
    return page


def x_tweet_compliance(kind: str, tweet_id: str, author_id: str, minutes: int, **extra) -> dict:
    """A Post compliance stream event: delete, drop, undrop, withheld (``withheld_in_countries``)."""
    body = {"tweet": {"id": tweet_id, "author_id": author_id}, "event_at": x_time(minutes), **extra}
    return {"data": {kind: body}}


def x_tweet_edit_event(tweet_id: str, chain: list[str], minutes: int) -> dict:
    """A Post compliance stream ``tweet_edit`` event: the newest id and the whole edit chain."""
    return {
        "data": {
            "tweet_edit": {
                "tweet": {"id": tweet_id},
                "initial_tweet_id": chain[0],
                "edit_tweet_ids": chain,
                "event_at": x_time(minutes),
            }
        }
    }


def x_user_compliance(kind: str, user_id: str, minutes: int, **extra) -> dict:
    """A User compliance stream event: user_delete, user_undelete, user_protect, user_unprotect,
    user_suspend, user_unsuspend, user_withheld (``withheld_in_countries``), scrub_geo (``up_to_tweet_id``)."""
    return {"data": {kind: {"user": {"id": user_id}, "event_at": x_time(minutes), **extra}}}


def x_batch_compliance(object_id: str, reason: str, minutes: int, redacted: bool = True) -> dict:
    """One line of a batch compliance job's result file (tweets or users job: the same shape)."""
    row = {"id": object_id, "action": "delete", "created_at": x_time(minutes - 600)}
    if redacted:
        row["redacted_at"] = x_time(minutes)
    row["reason"] = reason
    return row


TWARC_CSV_COLUMNS = """id conversation_id referenced_tweets.replied_to.id referenced_tweets.retweeted.id
referenced_tweets.quoted.id author_id in_reply_to_user_id in_reply_to_username retweeted_user_id
retweeted_username quoted_user_id quoted_username created_at text lang source public_metrics.impression_count
public_metrics.reply_count public_metrics.retweet_count public_metrics.quote_count public_metrics.like_count
reply_settings edit_history_tweet_ids edit_controls.edits_remaining edit_controls.editable_until
edit_controls.is_edit_eligible possibly_sensitive withheld.scope withheld.copyright withheld.country_codes
entities.annotations entities.cashtags entities.hashtags entities.mentions entities.urls context_annotations
attachments.media attachments.media_keys attachments.poll.duration_minutes attachments.poll.end_datetime
attachments.poll.id attachments.poll.options attachments.poll.voting_status attachments.poll_ids author.id
author.created_at author.username author.name author.description author.entities.description.cashtags
author.entities.description.hashtags author.entities.description.mentions author.entities.description.urls
author.url author.location author.pinned_tweet_id author.profile_image_url author.protected
author.public_metrics.followers_count author.public_metrics.following_count author.public_metrics.listed_count
author.public_metrics.tweet_count author.verified author.withheld.scope author.withheld.copyright
author.withheld.country_codes geo.coordinates.coordinates geo.coordinates.type geo.country geo.country_code
geo.full_name geo.geo.bbox geo.geo.type geo.id geo.name geo.place_id geo.place_type matching_rules
__twarc.retrieved_at __twarc.url __twarc.version""".split()


def twarc_csv(rows: list[tuple[dict, dict]]) -> str:
    """``twarc2 csv`` output for (tweet, author) pairs: every default column, lists JSON-encoded, booleans as
    pandas writes them (True/False)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TWARC_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for tweet, author in rows:
        row = {column: "" for column in TWARC_CSV_COLUMNS}
        row.update(
            {
                "id": tweet["id"],
                "conversation_id": tweet["conversation_id"],
                "author_id": tweet["author_id"],
                "created_at": tweet["created_at"],
                "text": tweet["text"],
                "lang": tweet["lang"],
                "edit_history_tweet_ids": json.dumps(tweet["edit_history_tweet_ids"]),
                "public_metrics.like_count": 1,
                "public_metrics.retweet_count": 0,
                "public_metrics.reply_count": 0,
                "public_metrics.quote_count": 0,
                "author.id": author["id"],
                "author.username": author["username"],
                "author.name": author["name"],
                "author.created_at": author["created_at"],
                "author.protected": str(bool(author["protected"])),
                "author.verified": "False",
                "__twarc.version": "2.12.0",
                "__twarc.retrieved_at": "2025-03-05T10:00:00+00:00",
                "__twarc.url": "https://api.twitter.com/2/tweets/search/recent",
            }
        )
        writer.writerow(row)
    return out.getvalue()


# ----------------------------------------------------------------------------------------------- Mastodon


def m_account(
    account_id: str,
    username: str,
    instance: str,
    *,
    note: str = "",
    locked: bool = False,
    discoverable: bool | None = True,
    noindex: bool | None = False,
    indexable: bool | None = True,
    local: bool = True,
) -> dict:
    """An Account entity as an instance's REST API returns it (``acct`` is ``username`` for local users)."""
    account = {
        "id": account_id,
        "username": username,
        "acct": username if local else f"{username}@{instance}",
        "display_name": username.title(),
        "locked": locked,
        "bot": False,
        "discoverable": discoverable,
        "group": False,
        "created_at": "2023-01-10T00:00:00.000Z",
        "note": note,
        "url": f"https://{instance}/@{username}",
        "uri": f"https://{instance}/users/{username}",
        "avatar": f"https://{instance}/avatars/original/missing.png",
        "avatar_static": f"https://{instance}/avatars/original/missing.png",
        "header": f"https://{instance}/headers/original/missing.png",
        "header_static": f"https://{instance}/headers/original/missing.png",
        "followers_count": 12,
        "following_count": 30,
        "statuses_count": 100,
        "last_status_at": "2025-03-01",
        "emojis": [],
        "fields": [],
    }
    if noindex is not None:
        account["noindex"] = noindex
    if indexable is not None:
        account["indexable"] = indexable
    return account


def m_status(
    status_id: str,
    account: dict,
    text: str,
    minutes: int,
    instance: str,
    *,
    visibility: str = "public",
    edited_minutes: int | None = None,
    language: str = "en",
) -> dict:
    """A Status entity (``content`` is HTML; ``edited_at`` is null until the status is edited)."""
    username = account["username"]
    return {
        "id": status_id,
        "created_at": x_time(minutes),
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": visibility,
        "language": language,
        "uri": f"https://{instance}/users/{username}/statuses/{status_id}",
        "url": f"https://{instance}/@{username}/{status_id}",
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 2,
        "edited_at": x_time(edited_minutes) if edited_minutes is not None else None,
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "content": f"<p>{text}</p>",
        "filtered": [],
        "reblog": None,
        "application": {"name": "Web", "website": None},
        "account": account,
        "media_attachments": [],
        "mentions": [],
        "tags": [],
        "emojis": [],
        "card": None,
        "poll": None,
    }


def m_stream(event: str, payload, stream: str = "public") -> dict:
    """A streaming API WebSocket frame; a Status payload is cast to a string, a delete's is the id string."""
    frame = {"stream": [stream], "event": event}
    frame["payload"] = payload if isinstance(payload, str) else json.dumps(payload)
    return frame


def m_sse(frames: list[dict]) -> str:
    """The same events as the HTTP server-sent-events stream writes them: ``event: <name>`` / ``data: <payload>``
    blocks, with ``:thump`` heartbeat comments between them."""
    blocks = [":)\n"]
    for frame in frames:
        blocks.append(f"event: {frame['event']}\ndata: {frame['payload']}\n\n:thump\n")
    return "".join(blocks)


# ----------------------------------------------------------------------------------------------- Bluesky


def _us(minutes: int) -> int:
    return int(when(minutes).timestamp() * 1_000_000)


def b_post(did: str, rkey: str, text: str, minutes: int, operation: str = "create", cid: str = "bafyreia") -> dict:
    """A Jetstream commit event for an ``app.bsky.feed.post`` record (create or update)."""
    record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": x_time(minutes), "langs": ["en"]}
    return {
        "did": did,
        "time_us": _us(minutes),
        "kind": "commit",
        "commit": {
            "rev": f"3l{rkey[-6:]}{minutes:04d}",
            "operation": operation,
            "collection": "app.bsky.feed.post",
            "rkey": rkey,
            "record": record,
            "cid": cid,
        },
    }


def b_update(did: str, rkey: str, text: str, created_minutes: int, minutes: int) -> dict:
    """A Jetstream ``update`` commit: the edited record keeps its ``createdAt``; ``time_us`` is the edit's."""
    event = b_post(did, rkey, text, created_minutes, operation="update", cid="bafyreib")
    event["time_us"] = _us(minutes)
    event["commit"]["rev"] = f"3l{rkey[-6:]}{minutes:04d}"
    return event


def b_delete(did: str, rkey: str, minutes: int) -> dict:
    return {
        "did": did,
        "time_us": _us(minutes),
        "kind": "commit",
        "commit": {
            "rev": f"3l{rkey[-6:]}{minutes:04d}",
            "operation": "delete",
            "collection": "app.bsky.feed.post",
            "rkey": rkey,
        },
    }


def b_identity(did: str, handle: str, minutes: int, seq: int = 1) -> dict:
    return {
        "did": did,
        "time_us": _us(minutes),
        "kind": "identity",
        "identity": {"did": did, "handle": handle, "seq": seq, "time": x_time(minutes)},
    }


def b_account(did: str, active: bool, status: str | None, minutes: int, seq: int = 2) -> dict:
    account = {"active": active, "did": did, "seq": seq, "time": x_time(minutes)}
    if status:
        account["status"] = status
    return {"did": did, "time_us": _us(minutes), "kind": "account", "account": account}


def b_uri(did: str, rkey: str) -> str:
    return f"at://{did}/app.bsky.feed.post/{rkey}"


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
