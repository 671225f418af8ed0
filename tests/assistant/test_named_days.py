"""Days a post names: a verb whose past is its base form ("cut", "hit") tells of the past after a singular subject,
so the weekday of its clause is the one before the post; a when-question that names its day (R15-28)."""

from __future__ import annotations

import pytest

from townsquare.assistant.text import tells_the_past, tokens


def _words(text: str) -> list[str]:
    return [t.lower for t in tokens(text)]


@pytest.mark.parametrize(
    ("text", "past"),
    [
        ("The storm on Tuesday night cut power to 2,000 homes in Millbrook", True),
        ("A falling tree hit the bus shelter on Friday", True),
        ("Crews cut power on Tuesday", False),  # plural: present or past, no telling
        ("They will cut the ribbon on Saturday", False),
        ("We cut the ribbon on Saturday", False),
        ("A power cut on Tuesday night", False),  # a noun
    ],
)
def test_a_same_form_verb_is_past_after_a_singular_subject(text, past):
    assert tells_the_past(_words(text)) is past


@pytest.mark.parametrize(
    ("text", "past"),
    [
        ("Planned power cut on Tuesday night, 10pm to 2am", False),  # a past form before its noun
        ("The delayed flight left on Friday", True),  # "left" tells it
        ("Planned to leave on Friday", True),
        ("Booked flights for Friday", True),  # its subject left out
        ("Thanks for the delayed flight on Friday", False),
    ],
)
def test_a_past_form_before_its_noun_tells_no_past(text, past):
    assert tells_the_past(_words(text)) is past


def test_when_the_storm_hit_is_the_tuesday_before_its_post(tmp_path):
    from tests.assistant.test_assistant import assistant_of_posts

    assistant = assistant_of_posts(
        tmp_path,
        [
            ("yara_m", "2025-03-06T12:00:00", "The storm on Tuesday night cut power to 2,000 homes in Millbrook."),
            ("ferry_news", "2025-03-06T13:00:00", "The Millbrook ferry timetable changes on Monday."),
        ],
    )
    answer = assistant.ask("When did the Tuesday storm hit?")
    assert "4 Mar 2025" in answer.text and "11 Mar" not in answer.text, answer.text


def test_when_was_the_tuesday_storm_is_the_day_its_posts_mean(tmp_path):
    # R15-28: the question names its day, which the reader never gives (a span of the question's own words), so
    # it abstained over posts that date the storm
    from tests.assistant.test_assistant import assistant_of_posts

    assistant = assistant_of_posts(
        tmp_path,
        [
            (
                "sofia_p",
                "2025-03-06T13:24:00",
                "Only 500 homes lost power in the Tuesday storm, says the fire station.",
            ),
            ("ferry_news", "2025-03-06T14:00:00", "The Millbrook ferry timetable changes on Monday."),
        ],
    )
    answer = assistant.ask("When was the Tuesday storm?")
    assert answer.short_answer == "Tuesday" and "4 Mar 2025" in answer.text, answer.text
    assert answer.citations[0]["author"] == "sofia_p"
    # a day no post tells of the thing by is no answer
    assert assistant.ask("When was the Friday parade?").abstained
