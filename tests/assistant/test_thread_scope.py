"""Questions asked of a thread: the scope names the posts, the question asks what they say (review 15, R15-30)."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

TEXTS = [
    "Our kitchen tap drips all night even with the valve closed. Any plumber around Millbrook?",
    "Just replace the cartridge. That part wears out after a few years.",
    "Surprised it's still leaking like that with the valve closed, sounds like the seat is worn.",
    "The Millbrook ferry timetable changes on Monday.",
]
REPLIES = {n: {"reply_to": "0", "conversation_id": "0"} for n in (1, 2)}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("thread")
    return Assistant(_index_of(path, TEXTS, ["ana_home", "bo_fixit", "cy_pipes", "ferry_news"], fields=REPLIES))


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("What did people reply?", {"in_reply_to_tweet_id": "0"}),
        ("What is this thread about?", {"conversation_id": "0"}),
        ("What were the responses?", {"conversation_id": "0"}),
    ],
)
def test_a_question_about_a_thread_lists_its_posts(assistant, question, scope):
    # it searched for "reply" or "thread" inside the scope, found no post that writes it, and answered "No public
    # post here answers that." with no posts at all
    answer = assistant.ask(question, search_parameters=scope)
    assert not answer.abstained, answer.text
    assert {c["author"] for c in answer.citations} == {"bo_fixit", "cy_pipes"}
