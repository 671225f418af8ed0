"""Review 15: answers the independent command-line review found wrong (/work/coord/review15.md)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")


def test_a_fediverse_byline_is_supported_by_its_own_post():
    from townsquare.assistant.verify import check_sentence

    # R15-2: "@ines_hughes75@millbrook.social wrote: ..." was removed as naming "ines_hughes75", a name no run of
    # letters and digits of the handle is ("ines", "hughes75"); a handle without "_" passed
    post = {
        "id": "1",
        "text": "Got the Lumen Watch today. Battery is great.",
        "author_handle": "ines_hughes75@millbrook.social",
        "author_id": "https://millbrook.social/users/ines_hughes75",
        "created_at": "2025-03-04T00:15:02Z",
    }
    sentence = "@ines_hughes75@millbrook.social wrote: “Got the Lumen Watch today. Battery is great.” [1]"
    assert check_sentence(sentence, [post]).supported
    # someone else's handle is still no name the post gives
    other = "@wen_nakamura16@chaos.example wrote: “Got the Lumen Watch today. Battery is great.” [1]"
    assert not check_sentence(other, [post]).supported


def test_what_a_mastodon_account_with_an_underscore_says_is_its_posts(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Got the Lumen Watch today. Battery is great, camera is fine.",
        "Heatwave again, 17 degrees by noon. The library is the only cool place left.",
        "The bus to Ashby was late again this morning.",
        "Bin collection moves to Thursdays from next week.",
    ]
    authors = ["ines_hughes75@millbrook.social", "ines_hughes75@millbrook.social", "u2", "u3"]
    answer = Assistant(_index_of(tmp_path, texts, authors=authors)).ask("What does @ines_hughes75 say?")
    assert not answer.abstained and not answer.removed, (answer.text, answer.removed)
    assert "Lumen Watch" in answer.text or "library" in answer.text, answer.text


_DESK = [
    "@RedlineBus the driver on the Chicago route was lovely today",
    "@RedlineBus new seats are comfy, nice work",
    "@RedlineBus still waiting on a refund for the cancelled Miami trip",
]


def test_a_redaction_placeholder_is_no_answer(tmp_path):
    from townsquare.assistant import Assistant

    # R15-12: "What is the record locator?" was answered "BOOKING_REF." (the corpus's placeholder, brackets dropped)
    texts = [
        "@RedlineBus yes starting w/ the 1278, getting me home 48 hours late. record locator <BOOKING_REF>",
        "@RedlineBus is that the record locator?",
        *_DESK,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What is the record locator?")
    assert "BOOKING_REF" not in (answer.short_answer or "") and "BOOKING_REF." not in answer.text, answer.text
    assert not (answer.short_answer or "").lower().startswith("redlinebus"), answer.text


def test_who_did_it_is_the_author_who_says_they_did_all_of_it(tmp_path):
    from townsquare.assistant import Assistant

    # R15-6: "Who got rate limited?" was answered "Mfw." ("my face when") from "mfw have to take a break ...
    # because I got rate limited"
    texts = [
        "mfw have to take a break from mastodon.py development because I got rate limited",
        "Quote posts tentatively done. Still TODO: asynchronous refresh and docs",
        "Release 2.1 is out, thanks to everyone who tested it",
        *_DESK,
    ]
    authors = ["halcy", "halcy", "ana", "u3", "u4", "u5"]
    answer = Assistant(_index_of(tmp_path, texts, authors=authors)).ask("Who got rate limited?")
    assert answer.short_answer == "@halcy", answer.text


def test_a_word_of_what_a_post_asks_is_no_one_it_names(tmp_path):
    from townsquare.assistant import Assistant

    # R15-13: "Who can I call at United?" was answered "Time." from "@united what time? Who can I call."
    texts = ["@RedlineBus what time? Who can I call. I need my skis back.", *_DESK]
    answer = Assistant(_index_of(tmp_path, texts)).ask("Who can I call at RedlineBus?")
    assert (answer.short_answer or "").lower() != "time", answer.text


def test_a_third_turn_asks_the_other_side_of_the_first_turns_topic(tmp_path):
    from townsquare.assistant import Assistant
    from townsquare.assistant.evidence import rewrite

    # R15-3: "Who supports it?" after "Who is against it?" searched "supports against bus lane Harbor Road", and
    # answered with a clipped span, one supporter of five and an opponent's post as "also wrote"
    first = "What do people say about the bus lane on Harbor Road?"
    assert rewrite("Who supports it?", [first, "Who is against it?"]) == rewrite("Who supports it?", [first])
    texts = [
        "Support the Harbor Road bus lane 100%, it works and the buses are faster.",
        "Honestly love the Harbor Road bus lane, my commute is ten minutes shorter.",
        "The Harbor Road bus lane is great, keep it.",
        "Against the Harbor Road bus lane: it made the junction by the harbor dangerous.",
        "The Harbor Road bus lane is a disaster, traffic is worse than ever.",
        *(t[12:] for t in _DESK),
    ]
    authors = ["viktor", "olga", "ben", "kemi", "alice", "u5", "u6", "u7"]
    answer = Assistant(_index_of(tmp_path, texts, authors=authors)).ask(
        "Who supports it?", history=[first, "Who is against it?"]
    )
    named = answer.text.split(" wrote:")[0]  # "@viktor. [1] Also @ben. [2] @viktor"
    assert answer.short_answer == "@viktor" and "@ben" in named, answer.text
    assert "@kemi" not in named and "@alice" not in named and "also wrote" not in answer.text, answer.text


def test_the_rest_of_a_follow_up_who_question_is_read_after_its_opener():
    from townsquare.assistant.compose import _did_it
    from townsquare.assistant.evidence import Evidence
    from townsquare.assistant.spans import Span

    text = "mfw have to take a break from mastodon.py development because I got rate limited"
    post = Evidence(post={"id": "1", "text": text, "author_handle": "halcy"}, rank=0, coverage=1.0, match=1.0)
    for question in ("Who got rate limited?", "And who got rate limited?", "So who got rate limited?"):
        assert _did_it(question, post, Span("mfw", 0, 3, 1.0)), question
    assert not _did_it("And who got rate limited on Tuesday?", post, Span("mfw", 0, 3, 1.0))
