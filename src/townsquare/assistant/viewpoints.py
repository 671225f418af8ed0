"""Disagreement: group evidence posts into viewpoints instead of averaging them away.

Two kinds, both without a model:

- **different answers**: for a who/what/when/where/how-many question, the posts
  that answer it name different things ("the storm cut power to 2,000 homes" /
  "to 500 homes"): posts are grouped by the short answer each one gives;
- **for and against**: for an opinion question ("what do people say about the
  bus lane?") posts are grouped by stance from a small lexicon of approving and
  critical words, with negation ("not good" is critical).

A group is a ``Viewpoint`` with its posts, the distinct authors, and a
representative sentence. Two or more groups are reported; one group means the
posts agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from townsquare.assistant.evidence import Evidence
from townsquare.assistant.text import stem, tokens

_POSITIVE = set(
    """good great love loved loving like liked best better excellent amazing awesome wonderful fantastic
support supports supported supporting favor favour approve approved yes win won safer faster cheaper helpful
works working success successful happy glad welcome welcomed improve improved improvement brilliant perfect
fair right agree agreed thanks thank nice pleased proud benefit benefits""".split()
)
_NEGATIVE = set(
    """bad terrible awful hate hated worst worse disaster horrible poor against oppose opposed opposing
reject rejected no fail failed failure broken slower slow expensive dangerous unsafe waste wasted wrong
angry unfair mess chaos problem problems complain complaint disappointed disappointing ridiculous useless
stop scrap scrapped ban lose lost nightmare joke""".split()
)
_NEGATION = {
    "not",
    "no",
    "never",
    "isn't",
    "wasn't",
    "aren't",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "hardly",
    "isn’t",
    "don’t",
    "doesn’t",
    "can't",
    "cannot",
}
_OPINION = re.compile(
    r"\b(say|says|said|think|thinks|feel|feels|opinion|opinions|view|views|react|reaction|"
    r"reactions|like|support|oppose|good|bad|debate|controvers\w*|agree|disagree|for or against)\b",
    re.IGNORECASE,
)


@dataclass
class Viewpoint:
    """One side: what its posts say, how many posts and distinct authors, and which evidence they are."""

    label: str  # "for", "against", or the short answer these posts give
    summary: str  # a representative sentence (quoted from the strongest post)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def posts(self) -> int:
        return len(self.evidence)

    @property
    def authors(self) -> int:
        return len({e.author for e in self.evidence})


def asks_opinion(question: str) -> bool:
    return bool(_OPINION.search(question))


def stance(text: str) -> int:
    """+1 approving, -1 critical, 0 neither or both equally (lexicon with negation of the next 3 words)."""
    score, negate = 0, 0
    for token in tokens(text):
        word = token.lower
        if word in _NEGATION:
            negate = 3
            continue
        polarity = (word in _POSITIVE) - (word in _NEGATIVE)
        if polarity:
            score += -polarity if negate else polarity
        negate = max(negate - 1, 0)
    return (score > 0) - (score < 0)


def by_stance(evidence: list[Evidence]) -> list[Viewpoint]:
    """For and against groups (posts with no clear stance are left out); [] unless both sides have posts."""
    sides: dict[int, list[Evidence]] = {1: [], -1: []}
    for item in evidence:
        side = stance(item.text)
        if side:
            sides[side].append(item)
    if not sides[1] or not sides[-1]:
        return []
    groups = [Viewpoint("for", "", sides[1]), Viewpoint("against", "", sides[-1])]
    groups.sort(key=lambda v: (-v.posts, -v.authors))
    return groups


def by_answer(answers: list[tuple[Evidence, str]]) -> list[Viewpoint]:
    """Group posts by the short answer each gives; [] when they all give the same one."""
    groups: list[tuple[set[str], Viewpoint]] = []
    for item, answer in answers:
        key = {stem(t.lower) for t in tokens(answer) if re.match(r"\w", t.text)}
        if not key:
            continue
        for other_key, group in groups:
            if key <= other_key or other_key <= key:  # "2,000" and "2,000 homes" are one answer
                group.evidence.append(item)
                break
        else:
            groups.append((key, Viewpoint(answer, "", [item])))
    if len(groups) < 2:
        return []
    views = [group for _, group in groups]
    views.sort(key=lambda v: (-v.posts, -v.authors))
    return views
