"""Review 9 (R9-16, R9-9): a what-happened question answered by the post the reader finds an answer in, not the
more relevant one it does not; "Is the ferry running?" answered by a post saying it is suspended; follow-ups that
keep the earlier turn's subject ("Who said it was on time?", "And @lena?", "Do people agree?")."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")


def _ids(answer) -> list[str]:
    return [c["id"] for c in answer.citations]


# the reviewer's index, newest first (its canary words out, but for the ferry post's: the reader reads "storm" there
# at a margin of -1.7 with it, over the threshold but not by enough to outrank the more relevant wallet post)
TOWN = [
    ("gus", "2026-12-04T10:00", "The skate park is a great addition to Mill Pond"),
    ("fay", "2026-12-04T10:00", "I think the skate park is great for teens"),
    ("wren", "2026-12-04T10:00", "The skate park at Mill Pond is a waste of money (wren 3)"),
    ("alice", "2026-12-04T09:00", "The skate park at Mill Pond is a waste of money"),
    ("bob", "2026-12-03T13:00", "Quoting this about the winter market https://t.co/abc"),
    (
        "alice",
        "2026-12-03T12:00",
        "Found a blue wallet near the ferry. Owner please email <EMAIL> or call <PHONE>. I live at <ADDRESS>, Millbrook.",
    ),
    ("bob", "2026-12-03T12:00", "@user agreed, the skate park lights stay on too late"),
    ("tomasz", "2026-12-03T10:00", "Water rates in Millbrook rise by 6 percent from January (tomasz 12)"),
    ("tomasz", "2026-12-03T10:00", "The winter market opens on Saturday at the town square (tomasz 7)"),
    ("bob", "2026-12-03T08:00", "Bus 12 was on time today for once"),
    ("pike", "2026-12-02T10:00", "The skate park at Mill Pond is a waste of money (pike 11)"),
    ("pike", "2026-12-02T10:00", "Bus 12 to Ashby was 20 minutes late again this morning (pike 6)"),
    ("lena", "2026-12-01T10:00", "The winter market opens on Saturday at the town square (lena 15)"),
    ("lena", "2026-12-01T10:00", "The new skate park at Mill Pond is fantastic, my kids love it (lena 10)"),
    ("lena", "2026-12-01T10:00", "The library on Quarry Lane opens late on Thursdays now (lena 5)"),
    ("alice", "2026-12-01T09:00", "The Millbrook ferry is suspended today because of the storm zqxpubarch0q"),
]
FERRY, ON_TIME, WATER, LENA_SKATE, GUS = "15", "9", "7", "13", "0"


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    from datetime import UTC, datetime

    from townsquare.assistant import Assistant

    authors, dates, texts = zip(*TOWN, strict=True)
    dates = [datetime.fromisoformat(d).replace(tzinfo=UTC) for d in dates]
    return Assistant(_index_of(tmp_path_factory.mktemp("town"), list(texts), authors=list(authors), dates=dates))


def test_what_happened_with_a_topic_is_told_by_the_post_the_reader_reads_an_answer_in(town):
    pytest.importorskip("torch")
    # the wallet post ("near the ferry") ranked first and the reader read no answer in it: it abstained, with the
    # ferry post, which the reader does read an answer in, second
    for question in ("What happened with the ferry?", "What happened to the ferry?"):
        answer = town.ask(question)
        assert not answer.abstained and _ids(answer) == [FERRY], (question, answer.text)


def test_a_post_stating_a_state_that_denies_the_one_asked_answers_a_yes_no_question(town):
    # "The Millbrook ferry is suspended today" lacks "running": each abstained
    for question in ("Is the ferry running?", "Is the ferry running this week?", "Is the Millbrook ferry running?"):
        answer = town.ask(question)
        assert answer.short_answer == "suspended" and _ids(answer) == [FERRY], (question, answer.text)
    from townsquare.assistant.text import implied_options

    assert implied_options("Is the library open today?")[:2] == (("open",), ("suspended",))
    assert implied_options("Is the ferry running or cancelled?") is None  # a choice of its own
    assert implied_options("Is the ferry late?") is None


def test_who_said_it_after_a_question_keeps_its_subject_not_its_time_or_what_it_asked(town):
    # "it" is bus 12; "late" is what the earlier turn asked of it, which the claim replaces, and "December 3" a
    # time, no word of the post
    for history in (
        ["Is bus 12 late?", "What about on December 3?"],
        ["Is bus 12 running late this morning?"],
    ):
        answer = town.ask("Who said it was on time?", history=history)
        assert not answer.abstained and answer.short_answer == "@bob" and _ids(answer) == [ON_TIME], (
            history,
            answer.text,
        )


def test_and_a_handle_after_what_someone_said_about_a_topic_asks_what_they_said_about_it(town):
    earlier = ["What did @alice say about the skate park?"]
    answer = town.ask("And @lena?", history=earlier)
    assert _ids(answer) == [LENA_SKATE], answer.text  # it listed her market, skate park and library posts
    then = town.ask("What about @gus?", history=[*earlier, "And @lena?"])
    assert _ids(then) == [GUS], then.text


def test_do_people_agree_asks_about_the_earlier_claim(town):
    from townsquare.assistant.evidence import is_follow_up

    answer = town.ask("Do people agree?", history=["Who said water rates rise by 6 percent?"])
    # it quoted "@user agreed, the skate park lights stay on too late" (the word "agreed")
    assert _ids(answer) == [WATER] and answer.text.startswith("1 author says it"), answer.text
    assert is_follow_up("Did anyone disagree?") and is_follow_up("Does everyone agree with that?")
    assert not is_follow_up("Did anyone disagree with the mayor about the skate park?")
