"""Review 11 (R11-9, R11-16, R11-10): an author named by a bare handle is the author asked about, a hedged event is
no time to answer a when-question with, "And the day after?" moves the earlier turn's window a day, and "And
Delta?" asks a yes/no question again of Delta."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.assistant.test_assistant import _index_of

pytest.importorskip("tantivy")


def _assistant(tmp_path, posts):
    from townsquare.assistant import Assistant

    authors, dates, texts = zip(*posts, strict=True)
    stamps = [datetime.fromisoformat(d).replace(tzinfo=UTC) for d in dates]
    return Assistant(_index_of(tmp_path, list(texts), authors=list(authors), dates=stamps))


# the airline tweets of R11-9, shortened: @ColtSTaylor hopes to be bumped, @patrick_maness was
BUMPED = [
    ("colt_t", "2015-02-17T14:10", "Well, it's LA and a long car ride. Maybe I'll get bumped to 1st class on Friday:)"),
    ("pat_m", "2015-02-21T18:44", "OMG!!! you just bumped me off the last flight. Can this get any worse."),
    ("pat_m", "2015-02-21T18:48", "My luggage is on the plane and I am not."),
    ("quiet_q", "2015-02-22T09:00", "Lovely crew on my flight to Denver today."),
    ("pilot", "2015-02-23T10:00", "Really missed a prime opportunity for a parody there."),
    ("ann_b", "2015-02-23T11:00", "The pilot said we would land early, and we did."),
]


def test_a_bare_handle_of_an_author_asks_about_that_author(tmp_path):
    # R11-9 (a): "When did patrick_maness get bumped?" answered "Friday." from @ColtSTaylor's hope to be bumped
    assistant = _assistant(tmp_path, BUMPED)
    answer = assistant.ask("When did pat_m get bumped?")
    assert not answer.abstained, answer.text
    assert {c["author"] for c in answer.citations} == {"pat_m"}, answer.text
    assert "Friday" not in answer.text and answer.question == "When did pat_m get bumped?"
    # an author who says nothing of it: no answer, and no other author's post
    quiet = assistant.ask("When did quiet_q get bumped?")
    assert quiet.abstained, quiet.text
    assert {c["author"] for c in quiet.citations} <= {"quiet_q"}, quiet.text


def test_a_word_posts_use_is_a_word_whoever_has_it_for_a_handle(tmp_path):
    from townsquare.assistant.evidence import with_author_handles

    assistant = _assistant(tmp_path, BUMPED)
    searcher = assistant.searcher
    # "pilot" is an author's handle, and a word of @ann_b's post: the question asks about pilots
    assert with_author_handles(searcher, "What did the pilot say?") == "What did the pilot say?"
    assert "from:" not in assistant.ask("What did the pilot say?").query
    assert with_author_handles(searcher, "Did pat_m's luggage arrive?") == "Did @pat_m's luggage arrive?"
    # a handle already written with "@", a link's words, a word no author has: as they were
    for question in ("When did @pat_m get bumped?", "Is https://x.com/pat_m/status/1 true?", "When did Sam go?"):
        assert with_author_handles(searcher, question) == question


def test_a_when_answer_is_no_time_a_post_only_supposes(tmp_path):
    # R11-9 (b): "Maybe I'll get bumped ... on Friday" is no day anyone was bumped
    assistant = _assistant(
        tmp_path,
        [
            ("colt_t", "2015-02-17T14:10", "Maybe I'll get bumped to first class on Friday:)"),
            ("dee", "2015-02-18T09:00", "If I get bumped off my Boston flight on Monday I am switching airlines."),
            ("eve", "2015-02-19T20:00", "Sitting at the gate, going nowhere."),
        ],
    )
    answer = assistant.ask("When did anyone get bumped?")
    assert answer.short_answer not in ("Friday", "Monday"), answer.text
    assert not answer.text.startswith(("Friday.", "Monday.")), answer.text

    from townsquare.assistant import spans
    from townsquare.assistant.compose import _supposed
    from townsquare.assistant.evidence import Evidence

    def supposed(text: str, time: str, question: str = "When did he get bumped?") -> bool:
        start = text.index(time)
        item = Evidence({"id": "1", "text": text}, 0, 1.0, 1.0)
        return _supposed(item, spans.Span(time, start, start + len(time), 1.0), question)

    assert supposed("Hoping to get bumped on Friday", "Friday")
    assert supposed("On Friday I might get bumped", "Friday")
    # a hedge after what it dates, or the month May, hedges nothing
    assert not supposed("Got bumped on Friday, need a hotel", "Friday")
    assert not supposed("Bumped Friday, hope they don't bump me again", "Friday")
    assert not supposed("Flights on 20 May were late", "20 May", "When were flights late?")
    # a plan answers a question about what is to come (held-in TweetQA: "when will fcb find another gear?")
    assert not supposed('FCB want to "find another gear on Tuesday"', "Tuesday", "when will fcb find another gear?")


FERRY = [
    ("port_a", "2015-02-21T09:00", "The Eastport ferry is running on time this morning."),
    ("port_b", "2015-02-22T08:00", "Eastport ferry cancelled, the harbour is closed by the storm."),
    ("port_c", "2015-02-23T08:00", "The Eastport ferry is back, running a reduced service after the storm."),
    ("port_d", "2015-02-24T08:00", "Eastport ferry crowded today, the day after the reduced service."),
    ("port_e", "2015-02-24T09:00", "Boarding now."),
]


def _days(answer) -> set[str]:
    return {c["created_at"][:10] for c in answer.citations}


def test_and_the_day_after_moves_the_earlier_turns_window_a_day(tmp_path):
    # R11-16: "And the day after?" after "What happened to United flights on Feb 22?" searched the words "day after"
    # in the posts of 22 Feb
    assistant = _assistant(tmp_path, FERRY)
    earlier = ["What happened to the Eastport ferry on Feb 22?"]
    answer = assistant.ask("And the day after?", history=earlier)
    assert not answer.abstained, answer.text
    assert _days(answer) == {"2015-02-23"}, answer.text
    assert "day" not in answer.query.lower(), answer.query
    assert "the day after Feb 22" in answer.text.replace("The day after", "the day after"), answer.text
    # once more: the day after that; the day before the first
    again = assistant.ask("And the day after?", history=[*earlier, "And the day after?"])
    assert _days(again) == {"2015-02-24"}, again.text
    before = assistant.ask("What about the previous day?", history=earlier)
    assert _days(before) == {"2015-02-21"}, before.text
    # a time told from its own ("the day after the storm") is words of the question, not a move
    from townsquare.assistant.evidence import moves_time

    assert moves_time("And the next day?") and moves_time("Who complained two days later?")
    assert not moves_time("What happened the day after the storm?")


def test_and_another_name_after_a_yes_no_question_asks_it_of_that_name(tmp_path):
    # R11-10: "And Delta?" after "Did United cancel flights?" searched "Delta" alone (it works after "What do people
    # say about United?" since review 10)
    from townsquare.assistant.core import same_asked

    assert same_asked("And Delta?", ["Did United cancel flights?"]) == "Did Delta cancel flights?"
    assert same_asked("And Delta?", ["When did United cancel flight 1773?"]) == "When did Delta cancel flight 1773?"
    # the day of the earlier question is no name of it; a time is no name to ask of
    assert same_asked("And Delta?", ["What happened to United flights on Feb 22?"]) == (
        "What happened to Delta flights on Feb 22?"
    )
    assert same_asked("And Friday?", ["Did United cancel flights?"]) is None
    assistant = _assistant(
        tmp_path,
        [
            ("ua_1", "2015-02-22T08:00", "United cancelled my flight to Denver, no reason given."),
            ("dl_1", "2015-02-22T09:00", "Delta cancelled our flight out of Atlanta because of the ice."),
            ("dl_2", "2015-02-22T10:00", "Flying Delta today, lovely crew and good snacks."),
            ("dl_3", "2015-02-22T11:00", "Delta lounge wifi is great."),
        ],
    )
    answer = assistant.ask("And Delta?", history=["Did United cancel flights?"])
    assert not answer.abstained, answer.text
    assert answer.citations[0]["author"] == "dl_1", answer.text
    assert "cancel" in answer.query.lower(), answer.query
