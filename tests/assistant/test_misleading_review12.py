"""Review 12's yes/no findings left open (R12-17, R12-22a) and the yes/no bench's false dispute "Is anyone answering
the phone at American Airlines?": a larger number is no other side of "over 2 hours", and a question asking whether
something is going on ("Is the phone line working?") is told by a post with its verb, not by one with its nouns
alone ("your phone lines suck", "Redline always picks up the phone")."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

POSTS = [
    # hold times
    ("ann", "@redline 2 hours on hold again. HELP!!"),
    ("bob", "@redline I've been on hold for over 2 hours. Need to rebook a flight, please help."),
    ("cat", "@redline on hold 2 hours 40 minutes. What's going on?"),
    ("dan", "@redline I called the help line and 4 hours later I was called back. I sat on hold for a long time"),
    ("eve", "@redline gave up after more than 2 hours on hold. Still need that receipt."),
    # the phone line
    ("fay", "@NorthwindAir your phone lines suck. I have a dilemma."),
    (
        "gil",
        "@NorthwindAir Fastest response all day. Hour on the phone: never got off hold. Hour in line: never got to the desk.",
    ),
    ("gus", "@NorthwindAir A-list preferred line phone wait was 15 minutes. I hung up, not feeling A-list-ey!"),
    (
        "hal",
        "@NorthwindAir having trouble rebooking a cancelled flight. no one picking up phones and your site isn't working.",
    ),
    ("hep", "@NorthwindAir Is there a way to get a refund online instead of calling? Your phone lines are super busy"),
    (
        "ida",
        "@user glad this airline is going to be swallowed by Northwind!!! Northwind always picks up the phone and solves problems.",
    ),
    (
        "ivy",
        "@user My reservation is on hold, not me. Wish I was on hold but that's not possible with the phone issues at #northwind",
    ),
    ("joy", "@NorthwindAir the phone line is working again, got through in 5 minutes. Thanks!"),
    ("ken", "@NorthwindAir someone is finally answering the phone, took 3 tries but it is sorted."),
    (
        "ike",
        "@user i have tried getting help from agents, the phone, twitter, and FB. Can no one at Northwind Airlines help me?",
    ),
    ("jo", "The harbour café has new opening hours from Monday."),
    ("kim", "Road works on Quay Street until Friday."),
]


@pytest.fixture(scope="module")
def airline(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("redline15")
    return Assistant(_index_of(path, [t for _, t in POSTS], authors=[a for a, _ in POSTS]))


def test_a_larger_number_is_no_other_side_of_over_n(airline):
    # R12-17: "Is the US Airways hold time over 2 hours?" was "Posts disagree." with a side "4" (4 hours is over 2)
    answer = airline.ask("Is the Redline hold time over 2 hours?")
    assert not answer.text.startswith("Posts disagree"), (answer.text, answer.viewpoints)
    assert not any(v["label"] == "4" for v in answer.viewpoints), answer.viewpoints
    assert not answer.abstained, answer.text


def test_a_number_beyond_the_bound_is_still_the_other_side():
    from townsquare.assistant.compose import _within, count_bound

    assert count_bound("Is the hold time over 2 hours?") == (2.0, 1)
    assert count_bound("Were fewer than 10 flights cancelled?") == (10.0, -1)
    assert count_bound("Did 2,000 homes lose power?") is None  # a count, not a bound
    assert _within("4", (2.0, 1)) and not _within("1", (2.0, 1))
    assert _within("3", (10.0, -1)) and not _within("12", (10.0, -1))


@pytest.mark.parametrize(
    ("question", "text", "says"),
    [
        # R12-22a: "your phone lines suck" and "Hour on the phone: never got off hold" were the "yes, it is
        # working" side of "Is Southwest's phone line working?"
        ("Is Northwind's phone line working?", "@NorthwindAir your phone lines suck. I have a dilemma.", False),
        ("Is Northwind's phone line working?", "@NorthwindAir Hour on the phone line: never got off hold.", False),
        ("Is Northwind's phone line working?", "@NorthwindAir the phone line is working again, got through.", True),
        # the yes/no bench's "Is anyone answering the phone at American Airlines?" was "Posts disagree." with
        # "American always picks up the phone and solves problems." (written to US Airways) as its yes side
        (
            "Is anyone answering the phone at Northwind Airlines?",
            "@user glad this airline is going to be swallowed by Northwind!!! Northwind always picks up the phone.",
            False,
        ),
        (
            "Is anyone answering the phone at Northwind Airlines?",
            "@NorthwindAir someone is finally answering the phone at Northwind Airlines, it is sorted.",
            True,
        ),
        # on the airline index with mentions kept, its yes side was an order shouted in a run-on sentence
        (
            "Is anyone answering the phone at Northwind Airlines?",
            "@NorthwindAir OMG ANSWER YOUR PHONE I HAVE BEEN ON HOLD FOR 1.5 hours",
            False,
        ),
    ],
)
def test_a_post_says_what_is_going_on_with_its_verb(question, text, says):
    from townsquare.assistant.compose import ExtractiveComposer
    from townsquare.assistant.text import content_stems

    assert ExtractiveComposer()._asserts(text, question, content_stems(question)) is says


def test_the_verb_asked_in_ing_is_the_claim():
    from townsquare.assistant.claim import asked_claim

    claim = asked_claim("Is anyone answering the phone at American Airlines?")
    assert claim is not None and (claim.verb, claim.object, claim.ongoing) == ("answer", "phone", True)
    assert asked_claim("Is Southwest's phone line working?").verb == "work"
    assert asked_claim("Is the Quarry Lane building open?") is None  # a noun in "-ing", no verb of its own
    assert asked_claim("Is the parking free?") is None
    assert not asked_claim("Did anyone get a refund?").ongoing


def test_cannot_get_them_to_answer_denies_answering():
    # the other post of that yes side: "I still can't get them to answer their phones" says no one answers
    from townsquare.assistant.compose import _denies
    from townsquare.assistant.text import content_stems

    topic = content_stems("Is anyone answering the phone at Northwind Airlines?")
    assert _denies("@NorthwindAir followed me, but I still can't get them to answer their phones. Worst.", topic)
    assert _denies("@NorthwindAir I couldn't get anyone to answer the phone", topic)
    assert not _denies("@NorthwindAir they answered the phone, but I can't get a refund", topic)
