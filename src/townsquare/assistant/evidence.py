"""From a conversation to evidence: the search query, retrieval, and the posts an answer may cite.

``rewrite`` turns the last question (and, for a follow-up, the earlier ones) into
a search query; ``retrieve`` runs it through the index's hybrid ``Searcher``;
``select`` keeps the posts worth citing: relevant enough, near-duplicates
collapsed, at most ``per_author`` posts per author, newer first for "now"
questions, and posts that address instructions to an assistant set aside (they
stay data: never quoted, never obeyed; ``injection.instructs_a_model``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import zip_longest
from typing import Any

from townsquare.assistant.handles import handle_stems, named_handles
from townsquare.assistant.injection import instructs_a_model
from townsquare.assistant.replies import asks_of_a_claim
from townsquare.assistant.text import (
    AT_AUTHOR,
    AUTHOR_NAME,
    LINK,
    MONTHS,
    SAY_STEMS,
    STOPWORDS,
    UNSPACED_CHAR,
    WEEKDAYS,
    content_stems,
    content_words,
    count_value,
    day_label,
    entities,
    fold,
    is_did,
    lexicon_pos,
    resolve_day,
    stand_subject,
    stem,
    tokens,
    what_said,
    with_kin,
    without_aspect_words,
)

_POINTS_BACK = re.compile(r"\b(it|they|them|their|that|this|those|he|she|his|her|there|these)\b", re.IGNORECASE)
_OPENER = re.compile(r"^(and|but|also|what about|how about|then|so)\b", re.IGNORECASE)
# the same words where they point at nothing: an existential "Is there traffic ...?", the "it" of the weather or of
# "Is it true that ...?", a "that" opening a clause ("Who said that the bridge ...?"), "this week"
_BE = r"(?:is|are|was|were|will|has|have|had|could|would|should|can|might)(?:n't|n’t| not)?"
_POINTS_AT_NOTHING = re.compile(
    rf"^(?:(?:why|how|when|where|what)\s+)?{_BE}\s+there\b(?=\s+\w)|\bthere(?=\s+{_BE}\b|['’]s\b)|"
    r"\bit(?:['’]s|\s+is|\s+was|\s+will(?:\s+be)?|\s+has\s+been)?(?=\s+(?:rain|snow|hail|sleet|pour|freez|drizzl|storm)\w*)|"
    rf"\b{_BE}\s+it(?=\s+(?:be\s+)?(?:rain|snow|hail|sleet|pour|freez|drizzl|storm|\w+\s+(?:to|that)\b))|"
    r"\bit(?:['’]s|\s+is|\s+was)(?=\s+\w+\s+(?:to|that)\b)|"
    r"\bthat(?=\s+(?:the|a|an|he|she|they|we|i|you|there|[0-9])\b)|(?-i:\bthat(?=\s+[A-Z@]))|"
    rf"\b(?:this|these)(?=\s+(?:{'|'.join(WEEKDAYS)}|morning|afternoon|evening|night|week|weekend|month|year|days)\b)",
    re.IGNORECASE,
)
_DETERMINED = re.compile(r"\b(?:the|a|an|my|our|your)\s+([\w'’-]+)", re.IGNORECASE)
_NOW = re.compile(
    r"\b(now|currently|current|latest|today|tonight|right now|at the moment|this (week|morning|evening)|"
    r"still|newest|recent|recently|happening|going on|so far|yet|news|updates?)\b",
    re.IGNORECASE,
)
_OPERATOR_CHARS = re.compile(r"[\"()]|(?<!\w)-|\b(?:OR|AND)\b|\w+:(?=\S)")
SEARCH_OPERATORS = (
    "from",
    "lang",
    "since",
    "until",
    "is",
    "has",
    "url",
    "in_reply_to_tweet_id",
    "conversation_id",
    "quotes_of_tweet_id",
)


_TYPED_OPERATOR = re.compile(rf"(?<!\S)({'|'.join(SEARCH_OPERATORS)}):(\S+)(?!\S)", re.IGNORECASE)


def typed_operators(question: str) -> tuple[str, dict[str, str]]:
    """``(question, operators)``: the X operators typed into a question ("Who opened the library?
    since:2025-03-01", "from:maya_martin24 library") taken out of its words, as ``search_parameters`` would give
    them; an operator whose value is no value of it ("since:yesterday") stays a word. Several of one key
    are alternatives ("from:ana from:bob"), as in ``search_parameters``."""
    from townsquare.errors import SearchParameterError
    from townsquare.limits import DEFAULT_LIMITS

    found: dict[str, list[str]] = {}

    def lift(match: re.Match[str]) -> str:
        name, value = match.group(1).lower(), match.group(2).rstrip(".,;!?")
        try:
            _scope({name: value}, DEFAULT_LIMITS.max_query_length)
        except SearchParameterError:
            return match.group(0)
        found.setdefault(name, []).append(value)
        return " "

    rest = " ".join(_TYPED_OPERATOR.sub(lift, question).split())
    return rest, {name: " ".join(values) for name, values in found.items()}


@dataclass
class Evidence:
    """One post the answer may cite, with how well it covers the question."""

    post: dict[str, Any]
    rank: int  # position in the search results (0 = best)
    coverage: float  # share of the question's content words (IDF-weighted) the post contains
    match: float  # the match model's probability that this post answers the question
    relevance: float = 0.0  # what selection sorts by: ``match``, plus freshness for "now" questions
    flags: list[str] = field(default_factory=list)
    features: list[float] = field(default_factory=list)  # the match model's inputs (order: ``FEATURES``)
    parent: dict[str, Any] | None = None  # the post it replies to, where a who-question reads replies (``replies``)

    @property
    def id(self) -> str:
        return self.post["id"]

    @property
    def author(self) -> str:
        """The author's handle (or id); "" for a post that has none (a ``text`` corpus, a CSV without authors)."""
        return self.post.get("author_handle") or self.post.get("author_id") or ""

    @property
    def who(self) -> str:
        """How an answer names the author: "@handle", or "an unnamed author" for a post that has none (an answer
        that named "@unknown" was removed by the check, since the post has no such name)."""
        return f"@{self.author}" if self.author else "an unnamed author"

    @property
    def author_key(self) -> str:
        """What one author's posts share, for per-author limits and counts: the handle, or the post's own id
        where there is none (all authorless posts were one "unknown" author, and a text corpus gave 2 posts)."""
        return self.author or f"post:{self.id}"

    @property
    def text(self) -> str:
        return self.post.get("text") or ""


def is_follow_up(question: str) -> bool:
    """A question that leans on an earlier turn: it opens with "and", "but", "what about" ("and what did the mayor
    say?"), points back ("why did they do it?", "Who said that?"), or names no subject of its own ("Who won?",
    "Why?", "What did the mayor say?": the mayor is who spoke, not what about). A whole question is a new one,
    whatever came before: "Where is the market?", "Is there traffic on Main Street?", "Is it raining in Ashby?"."""
    question = question.strip()
    if _OPENER.match(question) or points_back(question) or asks_of_a_claim(question):
        return True  # "Did anyone disagree?" asks about the earlier turn's claim
    return len(content_stems(question)) <= 1 and not _names_a_subject(question)


def points_back(question: str) -> bool:
    """Whether a word of ``question`` stands for something an earlier turn named ("it", "they", "there"), not
    counting those that stand for nothing ("Is there traffic ...?", "Is it raining?", "said that the ...")."""
    return bool(_POINTS_BACK.search(_POINTS_AT_NOTHING.sub(" ", question)))


def _names_a_subject(question: str) -> bool:
    """Whether ``question`` names what it asks about: a name ("Where is Ashby?") or a noun after an article ("Where
    is the market?"); the one whose words it asks for is no subject ("What did the mayor say?",
    "What does Ruiz think?")."""
    words = re.findall(r"[\w'’]+", question)
    if words and stem(words[-1]) in SAY_STEMS:  # "What did the mayor say?": the words before it name who said
        return False
    named = entities(question) | {stem(found.group(1)) for found in _DETERMINED.finditer(question)}
    return bool(named & set(content_stems(question)))


def rewrite(question: str, history: list[str]) -> str:
    """The search words for ``question``; a follow-up also gets the earlier questions' topic words, unless it
    names its own subject and points back at none ("And the Ashby marathon?" after a question on the food
    festival is about the marathon; "What did Ruiz say about it?" is still about the earlier topic)."""
    words = _content_words(question)
    if history and is_follow_up(question):
        seen = {stem(w) for w in words}
        if entities(question) and not points_back(question):
            return " ".join(words)  # it names its own subject: "And the Ashby marathon?" is about the marathon
        # "And what did the council say?" after "What did the mayor say about water rates?": another speaker on
        # the same topic; the earlier speaker is no word of it (the council's water post lacked "mayor")
        speaks = what_said(question) is not None
        for earlier in reversed(history[-3:]):
            said = what_said(earlier) if speaks else None
            # the time an earlier turn named is no topic word ("What about on December 3?" before "Who said it was
            # on time?": "Bus 12 was on time today", written on 3 Dec, lacks "December")
            # the side an earlier "Who is against it?" asked is no topic word: "Who supports it?" after it
            # searched "supports against bus lane" and quoted an opponent (review 15, R15-3)
            topic = stand_subject(earlier) or earlier
            for word in _content_words(said[1] if said and said[1] else without_time_words(topic)):
                if stem(word) not in seen:
                    seen.add(stem(word))
                    words.append(word)
    return " ".join(words)


def _content_words(text: str) -> list[str]:
    out: list[str] = []
    end = -1
    for token in tokens(text):
        low = token.lower
        if low in STOPWORDS or low.startswith(("http", "www.")) or not re.match(r"[\w@#]", token.text):
            continue
        if token.start == end and UNSPACED_CHAR.match(token.text) and UNSPACED_CHAR.match(out[-1][-1]):
            out[-1] += token.text  # a run of Chinese, Japanese or Thai is searched whole (the index splits it)
        else:
            out.append(token.text)
        end = token.end
    return out


def asks_about_now(question: str) -> bool:
    return bool(_NOW.search(question))


_BE_FORMS = frozenset({"is", "are", "was", "were", "s", "'s"})
_AUXILIARIES = _BE_FORMS | frozenset(
    "do does did will would can could should shall may might must has have had".split()
)
# nouns that ask for what posts tell rather than name a thing they tell of
_ASKING_NOUNS = frozenset(
    """news info information detail story situation status thing stuff opinion thought reaction rumor rumour
    fact truth problem issue matter topic subject consensus sentiment gossip incident development summary
    overview criticism complaint event outcome idea mood feeling anything something everything nothing
    latest word reason cause result response""".split()
)
_HOW_MUCH = (["many"], ["much"], ["long"], ["far"], ["big"], ["old"], ["often"])


def unheard_of(searcher, question: str) -> list[str]:
    """The things a question names that no post of the index mentions in any form: its words that the English
    lexicon knows only as nouns ("penguin", "zoo") and that no post holds, as a word or inside one (a hashtag,
    a handle). What no post mentions, no post tells of: "When does the penguin house open?" was answered
    "8:57." from "... doors open at 8:57." of a council debate (review 19, R19-A1). Names the lexicon lacks
    (a misspelt one, or one written otherwise in the posts) and words that are also verbs or adjectives ("lay",
    "hail", "good": "laid" and "hailing" may answer) are never counted unheard."""
    if not hasattr(searcher, "unheard"):
        return []
    # the kind of thing asked for is no thing the question names: "What percentage ...?" of "86%", "How many
    # kilometers ...?" of "40,000 km", "What is the controversial topic?" (TweetQA report questions)
    words = re.findall(r"[a-z']+", question.lower())
    kind: set[str] = set()
    if words[:1] in (["what"], ["which"], ["whose"]) or words[:1] == ["how"] and words[1:2] in _HOW_MUCH:
        if words[1:2] and words[1] in _BE_FORMS:  # "What is the controversial topic?"
            kind = set(words[2:6])
        else:  # "What time does the zoo open?": the words before the verb ("zoo" is a thing it names)
            for word in words[1:6]:
                if word in _AUXILIARIES:
                    break
                kind.add(word)
    nouns = []
    # a handle or a link of the question names an account or a post ("@wren@birds.example"), and a capitalised
    # word is part of a name ("American Airlines" is @AmericanAir): the search reads those as names
    for _, word in content_words(_LINK_OR_HANDLE.sub(" ", question)):
        if len(word) < 3 or not word.isalpha() or not word.isascii() or word[0].isupper() or word in kind:
            continue
        if word.rstrip("s") in _ASKING_NOUNS or word in _ASKING_NOUNS:
            continue  # "Any news about the water main?" asks what posts tell: none need write "news"
        kinds = lexicon_pos(word)
        if kinds and kinds <= {"NOUN", "PROPN"}:  # a noun only: not "good", "house", "lay"
            nouns.append(word)
    return searcher.unheard(list(dict.fromkeys(nouns))) if nouns else []


def search_query(text: str, operators: dict[str, str] | None = None, one_of: tuple[str, ...] = ()) -> str:
    """A query the index parses: ``text`` with operator characters taken out, plus scoping operators (and
    ``one_of``: words of which a post must have one, a name's handles).

    With operators the query is no longer natural language (its words would all be required), so the
    question's content words are joined with OR: the operators filter, the words rank. The query fits the
    index's ``max_query_length``: the operators are never cut, the question is cut to the room they leave
    (a long question is searched on its first words: it still gets an answer). ``SearchParameterError``
    when the operators do not parse, or leave no room for the question's first word.
    """
    from townsquare.errors import SearchParameterError
    from townsquare.limits import DEFAULT_LIMITS

    limit = DEFAULT_LIMITS.max_query_length
    text = _OPERATOR_CHARS.sub(" ", text).strip()
    scope = _scope(operators or {}, limit)
    if one_of:
        scope = f"{scope} ({' OR '.join(one_of)})".strip()
    if not scope:
        return _cut(text, limit)
    words = list(dict.fromkeys(w for w in re.findall(r"[\w#@]+", " ".join(_content_words(text))) if w.upper() != "OR"))
    room = limit - len(scope) - 1  # the space between the question and the operators
    if words and room < min(len(words[0]), _LONGEST_WORD):
        raise SearchParameterError(
            f"search parameters take {len(scope)} of the {limit} characters a search may have: no room is left "
            "for the question; give fewer or shorter ones",
            "search_parameters",
        )
    while len(" OR ".join(words)) + 2 > room and len(words) > 1:  # + 2: the parentheses
        words.pop()
    text = f"({' OR '.join(words)})" if len(words) > 1 else _cut(" ".join(words), room)
    return f"{text} {scope}".strip()


_PROFILE_LINK = re.compile(r"^(?:https?://)?(?:www\.)?[^/\s]+\.[a-z]{2,}/@?([\w.@-]+)/?$", re.IGNORECASE)
_LONGEST_WORD = 40  # the keyword index drops longer tokens (MAX_TOKEN_LEN): a longer "word" is a blob, cut to fit


def _scope(operators: dict[str, str], limit: int) -> str:
    """The operators as query text, several values of one key OR'ed; ``SearchParameterError`` if it cannot be."""
    from townsquare.errors import SearchParameterError

    scope = []
    for name, value in operators.items():
        if name not in SEARCH_OPERATORS:
            raise SearchParameterError(
                f"search parameters: {name!r} is not an operator; choose among {', '.join(SEARCH_OPERATORS)}",
                "search_parameters",
            )
        # several handles or languages are written as `build --lang en,de` takes them, or space separated;
        # a date is one value ("last week" is one wrong date, not two)
        if name in ("from", "lang"):
            values = str(value).replace(",", " ").split()
        elif name in ("since", "until"):
            values = [str(value).strip()]
            if not _is_day(values[0]):
                raise SearchParameterError(
                    f"search parameters: {name} {values[0]!r} is not a date; use YYYY-MM-DD", "search_parameters"
                )
        else:
            values = str(value).split()
        for n, item in enumerate(values):
            if name == "from" and (found := _PROFILE_LINK.match(item)):
                raise SearchParameterError(
                    f"search parameters: from takes handles, not links: give {found.group(1)!r}, not {item!r}",
                    "search_parameters",
                )
            if name == "url" and re.fullmatch(r"[^\s\"'()]+", item):
                # a link is a value, its "https:" too: quoted, as url:"https://example.org/a" is on X
                values[n] = f'"{item}"'
                continue
            # a Bluesky DID names an author (answers show one as "@did:plc:…" where no handle is known)
            did = name == "from" and is_did(item)
            if (":" in item and not did) or item[0] in "-+\"'(" or item.upper() in ("OR", "AND", "NOT"):
                raise SearchParameterError(
                    f"search parameters: {name} value {item!r} is an operator, not a value; give {name} values alone",
                    "search_parameters",
                )
        items = [f"{name}:{item}" for item in values]
        for item in items:  # the error names the value the client wrote, not the query built from all of them
            _parses(item, f"search parameters: {name} {item.partition(':')[2]!r}")
        # several values are alternatives ("from": "ana bob" is ana's posts or bob's), not all required
        scope.append(f"({' OR '.join(items)})" if len(items) > 1 else " ".join(items))
    text = " ".join(scope)
    if len(text) > limit:
        raise SearchParameterError(
            f"search parameters are {len(text)} characters as query operators, more than the {limit} a search "
            "may have; give fewer or shorter ones",
            "search_parameters",
        )
    if text:
        _parses(text, f"search parameters {text!r}")
    return text


def _parses(query: str, what: str) -> None:
    """``SearchParameterError`` naming ``what`` when the index cannot parse ``query``."""
    from townsquare.errors import SearchParameterError
    from townsquare.index import QuerySyntaxError, parse_query

    try:
        parse_query(query)
    except QuerySyntaxError as exc:
        raise SearchParameterError(f"{what}: {exc.message}", "search_parameters") from None


def _is_day(text: str) -> bool:
    """Whether ``text`` is a day as since:/until: take it: YYYY-MM-DD, a real date."""
    from datetime import date

    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(date.fromisoformat(text))
    except ValueError:
        return False


def _cut(text: str, room: int) -> str:
    """``text`` cut at a word to ``room`` characters, keeping a trailing "?" (an @handle would make a question
    without it an all-words-required query)."""
    if len(text) <= room:
        return text
    asked = text.endswith("?")
    room -= asked
    head = text[: room + 1]
    text = head.rsplit(" ", 1)[0] if " " in head else text[:room]
    return text + ("?" if asked and text else "")


# "@critic_sam", "@ana.bsky.social", "@ana@mastodon.social" in a question (not an e-mail address's "@host"); a
# Bluesky DID with or without its "@" ("@did:plc:u4lm…", as answers write an author who has no known handle)
_HANDLE = re.compile(rf"(?<![\w@/:]){AT_AUTHOR}({AUTHOR_NAME})", re.IGNORECASE)
_LINK = LINK
_LINK_OR_HANDLE = re.compile(f"{_LINK.pattern}|{_HANDLE.pattern}", re.IGNORECASE)


def named_authors(searcher, question: str) -> list[str]:
    """The @handles of ``question`` that are authors of posts in the index, lowercased, in order.

    A handle no author has stays a word of the question (a post may mention it)."""
    from townsquare.errors import SearchParameterError
    from townsquare.index import QuerySyntaxError

    found = []
    for handle in dict.fromkeys(h.lower() for h in _HANDLE.findall(_LINK.sub(" ", question))):
        try:
            page = searcher.search(f"from:{handle}", max_results=1, mode="keyword")
        except (QuerySyntaxError, SearchParameterError):
            continue  # not a handle the index can hold ("@a..b"): a word
        if page.posts:
            found.append(handle)
    return found


# a word that may be a handle written without its "@": "patrick_maness", "ColtSTaylor", "ana.bsky.social" (not
# a hashtag, a handle's or an address's part, nor a word's part after an apostrophe: "patrick_maness's" is his)
_BARE_WORD = re.compile(r"(?<![\w@#.'’/:-])[^\W\d_][\w.-]*(?<![.-])(?![\w@-])")


def with_author_handles(searcher, question: str) -> str:
    """``question`` with each word that is the handle of an author in the index, and no word of a post's text,
    written as that @handle: "When did patrick_maness get bumped?" asks about @patrick_maness, so their posts
    answer it (another author's "Maybe I'll get bumped ... on Friday" did). A word that posts hold as a word (not
    only as a mention) stays a word, whoever has it for a handle: "pilot" and "JetBlue" are also authors of the
    airline tweets, and "Did the pilot say anything?" asks about pilots."""
    from townsquare.errors import SearchParameterError
    from townsquare.index import QuerySyntaxError

    if not hasattr(searcher, "search"):
        return question
    # a link's words are none of the question's ("example.org/patrick_maness")
    words = list(_BARE_WORD.finditer(_LINK.sub(lambda m: " " * len(m.group(0)), question)))
    names: dict[str, bool] = {}
    for found in words:
        word = found.group(0)
        if word.lower() in STOPWORDS or word.lower() in names:
            continue
        try:
            names[word.lower()] = bool(
                searcher.search(f"from:{word}", max_results=1, mode="keyword").posts
                and not searcher.search(f"{word} -@{word}", max_results=1, mode="keyword").posts
            )
        except (QuerySyntaxError, SearchParameterError):
            names[word.lower()] = False  # no handle the index can hold ("a..b"): a word
    for found in reversed(words):
        if names.get(found.group(0).lower()):
            question = f"{question[: found.start()]}@{question[found.start() :]}"
    return question


def names_author(names: set[str] | list[str], handle: str) -> bool:
    """Whether one of ``names`` (lowercased, without "@") names the author ``handle``: the handle itself, or a bare
    name for an account of that name on any instance ("wren" for wren@birds.example), as ``from:`` matches."""
    handle = handle.lower().lstrip("@")
    return bool(handle) and any(handle == name or ("@" not in name and handle.startswith(f"{name}@")) for name in names)


def _name_of(handle: str) -> str:
    """An account's name without its instance or domain: "wren" of wren@birds.example, "lark" of lark.bsky.social."""
    return re.split(r"[@.]", handle, maxsplit=1)[0] or handle


def link_key(url: str) -> str:
    """A link as links are compared: no scheme, "www." or trailing punctuation, host in lower case, twitter.com
    as x.com ("https://www.Example.org/a/" and "example.org/a" are one link)."""
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip(), flags=re.IGNORECASE).rstrip("/.,;:!?)]}")
    host, _, path = url.partition("/")
    host = host.lower()
    host = "x.com" if host in ("twitter.com", "mobile.twitter.com", "mobile.x.com") else host
    return f"{host}/{path}" if path else host


def links_of(post: dict[str, Any]) -> set[str]:
    """The links a post holds: its own URI, its ``urls`` and the links written in its text."""
    held = [post.get("uri") or "", *(post.get("urls") or []), *_LINK.findall(post.get("text") or "")]
    return {link_key(url) for url in held if url}


def linked_posts(searcher, question: str, operators: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The posts a link of ``question`` is, or that hold it: a post's own link names it (its id is the link's
    last part: ``…/status/11`` is ``11``, a Mastodon ``…/@ana/9001`` is ``mastodon:9001``), and the posts
    holding it, in their text or only in ``urls`` (an X post's text holds its t.co form), are found with X's
    ``url:`` operator. ``operators`` (the caller's scope: ``from``, ``lang``, ...) hold as for any search: a
    post outside them is not found, its own link included."""
    from townsquare.index import QuerySyntaxError

    scope = search_query("", operators) if operators else ""
    out: dict[str, dict[str, Any]] = {}
    for key in dict.fromkeys(link_key(url) for url in _LINK.findall(question)):
        last = key.rsplit("/", 1)[-1]
        if "/" in key and last and not scope:
            for post_id in (last, *(f"{platform}:{last}" for platform in _ID_PLATFORMS)):
                post = searcher.get(post_id) if hasattr(searcher, "get") else None
                if post is not None and key in links_of(post):
                    out.setdefault(post["id"], post)
        words = " ".join(re.findall(r"[^\W_]+", key))
        if not words:
            continue
        try:
            found = searcher.search(f'url:"{words}" {scope}'.strip(), max_results=10, mode="keyword").posts
        except QuerySyntaxError:
            continue
        for post in found:
            if key in links_of(post):
                out.setdefault(post["id"], post)
    return list(out.values())


_ID_PLATFORMS = ("mastodon", "bluesky")  # index.build.api_id: X ids are bare, other platforms' name them


def gather(
    searcher,
    text: str,
    operators: dict[str, str] | None = None,
    depth: int = 30,
    start_time: datetime | None = None,
    end_time: datetime | None = None,
) -> tuple[str, list[dict[str, Any]], list[str]]:
    """``(query, posts, authors)`` for a question (or a follow-up's search words): what was searched, the
    posts found, best first, and the index's authors the question names by @handle.

    A named author's posts come first: those on the question's other words, or, where it has none ("What does
    @mayor_lena say?", "@critic_sam"), the author's newest; the plain search's posts follow (a post may
    mention the handle). Posts that hold a link of the question come before all; a question that is only
    links gets only them. ``start_time``/``end_time``: the window the question's time words name (a link
    names its post whenever it was written).
    """
    query = search_query(text, operators)
    posts = retrieve(searcher, query, depth, start_time=start_time, end_time=end_time) if query.strip() else []
    scoped = (operators or {}).get("from")
    authors = [h.lstrip("@").lower() for h in scoped.split()] if scoped else named_authors(searcher, text)
    if scoped and not posts:
        # the scope names the authors ("What did the police say?" from:fh_police): where none of their posts has
        # the question's words, their newest are the posts asked for (it abstained and listed nothing)
        posts = retrieve(
            searcher, search_query("", operators), depth, newest=True, start_time=start_time, end_time=end_time
        )
    elif authors:
        # the question less their handles (a link keeps its "/@name/")
        topic = _LINK_OR_HANDLE.sub(lambda m: " " if (m.group(1) or "").lower() in authors else m.group(0), text)
        scope = {**(operators or {}), "from": " ".join(authors)}
        query = search_query(topic if content_stems(topic) else "", scope)
        own = retrieve(
            searcher, query, depth, newest=not content_stems(topic), start_time=start_time, end_time=end_time
        )
        if not own and content_stems(topic):  # nothing of theirs on it: their newest are the closest posts
            own = retrieve(
                searcher, search_query("", scope), depth, newest=True, start_time=start_time, end_time=end_time
            )
        posts = own + posts
    for name, handles in named_handles(searcher, text).items():
        # "Southwest" of the question is also @SouthwestAir: the posts addressed to it by its handle alone (most
        # of them) on the question's other words, else the newest, take turns with those found by the words
        rest = _without_name(text, name)
        query_of = search_query(rest if content_stems(rest) else "", operators, one_of=tuple(handles))
        addressed = retrieve(
            searcher, query_of, depth, newest=not content_stems(rest), start_time=start_time, end_time=end_time
        )
        if not addressed and content_stems(rest):
            addressed = retrieve(
                searcher,
                search_query("", operators, one_of=tuple(handles)),
                depth,
                newest=True,
                start_time=start_time,
                end_time=end_time,
            )
        posts = _alternate(posts, addressed)
    if _LINK.search(text):
        linked = linked_posts(searcher, text, operators)
        # a question that is only links asks for the posts that hold them: no others (none: nothing answers)
        posts = linked if not content_stems(_LINK.sub(" ", text)) else linked + posts
    unique: dict[str, dict[str, Any]] = {}
    for post in posts:
        unique.setdefault(post["id"], post)  # each post at its first place
    return query, list(unique.values()), authors


def _without_name(text: str, name: tuple[str, ...]) -> str:
    """``text`` less the words of ``name`` (and a possessive of its last): its other words."""
    pattern = r"[ ]+".join(re.escape(word) for word in name)
    return re.sub(rf"(?<![\w@#]){pattern}(?:['’]s?)?(?!\w)", " ", text)


def _alternate(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The posts of two searches taking turns, ``first``'s first (a post of both at its first place)."""
    out: list[dict[str, Any]] = []
    for pair in zip_longest(first, second):
        out += [post for post in pair if post is not None]
    return out


_TELLS_AHEAD = timedelta(days=7)  # "on Saturday", "in 3 days": how far before a day a post may tell of it


def told_before(
    searcher, text: str, operators: dict[str, str] | None, depth: int, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """The posts of the week before ``start`` that tell of a day in ``start``..``end`` by a word of time ("the
    bridge reopens tomorrow" in a post of 4 Dec is of 5 Dec; ``resolve_day``), best first."""
    if start - datetime.min.replace(tzinfo=start.tzinfo) < _TELLS_AHEAD:
        return []  # "on 0001-01-01": no week before it
    _, posts, _ = gather(searcher, text, operators, depth, start_time=start - _TELLS_AHEAD, end_time=start)
    return [
        post
        for post in posts
        if (written := parse_time(post.get("created_at"))) is not None
        and (day := resolve_day(post.get("text") or "", written)) is not None
        and start.date() <= day.date() < end.date()
    ]


CANDIDATE_DEPTH = 150  # ranking depth per list: the head is all the assistant reads (500 cost 30% more, same answers)


@dataclass
class Window:
    """The time a question names ("yesterday", "last week") as a search window."""

    start: datetime
    end: datetime
    label: str  # "yesterday (5 Dec 2026)"
    rest: str  # the question without those words (they are no words a post need have)
    phrase: str = ""  # "yesterday"
    span: str = ""  # "5 Dec 2026", "23 Nov 2026 to 29 Nov 2026"
    # a month or day named ("in December", "on Dec 3rd"): where no post written in it answers, posts of other
    # days may tell of it
    soft: bool = False


_MONTH_NAMES = MONTHS[:12]  # january ... december
_MONTH_SHORT = "|".join(sorted(MONTHS, key=len, reverse=True))  # and jan, feb, ..., sept
_DAY_NAMES = WEEKDAYS
_HOW_MANY = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple of|a"
_WINDOW = re.compile(
    # "since Wednesday", "since last week": from that time up to now
    r"\b(?P<since>since )?(?:(?:the )?day before yesterday|yesterday|"
    r"this (?:morning|afternoon|evening|weekend|week|month|year)|"
    r"last (?:night|weekend|week|month|year)|"
    # "last Monday"; a weekday alone is a window only after "since" (``_found_windows``)
    rf"(?P<last>last )?(?P<weekday>{'|'.join(_DAY_NAMES)})|"
    r"(?P<weekend>(?:over|during) the weekend)|"
    rf"(?:(?:in|over|during) )?(?:the )?(?:past|last) (?:(?P<n>{_HOW_MANY}) )?(?P<unit>days?|weeks?|hours?)|"
    rf"(?:in|during) (?P<month>{'|'.join(_MONTH_NAMES)})(?!\s*\d)|"
    r"(?:on )?(?P<iso>\d{4}-\d{2}-\d{2})|"
    # "on Dec 3rd", "on 3 December", "on the 3rd of December", "5 December 2026", "on Dec 5, 2026" (a day
    # without "on" or a year is no window: "the 3 Dec vote")
    rf"(?P<on>on )?(?:(?P<day_month>{_MONTH_SHORT})\.? (?P<month_day>\d{{1,2}})(?:st|nd|rd|th)?|"
    rf"(?:the )?(?P<day>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<of_month>{_MONTH_SHORT})\.?)"
    r"(?:,? (?P<year>\d{4}))?(?!,?\s*\d))\b",
    re.IGNORECASE,
)
_PARTS_OF_TODAY = {"this morning": (0, 12), "this afternoon": (12, 18), "this evening": (18, 24)}


def names_a_time(question: str) -> bool:
    return _found_window(question) is not None


def _found_windows(question: str) -> list[re.Match[str]]:
    """The time words of ``question`` that name windows, in order."""
    return [
        found
        for found in _WINDOW.finditer(question)
        # "in may" is a verb; "last days" no window ("the past week" is one)
        if "may" not in (found.group("month"), found.group("day_month"), found.group("of_month"))
        and not (found.group("unit") and found.group("n") is None and "the" not in found.group(0).lower().split())
        # "on Friday" may be the Friday to come: a weekday alone is a window after "since" or "last" only
        and not (found.group("weekday") and not found.group("since") and not found.group("last"))
        and not (
            (found.group("day_month") or found.group("of_month"))
            and not (found.group("on") or found.group("since") or found.group("year"))
        )
    ]


def _found_window(question: str) -> re.Match[str] | None:
    return next(iter(_found_windows(question)), None)


def _month_of(name: str) -> int:
    return [m[:3] for m in _MONTH_NAMES].index(name.lower()[:3]) + 1


def _months_before(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    return moment.replace(year=year, month=month + 1, day=1)


def time_window(question: str, clock: datetime | None = None) -> Window | None:
    """The window of post times a question's relative time words name, counted from ``clock`` (default: now,
    UTC): "yesterday", "the day before yesterday", "last night", "this morning/afternoon/evening", "this/last
    weekend", "over the weekend" (the last one begun), "last Monday", "this/last week" (weeks from Monday),
    "this/last month", "this/last year", "in the past 3 days" (or "two weeks", "the past week"), "in December"
    and "on Dec 3rd" (of ``clock``'s year, up to it), "on 5 Dec 2019", "2019-12-05"; "since" any of them or a
    weekday ("since Wednesday") is from its start up to ``clock``. None where it names none, or an empty one ("in
    the past 0 days"), or a month or day after ``clock`` (posts before it tell of it), or no day ("on 31
    April"). "today", "now" and "latest" rank newer posts first instead (``asks_about_now``); "in 2019" stays a
    word, since a post of 2026 may tell of 2019; a month or a day is a soft window (``Window.soft``): where no
    post written in it answers, posts of other days may tell of it (so of 5 Dec 2019)."""
    now = clock or datetime.now(UTC)
    # "this year and last year": the time from the first window's start to the last one's end
    windows = [w for found in _found_windows(question) if (w := _window(found, now)) is not None]
    if not windows:
        return None
    start, end = min(w[0] for w in windows), max(w[1] for w in windows)
    phrase = " and ".join(dict.fromkeys(w[2] for w in windows))
    soft = all(w[3] for w in windows)
    last = end - timedelta(seconds=1)
    span = day_label(start) if day_label(start) == day_label(last) else f"{day_label(start)} to {day_label(last)}"
    return Window(start, end, f"{phrase} ({span})", without_time_words(question), phrase, span, soft)


def _window(found: re.Match[str], now: datetime) -> tuple[datetime, datetime, str, bool] | None:
    """``(start, end, phrase, soft)`` of one window's words, counted from ``now``; None where it is none."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday())
    since = bool(found.group("since"))
    phrase = found.group(0).lower().removeprefix("since ")
    soft = False
    if found.group("unit"):
        many = (found.group("n") or "1").lower()
        n = int(many) if many.isdigit() else count_value(many.split()[-1] if many != "a couple of" else "couple")
        if not n:
            return None  # "in the past 0 days": no window
        unit = found.group("unit").lower().rstrip("s")
        start = now - n * {"day": timedelta(days=1), "week": timedelta(weeks=1), "hour": timedelta(hours=1)}[unit]
        end = now
    elif found.group("weekday"):  # the last one before today ("since Wednesday", "last Monday")
        back = (today.weekday() - _DAY_NAMES.index(found.group("weekday").lower())) % 7 or 7
        start = today - timedelta(days=back)
        end = start + timedelta(days=1)
        phrase = phrase.replace(phrase.split()[-1], phrase.split()[-1].capitalize())
    elif found.group("weekend"):  # "over the weekend": the last one begun (this one, asked on a weekend)
        saturday = monday + timedelta(days=5)
        start = saturday if today >= saturday else saturday - timedelta(weeks=1)
        end, phrase = start + timedelta(days=2), "the weekend"
    elif found.group("month"):
        month = _month_of(found.group("month"))
        if month > today.month:
            return None  # a month to come (or a year ago): posts before it tell of it, so it stays a word
        start = today.replace(month=month, day=1)
        end = min(_months_before(start, -1), today + timedelta(days=1))
        phrase, soft = found.group("month").capitalize(), True  # "No public post here from December (...)"
    elif found.group("iso") or found.group("day_month") or found.group("of_month"):
        # a day named: of the year it names, else of ``now``'s ("on Dec 3rd"); "on 31 April" is none
        year, month, day = (
            map(int, found.group("iso").split("-"))
            if found.group("iso")
            else (
                int(found.group("year") or today.year),
                _month_of(found.group("day_month") or found.group("of_month")),
                int(found.group("month_day") or found.group("day")),
            )
        )
        try:
            start = today.replace(year=year, month=month, day=day)
        except ValueError:
            return None
        if start > today:
            return None  # a day to come: posts before it tell of it
        end = start + timedelta(days=1)
        phrase, soft = re.sub(r"^on ", "", found.group(0).removeprefix(found.group("since") or "")), True  # "Dec 3rd"
    elif phrase in _PARTS_OF_TODAY:
        first, last = _PARTS_OF_TODAY[phrase]
        start, end = today + timedelta(hours=first), today + timedelta(hours=last)
    else:
        first = today.replace(day=1)
        previous_month = (first - timedelta(days=1)).replace(day=1)
        # a weekend is Saturday and Sunday; asked on a weekday, "this weekend" is the one to come, and the
        # posts about it are this week's
        saturday = monday + timedelta(days=5)
        start, end = {
            "yesterday": (today - timedelta(days=1), today),
            "day before yesterday": (today - timedelta(days=2), today - timedelta(days=1)),
            "the day before yesterday": (today - timedelta(days=2), today - timedelta(days=1)),
            "last night": (today - timedelta(hours=6), today + timedelta(hours=6)),
            "this weekend": (saturday if today >= saturday else monday, monday + timedelta(weeks=1)),
            "last weekend": (saturday - timedelta(weeks=1), monday),
            "this week": (monday, today + timedelta(days=1)),
            "last week": (monday - timedelta(weeks=1), monday),
            "this month": (first, today + timedelta(days=1)),
            "last month": (previous_month, first),
            "this year": (today.replace(month=1, day=1), today + timedelta(days=1)),
            "last year": (today.replace(year=today.year - 1, month=1, day=1), today.replace(month=1, day=1)),
        }[phrase]
    if since:  # "since Wednesday": from its start up to now
        end, phrase = max(end, today + timedelta(days=1)), f"since {phrase}"
    return start, end, phrase, soft


# a time told from an earlier turn's: "the day after", "the next day", "two days later", "the week before", "the
# previous month"; not one told from its own ("the day after the storm", "the day before yesterday")
_SHIFT = re.compile(
    rf"\b(?:(?:the|a|(?P<n>{_HOW_MANY}))\s+(?P<unit>days?|weeks?|months?)\s+(?P<way>after|before|later|earlier)|"
    r"the\s+(?P<order>next|following|previous|preceding)\s+(?P<next_unit>day|week|month))(?=\s*(?:[?.!,]|$))",
    re.IGNORECASE,
)


def moves_time(question: str) -> bool:
    """Whether ``question`` tells a time from an earlier turn's ("And the day after?", "the week before")."""
    return _SHIFT.search(question) is not None


def shifted_window(window: Window, question: str) -> Window | None:
    """The time ``question`` tells from ``window`` ("And the day after?", "What about the week before?"): as
    long as its unit, right after the window's end or before its start (the day after Feb 22 is 23 Feb, the
    week before it 15-21 Feb; "two days later", the second day after; a month is a calendar month, from the
    window's first); its phrase says so ("the day after Feb 22") and its ``rest`` is the question without those
    words. None where the question tells none. A moved window is no soft one: it is the time asked for, not one
    that posts of other days may tell of."""
    found = _SHIFT.search(question)
    if found is None:
        return None
    many = (found.group("n") or "1").lower()
    n = int(many) if many.isdigit() else count_value(many.split()[-1] if many != "a couple of" else "couple")
    if not n:
        return None
    way = (found.group("way") or found.group("order")).lower()
    later = way in ("after", "later", "next", "following")
    unit = (found.group("unit") or found.group("next_unit")).lower().rstrip("s")
    if unit == "month":
        start = _months_before(window.start, -n if later else n)
        end = _months_before(start, -1)
    else:
        step = timedelta(days=1) if unit == "day" else timedelta(weeks=1)
        start = window.end + (n - 1) * step if later else window.start - n * step
        end = start + step
    last = end - timedelta(seconds=1)
    span = day_label(start) if day_label(start) == day_label(last) else f"{day_label(start)} to {day_label(last)}"
    counted = "the" if n == 1 else many
    phrase = f"{counted} {unit}{'s' if n > 1 else ''} {'after' if later else 'before'} {window.phrase}"
    return Window(start, end, f"{phrase} ({span})", without_moved_time(question), phrase, span)


def without_moved_time(question: str) -> str:
    """``question`` without the words that tell a time from an earlier turn's ("And the day after?": "And?")."""
    rest = _SHIFT.sub("", question)
    return re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s{2,}", " ", rest)).strip() if rest != question else question


def without_time_words(question: str, empty_only: bool = False) -> str:
    """``question`` without the words of the window it names ("What happened in the past 0 days?": "What
    happened?"), which are no words a post need have; ``empty_only``: only those of a window of no time (a
    month to come is no window, and stays words)."""
    rest = question
    for found in reversed(_found_windows(question)):
        if not empty_only or found.group("unit"):
            rest = rest[: found.start()] + rest[found.end() :]
    if rest == question:
        return question
    rest = re.sub(r"\b(?:and|or)\s*(?=[?.!,]|$)", "", rest.strip())  # "this year and last year"
    return re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s{2,}", " ", rest)).strip()


def retrieve(
    searcher, query: str, results: int = 30, start_time=None, end_time=None, newest: bool = False
) -> list[dict[str, Any]]:
    """Hybrid search (``newest``: the newest posts that match); a query the parser refuses is retried with its
    content words only."""
    from townsquare.index import QuerySyntaxError

    def run(text: str) -> list[dict[str, Any]]:
        if newest:
            return searcher.search(
                text, max_results=results, start_time=start_time, end_time=end_time, sort_order="recency"
            ).posts
        return searcher.search(
            text, max_results=results, start_time=start_time, end_time=end_time, depth=CANDIDATE_DEPTH
        ).posts

    try:
        return run(query)
    except QuerySyntaxError:
        plain = " ".join(w for w in re.findall(r"[\w#@]+", query) if w.upper() != "OR")
        return run(plain) if plain else []


def coverage(
    question_stems: list[str] | tuple[str, ...],
    weights: dict[str, float],
    post_text: str,
    extra: frozenset[str] = frozenset(),
) -> float:
    """IDF-weighted share of the question's content stems that appear in the post (or in ``extra``: what
    the post holds besides its text, ``post_extra``)."""
    if not question_stems:
        return 0.0
    have = set(content_stems(post_text)) | extra
    # a handle in the post (the signature "(@name)") also counts as the name written out
    have |= word_stems(post_text)
    have |= handle_stems(question_stems, post_text)  # "@SouthwestAir" has the "southwest" of the question
    have = with_kin(have)  # "Hungary" has the "Hungarian" of the question
    total = sum(weights.get(s, 1.0) for s in set(question_stems))
    return sum(weights.get(s, 1.0) for s in set(question_stems) if s in have) / total


def says_all(stems: set[str] | frozenset[str], text: str) -> bool:
    """Whether ``text`` has every one of ``stems`` (the names a question names: "Harbor", "Road"); True for
    none."""
    return not stems or coverage(sorted(stems), {}, text) == 1.0


def links_in(text: str) -> set[str]:
    """The links written in ``text``, as ``link_key`` compares them."""
    return {link_key(url) for url in _LINK.findall(text)}


@lru_cache(maxsize=1 << 12)
def word_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in re.findall(r"[A-Za-z]+", fold(text)))


def stem_weights(question: str, searcher=None, posts: list[dict[str, Any]] | None = None) -> dict[str, float]:
    """Rarer words weigh more: log(1 + N / (1 + df)), df over the whole index (else over ``posts``)."""
    words: dict[str, str] = {}
    for unit, word in content_words(question):
        words.setdefault(unit, word)
    if searcher is not None and hasattr(searcher, "word_frequencies"):
        df, n = searcher.word_frequencies(list(words.values()))
        return {s: math.log1p(n / (1 + df[w])) for s, w in words.items()}
    posts = posts or []
    n = max(len(posts), 1)
    counts = {s: 0 for s in words}
    for post in posts:
        have = set(content_stems(post.get("text") or ""))
        for s in counts:
            counts[s] += s in have
    return {s: math.log1p(n / (1 + d)) for s, d in counts.items()}


FEATURES = (
    "bias",
    "coverage",
    "plain_coverage",
    "bigram_coverage",
    "name_coverage",
    "rarest_present",
    "inverse_rank",
    "log_rank",
    "question_words",
    "post_words",
    "missing_weight",
)
MATCH_WEIGHTS_FILE = "match_weights.json"


def match_features(
    qstems: tuple[str, ...],
    weights: dict[str, float],
    names: set[str],
    text: str,
    rank: int,
    extra: frozenset[str] = frozenset(),
) -> list[float]:
    """How well one post matches the question; the match model weighs these (order: ``FEATURES``)."""
    post_stems = content_stems(text)
    have = set(post_stems) | word_stems(text) | extra
    unique = set(qstems)
    cover = coverage(qstems, weights, text, extra)
    plain = sum(s in have for s in unique) / max(len(unique), 1)
    pairs = [(a, b) for a, b in zip(qstems, qstems[1:]) if a != b]
    positions: dict[str, list[int]] = {}
    for i, s in enumerate(post_stems):
        positions.setdefault(s, []).append(i)
    adjacent = sum(any(0 < j - i <= 2 for i in positions.get(a, ()) for j in positions.get(b, ())) for a, b in pairs)
    bigram = adjacent / len(pairs) if pairs else plain
    name_cover = sum(n in have for n in names) / len(names) if names else 1.0
    # among equally rare words the question's first (over a set, the pick changed with the process's hash seed:
    # "Did @oldtimer like the skate park?" answered in some runs and abstained in others)
    rarest = max(dict.fromkeys(qstems), key=lambda s: weights.get(s, 0.0), default=None)
    missing = max((weights.get(s, 0.0) for s in unique if s not in have), default=0.0)
    return [
        1.0,
        cover,
        plain,
        bigram,
        name_cover,
        float(rarest in have) if rarest else 0.0,
        1 / (1 + rank),
        math.log1p(rank),
        min(len(unique), 12) / 10,
        min(len(post_stems), 40) / 30,
        missing / 10,
    ]


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    import json
    from importlib import resources

    raw = json.loads(resources.files("townsquare.assistant").joinpath(MATCH_WEIGHTS_FILE).read_text("utf-8"))
    if raw["features"] != list(FEATURES):
        raise ValueError(f"{MATCH_WEIGHTS_FILE} was fitted on other features: {raw['features']}")
    return raw


def match_weights() -> tuple[list[float], float]:
    """The match model shipped with the package: (weights, the on-topic floor on a post's coverage)."""
    raw = _shipped()
    return raw["weights"], raw["answer_threshold"]


def answer_model() -> tuple[list[str], list[float], float]:
    """The answerability model shipped with the package: (features, weights, threshold on its probability)."""
    raw = _shipped()["answer_model"]
    return raw["features"], raw["weights"], raw["threshold"]


def match_probability(features: list[float], weights: list[float]) -> float:
    z = sum(f * w for f, w in zip(features, weights))
    return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))


def select(
    question: str,
    posts: list[dict[str, Any]],
    limit: int = 8,
    per_author: int = 2,
    now: bool = False,
    clock: datetime | None = None,
    searcher=None,
    authors: list[str] | tuple[str, ...] = (),
) -> tuple[list[Evidence], list[Evidence]]:
    """``(evidence, set_aside)``: the posts worth citing, best first, and those held back as instructions.

    ``searcher`` gives index-wide word weights (without it, weights come from ``posts`` alone). ``authors``:
    the handles of the question that name authors (``gather``): a post of theirs has the handle (it is signed
    with it), and is not held to ``per_author`` (the question asks for their posts). A link in the question is
    one of its words, which the post that holds it has (``links_of``).
    """
    scoped = {handle.lower() for handle in authors}
    if now:
        # "Is the pool still closed?" is matched as "Is the pool closed?": "still" is no word a post of its state
        # need have ("open again from today" was ranked out, R17-28)
        question = without_aspect_words(question)
    # a named author's handle is one word of the question, the account's name: "@wren@birds.example" and
    # "@lark.bsky.social" are "wren" and "lark" (their posts are signed so), not also "birds", "bsky", "social"
    question = _HANDLE.sub(
        lambda m: f"@{_name_of(m.group(1))}" if m.group(1).lower() in scoped else m.group(0), question
    )
    weights = stem_weights(question, searcher, posts)
    links = tuple(dict.fromkeys(f"link:{link_key(url)}" for url in _LINK.findall(question)))
    # a link names one post: it weighs as the question's rarest word
    weights |= dict.fromkeys(links, max([*weights.values(), 1.0]))
    qstems = content_stems(question) + links
    names = {stem(n) for n in entities(question)} | {s for s in qstems if re.fullmatch(r"\d+", s)}
    model, _ = match_weights()
    scored, set_aside = [], []
    newest = _newest([p for p in posts if not instructs_a_model(p.get("text") or "")], clock)
    rank = 0
    for position, post in enumerate(posts):
        text = post.get("text") or ""
        if instructs_a_model(text):
            # data, never instructions: held back before it can take a rank another post would have had
            set_aside.append(Evidence(post, position, 0.0, 0.0, flags=["instructions"]))
            continue
        # a post addressed to @SouthwestAir has the "Southwest" of the question (``handles``)
        extra = post_extra(post, scoped, bool(links)) | handle_stems(qstems, text)
        features = match_features(qstems, weights, names, text, rank, extra)
        probability = match_probability(features, model)
        evidence = Evidence(post, rank, features[1], probability, probability, features=features)
        rank += 1
        if now:
            evidence.relevance += 0.25 * _freshness(post, newest)
        scored.append(evidence)
    scored.sort(key=lambda e: (-e.relevance, e.rank))
    kept: list[Evidence] = []
    shingles: list[set[str]] = []
    kept_by: dict[str, int] = {}
    for evidence in scored:
        if len(kept) >= limit:
            break
        if kept_by.get(evidence.author_key, 0) >= per_author and not names_author(scoped, evidence.author):
            continue
        grams = _shingles(evidence.text)
        if any(_jaccard(grams, other) >= 0.8 for other in shingles):
            continue  # a near-copy of a post already kept (the index collapses most; reposts with a prefix remain)
        shingles.append(grams)
        kept_by[evidence.author_key] = kept_by.get(evidence.author_key, 0) + 1
        kept.append(evidence)
    return kept, set_aside


def post_extra(post: dict[str, Any], authors: set[str], links: bool) -> frozenset[str]:
    """What a post holds besides its text's words: its author's handle where the question names that author,
    and (``links``: the question has a link) the links it holds, as ``select`` writes them."""
    extra = set()
    author = (post.get("author_handle") or post.get("author_id") or "").lower().lstrip("@")
    for name in authors:
        if names_author({name}, author):
            extra.add(stem(_name_of(name)))  # as ``select`` reads the question's handle
    if links:
        extra |= {f"link:{key}" for key in links_of(post)}
    return frozenset(extra)


def _shingles(text: str) -> set[str]:
    squeezed = re.sub(r"https?://\S+|@\w+|\W+", "", text.lower())
    return {squeezed[i : i + 5] for i in range(max(len(squeezed) - 4, 1))}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def written_at(post: dict[str, Any], clock: datetime | None = None) -> datetime | None:
    """When ``post`` was written; None where unknown or dated after ``clock`` (default: now) by more than a
    day: a wrong clock or a forged export is no newest post."""
    when = parse_time(post.get("created_at"))
    if when is None or when - (clock or datetime.now(UTC)) > _TOLERANCE:
        return None
    return when


def dated_later(post: dict[str, Any], clock: datetime | None = None) -> datetime | None:
    """The date of a post dated after ``clock`` (default: now), else None."""
    when = parse_time(post.get("created_at"))
    return when if when is not None and written_at(post, clock) is None else None


_TOLERANCE = timedelta(days=1)


def _newest(posts: list[dict[str, Any]], clock: datetime | None) -> datetime:
    stamps = [t for t in (written_at(p, clock) for p in posts) if t is not None]
    return clock or (max(stamps) if stamps else datetime.now(UTC))


def _freshness(post: dict[str, Any], newest: datetime) -> float:
    """1 for the newest post, halving every 2 days before it; 0 for a post dated in the future."""
    when = written_at(post)
    if when is None:
        return 0.0
    age_days = max((newest - when).total_seconds(), 0.0) / 86400
    return 0.5 ** (age_days / 2)
