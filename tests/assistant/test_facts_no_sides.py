"""Factual questions are not split into sides of opinion (session 13). On held-in TweetQA "what did obama say in his
speech?" was answered "Posts disagree.": one post praised a speech, another called him a liar, and neither is what
he said; a question asking what people think of it still gets its sides."""

from __future__ import annotations

import pytest

from townsquare.assistant import Assistant
from townsquare.assistant.viewpoints import asks_opinion

from .test_assistant import _index_of

SPEECH = [
    "Obama said in his speech that Muslims are our sports heroes. What sport is he talking about?",
    "Incredible speech by Obama tonight, so proud of our president",
    "Obama is such a liar, that speech was a disgrace #ObamaSpeech",
    "Terrible speech from Obama, the worst of his career",
    "Loved the Obama speech, brilliant and moving",
    "The ferry to Millbrook is suspended until Friday",
]


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    return Assistant(_index_of(tmp_path_factory.mktemp("speech13"), SPEECH))


def test_what_a_named_speaker_said_is_answered_by_what_they_said_not_by_sides(speech):
    answer = speech.ask("what did obama say in his speech?")
    assert not answer.viewpoints, answer.viewpoints
    assert "Posts disagree" not in answer.text, answer.text
    assert "sports heroes" in answer.text, answer.text


def test_what_people_say_of_the_same_speech_still_has_its_sides(speech):
    answer = speech.ask("What do people say about the Obama speech?")
    assert {v["label"] for v in answer.viewpoints} >= {"for", "against"}, answer.text


SKATE = [
    "Mayor Odessa Vance says she fully supports the Mill Pond skate park and will fund it from the parks budget",
    "The Mill Pond skate park is a brilliant idea, the kids love it",
    "The Mill Pond skate park is a waste of money, terrible idea",
    "Against the Mill Pond skate park, it will be noisy and dangerous",
    "Great news about the Mill Pond skate park, love it",
    "The ferry to Millbrook is suspended until Friday",
]


def test_what_one_named_person_thinks_is_no_dispute_of_everyone_elses_views(tmp_path):
    # "what does hilary think voting should be made?" and "is breanna for or against the picture?" were "Posts
    # disagree." on held-in TweetQA: the stances of all who posted on it, where one person's view was asked; here
    # "Against the Mill Pond skate park ..." (someone else) was quoted first for the mayor
    assistant = Assistant(_index_of(tmp_path, SKATE))
    for question in (
        "Is the mayor for or against the Mill Pond skate park?",
        "Does the mayor support it? (skate park)",
    ):
        answer = assistant.ask(question)
        assert not answer.viewpoints and "Posts disagree" not in answer.text, answer.text
        assert "Against the Mill Pond" not in answer.text and "Odessa Vance" in answer.text, answer.text
    assert assistant.ask("Does the mayor support the Mill Pond skate park?").short_answer == "Yes"
    people = assistant.ask("What do people think of the Mill Pond skate park?")
    assert {v["label"] for v in people.viewpoints} >= {"for", "against"}, people.text


def test_a_named_speaker_or_holder_makes_a_question_factual():
    for question in (
        "what did obama say in his speech?",
        "What has the mayor said about the bridge?",
        "what does hilary think voting should be made?",
        "is breanna for or against the picture?",
        "Does the mayor support the plan?",
        "What did the mayor say she thinks of it?",
    ):
        assert not asks_opinion(question), question
    for question in (
        "What do people say about United?",
        "what did fans say?",
        "Is the skate park good?",
        "How do riders feel about the new buses?",  # many holders
        "Do residents like it?",
        "What do you think of United?",
    ):
        assert asks_opinion(question), question
