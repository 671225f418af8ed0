"""The audit's canaries sit anywhere in their posts, chosen by the registry's seeded rng: a canary always
first in its post could hide a redaction that only bites mid-sentence (9515a6a put them first to dodge one,
which e4033e6 fixed), so the audit would no longer see it."""

from __future__ import annotations

import random

from consent_audit import Registry


def _texts(seed: int) -> list[tuple[str, str]]:
    reg = Registry(random.Random(seed))
    return [(reg.text("position", [str(n)], private=False), reg.planted[-1].secret) for n in range(60)]


def test_canaries_are_planted_at_seeded_random_positions():
    texts = _texts(7)
    # which of the post's sentences holds the canary: first, last and in between all occur
    where = set()
    for text, secret in texts:
        sentences = text.split(" Code word ")
        where.add("first" if text.startswith("Code word ") else "last" if text.endswith(f"{secret}.") else "middle")
        assert len(sentences) <= 2 and secret in text
    assert where == {"first", "middle", "last"}
    assert _texts(7) == texts  # seeded: the same posts on every run
    assert _texts(8) != texts
