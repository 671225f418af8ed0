"""Review 15: short answers the independent review found wrong (/work/coord/review15.md): a score of another match,
a pronoun as a who-answer, what is done given as what is left to do."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

_TOWN = [
    "Bin collection moves to Thursdays from next week.",
    "The bus to Ashby was late again this morning.",
    "Heatwave again, 17 degrees by noon. The library is the only cool place left.",
]


def test_a_short_answer_comes_from_a_post_naming_the_match_asked_about(tmp_path):
    from townsquare.assistant import Assistant

    # R15-20: "0-4" was the answer, from the one post with "final score" in it, about Millbrook Rovers vs
    # Eastport United; the posts about the Kingsbridge match, which the question names, were passed over
    texts = [
        "Tickets for Millbrook Rovers vs Eastport United sold out in an hour. Pub it is then. See you on March 15, "
        "final score 0-4.",
        "Millbrook Rovers 1-1 Kingsbridge Athletic. What a finish, Brennan with the winner in stoppage time!",
        "Tickets for Millbrook Rovers vs Kingsbridge Athletic sold out in an hour. Pub it is then. #COYR",
        "Millbrook Rovers 1-1 Kingsbridge Athletic. Que final, gol de Brennan nos acréscimos!",
        *_TOWN,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What was the final score of Millbrook Rovers vs Kingsbridge?")
    assert "Eastport" not in answer.text and "0-4" not in answer.text, answer.text
    assert answer.short_answer == "1-1", answer.text


_MASTODON = [
    "Quote posts tentatively done. Still TODO: Asynchronous refresh, create docs for examples, packaging for JOSS",
    "Release 2.1 is out, thanks to everyone who tested it",
    *_TOWN,
]


def test_a_pronoun_is_no_who_answer(tmp_path):
    from townsquare.assistant import Assistant

    # R15-6: once "... because I got rate limited" was forgotten, "Who got rate limited?" answered "You." from a
    # post that asks it of the account it is written to
    texts = ["@user You got rate limited? You? :)", *_MASTODON]
    authors = ["bazbt3@appdot.net", "halcy", "ana", "u3", "u4", "u5"]
    answer = Assistant(_index_of(tmp_path, texts, authors=authors)).ask("Who got rate limited?")
    assert (answer.short_answer or "").lower() != "you" and not answer.text.startswith("You."), answer.text


def test_what_is_still_to_do_is_what_follows_the_label(tmp_path):
    from townsquare.assistant import Assistant

    # R15-7: "Tentatively." (of "Quote posts tentatively done.") answered what is still to do
    answer = Assistant(_index_of(tmp_path, _MASTODON, authors=["halcy", "ana", "u2", "u3", "u4"])).ask(
        "What is still TODO for quote posts?"
    )
    assert answer.short_answer == "Asynchronous refresh, create docs for examples, packaging for JOSS", answer.text
    assert answer.text.startswith("Asynchronous refresh, create docs for examples, packaging for JOSS. [1]")
