"""Bluesky Jetstream JSON events -> Post batches (FORMAT ``bluesky-jetstream``).

Jetstream (``wss://jetstream*.bsky.network/subscribe``) serves one JSON object
per event: ``{"did", "time_us", "kind": "commit" | "identity" | "account",
"commit": {"operation", "collection", "rkey", "record", "cid"}}``.

- ``app.bsky.feed.post`` create/update -> a post; delete -> a tombstone row
  (``deleted=True``, no text) so later stages can forget the post.
- An ``account`` event with ``active: false`` and status ``deleted`` or
  ``takendown`` -> an account tombstone: a deleted row whose ``id`` is the
  repository's AT URI ``at://<did>`` (see :func:`account_tombstone_row`). Every
  account event is also a consent event at its time -- ``user_delete``,
  ``user_takedown``, ``user_suspend``, ``user_deactivate`` (the owner's own pause:
  their posts are not public while it lasts), and ``user_reactivate`` for
  ``active: true`` -- and the build drops every post of a DID whose latest state
  is not active (reason ``account_deleted`` or ``account_suspended``).
- An ``identity`` event reports the account's handle (a ``handle`` event): an
  opt-out entry naming the handle reaches the DID's posts through it.
- A ``create`` and later ``update`` of one post keep its id: each is a row, and
  an update is also a ``version`` event with the event's time (a create is the
  oldest version); the build keeps only the newest version whatever the file order.
- A profile (``app.bsky.actor.profile``) whose self-labels hold
  ``!no-unauthenticated`` is the account asking that logged-out viewers not
  see its content: a ``user_noindex`` consent event (everything built here is
  shown to anonymous API clients and trained on, so the build drops the
  account's posts, as for Mastodon's ``indexable: false``); a later profile
  without the label, or the profile's deletion, is ``user_index``.
- Every other event (likes, reposts, follows, blocks, other account
  events) is valid but not a post: counted in ``skipped``.
- ``id`` is the ``at://<did>/app.bsky.feed.post/<rkey>`` URI (the network's
  own identifier; replies and quotes point at these); ``uri`` is the public
  ``https://bsky.app/profile/<did>/post/<rkey>`` link used for citations.
  Jetstream carries no handles, so ``author_handle`` is null and
  ``author_id`` is the DID.
- Bluesky has no per-post audience: every record in a repository is public.

``post_row`` is shared with the ``.car`` reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from townsquare.post import PostBuilder, to_utc, version_key
from townsquare.sources.base import ReadContext
from townsquare.sources.jsonio import iter_json, looks_like_json

FORMAT = "bluesky-jetstream"
POST_COLLECTION = "app.bsky.feed.post"
PROFILE_COLLECTION = "app.bsky.actor.profile"
LOGGED_OUT_HIDDEN = "!no-unauthenticated"
"""The self-label by which an account asks apps not to show its content to logged-out viewers."""


def sniff(path: Path, head: bytes) -> bool:
    """JSON lines with Jetstream's envelope keys."""
    return looks_like_json(head) and b'"time_us"' in head and b'"kind"' in head and b'"did"' in head


def at_uri(did: str, rkey: str, collection: str = POST_COLLECTION) -> str:
    """The AT URI of a record."""
    return f"at://{did}/{collection}/{rkey}"


def web_link(did: str, rkey: str) -> str:
    """The public bsky.app link of a post."""
    return f"https://bsky.app/profile/{did}/post/{rkey}"


def _blob_cid(blob: Any, cid_text: Callable[[Any], str | None]) -> str | None:
    if not isinstance(blob, dict):
        return None
    ref = blob.get("ref")
    if isinstance(ref, dict):  # JSON form: {"$link": "bafk..."}
        return ref.get("$link") if isinstance(ref.get("$link"), str) else None
    if isinstance(blob.get("cid"), str):  # legacy blob form
        return blob["cid"]
    return cid_text(ref)


def _embed(
    embed: Any, did: str, cid_text: Callable[[Any], str | None], nested: bool = False
) -> tuple[list, list, str | None]:
    """(media, urls, quote_of) from a post's embed, recursing into recordWithMedia."""
    media: list[dict[str, Any]] = []
    urls: list[str] = []
    quote_of = None
    if not isinstance(embed, dict):
        return media, urls, quote_of
    kind = embed.get("$type")
    if kind == "app.bsky.embed.images":
        for image in embed.get("images") or ():
            if isinstance(image, dict):
                cid = _blob_cid(image.get("image"), cid_text)
                url = f"https://cdn.bsky.app/img/feed_fullsize/plain/{did}/{cid}@jpeg" if cid else None
                media.append({"kind": "image", "url": url, "alt_text": image.get("alt") or None})
    elif kind == "app.bsky.embed.video":
        cid = _blob_cid(embed.get("video"), cid_text)
        url = f"https://video.bsky.app/watch/{did}/{cid}/playlist.m3u8" if cid else None
        media.append({"kind": "video", "url": url, "alt_text": embed.get("alt") or None})
    elif kind == "app.bsky.embed.external":
        external = embed.get("external")
        if isinstance(external, dict) and isinstance(external.get("uri"), str):
            urls.append(external["uri"])
    elif kind == "app.bsky.embed.record":
        record = embed.get("record")
        if isinstance(record, dict) and isinstance(record.get("uri"), str):
            quote_of = record["uri"]
    elif kind == "app.bsky.embed.recordWithMedia" and not nested:  # the lexicon nests it once, never in itself
        media, urls, _ = _embed(embed.get("media"), did, cid_text, nested=True)
        _, _, quote_of = _embed(embed.get("record"), did, cid_text, nested=True)
        if quote_of is None and isinstance(embed.get("record"), dict):
            inner = embed["record"].get("record")
            quote_of = inner.get("uri") if isinstance(inner, dict) else None
    return media, urls, quote_of


def _facets(text: str, facets: Any) -> tuple[list[str], list[str], list[str]]:
    """(hashtags, mentions, urls) from richtext facets; mentions keep the handle as written."""
    hashtags, mentions, urls = [], [], []
    encoded = text.encode("utf-8")
    for facet in facets if isinstance(facets, list) else ():
        if not isinstance(facet, dict):
            continue
        index = facet.get("index") if isinstance(facet.get("index"), dict) else {}
        for feature in facet.get("features") or ():
            if not isinstance(feature, dict):
                continue
            kind = feature.get("$type")
            if kind == "app.bsky.richtext.facet#tag" and isinstance(feature.get("tag"), str):
                hashtags.append(feature["tag"])
            elif kind == "app.bsky.richtext.facet#link" and isinstance(feature.get("uri"), str):
                urls.append(feature["uri"])
            elif kind == "app.bsky.richtext.facet#mention" and isinstance(feature.get("did"), str):
                start, end = index.get("byteStart"), index.get("byteEnd")
                written = ""
                if isinstance(start, int) and isinstance(end, int):
                    written = encoded[start:end].decode("utf-8", "replace").strip()
                mentions.append(written[1:] if written.startswith("@") else feature["did"])
    return hashtags, mentions, urls


def _parse_time(value: Any, fallback: Any) -> Any:
    # a client-set createdAt can be anything; the relay time is the honest fallback
    if isinstance(value, str):
        try:
            return to_utc(value)
        except ValueError:
            pass
    return fallback


def _ref_uri(ref: Any) -> str | None:
    return ref.get("uri") if isinstance(ref, dict) and isinstance(ref.get("uri"), str) else None


def post_row(
    did: str, rkey: str, record: dict, cid_text: Callable[[Any], str | None] = lambda _: None, fallback_time: Any = None
) -> dict[str, Any]:
    """The Post row for one ``app.bsky.feed.post`` record (raises TypeError/ValueError if malformed)."""
    text = record.get("text")
    if not isinstance(text, str):
        raise TypeError("post record without text")
    hashtags, mentions, urls = _facets(text, record.get("facets"))
    for tag in record.get("tags") or ():  # out-of-text tags
        if isinstance(tag, str) and tag not in hashtags:
            hashtags.append(tag)
    media, embed_urls, quote_of = _embed(record.get("embed"), did, cid_text)
    urls += [u for u in embed_urls if u not in urls]
    reply = record.get("reply") if isinstance(record.get("reply"), dict) else {}
    uri = at_uri(did, rkey)
    langs = record.get("langs")
    created = _parse_time(record.get("createdAt"), fallback_time)
    return {
        "id": uri,
        "platform": "bluesky",
        "uri": web_link(did, rkey),
        "author_id": did,
        "created_at": created,
        "text": text,
        "lang": langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else None,
        "visibility": "public",
        "reply_to": _ref_uri(reply.get("parent")),
        "conversation_id": _ref_uri(reply.get("root")) or uri,
        "quote_of": quote_of,
        "hashtags": hashtags,
        "mentions": mentions,
        "urls": urls,
        "media": media,
    }


def tombstone_row(did: str, rkey: str, when: Any = None) -> dict[str, Any]:
    """A deleted-post row: only identity fields, no content."""
    return {
        "id": at_uri(did, rkey),
        "platform": "bluesky",
        "uri": web_link(did, rkey),
        "author_id": did,
        "created_at": when,
        "visibility": "public",
        "deleted": True,
    }


ACCOUNT_GONE = frozenset({"deleted", "takendown"})
_ACCOUNT_EVENT = {
    "deleted": "user_delete",
    "takendown": "user_takedown",
    "suspended": "user_suspend",
    "deactivated": "user_deactivate",
}
"""Account statuses whose posts must all go (Jetstream ``account.status`` with ``active: false``)."""


def account_uri(did: str) -> str:
    """The AT URI of a whole repository: the id of an account tombstone, and the prefix of its posts' ids."""
    return f"at://{did}"


def account_tombstone_row(did: str, when: Any = None) -> dict[str, Any]:
    """An account tombstone: a deleted row with the repository's URI as id and nothing else."""
    return {
        "id": account_uri(did),
        "platform": "bluesky",
        "author_id": did,
        "created_at": when,
        "visibility": "public",
        "deleted": True,
    }


def _event_time(event: dict) -> Any:
    when = event.get("time_us")
    return to_utc(when / 1e6) if isinstance(when, (int, float)) and not isinstance(when, bool) else None


def _account_row(event: dict, ctx: ReadContext) -> dict[str, Any] | None:
    """An account tombstone for a deleted or taken-down account, else None (a valid non-post event).

    The account's state is also reported to the consent ledger, with the event's time.
    """
    account = event.get("account")
    if not isinstance(account, dict):
        return None
    did = account.get("did") or event.get("did")
    if not isinstance(did, str) or not did:
        if account.get("active") is False and account.get("status") in ACCOUNT_GONE:
            raise ValueError("account event without a did")
        return None
    when = _event_time(event)
    if account.get("active") is True:
        ctx.event("user_reactivate", "bluesky", author_id=did, at=when)
        return None
    status = account.get("status")
    if account.get("active") is False:
        kind = _ACCOUNT_EVENT.get(status, "user_deactivate")  # an unknown status: the account is not active
        ctx.event(kind, "bluesky", author_id=did, at=when)
    if account.get("active") is not False or status not in ACCOUNT_GONE:
        return None
    return account_tombstone_row(did, when)


def _identity(event: dict, ctx: ReadContext) -> None:
    """Report the handle an identity event gives a DID."""
    identity = event.get("identity")
    if not isinstance(identity, dict):
        return
    did, handle = identity.get("did") or event.get("did"), identity.get("handle")
    if isinstance(did, str) and did and isinstance(handle, str) and handle:
        ctx.event("handle", "bluesky", author_id=did, at=_event_time(event), value=handle.lower())


def hidden_from_logged_out(record: Any) -> bool:
    """Whether a profile record's self-labels ask that logged-out viewers not see the account."""
    labels = record.get("labels") if isinstance(record, dict) else None
    values = labels.get("values") if isinstance(labels, dict) else None
    return isinstance(values, list) and any(
        isinstance(label, dict) and label.get("val") == LOGGED_OUT_HIDDEN for label in values
    )


def _profile(event: dict, commit: dict, ctx: ReadContext) -> None:
    """Report whether the account's profile asks to be hidden from logged-out viewers, at the event's time."""
    did = event.get("did")
    if not isinstance(did, str) or not did:
        return
    hidden = commit.get("operation") != "delete" and hidden_from_logged_out(commit.get("record"))
    ctx.event("user_noindex" if hidden else "user_index", "bluesky", author_id=did, at=_event_time(event))


def _event_row(event: dict, ctx: ReadContext) -> dict[str, Any] | None:
    """Row for a post event, None for a valid non-post event; raises on malformed post events."""
    if event.get("kind") != "commit":
        if event.get("kind") == "account":
            return _account_row(event, ctx)
        if event.get("kind") == "identity":
            _identity(event, ctx)
            return None
        raise ValueError(f"unknown Jetstream event kind {str(event.get('kind'))[:40]!r}")
    commit = event.get("commit")
    if not isinstance(commit, dict):
        raise TypeError("commit event without a commit")
    if commit.get("collection") == PROFILE_COLLECTION:
        _profile(event, commit, ctx)
        return None
    if commit.get("collection") != POST_COLLECTION:
        return None
    did, rkey, op = event.get("did"), commit.get("rkey"), commit.get("operation")
    if not isinstance(did, str) or not isinstance(rkey, str) or not did or not rkey:
        raise ValueError("post event without did or rkey")
    when = _event_time(event)
    if op == "delete":
        ctx.event("delete", "bluesky", author_id=did, post_id=at_uri(did, rkey), at=when)
        return tombstone_row(did, rkey, when)
    if op not in ("create", "update"):
        raise ValueError(f"unknown commit operation {str(op)[:40]!r}")
    record = commit.get("record")
    if not isinstance(record, dict):
        raise TypeError("post event without a record")
    row = post_row(did, rkey, record, fallback_time=when)
    if op == "update":  # a version newer than the create (which has no version time: the oldest)
        ctx.event(
            "version", "bluesky", author_id=did, post_id=row["id"], at=when, value=version_key(row["id"], row["text"])
        )
    return row


def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]:
    """Stream Post batches (posts and deletion tombstones) from Jetstream JSON lines."""
    builder: PostBuilder = ctx.builder()
    for event, line in iter_json(path, ctx):
        if not isinstance(event, dict):
            ctx.stats.read += 1
            ctx.quarantine(f"not a Jetstream event (a JSON {type(event).__name__})", line=line)
            continue
        full = ctx.add_record(
            builder, lambda event: _event_row(event, ctx), event, "bad Jetstream event: {exc}", line=line
        )
        if full is not None:
            yield full
    batch = builder.flush()
    if batch is not None:
        yield batch
