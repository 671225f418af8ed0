"""Posts planted for the assistant's questions (``words/questions.json``), from a random source of their
own so the rest of the town is drawn exactly as before; their truth goes into ``truth.json``."""

from __future__ import annotations

import random
from datetime import timedelta

from townsquare.sample.words import ASK_PLANTS, ASK_QUESTIONS
from townsquare.sample.world import START, Draft, World

# --------------------------------------------------------------------------- planted questions for the assistant
# Kept in its own section (and its own random source) so the rest of the town is drawn exactly as before.

ASK_DAY = START + timedelta(days=3)


def plant_assistant_questions(world: World, seed: int) -> dict:
    """Add the ``ASK_PLANTS`` posts (public, frozen, one author each on X) and return the truth for ``truth.json``."""
    rng = random.Random(seed + 1717)
    authors = [u for u in world.people("x") if u.lang == "en"] or world.people("x")
    rng.shuffle(authors)
    posts: dict[str, list[str]] = {}
    k = 0
    for group, texts in ASK_PLANTS.items():
        day = ASK_DAY + timedelta(days=9) if group == "ferry_new" else ASK_DAY
        for text in texts:
            author = authors[k % len(authors)]
            k += 1
            ts = day + timedelta(minutes=37 * k)
            draft = Draft(
                id=world.snowflake(ts),
                stream="x",
                author=author,
                created=ts,
                text=text,
                lang="en",
                frozen=True,
                labels=[f"ask:{group}"],
            )
            world.drafts["x"].append(draft)
            posts.setdefault(group, []).append(draft.id)
    questions = []
    for spec in ASK_QUESTIONS:
        entry = dict(spec)
        if spec["kind"] == "viewpoints":
            entry["viewpoints"] = {
                label: {"posts": posts[group], "authors": len(posts[group])}
                for label, group in spec["viewpoints"].items()
            }
        elif spec["kind"] == "newest":
            entry["expect"], entry["older"] = posts[spec["expect"]], posts[spec["older"]]
        elif spec["kind"] == "short_answer":
            entry["posts"] = posts[spec["posts"]]
        questions.append(entry)
    return {"questions": questions, "injection_posts": posts["injection"]}
