"""Review 11 (R11-1): a "Yes."/"No." lead only from a post that states what a yes/no question asks. An order ("go
bankrupt again"), a request ("please refund my ticket"), a question without its mark ("when are you flying to
hawaii"), a want ("we need compensation") or one writer's judgment ("nice", "the worst") states nothing; "I was
denied boarding" is no "No." to "Did Redline deny anyone boarding?"."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

POSTS = [
    ("ana", "Redline go bankrupt again and transfer all of your assets to Bluebird. That would be great."),
    ("ben", "Redline please refund my ticket. What a terrible experience. #redlinefail"),
    ("cai", "Redline when are you flying to hawaii"),
    ("dee", "Redline I was denied boarding & I now lost my bag. Help!"),
    ("eli", "Redline it's be nice to have some level of consistency from the flight attendants. Quality control???"),
    ("fay", "Redline I'm trying to get to my final destination, we need compensation. 2hrs wasted."),
    ("gus", "Redline OMG!!! you just bumped me off the last flight. Can this get any worse."),
    ("hal", "Redline well the flight to DCA was delayed and it made us miss our connection to FLL so yes hotels."),
    ("ivy", "Bluebird buses were on time all week, the drivers are friendly."),
    ("jo", "The weather in Denver is cold again today, snow expected tonight."),
]


@pytest.fixture(scope="module")
def square(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("yesno11")
    return Assistant(_index_of(path, [t for _, t in POSTS], authors=[a for a, _ in POSTS]))


@pytest.mark.parametrize(
    "question",
    [
        "Did Redline go bankrupt?",
        "Did Redline refund anyone?",
        "Is anyone flying to Hawaii?",
        "Did anyone get compensation?",
        "Were the flight attendants nice?",
    ],
)
def test_no_yes_or_no_lead_from_a_post_that_states_nothing(square, question):
    answer = square.ask(question)
    assert answer.short_answer not in ("Yes", "No"), answer.text
    assert not answer.text.startswith(("Yes.", "No.")), answer.text


@pytest.mark.parametrize(
    "question",
    # "I was denied boarding" states it: its "denied" is the thing asked, no denial (it led "No.")
    ["Was anyone bumped from a flight?", "Did anyone miss a connection to FLL?", "Did Redline deny anyone boarding?"],
)
def test_a_post_stating_it_still_leads_yes(square, question):
    answer = square.ask(question)
    assert answer.text.startswith("Yes. [1]"), answer.text


def test_what_a_sentence_states():
    from townsquare.assistant.statements import states as _states

    assert not _states("@united go bankrupt again and transfer all of your assets")
    assert not _states("@SouthwestAir please refund my ticket")
    assert not _states("@VirginAmerica when are you flying to hawaii")
    assert not _states("Is my flight on time")
    assert _states("Thank you for the offer of a $1000 travel certificate #unitedairlines")
    assert _states("well the flight was delayed and it made us miss our connection")
    assert _states("OMG!!! you just bumped me off the last flight.")
