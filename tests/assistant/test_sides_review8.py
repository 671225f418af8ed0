"""Review 8 (R8-2, R8-12, R8-28, R8-25): the sides of an opinion and who takes them, on small indexes."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

SKATE_PARK = [
    ("priya_runs", "The new skate park at Mill Pond is fantastic, my kids love it."),
    ("oskar", "Love the Mill Pond skate park, best thing the town has built in years."),
    ("gus_at_mill", "I hate the skate park at Mill Pond. Noise until 10pm every night and litter everywhere."),
    ("tide", "The skate park at Mill Pond is awful, worst use of the park budget."),
    ("hazel", "The Mill Pond skate park is a waste of money and an eyesore."),
    ("wren", "The Mill Pond skate park is terrible, it ruined the quiet of the pond."),
    ("wren_b", "The skate park at Mill Pond isn't bad at all, I was wrong about it."),
    (
        "mayor_odessa",
        "The Mill Pond skate park opens on Saturday, November 21. Come along at 10am for the ribbon cutting.",
    ),
]


@pytest.fixture(scope="module")
def skate_park(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("skate")
    return Assistant(_index_of(path, [t for _, t in SKATE_PARK], authors=[a for a, _ in SKATE_PARK]))


def _side(answer, label):
    return next((v for v in answer.viewpoints if v["label"] == label), None)


def test_plain_complaints_and_a_turned_mind_take_their_sides(skate_park):
    # R8-2: "terrible", "a waste of money and an eyesore" took no side (3 for / 4 against shown as 2 / 2), and
    # "isn't bad at all, I was wrong about it" none: "wrong" is said of the writer, not of the park
    answer = skate_park.ask("What do people say about the skate park at Mill Pond?")
    assert answer.text.startswith("Posts disagree."), answer.text
    assert _side(answer, "against")["posts"] == 4, answer.viewpoints
    assert _side(answer, "for")["posts"] == 3, answer.viewpoints


def test_a_fan_or_not_a_fan_says_where_it_stands():
    from townsquare.assistant.viewpoints import stances

    assert stances(["Not a fan of the Winter Market this year."]) == [-1]
    assert stances(["I'm a big fan of the Winter Market."]) == [1]
    assert stances(["I was wrong, the new bridge is great."]) == [1]


def test_who_is_against_names_the_authors_of_that_side(skate_park):
    # R8-12: "Who is against the skate park at Mill Pond?" abstained with four posts against
    answer = skate_park.ask("Who is against the skate park at Mill Pond?")
    assert not answer.abstained, answer.text
    for name in ("@gus_at_mill", "@tide", "@hazel", "@wren"):
        assert name in answer.text, answer.text
    assert "@priya_runs wrote" not in answer.text and "take the other side" in answer.text, answer.text


def test_who_is_against_it_follows_up_an_opinion_question(skate_park):
    # R8-12: the follow-up "Who is against it?" abstained listing nothing ("against" was read as its own topic)
    answer = skate_park.ask("Who is against it?", history=["What do people say about the skate park at Mill Pond?"])
    assert not answer.abstained, answer.text
    assert "@gus_at_mill" in answer.text and "@hazel" in answer.text, answer.text


def test_who_likes_names_the_authors_for_it_not_a_place(skate_park):
    # R8-28: "Who likes the skate park?" was "Mill Pond." and one of the authors who like it
    answer = skate_park.ask("Who likes the skate park?")
    assert not answer.text.startswith("Mill Pond"), answer.text
    assert "@priya_runs" in answer.text and "@oskar" in answer.text, answer.text
    assert "@gus_at_mill wrote" not in answer.text, answer.text


def test_what_about_a_new_subject_after_an_opinion_question_asks_its_sides(tmp_path):
    # R8-25: "What about the skate park?" after "What do people think of the Winter Market?" listed the posts that
    # matched its words (two against) and no sides
    from townsquare.assistant import Assistant

    market = [
        ("bea", "The Winter Market on Church Square is great, the best one in years."),
        ("moss", "The Winter Market is overpriced and crowded, not going back."),
    ]
    posts = SKATE_PARK + market
    assistant = Assistant(_index_of(tmp_path, [t for _, t in posts], authors=[a for a, _ in posts]))
    answer = assistant.ask("What about the skate park?", history=["What do people think of the Winter Market?"])
    assert answer.text.startswith("Posts disagree."), answer.text
    assert _side(answer, "for") and _side(answer, "against"), answer.viewpoints
    assert "Winter Market" not in answer.text, answer.text


def test_what_an_author_thinks_is_their_post_first_and_its_sarcasm_said(tmp_path):
    # R8-31: "What does @dan_quill think of the skate park?" led with another author's post and did not say his reads
    # as sarcastic
    from townsquare.assistant import Assistant

    posts = [
        ("aaa111", "Mayor Odessa Vance said the skate park cost was worth every cent."),
        (
            "dan_quill",
            "Oh great, a skate park at Mill Pond. Exactly what we needed instead of fixing the roads. Just wonderful.",
        ),
        ("dan_quill", "Lost dog near Church Square, brown spaniel called Biscuit."),
    ] + SKATE_PARK[:3]
    assistant = Assistant(_index_of(tmp_path, [t for _, t in posts], authors=[a for a, _ in posts]))
    answer = assistant.ask("What does @dan_quill think of the skate park?")
    assert answer.text.startswith("@dan_quill wrote: “Oh great"), answer.text
    assert "sarcastic" in answer.text and "@aaa111" not in answer.text.split("sarcastic")[0], answer.text
