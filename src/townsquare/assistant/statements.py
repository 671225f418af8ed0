"""What a sentence of a post states, read one way for a yes/no question's lead ("Yes. [1]") and for its sides.

A sentence states nothing where it asks, with or without its mark ("when are you flying to hawaii", "Is my
flight on time"), or where it opens with an order ("@united go bankrupt again", "Enjoy your flight."): the order's
clause is cut, and a clause of its own after it still states ("Check your records, my bag was lost"). A clause
that requests or wishes states nothing from that word on ("please refund my fee", "I want my refund", "hope you
go bankrupt"). What is left is ``stated``: ``statements`` of a post is what both the lead (``compose._tells_all``)
and the sides (``compose.ExtractiveComposer._asserts``) read, with the question's claim (``claim.tells_claim``:
its verb and what it asks of it as one claim, told as what happened, not as a plan).

A lead asks more of what is stated than a side does, and reads it here too: no hedge ("we might miss it":
``hedged``), a denial only said plainly ("nobody answering phone": ``plainly_denies``), and, where the question
asks what happened, not told as what is to come (``told_as_happened``).
"""

from __future__ import annotations

import re

from townsquare.assistant.text import (
    DOUBT_STEMS,
    STOPWORDS,
    clause_of,
    is_adjective,
    is_adverb,
    is_base_verb,
    is_negation,
    is_noun,
    is_past,
    is_singular,
    sentences,
    stem,
    tells_the_future,
    tokens,
    verb_stem,
    without_links,
)

_WH_OPENERS = frozenset("when why how where who which whom whose".split())
_AUXILIARIES = frozenset(
    "is are was were do does did can could will would should shall may might have has am isn't aren't wasn't "
    "don't doesn't didn't can't won't wouldn't".split()
)
_ASKED_OF = frozenset("you u ya they we i he she it there the this that my your our their anyone anybody any".split())
# verbs of a writer's own feeling or need that open a statement with its "I" left out ("Love the new seats",
# "Need a new charger"), not an order
_FEELINGS = frozenset("love like hate need want miss wish hope appreciate think know feel wonder guess thank".split())
# a verb that makes a clause a statement, not a command
_FINITE = frozenset(
    """is are was were am be been has have had do does did will would can could shall should may might must
    isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't won't wouldn't can't couldn't""".split()
)
_CLAUSE_END = re.compile(r"[,;:]|\s[-–—]\s")
_NEXT_SUBJECT = re.compile(r"(?<=\s)(?:I|i|we|WE|We)(?:['’](?:ve|m|ll|d|VE|M|LL|D))?(?=\s)")
# words that open a sentence before an order and say nothing themselves ("OMG answer your phone")
_INTERJECTIONS = frozenset("omg omfg wtf ugh hey yo seriously ok okay oh ah man dude guys lol smh".split())
# what asks for or wishes a thing rather than says it happened: "please refund", "I want my refund", "I'm asking
# for all 50 people to be refunded", "hope you go bankrupt"
_REQUEST = re.compile(
    r"\b(?:please|pls|plz|plse|kindly|want|wants|wanna|would like|'d like|ask(?:s|ed|ing)? for|"
    r"request(?:s|ed|ing)?|demand(?:s|ed|ing)?|hope|hoping|wish|wishing|need|needs)\b",
    re.IGNORECASE,
)
# what makes a clause a possibility, a wish, a want or a condition, not what is so: "with the delays we might
# miss it", "if there are any tickets left", "hoping to get upgraded", "we need compensation", "maybe the
# attacker is an agent provocateur"
HEDGES = frozenset(
    "might may could would should if unless hope hoping hoped wish wishing want wants need needs deserve deserves "
    "maybe perhaps probably hopefully".split()
)
# what makes a clause an attempt, which says nothing of how it ended: "tried to get refund but on hold", "trying to
# fly out of Nashville tomorrow" (review 12, R12-12, R12-13)
ATTEMPTS = frozenset("try tries tried trying attempt attempts attempted attempting".split())
_NOBODY = frozenset("nobody noone nothing none neither nor".split())
# a yes/no question of what happened: "Did anyone die?", "Was the ferry cancelled?", "Has the bridge reopened?"
_ASKS_WHAT_HAPPENED = re.compile(r"^\W*(?:did|was|were|had|has|have)\b", re.IGNORECASE)


def statements(text: str, topic: tuple[str, ...] = ()) -> list[str]:
    """What each sentence of ``text`` states (``stated``; links left out), for those that state something."""
    clean = without_links(text)
    return [said for a, b in sentences(clean) if _said(said := stated(clean[a:b], topic))]


def states(sentence: str) -> bool:
    """Whether ``sentence`` states anything (``stated``): "Thank you for the offer of ..." does; "please refund
    my ticket", "go bankrupt again", "Is my flight on time" do not."""
    said = _said(stated(sentence))
    return len(said) > 1 or (bool(said) and not _addressed_by_name(said))  # more than "Redline" of an order to it


def stated(sentence: str, topic: tuple[str, ...] = ()) -> str:
    """What ``sentence`` states: nothing where it asks (``asks``), less the clause of an order it opens with
    (``_order_clause``) and each clause from a word that requests or wishes (``unrequested``). ``topic``: the
    stems of the claim read for, whose own words ask nothing ("Did anyone ask for a refund?")."""
    if asks(sentence):
        return ""
    start, end = _order_clause(sentence)
    return unrequested(sentence[:start] + " " * (end - start) + sentence[end:], topic)


def asks(sentence: str) -> bool:
    """Whether a sentence asks: it ends with a question mark, or opens (past @mentions and #tags) as a question
    without one ("when are you flying to hawaii", "Is my flight on time"), or after a name it is addressed to
    ("Redline when are you flying to hawaii")."""
    if sentence.rstrip().endswith("?"):
        return True
    said = _said(sentence)
    words = [w.lower() for w in said]
    if _opens_a_question(words):
        return True
    return len(words) > 1 and _addressed_by_name(said) and _opens_a_question(words[1:])


def opens_as_question(sentence: str) -> bool:
    """Whether ``sentence`` is worded as a question, mark or not ("How can we get a refund?", "Is it on time"), not
    a claim asked back by its mark alone ("Reopening on Monday?", "The tunnel is safe?")."""
    words = [w.lower() for w in _said(sentence)]
    return _opens_a_question(words)


def _said(sentence: str) -> list[str]:
    """The words of a sentence as written, less @mentions, #tags and marks."""
    return [t.text for t in tokens(sentence) if t.text[:1] not in "@#" and any(c.isalnum() for c in t.text)]


def _opens_a_question(words: list[str]) -> bool:
    """Whether words (lower case) open a question: "when are you flying", "is my flight on time", "what is going
    on"."""
    first, second = (words + ["", ""])[:2]
    return first in _WH_OPENERS or (first in _AUXILIARIES | {"what"} and second in _ASKED_OF | _AUXILIARIES)


def _addressed_by_name(said: list[str]) -> bool:
    """Whether a sentence may open with one it is addressed to by name ("Redline go bankrupt again"): a capital
    that is no pronoun ("I'll make ..."), common word ("No issue.") or adjective ("Good police work!")."""
    first = said[0].lower().replace("’", "'")
    own = first.split("'")[0]  # "I'll make Gatsby great again": the writer, no one addressed
    return (
        said[0][:1].isupper()
        and first not in _ASKED_OF
        and own not in _ASKED_OF
        and first not in STOPWORDS  # "No issue."
        and not is_adjective(first)  # "Good police work!"
        and first not in _DETERMINERS  # "Another leak in the gym roof": no one addressed, "leak" no order
        and is_singular(first)
    )


_DETERMINERS = frozenset("another every each such other either neither".split())


def _orders(word: str) -> bool:
    """Whether ``word`` may open an order: a verb as written in a command that is no adverb and no writer's own
    feeling ("go", "fire", "Enjoy"; not "well", "still", "love", "thank")."""
    # a modal opens no order: "Will never fly with you again!!!" is the writer's, its "I" left out
    return bool(word) and is_base_verb(word) and not is_adverb(word) and word not in _FEELINGS | _FINITE


def _order_clause(sentence: str) -> tuple[int, int]:
    """``(start, end)`` of the order ``sentence`` opens with, from its verb to the end of its clause (the
    sentence's end where no mark ends it, "go bankrupt again and transfer all of your assets"); ``(0, 0)`` where it
    opens with no order. An order is a verb as written in a command, first or after a name the sentence is
    addressed to ("Redline go bankrupt again"), whose clause has no verb that makes a statement of it ("Bus to
    Ashby was on time" states; after a name, neither "-ing" nor a past form: "Dunmore school closing in June")."""
    said = [t for t in tokens(sentence) if t.text[:1] not in "@#" and any(c.isalnum() for c in t.text)]
    if not said:
        return 0, 0
    k = 1 if len(said) > 1 and _addressed_by_name([t.text for t in said]) and _orders(said[1].lower) else 0
    if k == 0 and len(said) > 1 and said[0].lower in _INTERJECTIONS and _orders(said[1].lower):
        k = 1  # "OMG ANSWER YOUR PHONE": an exclamation before the order
    if not _orders(said[k].lower):
        return 0, 0
    following = said[k + 1].text if k + 1 < len(said) else ""
    # an order in capitals shouts ("ANSWER THE BLOODY PHONE!"): the word after it names no one
    shouted = said[k].text.isupper() and following.isupper() and len(following) > 1
    if following[:1].isupper() and following != "I" and not shouted:
        return 0, 0  # "Quarry Lane water main burst again": a name, not an order to quarry
    stop = _CLAUSE_END.search(sentence, said[k].end)
    end = stop.end() if stop else len(sentence)
    # a run-on sentence starts its next clause with its subject: "ANSWER YOUR PHONE I HAVE BEEN ON HOLD"
    if subject := _NEXT_SUBJECT.search(sentence, said[k].end, end):
        end = subject.start()
    rest = [t.lower for t in tokens(sentence[said[k].end : end])]
    if any(w in _FINITE for w in rest):
        return 0, 0
    if _compound_subject(said[k].lower, rest):
        return 0, 0  # "Water rates in Millbrook rise by 6 percent": a noun of a subject, not an order to water
    if k and any(w.endswith("ing") or is_past(w) for w in rest):
        return 0, 0  # "Dunmore school closing in June": a noun after the name, not an order to it
    return said[k].start, end


def _compound_subject(opener: str, rest: list[str]) -> bool:
    """Whether a verb that opens a sentence is a noun of its subject instead: a noun too, before a plural noun that
    is no verb, and a verb after them ("Water rates ... rise", "Fire crews are ..."; not "Book flights to Denver",
    "Fire the CEO")."""
    if not rest or not is_noun(opener) or not is_noun(rest[0]) or is_singular(rest[0]):
        return False
    return any(verb_stem(w) for w in rest[1:] if w not in STOPWORDS or w in _FINITE)


def unrequested(sentence: str, topic: tuple[str, ...] = ()) -> str:
    """``sentence`` less what it asks for, demands or wishes: the rest of a clause from a word that asks or
    wishes ("please refund my fee", "I want my refund", "hope you go bankrupt", "please feel free to check my
    complaints about leave time"). A word of the claim ``topic`` (stems) asks nothing ("Did anyone ask for a
    refund?")."""
    for m in _REQUEST.finditer(sentence):
        if not any(stem(w) in topic for w in m.group(0).split()):
            stop = _CLAUSE_END.search(sentence, m.end())
            end = stop.start() if stop else len(sentence)
            sentence = sentence[: m.start()] + " " * (end - m.start()) + sentence[end:]
    return sentence


def hedged(stated: str, topic: tuple[str, ...]) -> bool:
    """Whether every clause of ``stated`` that holds a verb of ``topic`` (a yes/no question's stems; where it has
    none, any of its words) only supposes it (``HEDGES``) or attempts it (``ATTEMPTS``)."""
    verbs = [s for s in topic if is_base_verb(s)] or list(topic)
    clauses = [
        [t.lower for t in tokens(clause_of(stated, token.start, token.end))]
        for token in tokens(stated)
        if stem(token.lower) in verbs
    ]
    return bool(clauses) and all(any(w in HEDGES or w in ATTEMPTS for w in words) for words in clauses)


def plainly_denies(said: list[str], topic: tuple[str, ...]) -> bool:
    """Whether a sentence of ``said`` negates a verb of ``topic`` right before it ("nobody answering phone", "AA
    doesnt charge any fees"), with no hedge ("maybe ... police dont arrest him") and where the topic is no denial
    itself ("I was denied boarding" says "Did United deny anyone boarding?")."""
    verbs = {s for s in topic if is_base_verb(s)}
    if not verbs or set(topic) & DOUBT_STEMS:
        return False
    for sentence in said:
        words = [t.lower for t in tokens(sentence)]
        if HEDGES & set(words):
            continue
        for k, word in enumerate(words):
            if stem(word) in verbs and any(is_negation(w) or w in _NOBODY for w in words[max(k - 2, 0) : k]):
                return True
    return False


def told_as_happened(question: str, topic: tuple[str, ...], stated: str) -> bool:
    """Whether ``stated`` tells what a yes/no ``question`` asks as what happened where it asks whether it did,
    not as what is to come ("phone is gonna die before I talk to anyone" does not answer "Did anyone die?")."""
    verbs = [s for s in topic if is_base_verb(s)]
    if not _ASKS_WHAT_HAPPENED.match(question) or not verbs:
        return True
    clauses = [
        [t.lower for t in tokens(clause_of(stated, token.start, token.end))]
        for token in tokens(stated)
        if stem(token.lower) in verbs
    ]
    return not clauses or not all(tells_the_future(words) for words in clauses)
