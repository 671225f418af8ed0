"""ActivityPub outbox from a Mastodon account export -> Post batches (FORMAT ``mastodon-outbox``).

Mastodon's "Request your archive" gives a tar.gz with ``outbox.json``: an
``OrderedCollection`` whose ``orderedItems`` are activities::

    {"@context": [...], "id": "outbox.json", "type": "OrderedCollection",
     "totalItems": 3, "orderedItems": [
        {"id": ".../statuses/1/activity", "type": "Create", "actor": ".../users/alice",
         "published": "...", "to": [...], "cc": [...],
         "object": {"id": ".../statuses/1", "type": "Note", "url": "https://host/@alice/1",
                    "inReplyTo": null, "content": "<p>html</p>", "summary": null,
                    "contentMap": {"en": "..."}, "conversation": "tag:...",
                    "attachment": [{"type": "Document", "mediaType": "image/png",
                                    "url": "/media_attachments/...", "name": "alt text"}],
                    "tag": [{"type": "Mention", "name": "@bob@other"},
                            {"type": "Hashtag", "name": "#tag"}], "to": [...], "cc": [...]}},
        {"id": ".../statuses/2/activity", "type": "Announce", "object": "https://other/notes/9", ...}]}

Mapping choices:

- ``id`` is the object's ActivityPub id (a URI, globally unique), ``reply_to``
  is ``inReplyTo`` and ``conversation_id`` is Mastodon's ``conversation`` tag
  (or the post itself when it starts a thread). These are URIs, unlike the
  instance-local ids of the API reader.
- ``visibility`` is derived from the addressing exactly as Mastodon's
  ``ActivityPub::Parser::StatusParser#visibility`` does: the Public collection
  in ``to`` -> public; in ``cc`` -> unlisted; the author's followers collection
  in ``to`` -> followers; otherwise direct.
- ``Announce`` (a boost) becomes a row with ``repost_of`` = the boosted URI and
  no text (the outbox does not carry the boosted post).
- A ``Delete`` activity, or a ``Create`` of a ``Tombstone``, becomes a deleted row
  (a tombstone); other activity types are skipped.
- ``author_handle`` is ``user@host`` derived from the actor URI (the export's
  ``actor.json`` is not read).

The outbox is one JSON document, parsed whole (exports are one account's posts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pyarrow as pa

from townsquare.post import PostBuilder, to_utc
from townsquare.sources.base import ReadContext
from townsquare.sources.jsonio import iter_json, looks_like_json
from townsquare.sources.mastodon import html_to_text

FORMAT = "mastodon-outbox"

PUBLIC_COLLECTIONS = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})
POST_TYPES = frozenset({"Note", "Article", "Question", "Page"})


def sniff(path: Path, head: bytes) -> bool:
    """An ActivityStreams OrderedCollection (Mastodon's outbox.json)."""
    return (
        looks_like_json(head)
        and b"OrderedCollection" in head
        and (b"orderedItems" in head or b"activitystreams" in head)
    )


def _audience(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v if isinstance(v, str) else v.get("id", "") for v in value if isinstance(v, (str, dict))]
    return []


def visibility(to: Any, cc: Any, actor: str | None) -> str:
    """Mastodon's visibility rule for an activity's addressing (see module docstring)."""
    to_list, cc_list = _audience(to), _audience(cc)
    if any(a in PUBLIC_COLLECTIONS for a in to_list):
        return "public"
    if any(a in PUBLIC_COLLECTIONS for a in cc_list):
        return "unlisted"
    followers = f"{actor}/followers" if actor else None
    if any(a == followers or (followers is None and a.endswith("/followers")) for a in to_list):
        return "followers"
    return "direct"


def handle_from_actor(actor: str | None) -> str | None:
    """``https://host/users/alice`` -> ``alice@host``."""
    if not actor:
        return None
    parsed = urlparse(actor)
    name = parsed.path.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
    return f"{name}@{parsed.netloc}" if name and parsed.netloc else actor


def _tags(tags: Any) -> tuple[list[str], list[str]]:
    hashtags, mentions = [], []
    for tag in tags if isinstance(tags, list) else ():
        if not isinstance(tag, dict) or not isinstance(tag.get("name"), str):
            continue
        if tag.get("type") == "Hashtag":
            hashtags.append(tag["name"].lstrip("#").lower())
        elif tag.get("type") == "Mention":
            mentions.append(tag["name"].lstrip("@"))
    return hashtags, mentions


def _media(attachments: Any) -> list[dict[str, Any]]:
    out = []
    for item in attachments if isinstance(attachments, list) else ():
        if isinstance(item, dict):
            kind = (item.get("mediaType") or "").split("/")[0] or item.get("type")
            url = item.get("url")
            out.append({"kind": kind, "url": url if isinstance(url, str) else None, "alt_text": item.get("name")})
    return out


def _link(obj: dict) -> str | None:
    url = obj.get("url")
    if isinstance(url, list):
        url = next((u if isinstance(u, str) else u.get("href") for u in url if isinstance(u, (str, dict))), None)
    elif isinstance(url, dict):
        url = url.get("href")
    return url if isinstance(url, str) else obj.get("id")


def _note_row(activity: dict, obj: dict) -> dict[str, Any]:
    actor = obj.get("attributedTo") or activity.get("actor")
    actor = actor if isinstance(actor, str) else None
    content = obj.get("content")
    if not isinstance(content, str):  # some servers only send contentMap
        content_map = obj.get("contentMap") if isinstance(obj.get("contentMap"), dict) else {}
        content = next(iter(content_map.values()), "") if content_map else ""
    text, urls = html_to_text(content)
    if isinstance(obj.get("summary"), str) and obj["summary"]:
        text = f"{obj['summary']}\n\n{text}" if text else obj["summary"]
    hashtags, mentions = _tags(obj.get("tag"))
    content_map = obj.get("contentMap")
    lang = next(iter(content_map), None) if isinstance(content_map, dict) and content_map else None
    reply_to = obj.get("inReplyTo") if isinstance(obj.get("inReplyTo"), str) else None
    quote = obj.get("quote") or obj.get("quoteUri") or obj.get("_misskey_quote")
    return {
        "id": obj["id"],
        "platform": "mastodon",
        "uri": _link(obj),
        "author_id": actor,
        "author_handle": handle_from_actor(actor),
        "created_at": to_utc(obj.get("published") or activity.get("published")),
        "text": text,
        "lang": lang,
        "visibility": visibility(obj.get("to", activity.get("to")), obj.get("cc", activity.get("cc")), actor),
        "deleted": False,
        "reply_to": reply_to,
        "conversation_id": (
            obj.get("conversation")
            if isinstance(obj.get("conversation"), str)
            else (obj["id"] if reply_to is None else None)
        ),
        "quote_of": quote if isinstance(quote, str) else None,
        "hashtags": hashtags,
        "mentions": mentions,
        "urls": urls,
        "media": _media(obj.get("attachment")),
    }


def _row(activity: dict) -> dict[str, Any] | None:
    """The Post row for one activity, None for activities that are not posts."""
    kind = activity.get("type")
    actor = activity.get("actor") if isinstance(activity.get("actor"), str) else None
    obj = activity.get("object")
    if kind == "Announce":
        target = obj.get("id") if isinstance(obj, dict) else obj
        return {
            "id": activity["id"],
            "platform": "mastodon",
            "uri": activity["id"],
            "author_id": actor,
            "author_handle": handle_from_actor(actor),
            "created_at": to_utc(activity.get("published")),
            "text": "",
            "visibility": visibility(activity.get("to"), activity.get("cc"), actor),
            "repost_of": target if isinstance(target, str) else None,
        }
    if kind == "Delete":
        # How ActivityPub (and Mastodon's export) records a deleted status: a Delete whose
        # object is the status URI or a Tombstone carrying it. The tombstone row makes the
        # build drop the earlier Create of the same id, wherever it was read.
        target = obj.get("id") if isinstance(obj, dict) else obj
        if not isinstance(target, str):
            return None
        return {
            "id": target,
            "platform": "mastodon",
            "author_id": actor,
            "author_handle": handle_from_actor(actor),
            "deleted": True,
            "visibility": "public",
        }
    if kind != "Create" or not isinstance(obj, dict):
        return None
    if obj.get("type") == "Tombstone":
        return {
            "id": obj.get("id") or activity["id"],
            "platform": "mastodon",
            "author_id": actor,
            "author_handle": handle_from_actor(actor),
            "deleted": True,
            "visibility": visibility(activity.get("to"), activity.get("cc"), actor),
        }
    if obj.get("type") not in POST_TYPES:
        return None
    return _note_row(activity, obj)


def _problem(activity: Any) -> str | None:
    if not isinstance(activity, dict):
        return f"not an activity (a JSON {type(activity).__name__})"
    if not isinstance(activity.get("id"), str) or not isinstance(activity.get("type"), str):
        return "activity without an id or type"
    obj = activity.get("object")
    if (
        activity["type"] == "Create"
        and isinstance(obj, dict)
        and obj.get("type") in POST_TYPES
        and not isinstance(obj.get("id"), str)
    ):
        return "Create activity whose object has no id"
    if activity["type"] in ("Create", "Announce") and obj is None:
        return f"{activity['type']} activity without an object"
    return None


def _activities(value: Any) -> Iterator[Any]:
    if isinstance(value, dict) and isinstance(value.get("orderedItems"), list):
        yield from value["orderedItems"]
    elif isinstance(value, dict) and value.get("type") in ("OrderedCollection", "OrderedCollectionPage"):
        return  # an empty or paged collection without items here
    else:
        yield value  # a bare activity (one per line in JSONL dumps)


# a Mastodon status's ActivityPub id: its numeric id on the author's instance is the last segment
_MASTODON_STATUS = re.compile(r"https?://[^/\s]+/users/[^/\s]+/statuses/(\d+)")


def _note_alias(activity: dict, ctx: ReadContext) -> None:
    """An ``alias`` event between a Mastodon status URI (created, deleted or tombstoned here) and the numeric
    id the author's instance gives it, which its API, streaming deletes and links use."""
    if activity.get("type") not in ("Create", "Delete"):
        return
    obj = activity.get("object")
    target = obj.get("id") if isinstance(obj, dict) else obj
    match = _MASTODON_STATUS.fullmatch(target) if isinstance(target, str) else None
    if match:
        ctx.event("alias", "mastodon", post_id=match.group(1), value=target)


def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]:
    """Stream Post batches from an outbox.json (or JSONL of activities)."""
    builder: PostBuilder = ctx.builder()
    for value, line in iter_json(path, ctx):
        for index, activity in enumerate(_activities(value)):
            where = f" (item {index})" if line == 1 else ""
            problem = _problem(activity)
            if problem:
                ctx.stats.read += 1
                ctx.quarantine(problem + where, line=line, raw=repr(activity)[:4096])
                continue
            _note_alias(activity, ctx)
            full = ctx.add_record(builder, _row, activity, "bad activity field: {exc}" + where, line=line)
            if full is not None:
                yield full
    batch = builder.flush()
    if batch is not None:
        yield batch
