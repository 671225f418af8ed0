"""The claim a yes/no question asks of its verb, and whether a sentence of a post tells that claim.

"Did anyone miss a funeral?" asks one claim: someone missed a funeral. A post that has the question's words is
not always one that tells it: "stranded after a funeral and missing out on my last semester" misses a semester,
"a Father trying to get home to sick kid missed flight" gets home, "enjoyed waiting an hour in baggage claim"
enjoys the wait, "I had to call back" calls. The question's verb and what it asks of it (its object, its
complement, a fixed phrase such as "on time", a quantifier such as "all") must be one claim of the post, said of
the subject asked ("when @americanair Cancelled all their flights" is no claim of United's), and, where the
question asks what happened, told as what happened, not as a plan ("I'm leaving United for Delta").
"""

from __future__ import annotations

from dataclasses import dataclass

from townsquare.assistant.text import (
    STOPWORDS,
    Token,
    is_adverb,
    is_base_verb,
    is_negation,
    is_noun,
    is_past,
    is_singular,
    is_time_word,
    stem,
    tells_the_future,
    tokens,
    verb_stem,
)

_OPENINGS = frozenset("did does do will would can could should shall may might".split())
_BE = frozenset("is are was were am".split())
_ASKS_WHAT_HAPPENED = frozenset({"did"})
DETERMINERS = frozenset("a an the my our your their his her its this that these those any some no".split())
_QUANTIFIERS = frozenset("all every each entire whole".split())
_PREPOSITIONS = frozenset(
    "on in at for to from with by of about into onto over under during after before through off out up back".split()
)
# words that end a clause inside a sentence: what follows is another claim ("stranded after a funeral and missing
# out on my last semester", "getting sick because you overbooked the flight")
_CLAUSE_WORDS = frozenset(
    "and but or because cuz cause so when while after before since if until though although whereas".split()
)
_CLAUSE_MARKS = frozenset(',;:.!?…—–-()"“”')
# a verb's helpers and adverbs between a subject and its verb ("United has just cancelled")
_HELPERS = frozenset(
    """have has had 've 'd did do does was were is are am be been being get got gets getting also just already
    even still never not really finally""".split()
)
_PRESENT_BE = frozenset("am 'm is 's are 're".split())
PRONOUNS = frozenset("i you u we he she it they me us him her them".split())
_ADDRESSEE = frozenset("you u ya y'all yall @user".split())  # the account a post is addressed to
_WINDOW = 6  # tokens from a verb to its object at most


@dataclass(frozen=True)
class AskedClaim:
    """What a yes/no question asks of its verb: "Did United cancel all flights?" is ``verb`` "cancel", ``subject``
    {"unite"}, ``object`` "flight", ``quantified``; "Did Southwest fly on time?" has the ``fixed`` phrase
    ("on", "time"); "Did anyone get sick on a flight?" has "flight" in the ``rest`` of its clause."""

    verb: str
    subject: frozenset[str]
    object: str | None
    object_is_name: bool
    quantified: bool
    fixed: tuple[tuple[str, str], ...]
    rest: tuple[str, ...]
    past: bool
    ongoing: bool = False  # asked in "-ing" after "is": whether it is going on ("Is the phone line working?")


def asked_claim(question: str) -> AskedClaim | None:
    """The claim a yes/no question opening with an auxiliary asks ("Did ...?", "Will ...?") or with "is" before a
    verb in "-ing" ("Is anyone answering the phone?"), None for another question or one with no verb of its own
    ("Is the bus on time?")."""
    words = [t for t in tokens(question) if t.text[:1].isalnum() or t.text[:1] in "@#"]
    if len(words) < 2:
        return None
    if words[0].lower in _BE:
        # "Is Southwest's phone line working?" asks whether it works: "your phone lines suck" has its nouns and
        # tells nothing of it (R12-22); "Is the Quarry Lane building open?" has no verb of its own
        found = _progressive(words)
        if found is None:
            return None
        at = found
    elif words[0].lower in _OPENINGS:
        verbs = [
            k
            for k in range(2, len(words))
            if words[k - 1].lower not in DETERMINERS
            and words[k].lower not in STOPWORDS
            and words[k].text[:1].islower()
            and is_base_verb(words[k].lower)
        ]
        if not verbs:
            return None
        at = verbs[0]
        if stem(words[at].lower) == "get" and at + 1 < len(words) and is_past(words[at + 1].lower):
            at += 1  # "get upgraded", "get bumped": the claim is the participle's ("upgraded me to first class")
        elif len(verbs) > 1 and all(_modifies(w) for w in words[at + 1 : verbs[1]]):
            at = verbs[1]  # "the Quarry Lane water main burst": "water" names the main, "burst" is the verb
    else:
        return None
    subject = frozenset(stem(t.lower) for t in words[1:at] if _names(t))
    quantified = False
    obj: Token | None = None
    k = at + 1
    while k < len(words):
        low = words[k].lower
        if low in _QUANTIFIERS:
            quantified = True
        elif low in _PREPOSITIONS:
            break
        elif is_time_word(low) or (
            low in ("last", "next", "past") and k + 1 < len(words) and is_time_word(words[k + 1].lower)
        ):
            pass  # "last month", "yesterday": when, not what
        elif low not in DETERMINERS and low not in STOPWORDS:
            # the last of a run of content words is what the verb takes ("the Denver flight": "flight")
            while k + 1 < len(words) and _modifies(words[k + 1]):
                k += 1
            obj = words[k]
            k += 1
            break
        k += 1
    fixed: list[tuple[str, str]] = []
    rest: list[str] = []
    while k < len(words):
        word = words[k]
        if _phrase_at(words, k):
            fixed.append((word.lower, stem(words[k + 1].lower)))  # "on time": no determiner, a phrase of its own
            k += 2
            continue
        if (
            word.lower not in STOPWORDS
            and word.lower not in DETERMINERS
            and not _names(word)
            and not is_time_word(word.lower)
        ):
            rest.append(stem(word.lower))
        k += 1
    return AskedClaim(
        verb=stem(words[at].lower),
        subject=subject,
        object=stem(obj.lower) if obj is not None else None,
        object_is_name=obj is not None and _names(obj),
        quantified=quantified,
        fixed=tuple(fixed),
        rest=tuple(rest),
        past=words[0].lower in _ASKS_WHAT_HAPPENED,
        ongoing=words[0].lower in _BE,
    )


def _progressive(words: list[Token]) -> int | None:
    """Where the verb of a question opening with "is" is, in "-ing" ("answering" of "Is anyone answering the
    phone?"), else None: not after a determiner ("Is the parking free?"), nor a noun that something other than an
    object, a preposition or a time follows ("Is the Quarry Lane building open?")."""
    for k in range(2, len(words)):
        word, low = words[k], words[k].lower
        if not (low.endswith("ing") and word.text[:1].islower() and low not in STOPWORDS and verb_stem(low)):
            continue
        if words[k - 1].lower in DETERMINERS or words[k - 1].lower.endswith(("'s", "’s")):
            continue
        following = words[k + 1].lower if k + 1 < len(words) else None
        if (
            is_noun(low)
            and following is not None
            and following not in DETERMINERS
            and following not in _PREPOSITIONS
            and following not in PRONOUNS
            and not is_time_word(following)
        ):
            continue
        return k
    return None


def fixed_phrases(text: str) -> tuple[tuple[str, str], ...]:
    """The fixed phrases of a question or a claim said: a preposition with a singular noun in lower case right
    after it, no determiner between ("on time", "on hold", "in stock", "by phone"); not one before a name or a
    number ("on flight 22"), nor of a plural ("complain about delays" is said "about the delays"). "Was the flight
    on time?" is not told by "when you have time", "Who said United was on time?" not by "first time flying"."""
    words = [t for t in tokens(text) if t.text[:1].isalnum() or t.text[:1] in "@#"]
    return tuple((words[k].lower, stem(words[k + 1].lower)) for k in range(len(words)) if _phrase_at(words, k))


def _phrase_at(words: list[Token], k: int) -> bool:
    """Whether a fixed phrase (``fixed_phrases``) opens at ``words[k]``: a preposition, then a singular noun in
    lower case ("on time"), not a participle ("with soaked suitcases") nor one before a name or a number ("on
    flight 22", "in terminal B")."""
    if k + 1 >= len(words) or words[k].lower not in _PREPOSITIONS:
        return False
    following = words[k + 1].lower
    named = words[k + 2] if k + 2 < len(words) else None
    return (
        words[k + 1].text[:1].islower()
        and following not in STOPWORDS
        and following not in DETERMINERS
        and not is_time_word(following)
        and is_noun(following)
        and is_singular(following)
        and not is_past(following)
        and not (named is not None and (named.text[:1].isdigit() or _names(named)))
    )


def has_phrases(text: str, phrases: tuple[tuple[str, str], ...]) -> bool:
    """Whether ``text`` has every one of ``phrases`` (``fixed_phrases``) as a phrase ("on time"; not "3rd time")."""
    toks = [t for t in tokens(text) if t.text[:1].isalnum()]
    return all(_has_phrase(toks, phrase) for phrase in phrases)


def tells_claim(claim: AskedClaim, sentence: str) -> bool:
    """Whether ``sentence`` tells ``claim`` in one of its clauses: the verb with what is asked of it (its object
    after it, "missed my grandmother's funeral", or before it, "all flights were cancelled"), the fixed phrases
    and the other words asked in that clause, said of the subject asked, and as what happened where that is
    asked."""
    toks = tokens(sentence)
    for k, token in enumerate(toks):
        if stem(token.lower) != claim.verb:
            continue
        start, end = _clause(toks, k)
        clause = toks[start:end]
        at = k - start
        if _other_subject(claim, clause, at, opens=start == 0):
            continue
        if claim.object is not None and not _object_of(claim, clause, at):
            continue
        if any(not _has_phrase(clause, phrase) for phrase in claim.fixed):
            continue
        stems = {stem(t.lower) for t in clause}
        if any(word not in stems for word in claim.rest):
            continue
        if claim.past and _planned(toks[_shared_start(toks, start, at) : end], k - _shared_start(toks, start, at)):
            continue
        return True
    return False


def _modifies(following: Token) -> bool:
    """Whether a word of a question modifies the noun ``following`` it ("Denver" of "the Denver flight"): that is a
    content word in lower case, no preposition or particle ("a call back"), adverb or time ("flights today")."""
    low = following.lower
    return (
        following.text[:1].islower()
        and low not in STOPWORDS
        and low not in _PREPOSITIONS
        and not is_adverb(low)
        and not is_time_word(low)
    )


def _names(token: Token) -> bool:
    """Whether a token names someone: a handle, or a capitalised word that is no pronoun ("United", "@delta")."""
    return token.text[:1] in "@#" or (token.text[:1].isupper() and token.lower not in PRONOUNS)


def _clause(toks: list[Token], k: int) -> tuple[int, int]:
    """``(start, end)`` of the clause around ``toks[k]``: between the marks and joining words around it."""

    def breaks(token: Token) -> bool:
        return token.text in _CLAUSE_MARKS or token.lower in _CLAUSE_WORDS

    start = next((i + 1 for i in range(k - 1, -1, -1) if breaks(toks[i])), 0)
    end = next((i for i in range(k + 1, len(toks)) if breaks(toks[i])), len(toks))
    return start, end


def _is_object(claim: AskedClaim, token: Token) -> bool:
    if stem(token.lower) == claim.object:
        return True
    return claim.object_is_name and token.lower in _ADDRESSEE  # "@united I'm leaving you"


def _object_of(claim: AskedClaim, clause: list[Token], at: int) -> bool:
    """Whether the asked object is the verb's in ``clause``: after it, past determiners, adjectives and nouns but
    no other verb ("enjoyed waiting an hour", "getting told to call back") nor "to"; or just before it, past a
    verb's helpers ("my flight was cancelled", "all flights Cancelled"). Where the question quantifies it ("all
    flights"), the post does too, of the object unrestricted ("all their flights to Nashville" is one route)."""
    for j in range(at + 1, min(at + 1 + _WINDOW, len(clause))):
        token = clause[j]
        if _is_object(claim, token):
            return _quantified_as_asked(claim, clause, at + 1, j)
        following = clause[j + 1] if j + 1 < len(clause) else None
        verb_form = is_past(token.lower) or (token.lower.endswith("ing") and bool(_verb_lemma(token.lower)))
        if token.lower == "to" or (verb_form and not (following is not None and _is_object(claim, following))):
            break  # another verb's object follows ("missed" of "missed connecting flight" is one)
    j = at - 1
    while j >= 0 and (clause[j].lower in _HELPERS or is_negation(clause[j].lower)):
        j -= 1
    if j >= 0 and _is_object(claim, clause[j]):
        return _quantified_as_asked(claim, clause, max(j - 3, 0), j)
    return False


def _quantified_as_asked(claim: AskedClaim, clause: list[Token], start: int, at: int) -> bool:
    if not claim.quantified:
        return True
    if not any(t.lower in _QUANTIFIERS for t in clause[start:at]):
        return False
    after = clause[at + 1 : at + 3]
    return not (after and after[0].lower in _PREPOSITIONS and len(after) > 1 and after[1].text[:1].isalnum())


def _verb_lemma(word: str) -> bool:
    return verb_stem(word) is not None and not is_adverb(word)


def _other_subject(claim: AskedClaim, clause: list[Token], at: int, opens: bool) -> bool:
    """Whether the verb at ``at`` is said of a name other than the subject asked ("when @americanair Cancelled"
    of "Did United cancel ...?"); a name that opens the post's sentence (``opens``: the clause is its first) is
    the one the post is addressed to, and the anonymised "@user" names no one."""
    if not claim.subject:
        return False
    j = at - 1
    while j >= 0 and (clause[j].lower in _HELPERS or is_negation(clause[j].lower)):
        j -= 1
    if j < 0 or (j == 0 and opens):
        return False
    before = clause[j]
    return _names(before) and before.lower != "@user" and stem(before.lower) not in claim.subject


def _has_phrase(clause: list[Token], phrase: tuple[str, str]) -> bool:
    """Whether ``clause`` has the fixed phrase ("on time"; not "3rd time")."""
    word, noun = phrase
    return any(t.lower == word and stem(u.lower) == noun for t, u in zip(clause, clause[1:]))


def _shared_start(toks: list[Token], start: int, at: int) -> int:
    """Where the clause at ``start`` begins with its subject and helpers: a verb that opens a clause joined by
    "and" or "or" shares them with the clause before ("I will switch to Delta and leave United" plans both)."""
    joined = start > 0 and toks[start - 1].lower in ("and", "or")
    if not joined or any(t.lower not in _HELPERS and not is_adverb(t.lower) for t in toks[start : start + at]):
        return start
    return _clause(toks, start - 1)[0] if start > 1 else 0


def _planned(clause: list[Token], at: int) -> bool:
    """Whether the verb at ``at`` is told as a plan or what is to come, not what happened: "I'm leaving United for
    Delta", "will switch to Delta", "next time Delta it is"."""
    words = [t.lower for t in clause]
    if tells_the_future(words[: at + 1]):
        return True
    verb = words[at]
    if not verb.endswith("ing"):
        return False
    j = at - 1
    while j >= 0 and (is_adverb(words[j]) and words[j] not in _PRESENT_BE):
        j -= 1
    return j >= 0 and (words[j] in _PRESENT_BE or words[j].endswith(("'m", "'re", "’m", "’re")))
