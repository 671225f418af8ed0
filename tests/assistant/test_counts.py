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


def test_how_many_say_a_count_counts_posts_giving_another_count_among_those_who_deny_it(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "40 staff are out at the Brookside depot this week, bins will be late.",
        "Bins late again, forty staff are out at the Brookside depot.",
        "Forty staff are out at Brookside depot, says the union.",
        "Council update: only 12 staff are out at the Brookside depot, collections continue as normal.",
        "Council: a dozen staff are out at the Brookside depot, not forty; no change to collections.",
        "Brookside depot is closed on Sunday for the holiday.",
    ]
    assistant = Assistant(_index_of(tmp_path, texts))
    answer = assistant.ask("How many people say forty staff are out at the Brookside depot?")
    # was "3 authors say it (3 posts); 0 deny or doubt it": "40" was not "forty", the council's "a dozen ..., not
    # forty" said it and "only 12" was on neither side
    assert answer.short_answer == "3", answer.text
    assert answer.text.startswith("3 authors say it (3 posts); 2 deny or doubt it."), answer.text
    answer = assistant.ask("Who says forty staff are out at the Brookside depot?")
    assert "12" not in answer.text and "dozen" not in answer.text, answer.text
    from townsquare.assistant.compose import _other_count

    # another count of the staff, or a bare one, denies it; a count of something else or a time does not
    claim = "forty staff are out at the Brookside depot"
    posts = ("Only 12 staff are off.", "Out? More like 12.", "Forty staff out, back in 2 weeks.", "Out since 9.")
    assert [_other_count(claim, post) for post in posts] == [True, True, False, False]
