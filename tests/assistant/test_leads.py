"""The short answer that leads: from a post that tells, not one that only asks (review 7, R7-30), and of the type
the question asks for (review 8, R8-24)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")


@pytest.mark.parametrize(
    ("texts", "question", "told", "asked"),
    [
        (
            [
                "Does the Winter Market open at 10am on Saturday?",
                "The Winter Market opens at 9am on Saturday in Church Square.",
                "Lovely crafts at the market.",
            ],
            "What time does the Winter Market open on Saturday?",
            "9am",
            "10am",
        ),
        (
            [
                "Is the Weir Lane bridge closed until Friday?",
                "Weir Lane bridge is closed until Monday for repairs, says the council.",
                "Traffic is bad on the High Street.",
            ],
            "Until when is the Weir Lane bridge closed?",
            "Monday",
            "Friday",
        ),
        (
            ["Did Mayor Ko cancel the parade?", "The council cancelled the Lantern Parade because of the storm."],
            "Who cancelled the parade?",
            "council",
            "Mayor Ko",
        ),
    ],
)
def test_a_post_that_only_asks_gives_no_lead_while_a_post_that_tells_answers(tmp_path, texts, question, told, asked):
    """'Does the Winter Market open at 10am?' led with '10am' (R7-30), and 'Is it closed until Friday?' was a side
    'Friday' against the council's 'Monday': a question post states nothing. It is no "also wrote" either."""
    from townsquare.assistant import Assistant

    answer = Assistant(_index_of(tmp_path, texts)).ask(question)
    assert answer.short_answer == told, answer.text
    assert asked not in answer.text and not answer.viewpoints, answer.text


def test_a_post_that_only_asks_still_answers_where_no_post_tells(tmp_path):
    from townsquare.assistant import Assistant

    texts = ["Does the Winter Market open at 10am on Saturday?", "Lovely crafts at the market."]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What time does the Winter Market open on Saturday?")
    assert answer.short_answer == "10am", answer.text


_TOWN = [
    "Lost dog near Church Square, brown spaniel called Biscuit. Call me if you see him.",
    "My dad found a wallet on the High Street and handed it in at the library.",
    "The volunteers cleared the snow from the school path this morning.",
    "Town council meets on Tuesday, December 8 at 7pm in the Town Hall to vote on the 2027 budget.",
]


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    from townsquare.assistant import Assistant

    return Assistant(_index_of(tmp_path_factory.mktemp("town"), _TOWN))


def test_a_who_lead_is_someone_not_the_dog_the_post_is_about(town):
    """'Who found a lost dog?' led with 'Brown spaniel.' (R8-24): the post says the dog was lost, and a breed is
    no who. The post is quoted, with no lead; a plain noun for people still leads ("dad", "volunteers")."""
    answer = town.ask("Who found a lost dog?")
    assert answer.short_answer is None and "Biscuit" in answer.text and not answer.text.startswith("Brown")
    assert town.ask("Who found a wallet?").short_answer == "dad"
    assert town.ask("Who cleared the snow?").short_answer == "volunteers"


def test_a_where_lead_that_is_a_clause_is_the_place_it_names(town):
    """'Where is the council meeting?' led with the whole 'Town council meets on Tuesday, December 8 at 7pm in the
    Town Hall' (R8-24's low note): the place is the phrase after 'in', not the time after 'at' or 'on'."""
    answer = town.ask("Where is the council meeting?")
    assert answer.short_answer == "the Town Hall" and answer.text.startswith("The Town Hall. [1]"), answer.text
    assert town.ask("Where was the wallet found?").short_answer == "High Street"
