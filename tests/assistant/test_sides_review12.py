"""Review 12 (R12-2, R12-12, R12-13): a yes/no side is what a post says of what the question names. A post written
to another account says what it says to "you" of that account: of the named one only the clauses that name it count
("Both Bluebird ferries sailed" is no "Bluebird cancelled"), and one that does not name it is on no side ("@greenline
DONT LOSE MY BAG" of Bluebird). An attempt, a wish, a plan or a question is no side either ("tried to get a refund
but on hold", "I wouldn't hate it if I got my money refunded", "I will be calling to get a refund", "How can we get a
refund instead of credit? We couldn't switch ...")."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

POSTS = [
    # cancelling: the other line cancelled, Bluebird sailed
    ("ann", "@greenline two cancelled crossings at Ashby today. Both Bluebird ferries sailed. New ferry line for me!"),
    ("bob", "@greenline cancelled my crossing so I switched to Bluebird"),
    ("cat", "@greenline you cancelled the crossing, finally switching to @bluebird"),
    (
        "dan",
        "@greenline crossing cancelled due to weather but Bluebird has not cancelled the crossing on the same route",
    ),
    ("eli", "@greenline you cancelled my crossing and rescheduled. Today @bluebird kindly offered the same for free"),
    ("fin", "@greenline cancelled my crossing but the Bluebird crossing at the same time is sailing on time."),
    # lost bags
    ("gus", "@bluebird lost my wife's bag at Ashby and nobody gives you an answer"),
    ("hana", "@bluebird lost my bag on the morning crossing, third time this year"),
    ("ian", "@greenline DONT LOSE MY BAG!!!"),
    # refunds
    ("jay", "@bluebird crossing cancelled, had to get refund. The phone wait was unacceptable."),
    ("kay", "@bluebird crossing cancelled...tried to get refund but on hold for an hour."),
    ("lia", "@bluebird Your wifi stinks. I'm not mad, but I wouldn't hate it if I got my money refunded."),
    ("moe", "@bluebird I will be calling to get a refund tomorrow. As I drive 17 hrs home"),
    ("nia", "@bluebird How can we get refund instead of credit for the crossing you cancelled? We couldn't switch."),
    # sailing out of Ashby
    ("oto", "@bluebird trying to sail out of Kelso tomorrow. How is it looking?"),
    ("lee", "The harbour café has new opening hours from Monday."),
    ("jo", "Road works on Quay Street until Friday."),
]


@pytest.fixture(scope="module")
def ferries(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("ferries12")
    return Assistant(_index_of(path, [t for _, t in POSTS], authors=[a for a, _ in POSTS]))


def _authors_of(answer, label: str) -> set[str]:
    view = next((v for v in answer.viewpoints if v["label"] == label), None)
    return set() if view is None else {answer.citations[n - 1]["author"] for n in view["citations"]}


def test_another_lines_cancellation_is_no_side_of_bluebird(ferries):
    # R12-2: "Did Delta cancel flights?" had a "yes" side of posts where American, US Airways or United cancelled
    answer = ferries.ask("Did Bluebird cancel crossings?")
    said_of_others = {"ann", "bob", "cat", "eli", "fin"}
    assert not said_of_others & _authors_of(answer, "yes"), (answer.text, answer.viewpoints)
    assert not answer.text.startswith("Yes."), answer.text


def test_an_order_to_another_line_is_no_side(ferries):
    # R12-12 (a): "@JetBlue DONT LOSE MY LUGGAGE!!!" was the "no" side of "Did anyone lose their luggage on American?"
    answer = ferries.ask("Did anyone lose their bag on Bluebird?")
    assert "ian" not in _authors_of(answer, "yes") | _authors_of(answer, "no"), (answer.text, answer.viewpoints)
    assert not answer.text.startswith("Posts disagree"), answer.text


def test_attempts_wishes_plans_and_questions_are_no_refund_side(ferries):
    # R12-13: "tried to get refund but on hold" and "I wouldn't hate it if i got my money refunded" said yes,
    # "I will be calling to get a refund" and "How can we get refund ...? We couldn't switch" said no
    answer = ferries.ask("Did anyone get a refund from Bluebird?")
    sided = _authors_of(answer, "yes") | _authors_of(answer, "no")
    assert not {"kay", "lia", "moe", "nia"} & sided, (answer.text, answer.viewpoints)
    assert not answer.text.startswith("Posts disagree"), answer.text


def test_an_attempt_is_no_yes(ferries):
    # R12-12 (b): "trying to fly out of Nashville tomorrow. How is it looking?" answered "Is Southwest flying out of
    # Nashville now?" with "Yes."
    answer = ferries.ask("Is Bluebird sailing out of Kelso now?")
    assert not answer.text.startswith("Yes."), answer.text


def test_should_have_stuck_with_it_is_for_it():
    # R12-14 (b): "... poor service should have stuck with virgin america" (to JetBlue) was against Virgin America
    from townsquare.assistant.viewpoints import stances

    text = "@greenline won't see my money again after their poor service should have stuck with Bluebird what a mistake"
    assert stances([text], subject=("bluebird",)) == [1]
