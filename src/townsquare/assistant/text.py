"""Small text tools shared by the assistant: tokens with offsets, stems, question types, entities, sentences.

No model and no download: regular expressions and word lists only (the lemmas come from lemminflect's English
lexicon, which ships in its wheel), so the extractive path runs anywhere the index runs.
"""

from __future__ import annotations

import importlib.abc
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from townsquare.index.keyword import QUESTION_STOPWORDS

# Words that carry no content in a question or an answer span (question words included). "anyone", "someone"
# stand for whoever it was, as "people" does: "Was anyone bumped from a flight?" is answered by "you just bumped me
# off the last flight", which has no such word
STOPWORDS = QUESTION_STOPWORDS | frozenset(
    """
about after again all also am any because before being both just more most much no nor not now off once only
other out over own same some such too under until up very what's who's where's how's i'm it's that's there's
don't doesn't didn't can't won't isn't aren't wasn't weren't via rt amp people person many name named
anyone anybody someone somebody everyone everybody folks
think thinks thought feel feels felt opinion opinions view views happen happens happened happening going
""".split()
)

QUESTION_TYPES = ("who", "when", "where", "how_many", "how_much", "why", "which", "how", "what", "yesno", "other")
_YESNO = re.compile(r"^(is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b")
# Chinese, Japanese and Thai are written without spaces between words: each of their characters is a token
# (as the keyword index splits Han and kana), and their content units are character bigrams (``content_stems``)
_UNSPACED = "\u0e00-\u0e7f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
# a token: a link, a handle, a hashtag, a number (with separators), a word (with inner apostrophes), a character
# of an unspaced script, or one symbol
_TOKEN = re.compile(
    r"https?://\S+|www\.\S+|[@#]\w+|\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|%|k|m)?|"
    rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+(?:['’][^\W{_UNSPACED}]+)*|[^\w\s]"
)
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
    return list(_tokens(text))


@lru_cache(maxsize=1 << 13)
def _tokens(text: str) -> tuple[Token, ...]:
    # an answer tokenizes the same few posts and the question dozens of times over (12,466 calls for 150
    # questions); the tokens are frozen, and each caller gets its own list
    return tuple(Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text))


class _NoSpacy(importlib.abc.MetaPathFinder):
    """Refuses ``import spacy`` while lemminflect imports: lemminflect hooks itself into spaCy whenever spaCy
    imports, and importing spaCy costs seconds that the assistant never uses."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "spacy":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


@lru_cache(maxsize=1)
def _lemmatizer():
    """lemminflect's lemmatizer: an English lexicon (from the NIH SPECIALIST lexicon) shipped in its wheel,
    loaded once on first use; nothing is downloaded."""
    blocker = _NoSpacy()
    if "spacy" not in sys.modules:
        sys.meta_path.insert(0, blocker)
    try:
        from lemminflect.core.Lemmatizer import Lemmatizer
    finally:
        if blocker in sys.meta_path:
            sys.meta_path.remove(blocker)
    return Lemmatizer()


def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's ``getAllLemmas(word)`` ({part of speech: lemmas}), without its deep copy of the lexicon's entry
    on every call: the entries are tuples of strings, which a new dict may share, and the copy was three quarters
    of the lookup (100 µs against 27 per word), made for each new word of the 30 posts every answer reads."""
    lemmatizer = _lemmatizer()  # first: lemminflect imported without spaCy
    from lemminflect.core.LexicalUtils import applyCapsStyleToDict, getCapsStyle

    key = word.lower()
    found = {**lemmatizer._getLemmaDict().get(key, {}), **lemmatizer._getOverridesDict().get(key, {})}
    return applyCapsStyleToDict(found, getCapsStyle(word))


def lexicon_pos(word: str) -> frozenset[str]:
    """The parts of speech the English lexicon knows ``word`` as ({"NOUN"}, {"NOUN", "VERB"}); empty for a word
    it lacks (most names, misspellings)."""
    return frozenset(_lemmas(word))


@lru_cache(maxsize=1)
def _inflections():
    """lemminflect's inflections, from the same lexicon (spaCy blocked as for the lemmatizer)."""
    _lemmatizer()  # lemminflect's package imported once, without spaCy
    from lemminflect.core.Inflections import Inflections

    return Inflections()


def load_lexicons() -> None:
    """Read lemminflect's lemma and inflection tables now: each is read on the first word that needs it, and the
    inflections (40,000 lemmas, a fifth of a second) were read inside the first answer whose tense is read
    (``is_past``: report question #66 of the TweetQA bench, 'when did frank gifford die?')."""
    _lemmas("walked")
    _inflections().getInflection("walk", "VBD", inflect_oov=False)


@lru_cache(maxsize=1 << 14)
def is_past(word: str) -> bool:
    """Whether ``word`` is a verb's simple past ("walked", "began", "was"), not its base form ("shut", "put")."""
    word = word.lower()
    lemmas = _lemmas(word)
    lemma = (lemmas.get("VERB") or lemmas.get("AUX") or ("",))[0]
    return bool(lemma) and word != lemma and word in _inflections().getInflection(lemma, "VBD", inflect_oov=False)


_ENDS_ON_A_VERB = re.compile(
    r"^when\b.*\b(?:did|does|do|will|would|can|could|should|has|have|had)\b.*?\b(\w+)\W*$|"
    r"^when\b.*\b(?:is|was|are|were)\b.*?\b(\w+(?:ed|ing))\W*$",
    re.IGNORECASE,
)


def asked_verb(question: str) -> str | None:
    """The verb a when-question ends on, as its ``stem``: "When did the bridge reopen?" "reopen", "When was
    it closed?" "close"; None for "When is the school play?" (it ends on a noun)."""
    found = _ENDS_ON_A_VERB.match(drop_opener(question.strip()))  # "And when did it reopen?": no opener
    if not found:
        return None
    return verb_stem(found.group(1) or found.group(2))


def verb_stem(word: str) -> str | None:
    """The ``stem`` of ``word`` where it may be a verb ("thanked": "thank"), else None ("pilot")."""
    word = word.lower()
    return stem(word) if "VERB" in _lemmas(word) else None


_FUTURE = frozenset("will shall gonna going until till tomorrow next coming won't".split())
_PRESENT_BE = frozenset("is are am be been being get gets 's 're".split())


def clause_of(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around ``text[start:end]``: from the sentence mark (.!?;:) before it to the next."""
    head = max(text.rfind(mark, 0, start) for mark in ".!?;:")
    return text[head + 1 : clause_end(text, end)]


def clause_end(text: str, at: int) -> int:
    """Where the clause of ``text`` going on at ``at`` ends: its next sentence mark (.!?;:), else the text's end."""
    return min([i for mark in ".!?;:" if (i := text.find(mark, at)) >= 0], default=len(text))


def tells_the_future(words: list[str]) -> bool:
    """Whether words (lower case) tell of what is to come: "will", "'ll", "until", "next", "tomorrow", or
    "expect" ("crews expect it fixed by 2pm" is a forecast, not when it was fixed)."""
    return any(w in _FUTURE or w.endswith("'ll") or stem(w) == "expect" for w in words)


def tells_the_past(words: list[str]) -> bool:
    """Whether words (lower case) tell of what happened, not what will: a verb in the past ("walked out on
    Monday"; not "is closed on Monday", a state), or "since" or "ago", and nothing of the future ("will",
    "'ll", "until", "next", "tomorrow")."""
    if any(w in _FUTURE or w.endswith("'ll") for w in words):
        return False
    return any(
        w in ("since", "ago")
        or (is_past(w) and not (k and words[k - 1] in _PRESENT_BE) and not _before_its_noun(words, k))
        or _same_form_past(words, k)
        for k, w in enumerate(words)
    )


_OPENS_A_NOUN = frozenset("a an the my our your their his her its this that these those".split())
_PLANNED = frozenset("planned scheduled proposed expected projected intended".split())


def _before_its_noun(words: list[str], k: int) -> bool:
    """Whether the past form ``words[k]`` describes the noun after it, so tells of no past: after a determiner
    ("the delayed flight"), or a word of planning opening its clause ("Planned power cut on Tuesday night"; a
    post's "Booked flights for Friday" is past, its subject left out)."""
    return (
        k + 1 < len(words)
        and (
            (k > 0 and words[k - 1] in _OPENS_A_NOUN)
            or (words[k] in _PLANNED and (k == 0 or not words[k - 1].isalnum()))
        )
        and is_noun(words[k + 1])
        and not is_past(words[k + 1])
    )


# verbs whose past is their base form: "The storm on Tuesday night cut power" is past (its present is "cuts"),
# and its Tuesday the one before the post (it was read as the Tuesday after; found checking R15-28)
_SAME_FORM = frozenset("cut hit put shut set hurt cost let quit spread split burst".split())
_NOT_A_SUBJECT = frozenset(
    "i you we they to not do does did don't doesn't didn't can could would should may might must".split()
)
_NOT_AN_OBJECT = frozenset("on at in for to from of off by this next last tonight today tomorrow".split())


def _same_form_past(words: list[str], k: int) -> bool:
    """Whether ``words[k]`` is a same-form verb ("cut") told in the past: after a word that may be a singular
    subject (not "they", "to", a modal, a plural in -s) and before its object; "a power cut on Tuesday" and
    "crews cut power" are no past."""
    if words[k] not in _SAME_FORM or not 0 < k < len(words) - 1:
        return False
    before, after = words[k - 1], words[k + 1]
    return (
        before.isalpha()
        and before not in _NOT_A_SUBJECT
        and not before.endswith("s")
        and after.isalnum()
        and after not in _NOT_AN_OBJECT
    )


_CAMEL_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def camel_words(word: str) -> list[str]:
    """The words a hashtag or handle runs together in CamelCase ("GilmoreGirls": "Gilmore", "Girls";
    "Oscars2015": "Oscars", "2015"); one word where it runs none together ("nyfw")."""
    return _CAMEL_PART.findall(word)


_HASHTAG = re.compile(r"#(\w+)")


def spelled_out(text: str) -> str:
    """``text`` with each hashtag that runs words together written as its words ("more #GilmoreGirls": "more
    Gilmore Girls"); a hashtag of one word stays as written ("#nyfw")."""

    def words(tag: re.Match[str]) -> str:
        parts = camel_words(tag.group(1))
        return " ".join(parts) if len(parts) > 1 and "".join(parts) == tag.group(1) else tag.group(0)

    return _HASHTAG.sub(words, text)


def fold(text: str) -> str:
    """``text`` with a Latin letter's accents dropped ("Orbán" is "Orban", "café" "cafe"), as the keyword index
    folds them, so a question and a post that write a name with and without them match. A letter whose base is
    no Latin letter keeps its marks: "デ" is not "テ", "й" not "и"."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)
        if base[:1].isascii() and base[:1].isalpha():
            out.append("".join(c for c in base if not unicodedata.combining(c)))
        else:
            out.append(ch)
    return "".join(out)


# which lemma keys a word that is more than one part of speech: the verb's, so "closing" (also a noun) meets
# "close" and "closed", and "building" meets "build" (as a suffix rule would have it)
_LEMMA_ORDER = ("VERB", "NOUN", "ADJ", "ADV", "AUX")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """One key for a word's inflected forms, regular and irregular, in lower case: "closing", "closes" and
    "close" give "close", "lost" and "loses" "lose", "rebuilt" and "rebuilding" "rebuild", "said" "say",
    "children" "child" (lemminflect's lexicon); a word it lacks (names, handles, slang) loses a plural or verb
    ending ("retweeted" and "retweets" give "retweet")."""
    word = fold(word.lower().lstrip("#@").replace("’", "'"))
    if word.endswith("'s"):
        word = word[:-2]
    lemmas = _lemmas(word)
    for pos in _LEMMA_ORDER:
        if pos in lemmas:
            return lemmas[pos][0].lower()
    for suffix in ("ing", "ies", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word


def with_kin(stems: set[str] | frozenset[str]) -> frozenset[str]:
    """``stems`` (a post's) with the place of each people's or language's name among them and the peoples of each
    place ("hungary" has "hungarian"), so that "When is the Hungarian election?" meets "Hungary's election" (it
    abstained over them). Only where a post's words are matched against a question's: ``stem`` keeps them apart,
    as "American Airlines" is no "America" and its handle @AmericanAir spells "american"."""
    kin = _kin()
    found = [kin[s] for s in stems if s in kin]
    return frozenset(stems).union(*found) if found else frozenset(stems)


@lru_cache(maxsize=1)
def _kin() -> dict[str, frozenset[str]]:
    """Each stem of ``_PEOPLES`` to the stems of its place and of the place's peoples."""
    groups = [frozenset(stem(w) for w in (place, *peoples.split())) for place, peoples in _PEOPLES.items()]
    return {s: group for group in groups for s in group}


# a place and the names of its people or language (a name whose place is written alike, "German", "Germany", is
# here too)
_PEOPLES = {
    "afghanistan": "afghan afghans",
    "africa": "african africans",
    "america": "american americans",
    "argentina": "argentine argentinian argentinians",
    "asia": "asian asians",
    "australia": "australian australians aussie aussies",
    "austria": "austrian austrians",
    "belgium": "belgian belgians",
    "brazil": "brazilian brazilians",
    "britain": "british briton britons brit brits",
    "canada": "canadian canadians",
    "chile": "chilean chileans",
    "china": "chinese",
    "colombia": "colombian colombians",
    "cuba": "cuban cubans",
    "denmark": "danish",
    "egypt": "egyptian egyptians",
    "england": "english",
    "europe": "european europeans",
    "finland": "finnish finn finns",
    "france": "french frenchman frenchmen",
    "germany": "german germans",
    "greece": "greek greeks",
    "hungary": "hungarian hungarians",
    "india": "indian indians",
    "indonesia": "indonesian indonesians",
    "iran": "iranian iranians",
    "iraq": "iraqi iraqis",
    "ireland": "irish",
    "israel": "israeli israelis",
    "italy": "italian italians",
    "japan": "japanese",
    "korea": "korean koreans",
    "lebanon": "lebanese",
    "mexico": "mexican mexicans",
    "netherlands": "dutch",
    "nigeria": "nigerian nigerians",
    "norway": "norwegian norwegians",
    "pakistan": "pakistani pakistanis",
    "palestine": "palestinian palestinians",
    "philippines": "filipino filipinos philippine",
    "portugal": "portuguese",
    "russia": "russian russians",
    "scotland": "scottish scot scots",
    "spain": "spanish spaniard spaniards",
    "sweden": "swedish swede swedes",
    "switzerland": "swiss",
    "syria": "syrian syrians",
    "turkey": "turkish turk turks",
    "ukraine": "ukrainian ukrainians",
    "venezuela": "venezuelan venezuelans",
    "vietnam": "vietnamese",
    "wales": "welsh",
}


def is_word(word: str) -> bool:
    """Whether ``word`` is an English word of the lemma lexicon ("club", "clear"; not "clube", "klar")."""
    return bool(_lemmas(word.lower())) or word.lower() in STOPWORDS


def is_adjective(word: str) -> bool:
    """Whether ``word`` may be an adjective ("nice", "worst", "dirty")."""
    return "ADJ" in _lemmas(word.lower())


def is_noun(word: str) -> bool:
    """Whether ``word`` may be a noun ("water", "rates", "fire")."""
    return "NOUN" in _lemmas(word.lower())


def is_adverb(word: str) -> bool:
    """Whether ``word`` may be an adverb ("well", "still", "just")."""
    return "ADV" in _lemmas(word.lower())


def is_singular(word: str) -> bool:
    """Whether ``word`` is no plural noun: its noun lemma is itself, or it is no noun of the lexicon ("Redline",
    "United"; not "flights")."""
    nouns = _lemmas(word.lower()).get("NOUN", ())
    return not nouns or word.lower() in nouns


def is_base_verb(word: str) -> bool:
    """Whether ``word`` is a verb as written in a command ("build", "rebuild", "support"; not "built", "nurses")."""
    word = word.lower()
    return word in _lemmas(word).get("VERB", ())


def verb_senses(question: str) -> dict[str, str]:
    """The question's participles ("-ed") whose base is also an adjective, by stem: {"fine":
    "fined"} of "Should US Airways be fined?". A post that writes such a stem only as its base ("Fine.", "he's
    fine", "Another fine job!") uses the adjective, not the verb asked (``only_other_sense``)."""
    senses = {}
    for token in tokens(question):
        word = token.lower
        base = stem(word)
        if (
            word.isalpha()
            and word.endswith("ed")  # a participle: "presenting", "straying" ask of a doing a bare base tells too
            and base != word
            and is_adjective(base)
            and is_base_verb(base)
            # "fined" is a verb alone; "pilots" is a noun too, and "pilot" is its singular, not an adjective
            and not is_adjective(word)
            and not is_noun(word)
        ):
            senses[base] = word
    return senses


def only_other_sense(text: str, senses: dict[str, str]) -> bool:
    """Whether ``text`` writes a stem of ``senses`` (``verb_senses``) only as its bare base, never as another form
    of it ("fined", "fines", "fining"): there it is the adjective."""
    written: dict[str, set[str]] = {}
    toks = tokens(text)
    for k, token in enumerate(toks):
        if (base := stem(token.lower)) in senses:
            before = [t.lower for t in toks[max(k - 2, 0) : k]]
            # the base after "to", a modal or "did" is the verb ("should fine them", "might inadvertently stray")
            verb = bool(before) and (
                before[-1] in _BEFORE_A_VERB
                or (len(before) == 2 and before[0] in _BEFORE_A_VERB and is_adverb(before[1]))
            )
            written.setdefault(base, set()).add(f"{token.lower} (verb)" if verb else token.lower)
    return any(forms == {base} for base, forms in written.items())


_BEFORE_A_VERB = frozenset(
    "to will would can could should shall may might must did do does don't didn't won't wouldn't shouldn't".split()
)


@lru_cache(maxsize=1 << 12)
def content_stems(text: str) -> tuple[str, ...]:
    """The stems of a text's content words, in order (stopwords, links and symbols dropped); cached per text."""
    return tuple(unit for unit, _ in content_words(text))


def content_words(text: str) -> list[tuple[str, str]]:
    """``(stem, word as written)`` of a text's content words, in order: stopwords, links and symbols dropped;
    a run of Chinese, Japanese or Thai characters gives its character bigrams (a lone character itself), so
    "運休ですか" shares "運休" with a post that says "今日運休です" (the whole run would be one word that no
    other text has). Cached per text, as ``content_stems`` is; each caller gets its own list."""
    return list(_content_words(text))


@lru_cache(maxsize=1 << 13)
def _content_words(text: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    run: list[Token] = []
    for token in [*tokens(text), None]:
        if token is not None and UNSPACED_CHAR.match(token.text) and (not run or run[-1].end == token.start):
            run.append(token)
            continue
        if run:
            chars = [t.text for t in run]
            out.extend((g, g) for g in ([a + b for a, b in zip(chars, chars[1:])] if len(chars) > 1 else chars))
            run = [token] if token is not None and UNSPACED_CHAR.match(token.text) else []
            if run:
                continue
        if token is None:
            break
        low = token.lower
        if low in STOPWORDS or low.startswith(("http", "www.")) or not re.match(r"[\w@#]", low):
            continue
        out.append((stem(low), token.text))
    return tuple(out)


# where one sentence of an answer ends and the next begins (verify.py checks answers sentence by sentence,
# and the reader keeps a short answer inside one)
SENTENCE_BREAK = re.compile(r"(?<=[.!?…”\"])(?:\s*\[\d{1,3}\])*\s+(?=[A-Z0-9\"“@#])")


def drop_opener(question: str) -> str:
    """``question`` without a leading "and", "but", "so", "ok", "then" ("And is it open?" is "is it open?")."""
    return re.sub(r"^(and|but|so|ok|okay|then)\b[\s,]*", "", question, flags=re.IGNORECASE)


def _bare(question: str) -> str:
    """The question in lower case without a leading "and", "but", "so" ("And is it open?" is "is it open?")."""
    return drop_opener(question.lower().strip())


def question_type(question: str) -> str:
    """who, when, where, how_many, how_much, why, which, how, what, yesno or other."""
    q = _bare(question)
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
    if re.search(r"\bor\b", q) and q.endswith("?"):
        return "yesno"  # "the Millbrook ferry, running or suspended?": a choice with its verb left out
    return "other"


_SAY = (
    "said says saying say wrote writes writing posted posts posting tweeted tweets tweeting thinks thought think "
    "claimed claims claiming doubts doubted doubt believes believed reported reports announced announces "
    "complained complains mentioned mentions shared shares warned warns asked asks predicted predicts denied "
    "denies blamed blames praised praises criticised criticized criticises criticizes confirmed confirms disputed "
    "disputes tell tells told"
)
_WHO_SAID = re.compile(
    rf"^who\s+(?:has\s+|have\s+|is\s+|was\s+|first\s+)?(?P<verb>{'|'.join(_SAY.split())}"
    # "who called it fake news?" (not "who called the police?")
    r"|called(?=.*\b(?:fake|lie|hoax|nonsense|rubbish|myth|false)\b))\b\s*(?:that\s+)?"
)


def said_part(question: str) -> tuple[str, str] | None:
    """``(verb, claim)`` of a "who said X?" question (("said", "the water main burst") of "Who said the water
    main burst?"), else None: its answer is whoever said it, not a word of the post."""
    bare = _bare(question)
    found = _WHO_SAID.match(bare)
    if not found:
        return None
    claim = bare[found.end() :]
    if not set(content_stems(claim)) - _DEICTIC and not re.search(r"https?://|www\.", claim):
        return None  # "who posted this tweet?" names no claim: whoever wrote the post, the reader's question
    # _bare only drops a prefix and lowers the case: the same offsets from the end
    return found.group("verb"), question.strip()[len(question.strip()) - len(bare) + found.end() :].rstrip(" ?")


# "Did anyone say Virgin America was late?": whether a claim was said, a fact about the posts (R12-21), not what
# people think of Virgin America. Not "Did anyone praise JetBlue?" nor "... complain about ...": those ask for the
# sides of the posts on it, as "Is anyone happy with JetBlue?" does (review 10, R10-5)
_ANYONE_SAID = re.compile(
    r"^(?:did|has|have|does|do)\s+(?:anyone|anybody|someone|somebody|any\s+one|people|any\s+(?:people|users|"
    r"passengers|customers|travell?ers))\s+(?:ever\s+)?(?P<verb>say|said|claim|claimed|mention|mentioned|report|"
    r"reported|write|wrote|post|posted|tweet|tweeted|deny|denied|doubt|doubted|warn|warned|tell|told|predict|"
    r"predicted|confirm|confirmed|announce|announced)\b\s*(?:that\s+)?"
)


def said_yes_no(question: str) -> tuple[str, str] | None:
    """``(verb, claim)`` of "Did anyone say Virgin America was late?" (("say", "Virgin America was late")), else
    None: answered yes by the posts that say it, as "Who said ...?" is by their authors."""
    bare = _bare(question)
    found = _ANYONE_SAID.match(bare)
    if not found or not set(content_stems(bare[found.end() :])) - _DEICTIC:
        return None
    return found.group("verb"), question.strip()[len(question.strip()) - len(bare) + found.end() :].rstrip(" ?")


def asks_who_said_it(question: str) -> bool:
    """Whether ``question`` asks who said what was just said, naming no claim of its own: "Who said that?", "Who
    wrote it?", "Who says so?" (after an answer, the authors of the posts it quoted; "Who posted
    https://…?" names a link)."""
    bare = _bare(question)
    found = _WHO_SAID.match(bare)
    if not found:
        return False
    claim = bare[found.end() :]
    return not set(content_stems(claim)) - _DEICTIC and not re.search(r"https?://|www\.", claim)


# "Who is against the skate park?", "Who likes it?": who takes a side of an opinion, now. In the past tense it is
# mostly a report ("Who liked Michelle Obama's speech?" is answered "Melania", named in a post); "Who is behind the
# attack?" asks who did it, and "Who backed the bill?" is a news span: neither is a side
# "How many people ...?" of those who do it asks for a count of them: "How many people are against the skate park?",
# "How many people replied to the mayor?", "How many people say the school will close?"
HOW_MANY_WHO = r"how many (?:people|persons|users|accounts|authors|posts|tweets|of them|folks|residents|locals)"
_WHO_STANDS = re.compile(
    rf"^(?:who|{HOW_MANY_WHO})\s+(?:else\s+)?(?:(?:is|are)\s+(?:(?:all|most|really|strongly)\s+)?"
    r"(?:(?P<against>against|opposed to|not in favou?r of)|(?P<for>for|in favou?r of))"
    r"|(?:really\s+)?(?:(?P<dislikes>hates?|dislikes?|opposes?|objects? to)|(?P<likes>likes?|loves?|enjoys?|supports?)))"
    r"\s+(?P<topic>\S.*)$"
)
# "How many people complained about United's wifi?", "... praised the crew?": a count of the authors on that side of
# it (the who-question of it names those who say it: ``who_said``, by the side of its verb)
_HOW_MANY_SIDE = re.compile(
    rf"^{HOW_MANY_WHO}\s+(?:have\s+|has\s+)?(?:(?P<against>complain(?:ed)?\s+(?:about|of)|critici[sz]ed?|blamed?)|"
    r"(?P<for>praised?))\s+(?P<topic>\S.*)$"
)


def _stands(bare: str) -> re.Match[str] | None:
    # "How many are for it?" counts people as "How many people are for it?" does (it answered "14", a bus route,
    # R17-5); "How many likes ...?" is no side
    bare = re.sub(r"^how many (?=(?:are|is) )", "how many people ", bare)
    return _WHO_STANDS.match(bare) or _HOW_MANY_SIDE.match(bare)


def stand_part(question: str) -> tuple[int, str] | None:
    """``(side, opinion question)`` of "Who is against the skate park?" ((-1, "What do people think of the skate
    park?")) or "Who likes it?" (+1, ...), else None: its answer is who takes that side, not a span ("How many
    people are against it?": how many do)."""
    bare = _bare(question)
    found = _stands(bare)
    if not found:
        return None
    side = -1 if found.group("against") or found.groupdict().get("dislikes") else 1
    return side, f"What do people think of {stand_subject(question)}"


def stand_subject(question: str) -> str | None:
    """What "Who is against the skate park?" or "How many people like Southwest?" asks a side of ("the skate
    park?", "Southwest?"), else None: what its posts are searched by (not "many", "people", "against")."""
    bare = _bare(question)
    found = _stands(bare)
    if not found:
        return None
    # _bare only drops a prefix and lowers the case, and the topic ends it: as many characters from the end (a
    # follow-up's bracketed topic kept)
    return question.strip()[-len(found.group("topic")) :]


_DEICTIC = frozenset(stem(w) for w in "tweet tweets post posts picture photo quote video this that it".split())

# "How many people say the school will close?", "How many posts claim ...": a count of who says it
_HOW_MANY_SAY = re.compile(
    rf"^{HOW_MANY_WHO}\s+"
    r"(?:have\s+|has\s+)?(?P<verb>say|said|says|claim|claimed|believe|believed|report|reported|wrote|write|posted|"
    r"tweeted|agree|agreed|deny|denied|dispute|disputed|doubt|doubted)\b\s*(?:that\s+)?"
)


def tallied(question: str) -> str | None:
    """What a how-many question of those who do something counts: "post" ("How many posts say ...?"), "author"
    ("How many people replied to the mayor?"), else None."""
    bare = _bare(question)
    found = re.match(HOW_MANY_WHO, bare)
    if not found:
        return "author" if bare.startswith("how many ") and _stands(bare) else None  # "How many are for it?"
    return "post" if found.group(0).endswith(("posts", "tweets")) else "author"


def count_said(question: str) -> tuple[str, str] | None:
    """``(verb, claim)`` of "How many people say the school will close?" (("say", "the school will close")),
    else None: its answer is how many posts and authors say it (and how many deny it), not a span."""
    bare = _bare(question)
    found = _HOW_MANY_SAY.match(bare)
    if not found or not set(content_stems(bare[found.end() :])) - _DEICTIC:
        return None
    return found.group("verb"), question.strip()[len(question.strip()) - len(bare) + found.end() :].rstrip(" ?")


_SUMMARY = re.compile(
    r"\bwhat(?:'s|’s| is| was| are| has been) (?:happening|going on|new)\b|\bwhat happened (?:on|in|at|around|today|"
    r"yesterday|this|last)\b|\blatest (?:on|about|with|news|updates?)\b|\bany (?:news|updates?)\b|\b(?:news|updates?) "
    r"(?:on|about|from)\b|\btell me about\b|^(?:please )?(?:summari[sz]e|give me (?:an? )?(?:update|summary|rundown))\b",
)
SUMMARY_WORDS = frozenset(
    "what happening happened happen going new news latest update updates tell right now today lately recently "
    "summarize summarise summary rundown give".split()
)


_NEWS = re.compile(
    r"\b(?:happen\w*|going on|went on|new|news|latest|updates?|"
    r"(?:people|everyone|everybody|folks|users)\s+(?:(?:are|were|have\s+been)\s+)?(?:say|talk|post|tweet)\w*)\b",
    re.IGNORECASE,
)
_CHATTER = (
    "people everyone everybody folks users say saying said talk talking talked post posting posted tweet tweeting"
)


def asks_for_news(question: str, thread: bool = False) -> bool:
    """Whether ``question`` asks what happened with no topic ("What happened?", "Any news?", "What's new?", "What
    were people saying?", once its time words are out): it asks what the posts of its time tell, not about a
    subject ("What were people saying about the ferry?" has one). Scoped to a ``thread`` (a conversation, the
    replies to a post, its quotes), "What did people reply?" and "What is this thread about?" ask that too."""
    summary = {stem(w) for w in SUMMARY_WORDS | set(_CHATTER.split())} | {"go", "went", "on"}
    if thread:
        summary |= {stem(w) for w in _THREAD_WORDS.split()}
        return all(s in summary for s in content_stems(question))
    return bool(_NEWS.search(question)) and all(s in summary for s in content_stems(question))


_THREAD_WORDS = (
    "reply replies replied replying respond responded responding response responses answer answers answered "
    "thread threads conversation conversations discussion discussed discuss quote quotes quoted quoting about "
    "write wrote written comment comments commented"
)


_ONLY_LINKS = re.compile(r"(?:(?:https?://|www\.)\S+[\s,]*)+", re.IGNORECASE)


# "And the night bus?", "What about the marathon?": a follow-up that only names a subject asks about it
_ONLY_A_SUBJECT = re.compile(
    r"^(?:and|what about|how about)\s+(?!(?:is|are|was|were|do|does|did|can|will|would|who|what|when|where|why|how|"
    r"which|it|they|that|this|yesterday|today)\b)(?!.*\bor\b)[^?]{1,60}\?*$"
)


def without_earlier_words(question: str) -> str:
    """A follow-up as asked, less the earlier turns' topic words the assistant adds in brackets ("And the
    Ashby marathon? (food festival)" is "And the Ashby marathon?")."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", question)


def named_subject(question: str) -> str | None:
    """The subject of a follow-up that only names one ("the skate park" of "What about the skate park?"), else None."""
    own = question.strip()
    if not _ONLY_A_SUBJECT.match(own.lower()):
        return None
    return re.sub(r"^(?:and|what about|how about)\s+", "", own, flags=re.IGNORECASE).rstrip(" ?")


def asks_summary(question: str) -> bool:
    """Whether the question is "What is happening on Quarry Lane?", "Any news about the ferry?", or only a link
    (the posts that hold it): answered by the posts on the topic, not by a span of one."""
    own = without_earlier_words(question).strip().lower()
    return bool(
        _SUMMARY.search(_bare(question)) or _ONLY_LINKS.fullmatch(question.strip()) or _ONLY_A_SUBJECT.match(own)
    )


# the words that say which side an opinion question asks about, not what it is about: "Is United's wifi good?" is
# about United's wifi, "Do people like JetBlue?" about JetBlue (a post need not say "good" or "like")
_STANCE_WORDS = re.compile(
    r"(?<![\w'’-])(?:good|bad|great|awful|terrible|like|likes|love|loves|hate|hates|dislike|dislikes|happy|unhappy|"
    r"pleased|satisfied|dissatisfied|praise|praised|worth it|worth|popular|unpopular)(?![\w'’-])"
)


def without_stance_words(question: str) -> str:
    """``question`` without the lower-case words that ask for a side ("good", "like", "happy"), what the posts
    that answer an opinion question are searched and matched by; a capitalised one is a name ("Good Burger")."""
    return re.sub(r"\s{2,}", " ", _STANCE_WORDS.sub(" ", question)).strip()


# the words that name whoever is asked about, not what about: "people" of "What do people say about JetBlue?" (a
# search for it read the posts that say "people")
_ASKERS = re.compile(r"(?<![\w'’-])(?:people|folks|everyone|everybody|anyone|anybody)(?![\w'’-])", re.IGNORECASE)


def without_askers(question: str) -> str:
    """``question`` without the words that name the people whose opinions it asks for ("people", "folks",
    "everyone", "anyone"): an opinion question's posts are searched by its topic."""
    return re.sub(r"\s{2,}", " ", _ASKERS.sub(" ", question)).strip()


_WHAT_SAID = re.compile(
    r"^what (?:did|does|has|have) (?P<who>(?!people\b|they\b|everyone\b|folks\b|others\b|users\b|it\b|that\b|"
    r"this\b)(?:(?!(?:do|see|think|mean|want|should|would|could|not|just)\b)[@\w.'’-]+ ?){1,4}?) "
    r"(?:say|said|post|posted|write|written|tweet|tweeted)(?: (?:about|on) (?P<topic>[^?]+?))?"
    r"(?: lately| recently| today| yesterday)?[\s?.!]*$"
)


# a Bluesky DID in a question's text (did:plc:…, did:web:example.org), ending on a word character: the full stop
# after it is the sentence's
DID = r"did:[a-z0-9]+:[\w.%-]*\w"


def is_did(name: str) -> bool:
    """Whether ``name`` (with or without its "@"), a value alone, is a Bluesky DID, which names an author as a
    handle does."""
    return re.fullmatch(r"did:[a-z0-9]+:[\w.%-]+", name.lstrip("@"), re.IGNORECASE) is not None


# an author as a question names one: "@critic_sam", "@ana@mastodon.social", or a Bluesky DID with or without its
# "@" (answers write an author with no known handle "@did:plc:u4lm…"): its "@" (or a DID's start), then its name
AT_AUTHOR = r"(?:@|(?=did:[a-z0-9]+:))"
AUTHOR_NAME = rf"{DID}|[\w.-]*\w(?:@[\w.-]*\w)?"
WHO = rf"{AT_AUTHOR}(?:{AUTHOR_NAME})"


# "What does @mayor_lena say?", "what has @critic_sam posted", "@critic_sam": all the handle's posts
_HANDLE_SAID = re.compile(
    r"^(?:what (?:did|does|has|have) )?(?P<who>" + WHO + r")"
    r"(?: (?:say|said|post|posted|write|written|tweet|tweeted)(?: lately| recently)?)?[\s?.!]*$"
)


def what_said(question: str) -> tuple[str, str] | None:
    """``(who, topic)`` of "What did the mayor say about Quarry Lane?" (("the mayor", "quarry lane")), else
    None; "what do people say about ..." asks for opinions (``viewpoints.asks_opinion``). "What did the police
    say?", "What does @mayor_lena say?" and a question that is only a handle ask for whatever they posted:
    topic ""; a follow-up's topic is the earlier turns' ("What did the council say? (water rates)": ("the
    council", "water rates"))."""
    own = without_earlier_words(question)
    earlier = question[len(own) :].strip(" ()")
    bare = _bare(own)
    if found := _WHAT_SAID.match(bare):
        return found.group("who"), found.group("topic") or earlier
    if found := _HANDLE_SAID.match(bare):
        return found.group("who"), ""
    if found := _HANDLE_THINKS.match(bare):
        return found.group("who"), found.group("topic")
    return None


# "What does @dan_quill think of the skate park?": that author's posts on it (a name without "@" may be a person a
# post names: "What does Trump think of the deal?" is answered by a span)
_HANDLE_THINKS = re.compile(
    r"^what (?:did|does|do) (?P<who>" + WHO + r") (?:think|thinks|feel|feels) (?:of|about) "
    r"(?P<topic>[^?]+?)[\s?.!]*$"
)


# the handle a question asks what its author did, was or said: "When did @patrick_maness get bumped?", "Did
# @oldtimer like the skate park?", "Where was @ana flying to?" (not "Who replied to @ana?", "Did United refund
# @ana?", "What do people say about @ana?": another's doing, said of or to them)
_HANDLE_DOES = re.compile(
    r"^(?:(?:when|where|why|how|what|which|who|whom)(?:\s+[\w'’-]+){0,2}?\s+)?"
    r"(?:did|does|do|was|were|is|are|has|have|had|will|would|can|could)\s+(?P<who>" + WHO + r")"
    r"(?![\w@.-])"
)


def acting_handle(question: str) -> str | None:
    """The @handle whose author a question asks about, as the one who did, was or said what it asks ("@ana" of
    "When did @ana get bumped?"), else None."""
    found = _HANDLE_DOES.match(_bare(question))
    return found.group("who") if found else None


_WHEN_SAID = re.compile(
    r"^when(?: (?:did|does|was|were|has|have|had) (?P<who>[@\w.'’ -]+?) "
    r"(?:say|said|post|posted|write|wrote|written|tweet|tweeted|announce|announced)(?: (?:that|it|this|so))?)?"
    r"[\s?.!]*$"
)
POINTING = frozenset("they he she it that this them those".split())


def when_said(question: str) -> str | None:
    """Who a question asks the time of a post of: "the library" of "When did the library post that?", "" of
    "When?" and of "When did they say it?" (the earlier answer's posts); None for another question."""
    found = _WHEN_SAID.match(_bare(without_earlier_words(question)))
    if not found:
        return None
    who = found.group("who") or ""
    return "" if who in POINTING else who


# "— Kim Kardashian West (@KimKardashian) July 17, 2016": the post's author, as TweetQA renders tweets
_BYLINE = re.compile(r"[—–-]\s*([^\s()—–-][^()\n—–]{0,60}?)\s*\(@\w+\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$")
_NAME = r"(?:@\w+|[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|de|van|von)){0,3})"
# a role before a name: "police chief Ruiz" of "According to police chief Ruiz, ..."
_ROLE = r"(?:(?:[a-z]+\s+){1,3}(?=[A-Z@]))?"
# "“You never monkey with the truth.” - Ben Bradlee", "..., said Mayor Lena Park", "according to @mayor_lena"
_ATTRIBUTION = re.compile(
    rf"[\"”]\s*[-–—]\s*(?P<a>{_NAME})|(?:[,”\"]\s*(?:said|says)|\b[Aa]ccording to)\s+(?P<b>{_ROLE}{_NAME})|"
    rf"^(?P<c>{_NAME}):\s"
)
NOT_SPEAKERS = frozenset(
    "the a an this that it he she they we i you who someone everyone everybody nobody anyone noone".split()
)
SAY_STEMS = frozenset(stem(w) for w in _SAY.split())


def byline(text: str) -> str | None:
    """The name a post is signed with ("Myke Cole" of "... — Myke Cole (@MykeCole) July 17, 2016"), else None."""
    found = _BYLINE.search(text)
    # ".@SenSchumer- do it over coffee. Dan Scavino Jr. (@DanScavino)": the name is what follows the last sentence
    name = re.split(r"(?<=[a-z]{2}[.!?])\s+", found.group(1).strip())[-1] if found else ""
    return name if is_name(name) else None


def said_after(text: str, at: int, claim: tuple[str, ...]) -> bool:
    """Whether most of ``claim`` (stems) is said after ``at`` in its sentence, inside the quotation marks where
    the rest of the sentence has some."""
    end = next((stop for start, stop in sentences(text) if start <= at <= stop), len(text))
    rest = text[at:end]
    quoted = " ".join(re.findall(r"[\"“]([^\"”]*)[\"”]", rest)) or rest
    have = set(content_stems(quoted))
    return sum(s in have for s in claim) * 2 >= len(claim)


def byline_start(text: str) -> int:
    """Where a trailing "— Name (@handle) Month D, YYYY" begins, else the text's length."""
    byline = _BYLINE.search(text)
    return byline.start() if byline else len(text)


def is_name(text: str) -> bool:
    """Whether ``text`` is a name: capitalised words, handles or tags ("Dana Whitfield", "@nasa", "Donald J.
    Trump"), not only stopwords ("They")."""
    words = text.split()
    return (
        bool(words)
        and all(w[:1].isupper() or w[:1] in "@#" for w in words)
        and not all(w.lower().strip(".,") in STOPWORDS | NOT_SPEAKERS for w in words)
    )


# "my hubby says", "the mayor said": a lower-case word after one of these is who speaks, whatever word it is
SPEAKER_DETERMINERS = frozenset("the my our his her their your".split())


@lru_cache(maxsize=1 << 12)
def is_speaker_noun(word: str) -> bool:
    """Whether a lone lower-case word before a verb of saying can be who says it: a noun of the lexicon that is
    no adverb ("police", "officials", "people"); not "still" of "I still think" (an adverb too), nor "dont" of
    "dont complain" (no word of the lexicon: a name is capitalised, or a handle)."""
    lemmas = _lemmas(word.lower())
    return "NOUN" in lemmas and "ADV" not in lemmas


# words between speakers and their verb ("Mayor Ko and Eva Lind both said"), and between speakers
_SPEAKER_ADVERBS = frozenset("both all also have has had just again then publicly jointly each".split())
_SPEAKER_JOINERS = frozenset({"and", ",", "&"})


_NOT_NAME_WORDS = STOPWORDS | NOT_SPEAKERS | frozenset("yesterday today tonight tomorrow".split())


def _names_before(text: str, toks: list[Token], k: int) -> str | None:
    """The speakers named before the verb at ``k`` when they are several, or set off from it by "both", "also",
    "has" ("Mayor Ko and engineer Eva Lind" of "Mayor Ko and engineer Eva Lind both said ..."), each with the
    lower-case role before it that follows a joiner or opens the sentence ("engineer"); else None."""
    j = k
    while j > 0 and toks[j - 1].lower in _SPEAKER_ADVERBS:
        j -= 1
    starts: list[int] = []
    end = j
    while end > 0:
        start = end
        while (
            start > 0
            and (toks[start - 1].text[:1].isupper() or toks[start - 1].text.startswith("@"))
            and end - start < 4
        ):
            start -= 1
        while start < end and toks[start].lower in _NOT_NAME_WORDS:
            start += 1  # "So Ann", "Yesterday Mayor Ko": the sentence's first word is no name
        if start == end:
            break
        role = start
        while (
            role > 0
            and start - role < 2
            and toks[role - 1].text.isalpha()
            and toks[role - 1].text.islower()
            and toks[role - 1].lower not in _NOT_NAME_WORDS | _SPEAKER_JOINERS
        ):
            role -= 1
        if role < start and (role == 0 or toks[role - 1].lower in _SPEAKER_JOINERS | {".", ":"}):
            if not {t.lower for t in toks[role:start]} & (STOPWORDS | NOT_SPEAKERS):
                start = role  # "engineer Eva Lind", "police chief Ruiz"
        starts.append(start)
        if start > 0 and toks[start - 1].lower in _SPEAKER_JOINERS:
            end = start - 1
            if end > 0 and toks[end - 1].lower in _SPEAKER_JOINERS:  # ", and"
                end -= 1
            continue
        break
    if not starts or (len(starts) == 1 and j == k):
        return None  # one name right before the verb: ``speaker`` reads it as before
    return text[toks[starts[-1]].start : toks[j - 1].end].strip()


def speaker(text: str, verb: str | None = None, claim: tuple[str, ...] = ()) -> str | None:
    """Who a post says said (or thought, or claimed) something: the name right before the question's ``verb``
    (a stem; "Russia thought"), else before a verb of saying ("Mayor Lena Park said", "my hubby says"), the
    name a quote is attributed to ("“...” - Ben Bradlee", "according to @mayor_lena"), else its byline's name
    ("— Myke Cole (@MykeCole) ..."); None where the post speaks for its author ("I doubt it")."""
    toks = tokens(text)
    for wanted in ([frozenset({verb})] if verb else []) + [SAY_STEMS]:
        for k, token in enumerate(toks):
            if not k or stem(token.lower) not in wanted:
                continue
            if toks[k - 1].lower in ("i", "we"):
                return None  # the author speaks
            if claim and not said_after(text, token.end, claim):
                continue  # 'The mayor said "we will fix it" - I doubt it': "I doubt it" is the author's
            if several := _names_before(text, toks, k):
                return several
            j = k
            while j > 0 and (toks[j - 1].text[:1].isupper() or toks[j - 1].text.startswith("@")) and k - j < 4:
                j -= 1
            while j < k and toks[j].lower in STOPWORDS | NOT_SPEAKERS:
                j += 1  # "When I think", "As @MSGNetworks thought": no name, or the name after it
            if j < k:
                return text[toks[j].start : toks[k - 1].end].strip()
            before = toks[k - 1].lower
            if before.isalpha() and before not in STOPWORDS | NOT_SPEAKERS:
                # "my hubby says", "the mayor said"
                if k > 1 and toks[k - 2].lower in SPEAKER_DETERMINERS:
                    return f"{toks[k - 2].lower} {toks[k - 1].text}"
                if is_speaker_noun(before):  # "police say", "officials said"
                    return toks[k - 1].text
    for found in _ATTRIBUTION.finditer(text):
        words = (found.group("a") or found.group("b") or found.group("c")).split()
        while len(words) > 1 and words[0].lower() in STOPWORDS | NOT_SPEAKERS and words[1][:1].islower():
            words.pop(0)  # "according to the fire chief Ann Ray": "fire chief Ann Ray"
        if words[0].lower() not in NOT_SPEAKERS:
            return " ".join(words)
    byline = _BYLINE.search(text)
    return byline.group(1).strip() if byline else None


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME_WORDS = frozenset(
    "today tonight yesterday tomorrow morning afternoon evening night noon midnight week weekend weekends month "
    "months year years decade century ago now currently recently soon later earlier since until before after "
    "spring summer autumn fall winter christmas easter holiday holidays season dawn dusk daily weekly annual "
    "am pm o'clock hour hours minute minutes day days".split()
)
_WORDS_OF_THEIR_OWN = frozenset({"be", "even"})  # lemmas of time words that are no time: see _TIME_STEMS
_TIME_PATTERN = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b\d{1,2}(?::\d\d)?\s?(?:am|pm)\b|\b\d{1,2}:\d\d\b"
    r"|\b\d+(?:st|nd|rd|th)\b|\b\d0s\b",
    re.IGNORECASE,
)


def is_time(text: str) -> bool:
    """Whether ``text`` says a time: a date, year, weekday, month, clock time or a word of time ("tonight",
    "last week", "in the upcoming weeks", "in 2019", "3 May"); "Storm" and "Water main" do not."""
    return any(is_time_word(t.text) for t in tokens(text)) or bool(_TIME_PATTERN.search(text))


def asks_when(question: str) -> bool:
    """A question for a time: "When did it burst?", "What year ...?" ("Where were the fans when ...?" is not)."""
    return bool(re.match(r"(when|(what|which) (year|month|day|date|time))\b", _bare(question)))


# a time word's other forms are time words ("weekends", "months"), but not where its lemma is another word:
# "am" (of "9 am") is "be", so "is" and "was" were times ("Was." led a when-answer), and "evening" is "even"
_TIME_STEMS = frozenset(
    key for w in _TIME_WORDS | set(WEEKDAYS) | set(MONTHS) if (key := stem(w)) == w or key not in _WORDS_OF_THEIR_OWN
) | frozenset(_TIME_WORDS)
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def resolve_day(text: str, written: datetime, past: bool | None = None) -> datetime | None:
    """The day a relative time in ``text`` means for a post written at ``written``: "tonight", "this morning"
    that day, "yesterday" the day before, "(this|on|next) Saturday" the next Saturday from it (the same day
    counts), "last Saturday" the one before, and so is "on Saturday" in a post telling of the past ("walked
    out on Monday": ``past``, read from ``text`` where not given); None where ``text`` names no such day (a
    date is as written)."""
    words = [t.lower for t in tokens(text)]
    if past is None:
        past = tells_the_past(words)
    if (counted := _days_from(words, written)) is not None:
        return counted
    for k, word in enumerate(words):
        if word in _RELATIVE_DAYS:
            return written + timedelta(days=_RELATIVE_DAYS[word])
        if word == "this" and k + 1 < len(words) and words[k + 1] in ("morning", "afternoon", "evening"):
            return written
        if word == "last" and k + 1 < len(words) and words[k + 1] == "night":
            return written - timedelta(days=1)
        if word in WEEKDAYS:
            ahead = (WEEKDAYS.index(word) - written.weekday()) % 7
            if k and words[k - 1] == "last":
                return written - timedelta(days=(7 - ahead) % 7 or 7)
            if past and not (k and words[k - 1] in ("this", "next")):  # the one before, or the same day
                return written - timedelta(days=(7 - ahead) % 7)
            if k and words[k - 1] == "next" and ahead == 0:
                ahead = 7
            return written + timedelta(days=ahead)
    return None


def count_value(word: str) -> int | None:
    """The number a count word or digits say ("two" 2, "a" 1, "3" 3), else None."""
    if word.isdigit():
        return int(word)
    return {"a": 1, "an": 1, "couple": 2, "few": 3, "several": 3, **_SMALL}.get(word)


def _days_from(words: list[str], written: datetime) -> datetime | None:
    """ "two days ago", "3 days ago", "a day ago", "the day before yesterday", "in 2 days": that day."""
    for k, word in enumerate(words):
        if word == "before" and words[k - 1 : k] == ["day"] and words[k + 1 : k + 2] == ["yesterday"]:
            return written - timedelta(days=2)
        if word in ("day", "days") and k and (n := count_value(words[k - 1])) is not None:
            if words[k + 1 : k + 2] == ["ago"]:
                return written - timedelta(days=n)
            if k > 1 and words[k - 2] == "in":
                return written + timedelta(days=n)
    return None


def day_label(moment: datetime) -> str:
    """A day as answers write it: "5 Dec 2026"."""
    return f"{moment.day} {moment.strftime('%b %Y')}"


def _week_of(moment: datetime) -> str:
    return f"the week of {day_label(moment - timedelta(days=moment.weekday()))}"


_PART_OF_DAY = ("morning", "afternoon", "evening", "night")


def resolve_time(text: str, written: datetime, past: bool | None = None) -> str | None:
    """What a time relative to the day a post was ``written`` means, as answers write it: "two days ago" in a
    post of 5 Dec 2026 is "3 Dec 2026", "this week" "the week of 30 Nov 2026", "this morning" "the morning of
    30 Nov 2026", "the 20th" "20 Dec 2026", "last month" "Nov 2026". Where a phrase has two usual readings they
    are both given, never one as fact: "next Friday" on a Wednesday "4 Dec 2026 or 11 Dec 2026", "the 3rd" in
    a post of the 5th "3 Dec 2026 or 3 Jan 2027", "12/5" "5 Dec 2026 (month/day) or 12 May 2027 (day/month)";
    a weekday in a clause telling of the past (``past``, read from ``text`` where not given: "walked out on
    Monday") is the one before. None where ``text`` names no such time (a date is as written)."""
    words = [t.lower for t in tokens(text)]
    if past is None:
        past = tells_the_past(words)
    for k, word in enumerate(words):
        before = words[k - 1] if k else ""
        after = words[k + 1] if k + 1 < len(words) else ""
        if word in ("week", "weekend", "month", "year") and before in ("this", "last", "next"):
            step = {"this": 0, "last": -1, "next": 1}[before]
            if word == "week":
                return _week_of(written + timedelta(weeks=step))
            if word == "weekend":
                saturday = written + timedelta(days=5 - written.weekday())  # a Sunday's is the day before
                return f"the weekend of {day_label(saturday + timedelta(weeks=step))}"
            if word == "month":
                month = written.year * 12 + written.month - 1 + step
                return datetime(month // 12, month % 12 + 1, 1).strftime("%b %Y")
            return str(written.year + step)
        if word in ("week", "weeks") and after == "ago" and (n := count_value(before)) is not None:
            return f"around {day_label(written - timedelta(weeks=n))}"
        if word in _PART_OF_DAY and before in ("this", "last", "tomorrow", "yesterday", *WEEKDAYS):
            if word == "night" and before == "last":
                before = "yesterday"
            day = written if before == "this" else resolve_day(before, written, past=past)
            return f"the {word} of {day_label(day)}" if day else None
        if word == "tonight":
            return f"the night of {day_label(written)}"
        if word in WEEKDAYS and before == "next":
            ahead = (WEEKDAYS.index(word) - written.weekday()) % 7
            if ahead and written.weekday() + ahead <= 6:  # later this week: that day, or the one a week on
                soon = written + timedelta(days=ahead)
                return f"{day_label(soon)} or {day_label(soon + timedelta(days=7))}"
        if (nth := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", word)) and not _names_month(words, k):
            return _day_of_month(int(nth.group(1)), written)
        if numeric := re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?", word):
            return _month_and_day(numeric, written)
    day = resolve_day(text, written, past=past)
    return day_label(day) if day else None


def _names_month(words: list[str], k: int) -> bool:
    """Whether the ordinal at ``k`` has its month beside it ("Dec 9th", "9th of December", "9th Dec")."""
    near = words[max(k - 1, 0) : k] + words[k + 1 : k + 3]
    return any(w in MONTHS for w in near)


def _month_and_day(numeric: re.Match[str], written: datetime) -> str | None:
    """ "12/5" is 5 Dec (month/day, as in the US) or 12 May (day/month, as in most of the world): each reading
    that is a date, in the year given, else the year that puts it nearest the post's day."""
    first, second = int(numeric.group(1)), int(numeric.group(2))
    year = numeric.group(3)
    readings = []
    for month, day, order in ((first, second, "month/day"), (second, first, "day/month")):
        dates = []
        for y in [int(year) + (2000 if len(year) == 2 else 0)] if year else range(written.year - 1, written.year + 2):
            try:
                dates.append(datetime(y, month, day, tzinfo=written.tzinfo))
            except ValueError:
                continue
        if dates:
            readings.append((day_label(min(dates, key=lambda d: abs(d - written))), order))
    if len({label for label, _ in readings}) == 1:
        return readings[0][0]
    return " or ".join(f"{label} ({order})" for label, order in readings) or None


def _day_of_month(day: int, written: datetime) -> str | None:
    """ "the 20th" in a post: of the post's month if that day is still to come, else this month's (past) or the
    next month's; both are said."""

    def of(offset: int) -> datetime | None:
        month = written.year * 12 + written.month - 1 + offset
        try:
            return datetime(month // 12, month % 12 + 1, day)
        except ValueError:  # "the 31st" in a month of 30 days
            return None

    this, following = of(0), of(1)
    if this is not None and day >= written.day:
        return day_label(this)
    readings = [day_label(d) for d in (this, following) if d is not None]
    return " or ".join(readings) or None


_COUNT_WORDS = frozenset("a an couple few several".split())
_LENGTH_UNITS = frozenset(
    "minute minutes hour hours day days night nights week weeks fortnight month months year years decade decades".split()
)
_LENGTH_VERBS = frozenset("for took take takes taking lasted lasts lasting within spent spend".split())
_NEAR = frozenset("this last next upcoming coming following past recent previous".split())  # "the upcoming weeks"
_TIME_BEFORE = _NEAR | frozenset("the early late mid".split())
# alone, no time: "before" of "taken before Album of the Year was announced"
_RELATIONS = frozenset("before after since until now currently recently soon later earlier ago".split())
_AGO = frozenset("ago later earlier before".split())


_PART_WORDS = _LENGTH_UNITS | frozenset(_PART_OF_DAY) | {"weekend", "weekends", "ago"}


def is_time_of_its_own(text: str) -> bool:
    """Whether ``text`` names a time by a word of its own ("Saturday", "tonight", "next Saturday", "2019",
    "Late-November"), unlike "week", "this morning", "the year" or "the 20th", which are read by their
    modifiers ("this", "the") and the day of their post."""
    words = [t.lower for t in tokens(text)]
    return (
        bool(words)
        and not all(
            w in _PART_WORDS | _COUNT_WORDS | _TIME_BEFORE
            or (count_value(w) is not None and not _TIME_PATTERN.fullmatch(w))  # "2019" is a year, no count
            or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", w)
            or not w[:1].isalnum()
            for w in words
        )
    )


def time_phrase(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The time phrase of ``text`` that ``text[start:end]`` holds, whole ("week" of "closed this week": "this
    week", "20th" of "on the 20th": "the 20th", "days" of "two days ago": "two days ago", "Elm Street tonight":
    "tonight"), as character offsets; None where it says no time ("new opening hours", "the year" of "best
    weekend of the year") or a length of time, not a time ("month" of "took a month to fix", "for months")."""
    toks = tokens(text)
    inside = [
        k
        for k, t in enumerate(toks)
        if t.end > start and t.start < end and is_time_word(t.text) and not _bare_meridiem(toks, k)
    ]
    if not inside:
        return None
    i, j = inside[0], inside[-1]
    # a span that begins and ends with words of its time is kept whole ("Late-November/late-December", "7 am
    # Thursday"); else it is cut to its time ("Elm Street tonight": "tonight")
    first = next(k for k, t in enumerate(toks) if t.end > start)
    last = max(k for k, t in enumerate(toks) if t.start < end)
    if all(_of_a_time(toks[k].text) for k in (first, last)):
        i, j = min(i, first), max(j, last)
    if all(toks[k].lower in _RELATIONS for k in range(i, j + 1)):
        return None
    if (
        i == j
        and _ORDINAL.fullmatch(toks[i].lower)
        and not (i and is_time_word(toks[i - 1].text))  # "March 3rd flights" is a day
        and _ordinal_of_a_thing(toks[j + 1 :])
    ):
        return None  # "1st class", "3rd flight", "5th Avenue": which one, not a day ("1st." led a when-answer)
    own = is_time_of_its_own(text[toks[i].start : toks[j].end])
    # "Saturday" says its day: only the words of the span before it join it ("next Saturday" stays whole)
    modified = toks[i].lower in _TIME_BEFORE  # "upcoming weeks" has its modifier: not "the upcoming weeks"
    while i > 0 and (toks[i - 1].lower in _TIME_BEFORE | _COUNT_WORDS or count_value(toks[i - 1].lower) is not None):
        if modified or own and (toks[i - 1].start < start or toks[i - 1].lower not in ("this", "last", "next")):
            break
        i -= 1
    while j + 1 < len(toks) and (
        toks[j + 1].lower in _AGO
        or (toks[j + 1].lower in _PART_OF_DAY and toks[j].lower in (*WEEKDAYS, "yesterday", "tomorrow", "today"))
        or (toks[j].lower in _LENGTH_UNITS and toks[j + 1].lower in _SMALL_COUNTS)  # "week one", "day 3"
    ):
        if own and toks[j + 1].start >= end:
            break
        j += 1
    if own:
        return _with_its_day(text, toks, i, j)
    words = [t.lower for t in toks[i : j + 1]]
    units = [w for w in words if w in _LENGTH_UNITS]
    counted = any(w in _COUNT_WORDS or count_value(w) is not None for w in words) and not words[0] == "the"
    numbered = len(words) > 1 and words[-2] in _LENGTH_UNITS and words[-1] in _SMALL_COUNTS  # "week one"
    dated = bool(set(words) & (_AGO | _NEAR)) or numbered
    before = toks[i - 1].lower if i else ""
    if units and counted and before == "in":  # "in two days": a time to come
        return toks[i - 1].start, toks[j].end
    if units and not dated and (counted or before in _LENGTH_VERBS):
        return None  # "a month", "for months": how long, not when
    said = text[toks[i].start : toks[j].end]
    if not (dated or _TIME_PATTERN.search(said) or (words[0] == "the" and set(words) & set(_PART_OF_DAY))):
        return None  # "week", "the year", "hours": no time of their own
    return _with_its_day(text, toks, i, j)


CLOCK = re.compile(r"\d{1,2}(?::\d\d)?\s?(?:am|pm)|\d{1,2}:\d\d", re.IGNORECASE)


_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)")
# words an ordinal day goes on with: "the 20th of May", "on the 5th at 6pm", "the 20th, a Friday"
_AFTER_A_DAY = frozenset("of at in on and or from to until till through thru by for is was will".split())


def _ordinal_of_a_thing(following: list[Any]) -> bool:
    """Whether the words after an ordinal make it a thing's rank: a word that is no time word nor one a day
    goes on with ("class" of "1st class"; not "of May", "at 6pm")."""
    return (
        bool(following)
        and following[0].text.isalpha()
        and not (is_time_word(following[0].text) or following[0].lower in _AFTER_A_DAY)
    )


def _bare_meridiem(toks: list[Any], k: int) -> bool:
    """Whether ``toks[k]`` is "am" or "pm" with no hour before it: "Am" of "Am I rebooked?" led a when-answer."""
    return toks[k].lower in ("am", "pm") and not (k and re.fullmatch(r"\d{1,2}(?::\d\d)?", toks[k - 1].text))


def _with_its_day(text: str, toks: list[Any], i: int, j: int) -> tuple[int, int]:
    """The phrase ``toks[i..j]`` with the day its clock time is on, or the clock time its day has: "9am" of
    "opens tomorrow at 9am" is "tomorrow at 9am" (a when-answer of "9am" left out the day), "December 11"
    of "on December 11 at 6pm" "December 11 at 6pm"."""
    if toks[i].lower in ("am", "pm") and i and re.fullmatch(r"\d{1,2}(?::\d\d)?", toks[i - 1].text):
        i -= 1  # "am" of "7 am" is no time without its hour
    if j + 1 < len(toks) and toks[j + 1].lower in ("am", "pm") and re.fullmatch(r"\d{1,2}(?::\d\d)?", toks[j].text):
        j += 1  # nor "1:40" of "1:40pm" without its "pm"
    start, end = toks[i].start, toks[j].end
    if CLOCK.fullmatch(text[start:end]):
        if j + 1 < len(toks) and (toks[j + 1].lower in WEEKDAYS or toks[j + 1].lower in _RELATIVE_DAYS):
            end = toks[j + 1].end  # "7 am Thursday", "9am tomorrow"
        if i >= 2 and toks[i - 1].lower == "at":
            # the day is the one or two words before "at" ("tomorrow", "December 11")
            for first in (i - 2, i - 3):
                if first >= 0 and any(is_time_word(t.text) for t in toks[first : i - 1]):
                    day = time_phrase(text, toks[first].start, toks[i - 2].end)
                    if day is not None and not CLOCK.fullmatch(text[day[0] : day[1]]):
                        return min(start, day[0]), end
        return start, end
    after = re.match(r"\s+at\s+(" + CLOCK.pattern + r")\b", text[end:], re.IGNORECASE)
    return start, end + after.end() if after else end


_SMALL_COUNTS = frozenset([*"one two three four five six seven eight nine ten".split(), *map(str, range(1, 32))])


def _of_a_time(word: str) -> bool:
    """A word that may begin or end a time phrase: a time word, a digit, "late", "early", "mid", "the"."""
    return is_time_word(word) or word.isdigit() or word.lower() in _TIME_BEFORE


def is_time_word(word: str) -> bool:
    """A word that is, or is part of, a time: "Saturday", "week", "ago", "20th", "12/5", "2019"."""
    word = word.lower().rstrip(".")
    return word in _TIME_STEMS or stem(word) in _TIME_STEMS or bool(_TIME_PATTERN.fullmatch(word))


# and every word in n't (``is_negation``); posts often drop the apostrophe ("doesnt charge any fees")
NEGATIONS = frozenset(
    "not no never hardly cannot dont doesnt didnt isnt arent wasnt werent wont cant couldnt wouldnt shouldnt "
    "hasnt havent hadnt aint".split()
)


def is_negation(word: str) -> bool:
    """A lower-case word that negates what follows ("not", "never", "isn't", "can’t")."""
    return word in NEGATIONS or word.endswith(("n't", "n’t"))


_DOUBTS = frozenset(
    stem(w) for w in "doubt doubts doubtful untrue rumour rumor myth deny denies hoax nonsense rubbish".split()
)
# words that doubt or deny: "who denied ...?", "who called it fake news?", "who says it is not true?"
DOUBT_STEMS = _DOUBTS | frozenset(stem(w) for w in "denied disputed disputes".split())
# "fake news", "a lie", "is false" (a "fake baby" or "lie down" doubts nothing)
_CALLED_FALSE = re.compile(r"fake news|(?:a|is|that's|it's|its|total|complete) (?:lie|false|lies)\b")
_BELIEF = frozenset(stem(w) for w in "believe think buy trust true sure confirmed".split())
BELIEF_STEMS = _BELIEF  # a negation before one of these doubts what is said: "not true", "nobody has confirmed it"


def doubted(text: str, end: int | None = None, negated: bool = False) -> bool:
    """Whether the sentence of ``text`` that holds ``end`` (default: any sentence) doubts what it says before
    ``end``, outside quotation marks ("I don't believe the fire is 40% contained", "that's a myth"); with
    ``negated``, any negation counts too ("the ferry isn't running" does not say it runs). "No power for 2,000
    homes" doubts nothing."""
    for start, stop in sentences(text):
        if end is not None and not start <= end <= stop:
            continue
        sentence = re.sub(r"[\"“][^\"”]*[\"”]", " ", text[start : stop if end is None else max(end, start)])
        words = [t.lower for t in tokens(sentence)]
        for k, word in enumerate(words):
            if (
                stem(word) in _DOUBTS
                or (negated and (is_negation(word) or word == "nobody"))
                or _CALLED_FALSE.match(" ".join(words[k : k + 2]))
            ):
                return True
            if is_negation(word) and any(stem(w) in _BELIEF for w in words[k + 1 : k + 3]):
                return True  # "don't believe", "not true", "isn't confirmed"
    return False


# words between "or" and the alternative it names ("or is it cancelled?", "or has it been cancelled?")
_FILLERS = frozenset(
    "is are was were it he she they this that has have had been be does did do will would a an the".split()
)
_PREPOSITIONS = frozenset("on in at by for to from before after under over off out".split())
# a main clause ends where a subordinate one starts ("reopened after being closed" does not state "closed")
_SUBORDINATE = frozenset(
    "after before until since because although though unless if when while but whether once".split()
)
# what may stand right before an alternative a post states of its subject ("the ferry is running", "ferry cancelled")
_COPULAS = frozenset(
    "is are was were be been being has have had remains remain stays stay looks look seems seem got gets now still "
    "again running currently officially finally already 's ’s".split()
)


def _option_at(words: list[str], raw: list[str], i: int, step: int) -> tuple[str, ...] | None:
    """The alternative next to position ``i`` of the question, read forwards (``step`` 1) or backwards (-1): a
    capitalised name as a whole ("Dana Whitfield"), a word with the preposition before it ("on time"), or a word."""
    if step > 0:
        while i < len(words) and words[i] in _FILLERS:
            i += 1
    if not (0 <= i < len(words)) or not (words[i].isalpha() or is_number(words[i])):
        return None
    span = [i]
    if raw[i][:1].isupper() and i > 0:  # a name: every capitalised word next to it
        k = i + step
        while 0 < k < len(words) and raw[k][:1].isupper():
            span.append(k)
            k += step
    elif words[i] in _PREPOSITIONS and step > 0 and i + 1 < len(words) and words[i + 1].isalpha():
        span.append(i + 1)  # "or on Sunday?"
    if step < 0 and min(span) > 0 and words[min(span) - 1] in _PREPOSITIONS:
        span.append(min(span) - 1)  # "on time or late?", "on Monday or on Sunday?"
    option = tuple(words[k] for k in sorted(span))
    if option[-1] in _STOPWORD_OPTIONS or option[-1] in _PREPOSITIONS:
        return None
    return option


_STOPWORD_OPTIONS = frozenset("not no nah something anything what so only just".split())


def choice_options(question: str) -> tuple[tuple[str, ...], ...] | None:
    """The alternatives of a yes/no-shaped question between them ("Is the ferry running or cancelled?" gives
    (("running",), ("cancelled",)); "running, suspended or cancelled?" three); None for a plain yes/no question
    ("are you coming or not?") or where an alternative is not a word, a name or a preposition and a word."""
    if question_type(question) != "yesno":
        return None
    toks = tokens(question)
    words, raw = [t.lower for t in toks], [t.text for t in toks]
    if "or" not in words:
        return None
    i = len(words) - 1 - words[::-1].index("or")
    k = i + 1
    while k < len(words) and (words[k] in _FILLERS or (words[k] in words[: i - 1] and words[k] not in _PREPOSITIONS)):
        k += 1  # "or is the ferry cancelled?": the subject said again is not an alternative
    right = _option_at(words, raw, k, 1)
    j = i - 1 if i > 0 and words[i - 1] != "," else i - 2  # "on time, or late?"
    if right and j > 0 and words[i + 1 :].count(words[j]) and words[j] not in right:
        j -= 1  # "the wolf moon or the super moon": the words that differ
    options = [_option_at(words, raw, j, -1) if j >= 0 else None]
    # "a, b or c"; without its verb ("the Millbrook ferry, running or suspended?") what comes before a comma is
    # the subject
    elliptic = not _YESNO.match(_bare(question))
    while not elliptic and options[0] and j - len(options[0]) >= 1 and words[j - len(options[0])] == ",":
        j -= len(options[0]) + 1
        options.insert(0, _option_at(words, raw, j, -1))
    options.append(right)
    if any(o is None for o in options) or len(set(options)) != len(options):
        return None
    return tuple(o for o in options if o is not None)


# a state of a service or a place, and the states that deny it: "The Millbrook ferry is suspended today" answers
# "Is the ferry running?" without its word
_RUNS = ("running", "operating", "open", "working")
_STOPS = ("suspended", "cancelled", "canceled", "closed", "shut", "stopped", "halted", "down")
_NOW_WORDS = frozenset("now today tonight still yet again currently".split())
# words that ask whether a state holds at present, and name no subject: "still" of "Is the pool still closed?" is
# in no post that says it is open again (R17-28: it ranked that post out of the evidence)
ASPECT_WORDS = frozenset("still currently yet anymore".split())
# a present-tense yes/no question of a state: "Is the ferry suspended?" asks whether it is, today
_PRESENT = re.compile(r"^(?:is|are|isn['’]t|aren['’]t)\b", re.IGNORECASE)


def without_aspect_words(question: str) -> str:
    """A yes/no question without its ``ASPECT_WORDS`` ("Is the pool closed?" of "Is the pool still closed?");
    any other question as it is ("What is still TODO?" asks of a label a post writes)."""
    if question_type(question) != "yesno":
        return question
    return re.sub(r"\s+", " ", re.sub(rf"\b(?:{'|'.join(sorted(ASPECT_WORDS))})\b", " ", question, flags=re.I)).strip()


# "Is that still true?": whether the earlier turn's claim holds now
_STILL_TRUE = re.compile(
    r"^(?:and\s+|but\s+)?(?:is|are)\s+(?:that|this|it|they|these|those)\s+still\s+(?:true|the\s+case|so|right|correct)"
    r"\s*\??$",
    re.IGNORECASE,
)
_COPULA = re.compile(r"^(?P<subject>.+?)\s+(?P<be>is|are)\s+(?P<state>.+)$", re.IGNORECASE)


def still_asked(question: str, history: list[str]) -> str | None:
    """ "Is that still true?" after "Who says it is closed?" (or "Is the pool closed?") as the question of that
    state now: "Is it still closed?", read with the earlier turns (R17-28: it abstained); else None."""
    if not history or not _STILL_TRUE.match(question.strip()):
        return None
    earlier = history[-1].strip().rstrip("?").strip()
    claimed = said_part(earlier) or said_yes_no(earlier)
    if claimed is not None:
        found = _COPULA.match(re.sub(r"^that\s+", "", claimed[1], flags=re.IGNORECASE))
        if not found:
            return None
        subject, be, state = found.group("subject", "be", "state")
    elif question_type(earlier) == "yesno" and (found := re.match(r"^(is|are)\s+(.+)$", earlier, re.IGNORECASE)):
        return f"{found.group(1).capitalize()} {_still_before_state(found.group(2))}?"
    else:
        return None
    return f"{be.capitalize()} {subject} still {state}?"


def _still_before_state(rest: str) -> str:
    """ "the Eastvale pool still closed" of "the Eastvale pool closed": "still" before the state asked (its last
    word, ``implied_options``), else at the end."""
    words = rest.split()
    if len(words) > 1 and words[-1].lower() in _RUNS + _STOPS:
        return " ".join([*words[:-1], "still", words[-1]])
    return f"{rest} still"


def asks_present_state(question: str) -> bool:
    """Whether a question asks whether something is in a state now: "Is the ferry suspended?", "... now?",
    "still ...?" (``implied_options`` gives the state); "Was it suspended?" asks of a past one."""
    if implied_options(question) is None:
        return False
    bare = without_earlier_words(question).strip()
    return bool(_PRESENT.match(bare) or any(t.lower in _NOW_WORDS for t in tokens(bare)))


def implied_options(question: str) -> tuple[tuple[str, ...], ...] | None:
    """For a plain yes/no question that asks whether something is in a state ("Is the ferry running this week?"),
    that state and the states that deny it, as ``choice_options`` gives a choice's (("running",), ("suspended",),
    ...)); None for any other question."""
    if question_type(question) != "yesno" or choice_options(question):
        return None
    words = [t.lower for t in tokens(without_earlier_words(question)) if t.text[:1].isalnum()]
    while words and (words[-1] in _NOW_WORDS or is_time_word(words[-1]) or words[-1] in ("this", "next", "last")):
        words.pop()  # "... running this week?", "... open today?"
    for state, others in ((_RUNS, _STOPS), (_STOPS, _RUNS)):
        if words and words[-1] in state:
            return ((words[-1],), *((other,) for other in others))
    return None


def _match_form(word: str) -> str:
    """A word as options are matched: stemmed, doubled letters single ("canceled" and "cancelled" meet)."""
    return re.sub(r"(.)\1", r"\1", stem(word))


def options_said(
    options: tuple[tuple[str, ...], ...],
    text: str,
    subject: set[str] | None = None,
    names: set[str] | None = None,
    denied: bool = False,
) -> str | None:
    """The one alternative a post states of the question's subject, as the question words it (" ".join), else
    None.

    The post must name every one of the subject's ``names`` ("Millbrook" in "Is the Millbrook ferry running?")
    and half of its other ``subject`` words. Stated means: in a sentence that is not a question and names a
    subject word, in its main clause, before any negation or hedge ("not sure the pool is open", "the ferry
    might be cancelled" state nothing), right after a copula or a subject word ("the ferry is running", "ferry
    cancelled"), as a name, or as a number before a subject word ("2,000 homes"); "Big crowd at the library"
    does not state "big". Between two one-word alternatives, "isn't open" states the other one; with
    ``denied`` (the first alternative is the state a yes/no question asks, ``implied_options``), "is not closed"
    states "not closed"."""
    subject = {_match_form(w) for w in subject or ()}
    names = {_match_form(w) for w in names or ()}
    everywhere = {_match_form(t.lower) for t in tokens(text)}
    if not names <= everywhere or (subject and len(subject & everywhere) * 2 < len(subject)):
        return None  # a post about another ferry, or about something else that shares a word
    pair = len(options) == 2 and all(len(o) == 1 and o[0].isalpha() for o in options)
    said = set()
    for start, end in sentences(text):
        sentence = _RE_DASH.sub(r"\1", text[start:end])  # "re-opened" is "reopened"
        if "?" in sentence:
            # "Harbor Bakery is closing for renovations until May, where do I get pho now?": the statement before
            # the question's comma still states (it read as a question, and "Is Harbor Bakery open?" was answered
            # by an older post's "Doors open at 5:32pm", R17-8)
            head = sentence[: sentence.find("?")].rpartition(",")[0].strip()
            if not head or _YESNO.match(head.lower()) or head.split()[0].lower() in _WH_OPENERS:
                continue  # "Is the ferry running today, anyone know?" states nothing
            sentence = head
        toks = tokens(sentence)
        words = [t.lower for t in toks]
        forms = [_match_form(w) for w in words]
        if subject and not subject & set(forms):
            continue  # "the bus is running late" says nothing of the ferry
        negation = -1  # where a negation stands: it reaches the next 2 words, and nothing after them counts
        stated: set[str] = set()  # what the clause being read states
        earlier: set[str] = set()  # what the clause before "but" stated
        for k, word in enumerate(words):
            if word == "but" and k + 1 < len(words) and (words[k + 1] in _COPULAS or words[k + 1] in _BACK):
                # "was cancelled last week but is running now": the clause after "but", of the same subject,
                # says what holds now; "open but the pool is closed" names another subject and ends here
                earlier, stated, negation = stated or earlier, set(), -1
                continue
            if word in _SUBORDINATE or word in _HEDGES or (negation >= 0 and k - negation > 2):
                break
            if is_negation(word) or word in ("nor", "without"):
                if not (pair or denied) or negation >= 0:
                    break
                negation = k
                continue
            for option in options:
                n = len(option)
                wanted = [_match_form(w) for w in option]
                if forms[k : k + n] != wanted and not (n == 1 and forms[k] == "re" + wanted[0]):  # "reopened"
                    continue
                b = k - 1
                while b > 0 and words[b] in ("a", "an", "the"):
                    b -= 1  # "is a success"
                before = words[b] if b >= 0 else ""
                after = forms[k + n] if k + n < len(forms) else ""
                name = k > 0 and all(w.isalpha() for w in option) and toks[k].text[:1].isupper()
                number = is_number(option[-1]) and after in subject
                if negation >= 0 and pair:
                    # "the pool isn't open": between two alternatives, the other one
                    stated.add(" ".join(next(o for o in options if o != option)))
                elif negation >= 0:
                    # "the pool is not closed" denies the state asked; "is not open" says no more than that
                    if option == options[0]:
                        stated.add("not " + " ".join(option))
                elif (
                    before in _COPULAS or _match_form(before) in subject or name or number or option[0] in _PREPOSITIONS
                ):
                    stated.add(" ".join(option))  # "the ferry is running", "ferry cancelled", "2,000 homes", "on time"
        said |= stated or earlier
    return said.pop() if len(said) == 1 else None


_WH_OPENERS = frozenset("what who whom whose where when why how which".split())
_RE_DASH = re.compile(r"\b([Rr]e)[-‐](?=[a-z])")
# after "but", words that go on about the same subject ("but it is running", "but now open")
_BACK = frozenset("it it's it’s its they they're they’re".split())


_HEDGES = frozenset(
    "maybe perhaps hope hopefully wonder whether if might may could should would wish supposed unsure doubt sure "
    "think guess way".split()
)


def is_number(word: str) -> bool:
    return (
        bool(re.fullmatch(r"\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|%|k|m)?", word.lower())) or word.lower() in _NUMBER_WORDS
    )


# a percentage however written: "86 %", "86％", "86 percent", "86 per cent"; and each end of "86-90%"
_NUMBER = r"(?<!\w)\d+(?:[.,]\d+)*"
_PERCENT_SIGN = r"\s?(?:%|％|percent\b|per\s?cent\b|pct\b)"
_PERCENT = re.compile(rf"({_NUMBER}){_PERCENT_SIGN}", re.IGNORECASE)
# each end of a range: "86-90%", "86 to 90%", "between 86 and 90 percent" ("and" only after "between"; a year
# is no percentage: "2025-30% off")
_PERCENT_RANGE = re.compile(
    rf"(\bbetween\s+)?(?!(?:19|20)\d\d\b)({_NUMBER})(?:\s?[-–—]\s?|\s+to\s+|(?(1)\s+and\s+|(?!)))"
    rf"(?={_NUMBER}{_PERCENT_SIGN})",
    re.IGNORECASE,
)


def numbers(text: str) -> set[str]:
    """The numbers a text states, normalised ("1,200" -> "1200", "86,5" -> "86.5", "86 percent" -> "86%": 86
    people are not 86%)."""
    text = _PERCENT.sub(r"\1%", _PERCENT_RANGE.sub(lambda m: f"{m.group(1) or ''}{m.group(2)}% - ", text))
    found: set[str] = set()
    for token in tokens(text):
        if re.match(r"\d", token.text):
            found |= _number(token.text, listed=bool(_LIST_GOES_ON.match(text, token.end)))
    return found


_LIST_GOES_ON = re.compile(r"\s*(?:,|and\b|or\b|&)\s*\d", re.IGNORECASE)


def _number(token: str, listed: bool = False) -> set[str]:
    """A comma before 3 digits is a thousands separator ("1,200"), before 1 or 2 a decimal comma ("86,5"), unless
    the token is a list ("5,10,12", or "5,10" followed by "and 12")."""
    head, *groups = token.split(",")
    if all(re.match(r"\d{3}(?!\d)", g) for g in groups):
        return {token.replace(",", "")}
    if len(groups) == 1 and re.match(r"\d{1,2}(?!\d)", groups[0]) and not listed:
        return {f"{head}.{groups[0]}"}
    return {part for part in (head, *groups) if part}


_SMALL = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
_TENS = {word: 10 * k for k, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"hundred": 100, "thousand": 1_000, "k": 1_000, "million": 10**6, "m": 10**6, "mn": 10**6}
_SCALES |= {"billion": 10**9, "bn": 10**9}
_NUMBER_WORD = "|".join(sorted([*_SMALL, *_TENS, "dozen", "hundred", "thousand", "million", "billion"], key=len))
# "no one", "the one", "every one": no number
_NOT_A_COUNT = "".join(f"(?<!{word} )" for word in "no any some every the this that which each".split())
# "2,000", "2000", "2.5", "10k", "$2 million", "two thousand", "twenty-five", "five hundred and twenty", "a dozen",
# "three point two million"
_QUANTITY = re.compile(
    r"(?<![\w.,])(?P<digits>\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(?:\s?(?P<scale>k|mn|m|bn|hundred|thousand|million|"
    rf"billion)\b)?|\b{_NOT_A_COUNT}(?P<words>(?:(?:{_NUMBER_WORD}|a)(?:[\s-]+(?:(?:and|point)[\s-]+)?)?)*"
    rf"(?:{_NUMBER_WORD}))\b",
    re.IGNORECASE,
)


def _words_value(words: str) -> float | None:
    """The value of a number written in words ("two thousand five hundred" 2500, "a dozen" 12, "three point two
    million" 3200000); None when the words are not one number ("two and three", "one two")."""
    split = re.split(r"[\s-]+", words.lower())
    if "point" in split:
        # a whole number, "point", its decimal digits one word each, and at most one multiplier
        at = split.index("point")
        whole = _words_value(" ".join(split[:at]))
        rest = split[at + 1 :]
        decimals = "".join(str(_SMALL[w]) for w in rest if w in _SMALL and _SMALL[w] < 10)
        scale = rest[len(decimals) :]
        if whole is None or not decimals or len(scale) > 1 or (scale and scale[0] not in _SCALES):
            return None
        places = 10 ** len(decimals)
        return (int(whole) * places + int(decimals)) * (_SCALES[scale[0]] if scale else 1) / places
    total, group, last = 0, 0, "start"
    for word in split:
        if word == "a" and last == "start":
            group, last = 1, "a"
        elif word == "and" and last == "scale":
            last = "and"
        elif word in _SMALL and (last in ("start", "scale", "and") or (last == "tens" and _SMALL[word] < 10)):
            group, last = group + _SMALL[word], "small"
        elif word in _TENS and last in ("start", "scale", "and"):
            group, last = group + _TENS[word], "tens"
        elif word in ("dozen", "hundred") and last in ("start", "a", "small", "tens"):
            group, last = (group or 1) * (12 if word == "dozen" else 100), "scale"
        elif word in _SCALES and last != "and":  # thousand, million, billion
            total, group, last = total + (group or 1) * _SCALES[word], 0, "scale"
        else:
            return None
    return float(total + group) if last not in ("start", "a", "and") else None


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


LINK = re.compile(r"(?:https?://|\bwww\.)[^\s<>\"'“”]+", re.IGNORECASE)  # a link written in a post


def without_links(text: str) -> str:
    """``text`` with each link blanked out, same length (the "12" of ".../2026-12-strike-terms" is no count)."""
    return LINK.sub(lambda m: " " * len(m.group(0)), text)


def quantity_values(text: str) -> str:
    """``text`` with every quantity written as its value in digits, so two ways of writing one number compare
    equal: "2,000", "2000", "2k" and "two thousand" all become "2000", "$2.5 million" "$2500000"."""

    def value(match: re.Match[str]) -> str:
        if match.group("words") is not None:
            found = _words_value(match.group("words"))
            return match.group(0) if found is None else _plain(found)
        number = float(match.group("digits").replace(",", ""))
        scale = (match.group("scale") or "").lower()
        return _plain(number * _SCALES.get(scale, 1))

    return _QUANTITY.sub(value, text)


def quantity_spans(text: str) -> list[tuple[int, int, str]]:
    """Where each quantity of ``text`` is written (digits, with a multiplier, or words; not in a link) and its
    value in digits, as ``quantity_values`` writes it: "Forty staff, not 12" [(0, 5, "40"), (18, 20, "12")]."""
    found = []
    for match in _QUANTITY.finditer(without_links(text)):
        value = quantity_values(match.group(0))
        if match.group("words") is None or _words_value(match.group("words")) is not None:
            found.append((*match.span(), value))
    return found


def first_quantity(text: str) -> tuple[int, int] | None:
    """Where the first quantity of ``text`` is written (digits, with a multiplier, or words; not in a link), else
    None."""
    spans = quantity_spans(text)
    return spans[0][:2] if spans else None


def quantities(text: str) -> set[str]:
    """The values of the quantities ``text`` states ("2,000 homes, ten thousand people" {"2000", "10000"}); a
    link's numbers are none."""
    return set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", quantity_values(without_links(text))))


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
