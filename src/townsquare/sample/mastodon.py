"""Writes Mastodon API statuses (``mastodon/statuses.jsonl``) and one account's ActivityPub outbox
(``mastodon/outbox.json``); the readers are ``townsquare.sources.mastodon`` and ``townsquare.sources.activitypub``."""

from __future__ import annotations

import html
import json
import random
from datetime import timedelta
from pathlib import Path

from townsquare.sample.world import (
    MASTODON_HOME,
    PUBLIC_AS,
    Draft,
    User,
    World,
    iso_time,
)

# --------------------------------------------------------------------------- writers: Mastodon

MASTODON_VIS = {"public": "public", "unlisted": "unlisted", "followers": "private", "direct": "direct"}


def _html(draft: Draft) -> str:
    """Status content as Mastodon renders it: escaped text, linked mentions and hashtags, in a <p>."""
    text = html.escape(draft.text, quote=True).replace("&#x27;", "&#39;")
    for tag in draft.hashtags:
        link = f'<a href="https://{MASTODON_HOME}/tags/{tag}" class="mention hashtag" rel="tag">#<span>{tag}</span></a>'
        text = text.replace(f"#{tag}", link, 1)
    prefix = ""
    for user in draft.mentions:
        prefix += (
            f'<span class="h-card" translate="no"><a href="https://{user.domain}/@{user.handle}" '
            f'class="u-url mention">@<span>{user.handle}</span></a></span> '
        )
    return f"<p>{prefix}{text}</p>"


def _account(user: User, rng: random.Random) -> dict:
    return {
        "id": user.id,
        "username": user.handle,
        "acct": user.acct,
        "display_name": user.name,
        "locked": False,
        "bot": user.bot,
        "discoverable": True,
        "indexable": True,
        "group": False,
        "created_at": iso_time(user.created.replace(hour=0, minute=0, second=0, microsecond=0)),
        "note": "<p>Millbrook local.</p>",
        "url": f"https://{user.domain}/@{user.handle}",
        "uri": user.actor,
        "avatar": f"https://{MASTODON_HOME}/avatars/original/missing.png",
        "avatar_static": f"https://{MASTODON_HOME}/avatars/original/missing.png",
        "header": f"https://{MASTODON_HOME}/headers/original/missing.png",
        "header_static": f"https://{MASTODON_HOME}/headers/original/missing.png",
        "followers_count": rng.randrange(0, 3000),
        "following_count": rng.randrange(0, 800),
        "statuses_count": rng.randrange(1, 9000),
        "last_status_at": "2025-03-16",
        "emojis": [],
        "fields": [],
    }


def _status(draft: Draft, rng: random.Random) -> dict:
    user = draft.author
    reblog = _status(draft.repost_of, rng) if draft.repost_of is not None else None
    base = f"https://{user.domain}/users/{user.handle}/statuses/{draft.id}"
    status = {
        "id": draft.id,
        "created_at": iso_time(draft.created),
        "in_reply_to_id": draft.reply_to.id if draft.reply_to is not None else None,
        "in_reply_to_account_id": draft.reply_to.author.id if draft.reply_to is not None else None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": MASTODON_VIS[draft.visibility],
        "language": None if reblog else draft.lang,
        "uri": base + ("/activity" if reblog else ""),
        "url": None if reblog else f"https://{user.domain}/@{user.handle}/{draft.id}",
        "replies_count": rng.randrange(0, 5),
        "reblogs_count": rng.randrange(0, 20),
        "favourites_count": rng.randrange(0, 80),
        "quotes_count": 0,
        "edited_at": None,
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "content": "" if reblog else _html(draft),
        "filtered": [],
        "reblog": reblog,
        "account": _account(user, rng),
        "media_attachments": [],
        "mentions": [
            {"id": u.id, "username": u.handle, "url": f"https://{u.domain}/@{u.handle}", "acct": u.acct}
            for u in draft.mentions
        ],
        "tags": [{"name": t.lower(), "url": f"https://{MASTODON_HOME}/tags/{t.lower()}"} for t in draft.hashtags],
        "emojis": [],
        "quote": None,
        "card": None,
        "poll": None,
    }
    if draft.quote_of is not None:
        q = draft.quote_of
        status["quote"] = {"state": "accepted", "quoted_status": _status(q, rng)}
    return status


def write_mastodon(world: World, out: Path) -> dict:
    """statuses.jsonl: one status per line, as the home instance's API returns them (oldest first)."""
    rng = world.rng
    out.mkdir(parents=True, exist_ok=True)
    drafts = sorted(world.drafts["mastodon"], key=lambda d: d.created)
    with open(out / "statuses.jsonl", "w", encoding="utf-8") as fh:
        for d in drafts:
            fh.write(json.dumps(_status(d, rng), ensure_ascii=False) + "\n")
    return {"mastodon/statuses.jsonl": len(drafts)}


def _addressing(draft: Draft) -> tuple[list[str], list[str]]:
    """ActivityPub to/cc for a Mastodon visibility."""
    followers = draft.author.actor + "/followers"
    mentioned = [u.actor for u in draft.mentions]
    if draft.visibility == "public":
        return [PUBLIC_AS], [followers] + mentioned
    if draft.visibility == "unlisted":
        return [followers], [PUBLIC_AS] + mentioned
    if draft.visibility == "followers":
        return [followers], mentioned
    return mentioned, []


def _note(draft: Draft) -> dict:
    user = draft.author
    obj_id = f"{user.actor}/statuses/{draft.id}"
    to, cc = _addressing(draft)
    reply = None
    if draft.reply_to is not None:
        parent = draft.reply_to
        reply = f"{parent.author.actor}/statuses/{parent.id}"
    tags = [
        {"type": "Hashtag", "href": f"https://{MASTODON_HOME}/tags/{t.lower()}", "name": f"#{t.lower()}"}
        for t in draft.hashtags
    ]
    tags += [{"type": "Mention", "href": u.actor, "name": f"@{u.handle}@{u.domain}"} for u in draft.mentions]
    content = _html(draft)
    return {
        "id": obj_id,
        "type": "Note",
        "summary": None,
        "inReplyTo": reply,
        "published": iso_time(draft.created)[:-5] + "Z",
        "url": f"https://{user.domain}/@{user.handle}/{draft.id}",
        "attributedTo": user.actor,
        "to": to,
        "cc": cc,
        "sensitive": False,
        "atomUri": obj_id,
        "inReplyToAtomUri": reply,
        "conversation": f"tag:{user.domain},{draft.conversation.created:%Y-%m-%d}:objectId="
        f"{draft.conversation.id}:objectType=Conversation",
        "content": content,
        "contentMap": {draft.lang: content},
        "attachment": [],
        "tag": tags,
        "replies": {
            "id": f"{obj_id}/replies",
            "type": "Collection",
            "first": {
                "type": "CollectionPage",
                "next": f"{obj_id}/replies?only_other_accounts=true&page=true",
                "partOf": f"{obj_id}/replies",
                "items": [],
            },
        },
    }


def write_outbox(world: World, out: Path) -> dict:
    """outbox.json as in a Mastodon account export: Create(Note), Announce (boosts), Delete(Tombstone)."""
    drafts = sorted(world.drafts["outbox"], key=lambda d: d.created)
    items = []
    deletes = []
    for d in drafts:
        user = d.author
        if d.repost_of is not None:
            src = d.repost_of
            items.append(
                {
                    "id": f"{user.actor}/statuses/{d.id}/activity",
                    "type": "Announce",
                    "actor": user.actor,
                    "published": iso_time(d.created)[:-5] + "Z",
                    "to": [PUBLIC_AS],
                    "cc": [src.author.actor, user.actor + "/followers"],
                    "object": f"{src.author.actor}/statuses/{src.id}",
                }
            )
            continue
        note = _note(d)
        items.append(
            {
                "id": f"{note['id']}/activity",
                "type": "Create",
                "actor": user.actor,
                "published": note["published"],
                "to": note["to"],
                "cc": note["cc"],
                "object": note,
            }
        )
        if d.deleted:
            deletes.append(
                (
                    d.created + timedelta(hours=6),
                    {
                        "id": f"{user.actor}#delete-{d.id}",
                        "type": "Delete",
                        "actor": user.actor,
                        "to": [PUBLIC_AS],
                        "object": {"id": note["id"], "type": "Tombstone", "atomUri": note["id"]},
                    },
                )
            )
    for when, activity in deletes:  # a deletion follows its post in time order
        activity["published"] = iso_time(when)[:-5] + "Z"
        items.append(activity)
    items.sort(key=lambda a: a["published"])
    body = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": len(items),
        "orderedItems": items,
    }
    (out / "outbox.json").write_text(json.dumps(body, ensure_ascii=False, indent=2), "utf-8")
    return {"mastodon/outbox.json": len(drafts)}
