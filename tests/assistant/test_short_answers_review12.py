"""Review 12 (R12-25): a short answer is the answer as a reader would write it: no word the post runs into its
number ("For40 hours."), one sum where the span holds two ("$700 expenses and they offer a refund of $297."), a
quotation closed as the post closes it, the account a post calls "you" as the side of a which-question, and a
name used as a modifier with the noun it modifies ("Former Obama.")."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import assistant_of_posts as _assistant

pytest.importorskip("tantivy")


POSTS = [
    (
        "LeslieWolfson",
        "2015-02-22T21:53",
        "@AmericanAir  you have now lost my luggage for40 hours holding for4 hrs on phone #wtf is this how you treat your loyal passengers?#stranded",
    ),
    (
        "SLKToday",
        "2015-02-19T11:28",
        "@USAirways worst airline ever....left without luggage for 7 days, submit $700 expenses and they offer a refund of $297? #badservice",
    ),
    (
        "lablakeh",
        "2015-02-17T15:38",
        "@SouthwestAir has the worst customer service on earth. Will never fly that airline again.",
    ),
    (
        "misskennedys",
        "2015-02-17T08:30",
        "@SouthwestAir has the WORST customer service of any airline I've ever flown.",
    ),
    (
        "JSHKODNIK",
        "2015-02-20T11:53",
        "@JetBlue has the worst customer service out of any airline company. #dontflythem",
    ),
    (
        "joseglopez00",
        "2015-02-22T17:13",
        "@AmericanAir You have the worst customer service of any airlines I've ever encountered. Flat out awful",
    ),
    (
        "krittercrews",
        "2021-04-08T10:00",
        "Reminder former Obama official Jay Carney is the Senior Vice President of Amazon. #deadlinewh",
    ),
]


def test_a_count_is_written_apart_from_the_word_the_post_runs_into_it(tmp_path):
    answer = _assistant(tmp_path, POSTS).ask("How long was @LeslieWolfson's luggage lost?")
    assert answer.short_answer == "40 hours", answer.text
    assert answer.text.startswith("40 hours. [1]"), answer.text


def test_a_sum_answer_is_the_one_sum_asked_for(tmp_path):
    answer = _assistant(tmp_path, POSTS).ask("How much was the refund @SLKToday was offered?")
    assert answer.short_answer == "$297", answer.text
    assert answer.text.startswith("$297. [1]"), answer.text


def test_the_side_of_a_which_question_is_the_account_a_post_calls_you(tmp_path):
    answer = _assistant(tmp_path, POSTS).ask("Which airline has the worst customer service?")
    labels = {v["label"] for v in answer.viewpoints}
    assert "airlines" not in labels, answer.viewpoints
    assert "AmericanAir" in labels and "SouthwestAir" in labels, answer.viewpoints


def test_a_name_used_as_a_modifier_keeps_its_noun(tmp_path):
    answer = _assistant(tmp_path, POSTS).ask("Who is Jay Carney?")
    assert answer.short_answer is None or answer.short_answer.lower() != "former obama", answer.text
    assert not answer.text.startswith("Former Obama."), answer.text


def test_a_quotation_in_a_short_answer_is_closed_as_the_post_closes_it():
    from townsquare.assistant import spans
    from townsquare.assistant.compose import _spelled
    from townsquare.assistant.evidence import Evidence

    text = '@user milahu was banned from nixos for an accusation of "hate speech" that was never proven.'
    item = Evidence({"id": "1", "text": text}, 0, 1.0, 1.0)
    start = text.index("accusation")
    cut = 'accusation of "hate speech'
    assert _spelled(item, spans.Span(cut, start, start + len(cut), 1.0)) == 'accusation of "hate speech"'
    # a mark whose quotation the post never closes near by is left out
    text = '@user he said "we will fly again and again and again and again and again and never stop flying'
    item = Evidence({"id": "2", "text": text}, 0, 1.0, 1.0)
    start = text.index('"we')
    cut = '"we will fly'
    assert _spelled(item, spans.Span(cut, start, start + len(cut), 1.0)) == "we will fly"


def test_a_noun_the_question_has_is_not_added_to_a_who_answer():
    from townsquare.assistant import spans
    from townsquare.assistant.compose import _with_head_noun
    from townsquare.assistant.evidence import Evidence

    # held-in TweetQA: "new Redskins" answered "Who could he be a new mascot for?"; "mascot" is what is asked of
    text = "He could be the new Redskins mascot this year"
    item = Evidence({"id": "1", "text": text}, 0, 1.0, 1.0)
    start = text.index("new")
    span = spans.Span("new Redskins", start, start + len("new Redskins"), 1.0)
    assert _with_head_noun("Who could he be a new mascot for?", item, span).text == "new Redskins"
    assert _with_head_noun("Who is he?", item, span).text == "new Redskins mascot"
