"""What a sample holds beside its exports: the opt-out list, ``truth.json`` (exact counts per platform
and per file) and the sample's README."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from townsquare.sample.words import CANARY_VOCAB
from townsquare.sample.world import (
    CANARY_LENGTH,
    CANARY_ONLY_PII,
    CONTROL_REPEATS,
    NEGATIVE_LABELS,
    PII_LABELS,
    PRIVATE_REPEATS,
    STREAM_FILE,
    STREAM_PLATFORM,
    Draft,
    World,
)


def write_opt_out(world: World, path: Path) -> None:
    """Opted-out authors (id and handle forms) and single posts, one per line."""
    lines = [
        "# townsquare sample: authors and posts that opted out of any corpus, index or model.",
        "# One author id, handle or post id per line; '#' starts a comment.",
    ]
    for platform in ("x", "mastodon", "bluesky", "csv"):
        for user in (u for u in world.users[platform] if u.opted_out):
            lines.append(f"# {platform} author {user.name}")
            if platform == "mastodon":
                lines += [user.id, f"{user.handle}@{user.domain}", f"@{user.handle}@{user.domain}"]
            elif platform == "bluesky":
                lines += [user.id, user.handle]
            elif platform == "x":
                lines += [user.id, user.handle, "@" + user.handle]
            else:
                lines.append(user.handle)
    lines.append("# single posts (the author did not opt out, this post did)")
    lines += [d.id for d in world.opt_out_posts]
    path.write_text("\n".join(lines) + "\n", "utf-8")


# --------------------------------------------------------------------------- truth


def file_of(draft: Draft) -> str:
    return draft.extra.get("file") or STREAM_FILE[draft.stream]


def _counts(drafts: list[Draft]) -> dict:
    """Counts for a group of posts: visibility, deletion, reposts, planted phenomena, languages, PII."""
    vis = Counter(d.visibility for d in drafts if not d.deleted)
    labels = Counter(lab for d in drafts for lab in d.labels)
    return {
        "posts": len(drafts),
        "reposts": sum(d.repost_of is not None for d in drafts),
        "replies": sum(d.reply_to is not None for d in drafts),
        "quotes": sum(d.quote_of is not None for d in drafts),
        "public": vis.get("public", 0),
        "non_public": {k: vis.get(k, 0) for k in ("unlisted", "followers", "direct", "protected")},
        "deleted": sum(d.deleted for d in drafts),
        "opted_out_author": sum(d.author.opted_out for d in drafts),
        "duplicates_planted": labels.get("dup", 0),
        "near_duplicates_planted": labels.get("near_dup", 0),
        "spam_planted": labels.get("spam", 0),
        "pii_planted": {
            lab: labels.get(f"pii:{lab}", 0)
            for lab in dict.fromkeys((*PII_LABELS, *(label for label, _ in CANARY_ONLY_PII)))
        },
        "languages": dict(sorted(Counter(d.lang for d in drafts if d.repost_of is None).items())),
    }


def _visibility_counts(drafts: list[Draft]) -> dict:
    """posts / public / non_public / deleted for a group (used for originals, i.e. not reposts)."""
    vis = Counter(d.visibility for d in drafts if not d.deleted)
    return {
        "posts": len(drafts),
        "public": vis.get("public", 0),
        "deleted": sum(d.deleted for d in drafts),
        "non_public": {k: vis.get(k, 0) for k in ("unlisted", "followers", "direct", "protected")},
    }


def ground_truth(world: World, files: dict[str, int]) -> dict:
    every = [d for s in world.drafts.values() for d in s]
    per_platform = {}
    for platform in ("x", "mastodon", "bluesky", "csv"):
        per_platform[platform] = _counts([d for d in every if STREAM_PLATFORM[d.stream] == platform])
    per_file = {}
    for name in sorted({file_of(d) for d in every}):
        group = [d for d in every if file_of(d) == name]
        counts = _counts(group)
        counts["originals"] = _visibility_counts([d for d in group if d.repost_of is None])
        # What a reader of this one file can know: X deletions live in compliance.jsonl, not in tweets.jsonl.
        if name == "x/tweets.jsonl":
            counts["public_in_file"] = sum(d.visibility == "public" for d in group)
            counts["deleted_in_file"] = 0
            originals = counts["originals"]
            originals["public_in_file"] = sum(d.visibility == "public" and d.repost_of is None for d in group)
        per_file[name] = counts
    per_file["x/compliance.jsonl"] = {"deletion_events": files["x/compliance.jsonl"]}
    per_file["bluesky/jetstream.jsonl"].update(world.bluesky_noise)
    per_file["bluesky/jetstream.jsonl"]["delete_events"] = per_file["bluesky/jetstream.jsonl"]["deleted"]
    opted_ids = {d.id for d in world.opt_out_posts}
    eligible = [
        d
        for d in every
        if d.visibility == "public" and not d.deleted and not d.author.opted_out and d.id not in opted_ids
    ]
    return {
        "total": _counts(every),
        "platforms": per_platform,
        "files": per_file,
        "corpus_eligible_posts": len(eligible),
        "opted_out_posts_by_id": len(opted_ids),
        "hard_negatives_planted": {lab: world.negatives.get(lab, 0) for lab in NEGATIVE_LABELS},
        "canaries": dict(sorted(Counter(c["kind"] for c in world.canaries).items())),
    }


README = """# townsquare sample data (seed {seed})

A synthetic "town square" (the town of Millbrook: buses, weather, a local election,
a football club, a phone launch, food) written in the real export formats, with
ground truth. Generated by `townsquare sample --out DIR --posts {n} --seed {seed}`.

| path | format | what |
|---|---|---|
| `x/tweets.jsonl` | X API v2 pages as twarc2 writes them (`data`, `includes`, `meta`, `__twarc`) | {x} tweets incl. retweets, quotes, replies; `includes.users` lists protected users |
| `x/compliance.jsonl` | X compliance events | {xc} `delete` events for tweets in tweets.jsonl |
| `x-archive/` | X account archive (`data/tweets.js`, `deleted-tweets.js`, `direct-messages.js`, `account.js`) | {xa} tweets of @mara_millbrook, {xad} deleted tweets, {xdm} direct messages; account.js holds her email |
| `mastodon/statuses.jsonl` | Mastodon API statuses, one per line | {m} statuses, visibility public/unlisted/private/direct, reblogs |
| `mastodon/outbox.json` | ActivityPub outbox of one account (Mastodon export) | {mo} Create/Announce activities plus Delete(Tombstone) for deleted notes; to/cc follow the visibility |
| `bluesky/jetstream.jsonl` | Bluesky Jetstream v1 events | {b} post/repost creates, post deletes, likes/follows/identity noise |
| `csv/posts.csv` | CSV (`tweet_id,name,text,tweet_created,retweet_count`) | {c} rows; map with `text=text,author=name,created_at=tweet_created,id=tweet_id` |
| `opt_out.txt` | one author id, handle or post id per line, `#` comments | opted-out authors and single posts |
| `canaries.jsonl` | one JSON object per canary | {nc} canaries; see below |
| `pii.jsonl` | `{{"post_id","platform","file","label","value"}}` | every planted PII value ({npii}) |
| `truth.json` | JSON | exact counts per platform and per file |

## Ground truth (all platforms)

- posts: {posts} (public and not deleted: {public}; deleted: {deleted}; reposts: {reposts})
- non-public (not deleted): {nonpub}
- planted: {dups} exact duplicates, {near} near-duplicates (1-2 character edits), {spam} spam posts
- PII planted: {pii}
- languages: {langs}
- hard negatives (numbers that are not PII): {negs}

## Canaries

Each line of `canaries.jsonl` has `id, canary, prefix, secret, space, kind, must_not_appear,
post_ids, platform, files, repeats`. `canary` is the exact string in the post text.

- Private kinds (`direct, followers, unlisted, deleted, protected, opted_out`): the secret is
  4 words from a 16-word vocabulary (`space.kind == "words"`), planted in {pr} different
  non-public posts each. Words, not digits, so that PII redaction cannot hide a leak:
  these must vanish because the posts are private. `must_not_appear: true`.
- PII kinds (`pii_*`): the canary is the PII value itself, in a public post; it must be
  redacted. `must_not_appear: true`.
- `control`: public canaries left in on purpose at repeats {controls} (different words around
  the canary in every repeat, different authors, so near-duplicate dedup keeps them) plus
  never-inserted ones (`repeats: 0`) as the exposure baseline. `must_not_appear: false`.
  Exposure ranks the secret among all {space} candidates of `space`.
"""


def write_readme(world: World, path: Path, truth: dict, files: dict, seed: int) -> None:
    total = truth["total"]
    fmt = lambda d: ", ".join(f"{k} {v}" for k, v in d.items())  # noqa: E731
    path.write_text(
        README.format(
            seed=seed,
            n=world.n_posts,
            x=files["x/tweets.jsonl"],
            xc=files["x/compliance.jsonl"],
            xa=files["x-archive/data/tweets.js"],
            xad=files["x-archive/data/deleted-tweets.js"],
            xdm=files["x-archive/data/direct-messages.js"],
            m=files["mastodon/statuses.jsonl"],
            mo=files["mastodon/outbox.json"],
            b=files["bluesky/jetstream.jsonl"],
            c=files["csv/posts.csv"],
            nc=len(world.canaries),
            npii=len(world.pii),
            posts=total["posts"],
            public=total["public"],
            deleted=total["deleted"],
            reposts=total["reposts"],
            nonpub=fmt(total["non_public"]),
            dups=total["duplicates_planted"],
            near=total["near_duplicates_planted"],
            spam=total["spam_planted"],
            pii=fmt(total["pii_planted"]),
            langs=fmt(total["languages"]),
            negs=fmt(truth["hard_negatives_planted"]),
            pr=PRIVATE_REPEATS,
            controls=", ".join(map(str, CONTROL_REPEATS)),
            space=len(CANARY_VOCAB) ** CANARY_LENGTH,
        ),
        "utf-8",
    )
