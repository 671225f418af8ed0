"""Writes Bluesky Jetstream v1 events (``bluesky/jetstream.jsonl``); the reader is
``townsquare.sources.bluesky_jetstream``."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from townsquare.sample.world import START, Draft, World, iso_time

# --------------------------------------------------------------------------- writers: Bluesky Jetstream


def _facets(draft: Draft) -> list[dict]:
    """Hashtag facets with UTF-8 byte offsets, as the Bluesky app writes them."""
    facets = []
    raw = draft.text.encode("utf-8")
    for tag in draft.hashtags:
        start = raw.find(f"#{tag}".encode())
        if start >= 0:
            facets.append(
                {
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
                    "index": {"byteEnd": start + 1 + len(tag.encode()), "byteStart": start},
                }
            )
    return facets


def _bsky_uri(draft: Draft, collection: str = "app.bsky.feed.post") -> str:
    return f"at://{draft.author.id}/{collection}/{draft.id}"


def write_bluesky(world: World, out: Path) -> dict:
    """jetstream.jsonl: identity events, post/repost creates, post deletes, and like/follow noise."""
    rng = world.rng
    out.mkdir(parents=True, exist_ok=True)
    events: list[tuple[datetime, dict]] = []
    for d in world.drafts["bluesky"]:
        d.cid = world.cid()
    for user in world.users["bluesky"]:
        ts = START - timedelta(seconds=rng.randrange(60, 3600))
        events.append(
            (
                ts,
                {
                    "did": user.id,
                    "kind": "identity",
                    "identity": {
                        "did": user.id,
                        "handle": user.handle,
                        "seq": rng.randrange(10**9, 10**10),
                        "time": iso_time(ts),
                    },
                },
            )
        )
    posts = [d for d in world.drafts["bluesky"] if d.repost_of is None]
    for d in world.drafts["bluesky"]:
        if d.repost_of is not None:
            src = d.repost_of
            record = {
                "$type": "app.bsky.feed.repost",
                "createdAt": iso_time(d.created),
                "subject": {"cid": src.cid, "uri": _bsky_uri(src)},
            }
            collection = "app.bsky.feed.repost"
        else:
            record = {
                "$type": "app.bsky.feed.post",
                "createdAt": iso_time(d.created),
                "langs": [d.lang],
                "text": d.text,
            }
            facets = _facets(d)
            if facets:
                record["facets"] = facets
            if d.reply_to is not None:
                record["reply"] = {
                    "parent": {"cid": d.reply_to.cid, "uri": _bsky_uri(d.reply_to)},
                    "root": {"cid": d.conversation.cid, "uri": _bsky_uri(d.conversation)},
                }
            if d.quote_of is not None:
                record["embed"] = {
                    "$type": "app.bsky.embed.record",
                    "record": {"cid": d.quote_of.cid, "uri": _bsky_uri(d.quote_of)},
                }
            collection = "app.bsky.feed.post"
        events.append(
            (
                d.created,
                {
                    "did": d.author.id,
                    "kind": "commit",
                    "commit": {
                        "rev": world.tid(d.created),
                        "operation": "create",
                        "collection": collection,
                        "rkey": d.id,
                        "record": record,
                        "cid": d.cid,
                    },
                },
            )
        )
        if d.deleted:
            ts = d.created + timedelta(minutes=rng.randrange(5, 600))
            events.append(
                (
                    ts,
                    {
                        "did": d.author.id,
                        "kind": "commit",
                        "commit": {
                            "rev": world.tid(ts),
                            "operation": "delete",
                            "collection": "app.bsky.feed.post",
                            "rkey": d.id,
                        },
                    },
                )
            )
    likes = follows = 0
    public = [d for d in posts if not d.deleted]
    users = world.users["bluesky"]
    for _ in range(len(posts) // 2):  # engagement noise that is not posts
        ts = world.when()
        actor = rng.choice(users)
        if rng.random() < 0.8:
            src = rng.choice(public)
            record = {
                "$type": "app.bsky.feed.like",
                "createdAt": iso_time(ts),
                "subject": {"cid": src.cid, "uri": _bsky_uri(src)},
            }
            collection, likes = "app.bsky.feed.like", likes + 1
        else:
            record = {"$type": "app.bsky.graph.follow", "createdAt": iso_time(ts), "subject": rng.choice(users).id}
            collection, follows = "app.bsky.graph.follow", follows + 1
        events.append(
            (
                ts,
                {
                    "did": actor.id,
                    "kind": "commit",
                    "commit": {
                        "rev": world.tid(ts),
                        "operation": "create",
                        "collection": collection,
                        "rkey": world.tid(ts),
                        "record": record,
                        "cid": world.cid(),
                    },
                },
            )
        )
    events.sort(key=lambda e: e[0])
    with open(out / "jetstream.jsonl", "w", encoding="utf-8") as fh:
        for ts, event in events:
            # Jetstream puts time_us right after did; rebuild the dict in that key order
            line = {"did": event["did"], "time_us": int(ts.timestamp() * 1_000_000), **event}
            fh.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    world.bluesky_noise = {"likes": likes, "follows": follows, "identity": len(users)}
    return {"bluesky/jetstream.jsonl": len(world.drafts["bluesky"])}
