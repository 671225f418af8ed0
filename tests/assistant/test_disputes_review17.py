"""Review 17: disputes set out wrongly (/work/coord/review17.md): reports of different days or things as sides,
sides that say the same, a denial counted with what it denies, and counts weighted against the posts."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

_TOWN = [
    "Bin collection moves to Thursdays from next week.",
    "Lovely walk by the river today, the ducks are back.",
    "The library has a new reading room on the second floor.",
]

_POWER = [
    "Utility update: about 2,000 homes lost power in Tuesday's storm, crews are out on Mill Road.",
    "2,000 homes without power after the Tuesday storm, the north side got the worst of it.",
    "The storm on Tuesday night cut power to 2,000 homes in Millbrook, the utility says.",
    "Only 500 homes lost power in the Tuesday storm according to the fire station, not thousands.",
    "Tuesday storm: 500 homes lost power on the east side, the rest of town kept the lights on.",
]


@pytest.mark.parametrize("question", ["Did 2,000 homes lose power?", "Did 500 homes lose power?"])
def test_a_yes_no_count_dispute_counts_the_posts_the_how_many_form_counts(tmp_path, question):
    from townsquare.assistant import Assistant

    # R17-40: the yes/no form read only the posts saying "lost" and told 2 posts say 500, 1 says 2,000: the
    # posts that give 2,000 with "without power" and "cut power" join the side of their number
    answer = Assistant(_index_of(tmp_path, [*_POWER, *_TOWN])).ask(question)
    sides = {view["label"]: (view["posts"], view["authors"]) for view in answer.viewpoints}
    assert sides == {"2,000": (3, 3), "500": (2, 2)}, answer.text
    assert answer.text.startswith("Posts disagree. 3 posts from 3 authors say"), answer.text


def _june(*days_hours):
    from datetime import UTC, datetime

    return [datetime(2025, 6, day, hour, tzinfo=UTC) for day, hour in days_hours]


_EASTVALE = [
    "The Eastvale town pool is open again from today, lifeguards are back.",
    "The Eastvale town pool is closed for repairs until further notice.",
    "I heard the Eastvale pool might be closed next week, not sure.",
    "The Eastvale pool is not closed, I swam there this morning.",
    "I love the new bike lanes on Main Street in Eastvale, so much safer.",
    "The Main Street bike lanes in Eastvale are a disaster, traffic everywhere.",
    "Eastvale council voted 5 to 2 to keep the Main Street bike lanes.",
    "Not true that the council scrapped the Main Street bike lanes, they stay.",
    "Two thousand people came to the Eastvale summer fair on Saturday.",
]
_EASTVALE_DATES = _june((10, 9), (1, 9), (12, 8), (12, 10), (3, 10), (4, 10), (21, 10), (22, 10), (15, 18))


def test_a_hedge_is_no_answer_and_the_newest_state_leads(tmp_path):
    from townsquare.assistant import Assistant

    # R17-23: "might be closed next week, not sure" was the lead of the "no" side with "is not closed"; it only
    # supposes. "Is the pool closed?" asks of now (fix18a's present-state answer): the newest post that states a
    # state answers, and the older "closed for repairs" is cited after it, dated
    index = _index_of(tmp_path, [*_EASTVALE, *_TOWN], dates=[*_EASTVALE_DATES, *_june((2, 1), (2, 2), (2, 3))])
    answer = Assistant(index).ask("Is the Eastvale pool closed?")
    quoted = [c["snippet"] for c in answer.citations]
    assert answer.short_answer == "not closed" and quoted[0] == _EASTVALE[3], answer.text
    assert _EASTVALE[1] in quoted and "Before that, on 1 Jun 2025" in answer.text, answer.text
    assert "might be closed" not in answer.text, answer.text


def test_a_denied_report_takes_no_side_of_an_opinion(tmp_path):
    from townsquare.assistant import Assistant

    # R17-26: "Not true that the council scrapped the bike lanes, they stay." led the side against the lanes
    index = _index_of(tmp_path, [*_EASTVALE, *_TOWN], dates=[*_EASTVALE_DATES, *_june((2, 1), (2, 2), (2, 3))])
    answer = Assistant(index).ask("What do people think of the Main Street bike lanes?")
    quoted = {c["n"]: c["snippet"] for c in answer.citations}
    sides = {view["label"]: {quoted[n] for n in view["citations"]} for view in answer.viewpoints}
    assert sides == {"for": {_EASTVALE[4]}, "against": {_EASTVALE[5]}}, answer.text


def test_without_denied_reports():
    from townsquare.assistant.viewpoints import stances, without_denied_reports

    assert without_denied_reports("Not true that the council scrapped the lanes, they stay.").strip() == ", they stay."
    assert without_denied_reports("The lanes are a disaster.") == "The lanes are a disaster."
    lanes = ("bike", "lane")
    assert stances(["It's a myth that the bike lanes failed.", "The bike lanes are a disaster."], None, lanes) == [
        0,
        -1,
    ]


_AIRLINES = [
    "@SouthwestAir please start flying to Huntsville so I never have to fly American Airlines again",
    "@JetBlue 😭😭😭😭 yall are really better then American Airlines though.",
    "@AmericanAir the group of minor children were broken up on my flight. Delta has much better customer service!",
    "@AmericanAir I was on flt 2222 and the roads won't be better for flight 750. thanks",
    "@SouthwestAir @AmericanAir y'all are better then @united",
    "@AmericanAir @user @SouthwestAir is better than AA.",
    "@united my bag is still missing after three days.",
    "@JetBlue the snacks on my flight were great today.",
]


def test_a_comparison_is_answered_by_the_posts_that_compare_the_two(tmp_path):
    from townsquare.assistant import Assistant

    # R17-11: "Posts disagree." with "never fly American again" (to Southwest) on the "no" side and "y'all are
    # better than @united" on the "yes" side; only the posts comparing Southwest with American take one, and agree
    assistant = Assistant(_index_of(tmp_path, [*_AIRLINES, *_TOWN]))
    answer = assistant.ask("Is Southwest better than American?")
    cited = {c["snippet"] for c in answer.citations}
    assert answer.text.startswith("Yes."), answer.text
    assert "disagree" not in answer.text and not answer.viewpoints, answer.text
    assert cited == {_AIRLINES[0], _AIRLINES[5]}, answer.text
    assert assistant.ask("Is American better than Southwest?").text.startswith("No."), answer.text


def test_compared_side():
    from townsquare.assistant.viewpoints import compared_pair, compared_side

    first, second, degree = compared_pair("Is Southwest better than American?")
    assert (first, second, degree) == (("southwest",), ("american",), 1)
    assert compared_pair("Is United worse than Delta?")[2] == -1
    assert compared_pair("Is the bus late again?") is None
    assert compared_side("American is way better than Southwest", first, second) == -1
    assert compared_side("Southwest is not better than American", first, second) == -1
    assert compared_side("@SouthwestAir @AmericanAir y'all are better then @united", first, second) == 0
    assert compared_side("@JetBlue yall are really better then American Airlines though.", first, second) == 0


_TAQUERIA = [
    "@user Thanks for the heads up! The fish and chips at Taqueria Sol are worth the queue, trust me.",
    "The tacos at Taqueria Sol are worth the queue, trust me.",
    "@user Not my experience at all, the 22 was on time. The cinnamon buns at Taqueria Sol are worth the queue, trust me.",
    "Tried to make ramen at home. It went badly. Back to Taqueria Sol I go.",
    "Tried to make dumplings at home. It went badly. Back to Taqueria Sol I go.",
    "Taqueria Sol opens a second shop near the station next month.",
]


def test_sides_that_praise_alike_agree(tmp_path):
    from townsquare.assistant import Assistant

    # R17-42: "Posts disagree." 3-3 where both sides' posts say "worth the queue": "Not my experience at all" is a
    # reply about the 22 bus, and "It went badly" is about cooking at home, before going back to the restaurant
    answer = Assistant(_index_of(tmp_path, [*_TAQUERIA, *_TOWN])).ask("Is Taqueria Sol any good?")
    assert "disagree" not in answer.text, answer.text
    assert [view["label"] for view in answer.viewpoints] == ["for"], answer.text
    assert answer.viewpoints[0]["posts"] == 5, answer.text


def test_worth_it_and_going_back_take_a_side():
    from townsquare.assistant.viewpoints import aimed, stated_stance

    assert stated_stance("The tacos are worth the queue.") == 1
    assert stated_stance("Honestly not worth the wait.") == -1
    assert stated_stance("The ticket is worth $5 at most.") == 0
    assert aimed("It went badly. Back to Taqueria Sol I go.", ("taqueria", "sol")) == 1


def _march(*days_hours):
    from datetime import UTC, datetime

    return [datetime(2025, 3, day, hour, tzinfo=UTC) for day, hour in days_hours]


def test_posts_writing_the_same_day_word_on_different_days_give_one_time(tmp_path):
    from townsquare.assistant import Assistant

    # R17-30: "Posts give different times." over three groups quoting "Early voting opens Thursday at the town
    # hall": the different times were the Thursdays after each post's day, the assistant's own reading
    line = "Early voting opens Thursday at the town hall, bring your polling card."
    texts = [line, line, f"@user Hard disagree, Northgate deserves better. {line}", line, line, *_TOWN]
    dates = _march((4, 9), (4, 11), (14, 9), (7, 10), (7, 12), (1, 1), (1, 2), (1, 3))
    answer = Assistant(_index_of(tmp_path, texts, dates=dates)).ask("When does early voting open?")
    assert "different times" not in answer.text and not answer.viewpoints, answer.text
    assert answer.text.startswith("Thursday. [1]"), answer.text


def test_different_day_words_on_one_day_are_still_different_times(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Early voting opens Thursday at the town hall, bring your polling card.",
        "Early voting opens Thursday at the town hall, see you there.",
        "Early voting opens Tuesday at the town hall, not Thursday as the flyer said.",
        "Early voting opens Tuesday at the town hall, bring ID.",
        *_TOWN,
    ]
    dates = _march((4, 9), (4, 10), (4, 11), (4, 12), (1, 1), (1, 2), (1, 3))
    answer = Assistant(_index_of(tmp_path, texts, dates=dates)).ask("When does early voting open?")
    assert answer.text.startswith("Posts give different times."), answer.text


def test_reports_of_different_days_are_no_dispute_and_today_is_the_newest(tmp_path):
    from townsquare.assistant import Assistant

    # R17-3: each post tells the weather of the day it was written; "Posts disagree." set 4 days against 3
    texts = [
        "12 degrees and pouring in Millbrook today, ngl not ready for this. #weather",
        "12 degrees and windy in Millbrook today, wow not ready for this. Remind me later.",
        "12 degrees and grey in Millbrook today, ngl not ready for this. Storm warning for tonight. #storm",
        "Forecast says rain at 18:05. 12 degrees and grey in Millbrook today, ngl not ready for this.",
        "-2 degrees and windy in Millbrook today, tbh not ready for this. #MillbrookWeather",
        "-2 degrees and windy in Millbrook today, wow not ready for this.",
        "17 degrees and windy in Millbrook today, lol not ready for this. #weather",
        "31 degrees and grey in Millbrook today, honestly not ready for this. #MillbrookWeather",
        *_TOWN,
    ]
    dates = _march((6, 7), (15, 7), (12, 0), (13, 8), (11, 12), (11, 20), (4, 16), (6, 23), (1, 1), (1, 2), (1, 3))
    answer = Assistant(_index_of(tmp_path, texts, dates=dates)).ask("What is the weather in Millbrook today?")
    assert "disagree" not in answer.text and not answer.viewpoints, answer.text
    assert answer.short_answer == "12 degrees and windy", answer.text
    assert [c["snippet"] for c in answer.citations] == [texts[1]], answer.text


def test_delays_of_different_runs_are_different_numbers_not_a_dispute(tmp_path):
    from townsquare.assistant import Assistant

    # R17-3: "40 minutes late again" and "10 minutes late again" are two runs of the bus, and "The 14 bus is 25
    # minutes late" in a post about the X2 is the 14's delay
    texts = [
        "The X2 bus is 40 minutes late again, third time this week.",
        "The X2 bus is 40 minutes late again, third time this week!",
        "The X2 bus is 10 minutes late again, third time this week.",
        "Packed like sardines on the X2 again. We need more buses. The 14 bus is 25 minutes late again.",
        *_TOWN,
    ]
    dates = _march((3, 9), (3, 14), (3, 11), (11, 13), (1, 1), (1, 2), (1, 3))
    answer = Assistant(_index_of(tmp_path, texts, dates=dates)).ask("How many minutes late is the X2 bus?")
    assert answer.text.startswith("Posts give different numbers."), answer.text
    assert {view["label"] for view in answer.viewpoints} == {"40", "10"}, answer.text
    assert "14 bus" not in answer.text, answer.text


def test_own_delays_of_different_flights_are_different_numbers(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "@JetBlue what gives? Delayed over 2 hours at MCO to JFK. Every time!",
        "@USAirways My flight was delayed from JFK for 2 hours! Get to CLT to horrid customer service!",
        "@AmericanAir thanks for the 27 hour delay for flight AA106 from JFK due to staff shortage",
        "@AmericanAir you cancelled our flight from JFK and delayed us by 29 hours, and lost 2 of our bags.",
        *_TOWN,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("How many hours was the delay at JFK?")
    assert not answer.text.startswith("Posts disagree."), answer.text


def test_one_event():
    from datetime import UTC, datetime

    from townsquare.assistant.compose import _one_event
    from townsquare.assistant.evidence import Evidence
    from townsquare.assistant.viewpoints import Viewpoint

    def post(text, day, hour):
        when = datetime(2025, 3, day, hour, tzinfo=UTC).isoformat()
        return Evidence({"id": text, "text": text, "created_at": when, "author_id": text}, 0, 1.0, 1.0)

    storm = [post("About 2,000 homes lost power in the storm.", 6, 12), post("Only 500 homes lost power.", 6, 14)]
    assert _one_event([Viewpoint("2,000", "", storm[:1]), Viewpoint("500", "", storm[1:])])
    today = [post("12 degrees in Millbrook today.", 6, 7), post("-2 degrees in Millbrook today.", 7, 6)]
    assert not _one_event([Viewpoint("12", "", today[:1]), Viewpoint("-2", "", today[1:])])
    again = [post("The X2 is 40 minutes late again.", 3, 9), post("The X2 is 10 minutes late again.", 3, 11)]
    assert not _one_event([Viewpoint("40", "", again[:1]), Viewpoint("10", "", again[1:])])


def test_another_of_the_kind():
    from townsquare.assistant.compose import _another_of_the_kind
    from townsquare.assistant.evidence import Evidence
    from townsquare.assistant.spans import Span

    def said(text, answer):
        at = text.index(answer)
        return Evidence({"id": "1", "text": text}, 0, 1.0, 1.0), Span(answer, at, at + len(answer), 1.0)

    x2 = "How many minutes late is the X2 bus?"
    assert _another_of_the_kind(x2, *said("Packed on the X2 again. The 14 bus is 25 minutes late.", "25"))
    assert not _another_of_the_kind(x2, *said("The X2 bus is 40 minutes late again.", "40"))
    # the name with its possessive is the name asked ("Tuesday's storm" of "the Tuesday storm")
    storm = "How many homes lost power in the Tuesday storm?"
    assert not _another_of_the_kind(storm, *said("About 2,000 homes lost power in Tuesday's storm.", "2,000"))
