"""Review 10 (R10-15, R10-3): follow-ups and who-answers: "Who said that?" names the authors the answer before
it quoted, a common word is no speaker, "And American?" asks the earlier question of American, and a follow-up
keeps the earlier turn's window."""

from __future__ import annotations

import re

import pytest
from tests.assistant.test_assistant import _index_of

pytest.importorskip("tantivy")

SKATE_PARK = [
    ("priya_runs", "The new skate park at Mill Pond is fantastic, my kids love it."),
    ("oskar", "Love the Mill Pond skate park, best thing the town has built in years."),
    ("gus_at_mill", "I hate the skate park at Mill Pond. Noise until 10pm every night and litter everywhere."),
    ("tide", "The skate park at Mill Pond is awful, worst use of the park budget."),
    ("hazel", "The Mill Pond skate park is a waste of money and an eyesore."),
    ("wren", "The Mill Pond skate park is terrible, it ruined the quiet of the pond."),
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
