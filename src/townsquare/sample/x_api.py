"""Writes X API v2 pages as twarc2 saves them (``x/tweets.jsonl``) and X compliance events (``x/compliance.jsonl``);
the reader is ``townsquare.sources.x_api``."""

from __future__ import annotations

import json
import random
import string
from datetime import timedelta
from pathlib import Path

from townsquare.sample.world import (
    START,
    TOWN,
    WINDOW_S,
    Draft,
    User,
    World,
    iso_time,
    random_alnum,
)

# --------------------------------------------------------------------------- writers: X API v2


def x_text(draft: Draft) -> str:
    """The tweet text as X shows it: RTs quote the original, replies start with the mention, quotes end in a link."""
    if draft.repost_of is not None:
        src = draft.repost_of
        text = f"RT @{src.author.handle}: {src.text}"
        return text if len(text) <= 140 else text[:139] + "…"
    text = draft.text
    if draft.reply_to is not None and draft.reply_to.author is not draft.author:
        text = f"@{draft.reply_to.author.handle} {text}"
    if draft.quote_of is not None:
        text += f" https://t.co/{draft.extra['tco']}"
    return text


def x_entities(draft: Draft, text: str) -> dict:
    entities: dict = {}
    mentions = []
    for user in ([draft.repost_of.author] if draft.repost_of else []) + (
        [draft.reply_to.author] if draft.reply_to is not None and draft.reply_to.author is not draft.author else []
    ):
        start = text.find("@" + user.handle)
        if start >= 0:
            mentions.append(
                {"start": start, "end": start + 1 + len(user.handle), "username": user.handle, "id": user.id}
            )
    if mentions:
        entities["mentions"] = mentions
    tags = []
    for tag in draft.repost_of.hashtags if draft.repost_of else draft.hashtags:
        start = text.find("#" + tag)
        if start >= 0:
            tags.append({"start": start, "end": start + 1 + len(tag), "tag": tag})
    if tags:
        entities["hashtags"] = tags
    if draft.quote_of is not None:
        url = f"https://t.co/{draft.extra['tco']}"
        start = text.find(url)
        src = draft.quote_of
        entities["urls"] = [
            {
                "start": start,
                "end": start + len(url),
                "url": url,
                "expanded_url": f"https://twitter.com/{src.author.handle}/status/{src.id}",
                "display_url": f"twitter.com/{src.author.handle}/…",
            }
        ]
    return entities


def x_escape(text: str) -> str:
    """X API v2 returns text with &, < and > HTML-escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _tweet(draft: Draft, rng: random.Random) -> dict:
    text = x_text(draft)
    tweet = {
        "id": draft.id,
        "text": x_escape(text),
        "author_id": draft.author.id,
        "conversation_id": draft.conversation.id if draft.repost_of is None else draft.id,
        "created_at": iso_time(draft.created),
        "lang": draft.lang,
        "edit_history_tweet_ids": [draft.id],
        "possibly_sensitive": False,
        "reply_settings": "everyone",
        "source": rng.choice(["Twitter for iPhone", "Twitter for Android", "Twitter Web App"]),
        "public_metrics": {
            "retweet_count": rng.randrange(0, 30),
            "reply_count": rng.randrange(0, 8),
            "like_count": rng.randrange(0, 200),
            "quote_count": rng.randrange(0, 3),
        },
    }
    entities = x_entities(draft, text)
    if entities:
        tweet["entities"] = entities
    refs = []
    if draft.repost_of is not None:
        refs.append({"type": "retweeted", "id": draft.repost_of.id})
    if draft.quote_of is not None:
        refs.append({"type": "quoted", "id": draft.quote_of.id})
    if draft.reply_to is not None:
        refs.append({"type": "replied_to", "id": draft.reply_to.id})
        tweet["in_reply_to_user_id"] = draft.reply_to.author.id
    if refs:
        tweet["referenced_tweets"] = refs
    return tweet


def _x_user(user: User, rng: random.Random) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "username": user.handle,
        "created_at": iso_time(user.created),
        "description": "",
        "location": TOWN if rng.random() < 0.5 else "",
        "url": "",
        "verified": False,
        "protected": user.protected,
        "profile_image_url": "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png",
        "public_metrics": {
            "followers_count": rng.randrange(0, 5000),
            "following_count": rng.randrange(0, 900),
            "tweet_count": rng.randrange(10, 20000),
            "listed_count": rng.randrange(0, 20),
        },
    }


X_SEARCH_URL = (
    "https://api.twitter.com/2/tweets/search/recent?expansions=author_id%2Cin_reply_to_user_id%2C"
    "referenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username&tweet.fields="
    "author_id%2Cconversation_id%2Ccreated_at%2Centities%2Cid%2Cin_reply_to_user_id%2Clang%2C"
    "public_metrics%2Ctext%2Cpossibly_sensitive%2Creferenced_tweets%2Creply_settings%2Csource&"
    "user.fields=created_at%2Cdescription%2Cid%2Clocation%2Cname%2Cprofile_image_url%2Cprotected%2C"
    "public_metrics%2Curl%2Cusername%2Cverified&query=Millbrook&max_results=100"
)


def write_x(world: World, out: Path) -> dict:
    """tweets.jsonl: twarc2 search pages, newest first; compliance.jsonl: deletion events."""
    rng = world.rng
    drafts = sorted(world.drafts["x"], key=lambda d: d.created, reverse=True)
    out.mkdir(parents=True, exist_ok=True)
    user_cache: dict[str, dict] = {}
    with open(out / "tweets.jsonl", "w", encoding="utf-8") as fh:
        for start in range(0, len(drafts), 100):
            page = drafts[start : start + 100]
            data = [_tweet(d, rng) for d in page]
            refs = {}
            for d in page:
                for ref in (d.repost_of, d.quote_of, d.reply_to):
                    if ref is not None:
                        refs[ref.id] = ref
            users = {}
            for d in page + list(refs.values()):
                for u in [d.author] + d.mentions:
                    users[u.id] = u
            includes = {"users": [user_cache.setdefault(u.id, _x_user(u, rng)) for u in users.values()]}
            if refs:
                includes["tweets"] = [_tweet(r, rng) for r in refs.values()]
            meta = {"newest_id": page[0].id, "oldest_id": page[-1].id, "result_count": len(page)}
            if start + 100 < len(drafts):
                meta["next_token"] = random_alnum(rng, 43, string.ascii_lowercase + string.digits)
            retrieved = START + timedelta(seconds=WINDOW_S + 3600 + start)
            body = {
                "data": data,
                "includes": includes,
                "meta": meta,
                "__twarc": {
                    "url": X_SEARCH_URL,
                    "version": "2.14.0",
                    "retrieved_at": retrieved.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                },
            }
            fh.write(json.dumps(body) + "\n")
    deleted = sorted((d for d in drafts if d.deleted), key=lambda d: d.created)
    with open(out / "compliance.jsonl", "w", encoding="utf-8") as fh:
        for d in deleted:
            event = {"id": d.id, "action": "delete", "created_at": iso_time(d.created), "reason": "deleted"}
            fh.write(json.dumps(event) + "\n")
    return {"x/tweets.jsonl": len(drafts), "x/compliance.jsonl": len(deleted)}
