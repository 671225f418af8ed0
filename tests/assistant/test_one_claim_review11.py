"""Review 11's wrong "Yes." leads on the airline tweets (handles kept): a post with a yes/no question's words is
no "Yes." unless the question's verb and what it asks of it are one claim of the post, told as what happened
("I'm leaving Redline for Bluebird" is a plan), said of all where the question says "all" ("all its flights to
Nashville" is one route), with its fixed phrase ("on time"; not "3rd time flying"), and not the poster's own
action in other words ("I had to call back" gets no call back; "enjoyed sitting on the tarmac" enjoys no
flight). The posts are this test's own, written after the real ones."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

from townsquare.assistant.claim import asked_claim, tells_claim

WRONG = [
    (
        "ana",
        "Redline delayed our flight on the way to Chicago and leaving Chicago tonight. I'm leaving Redline for "
        "Bluebird next month.",
    ),
    (
        "ben",
        "Redline on standby to Denver, which has been delayed, and a confirmed seat to Aspen, whose flights have "
        "been cancelled all day.",
    ),
    ("bo", "Redline thank you for getting our daughter home when Bluebird cancelled all their flights to Nashville"),
    ("cai", "Redline 3rd time flying Redline in two years. Have another trip back to Cancun in October."),
    (
        "dee",
        "Redline UR employee at the ticket counter in Philly. EXTREMELY RUDE! a father trying to get home to sick "
        "kid missed flight.",
    ),
    ("eli", "Redline stranded after a funeral and missing out on my last semester of college."),
    ("fay", "Redline really enjoyed sitting on the tarmac for 3 hours on my flight to Denver"),
    ("gus", "Redline I had to call back five times to get someone on the phone. Fares went up by $200."),
    ("hal", "The weather in Denver is cold again today, snow expected tonight."),
    ("ivy", "Bluebird buses were on time all week, the drivers are friendly."),
]

RIGHT = [
    ("jo", "Redline I left Redline for Bluebird last year, best decision I made"),
    ("kim", "Redline I got sick on the flight to Denver, the crew was kind about it"),
    ("lou", "Redline I missed my grandmother's funeral because of your delays"),
    ("max", "Redline finally got a call back after 3 hours on hold"),
    ("ned", "The weather in Denver is cold again today, snow expected tonight."),
    ("ola", "Bluebird buses were on time all week, the drivers are friendly."),
]


def _assistant(tmp_path_factory, name, posts):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp(name)
    return Assistant(_index_of(path, [t for _, t in posts], authors=[a for a, _ in posts]))


@pytest.fixture(scope="module")
def wrong(tmp_path_factory):
    return _assistant(tmp_path_factory, "one_claim_wrong", WRONG)


@pytest.fixture(scope="module")
def right(tmp_path_factory):
    return _assistant(tmp_path_factory, "one_claim_right", RIGHT)


@pytest.mark.parametrize(
    "question",
    [
        "Did anyone leave Redline for Bluebird?",
        "Did Redline cancel all flights?",
        "Did Redline fly on time?",
        "Did anyone get sick on a flight?",
        "Did anyone miss a funeral?",
        "Did anyone enjoy their flight?",
        "Did anyone get a call back?",
    ],
)
def test_no_lead_from_the_words_of_another_claim(wrong, question):
    answer = wrong.ask(question)
    assert not answer.text.startswith(("Yes.", "No.")), answer.text
    assert answer.short_answer not in ("Yes", "No"), answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Did anyone leave Redline for Bluebird?",
        "Did anyone get sick on a flight?",
        "Did anyone miss a funeral?",
        "Did anyone get a call back?",
    ],
)
def test_a_post_telling_the_claim_still_leads_yes(right, question):
    answer = right.ask(question)
    assert answer.text.startswith("Yes. [1]"), answer.text


@pytest.mark.parametrize(
    ("question", "sentence", "told"),
    [
        ("Did anyone leave United for Delta?", "I'm leaving United for Delta", False),  # a plan
        ("Did anyone leave United for Delta?", "I will switch to Delta and leave United", False),
        ("Did anyone leave United for Delta?", "@united left you for @delta and never looked back", True),
        ("Did United cancel all flights?", "United cancelled my flight to Aspen", False),  # not all
        ("Did United cancel all flights?", "United cancelled all flights out of Newark today", False),  # one airport
        ("Did United cancel all flights?", "@united All flights cancelled today", True),
        ("Did United cancel all flights?", "thanks when @americanair cancelled all flights", False),  # another's
        ("Did Southwest fly on time?", "Southwest never leaves on time", False),
        ("Did Southwest fly on time?", "3rd time flying Southwest this year", False),
        ("Did Southwest fly on time?", "We flew on time with Southwest today", True),
        ("Did anyone get sick on a flight?", "getting sick because you overbooked the flight", False),
        ("Did anyone enjoy their flight?", "Everyone on flight 669 enjoyed waiting an hour in baggage claim", False),
        ("Did anyone enjoy their flight?", "Really enjoyed my flight, thanks crew", True),
        ("Did anyone get a call back?", "I keep getting told to call back", False),
        ("Did anyone miss a funeral?", "my mother's funeral was missed because of you", True),  # told passive
        # "get upgraded" asks the participle's claim
        ("Did anyone get upgraded to first class?", "you upgraded three of your crew to first class", True),
        ("Did Redline lose a bag?", "Redline my bag was lost on flight 22 to Denver", True),
        # a preposition before a participle is no fixed phrase: "with soaked" need not be written as asked
        (
            "Did anyone arrive at a hotel with soaked suitcases?",
            "We arrived at the hotel with our suitcases soaked.",
            True,
        ),
        ("Did anyone get stuck on hold?", "got stuck in traffic, then put on hold", False),
    ],
)
def test_one_claim_of_the_verb_and_what_it_asks(question, sentence, told):
    claim = asked_claim(question)
    assert claim is not None
    assert tells_claim(claim, sentence) is told


def test_a_noun_before_the_verb_is_no_verb():
    claim = asked_claim("Did the Quarry Lane water main burst last month?")
    assert claim is not None and claim.verb == "burst", claim
    assert tells_claim(claim, "Quarry Lane water main burst again, third time since 2019.")


def test_a_question_with_no_verb_of_its_own_asks_no_claim():
    assert asked_claim("Is the bus to Ashby on time?") is None
    assert asked_claim("Was anyone bumped from a flight?") is None
