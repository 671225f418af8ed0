"""``Assistant``: a question (and earlier turns) in, a checked, cited ``Answer`` out.

    assistant = Assistant("index/")
    answer = assistant.ask("who won the vote?")
    answer.text          # "Kemi Abbott. [1] @bob wrote: “…” [1] The cited post was written on 5 Mar 2025."
    answer.citations     # [{n, id, uri, author, created_at, snippet}], [n] in the text is citations[n-1]
    answer.supported, answer.claims    # sentences that passed verification / sentences checked

Steps: query rewrite (follow-ups carry the earlier questions' topic) -> hybrid
search -> evidence selection -> composer (extractive unless another is given)
-> verification of every sentence against the posts it cites (unsupported
sentences are removed, or marked with ``unsupported="mark"``) -> citations
renumbered in order of first use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from townsquare.assistant.compose import (
    ABSTAIN_TEXT,
    DISPUTE_LEADS,
    Draft,
    ExtractiveComposer,
    abstention,
    counts_posts,
    time_sentence,
    topic_stems,
)
from townsquare.assistant.evidence import (
    Evidence,
    Window,
    asks_about_now,
    coverage,
    day_label,
    gather,
    is_follow_up,
    moves_time,
    named_authors,
    names_a_time,
    names_author,
    parse_time,
    retrieve,
    rewrite,
    says_all,
    search_query,
    select,
    shifted_window,
    stem_weights,
    time_window,
    told_before,
    typed_operators,
    unheard_of,
    with_author_handles,
    without_moved_time,
    without_time_words,
)
from townsquare.assistant.handles import as_names, named_handles, names_in
from townsquare.assistant.replies import agreed_claim, answers_to, disagreed_claim, needs_parents, with_replies
from townsquare.assistant.text import (
    STOPWORDS,
    acting_handle,
    asks_for_news,
    asks_who_said_it,
    content_stems,
    count_said,
    drop_opener,
    entities,
    is_name,
    is_time_word,
    named_subject,
    only_other_sense,
    question_type,
    said_part,
    stand_part,
    stand_subject,
    stem,
    still_asked,
    tokens,
    verb_senses,
    what_said,
    when_said,
    without_askers,
    without_earlier_words,
    without_stance_words,
)
from townsquare.assistant.verify import MARKER, SentenceCheck, lead_answers, verify
from townsquare.assistant.viewpoints import asks_crowd, asks_opinion
from townsquare.index.query import readable

SNIPPET_CHARS = 280
_POINTED = re.compile(r"(?:and |so )?who\s+(?:wrote|said|posted|tweeted|is behind|sent)\s+\[(\d{1,3})\]\W*$", re.I)
_QUOTED = re.compile(r"”\s*\[(\d{1,3})\]")  # the post a quotation of an answer cites: “...” [2]
# what was said where no public post is: "What did @mara_millbrook say in private?", "... in her DMs?" (R17-29)
_ASKS_PRIVATE = re.compile(
    r"\b(?:in\s+private|privately|off\s+the\s+record|protected\s+(?:posts?|tweets?|accounts?)"
    r"|(?:in|by|via|over|through)\s+(?:an?\s+|(?:their|his|her|my|your|our|the)\s+)?"
    r"(?:dms?|direct\s+messages?|private\s+messages?))\b",  # not "pm": "by the PM" is a prime minister
    re.I,
)
PRIVATE_TEXT = "Only public posts are read here, so no post here tells what was said in private."
_UNSET = object()


@dataclass
class Answer:
    question: str
    query: str  # what was searched
    text: str  # the answer, with [n] markers into ``citations``
    short_answer: str | None
    abstained: bool
    citations: list[dict[str, Any]]  # the posts cited, in marker order: n, id, uri, author, created_at, snippet
    viewpoints: list[dict[str, Any]] = field(default_factory=list)  # label, posts, authors, citations, summary
    claims: int = 0  # sentences checked (frame sentences about the evidence excluded)
    supported: int = 0  # of which supported by their cited posts
    # unsupported sentences taken out of ``text``; a model's are withheld (what failed the check is never shown:
    # it may be a memorised phone number), each named by its place and reasons only
    removed: list[str] = field(default_factory=list)
    composer: str = "extractive"
    set_aside: int = 0  # retrieved posts held back because they address an assistant
    retrieved: list[dict[str, Any]] = field(default_factory=list, repr=False)  # raw search results (benchmarks)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("retrieved")
        return out


MAX_QUESTION = 2000
"""Characters of a question (and of each earlier turn) the assistant reads: what a search takes and more;
a longer message is cut, so no message costs more work than this."""


def as_read(text: str) -> str:
    """What the assistant reads of a question or turn: its first ``MAX_QUESTION`` characters, text no UTF-8 can
    hold (a command line's non-UTF-8 bytes, half an emoji) as U+FFFD, without the format characters that show
    nothing (a leading U+202E turned "Who thanked the pilot?" into no who-question; review 11, R11-15); the
    joiners that hold an emoji together stay."""
    text = readable(text[:MAX_QUESTION])
    if text.isascii():
        return text
    return "".join(ch for ch in text if ch in _JOINERS or unicodedata.category(ch) != "Cf")


_JOINERS = frozenset("\u200c\u200d")


def messages_to_turns(messages: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """The last user question and the earlier user questions, from OpenAI-style messages, each ``as_read`` (the
    API checks a question's scope before it asks). "Who said that?" right after an assistant turn that cites no
    post ("[n]") asks who said that turn's words: the client wrote it, not townsquare (whose every answer cites),
    so it is a claim asked of the posts ("Who said United lost 5000 bags ...?"), not the earlier question's answer
    (its authors were named as saying what they never said: review 12, R12-19)."""
    turns = _turns(messages)
    users = [as_read(text) for role, text in turns if role == "user"]
    if not users:
        return "", []
    question = users[-1]
    if len(turns) >= 2 and turns[-1][0] == "user" and turns[-2][0] == "assistant" and asks_who_said_it(question):
        written = " ".join(turns[-2][1].split()).rstrip(" .!")
        if written and not MARKER.search(written):
            question = as_read(f"Who said {written}?")
    return question, users[:-1]


def held_answer(messages: list[dict[str, Any]]) -> str | None:
    """The assistant turn right before the last user message, as the client holds it (None where there is none):
    "Who said so?" asks who said what that turn says, which the earlier question asked again may no longer answer
    (its post forgotten since: review 15, R15-5)."""
    turns = _turns(messages)
    if len(turns) >= 2 and turns[-1][0] == "user" and turns[-2][0] == "assistant":
        return as_read(turns[-2][1])
    return None


def _turns(messages: list[dict[str, Any]]) -> list[tuple[Any, str]]:
    """(role, text) of the user and assistant messages that say something, in order."""
    turns = [(m.get("role"), _content(m)) for m in messages if m.get("role") in ("user", "assistant")]
    return [(role, text) for role, text in turns if text.strip()]


def _content(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):  # [{"type": "text", "text": ...}, ...]
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content or ""


class Assistant:
    """Answers from the public posts of one index; safe to share between threads."""

    def __init__(
        self,
        index: str | Path | Any,
        composer: Any = None,
        evidence_posts: int = 8,
        opinion_posts: int = 20,
        per_author: int = 2,
        depth: int = 30,
    ) -> None:
        from townsquare.index import Searcher

        self.searcher = index if hasattr(index, "search") else Searcher(index)
        self.composer = composer or ExtractiveComposer()
        self.evidence_posts = evidence_posts
        self.opinion_posts = opinion_posts
        self.per_author = per_author
        self.depth = depth
        self._embedder: Any = _UNSET

    @property
    def embedder(self) -> Any:
        """The index's static embedder (the span ranker's semantic features), or None where there is none
        (a searcher without one, or an index whose embedder cannot be loaded: answers are then lexical only)."""
        if self._embedder is _UNSET:
            from townsquare.errors import ConfigError

            try:
                embedder = getattr(self.searcher, "embedder", None)
                # a MiniLM-vector index keeps the static embedder beside it: the span features need its table
                self._embedder = getattr(embedder, "static", embedder)
            except (ConfigError, OSError):
                self._embedder = None
        return self._embedder

    def ask(
        self,
        question: str,
        history: list[str] | None = None,
        composer: Any = None,
        search_parameters: dict[str, str] | None = None,
        unsupported: str = "remove",
        clock: datetime | None = None,
        max_posts: int | None = None,
        windows: bool = True,
        held: str | None = None,
    ) -> Answer:
        """Answer ``question``; ``history``: earlier user questions, oldest first.

        ``max_posts`` bounds the posts the answer may cite (the API passes what is left of a client's cap);
        ``windows=False`` reads time words as words; ``held``: the earlier answer as the client holds it
        (``held_answer``), which "Who said that?" asks about.
        """
        question, history = as_read(question), [as_read(turn) for turn in history or []]
        # X operators typed into the question scope the search as search_parameters do: "from:maya_martin24
        # library" searched "maya_martin24 library" and abstained, "since:2025-03-05" was read as that one day
        # (R19-A11); a parameter given apart wins over the same one typed, handles and languages add up
        asked, typed = typed_operators(question)
        if typed:
            given = dict(search_parameters or {})
            for name, value in typed.items():
                if name in ("from", "lang") and given.get(name):
                    given[name] = f"{given[name]} {value}"
                else:
                    given.setdefault(name, value)
            search_parameters = given
        # an author's handle without its "@" names the author as the @handle does ("When did patrick_maness get
        # bumped?" asks about their posts); the answer keeps the question as asked
        answer = self._ask(
            with_author_handles(self.searcher, asked),
            [with_author_handles(self.searcher, turn) for turn in history],
            composer,
            search_parameters,
            unsupported,
            clock,
            max_posts,
            windows,
            held,
        )
        answer.question = question
        return answer

    def _ask(
        self,
        question: str,
        history: list[str],
        composer: Any,
        search_parameters: dict[str, str] | None,
        unsupported: str,
        clock: datetime | None,
        max_posts: int | None,
        windows: bool,
        held: str | None = None,
    ) -> Answer:
        """``ask``, for a question and earlier turns as read, their authors' handles written as @handles."""
        composer = composer or self.composer
        asked, window, archive = question, None, ""
        again = {
            "history": history,
            "composer": composer,
            "search_parameters": search_parameters,
            "unsupported": unsupported,
            "clock": clock,
            "max_posts": max_posts,
            "windows": False,
        }
        if _ASKS_PRIVATE.search(question):
            # the closest public posts are no answer either: a weather post of @mara_millbrook's was quoted as
            # what she "said in private" (R17-29)
            draft = Draft(PRIVATE_TEXT, abstained=True, frames={PRIVATE_TEXT})
            return finish(question, question, draft, [], [], 0, unsupported)
        if history and (spoken := another_speaker(question, history)) is not None:
            # "And @lena?" after "What did @arch_alice say about the skate park?": what @lena said about it (her
            # handle scoped the search to her posts, and all of them were listed)
            answer = self.ask(spoken, **{**again, "windows": windows})
            answer.question = question
            return answer
        if (still := still_asked(question, history)) is not None:
            # "Is that still true?" after "Who says it is closed?": whether it is closed now, as that question
            # asks it (the newest post that states a state answers); it searched for "true" and abstained (R17-28)
            answer = self.ask(still, **{**again, "windows": windows})
            answer.question = question
            return answer
        if history and (posted := _post_question(question, history)) is not None:
            # "When did the library post that?", "When?" after "Who said the library is closing?": when the posts
            # were written ("January." was the rumoured closing, from another author's post)
            target, earlier, who = posted
            answer = self.ask(target, **{**again, "history": earlier, "windows": windows})
            return _dated(answer, question, who)
        if history and (pointed := _POINTED.match(question.strip())):
            # "Who wrote [6]?": the author of the earlier answer's post [6] (it was searched as "6" and named
            # the authors of posts about a queue "since 6am", R17-34)
            earlier = self.ask(history[-1], **{**again, "history": history[:-1], "windows": windows})
            post = self._cited_post(earlier, int(pointed.group(1)))
            if post is None:  # no such post in the earlier answer, or forgotten since
                return finish(question, earlier.query, Draft(ABSTAIN_TEXT, abstained=True), [], [], 0, unsupported)
            return _authors_of(question, [post], [None], earlier, unsupported)
        if history and asks_who_said_it(question):
            # "Who said that?": what the earlier answer said, so the authors of the posts it quoted (a search for
            # the earlier topic named authors it never quoted, and read "dont" of "dont complain" as a speaker)
            earlier = self.ask(history[-1], **{**again, "history": history[:-1], "windows": windows})
            if held is not None and _quotes_unsaid(held, earlier):
                # the client's earlier answer quoted a post this one does not (forgotten since): "that" is what
                # it quoted, not what this answer quotes, which may say the opposite ("The Eastport ferry is
                # running again today" was told as said by the author of "... is suspended", R15-5)
                return self._who_wrote(question, _QUOTATION.findall(held), earlier, unsupported)
            if (said := self._quoted_authors(question, earlier, unsupported)) is not None:
                return said
        own_time = windows and names_a_time(question)
        # "Who is against it?" after "And yesterday?": the earlier turn's window, unless it names its own; "And the
        # day after?" moves it
        leans = history and (is_follow_up(question) or moves_time(question))
        kept = earlier_time(history) if windows and not own_time and leans else None
        if own_time or kept:
            # "last week", "yesterday": a search window, counted from the newest post (an archive's "yesterday" is
            # the day before its last post) and no words a post need have
            counted_from = clock or _newest(self.searcher)
            window = time_window(kept or question, counted_from)  # None for "in the past 0 days": no window, no words
            if kept and window:
                # the turns since the one that named it may have moved it ("Who complained?" after "And the day
                # after?"), and so may this one: "And the day after?" asks the earlier question of the next day
                # (it searched for "day after" in the earlier window)
                since = history[max(place for place, turn in enumerate(history) if turn == kept) + 1 :]
                for turn in since:
                    window = shifted_window(window, turn) or window
                if (moved := shifted_window(window, question)) is not None:
                    window, kept = moved, None
            if window and clock is None and counted_from.date() < datetime.now(UTC).date():
                # an archive: its "last week" is not the reader's, and the answer says so
                archive = (
                    f"{window.phrase[:1].upper()}{window.phrase[1:]} here is {window.span}: the newest post in "
                    f"this index is from {day_label(counted_from)}."
                )
            if not kept:
                asked = window.rest if window else without_time_words(question, empty_only=True)
            if not kept and window and history and not content_stems(asked):
                # "And yesterday?": the earlier question, in the new window
                asked, history = earlier_question(history, asked)
        question_as_asked, question = question, asked
        if history and (same := same_asked(question, history)) is not None:
            # "And American?" after "What do people say about United's customer service?" asks that of American's
            # customer service, "And Delta?" after "Did United cancel flights?" whether Delta did: a question of
            # its own (the sides were of posts with "American" in them; "Delta" was searched alone), in the window
            # kept (its time words are none of its words)
            question, history = (without_time_words(same) if kept else same), []
        follow_up = bool(history) and is_follow_up(question)
        words = rewrite(question, history)
        # the search, scoped to the authors the question names by @handle (``authors``), links' posts first
        span = {"start_time": window.start, "end_time": window.end} if window else {}
        # an opinion question is about its subject, not its side's word: "Is United's wifi good?" reads the posts
        # on United's wifi ("wifi: not working"), not those that say "good" ("good fly!! #United")
        # "How many people like Southwest?", "Who is against United?": the subject is what follows the side asked
        # for; "many", "people" and "against" found "their many talents", "2 against 1" (review 12, R12-5)
        stand = None if follow_up else stand_subject(question)
        stance_free = not follow_up and (asks_opinion(question) and asks_crowd(question) or stand is not None)
        if stance_free:
            # "@USAirways" of "What do people say about @USAirways?" is the name "US Airways": its posts are those
            # that write it and those addressed to it (its handle spells it); a handle of an author asks for theirs
            question = as_names(question, named_authors(self.searcher, question))
        # nor is it about the word "people" of "What do people say about JetBlue?" (nor "folks", "everyone")
        bare = without_askers(without_stance_words(stand or question))
        topic = bare if stance_free and content_stems(bare) else question
        if not follow_up and (counted := count_said(question)) is not None:
            # "How many people said JetBlue was great?" is about what they said: its posts are those that say it,
            # not those with "many" and "people" ("How many people even know ...", review 12, R12-23)
            topic = counted[1]
        query, posts, authors = gather(
            self.searcher, words if follow_up else topic, search_parameters, self.depth, **span
        )
        # "What happened yesterday?", "What's new?" with a since: no topic, once the time words are out: what the
        # posts of that time tell, newest first (it searched for "happened" and listed posts of other days)
        # scoped to a thread, "What did people reply?" asks what its posts say: none of them need write "reply"
        # (it answered "No public post here answers that." with no posts, review 15, R15-30)
        thread = bool(search_parameters) and any(name in _THREADS for name in search_parameters)
        digest = (window is not None or bool(search_parameters)) and asks_for_news(
            words if follow_up else question, thread
        )
        if digest:
            posts = _newest_posts(self.searcher, search_parameters, self.depth, **span)
        elif window and window.soft and window.end - window.start <= timedelta(days=1):
            # a day named: a post of the days before may tell of it ("the bridge reopens tomorrow", 4 Dec)
            seen = {post["id"] for post in posts}
            told = told_before(
                self.searcher, words if follow_up else question, search_parameters, self.depth, window.start, window.end
            )
            posts += [post for post in told if post["id"] not in seen]
        if (doer := acting_handle(question)) and names_author(authors, doer[1:].lower()):
            # what a named author did is told by their posts, or by none: another author's "Maybe I'll get bumped
            # ... on Friday" told nothing of when @patrick_maness was (gather puts theirs first, their newest
            # where none is on it, so an abstention lists theirs)
            posts = [post for post in posts if names_author({doer[1:].lower()}, _author_of(post))]
        # the composer and the evidence match read the question as asked (its type, its alternatives, its
        # names), a follow-up with the earlier turns' topic words after it: "And is it running or suspended?
        # (Eastport ferry)"; in the bare words "Millbrook ferry running" the first name was no name
        own = set(rewrite(question, []).split())
        extra = " ".join(w for w in words.split() if w not in own) if follow_up else ""
        searched = f"{question} ({extra})" if extra else question
        if follow_up and (subject := named_subject(question)) and asks_opinion(history[-1]) and asks_crowd(history[-1]):
            # "What about the skate park?" after "What do people think of the Winter Market?" asks the same of the
            # skate park: its sides, not the posts that happen to match its words (the earlier subject is no part of it)
            searched = f"What do people think of {subject}?"
        now = asks_about_now(question)
        event = _occurrence(question) if window else None
        if window and not posts:
            if digest:
                return _noted(self._outside(window, "", query, question_as_asked, unsupported, now), archive)
            if event:
                return self._when_it_happened(event, window, question_as_asked, again)
            # "in December", "on Dec 3rd": a post of November may tell of it; an earlier turn's window is kept
            # where posts of it answer ("Who said it was on time?" after "Is bus 12 late this morning?": none did)
            if window.soft or kept:
                return self.ask(question_as_asked, **again)
            return _noted(self._outside(window, searched, query, question_as_asked, unsupported, now), archive)
        if senses := verb_senses(searched):
            # "Should US Airways be fined?" asks of fining: a post that writes "fine" only as the adjective ("Fine.
            # Understand.", "he's fine, he likes picking his own seat") is not on it (review 12, R12-6: it made the
            # sides of a dispute nobody had)
            posts = [post for post in posts if not only_other_sense(post.get("text") or "", senses)]
        # an opinion question is answered by counting sides: it gets more posts than a factual one
        # (and so is one asking for everyone who denies it, how many say it, or who takes a side)
        crowd = asks_opinion(searched) or counts_posts(searched) or stand_part(searched) is not None
        limit = self.opinion_posts if crowd else self.evidence_posts
        if max_posts is not None:
            limit = max(min(limit, max_posts), 0)
        # a dispute is counted among as many posts as an opinion question gets: selected once, the first
        # ``limit`` composed first (select keeps its best posts in order, so they are the same either way)
        wider = self.opinion_posts if max_posts is None else min(self.opinion_posts, max_posts)
        selected_by = topic if searched == question else searched
        more, set_aside = select(
            selected_by,
            posts,
            self.opinion_posts,  # as many as without a cap: how many the cap leaves unread is said
            self.per_author,
            now=now,
            clock=clock,
            searcher=self.searcher,
            authors=authors,
        )
        # the posts the cap leaves unread that cover half the question's words or more
        capped = more[max(limit, wider) :] if max_posts is not None else []
        more = more[: max(limit, wider)]
        if digest:
            more.sort(key=lambda item: item.post.get("created_at") or "", reverse=True)
        # "Who disagrees?" has no words of its own topic: it asks about the earlier claim
        # "Who is against it?": "against" is the side asked for, not the follow-up's own topic
        own_question = stand[1] if (stand := stand_part(question)) else question
        asks_the_claim = disagreed_claim(searched) is not None or agreed_claim(searched) is not None
        if follow_up and not asks_the_claim and (mine := topic_stems(own_question)):
            # the follow-up's own words decide what answers it: after a ferry question, "And the night bus?" is
            # about the bus and "What is the code?" about a code; the ferry post covered the earlier turn's words
            # and answered both. A post's coverage and relevance count only as much of them as it has.
            weights = stem_weights(question, self.searcher)  # "marathon" weighs more than "Ashby"
            for item in more:
                share = coverage(mine, weights, item.text)
                item.coverage, item.relevance = min(item.coverage, share), item.relevance * share
            # a post with none of them is no answer ("And the pool?" quoted a bridge post)
            more = sorted((item for item in more if item.coverage > 0), key=lambda item: -item.relevance)
        if needs_parents(searched):  # who replied to the mayor, who denies it: replies with what they answer
            more = with_replies(self.searcher, searched, more, search_parameters)
        elif asks_opinion(searched) and asks_crowd(without_earlier_words(searched)):
            # what people say: a reply agreeing or disagreeing with a post on it takes a side, whatever its words
            room = len(more) if max_posts is None else max(max_posts - limit, 0)
            answering = answers_to(self.searcher, searched, more[:limit], search_parameters)[:room]
            more, limit = more[:limit] + answering + more[limit:], limit + len(answering)
        evidence, further = more[:limit], more[limit:]
        if isinstance(composer, ExtractiveComposer) and composer.embedder is None:
            composer = replace(composer, embedder=self.embedder)
        # a thing the question names that no post mentions in any form ("penguin"): no post tells of it, however
        # much of the rest of the question a post has ("doors open at 8:57" answered when the penguin house opens)
        unheard = [] if digest or follow_up else unheard_of(self.searcher, searched)
        if unheard:
            draft: Draft = abstention(evidence)
        elif digest and isinstance(composer, ExtractiveComposer):
            numbers = {id(item): n for n, item in enumerate(evidence, 1)}
            draft = composer.summarise(searched, evidence, numbers, now, topic=[])
        else:
            draft = composer.compose(searched, evidence, now=now)
        if (
            not digest
            and not unheard
            and further
            and (draft.viewpoints or _another_count(composer, searched, draft, evidence, further))
        ):
            # posts disagree, or may (a how-many answer, and a close post further down gives another number):
            # each side is counted in full (a side of 3 among 13 posts was missing from the first 8)
            evidence = more
            draft = composer.compose(searched, evidence, now=now)
        if window and draft.abstained and not _about(question, evidence):
            # no post in the window is about it (when one is and the composer abstains, that is what it says)
            if event:
                return self._when_it_happened(event, window, question_as_asked, again)
            if window.soft or kept:
                return self.ask(question_as_asked, **again)
            return _noted(self._outside(window, searched, query, question_as_asked, unsupported, now), archive)
        answer = finish(question_as_asked, query, draft, evidence, posts, len(set_aside), unsupported, now=now)
        unread = sum(item.coverage >= 0.5 for item in capped + more[len(evidence) :]) if capped else 0
        if unread and answer.viewpoints:
            # the client's posts cap let fewer posts be read: the counts are of those, and the answer says so
            archive = " ".join(
                filter(
                    None,
                    [
                        f"The posts cap of this client left {unread} more post{'s' if unread > 1 else ''} on it unread: "
                        f"the counts are of the {len(evidence)} read.",
                        archive,
                    ],
                )
            )
        elif (asks_opinion(searched) and answer.viewpoints) or (stand is not None and not answer.abstained):
            # the sides are counted among the posts read (the best matches), not every post on it: say so where
            # the index holds more (R10-10: "6 for, 5 against" of American Airlines read as the balance of opinion)
            # (the posts read are those the answer lists: its sides and those that take neither)
            # (a count of who says it has said so already, of every post read, those that take no side too; so is
            # one of who takes a side, which lists no post taking neither: "7 authors are against it" of United
            # read as all who complained, R17-22)
            counted = _COUNTED_AMONG.search(answer.text)
            read = int(counted.group(1)) if counted else len(evidence) if stand else len(answer.citations)
            note = _read_of(self.searcher, selected_by, read, said_read=counted is not None)
            archive = " ".join(filter(None, [note, archive]))
        return _noted(answer, archive)

    def _quoted_authors(self, question: str, earlier: Answer, unsupported: str) -> Answer | None:
        """The answer to "Who said that?" after ``earlier``: the authors of the posts it quoted (those it cited,
        where it quoted none), each told as one side's where it had sides; after a short answer of a post's words
        ("Friday."), those of the quoted posts that hold it. None where it abstained, or its posts are gone."""
        if earlier.abstained:
            return None
        quoted = list(dict.fromkeys(int(n) for n in _QUOTED.findall(earlier.text))) or [
            c["n"] for c in earlier.citations
        ]
        posts = {n: post for n in quoted if (post := self._cited_post(earlier, n))}  # a forgotten one is left out
        answered = set(content_stems(earlier.short_answer or ""))
        if answered and not earlier.viewpoints and question_type(earlier.question) != "yesno":
            # "that" is the answer: a post quoted beside it that does not hold it ("Is the Eastport ferry running?
            # Heard it is suspended." after "Friday.") did not say it; where none holds it (a lead reworded, "This
            # week." of "this wk"), every quoted post is theirs as before
            posts = {n: post for n, post in posts.items() if says_all(answered, post.get("text") or "")} or posts
        if not posts:
            return None
        sides = [next((v["posts"] for v in earlier.viewpoints if n in v["citations"]), None) for n in posts]
        return _authors_of(question, list(posts.values()), sides, earlier, unsupported)

    def _cited_post(self, earlier: Answer, n: int) -> dict | None:
        """The post ``earlier`` cites as [n], if it cites one and it is still here."""
        return self.searcher.get(earlier.citations[n - 1]["id"]) if 0 < n <= len(earlier.citations) else None

    def _who_wrote(self, question: str, quotes: list[str], earlier: Answer, unsupported: str) -> Answer:
        """The answer to "Who said that?" where the client's earlier answer, which quoted ``quotes``, is no
        longer what the earlier question asked again quotes: the authors of the posts still here that hold one of
        them (among the posts it finds; a forgotten one is gone), else that no public post says it, naming no one."""
        holding = [post for post in earlier.retrieved if any(_holds(post.get("text") or "", q) for q in quotes)]
        if holding:
            return _authors_of(question, holding, [None] * len(holding), earlier, unsupported)
        draft = Draft(UNSAID_TEXT, abstained=True, frames={UNSAID_TEXT})
        return finish(question, earlier.query, draft, [], earlier.retrieved, 0, unsupported)

    def _when_it_happened(self, event: str, window: Window, question: str, again: dict[str, Any]) -> Answer:
        """ "Did the Lantern Parade happen last Friday?" where no post of that day tells of it: it asks when the
        event was, which posts of other days tell ("starts tonight" on 27 Nov), so the answer is theirs, after
        a sentence that no post of the day asked tells of it."""
        answer = self.ask(f"When did {event} happen?", **{**again, "windows": False})
        answer.question = question
        if not answer.abstained:
            answer.text = f"No public post here from {window.label} tells of it. Posts of other days tell when it was: {answer.text}"
        return answer

    def _outside(self, window: Window, searched: str, query: str, question: str, unsupported: str, now: bool) -> Answer:
        """No post in the question's time window answers it: said so, with the closest posts from any time (the
        skate park posts of 26 Nov for "... yesterday?")."""
        # a question with no topic ("What happened yesterday?") has no closest posts: no other day's post is closer
        found = retrieve(self.searcher, query, self.depth) if searched else []
        closest, _ = select(searched, found, 3, self.per_author)
        draft = ExtractiveComposer().abstain(closest)
        when = window.label if window.phrase.startswith("since ") else f"from {window.label}"
        said = f"No public post here {when} answers that."
        draft.text = draft.text.replace(ABSTAIN_TEXT, said)
        draft.frames = {said if frame == ABSTAIN_TEXT else frame for frame in draft.frames}
        return finish(question, query, draft, closest, [], 0, unsupported, now=now)


def earlier_question(history: list[str], asked: str) -> tuple[str, list[str]]:
    """For a question that only names a time ("And last week?"), the last earlier question with words of its own,
    less its time words, and the turns before it (which a follow-up's rewrite reads: after "What happened at
    the harbour?", "And the bridge?" and "And yesterday?", it is "And the bridge?" after the harbour question);
    ``asked`` and ``history`` where every earlier turn only names a time."""
    for place in range(len(history) - 1, -1, -1):
        earlier = history[place]
        rest = window.rest if (window := time_window(earlier)) else without_moved_time(earlier)
        if content_stems(rest):
            return rest, history[:place]
    return asked, history


def earlier_time(history: list[str]) -> str | None:
    """The earlier turn whose time window a follow-up keeps: the last one, where it names a time; else the one
    before it, where the last is a follow-up too ("Who is against it?" after "What do people say about JetBlue?"
    and "And yesterday?" keeps yesterday); None where a turn that names none and is a question of its own
    comes first."""
    for turn in reversed(history):
        if names_a_time(turn):
            return turn
        if not is_follow_up(turn) and not moves_time(turn):  # "Who complained the day after?" leans on it too
            return None
    return None


# a name of a question: capitalised words ("United" of "United's customer service"), a handle or a tag
_NAME_RUN = re.compile(r"[@#]\w+|[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*")


def same_asked(question: str, history: list[str]) -> str | None:
    """The question a follow-up that only names a name asks after a question whose subject is a name and words
    of its own: the earlier question with the new name in the place of the earlier one ("What do people say
    about American's customer service?" of "And American?" after "What do people say about United's customer
    service?", "Did Delta cancel flights?" of "And Delta?" after "Did United cancel flights?"); None for any
    other (after "What do people think of the Winter Market?", "And the skate park?" asks of the skate park
    alone; "And Friday?" names a time, not a name). A time the earlier question names is none of its names. A
    preposition before the name is the earlier question's: "And on JetBlue?" after "Did anyone get rebooked on
    Delta?" asks "Did anyone get rebooked on JetBlue?" (R12-20)."""
    subject = named_subject(question)
    if subject is not None:
        subject = _PREPOSITION_FIRST.sub("", subject)
    if subject is None or not is_name(subject) or _a_time(subject):
        return None
    earlier = next(
        (
            same_asked(turn, history[:place]) or turn
            for place, turn in reversed(list(enumerate(history)))
            if content_stems(without_time_words(turn))  # "And yesterday?" asks the earlier question again
        ),
        None,
    )
    if earlier is None:
        return None
    names = []
    for found in _NAME_RUN.finditer(earlier):
        start, end = found.span()
        if start == 0:  # the question's first word is capitalised as any first word: "Did United" is "United"
            first = re.match(r"\S+\s*", found.group(0))
            start += first.end() if first and first.group(0).strip().lower() in STOPWORDS else end
        name = earlier[start:end]
        # "Feb" of "on Feb 22" is a time
        if name and not all(w.lower() in STOPWORDS for w in name.split()) and not _a_time(name):
            names.append((start, end))
    if len(names) != 1:
        return None
    start, end = names[0]
    if not topic_stems(earlier[:start] + earlier[end:]):
        return None  # the earlier subject is the name alone: the follow-up's subject is all it asks of
    return earlier[:start] + subject + earlier[end:]


_PREPOSITION_FIRST = re.compile(r"^(?:on|with|at|for|from|to|by|in|about|of)\s+(?=\S)", re.IGNORECASE)


def _a_time(name: str) -> bool:
    """Whether a capitalised run is a time's words ("Friday", "Feb", "March"), not a name."""
    return all(is_time_word(w) for w in name.split())


def another_speaker(question: str, history: list[str]) -> str | None:
    """The question "And @lena?" asks after "What did @arch_alice say about the skate park?": "What did @lena say
    about the skate park?" (a handle is who speaks, the topic is the earlier one; "And @pike?" after that, the
    same of @pike); None for any other question, or where the earlier one names no topic."""
    subject = named_subject(question)
    if not history or subject is None or not _HANDLE.fullmatch(subject):
        return None
    earlier = another_speaker(history[-1], history[:-1]) or history[-1]
    said = what_said(earlier)
    return f"What did {subject} say about {said[1]}?" if said and said[1] else None


_HANDLE = re.compile(r"@[\w.-]*\w(?:@[\w.-]*\w)?")

_OCCURRED = re.compile(
    r"^(?:did|was|were|has|had)\s+(?P<event>.+?)\s+(?:happen|happened|take place|taken place|go ahead|gone ahead|"
    r"go on|gone on|held|on)[\s?.!]*$",
    re.IGNORECASE,
)


def _occurrence(question: str) -> str | None:
    """The event of "Did the Lantern Parade happen?" (its time words out: "... last Friday?"), else None: a
    question whether an event took place, which asks about the event's time, not the posts of that time."""
    found = _OCCURRED.match(drop_opener(question.strip()))
    return found.group("event") if found else None


def _post_question(question: str, history: list[str]) -> tuple[str, list[str], str] | None:
    """For a question on when a post was written, ``(question, history, who)``: the question whose posts it asks
    about, the turns before that, and the author it names ("" for none). "When did the library post that?" asks
    "What did the library say?" of the earlier topic; "When?" and "When did they say it?" ask about the posts of
    the earlier who-said or what-said question. None for any other question (and "When?" after another)."""
    who = when_said(question)
    if who:
        return f"What did {who} say?", history, who
    if who is not None and (said_part(history[-1]) or what_said(history[-1])):
        return history[-1], history[:-1], ""
    return None


UNSAID_TEXT = "No public post here says that."
_QUOTATION = re.compile(r"“([^”]+)”")


def _quotes_unsaid(held: str, earlier: Answer) -> list[str]:
    """The quotations of ``held`` (the client's copy of an earlier answer) that ``earlier`` (that answer as given
    now) does not quote; none where ``held`` quotes nothing (a turn of the client's own words is asked as a claim:
    ``messages_to_turns``)."""
    given = {" ".join(q.split()) for q in _QUOTATION.findall(earlier.text)}
    return [q for q in _QUOTATION.findall(held) if q.strip(" …") and " ".join(q.split()) not in given]


def _holds(text: str, quote: str) -> bool:
    """Whether a post's ``text`` holds ``quote``: each of its runs between the "…" of a clipped quotation."""
    flat = " ".join(text.split())
    return all(" ".join(part.split()) in flat for part in quote.split("…") if part.strip())


def _dated(answer: Answer, question: str, who: str) -> Answer:
    """``answer`` to the question a when-was-it-posted question asks about, led by the days its posts were
    written (those of the author ``who`` names, where one of theirs is cited; none cited, no lead)."""
    answer.question = question
    if answer.abstained:
        return answer
    words = content_stems(who)
    cited = [c for c in answer.citations if words and all(w in (c["author"] or "").lower() for w in words)]
    if words and not cited:
        return answer  # none of theirs is cited: another author's post says nothing of when they posted
    days = sorted(
        {(written, c["n"]) for c in cited or answer.citations if (written := parse_time(c["created_at"])) is not None}
    )
    if not days:
        return answer
    first, last = day_label(days[0][0]), day_label(days[-1][0])
    markers = "".join(f"[{n}]" for n in sorted({n for _, n in days}))
    lead = f"On {first}." if first == last else f"Between {first} and {last}."
    answer.short_answer = first if first == last else f"{first} to {last}"
    answer.text = f"{lead} {markers} {answer.text}"
    return answer


def _authors_of(question: str, posts: list[dict], sides: list[int | None], earlier: Answer, unsupported: str) -> Answer:
    """Who wrote ``posts`` (each told as one side's where ``sides`` gives its count), the answer to "Who said
    that?" or "Who wrote [2]?" after ``earlier``."""
    evidence = [Evidence(post, n, 1.0, 1.0) for n, post in enumerate(posts)]
    draft = ExtractiveComposer().quoted_authors(evidence, sides, now=False)
    return finish(question, earlier.query, draft, evidence, earlier.retrieved, 0, unsupported)


_COUNTED_AMONG = re.compile(r"These are counts among the (\d+) posts? read\.")


def _read_of(searcher: Any, question: str, read: int, said_read: bool = False) -> str:
    """A sentence saying the counts are of the ``read`` posts, where more posts of the index have what the
    ``question``'s topic (the words its posts were selected by) names: each of its words, a name's handle counting
    as the name ("These counts are of the 20 posts read; 2,437 posts here have “Southwest” (or @SouthwestAir).");
    only how many posts have it where the answer has ``said_read`` ("2,437 posts here have ..."); else ""."""
    stems = topic_stems(question)
    words = list(dict.fromkeys(_POSSESSIVE.sub("", t.text) for t in tokens(question) if stem(t.lower) in stems))
    if not words:
        return ""
    counted = _having(searcher, question, words) if hasattr(searcher, "match_count") else None
    if counted is None:  # a searcher that cannot count the posts having all of them: the rarest word's
        found, _ = searcher.word_frequencies(words)
        word = min(words, key=lambda w: found[w])
        counted = found[word], [f"the word “{word}”"]
    count, items = counted
    if count <= read:
        return ""
    said = items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
    if said_read:
        return f"{count:,} posts here have {said}."
    return f"These counts are of the {read} posts read; {count:,} posts here have {said}."


_POSSESSIVE = re.compile(r"['’]s?$")


def _having(searcher: Any, question: str, words: list[str]) -> tuple[int, list[str]] | None:
    """How many posts have every one of ``words`` (a name of the question as its words in order, or one of its
    handles), and the sentence's items: "the word “wifi”", or "“JetBlue”" and "“wifi”", "“US Airways” (or
    @USAirways)"; None where the words make no query."""
    from townsquare.index import QuerySyntaxError

    handles = named_handles(searcher, question)
    clauses, items, left = [], [], list(words)
    for name in names_in(question):
        if not all(word in left for word in name):
            continue
        for word in name:
            left.remove(word)
        own = handles.get(name, [])
        phrase = _as_words(" ".join(name))
        clauses.append(f"({' OR '.join([phrase, *own])})" if own else phrase)
        item = f"“{' '.join(name)}”"
        if own:  # the most used handle is shown, the others counted as well (#unitedairline of "United")
            others = ", or another @handle or #tag that spells it" if len(own) > 1 else ""
            item += f" (or {_written(searcher, own[0])}{others})"
        items.append(item)
    clauses += [_as_words(word) for word in left]
    items += [f"“{word}”" for word in left]
    if len(items) == 1 and items[0] == f"“{words[0]}”":
        items = [f"the word “{words[0]}”"]
    if not all(clauses):
        return None
    try:
        return searcher.match_count(" ".join(clauses)), items
    except QuerySyntaxError:
        return None


def _as_words(text: str) -> str:
    """``text`` as the query words a post's text must have, in order ("#Brexit": brexit; "Virgin America": the
    phrase), "" for none."""
    parts = re.findall(r"[^\W_]+", text.lower())
    return f'"{" ".join(parts)}"' if len(parts) > 1 else "".join(parts)


def _written(searcher: Any, handle: str) -> str:
    """``handle`` as the posts that have it write it ("@SouthwestAir" of "southwestair", "#SouthwestAir" where no
    post mentions it), else "@" and it as given."""
    found = [
        spelt.group(0)
        for post in searcher.search(handle, max_results=5, mode="keyword").posts
        if (spelt := re.search(rf"(?<![\w@#])[@#]{re.escape(handle)}(?!\w)", post.get("text") or "", re.IGNORECASE))
    ]
    return min(found, key=lambda spelt: spelt[0] != "@", default=f"@{handle}")


def _author_of(post: dict[str, Any]) -> str:
    return post.get("author_handle") or post.get("author_id") or ""


def _noted(answer: Answer, note: str) -> Answer:
    """``answer`` with a sentence about the index itself after it (where its window was counted from)."""
    if note:
        answer.text = f"{answer.text} {note}"
    return answer


def _about(question: str, evidence: list[Evidence]) -> bool:
    """Whether a post names all the question names ("the Ashby food festival": Ashby), or, where it names
    nothing, covers half its words: a long question's extra words do not make its topic absent."""
    names = {stem(n) for n in entities(question)}
    if names:
        # a handle the question names is named by its author's own posts ("How many flights has @peskyspoll taken
        # this year?" is about @peskyspoll's "18 flights so far this year", which never writes the handle)
        return any(says_all(names - {stem(e.author.lower())}, e.text) for e in evidence)
    return max((e.coverage for e in evidence), default=0.0) >= 0.5


_THREADS = ("in_reply_to_tweet_id", "conversation_id", "quotes_of_tweet_id")  # scopes that name a thread


def _newest_posts(
    searcher: Any,
    operators: dict[str, str] | None,
    depth: int,
    start_time: datetime | None = None,
    end_time: datetime | None = None,
) -> list[dict[str, Any]]:
    """The newest posts in the window and the search parameters' scope, whatever they say."""
    if operators:
        return retrieve(
            searcher, search_query("", operators), depth, start_time=start_time, end_time=end_time, newest=True
        )
    return searcher.timeline(depth, start_time=start_time, end_time=end_time)


def _newest(searcher: Any) -> datetime:
    """What "yesterday" and "last week" count from: the newest post's time (not one dated in the future), else
    now."""
    now = datetime.now(UTC)
    return searcher.newest_created(now + timedelta(days=1)) or now


def _another_count(
    composer: Any, question: str, draft: Draft, evidence: list[Evidence], further: list[Evidence]
) -> bool:
    """An extractive how-many answer, and a post as close to the question further down (as the ``evidence`` read
    is at best) giving another number."""
    return (
        isinstance(composer, ExtractiveComposer)
        and not draft.abstained
        and composer.gives_another_count(
            question, draft.short_answer, further, max((e.coverage for e in evidence), default=0.0)
        )
    )


def finish(
    question: str,
    query: str,
    draft: Draft,
    evidence: list[Evidence],
    posts: list[dict],
    set_aside: int,
    unsupported: str = "remove",
    now: bool = False,
) -> Answer:
    """Verify the draft, drop (or mark) unsupported sentences, renumber citations in order of use.

    A model's draft then gets what the extractive composer writes itself: when the posts it still cites were
    written (the model's own time sentence is unchecked, so removed), or, where it abstains, the closest posts."""
    by_number = {n: e.post for n, e in enumerate(evidence, 1)}
    checks: list[SentenceCheck] = verify(draft.text, by_number, draft.frames)
    if draft.from_model:
        _check_lead(question, checks, by_number)
        sides = sum(not c.frame and c.supported for c in checks)
        for check in checks:
            if check.frame and MARKER.sub("", check.text).strip() in DISPUTE_LEADS and sides < 2:
                # "Posts disagree." before one side the check left is a dispute no cited sentence shows
                check.supported = False
                check.reasons.append("fewer than two sides left")
    kept, removed = [], []
    for place, check in enumerate(checks, 1):
        if check.supported:
            kept.append(check.text)
        elif unsupported == "mark":
            kept.append(check.text + " [unsupported]")
        elif draft.from_model:
            why = "; ".join(reason.split(":")[0] for reason in check.reasons)  # the reasons without the words
            removed.append(f"sentence {place} of the model's answer, withheld: {why}")
        else:
            removed.append(check.text)
    claims = [c for c in checks if not c.frame]
    text = " ".join(kept)
    abstained = draft.abstained
    if not any(not c.frame and c.supported for c in checks) and not abstained:
        # nothing the composer said survived the check: that is an abstention, said plainly
        abstained = True
        text = ABSTAIN_TEXT
    if draft.from_model and abstained:
        text = ExtractiveComposer().abstain(evidence).text  # "... The closest public posts are [1] [2] [3]."
    elif draft.from_model:
        cited = sorted({int(n) for n in MARKER.findall(text)} & set(by_number))
        when = time_sentence([evidence[n - 1] for n in cited], now)
        text = f"{text} {when}" if when else text
    order: dict[int, int] = {}
    for match in MARKER.finditer(text):
        n = int(match.group(1))
        if n in by_number and n not in order:
            order[n] = len(order) + 1
    text = MARKER.sub(lambda m: f"[{order[int(m.group(1))]}]" if int(m.group(1)) in order else "", text)
    text = re.sub(r"\s+([.,;])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()
    citations = [citation(n_new, by_number[n_old]) for n_old, n_new in sorted(order.items(), key=lambda kv: kv[1])]
    views = []
    numbers = {id(e): n for n, e in enumerate(evidence, 1)}
    for view in draft.viewpoints:
        refs = [order[numbers[id(e)]] for e in view.evidence if numbers.get(id(e)) in order]
        views.append(
            {
                "label": view.label,
                "summary": view.summary,
                "posts": view.posts,
                "authors": view.authors,
                "citations": refs,
            }
        )
    return Answer(
        question=question,
        query=query,
        text=text,
        short_answer=None if abstained else draft.short_answer,
        abstained=abstained,
        citations=citations,
        viewpoints=views,
        claims=len(claims),
        supported=sum(c.supported for c in claims),
        removed=removed,
        composer=draft.composer,
        set_aside=set_aside,
        retrieved=posts,
    )


def _check_lead(question: str, checks: list[SentenceCheck], by_number: dict[int, dict]) -> None:
    """A model's short answer ("Thrill. [1]") is supported only where the reader finds it for the question in a
    post it cites (``verify.lead_answers``): every word of a wrong one is in the post too. The extractive
    composer's lead is the reader's own span, so only a model's is read again."""
    lead = next((c for c in checks if not c.frame), None)
    if lead is None or not lead.supported:
        return
    from townsquare.assistant.reader import load_reader

    cited = [by_number[n] for n in lead.citations if n in by_number]
    if not lead_answers(question, lead.text, cited, load_reader()):
        lead.supported = False
        lead.reasons.append("not what its cited posts answer to the question")


def citation(n: int, post: dict[str, Any]) -> dict[str, Any]:
    text = post.get("text") or ""
    return {
        "n": n,
        "id": post["id"],
        "uri": post.get("uri"),
        "author": post.get("author_handle") or post.get("author_id"),
        "created_at": post.get("created_at"),
        "snippet": text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…",
    }
