"""Conversation turns and time windows on small indexes written for them: a whole question after another is a
new one, a question that only names a time re-asks the last earlier question with words, and the time words a
question may use (review 7: R7-3, R7-14, R7-20, R7-26, R7-31, R7-38)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")


def _ids(answer) -> list[str]:
    return [c["id"] for c in answer.citations]


def test_a_whole_question_after_another_is_a_new_question(tmp_path):
    from townsquare.assistant import Assistant
    from townsquare.assistant.evidence import is_follow_up, rewrite

    texts = [
        "The council closed the Ashby bridge on Tuesday after the inspection found cracks.",
        "Ashby bridge closed by the council, detour via Mill Road.",
        "The Saturday market opens at 8am on the green.",
        "The market is on the green behind the library.",
        "It is raining hard in Ashby, streets flooded.",
        "Ashby library wifi is down again.",
    ]
    assistant = Assistant(_index_of(tmp_path, texts))
    earlier = ["Who closed the bridge?"]
    # each abstained after the bridge question (searched with "closed bridge", composed with it in brackets)
    for question, cited in (("Where is the market?", "3"), ("Is it raining in Ashby?", "4")):
        alone, after = assistant.ask(question), assistant.ask(question, history=earlier)
        assert not after.abstained and _ids(after)[0] == cited and after.text == alone.text, after.text
    # a subject of its own, or words that point at nothing ("Is there ...", "said that the ..."): a new question
    for question in (
        "Where is the market?",
        "What is the code?",
        "Why is there traffic on Main Street?",
        "Is it raining in Ashby?",
        "Who said that the bridge will reopen?",
        "Is it true that the pool closed?",
    ):
        assert not is_follow_up(question), question
        assert rewrite(question, earlier) == rewrite(question, []), question
    # no subject, or a word that stands for an earlier one: a follow-up
    for question in ("Who won?", "Why?", "What did the mayor say?", "Who said that?", "Who was there?", "Is it open?"):
        assert is_follow_up(question), question


def test_a_question_that_only_names_a_time_re_asks_the_last_earlier_question_with_words(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Harbour wall repairs started, the pier is fenced off.",  # last week
        "A fishing boat sank at the harbour, crew safe.",  # last week
        "Ashby bridge closed for repairs, detour via Mill Road.",  # last week
        "Harbour festival this weekend, music by the water.",  # yesterday
        "Ashby bridge reopening delayed to spring.",  # yesterday
        "Harbour ferry delayed by fog again.",  # two weeks ago
        "Ashby library wifi is down again.",  # today
    ]
    dates = [
        datetime(2026, m, d, 10, tzinfo=UTC) for m, d in [(11, 24), (11, 26), (11, 25), (12, 5), (12, 5), (11, 17)]
    ]
    assistant = Assistant(_index_of(tmp_path, texts, dates=[*dates, datetime(2026, 12, 6, 9, tzinfo=UTC)]))
    harbour = "What happened at the harbour?"
    # the time-only turn before it was taken for the question ("And?"): it abstained
    week = assistant.ask("And last week?", history=[harbour, "And yesterday?"])
    assert sorted(_ids(week)) == ["0", "1"] and not week.abstained, week.text
    # ... and over an elliptic turn the topic is that turn's, rewritten with the one before it
    bridge = assistant.ask("And last week?", history=[harbour, "And the Ashby bridge?", "And yesterday?"])
    assert _ids(bridge) == ["2"], bridge.text
    # a whole question before it is no follow-up of the turn before that ("harbour closed bridge" was searched)
    after_who = assistant.ask("And last week?", history=["Who closed the bridge?", harbour])
    assert sorted(_ids(after_who)) == ["0", "1"] and after_who.query == harbour, after_who.text


def test_since_a_day_over_the_weekend_the_day_before_yesterday_and_dates_with_a_year_are_windows(tmp_path):
    from click.testing import CliRunner

    from townsquare.assistant import Assistant
    from townsquare.assistant.evidence import time_window
    from townsquare.cli import main

    sunday = datetime(2026, 12, 6, 8, tzinfo=UTC)
    windows = {
        q: (w.label, w.rest, w.soft)
        for q in (
            "What happened since Wednesday?",
            "What happened over the weekend?",
            "What happened the day before yesterday?",
            "What happened on 2026-12-05?",
            "What happened 2026-12-03?",
            "What happened on 5 December 2026?",
            "Any news since Dec 3rd?",
        )
        if (w := time_window(q, sunday))
    }
    assert windows == {
        "What happened since Wednesday?": ("since Wednesday (2 Dec 2026 to 6 Dec 2026)", "What happened?", False),
        "What happened over the weekend?": ("the weekend (5 Dec 2026 to 6 Dec 2026)", "What happened?", False),
        "What happened the day before yesterday?": ("the day before yesterday (4 Dec 2026)", "What happened?", False),
        # a day named is a soft window: posts of other days may tell of it
        "What happened on 2026-12-05?": ("2026-12-05 (5 Dec 2026)", "What happened?", True),
        "What happened 2026-12-03?": ("2026-12-03 (3 Dec 2026)", "What happened?", True),
        "What happened on 5 December 2026?": ("5 December 2026 (5 Dec 2026)", "What happened?", True),
        "Any news since Dec 3rd?": ("since Dec 3rd (3 Dec 2026 to 6 Dec 2026)", "Any news?", True),
    }
    monday = datetime(2026, 12, 7, 8, tzinfo=UTC)
    assert time_window("What happened over the weekend?", monday).label == "the weekend (5 Dec 2026 to 6 Dec 2026)"
    # a weekday alone may be the one to come ("What is on Friday?"), a day without "on" or a year a name's part
    assert time_window("What is on Friday?", sunday) is None and time_window("the 3 Dec vote", sunday) is None
    # no day, or a day to come: no window
    for words in ("on 2026-02-30", "on 0000-01-01", "on 2027-01-01", "on 31 April 2026", "since Dec 9th"):
        assert time_window(f"What happened {words}?", sunday) is None, words

    texts = [
        "Ashby market fire: three stalls lost.",
        "Ashby library wifi is down again.",
        "Ashby bridge inspection passed, reopening Monday.",
        "Ashby parade route announced for the winter parade.",
    ]
    dates = [datetime(2026, 12, d, 9, tzinfo=UTC) for d in (4, 6, 1, 5)]
    index = _index_of(tmp_path, texts, dates=dates)
    assistant = Assistant(index)
    # each was read as words, and the posts of another day quoted
    since = assistant.ask("What happened in Ashby since Wednesday?")
    assert "2" not in _ids(since) and not since.abstained, since.text
    assert _ids(assistant.ask("What happened in Ashby the day before yesterday?")) == ["0"]
    assert _ids(assistant.ask("What happened in Ashby on 2026-12-04?")) == ["0"]
    assert _ids(assistant.ask("What happened in Ashby on 4 December 2026?")) == ["0"]
    weekend = assistant.ask("What happened to the bridge over the weekend?")
    assert weekend.text.startswith("No public post here from the weekend (5 Dec 2026 to 6 Dec 2026) answers that.")
    nothing = assistant.ask("What happened to the bridge since yesterday?")
    assert nothing.text.startswith("No public post here since yesterday (5 Dec 2026 to 6 Dec 2026) answers that.")
    for question in ("What happened on 2026-02-30?", "What happened on 0000-01-01?", "What happened since 9999-12-31?"):
        result = CliRunner().invoke(main, ["ask", str(index), question], catch_exceptions=False)
        assert result.exit_code == 0, result.output


def test_a_post_that_tells_of_a_day_named_by_a_word_of_time_is_a_post_of_that_day(tmp_path):
    from datetime import timedelta

    from townsquare.assistant import Assistant

    texts = [
        "The Ashby bridge reopens tomorrow after the repairs.",  # 4 Dec: of 5 Dec
        "Ashby library wifi is down again.",
        "Ashby market fire: three stalls lost.",
        "Ashby parade route announced.",
    ]
    dates = [datetime(2026, 12, d, 9, tzinfo=UTC) for d in (4, 5, 3, 6)]
    assistant = Assistant(_index_of(tmp_path, texts, dates=dates))
    # both abstained: the posts written on 5 Dec are not about the bridge, and the bridge post has no "Dec 5"
    for question in ("What happens to the Ashby bridge on Dec 5?", "What happened to the bridge on 2026-12-05?"):
        answer = assistant.ask(question)
        assert _ids(answer) == ["0"] and not answer.abstained, answer.text
    # a post telling of another day is not of this one
    from townsquare.assistant.evidence import told_before

    dec6 = datetime(2026, 12, 6, tzinfo=UTC)
    told = told_before(assistant.searcher, "Ashby bridge", None, 30, dec6 - timedelta(days=1), dec6)
    assert [post["id"] for post in told] == ["0"]
    assert told_before(assistant.searcher, "Ashby bridge", None, 30, dec6, dec6 + timedelta(days=1)) == []
    assert assistant.ask("What happened on 0001-01-01?").abstained  # was an OverflowError (no week before it)


def test_a_time_with_no_topic_asks_for_the_posts_of_that_time(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Four trucks salted River Road before the frost.",  # 4 Dec 20:00
        "Elm Street lost power again this evening.",  # 4 Dec 19:00
        "A fox walked straight through the Town Hall lobby.",  # 4 Dec 18:00
        "The Winter Market is packed already.",  # 5 Dec
        "The skate park at Mill Pond opened, kids love it.",  # 27 Nov
        "The Lantern Parade drew about 400 people.",  # 26 Nov
        "Town council meets on Tuesday about the budget.",  # 1 Dec
    ]
    days = [(12, 4, 20), (12, 4, 19), (12, 4, 18), (12, 5, 9), (11, 27, 10), (11, 26, 21), (12, 1, 12)]
    dates = [datetime(2026, m, d, h, tzinfo=UTC) for m, d, h in days]
    assistant = Assistant(_index_of(tmp_path, texts, dates=dates))
    # each abstained ("No public post here from yesterday answers that"), listing posts of other days as closest
    yesterday = assistant.ask("What happened yesterday?")
    assert _ids(yesterday) == ["0", "1", "2"] and not yesterday.abstained, yesterday.text  # newest first
    week = assistant.ask("What happened last week?")  # 23-29 Nov
    assert sorted(_ids(week)) == ["4", "5"] and not week.abstained, week.text
    assert _ids(assistant.ask("Any news on December 1?")) == ["6"]
    scoped = assistant.ask("What's new?", search_parameters={"since": "2026-12-05"})
    assert _ids(scoped) == ["3"] and not scoped.abstained, scoped.text
    # a day with no post: said so, and no other day's post is "closest"
    empty = assistant.ask("What happened on December 2?")
    assert empty.abstained and _ids(empty) == [] and "2 Dec 2026" in empty.text, empty.text
    # a topic is still searched in the window
    assert _ids(assistant.ask("What happened on Elm Street yesterday?"))[0] == "1"
    # review 10 (R10-20): "What were people saying?" asks the same (it searched for "people saying" and abstained)
    saying = assistant.ask("What were people saying yesterday?")
    assert _ids(saying) == ["0", "1", "2"] and not saying.abstained, saying.text
    talking = assistant.ask("What was everyone talking about last week?")
    assert sorted(_ids(talking)) == ["4", "5"] and not talking.abstained, talking.text
    assert _ids(assistant.ask("What were people saying about the skate park last week?"))[0] == "4"


def test_a_when_follow_up_asks_for_the_time_of_its_own_verb(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "The River Road bridge was closed last Friday after a truck hit the railing. It reopened this morning.",
        "Snow clearing starts tonight on Elm Street.",
        "The Winter Market opens on Saturday.",
    ]
    dates = [datetime(2026, 12, d, 8, tzinfo=UTC) for d in (1, 2, 3)]
    assistant = Assistant(_index_of(tmp_path, texts, dates=dates))
    # it answered "Last Friday." (the closing): the earlier turn's verb, added after it, was taken for its own
    after = assistant.ask("And when did it reopen?", history=["When was the River Road bridge closed?"])
    assert after.short_answer == "this morning" and _ids(after) == ["0"], after.text
    assert "Friday" in assistant.ask("When was the River Road bridge closed?").short_answer


def test_a_when_question_about_a_post_asks_when_it_was_written(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "So sad that the Fernhollow Library is closing in January.",  # 30 Nov
        "Heard the Fernhollow Library is closing in January because of budget cuts.",  # 30 Nov
        "The Fernhollow Library is NOT closing. That rumour is false.",  # fh_library, 1 Dec
        "Went to the library today, the staff laughed at the rumour.",  # 3 Dec
        "The Winter Market opens on Saturday.",
    ]
    authors = ["bea", "marisol", "fh_library", "juniper", "gazette"]
    dates = [datetime(2026, m, d, 12, tzinfo=UTC) for m, d in [(11, 30), (11, 30), (12, 1), (12, 3), (12, 4)]]
    assistant = Assistant(_index_of(tmp_path, texts, authors=authors, dates=dates))
    # "January." (the rumoured closing, from another author's post)
    library = assistant.ask("When did the library post that?", history=["Is the library closing?"])
    assert library.text.startswith("On 1 Dec 2026. [1]") and library.citations[0]["author"] == "fh_library", (
        library.text
    )
    # "Today." (of a denial, 3 Dec): when they said it
    when = assistant.ask("When?", history=["Who said the library is closing?"])
    assert when.text.startswith("On 30 Nov 2026. [1][2]") and sorted(_ids(when)) == ["0", "1"], when.text
    # after another question "When?" still asks when it happens
    from townsquare.assistant.core import _post_question

    assert _post_question("When?", ["Is the Winter Market open?"]) is None


def test_a_follow_up_on_what_another_speaker_said_keeps_the_topic_not_the_earlier_speaker(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Water rates will rise by 6% on January 1 to pay for the new treatment plant.",  # mayor
        "Water rates rise by 6% from January 1, the council confirmed.",  # gazette
        "The Mill Pond ice rink will not open this year, the council says the pond is too shallow.",
        "Snow clearing starts tonight on River Road.",
    ]
    authors = ["mayor_odessa", "gazette", "ren", "plow"]
    assistant = Assistant(_index_of(tmp_path, texts, authors=authors))
    # it led with the ice rink: "What did the council say? (mayor water rates)" missed the what-said form
    council = assistant.ask("And what did the council say?", history=["What did the mayor say about water rates?"])
    assert _ids(council)[0] == "1" and "2" not in _ids(council), council.text


def test_whether_an_event_happened_at_a_time_asks_about_the_event_s_time(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Reminder: the Lantern Parade starts at 6pm on Main Street tonight.",  # 27 Nov
        "The Winter Market opens tomorrow on Church Square.",  # 4 Dec
        "A fox walked through the Town Hall lobby.",  # 4 Dec
        "Snow clearing starts tonight on River Road.",  # 5 Dec
    ]
    dates = [datetime(2026, m, d, 16, tzinfo=UTC) for m, d in [(11, 27), (12, 4), (12, 4), (12, 5)]]
    assistant = Assistant(_index_of(tmp_path, texts, dates=dates))
    # it abstained: "last Friday" (4 Dec) was read as the posts written that day, and none of them is on the parade
    answer = assistant.ask("Did the Lantern Parade happen last Friday?")
    assert not answer.abstained and _ids(answer) == ["0"], answer.text
    assert answer.text.startswith("No public post here from last Friday (4 Dec 2026) tells of it."), answer.text
