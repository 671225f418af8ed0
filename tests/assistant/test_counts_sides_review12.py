"""Review 12 (R12-23): "How many people complained about United's wifi?" and "How many people said JetBlue was
great?" abstained while posts plainly answer. A count of those who complain about (criticise, blame, praise)
something is a count of that side's authors, as "How many people are against it?" is; a count of those who say a
claim reads the posts found by the claim, not by "many" and "people"."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import assistant_of_posts as _assistant

pytest.importorskip("tantivy")


# airline tweets of R12-23, as written, with the posts the question's own words ("many", "people") found
POSTS = [
    (
        "startupofme",
        "2015-02-21T08:20",
        '@united really needs to start upgrading their planes. No TVs & then the "inflight wifi" is currently unavailable #United',
    ),
    (
        "djflacoflash",
        "2015-02-22T15:11",
        "@united seriously what's with the slow #wifi on this flight! If the speed was going to change for the worse then the price shouldn't go up!",
    ),
    (
        "Lindsey_Brunell",
        "2015-02-18T16:32",
        "@united plz don't advertise wifi if it's not gonna work thanks #worstflightever",
    ),
    (
        "JMS2802",
        "2015-02-23T10:06",
        "@united - SERIOUSLY it's 2015?!?!  NO WiFi on a 5hr flight from CLE-SFO #1589.  You're the ONLY airline w/out WiFi",
    ),
    (
        "marccabi",
        "2015-02-18T20:15",
        "@united What most business people expect from airline wifi is email, and many people never get it.",
    ),
    ("MmmRubin", "2015-02-24T10:29", "@JetBlue great."),
    (
        "peterfransson",
        "2015-02-24T09:02",
        "@JetBlue many thanks, as always your employees are professional and courteous.",
    ),
    ("AStateOfSnark", "2015-02-24T05:58", "@JetBlue incredible PR team. Great job!"),
    (
        "todayfeelsgood",
        "2015-02-23T13:51",
        "OMGee!!! @JetBlue #OnFleek Why @JetBlue Why?!? How many people even know what that means, lol?",
    ),
    ("Tom_Constantin", "2015-02-22T14:22", "@JetBlue why are there so many delays to north east cities? Awful."),
]


def test_how_many_complained_about_it_counts_the_authors_against_it(tmp_path):
    assistant = _assistant(tmp_path, POSTS)
    answer = assistant.ask("How many people complained about United's wifi?")
    assert not answer.abstained, answer.text
    assert answer.short_answer is not None and int(answer.short_answer) >= 3, answer.text
    named = {c["author"] for c in answer.citations}
    assert {"startupofme", "djflacoflash", "Lindsey_Brunell"} <= named, answer.text
    assert not named & {"MmmRubin", "todayfeelsgood", "Tom_Constantin"}, answer.text


def test_how_many_said_it_reads_the_posts_that_say_it(tmp_path):
    # more posts with the question's own words ("many", "people") than a count reads: they were read first
    crowd = [
        (f"gate{k}", "2015-02-22T12:00", f"@JetBlue so many people at gate {k} today, many people said nothing")
        for k in range(24)
    ]
    assistant = _assistant(tmp_path, POSTS + crowd)
    answer = assistant.ask("How many people said JetBlue was great?")
    assert not answer.abstained, answer.text
    assert answer.short_answer is not None and int(answer.short_answer) >= 2, answer.text
    saying = next(v for v in answer.viewpoints if v["label"] == "say it")
    named = {answer.citations[n - 1]["author"] for n in saying["citations"]}
    assert {"MmmRubin", "AStateOfSnark"} <= named, answer.text
    # "How many people even know ...", "so many delays ... Awful." and "so many people at gate 3" say nothing of it
    assert not named & {"todayfeelsgood", "Tom_Constantin"}, answer.text
    assert not any(name.startswith("gate") for name in named), answer.text


def test_which_questions_of_a_claim_keep_their_own_routes():
    from townsquare.assistant.text import count_said, stand_part

    assert stand_part("How many people praised the crew?") == (1, "What do people think of the crew?")
    assert stand_part("How many people have criticised Delta?") == (-1, "What do people think of Delta?")
    # a claim is counted as said, as before
    assert stand_part("How many people said the flight was delayed?") is None
    assert count_said("How many people said the flight was delayed?") == ("said", "the flight was delayed")
    assert stand_part("Who complained about the wifi?") is None  # who says it: ``who_said``
