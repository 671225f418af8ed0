"""Conversation turns and time windows on small indexes written for them: a whole question after another is a
new one, a question that only names a time re-asks the last earlier question with words, and the time words a
question may use (review 7: R7-3, R7-14, R7-20, R7-26, R7-31, R7-38)."""

from __future__ import annotations

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
