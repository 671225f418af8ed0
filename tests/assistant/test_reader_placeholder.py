"""Review 10 (R10-7): the reader read the privacy stage's ``@user`` placeholder as a sign of no answer.

It was tuned with negatives from TweetEval, whose every mention is ``@user``; on a corpus built here (mentions
become ``@user``) it abstained on 11 of 13 questions whose answering post was the first one found.
"""

from __future__ import annotations

import pytest

from townsquare.assistant.reader import load_reader, unmentioned

pytest.importorskip("tantivy")


def test_placeholders_are_blanked_character_for_character():
    text = "@user working with Lisa J at ORD, cc @username and me@user.example @user."
    blanked = unmentioned(text)
    assert len(blanked) == len(text)
    assert blanked == "      working with Lisa J at ORD, cc @username and me@user.example      ."


def test_a_post_with_a_mention_placeholder_answers(tmp_path):
    from tests.assistant.test_assistant import _index_of

    from townsquare.assistant import Assistant

    if load_reader() is None:
        pytest.skip("the reader needs torch, transformers and the MiniLM package")
    texts = [
        "@user working with Lisa J at ORD. she's working hard for us, but this is still disappointing",
        "@user my flight 386 from Jacksonville fl to Dallas is showing Cancelled. What is going on",
        "Snow again at the airport this morning",
    ]
    assistant = Assistant(_index_of(tmp_path, texts))
    who = assistant.ask("Who is working hard at ORD?")
    assert not who.abstained and who.short_answer == "Lisa J", who.text  # abstained: margin -10.4, threshold -2.3
    where = assistant.ask("Where was flight 386 going?")
    assert not where.abstained and "Dallas" in where.short_answer, where.text
