"""Counts and sides on small indexes written for them (review 7)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")


def _sides(tmp_path, texts: list[str], question: str, fields: dict | None = None):
    from townsquare.assistant import Assistant

    answer = Assistant(_index_of(tmp_path, texts, fields=fields)).ask(question)
    return {v["label"]: v["posts"] for v in answer.viewpoints}, answer


def test_a_number_the_post_asks_back_and_denies_is_not_its_count(tmp_path):
    texts = [
        "1.2k evacuated from Lowmoor after the flood? Rubbish. More like 300.",
        "300 people were evacuated from Lowmoor after the flood, the fire service says.",
        "Around 300 residents evacuated from Lowmoor after the flood last night.",
        "1,200 evacuated from Lowmoor after the flood, the radio says.",
        "Twelve hundred evacuated from Lowmoor after the flood?? Nonsense, the school hall held everyone.",
    ]
    sides, answer = _sides(tmp_path, texts, "How many people were evacuated from Lowmoor after the flood?")
    # the first post was a side "1.2k" with the radio's 1,200, and the last one a third post for it
    assert sides == {"300": 3, "1,200": 1}, answer.text
    from townsquare.assistant.compose import _asserted_counts

    assert [value for *_, value in _asserted_counts(texts[0])] == ["300"]
    assert [value for *_, value in _asserted_counts("Is the pool open till 9? Dream on, it shuts at 6.")] == ["6"]
    # a question it does not deny is left as it is; "not forty" is no count the post gives
    assert [value for *_, value in _asserted_counts("Forty staff out? Yes, forty.")] == ["40", "40"]
    assert [value for *_, value in _asserted_counts("A dozen staff are out, not forty.")] == ["12"]
