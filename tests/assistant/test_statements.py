"""One reading of what a sentence states (``statements.py``), for a yes/no question's lead and for its sides: a
question (with or without its mark) states nothing, an order's clause is cut and what follows it still states, a
request or wish is cut from its word to its clause's end; and a side, like the lead, tells the question's claim
(``claim.tells_claim``). The posts are this test's own."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

from townsquare.assistant.statements import stated, states

OTHERS = [
    ("hal", "The weather in Denver is cold again today, snow expected tonight."),
    ("ivy", "Bluebird buses were on time all week, the drivers are friendly."),
    ("jo", "Redline the crew on the Chicago flight were lovely today"),
]


def _ask(tmp_path, posts, question):
    from townsquare.assistant import Assistant

    posts = posts + OTHERS
    return Assistant(_index_of(tmp_path, [t for _, t in posts], authors=[a for a, _ in posts])).ask(question)


def test_what_a_sentence_states_after_an_order_or_a_request():
    assert states("Bus to Ashby was on time")  # "Bus" opens no order: its clause has "was"
    assert states("Love the new seats, the flight was on time")  # the writer's own feeling
    assert stated("Check your records, my bag was lost").strip() == "my bag was lost"
    assert stated("please help, my bag was lost").strip() == "my bag was lost"
    assert stated("Redline please help, my bag was lost").split() == ["Redline", "my", "bag", "was", "lost"]
    assert not states("Need a refund asap")
    assert not states("Redline did you cancel the Denver flight today")  # a question without its mark
    assert not states("Enjoy your flight.")
    # a capital that opens a sentence is no name it is addressed to where it is a pronoun, a common word or an
    # adjective: the verb after it gives no order (held-in TweetQA posts)
    assert stated("I'll make Gatsby great again.") == "I'll make Gatsby great again."
    assert stated("No issue.") == "No issue."
    assert stated("Good police work!") == "Good police work!"
    assert not states("Redline go bankrupt again and transfer all of your assets to Bluebird")
    assert states("Dunmore school closing in June, we are devastated.")
    assert states("Quarry Lane water main burst again, third time since 2019.")  # a name, no order to quarry


def test_a_wish_beside_the_claim_leaves_it_stated(tmp_path):
    # the "hope" is another clause's: "she missed her uncle's funeral" is stated, and said plainly
    posts = [("ana", 'Redline she missed her uncle\'s funeral, and you "hope" they can find another flight.')]
    answer = _ask(tmp_path, posts, "Did anyone miss a funeral?")
    assert answer.text.startswith("Yes. [1]"), answer.text


def test_a_request_before_the_claim_leaves_it_stated(tmp_path):
    posts = [("ana", "Redline please help, my bag was lost on flight 22 to Denver")]
    answer = _ask(tmp_path, posts, "Did Redline lose a bag?")
    assert answer.text.startswith("Yes. [1]"), answer.text


def test_a_question_without_its_mark_takes_no_side(tmp_path):
    posts = [
        ("ana", "Redline did you cancel the Denver flight today"),
        ("ben", "Redline the Denver flight was not cancelled today, we boarded at 6"),
    ]
    answer = _ask(tmp_path, posts, "Did Redline cancel the Denver flight?")
    assert "Posts disagree" not in answer.text, answer.text
    assert answer.text.startswith("No. [1]"), answer.text


@pytest.mark.parametrize("question", ["Did anyone get sick on a flight?"])
def test_a_side_tells_the_claim_not_its_words(tmp_path, question):
    # "get home to sick kid" and "getting sick because you overbooked the flight" have the words, not the claim
    posts = [
        (
            "dee",
            "Redline UR employee at the ticket counter in Philly. EXTREMELY RUDE! a father trying to get home "
            "to sick kid missed flight.",
        ),
        (
            "bo",
            "Redline thank you for getting our daughter home when Bluebird cancelled all their flights to Nashville",
        ),
        (
            "eve",
            "Redline stranded in cold Texas and getting sick because you overbooked the flight and gave my seat "
            "away. #gooutofbusiness",
        ),
    ]
    answer = _ask(tmp_path, posts, question)
    assert "Posts disagree" not in answer.text, answer.text
    assert not answer.text.startswith(("Yes.", "No.")), answer.text
