"""A name written in words and the @handles that spell it: "Southwest" is @SouthwestAir, "US Airways" @USAirways.

Posts addressed to an account name it by its handle alone ("@SouthwestAir my bag is lost"), so a question that
names it in words ("What do people say about Southwest?") finds them only where the handle counts as the name.
Which handles do is read from their spelling, never from a list of accounts: a handle spells a name when it is
the name's words joined, less or plus one word that organisations glue onto theirs (``ACCOUNT_WORDS``:
"American Airlines" and "American" are both @AmericanAir). The other way round, a question's CamelCase handle is
the name it spells (``as_names``: "@USAirways" is "US Airways"), so the posts that write the name count too.
A handle that is the name's one word (@JetBlue of "JetBlue") needs no search of its own: the keyword index
already reads "@JetBlue" as the word "jetblue".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from townsquare.assistant.text import STOPWORDS, camel_words, stem

# the words an account's handle adds to its name ("SouthwestAir", "CityHallHQ"); a name shorter than
# ``_SHORTEST`` takes none ("US" of "people in the US" is no @USAirways)
ACCOUNT_WORDS = ("air", "airways", "airlines", "airline", "hq", "official")
_SHORTEST = 4
_ACCOUNT_STEMS = frozenset(stem(word) for word in ACCOUNT_WORDS)
# a name of a question: a run of capitalised words ("Virgin America", "US Airways"), its possessive apart
_NAME = re.compile(r"(?<![\w@#'’])[A-Z][\w&]*(?:['’][A-Za-z]+)?(?:[ ]+[A-Z][\w&]*(?:['’][A-Za-z]+)?)*")
_POSSESSIVE = re.compile(r"['’]s?$")
# what in a post may spell a name: a handle, a hashtag, a word in CamelCase ("JetBlue", "USAirways")
_SPELLING = re.compile(r"(?<![\w@#])[@#](\w+)|(?<![\w@#])(\w*[a-z0-9][A-Z]\w*|[A-Z]{2,}[a-z]\w*)")
_QUESTION_HANDLE = re.compile(r"(?<![\w@])@([A-Za-z][A-Za-z0-9]*)(?![\w@.-])")


@lru_cache(maxsize=256)
def names_in(question: str) -> tuple[tuple[str, ...], ...]:
    """The names ``question`` writes in capitalised words, each as its words without a possessive ("Virgin
    America's seats": ("Virgin", "America")); the question's own words at its edges are none ("What", "Is")."""
    out: list[tuple[str, ...]] = []
    for found in _NAME.finditer(question):
        words = [_POSSESSIVE.sub("", w) for w in found.group(0).split()]
        while words and _plain(words[0]):
            words.pop(0)
        while words and _plain(words[-1]):
            words.pop()
        if words and tuple(words) not in out:
            out.append(tuple(words))
    return tuple(out)


def _plain(word: str) -> bool:
    """A word of the question that is no name, capitalised or not ("What", "Is", "I"); an acronym is a name."""
    return word.lower() in STOPWORDS and not (len(word) > 1 and word.isupper())


def spellings(name: tuple[str, ...]) -> list[str]:
    """The handles (lowercase, without "@") that spell ``name``, the bare one-word name excepted."""
    joined = "".join(w.lower() for w in name if w.isalnum())
    # "American Airlines" is also @AmericanAir; "US Airways" takes no second such word
    base = "".join(w.lower() for w in name[:-1]) if name[-1].lower() in ACCOUNT_WORDS else joined
    out = [] if len(name) == 1 else [joined]
    if len(base) >= _SHORTEST:
        out += [base + word for word in ACCOUNT_WORDS]
    return [handle for handle in dict.fromkeys(out) if handle.isalnum()]


def named_handles(searcher: Any, question: str) -> dict[tuple[str, ...], list[str]]:
    """``{name: handles}``: the handles of the index (some post has them) that spell a name of ``question``
    and that its words do not already find, the most used first; {} for a searcher that cannot tell (no ``word_frequencies``)."""
    if not hasattr(searcher, "word_frequencies"):
        return {}
    by_name = {name: spellings(name) for name in names_in(question)}
    wanted = sorted({handle for handles in by_name.values() for handle in handles})
    if not wanted:
        return {}
    # the text holds "@SouthwestAir" (and "#SouthwestAir") as the word "southwestair"
    found, _ = searcher.word_frequencies(wanted)
    named = {
        name: sorted((h for h in handles if found.get(h, 0) > 0), key=lambda h: -found[h])
        for name, handles in by_name.items()
    }
    return {name: handles for name, handles in named.items() if handles}


def handle_stems(stems: tuple[str, ...] | list[str] | frozenset[str], text: str) -> frozenset[str]:
    """The ``stems`` (a question's) that the handles of ``text`` spell: "southwest" of a post addressed to
    @SouthwestAir, "us" and "airway" of one addressed to @USAirways (a handle read as words of the question,
    joined, an ``ACCOUNT_WORDS`` word after them or not); a hashtag or a CamelCase word spells them too
    ("#VirginAmerica", "JetBlue" of "Jet Blue")."""
    if not stems:
        return frozenset()
    wanted = frozenset(stems)
    spelt = {handle or word for handle, word in _SPELLING.findall(text)}
    # a word written together in lower case ("jetblue", "virginamerica"), where it opens with a word of the question
    spelt |= {word for word in _WORD.findall(text.lower()) if word not in wanted and word.startswith(_openers(wanted))}
    return frozenset(s for token in spelt for s in _spelled(token.lower(), wanted))


_WORD = re.compile(r"[a-z0-9]{5,}")


@lru_cache(maxsize=256)
def _openers(stems: frozenset[str]) -> tuple[str, ...]:
    """What a lower-case word that spells some of ``stems`` opens with: one of them."""
    return tuple(s for s in stems if len(s) >= 2)


@lru_cache(maxsize=1 << 14)
def _spelled(handle: str, stems: frozenset[str]) -> tuple[str, ...]:
    """The stems whose words, joined, are ``handle`` (with an account word after them or not, which has the
    stems' own account words), else ()."""
    # paths[i]: the stems of a way to read handle[:i] as words of ``stems``
    paths: dict[int, tuple[str, ...]] = {0: ()}
    heads = {s[:3] for s in stems}  # a word opens as its stem does: no other place starts one
    for i in range(len(handle)):
        if i not in paths:
            continue
        if i >= _SHORTEST and handle[i:] in ACCOUNT_WORDS:
            # the name's own such word is the handle's too: @AmericanAir has both words of "American Airlines"
            return (*paths[i], *(stems & _ACCOUNT_STEMS))
        if handle[i : i + 3] not in heads and handle[i : i + 2] not in heads:
            continue
        for j in range(i + 2, len(handle) + 1):
            if j not in paths and (word := stem(handle[i:j])) in stems:
                paths[j] = (*paths[i], word)
    return paths.get(len(handle), ())


def as_names(question: str, authors: list[str] | tuple[str, ...] = ()) -> str:
    """``question`` with each CamelCase @handle that is no author of ``authors`` written as the name it spells
    ("What do people say about @USAirways?": "... about US Airways?"; "@SouthwestAir": "Southwest"): its posts
    are those naming it either way, which the name finds (its handle spells it) and the handle alone would not
    (a post that writes "US Airways" has no "usairways")."""

    def name_of(found: re.Match[str]) -> str:
        handle = found.group(1)
        parts = camel_words(handle)
        if len(parts) < 2 or "".join(parts) != handle or handle.lower() in authors:
            return found.group(0)
        if parts[-1].lower() in ACCOUNT_WORDS and len("".join(parts[:-1])) >= _SHORTEST:
            parts = parts[:-1]  # @SouthwestAir is "Southwest", as @USAirways is "US Airways"
        return " ".join(parts)

    return _QUESTION_HANDLE.sub(name_of, question)
