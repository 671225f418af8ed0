"""Review 10 (R10-15, R10-3): follow-ups and who-answers: "Who said that?" names the authors the answer before
it quoted, a common word is no speaker, "And American?" asks the earlier question of American, and a follow-up
keeps the earlier turn's window."""

from __future__ import annotations

import re

import pytest
from tests.assistant.test_assistant import _index_of
from tests.assistant.test_sides_review8 import SKATE_PARK as REVIEW8_PARK

pytest.importorskip("tantivy")

# review 8's six skate park opinions, a sarcastic one naming "dont" before its verb, and the mayor's news
SKATE_PARK = [
    *REVIEW8_PARK[:6],
    ("penny", "Oh you people who voted for the Mill Pond skate park dont complain about the noise this winter."),
    (
        "mayor_odessa",
        "The Mill Pond skate park opens on Saturday, November 21. Come along at 10am for the ribbon cutting.",
    ),
]


def _ids(answer) -> list[str]:
    return [c["id"] for c in answer.citations]


def _quoted(answer) -> list[str]:
    """The ids of the posts ``answer`` quotes (“...” [n])."""
    return [answer.citations[int(n) - 1]["id"] for n in re.findall(r"”\s*\[(\d+)\]", answer.text)]


def test_who_said_that_names_the_authors_the_earlier_answer_quoted_one_for_each_side(tmp_path):
    # R10-15: after "What do people say about Brexit?" (quoting @OldUnclePunch and @jimrmet), "Who said that?"
    # named five other authors found by a search for the earlier topic, and "dont" (of "... dont complain") as one
    from townsquare.assistant import Assistant

    assistant = Assistant(_index_of(tmp_path, [t for _, t in SKATE_PARK], authors=[a for a, _ in SKATE_PARK]))
    question = "What do people say about the skate park at Mill Pond?"
    earlier = assistant.ask(question)
    assert len(earlier.viewpoints) == 2, earlier.text
    quoted = _quoted(earlier)
    assert len(quoted) == 2, earlier.text
    answer = assistant.ask("Who said that?", history=[question])
    assert not answer.abstained and _ids(answer) == quoted, (earlier.text, answer.text)
    authors = [c["author"] for c in answer.citations]
    assert answer.short_answer == f"@{authors[0]} and @{authors[1]}", answer.text
    assert "dont" not in answer.text.split(".")[0], answer.text
    sizes = sorted(v["posts"] for v in earlier.viewpoints)
    for size in sizes:  # each author is told as one side's, the side's size as the earlier answer counted it
        assert f"For the side of {size} post" in answer.text, answer.text
    assert answer.supported == answer.claims, answer.text


def test_who_said_it_after_a_factual_answer_is_the_author_of_the_post_it_quoted(tmp_path):
    from townsquare.assistant import Assistant

    posts = [
        ("ferry_desk", "The Eastport ferry is suspended until Friday because of the storm."),
        ("marco", "Is the Eastport ferry running? Heard it is suspended."),
        ("lena_k", "Eastport ferry tickets went up again, ridiculous."),
    ]
    assistant = Assistant(_index_of(tmp_path, [t for _, t in posts], authors=[a for a, _ in posts]))
    earlier = assistant.ask("Until when is the Eastport ferry suspended?")
    assert not earlier.abstained and _quoted(earlier), earlier.text
    answer = assistant.ask("Who said that?", history=["Until when is the Eastport ferry suspended?"])
    assert _ids(answer) == _quoted(earlier)[:1], (earlier.text, answer.text)
    assert answer.text.startswith(f"@{answer.citations[0]['author']}."), answer.text


@pytest.mark.parametrize(
    "heard",
    [
        "Heard the Eastport ferry is suspended, no idea for how long.",
        "Is the Eastport ferry running? Heard it is suspended.",
    ],
)
def test_who_said_that_after_a_short_answer_names_those_whose_posts_hold_it(tmp_path, heard):
    # "Friday. [1] ... @marco also wrote: “Heard the Eastport ferry is suspended, no idea for how long.” [2]": "Who
    # said that?" named @marco too, who said nothing of Friday (whether a post is quoted beside the answer is the
    # match model's: the second post was after it was refitted on tune[:4200], the first before)
    from townsquare.assistant import Assistant

    posts = [
        ("ferry_desk", "The Eastport ferry is suspended until Friday because of the storm."),
        ("marco", heard),
        ("lena_k", "Eastport ferry tickets went up again, ridiculous."),
    ]
    assistant = Assistant(_index_of(tmp_path, [t for _, t in posts], authors=[a for a, _ in posts]))
    question = "Until when is the Eastport ferry suspended?"
    assert assistant.ask(question).short_answer == "Friday"
    answer = assistant.ask("Who said that?", history=[question])
    assert [c["author"] for c in answer.citations] == ["ferry_desk"], answer.text
    assert answer.text.startswith("@ferry_desk. [1]"), answer.text


def test_a_common_lower_case_word_before_a_verb_of_saying_is_no_speaker(tmp_path):
    # R10-15: "Who says American Airlines is great?" was "still. [1]" of "I still think American Airlines is great"
    from townsquare.assistant import Assistant
    from townsquare.assistant.text import speaker

    assert speaker("Oh you pensioners who voted #Tories dont complain its cold", "said") is None
    assert speaker("I still think American Airlines is great", "say") is None  # the author
    assert speaker("police say the road is closed", "say") == "police"
    assert speaker("and my hubby says it's just more to love") == "my hubby"
    posts = [
        ("jacquelinewins6", "@user I still think Fernhollow Air is great...I would just like to be treated better."),
        ("sam_b", "Fernhollow Air lost my bag again, terrible."),
    ]
    assistant = Assistant(_index_of(tmp_path, [t for _, t in posts], authors=[a for a, _ in posts]))
    answer = assistant.ask("Who says Fernhollow Air is great?")
    assert answer.short_answer == "@jacquelinewins6", answer.text


AIRLINES = [
    ("spencer", "United customer service is the worst, they lost my bag and never called back."),
    ("kim_r", "Terrible customer service from United again, on hold for two hours."),
    ("crayon", "Kudos to United for excellent customer service today!"),
    ("bloom", "Have been trying to reach American since last evening. WORST CUSTOMER SERVICE EVER!"),
    ("jen_w", "Horrible customer service at American, never fly American again!"),
    ("otis", "Great customer service from American today, they rebooked me in minutes."),
    ("bill_b", "Another fail for the United ticket agents in OKC. American here we come."),
    ("gamer", "I love American! Best airline."),
    ("worldwide", "I'm glad this airline is going to be swallowed by American!!!"),
]


def test_and_another_name_after_an_opinion_question_asks_the_same_of_it(tmp_path):
    # R10-3: "And American?" after "What do people say about United's customer service?" dropped "customer service"
    # and kept "United": its sides were posts naming American, one a complaint about United ending "American here
    # we come" counted against American
    from townsquare.assistant import Assistant

    assistant = Assistant(_index_of(tmp_path, [t for _, t in AIRLINES], authors=[a for a, _ in AIRLINES]))
    answer = assistant.ask("And American?", history=["What do people say about United's customer service?"])
    assert not answer.abstained, answer.text
    cited = {c["author"] for c in answer.citations}
    assert {"bloom", "jen_w", "otis"} <= cited and not cited & {"bill_b", "gamer", "worldwide", "spencer"}, answer.text
    assert answer.question == "And American?"
    # and once more: "And Delta?" after it asks it of Delta, which no post here is about
    from townsquare.assistant.core import same_asked

    earlier = ["What do people say about United's customer service?", "And American?"]
    assert same_asked("And Delta?", earlier) == "What do people say about Delta's customer service?"
    # a subject that is a name alone is all a follow-up asks of; "the skate park" is no name to swap in
    assert same_asked("And Delta?", ["What do people think of the Winter Market?"]) is None
    assert same_asked("And the food?", earlier) is None


def test_a_follow_up_keeps_the_window_of_the_turn_before_it(tmp_path):
    # R10-3: "Who is against it?" after "What do people say about JetBlue?" and "And yesterday?" dropped the window
    # and named authors of other days
    from datetime import UTC, datetime

    from townsquare.assistant import Assistant

    posts = [
        ("old_a", "2015-02-20T10:00", "JetBlue is awful, lost my bag and nobody cared."),
        ("old_b", "2015-02-20T11:00", "JetBlue is terrible, never again."),
        ("old_c", "2015-02-20T12:00", "Love JetBlue, great crew."),
        ("new_a", "2015-02-23T10:00", "JetBlue is awful today, I will stop flying JetBlue."),
        ("new_b", "2015-02-23T11:00", "JetBlue is great, the crew was fantastic today."),
        ("new_c", "2015-02-23T12:00", "JetBlue is terrible, two hours late and no word."),
        ("last", "2015-02-24T09:00", "Boarding my flight now."),
    ]
    authors, dates, texts = zip(*posts, strict=True)
    stamps = [datetime.fromisoformat(d).replace(tzinfo=UTC) for d in dates]
    assistant = Assistant(_index_of(tmp_path, list(texts), authors=list(authors), dates=stamps))
    history = ["What do people say about JetBlue?", "And yesterday?"]
    then = assistant.ask("And yesterday?", history=history[:1])
    assert {c["author"] for c in then.citations} <= {"new_a", "new_b", "new_c"}, then.text
    answer = assistant.ask("Who is against it?", history=history)
    assert not answer.abstained, answer.text
    named = {c["author"] for c in answer.citations}
    assert "new_a" in named and not named & {"old_a", "old_b", "old_c"}, answer.text
    # a window named is the follow-up's own: "And on 20 Feb?" is that day
    other = assistant.ask("Who is against it on 20 Feb 2015?", history=history)
    assert {c["author"] for c in other.citations} & {"old_a", "old_b"}, other.text
