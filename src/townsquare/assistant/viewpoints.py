"""Disagreement: group evidence posts into viewpoints instead of averaging them away.

Two kinds:

- **different answers**: for a who/what/when/where/how-many question, the posts
  that answer it name different things ("the storm cut power to 2,000 homes" /
  "to 500 homes"): posts are grouped by the short answer each one gives;
- **for and against**: for an opinion question ("what do people say about the
  bus lane?") posts are grouped by the side they take: approving, critical, or
  neither (left out). The side comes from a polarity model, a softmax over
  negative / neutral / positive on the post's static embedding (the index's own
  embedder) and the counts of a small lexicon of approving and critical words
  (with negation: "not good" is critical). It was fitted on US airline tweets
  and TweetEval sentiment val (``stance_weights.json``, 11 KB; python
  bench/assistant_stance.py --fit); where the lexicon says the opposite of the
  model ("not bad"), the post gets no side, and where a negation turns one of the
  lexicon's words ("not great", "no complaints") the lexicon decides: the
  embedding does not see negation. On TweetEval sentiment test, never seen, it
  gives a side to 42.1% of the positive and negative tweets and 85.3% of those
  are right (18% of the neutral ones get one); the lexicon alone gave a side to
  33%, 72.5% right (18% of the neutral ones). Where there is no embedder, the
  lexicon decides alone. Sentiment is not stance: on TweetEval stance test (for
  or against abortion, atheism, ...) the model is right on 50% of the tweets it
  gives a side (the lexicon 37%).

A group is a ``Viewpoint`` with its posts, the distinct authors, and a
representative sentence. Two or more groups are reported; one group means the
posts agree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from townsquare.assistant.evidence import Evidence
from townsquare.assistant.text import STOPWORDS, is_negation, quantity_values, stem, tokens

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
stop scrap scrapped ban lose lost nightmare joke overpriced badly poorly disorganised disorganized noisy rude dirty
boring pointless shambles unacceptable""".split()
)
_OPINION = re.compile(
    r"\b(say|says|said|think|thinks|feel|feels|opinion|opinions|view|views|react|reaction|"
    r"reactions|like|support|oppose|good|bad|debate|controvers\w*|agree|disagree|for or against|success|"
    r"failure|popular|worth)\b"
    # "Should the stadium be rebuilt?" asks what people think should happen, not a fact a post states
    r"|^\s*should\s+(?!i\b|you\b)\w",
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


# what many think, not one person: "what do people say about", "do residents like", "is the park good?",
# "reactions to"; "how does the mayor feel about it?" asks for one person's view (a span of a post)
_CROWD = re.compile(
    r"\b(people|everyone|everybody|folks|users|residents|locals|fans|public|voters|others|twitter|anyone)\b"
    r"|\b(opinions?|reactions?|controvers\w*|for or against|views? on)\b"
    r"|^(is|are|was|were)\b.*\b(good|bad|worth it|popular|a good idea|a bad idea|a success|a failure)\W*$"
    r"|^\s*should\s+(?!i\b|you\b)\w",
    re.IGNORECASE,
)


def asks_crowd(question: str) -> bool:
    """Whether an opinion question asks what people at large think (answered by the sides of the posts)."""
    return bool(_CROWD.search(question.strip()))


# the lexicon's words in other forms: comparatives and superlatives, and the verbs' third person (not any word
# less an "s": "rights", "wind" and "band" are not "right", "win" and "ban")
_FORMS = {
    **dict.fromkeys("greater greatest nicer nicest happier happiest safest fastest cheapest".split(), 1),
    **dict.fromkeys("fairer fairest prouder gladder".split(), 1),
    **dict.fromkeys("poorer poorest slowest angrier".split(), -1),
    **dict.fromkeys("loves likes supports approves agrees improves helps".split(), 1),
    **dict.fromkeys("hates fails complains complaints opposes rejects wastes bans".split(), -1),
}
_NOT_NEGATIONS = {("no", "wonder"), ("don't", "miss"), ("not", "only"), ("no", "doubt"), ("can't", "wait")}


def _polarity(word: str) -> tuple[int, bool]:
    """+1 approving, -1 critical or 0, and whether the word is a comparative ("happier", "worse")."""
    polarity = (word in _POSITIVE) - (word in _NEGATIVE) or _FORMS.get(word, 0)
    return polarity, polarity != 0 and (word.endswith(("er", "est")) or word in ("worse", "worst"))


def _lexicon(text: str) -> tuple[int, int, bool]:
    """Approving and critical words, and whether a negation stands before one ("not good", "no complaints",
    "couldn't be any better"). A negation reaches 3 words; an emphatic one keeps a comparative's side ("never been happier", "couldn't get any worse",
    "never seen a better"), a plain one turns it ("isn't any better", "aren't the best"); "no wonder",
    "don't miss", "can't say enough" are no negation."""
    words = [t.lower.replace("’", "'") for t in tokens(text)]
    approving = critical = negate = 0
    at = -1  # where the last negation stands
    negated = False
    for k, word in enumerate(words):
        following = words[k + 1 : k + 3]
        if is_negation(word) and (
            (word, following[0] if following else "") not in _NOT_NEGATIONS and following != ["say", "enough"]
        ):
            negate, at = 3, k
            continue
        polarity, comparative = _polarity(word)
        if polarity:
            emphatic = (
                comparative
                and at >= 0
                and (words[at] in _EMPHATIC or (at > 0 and words[at - 1] in ("could", "can")))
                and all(w in _EMPHATIC_FILLERS for w in words[at + 1 : k])
            )
            flip = bool(negate) and not emphatic
            negated |= bool(negate)
            if (polarity > 0) != flip:
                approving += 1
            else:
                critical += 1
        negate = max(negate - 1, 0)
    return approving, critical, negated


_EMPHATIC = {"never", "couldn't", "can't", "cannot"}
_EMPHATIC_FILLERS = set("be been get got any a an the looked seen felt had have ever feel look".split())


def lexicon_counts(text: str) -> tuple[int, int]:
    """Approving and critical words in ``text``; a negation turns the next 3 words ("not good" is critical)."""
    approving, critical, _ = _lexicon(text)
    return approving, critical


def negated_stance(text: str) -> int:
    """The lexicon's side where a negation stands before one of its words ("no complaints", "not great",
    "couldn't be any better"), else 0: the embedding does not see negation, so there the lexicon decides."""
    approving, critical, negated = _lexicon(text)
    return (approving > critical) - (approving < critical) if negated else 0


def stance(text: str) -> int:
    """+1 approving, -1 critical, 0 neither or both equally, by the lexicon alone."""
    approving, critical = lexicon_counts(text)
    return (approving > critical) - (approving < critical)


STANCE_WEIGHTS_FILE = "stance_weights.json"


@lru_cache(maxsize=1)
def shipped_stance_model() -> tuple[np.ndarray, float, str]:
    """The polarity model shipped with the package: weights (negative, neutral, positive) x (features + bias),
    the probability a side needs, and the name of the static embedder it was fitted on (bench/assistant_stance.py)."""
    raw = json.loads(resources.files("townsquare.assistant").joinpath(STANCE_WEIGHTS_FILE).read_text("utf-8"))
    return np.asarray(raw["weights"], dtype=np.float32), float(raw["confidence"]), str(raw["embedder"])


def polarity_features(texts: list[str], embedder: Any) -> np.ndarray:
    """(N, dim + 2): each text's static embedding and its lexicon counts (each capped at 3, over 3)."""
    vectors = embedder.encode(list(texts))
    counts = np.array([lexicon_counts(text) for text in texts], dtype=np.float32).reshape(len(texts), 2)
    return np.hstack([vectors, np.minimum(counts, 3) / 3]).astype(np.float32)


def sides(features: np.ndarray, weights: np.ndarray, confidence: float) -> np.ndarray:
    """-1, 0 or +1 per row: the likelier of negative and positive when its probability reaches ``confidence``,
    and no side where the lexicon (its counts are the last two features) says the opposite: the embedding
    does not see negation, so "not bad" and "isn't terrible" looked critical to the model."""
    logits = np.hstack([features, np.ones((len(features), 1), dtype=features.dtype)]) @ weights.T
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    negative, positive = p[:, 0], p[:, 2]
    side = np.where(positive > negative, 1, -1)
    side = np.where(np.maximum(negative, positive) >= confidence, side, 0)
    lexicon = np.sign(features[:, -2] - features[:, -1]).astype(side.dtype)
    return np.where(lexicon == -side, 0, side)


# sarcasm a reader hears at once: praise said of a bad thing ("Oh great, ... a cold burger. Just wonderful.",
# "Yeah right, ... and I'm the king of France"). Chosen from general use, not from any data set; on TweetEval irony
# they are right 49 times of 50 on train + val and 87% on test (bench/assistant_stance.py), finding few (recall 3%):
# a learned detector finds more, but read every sincere praise post of the sample town as ironic
_SARCASM = re.compile(
    r"(?<!\w)(?:yeah,? right|oh,? (?:great|joy|wonderful|goody)(?! news)|just what (?:i|we) needed|thanks a lot|"
    r"(?:i )?love (?:it )?when|gotta love|said no ?one|said nobody|what could (?:possibly )?go wrong)"
    r"(?!\w)|(?:^|[.!?]\s+)just (?:great|wonderful|perfect|brilliant|lovely)\s*[.!]",
    re.IGNORECASE,
)


def sarcastic(text: str) -> bool:
    """Whether ``text`` reads as sarcastic by a marker ("yeah right", "oh great", "... Just wonderful."): its
    surface side is not its side, so it takes none."""
    return bool(_SARCASM.search(text.replace("’", "'")))


# "great but the parking was a nightmare": the clause after "but" is what the post comes to; "although the food
# was great, ..." is the clause beside "although" (a contrast at the start of a post is no turn: "But why?")
_BUT = re.compile(r"(?<=\w)[\s,;:-]+but\s+(?=\w)", re.IGNORECASE)
_ALTHOUGH = re.compile(r"\b(?:although|even though|though)\b[^,.;!?]*[,.;!?]?", re.IGNORECASE)


def turned_clause(text: str) -> str | None:
    """The clause a contrast turns to ("the parking was a nightmare" of "the food was great but the parking was
    a nightmare"), or None where the post has no contrast."""
    found = list(_BUT.finditer(text))
    if found:
        return text[found[-1].end() :]
    if (concession := _ALTHOUGH.search(text)) is not None:
        main = f"{text[: concession.start()]} {text[concession.end() :]}".strip(" ,;")
        return main if re.search(r"\w", main) else None
    return None


def stances(texts: list[str], embedder: Any = None) -> list[int]:
    """The side of each text: the polarity model on the index's static embedder (``Assistant.embedder``) where
    there is one and it is the one the weights were fitted on, else the lexicon. A post with a contrast takes the
    side of the clause it turns to, where that clause has one ("great but ... a nightmare" is critical); a
    sarcastic one takes none."""
    found = _surface_stances(texts, embedder)
    turned = {k: clause for k, text in enumerate(texts) if (clause := turned_clause(text))}
    if turned:
        for k, side in zip(turned, _surface_stances(list(turned.values()), embedder)):
            found[k] = side or found[k]
    return [0 if sarcastic(text) else side for text, side in zip(texts, found)]


def _surface_stances(texts: list[str], embedder: Any = None) -> list[int]:
    if embedder is not None and texts:
        weights, confidence, fitted_on = shipped_stance_model()
        # another embedder's vectors mean nothing to these weights, even at the same width
        if getattr(embedder, "name", None) == fitted_on and weights.shape[1] == embedder.dim + 3:
            found = sides(polarity_features(texts, embedder), weights, confidence)
            return [negated_stance(text) or int(side) for text, side in zip(texts, found)]
    return [stance(text) for text in texts]


def _answer_key(answer: str) -> frozenset[str]:
    """The content words of an answer, stemmed, quantities as their values ("2,000", "2k" and "two thousand" are
    "2000")."""
    words = [t.lower for t in tokens(quantity_values(answer)) if re.match(r"\w", t.text)]
    content = [w for w in words if w not in STOPWORDS] or words
    return frozenset(w if w[:1].isdigit() else stem(w) for w in content)


_SHOULD_NOT = re.compile(r"\b(?:should|must|ought to)(?:\s+\w+)?\s+(?:not|never)\b|\b(?:shouldn|mustn)['’]?t\b", re.I)
_SHOULD = re.compile(r"\b(?:should|must|ought to)\b", re.I)


def proposal_side(text: str) -> int:
    """For "Should the rink be free for schools?": +1 for a post that says it should be ("... should be free for
    schools, kids deserve it"), -1 for one that says it should not, 0 otherwise; a sentence that asks it back
    ("Should it be free?") says nothing."""
    said = " ".join(s for s in re.split(r"(?<=[.!?])\s+", text) if not s.rstrip().endswith("?"))
    if _SHOULD_NOT.search(said):
        return -1
    return 1 if _SHOULD.search(said) else 0


def by_stance(evidence: list[Evidence], embedder: Any = None, proposal: bool = False) -> list[Viewpoint]:
    """For and against groups (posts with no clear stance are left out); [] unless both sides have posts.
    ``proposal`` ("Should it be …?"): a post with no side by its words takes the side it says it should (or
    should not) be."""
    sides_of: dict[int, list[Evidence]] = {1: [], -1: []}
    for item, side in zip(evidence, stances([item.text for item in evidence], embedder)):
        if proposal and not side and not sarcastic(item.text):
            side = proposal_side(item.text)
        if side:
            sides_of[side].append(item)
    if not sides_of[1] or not sides_of[-1]:
        return []
    groups = [Viewpoint("for", "", sides_of[1]), Viewpoint("against", "", sides_of[-1])]
    groups.sort(key=lambda v: (-v.posts, -v.authors))
    return groups


def by_answer(answers: list[tuple[Evidence, str]]) -> list[Viewpoint]:
    """Group posts by the short answer each gives; [] when they all give the same one. Answers are one where the
    words of one are among another's ("2,000", "about 2,000 homes", "2000 homes"); a side is named by its
    shortest answer."""
    groups: list[tuple[list[frozenset[str]], Viewpoint]] = []
    for item, answer in answers:
        key = _answer_key(answer)
        if not key:
            continue
        for keys, group in groups:
            if any(key <= other or other <= key for other in keys):
                keys.append(key)
                group.evidence.append(item)
                if len(answer.split()) < len(group.label.split()):
                    group.label = answer
                break
        else:
            groups.append(([key], Viewpoint(answer, "", [item])))
    if len(groups) < 2:
        return []
    views = [group for _, group in groups]
    views.sort(key=lambda v: (-v.posts, -v.authors))
    return views
