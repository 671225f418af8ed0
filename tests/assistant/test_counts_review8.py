"""How-many answers on small indexes written for them (review 8: R8-1, R8-6, R8-37, R8-38)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

# posts on other things, so that the words of the town's events are rare ones
_TOWN = [
    "Bin collection moves to Thursdays from next week, the council says.",
    "The 7:15 bus to Ashby was 25 minutes late again this morning.",
    "Power is back on Elm Street, crews fixed it at 1:40pm.",
    "Reminder: the library opens late on Wednesdays.",
    "Gus's bakery is giving away free bread to anyone who lost power.",
    "Road works on the bridge start on Monday for two weeks.",
]


def test_a_how_many_question_shows_both_counts_where_no_post_has_all_its_words(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "The Harvest Fair on Mill Lane drew about 400 people last night, organisers said.",
        "I counted the crowd at the Harvest Fair myself: 1,200 people at least. The paper's number is way off.",
        "@u0 400 sounds right to me, Mill Lane was half empty by 8pm.",
        "The Harvest Fair had 1,200 people, the biggest ever according to the organisers.",
        "Honestly the Harvest Fair crowd was more like 400. Photos don't lie.",
        "The Harvest Fair last year was magical, the kids loved the paper boats.",
        *_TOWN,
    ]
    index = _index_of(tmp_path, texts, fields={2: {"reply_to": "0"}})
    # no post has "came": they say "drew", "had", "crowd"; the answer was "1,200." alone, and the three posts
    # that say 400 were in no side (review 8, R8-1)
    answer = Assistant(index).ask("How many people came to the Harvest Fair?")
    sides = {v["label"]: v["posts"] for v in answer.viewpoints}
    assert sides == {"400": 3, "1,200": 2}, answer.text
    assert answer.text.startswith("Posts disagree.") and answer.supported == answer.claims, answer.text


_FAIR = [
    "The Harvest Fair on Mill Lane drew about 400 people last night, organisers said.",
    "I counted the crowd at the Harvest Fair myself: 1,200 people at least. The paper's number is way off.",
    "The Harvest Fair had 1,200 people, the biggest ever according to the organisers.",
    "Honestly the Harvest Fair crowd was more like 400. Photos don't lie.",
    "Everyone should come to the budget meeting on Tuesday, the pool lights are on the agenda.",
    "Come along to the pool opening at 10am on Saturday.",
]


def test_who_said_a_count_is_answered_by_the_posts_that_state_it_in_their_own_words(tmp_path):
    from townsquare.assistant import Assistant

    authors = ["gazette", "lena", "ivy", "wren", "priya", "mayor", *(f"u{n}" for n in range(len(_TOWN)))]
    assistant = Assistant(_index_of(tmp_path, [*_FAIR, *_TOWN], authors=authors))
    # "came" is in no post that says 400 ("drew", "the crowd was"), and in two that say nothing of a count
    # ("come to the budget meeting"): it abstained, while the question in the posts' words answered (R8-37)
    answer = assistant.ask("Who said about 400 people came?")
    cited = {c["author"] for c in answer.citations}
    assert not answer.abstained and cited == {"gazette", "wren"}, answer.text
    answer = assistant.ask("Who said 1,200 people came?")
    assert {c["author"] for c in answer.citations} == {"lena", "ivy"}, answer.text


def test_a_how_much_answer_is_an_amount(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Mayor Odessa Vance said the skate park cost was worth every cent.",
        "The skate park at Mill Pond opens on Saturday at 10am.",
        "Love the Mill Pond skate park, best thing the town has built in years.",
        *_TOWN,
    ]
    # "Every cent." led the answer, cited and "supported": no post says what it cost (review 8, R8-6)
    answer = Assistant(_index_of(tmp_path, texts)).ask("How much did the skate park cost?")
    assert answer.abstained and answer.short_answer is None, answer.text


_WATER = [
    "Water rates will rise by 6% on January 1 to pay for the new treatment plant.",
    "@user Disagree. 6% is too much for pensioners on River Road.",
    "@user Why not 3% a year over two years instead?",
    "@user Agreed, the treatment plant is long overdue.",
    "Water rates rise by 6% from January 1, the council confirmed.",
    "The 6% water rate rise is outrageous.",
]


def test_how_many_people_replied_is_the_count_of_the_replies(tmp_path):
    from townsquare.assistant import Assistant

    authors = ["mayor_odessa", "gus", "tomasz", "lena", "gazette", "hazel", *(f"u{n}" for n in range(len(_TOWN)))]
    replies = {n: {"reply_to": "0"} for n in (1, 2, 3)}
    index = _index_of(tmp_path, [*_WATER, *_TOWN], authors=authors, fields=replies)
    # "6%." (the rise) was the count, then an abstention; "Who replied to the mayor ...?" finds the three (R8-38)
    answer = Assistant(index).ask("How many people replied to the mayor about water rates?")
    assert answer.short_answer == "3" and answer.text.startswith("3 authors replied:"), answer.text
    assert {"gus", "tomasz", "lena"} <= {c["author"] for c in answer.citations}, answer.text
    assert answer.supported == answer.claims, answer.text


_PARK = [
    "I hate the skate park at Mill Pond. Noise until 10pm every night and litter everywhere.",
    "The skate park at Mill Pond is awful, worst use of the park budget.",
    "The Mill Pond skate park is terrible, it ruined the quiet of the pond.",
    "The new skate park at Mill Pond is fantastic, my kids love it.",
    "Love the Mill Pond skate park, best thing the town has built in years.",
]


@pytest.mark.parametrize(
    ("question", "count", "authors"),
    [
        ("How many people hate the skate park?", "3", {"gus", "tide", "wren"}),
        ("How many people are against the skate park?", "3", {"gus", "tide", "wren"}),
        ("How many people like the skate park?", "2", {"priya", "oskar"}),
    ],
)
def test_how_many_people_take_a_side_is_the_count_of_that_side(tmp_path, question, count, authors):
    from townsquare.assistant import Assistant

    names = ["gus", "tide", "wren", "priya", "oskar", *(f"u{n}" for n in range(len(_TOWN)))]
    # "Mill Pond." led "How many people hate the skate park?" (review 8, R8-6 addendum)
    answer = Assistant(_index_of(tmp_path, [*_PARK, *_TOWN], authors=names)).ask(question)
    assert answer.short_answer == count, answer.text
    assert authors <= {c["author"] for c in answer.citations}, answer.text


def test_a_number_said_with_point_is_one_number():
    from townsquare.assistant.text import quantity_values

    assert quantity_values("it will cost three point two million") == "it will cost 3200000"
    assert quantity_values("3.2 million, or 3.2m") == "3200000, or 3200000"
    assert quantity_values("nine point nine nine") == "9.99"
    assert quantity_values("one point") == "1 point"  # a point scored, no decimal


def test_a_count_said_with_point_joins_the_side_that_writes_it_in_digits(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "The Millbrook library roof repair will cost 3.2 million, the council says.",
        "Council approves 3.2m for the Millbrook library roof repair.",
        "Millbrook library roof repair: three point two million pounds approved by the council last night.",
        "The Millbrook library roof repair costs 800k, not millions, says the builder.",
        "Builder's quote for the Millbrook library roof repair is 800k.",
        *_TOWN,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("How much will the Millbrook library roof repair cost?")
    sides = {v["label"]: v["posts"] for v in answer.viewpoints}
    # "three point two million" was read as three: a side of its own, or none
    assert sides == {"3.2m": 3, "800k": 2}, answer.text
