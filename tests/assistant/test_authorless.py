"""Posts with no author (the ``text`` format, a CSV mapped without one): answers name no "@unknown".

Every quote of such a post was "@unknown wrote: …"; the check removed it (the post has no such name), so answers
collapsed to a bare abstention, and all authorless posts were one author to the per-author limit (2 posts read).
"""

from __future__ import annotations

import pytest

pytest.importorskip("tantivy")

from tests.assistant.test_assistant import _index_of  # noqa: E402

NO_AUTHOR = {"author_id": None, "author_handle": None, "uri": None}

TEXTS = [
    "The new skate park at Mill Pond is fantastic, the kids love it",
    "Mill Pond skate park is a great addition to the town",
    "The skate park at Mill Pond was a waste of money",
    "Love the Mill Pond skate park, well done council",
    "Another sunny day at the beach",
]


def _authorless(tmp_path, texts):
    return _index_of(tmp_path, texts, fields={n: NO_AUTHOR for n in range(len(texts))})


def test_an_opinion_question_quotes_authorless_posts_without_a_made_up_name(tmp_path):
    from townsquare.assistant import Assistant

    answer = Assistant(_authorless(tmp_path, TEXTS)).ask("What do people think of the Mill Pond skate park?")
    assert not answer.abstained, answer.text
    assert "@unknown" not in answer.text
    assert answer.claims == answer.supported, answer.to_dict()["removed"]
    assert len(answer.citations) >= 3, answer.text


def test_authorless_posts_are_not_one_author_to_the_per_author_limit(tmp_path):
    from townsquare.assistant import Assistant
    from townsquare.assistant.evidence import gather, select

    assistant = Assistant(_authorless(tmp_path, TEXTS))
    question = "What do people think of the Mill Pond skate park?"
    _, posts, _ = gather(assistant.searcher, question)
    kept, _ = select(question, posts, limit=8, per_author=2)
    assert {e.id for e in kept} >= {"0", "1", "2", "3"}


def test_a_who_question_names_an_authorless_post_as_unnamed(tmp_path):
    from townsquare.assistant import Assistant

    answer = Assistant(_authorless(tmp_path, TEXTS)).ask("Who said the skate park was a waste of money?")
    assert not answer.abstained, answer.text
    assert "@unknown" not in answer.text
    assert answer.text.startswith("An unnamed author"), answer.text
    assert answer.citations[0]["id"] == "2"
    assert answer.claims == answer.supported, answer.to_dict()["removed"]
