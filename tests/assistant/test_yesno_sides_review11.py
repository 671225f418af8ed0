"""Review 11 (R11-2, R11-12): the sides of a yes/no question are whether a post states what it asks. A post that
asks for it ("please refund my fare", "Apologize to ...") states neither side; a denial word that is the word asked
about ("I was denied boarding") is no denial; "never ... on time" denies "on time"; "no worries" and "not just"
deny nothing; and "Is X the best ...?" asks an opinion, not a fact a post makes "Yes."."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

POSTS = [
    ("ana", "@user I want my refund for the cancelled crossing Bluebird. Sick of waiting."),
    ("ben", "@user please refund my fare Bluebird, the ferry never came"),
    ("cal", "@user Refund my fare now Bluebird! Disgraceful service today."),
    ("dee", "@user Bluebird refunded my fare within a day, great service"),
    ("eve", "@user not just refunded by Bluebird, they gave us a free cabin too"),
    ("fay", "@user Bluebird said they would give us a refund. 30 days later no refund at all."),
    ("gil", "@user I was denied boarding by Bluebird at Ashby and I now lost my bag. Help!"),
    ("hal", "@user After I was denied boarding by Bluebird the ferry sat at the pier for an hour."),
    ("ivy", "@bluebird Apologize to the mayor now. The crew blamed him for the delay."),
    ("jon", "@user no worries the Bluebird agent was lovely and apologized for yesterday"),
    ("kai", "@user Bluebird apologized to everyone on the late crossing, fair play"),
    ("kim", "@user Bluebird never apologized to us for the four hour delay"),
    ("lou", "@user continuing your record of never having a ferry leave on time. #bluebird"),
    ("max", "@user why do you bother running ferries if they never leave on time? #bluebird"),
    ("ned", "@user my Bluebird ferry left on time this morning, well done"),
    ("oli", "@user Bluebird is the best ferry company, lovely crew and always on time"),
    ("pam", "@user Bluebird is the worst ferry company, dirty boats and rude crew"),
    ("quin", "@user Greenline is the worst ferry company on the coast."),
    ("lee", "The harbour café has new opening hours from Monday."),
    ("jo", "Road works on Quay Street until Friday."),
]


@pytest.fixture(scope="module")
def ferries(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("ferries11")
    return Assistant(_index_of(path, [t for _, t in POSTS], authors=[a for a, _ in POSTS]))


def _authors_of(answer, label: str) -> set[str]:
    view = next((v for v in answer.viewpoints if v["label"] == label), None)
    return set() if view is None else {answer.citations[n - 1]["author"] for n in view["citations"]}


def _cited(answer) -> list[str]:
    return [c["author"] for c in answer.citations]


def test_a_post_asking_for_it_is_on_neither_side(ferries):
    # R11-2: "I want my refund" led the "yes" side of "Did United refund anyone?"
    answer = ferries.ask("Did Bluebird refund anyone?")
    asking = {"ana", "ben", "cal"}
    assert not asking & (_authors_of(answer, "yes") | _authors_of(answer, "no")), (answer.text, answer.viewpoints)


def test_not_just_it_says_it(ferries):
    # "not just refunded, but ... a free room night" was on the "no" side
    answer = ferries.ask("Did Bluebird refund anyone?")
    assert "eve" not in _authors_of(answer, "no"), (answer.text, answer.viewpoints)


def test_the_denial_asked_about_is_no_denial(ferries):
    # R11-2: "I was denied boarding" was the "no" side of "Was anyone denied boarding?"
    answer = ferries.ask("Was anyone denied boarding?")
    assert not answer.text.startswith("No."), answer.text
    assert not {"gil", "hal"} & _authors_of(answer, "no"), (answer.text, answer.viewpoints)
    assert _cited(answer)[0] in {"gil", "hal"}, answer.text


def test_a_demand_and_no_worries_take_no_side(ferries):
    # R11-2: "Apologize to the President" was the "yes" side of "Did United apologize?", and "no worries ... agent
    # ... apologized for yesterday" the "no" side
    answer = ferries.ask("Did Bluebird apologize?")
    assert "ivy" not in _authors_of(answer, "yes") and "jon" not in _authors_of(answer, "no"), (
        answer.text,
        answer.viewpoints,
    )


def test_never_having_it_leave_on_time_denies_it(ferries):
    # R11-2: "never having a flight leave on time" led the "yes" side of "Did any flight leave on time?"
    answer = ferries.ask("Did any ferry leave on time?")
    assert "lou" not in _authors_of(answer, "yes"), (answer.text, answer.viewpoints)


def test_an_opinion_asked_as_yes_no_is_no_yes(ferries):
    # R11-12: "Is United the best airline?" and "Is United the worst airline?" were both "Yes."
    from townsquare.assistant.viewpoints import asks_opinion

    for question in ("Is Greenline the best ferry company?", "Is Greenline the worst ferry company?"):
        answer = ferries.ask(question)
        assert not answer.text.startswith(("Yes.", "No.")), answer.text
        assert answer.short_answer not in ("Yes", "No"), answer.text
    assert not asks_opinion("Is the best route to Ashby closed?")  # the superlative names the subject
