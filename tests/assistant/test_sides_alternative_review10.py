"""Review 10 (R10-3): the side a post takes toward the brand it names as the alternative to another one, and posts
that refuse it ("never fly JetBlue", "hell no")."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of
from tests.assistant.test_sides_review10 import _authors_of

# posts complaining of one bus company (Redline, named or answered as @user) that choose, praise or refuse Bluebird
BUSES = [
    (
        "kit",
        "@user another fail for the Redline drivers downtown. Less than helpful and could care less about us. "
        "Bluebird here we come.",
    ),
    (
        "noor",
        "@user I'm glad this company is going to be bought by Bluebird!!! Bluebird always picks up the phone and "
        "solves problems.",
    ),
    ("abe", "@user and here i thought Bluebird was bad. Horrible service."),
    ("lu", "@user well, now I'll make sure to never ride Bluebird"),
    ("sam", "No Bluebird… Just… no “@user: Our buses are on fleek.”"),
    ("vee", "“@user: Our buses are on fleek.” really Bluebird? #fleek?!!! hell no... yall petty"),
    ("pem", "I love Bluebird, always on time and the drivers are friendly."),
    ("ravi", "Bluebird was late again this morning, terrible service."),
]


@pytest.fixture(scope="module")
def buses(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("alternative")
    return Assistant(_index_of(path, [t for _, t in BUSES], authors=[a for a, _ in BUSES]))


def test_choosing_or_praising_the_alternative_is_for_it(buses):
    # "another fail for the United ticket agents ... American here we come." and "... swallowed by American!!!
    # American always picks up the phone and solves problems." were counted AGAINST American; "and here i thought
    # American was bad. Horrible Service." (of United: worse than American) too
    answer = buses.ask("What do people say about Bluebird?")
    assert {"kit", "noor"} <= _authors_of(answer, "for"), answer.viewpoints
    assert not {"kit", "noor", "abe"} & _authors_of(answer, "against"), answer.viewpoints


def test_refusing_the_subject_is_against_it(buses):
    # "well, now I'll make sure to never fly JetBlue", "No JetBlue… Just… no", "really JetBlue? #fleek?!!! hell no"
    # took neither side
    answer = buses.ask("What do people say about Bluebird?")
    assert {"lu", "sam", "vee"} <= _authors_of(answer, "against"), answer.viewpoints


def test_the_rules_read_a_post_toward_its_subject():
    from townsquare.assistant.viewpoints import lexicon_counts, stances

    # what it always does: the lexicon's side of the clause after it
    assert stances(["Bluebird always ruins my mornings."], subject=["bluebird"]) == [-1]
    # a problem solved is no complaint, where a clause is read of one thing (not a demand: "fix the problem!")
    assert lexicon_counts("they fixed my problem in a minute", solved=True) == (1, 0)
    assert lexicon_counts("fix the problem!", solved=True) == (0, 1)
    assert stances(["Bluebird always solves problems."], subject=["bluebird"]) == [1]
    # what the writer thought is what they think no longer
    assert stances(["I thought Bluebird was great. Guess not."], subject=["bluebird"]) == [-1]
    # "no" before a name that goes on is no refusal ("No Bluebird buses run on Sundays")
    assert stances(["No Bluebird buses run on Sundays."], subject=["bluebird"]) == [0]
    # "never ridden" is no choice
    assert stances(["I have never ridden Bluebird."], subject=["bluebird"]) == [0]
    # "just no hold music" is no refusal
    assert stances(["Bluebird customer line: just no hold music at all"], subject=["bluebird"]) == [0]
