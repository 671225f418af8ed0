"""Review 12 (R12-24): the one post that answers is found and listed, yet the answer abstained. A when-question
about what a named author did is answered by the day of their own post that tells it, and a how-many question by
the one count a post writes of the thing asked."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import assistant_of_posts as _assistant

pytest.importorskip("tantivy")


# the airline tweets of R12-24, as written
POSTS = [
    ("jnardino", "2015-02-24T11:15", "@VirginAmerica plus you've added commercials to the experience... tacky."),
    ("jnardino", "2015-02-20T09:00", "@VirginAmerica what a lovely crew on my flight to Dallas"),
    ("ad_fan", "2015-02-18T10:00", "@VirginAmerica so glad you added commercials, they are great fun!"),
    (
        "KristinMcNeil",
        "2015-02-21T14:10",
        "@united thank you for compensating us for our 4 lost bags. We will fly with you again! #UnitedAirlines",
    ),
    ("still_waiting", "2015-02-22T08:00", "@united I hope you will compensate us for the lost bags soon"),
    (
        "peskyspoll",
        "2015-02-23T10:54",
        "@united  18 flights so far this year. 13 delays including 2 Cancelled Flightations.  Late Flightst reason, crew needed mandatory sleep.",
    ),
    ("flyer", "2015-02-23T12:00", "@united my flight to Denver was delayed again today"),
]


def test_a_when_question_of_a_named_authors_act_is_answered_by_their_posts_day(tmp_path):
    assistant = _assistant(tmp_path, POSTS)
    # the complaint is the post itself: it was made the day the post was written
    answer = assistant.ask("When did @jnardino complain about commercials?")
    assert not answer.abstained, answer.text
    assert answer.text.startswith("On 24 Feb 2015. [1]"), answer.text
    assert answer.short_answer == "24 Feb 2015"
    assert {c["author"] for c in answer.citations} == {"jnardino"}, answer.text
    # a post on the other side of it is no complaint
    praise = assistant.ask("When did @ad_fan complain about commercials?")
    assert not praise.text.startswith("On "), praise.text
    # a post that tells it as done: done by the day it was written
    paid = assistant.ask("When did @KristinMcNeil get compensated?")
    assert paid.text.startswith("By 21 Feb 2015."), paid.text
    assert {c["author"] for c in paid.citations} == {"KristinMcNeil"}, paid.text
    # one that only hopes for it tells no day it was done
    hoped = assistant.ask("When did @still_waiting get compensated?")
    assert not hoped.text.startswith(("By ", "On ")), hoped.text


def test_a_how_many_question_is_answered_by_the_count_a_post_writes_of_the_thing(tmp_path):
    assistant = _assistant(tmp_path, POSTS)
    answer = assistant.ask("How many flights has @peskyspoll taken this year?")
    assert not answer.abstained, answer.text
    assert answer.short_answer == "18", answer.text
    assert answer.text.startswith("18. [1]"), answer.text
    # the same sentence's other count answers its own question
    assert assistant.ask("How many delays did @peskyspoll have?").short_answer == "13"


def test_a_post_by_the_author_a_question_names_is_about_them():
    from townsquare.assistant.core import _about
    from townsquare.assistant.evidence import Evidence

    post = {"id": "1", "author_handle": "peskyspoll", "text": "@united  18 flights so far this year."}
    assert _about("How many flights has @peskyspoll taken?", [Evidence(post, 0, 0.7, 0.5)])
    other = {"id": "2", "author_handle": "flyer", "text": "@united  18 flights so far this year."}
    assert not _about("How many flights has @peskyspoll taken?", [Evidence(other, 0, 0.7, 0.5)])
