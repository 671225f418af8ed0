"""Small text tools shared by the assistant: tokens with offsets, stems, question types, entities, sentences.

No model and no download: regular expressions and word lists only, so the
extractive path runs anywhere the index runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from townsquare.index.keyword import QUESTION_STOPWORDS

# Words that carry no content in a question or an answer span (question words included).
STOPWORDS = QUESTION_STOPWORDS | frozenset(
    """
about after again all also am any because before being both just more most much no nor not now off once only
other out over own same some such too under until up very what's who's where's how's i'm it's that's there's
don't doesn't didn't can't won't isn't aren't wasn't weren't via rt amp people person many name named
think thinks thought feel feels felt opinion opinions view views happen happens happened happening going
""".split()
)

QUESTION_TYPES = ("who", "when", "where", "how_many", "how_much", "why", "which", "how", "what", "yesno", "other")
_YESNO = re.compile(r"^(is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b")
# a token: a link, a handle, a hashtag, a number (with separators), a word (with inner apostrophes), or one symbol
_TOKEN = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|%|k|m)?|\w+(?:['’]\w+)*|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+|\s+[—–]\s*(?=[A-Z@#\w])")
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_NUMBER_WORDS = set(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred thousand million billion dozen".split()
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # character offsets into the original text
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokens(text: str) -> list[Token]:
    """Tokens with character offsets (so a span of tokens is an exact substring of the post)."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light stemmer (plural and verb endings), enough to match "votes" with "voted"."""
    word = word.lower().lstrip("#@").replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ing", "ies", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word


@lru_cache(maxsize=1 << 12)
def content_stems(text: str) -> tuple[str, ...]:
    """The stems of a text's content words, in order (stopwords, links and symbols dropped); cached per text."""
    out = []
    for token in tokens(text):
        low = token.lower
        if low in STOPWORDS or low.startswith(("http", "www.")) or not re.match(r"[\w@#]", low):
            continue
        out.append(stem(low))
    return tuple(out)


# where one sentence of an answer ends and the next begins (verify.py checks answers sentence by sentence,
# and the reader keeps a short answer inside one)
SENTENCE_BREAK = re.compile(r"(?<=[.!?…”\"])(?:\s*\[\d{1,3}\])*\s+(?=[A-Z0-9\"“@#])")


def question_type(question: str) -> str:
    """who, when, where, how_many, how_much, why, which, how, what, yesno or other."""
    q = question.lower().strip()
    q = re.sub(r"^(and|but|so|ok|okay|then)\b[\s,]*", "", q)
    if re.search(r"\bhow (many|much of)\b", q) or re.search(r"\bnumber of\b", q):
        return "how_many"
    if re.search(r"\bhow (much|long|old|far|big)\b", q):
        return "how_much"
    if re.search(r"\b(what|which) (year|month|day|date|time)\b", q):
        return "when"
    for word, kind in (
        ("who", "who"),
        ("whom", "who"),
        ("whose", "who"),
        ("when", "when"),
        ("where", "where"),
        ("why", "why"),
        ("which", "which"),
        ("how", "how"),
        ("what", "what"),
    ):
        if re.search(rf"\b{word}\b", q):
            return kind
    if _YESNO.match(q):
        # "is it covered in snow or ice?" too: sent to the reader as "which" it answered 2 of 20 such TweetQA
        # report questions right, and its echo rule skips the options (words of the question) for "Ramp."
        return "yesno"
    return "other"


_NEGATORS = frozenset(
    "not no never nor without isn't aren't wasn't weren't don't doesn't didn't won't can't n't".split()
)


def choice_options(question: str) -> tuple[str, str] | None:
    """The two alternatives of a yes/no-shaped question between them ("Is the ferry running or cancelled?"
    gives ("running", "cancelled")): the word before "or" and the first word after it; None otherwise."""
    if question_type(question) != "yesno":
        return None
    words = [t.lower for t in tokens(question)]
    if "or" not in words:
        return None
    i = words.index("or")
    after = [w for w in words[i + 1 :] if w not in ("a", "an", "the")]
    if i == 0 or not after:
        return None
    left, right = words[i - 1], after[0]
    if len(after) > 1 and after[1] == left and i > 1:
        left = words[i - 2]  # "the wolf moon or the super moon": the words that differ
    if (
        not all(w.isalpha() or is_number(w) for w in (left, right))
        or right in ("not", "no", "something")
        or left == right
    ):
        return None  # "are you coming or not?" is a plain yes/no question
    return left, right


def options_said(options: tuple[str, str], text: str) -> str | None:
    """The one alternative a post states (by stem, not negated: "not running" states neither), else None."""
    toks = [t.lower for t in tokens(text)]
    said = set()
    for option in options:
        target = stem(option)
        for k, word in enumerate(toks):
            if stem(word) == target and not any(w in _NEGATORS or w.endswith("n't") for w in toks[max(k - 3, 0) : k]):
                said.add(option)
    return said.pop() if len(said) == 1 else None


def is_number(word: str) -> bool:
    return (
        bool(re.fullmatch(r"\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|%|k|m)?", word.lower())) or word.lower() in _NUMBER_WORDS
    )


# a percentage however written: "86 %", "86％", "86 percent", "86 per cent"; and each end of "86-90%"
_NUMBER = r"(?<!\w)\d+(?:[.,]\d+)*"
_PERCENT_SIGN = r"\s?(?:%|％|percent\b|per\s?cent\b)"
_PERCENT = re.compile(rf"({_NUMBER}){_PERCENT_SIGN}", re.IGNORECASE)
_PERCENT_RANGE = re.compile(rf"({_NUMBER})\s?[-–—]\s?(?={_NUMBER}{_PERCENT_SIGN})", re.IGNORECASE)


def numbers(text: str) -> set[str]:
    """The numbers a text states, normalised ("1,200" -> "1200", "86 percent" -> "86%": 86 people are not 86%)."""
    text = _PERCENT.sub(r"\1%", _PERCENT_RANGE.sub(r"\1% - ", text))
    return {t.text.replace(",", "") for t in tokens(text) if re.match(r"\d", t.text)}


def entities(text: str) -> set[str]:
    """Capitalised words not at a sentence start, handles and hashtags, lowercased: what a claim names."""
    found: set[str] = set()
    previous = ""
    for token in tokens(text):
        word = token.text
        if word.startswith(("@", "#")) and len(word) > 1:
            found.add(stem(word))
        elif (
            word[:1].isupper() and word.lower() not in STOPWORDS and previous not in ("", ".", "!", "?", "…", "[", "]")
        ):
            found.add(stem(word))
        previous = word
    return found


def sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of a post (a trailing "— Name (@handle) date" is its own)."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            out.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return [
        (s + len(text[s:e]) - len(text[s:e].lstrip()), e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e in out
    ]
