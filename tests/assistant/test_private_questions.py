"""A question about what was said in private, in direct messages or in protected posts is not answered from the
public posts that share its words (review 17, R17-29: "What did @mara_millbrook say in private?" quoted her weather
post as the answer)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

TEXTS = [
    "12 degrees and foggy in Millbrook today, bring a coat.",
    "Said it before and will say it again: the bus lane on Harbor Road works.",
    "The council voted 5 to 2 to keep the bus lane on Harbor Road.",
]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from townsquare.assistant import Assistant

    index = _index_of(tmp_path_factory.mktemp("private"), TEXTS, authors=["mara_millbrook", "mara_millbrook", "ben_k"])
    return Assistant(index)


@pytest.mark.parametrize(
    "question",
    [
        "What did @mara_millbrook say in private?",
        "What did mara_millbrook say privately about the bus lane?",
        "What did @ben_k write in his DMs about the council vote?",
        "What did the council send by direct message?",
        "What do @mara_millbrook's protected posts say?",
    ],
)
def test_private_questions_abstain_with_no_posts(assistant, question):
    from townsquare.assistant.core import PRIVATE_TEXT

    answer = assistant.ask(question)
    assert answer.abstained and answer.text == PRIVATE_TEXT
    assert answer.citations == [] and answer.short_answer is None


def test_public_questions_about_the_same_posts_still_answer(assistant):
    answer = assistant.ask("How did the council vote on the bus lane on Harbor Road?")
    assert not answer.abstained and "5 to 2" in answer.text
    assert not assistant.ask("What did @mara_millbrook say about the bus lane?").abstained
    from townsquare.assistant.core import PRIVATE_TEXT

    # "the PM" is a prime minister, not a private message
    assert assistant.ask("What was said about the bus lane by the PM?").text != PRIVATE_TEXT
