"""Replies: "Who replied to the mayor?", "Who agreed with the police about the crash?".

Such a question is answered by the posts that reply to the person's posts, read from
the posts' ``reply_to`` (the index stores the id of the post replied to), not by a
span of a post about the person ("Ko." of "Mayor Ko" was the answer to "Who replied
to the mayor?"). A post without ``reply_to`` that opens with a mention ("@user
Agreed, four injured ...", the corpus writes ``@user`` where a handle was) reads as a
reply to the person's post it shares most words with. ``attach_parents`` gives each
evidence post the post it replies to; the composer (``compose.who_replied``) names
the repliers and cites each reply with the post it answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from townsquare.assistant.injection import instructs_a_model
from townsquare.assistant.text import (
    HOW_MANY_WHO,
    NOT_SPEAKERS,
    STOPWORDS,
    content_stems,
    doubted,
    drop_opener,
    stem,
    tokens,
    without_earlier_words,
)

# what a reply verb asks of the reply, by its lemma: "agreed with" an agreeing one, "disagreed with" or
# "contradicted" a disagreeing one; "replied to", "answered", "reacted to" any
_STANCES = {"agree": "agree", "disagree": "disagree", "contradict": "disagree"}
# "Who replied to the mayor about the bridge?", "Who agreed with @police_p?", "Who answered the mayor?" (and "How many
# people replied to the mayor?"); "agreed" only with "with" ("Who has agreed to join Arsenal?" is no reply), "replied"
# only with "to"
_WHO_REPLIED = re.compile(
    rf"^(?:who|{HOW_MANY_WHO})\s+(?:has\s+|have\s+|first\s+|else\s+)?(?P<verb>(?:replied|replies|reply|responded|responds|respond|"
    r"reacted|reacts|react)\s+to|(?:agreed|agrees|agree|disagreed|disagrees|disagree)\s+with|answered|answers|"
    r"answer|contradicted|contradicts|quoted|quotes|quote|quote[- ]tweeted|quote[- ]posted)\s+"
    r"(?P<whom>(?:@[\w.-]+|[^?,]+?))"
    r"(?:\s+(?:about|on|over|regarding|concerning|when|after|that)\s+(?P<topic>[^?]+))?\s*[?.!]*$"
)
# words that name no one: "Who agreed with that?" asks who agreed with the earlier claim (``disagrees``)
_NOT_WHOM = frozenset("it that this them him her those these what everyone anyone people".split())
# "responded to the fire", "reacted to the news": no person, so no reply need answer them
_MAY_BE_EVENTS = frozenset({"respond", "react"})  # lemmas
# how a reply opens when it agrees ("Agreed, four injured ...", "Exactly.", "+1", "Yes, ...", "Well said")
_AGREES = re.compile(
    r"^(?:agreed|i agree|agree|exactly|absolutely|yes|yep|yeah|true|so true|correct|right|spot on|well said|"
    r"this|same|\+1|indeed|100%|confirmed|can confirm)\b",
    re.IGNORECASE,
)
_DISAGREES = re.compile(
    r"^(?:no|nope|wrong|false|untrue|rubbish|nonsense|nah|not true|that'?s not true|that is not true|"
    r"i disagree|disagree|fake news|lies|a lie|that'?s a lie|bs|bull)\b",
    re.IGNORECASE,
)
# "the mayor's post": the person is the mayor ("'s post", "'s tweet" name what of theirs was answered)
_THEIR_POST = re.compile(
    r"\s*['’]s?\s+(?:\w+\s+)?(?:posts?|tweets?|toots?|skeets?|status|statuses|messages?|updates?)$"
)
LEADING_MENTIONS = re.compile(r"^(?:\s*@[\w.-]+[:,]?)+\s*")


def leading_handles(text: str) -> list[str]:
    """The handles ``text`` is addressed to (its mentions before its first word), lower case, without "@" and a
    final "." or "-" ("@united. I was ..." is to "united")."""
    lead = LEADING_MENTIONS.match(text)
    return [h.rstrip(".-") for h in re.findall(r"@([\w.-]+)", lead.group(0).lower())] if lead else []


@dataclass(frozen=True)
class ReplyQuestion:
    """A question asking who replied to (agreed, disagreed with) someone."""

    verb: str  # "replied", "agreed"
    whom: str  # "the mayor", "@mayor_ko"
    topic: str  # "the Ashby bridge", or "" where the question names none
    stance: str | None  # "agree", "disagree", or None: any reply
    via: str = "reply_to"  # the field that points at the person's post: "quote_of" for "Who quoted the mayor?"

    @property
    def handle_words(self) -> list[str]:
        """The words an author's handle must hold to be the person asked about ("mayor" of "the mayor")."""
        if self.whom.startswith("@"):
            return [self.whom.lstrip("@").lower()]
        return [t.lower for t in tokens(self.whom) if t.lower not in STOPWORDS and t.text[:1].isalnum()]

    @property
    def may_be_event(self) -> bool:
        """Whether the question may ask for a responder, not a reply ("Who responded to the fire?")."""
        return stem(self.verb) in _MAY_BE_EVENTS


def reply_question(question: str) -> ReplyQuestion | None:
    """The ``ReplyQuestion`` of "Who replied to the mayor about the Ashby bridge?", else None."""
    own = without_earlier_words(question).strip()
    bare = drop_opener(own)
    found = _WHO_REPLIED.match(bare.lower())
    if not found:
        return None
    start, end = found.span("whom")
    whom = _THEIR_POST.sub("", bare[start:end].strip())
    if not [w for w in content_stems(whom) if w not in _NOT_WHOM] or whom.lower() in _NOT_WHOM:
        return None  # "Who agreed with that?": no one named
    topic = bare[found.start("topic") : found.end("topic")].strip() if found.group("topic") else ""
    if not topic and own != question:
        topic = question[len(own) :].strip(" ()")  # a follow-up: the earlier turns' topic
    verb = found.group("verb").split()[0]
    # "Who quoted the mayor?" asks for the posts that quote theirs (``quote_of``), not those that reply
    via = "quote_of" if verb.startswith("quot") else "reply_to"
    return ReplyQuestion(verb, whom, topic, _STANCES.get(stem(verb)), via)


def is_whom(handle: str, question: ReplyQuestion) -> bool:
    """Whether ``handle`` is the person asked about: it holds each of their words ("mayor_ko" of "the mayor",
    "police_p" of "the police")."""
    handle = handle.lower().lstrip("@")
    words = question.handle_words
    return bool(words) and all(w in handle or stem(w) in handle for w in words)


def opening(text: str) -> str:
    """A reply's first clause, its leading mentions left out ("Agreed" of "@user Agreed, four injured ...")."""
    rest = LEADING_MENTIONS.sub("", text)
    return re.split(r"[,.;:!?—–]|\s-\s", rest, maxsplit=1)[0].strip()


def stance_of(text: str) -> str | None:
    """How a reply opens: "agree" ("Agreed, ..."), "disagree" ("That's not true, ...") or None."""
    first = opening(text)
    if _DISAGREES.match(first) or doubted(first, negated=True):
        return "disagree"
    if _AGREES.match(first):
        return "agree"
    return None


# a reply that says it agrees or disagrees in so many words ("Agreed with the council, ...", "Disagree. 6% is too
# much", "I don't agree"): a view of what the post it answers says, where "No, it opens Sunday" corrects a fact
_AGREEMENT = re.compile(
    r"^(?:i\s+|we\s+)?(?:(?P<not>don'?t|do not|can'?t|cannot)\s+)?(?:(?:fully|totally|completely|strongly|"
    r"wholeheartedly|entirely|so|100%)\s+)?(?P<dis>dis)?agree(?:d|s)?\b",
    re.IGNORECASE,
)


def agreement(text: str) -> int:
    """+1 where a reply opens saying it agrees ("Agreed, ...", "I fully agree"), -1 where it says it disagrees
    ("Disagree.", "I don't agree"), else 0."""
    found = _AGREEMENT.match(opening(text).replace("’", "'"))
    if not found:
        return 0
    return -1 if bool(found["not"]) != bool(found["dis"]) else 1


def answers_a_view(text: str) -> bool:
    """Whether a reply opens agreeing ("Agreed, ...", "Exactly.") or says it disagrees ("Disagree. 6% is too much"):
    it takes a side of what the post it answers is about (``viewpoints.reply_sides``); "Nonsense, nowhere near that
    many" disputes a fact of it."""
    return stance_of(text) == "agree" or agreement(text) < 0


_OPENING_MENTION = re.compile(r"^\s*\.?@([\w-]+(?:\.[\w-]+)*)")  # ".@SenSchumer ...": a reply made public


def opens_with_mention(text: str) -> bool:
    return bool(_OPENING_MENTION.match(text))


def names_someone(question: ReplyQuestion, evidence: list[Any]) -> bool:
    """Whether the person asked about is someone here: a handle, an author of the evidence, or a capitalised
    word of a post ("Mayor Ko" for "the mayor"); "Who answered the question?" names no one."""
    if question.whom.startswith("@") or any(is_whom(e.author, question) for e in evidence):
        return True
    words = set(question.handle_words)
    return any(t.text[:1].isupper() and t.lower in words for e in evidence for t in tokens(e.text))


def attach_parents(searcher: Any, evidence: list[Any], via: str = "reply_to") -> None:
    """Give each post that replies (``reply_to``) the post it replies to, from the evidence or the index
    (``via="quote_of"``: the post it quotes)."""
    known = {e.post.get("id"): e.post for e in evidence}
    for item in evidence:
        parent_id = item.post.get(via)
        if not parent_id or item.parent is not None:
            continue
        parent = known.get(parent_id)
        if parent is None and hasattr(searcher, "get"):
            parent = searcher.get(str(parent_id))
        item.parent = parent


def reply_search_words(question: ReplyQuestion) -> str:
    """What to search the replies by: the topic where there is one, else the person's words."""
    return question.topic or question.whom


def shared_words(a: str, b: str) -> int:
    """How many content words two posts share (a reply without ``reply_to`` and the post it answers)."""
    ignore = STOPWORDS | NOT_SPEAKERS
    return len({s for s in content_stems(a) if s not in ignore} & set(content_stems(b)))


@dataclass
class Reply:
    """A post replying to the person asked about, and the post it answers (None where not at hand)."""

    item: Any  # Evidence
    parent: Any  # Evidence or None
    inferred: bool = False  # no reply_to: read as a reply by its opening mention and the words it shares
    quotes: bool = False  # a quote of the person's post (``quote_of``), not a reply


def _covers(topic: tuple[str, ...], text: str) -> bool:
    from townsquare.assistant.evidence import coverage

    return not topic or coverage(list(topic), {}, text) >= 0.5


def replies_to(question: ReplyQuestion, evidence: list[Any]) -> list[Reply]:
    """The evidence posts that reply to the person asked about (and, for "agreed"/"disagreed", that open that
    way), on the question's topic (the reply or the post it answers covers half of it), best first."""
    by_id = {e.post.get("id"): e for e in evidence}
    theirs = [e for e in evidence if is_whom(e.author, question)]
    topic = tuple(content_stems(question.topic))
    found: list[Reply] = []
    for item in evidence:
        if item in theirs:
            continue
        reply: Reply | None = None
        if item.parent is not None:
            if is_whom(item.parent.get("author_handle") or "", question):
                reply = Reply(item, by_id.get(item.parent.get("id")), quotes=question.via == "quote_of")
        elif question.via == "reply_to" and not item.post.get("reply_to") and opens_with_mention(item.text):
            mention = _OPENING_MENTION.match(item.text).group(1)  # type: ignore[union-attr]
            named = is_whom(mention, question)
            # "@user" is a handle the corpus took out: the person's post it shares most words with
            candidates = [e for e in theirs if named and e.author.lower() == mention.lower()] or theirs
            best = max(candidates, key=lambda e: shared_words(item.text, e.text), default=None)
            if named:  # "@SenSchumer ..." answers @SenSchumer, whose post may not be at hand
                reply = Reply(item, best if best is not None and shared_words(item.text, best.text) else None, True)
            elif best is not None and shared_words(item.text, best.text) >= 2:
                reply = Reply(item, best, inferred=True)
        if reply is None:
            continue
        answered = reply.parent.text if reply.parent is not None else (item.parent or {}).get("text") or ""
        if topic and not (_covers(topic, item.text) or _covers(topic, answered)):
            continue  # a reply to the mayor on another topic
        if question.stance and stance_of(item.text) != question.stance:
            continue
        found.append(reply)
    return found


def with_replies(
    searcher: Any, question: str, evidence: list[Any], operators: dict[str, str] | None = None
) -> list[Any]:
    """``evidence`` with what a who-question on replies needs: each post's parent (``attach_parents``); for
    "Who replied to the mayor ...?" also the replies the search finds (``is:reply`` on the topic, and
    ``in_reply_to_tweet_id:`` of the person's posts at hand), and the
    replies to the person first, each followed by the post it answers. "Who quoted the mayor ...?" is answered
    the same way by the quotes (``is:quote``, ``quotes_of_tweet_id:``) and the posts they quote. ``operators`` (the caller's scope)
    hold for the replies searched, as for any search."""
    from townsquare.assistant.evidence import Evidence, retrieve, search_query, select
    from townsquare.errors import SearchParameterError
    from townsquare.index import QuerySyntaxError

    asked = reply_question(question)
    if asked is not None:
        have = {e.id for e in evidence}
        found: list[dict[str, Any]] = []
        # the replies on the topic; where the question names none ("Who answered the mayor?"), also the newest
        # replies (a reply need not name whom it answers)
        for words, newest in [(reply_search_words(asked), False), *([("", True)] if not asked.topic else [])]:
            try:
                kind = "quote" if asked.via == "quote_of" else "reply"
                query = search_query(words, {**(operators or {}), "is": kind})
            except SearchParameterError:
                continue
            found += [p for p in retrieve(searcher, query, 30, newest=newest) if p["id"] not in have]
            have |= {p["id"] for p in found}
        # and the replies to the person's posts at hand, by the id they reply to (a reply need share no word)
        scope = search_query("", operators) if operators else ""
        pointer = "quotes_of_tweet_id" if asked.via == "quote_of" else "in_reply_to_tweet_id"
        for theirs in [e for e in evidence if is_whom(e.author, asked)][:5]:
            try:
                page = searcher.search(f'{pointer}:"{theirs.id}" {scope}'.strip(), max_results=30, mode="keyword")
            except (QuerySyntaxError, SearchParameterError):
                continue
            found += [p for p in page.posts if p["id"] not in have]
            have |= {p["id"] for p in found}
        extra, _ = select(question, found, len(found), max(len(found), 1), searcher=searcher)
        evidence = evidence + extra
    if asked is not None and asked.via == "quote_of":
        # the post each quotes, in place of the post it replies to: a reply to the mayor is no quote of theirs
        for item in evidence:
            item.parent = None
    attach_parents(searcher, evidence, asked.via if asked is not None else "reply_to")
    if asked is None:
        return evidence
    front: list[Any] = []
    for reply in replies_to(asked, evidence):
        front.append(reply.item)
        parent = reply.item.parent
        if reply.parent is None and parent is not None and not instructs_a_model(parent.get("text") or ""):
            # the post a reply answers is cited beside it, unless it is one set aside as instructions
            reply.parent = Evidence(parent, len(evidence), 0.0, 0.0)
        if reply.parent is not None and reply.parent not in front:
            front.append(reply.parent)
    return front + [e for e in evidence if e not in front]


def answers_to(
    searcher: Any, question: str, evidence: list[Any], operators: dict[str, str] | None = None, posts: int = 5
) -> list[Any]:
    """The replies to the ``posts`` evidence posts most on the topic that open agreeing or say they disagree ("Agreed,
    the treatment plant is long overdue", "Disagree. 6% is too much": ``answers_a_view``) and are not in ``evidence``, as evidence
    (selected as any post is: one addressing an assistant is set aside): a reply need share no word with the
    question to take a side of it (``viewpoints.reply_sides``). ``operators`` (the caller's scope) hold for them."""
    from townsquare.assistant.evidence import search_query, select
    from townsquare.errors import SearchParameterError
    from townsquare.index import QuerySyntaxError

    have = {e.id for e in evidence}
    found: list[dict[str, Any]] = []
    try:
        scope = search_query("", operators) if operators else ""
    except SearchParameterError:
        return []
    for theirs in sorted(evidence, key=lambda e: -e.coverage)[:posts]:
        try:
            page = searcher.search(
                f'in_reply_to_tweet_id:"{theirs.id}" {scope}'.strip(), max_results=30, mode="keyword"
            )
        except (QuerySyntaxError, SearchParameterError):
            continue
        found += [p for p in page.posts if p["id"] not in have and answers_a_view(p.get("text") or "")]
        have |= {p["id"] for p in found}
    if not found:
        return []
    extra, _ = select(question, found, len(found), len(found), searcher=searcher)
    return extra


# "Who disagrees?", "Who denies it?", "Who doesn't agree with that?" after a claim: who denies the earlier claim
_WHO_DISAGREES = re.compile(
    r"^who\s+(?:else\s+)?(?:disagrees?|disagreed|denies|denied|disputes?|disputed|doubts?|doubted|objects?|objected|"
    r"(?:does|did)\s*n[o']t\s+(?:agree|believe)|(?:does|did) not (?:agree|believe)|isn'?t convinced|is not convinced)"
    r"(?:\s+(?:with\s+)?(?:it|that|this|them|so))?\s*[?.!]*$",
    re.IGNORECASE,
)
# "Do people agree?", "Does everyone agree with that?" after a claim: who says the earlier claim, and who denies it
_PEOPLE = r"(?:people|others|everyone|everybody|anyone|anybody|someone|somebody|folks|most people|the others)"
_DO_PEOPLE_AGREE = re.compile(
    rf"^(?:(?:do|does|did)\s+{_PEOPLE}\s+(?:else\s+)?agree|(?:is|are)\s+{_PEOPLE}\s+agreed)"
    r"(?:\s+(?:with\s+)?(?:it|that|this|them|him|her|so))?\s*[?.!]*$",
    re.IGNORECASE,
)
# "Did anyone disagree?": as "Who disagrees?"
_DID_ANYONE_DISAGREE = re.compile(
    rf"^(?:do|does|did|has|have)\s+{_PEOPLE}\s+(?:else\s+)?(?:disagreed?|denied|deny|disputed?|doubted?|objected|object)"
    r"(?:\s+(?:with\s+)?(?:it|that|this|them|him|her|so))?\s*[?.!]*$",
    re.IGNORECASE,
)


def disagreed_claim(question: str) -> str | None:
    """The earlier turn's claim of a follow-up "Who disagrees?" or "Did anyone disagree?" (the words the assistant
    adds in brackets: "Who disagrees? (Ashby bridge reopen Monday)"), else None."""
    return _earlier_claim(question, _WHO_DISAGREES) or _earlier_claim(question, _DID_ANYONE_DISAGREE)


def agreed_claim(question: str) -> str | None:
    """The earlier turn's claim of a follow-up "Do people agree?" ("Do people agree? (water rates rise 6
    percent)"): it asks how many say it and how many deny it, not about posts with the word "agree"; else None."""
    return _earlier_claim(question, _DO_PEOPLE_AGREE)


def asks_of_a_claim(question: str) -> bool:
    """Whether ``question`` is "Who disagrees?", "Did anyone disagree?" or "Do people agree?": it names no claim of
    its own, so it asks about the earlier turn's."""
    bare = drop_opener(question.strip())
    return any(asks.match(bare) for asks in (_WHO_DISAGREES, _DID_ANYONE_DISAGREE, _DO_PEOPLE_AGREE))


def _earlier_claim(question: str, asks: re.Pattern[str]) -> str | None:
    """The words in brackets after a follow-up that ``asks`` matches (the earlier turn's claim), else None."""
    own = without_earlier_words(question).strip()
    bare = drop_opener(own)
    if own == question.strip() or not asks.match(bare):
        return None
    claim = question.strip()[len(own) :].strip(" ()")
    return claim or None


def needs_parents(question: str) -> bool:
    """Whether answering ``question`` reads what posts reply to: who replied, who said or denied something."""
    from townsquare.assistant.text import said_part

    asks = (reply_question, disagreed_claim, agreed_claim, said_part)
    return any(ask(question) is not None for ask in asks)
