"""Writes an X account archive (``x-archive/data/*.js``: tweets, deleted tweets, direct messages, account);
the reader is ``townsquare.sources.x_archive``."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

from townsquare.sample.world import Draft, World, iso_time
from townsquare.sample.x_api import x_entities, x_escape, x_text

# --------------------------------------------------------------------------- writers: X archive


def _archive_tweet(draft: Draft, rng: random.Random) -> dict:
    """A tweet as the account archive writes it: strings for numbers, Twitter's classic date format."""
    text = x_text(draft)
    entities: dict = {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}
    for tag in draft.hashtags:
        start = text.find("#" + tag)
        if start >= 0:
            entities["hashtags"].append({"text": tag, "indices": [str(start), str(start + 1 + len(tag))]})
    for m in x_entities(draft, text).get("mentions", []):
        entities["user_mentions"].append(
            {
                "name": m["username"],
                "screen_name": m["username"],
                "indices": [str(m["start"]), str(m["end"])],
                "id_str": m["id"],
                "id": m["id"],
            }
        )
    tweet = {
        "edit_info": {
            "initial": {
                "editTweetIds": [draft.id],
                "editableUntil": iso_time(draft.created + timedelta(hours=1)),
                "editsRemaining": "5",
                "isEditEligible": draft.repost_of is None,
            }
        },
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": entities,
        "display_text_range": ["0", str(len(text))],
        "favorite_count": str(rng.randrange(0, 50)),
        "id_str": draft.id,
        "truncated": False,
        "retweet_count": str(rng.randrange(0, 10)),
        "id": draft.id,
        "possibly_sensitive": False,
        "created_at": draft.created.strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "favorited": False,
        "full_text": x_escape(text),
        "lang": draft.lang,
    }
    if draft.reply_to is not None:
        parent = draft.reply_to
        tweet.update(
            {
                "in_reply_to_status_id_str": parent.id,
                "in_reply_to_status_id": parent.id,
                "in_reply_to_user_id": parent.author.id,
                "in_reply_to_user_id_str": parent.author.id,
                "in_reply_to_screen_name": parent.author.handle,
            }
        )
    if draft.deleted:
        tweet["deleted_at"] = iso_time(draft.created + timedelta(days=2))
    return tweet


def _ytd(name: str, items: list) -> str:
    """The archive's JavaScript wrapper, with its ``"key" : value`` spacing."""
    return f"window.YTD.{name}.part0 = " + json.dumps(items, indent=2, separators=(",", " : "), ensure_ascii=False)


def write_archive(world: World, out: Path) -> dict:
    """x-archive/data/: tweets.js, deleted-tweets.js, direct-messages.js, account.js."""
    rng = world.rng
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    drafts = sorted(world.drafts["x-archive"], key=lambda d: d.created, reverse=True)
    # the archive owner replies to and retweets people on X
    tweets = [d for d in drafts if d.extra["file"].endswith("/tweets.js")]
    deleted = [d for d in drafts if d.extra["file"].endswith("deleted-tweets.js")]
    dms = [d for d in drafts if d.extra["file"].endswith("direct-messages.js")]
    (data / "tweets.js").write_text(_ytd("tweets", [{"tweet": _archive_tweet(d, rng)} for d in tweets]), "utf-8")
    (data / "deleted-tweets.js").write_text(
        _ytd("deleted_tweets", [{"tweet": _archive_tweet(d, rng)} for d in deleted]), "utf-8"
    )
    conversations: dict[str, list] = {}
    owner = world.archive_owner
    for d in sorted(dms, key=lambda d: d.created):
        other = d.mentions[0]
        key = "-".join(sorted((owner.id, other.id), key=int))
        conversations.setdefault(key, []).append(
            {
                "messageCreate": {
                    "recipientId": other.id,
                    "reactions": [],
                    "urls": [],
                    "text": d.text,
                    "mediaUrls": [],
                    "senderId": owner.id,
                    "id": d.id,
                    "createdAt": iso_time(d.created),
                }
            }
        )
    (data / "direct-messages.js").write_text(
        _ytd(
            "direct_messages",
            [{"dmConversation": {"conversationId": k, "messages": v}} for k, v in conversations.items()],
        ),
        "utf-8",
    )
    (data / "account.js").write_text(
        _ytd(
            "account",
            [
                {
                    "account": {
                        "email": "mara.millbrook@example.com",
                        "createdVia": "web",
                        "username": owner.handle,
                        "accountId": owner.id,
                        "createdAt": iso_time(owner.created),
                        "accountDisplayName": owner.name,
                    }
                }
            ],
        ),
        "utf-8",
    )
    return {
        "x-archive/data/tweets.js": len(tweets),
        "x-archive/data/deleted-tweets.js": len(deleted),
        "x-archive/data/direct-messages.js": len(dms),
    }
