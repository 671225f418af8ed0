"""Review 11 (R11-5): a post written to one account that names another takes its side toward the one the question
asks about from what it says of that one, not from its tone toward the account it is written to. On the airline
tweets built with ``--keep-mentions``, 7 of 8 posts the assistant counted "against Delta" praised it ("@united ...
So unprofessional. Time to go back to @Delta")."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of
from tests.assistant.test_sides_review10 import _authors_of

BUSES = [
    ("ana", "@RedlineBus the only difference being you are both responsible for it. Learn from @Bluebird"),
    ("ben", "@RedlineBus no driver, no announcements. So unprofessional. Time to switch back to @Bluebird"),
    ("cai", "@RedlineBus very poor customer service on each of my trips. I should've taken @Bluebird"),
    ("dee", "@RedlineBus you are great with your riders unlike @Bluebird"),
    ("eli", "@Bluebird lost my bag and the driver was rude, terrible"),
    ("fay", "@RedlineBus I talked with Bluebird for an hour and got rebooked, awful, you are the worst"),
    ("gus", "@Bluebird always on time, friendly drivers, love it"),
]


@pytest.fixture(scope="module")
def buses(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("buses11")
    return Assistant(_index_of(path, [t for _, t in BUSES], authors=[a for a, _ in BUSES]))


def test_praise_of_the_subject_in_a_complaint_to_another_is_for_it(buses):
    answer = buses.ask("What do people say about Bluebird?")
    assert {"ben", "cai", "gus"} <= _authors_of(answer, "for"), answer.viewpoints
    assert {"dee", "eli"} <= _authors_of(answer, "against"), answer.viewpoints
    # a fact about the subject in a complaint to another ("talked with Bluebird for an hour") takes no side
    assert "fay" not in _authors_of(answer, "for") | _authors_of(answer, "against"), answer.viewpoints


def test_a_handle_names_its_brand():
    from townsquare.assistant.viewpoints import handle_names

    assert handle_names("@SouthwestAir", ["southwest"]) and handle_names("@USAirways", ["us", "airway"])
    assert handle_names("@VirginAmerica", ["virgin", "america"]) and not handle_names("@united", ["delta"])
    assert not handle_names("@us", ["u"])  # a subject of one or two letters names no account


def test_only_a_post_written_to_a_known_other_account_is_read_clause_by_clause():
    from townsquare.assistant.viewpoints import addressed_elsewhere, stances

    subject = ["delta"]
    assert addressed_elsewhere("@united So unprofessional. Time to go back to @Delta", subject)
    assert not addressed_elsewhere("@Delta you lost my bag. Terrible", subject)  # written to the subject
    # "@user" is an account the corpus took out: it may be Delta's own (the default build of the airline tweets)
    assert not addressed_elsewhere("@user. So unprofessional, Delta", subject)
    assert not addressed_elsewhere("@united So unprofessional", subject)  # does not name the subject
    # so its whole tone stays its side there, as before
    assert stances(["@user So unprofessional and rude, Delta is the worst"], None, subject) == [-1]


def test_posts_that_all_take_one_side_are_counted_as_that_side(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "@RedlineBus so unprofessional. Time to switch back to @Bluebird",
        "@RedlineBus very poor service on each of my trips. I should've taken @Bluebird",
        "@Bluebird always on time, friendly drivers, love it",
        "@RedlineBus I talked with Bluebird for an hour and got rebooked",
        "Bluebird timetable for the spring is out",
    ]
    # "What do people say about Delta?" quoted three posts, one a fact, once every post taking a side took the same
    answer = Assistant(_index_of(tmp_path, texts, authors=["ben", "cai", "gus", "fay", "hal"])).ask(
        "What do people say about Bluebird?"
    )
    assert answer.text.startswith("Posts that take a side agree. 3 posts from 3 authors say:"), answer.text
    assert [(v["label"], v["posts"]) for v in answer.viewpoints] == [("for", 3)], answer.viewpoints
    assert "2 posts take neither side" in answer.text, answer.text
