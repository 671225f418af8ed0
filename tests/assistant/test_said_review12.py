"""Who said it and how many say it, on small indexes written for review 12's findings on real data (the airline
tweets): a claim that negates is said by posts that negate it too, an order or a question says nothing, a fixed
phrase ("on time") is said only as a phrase, and one sentence states the claim, not words spread over a post."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")


def _ask(tmp_path, texts: list[str], question: str, authors: list[str] | None = None):
    from townsquare.assistant import Assistant

    authors = authors or [f"writer{n}" for n in range(len(texts))]
    return Assistant(_index_of(tmp_path, texts, authors=authors)).ask(question)


def test_a_claim_that_negates_is_said_by_the_posts_that_negate_it(tmp_path):
    # R12-1: "How many people say they will never fly US Airways again?" was "3 authors say it; 15 deny or doubt
    # it": "I will never fly us airways again." was read as denying what it says
    texts = [
        "I will never fly Ashby Air again.",
        "Never flying Ashby Air again, the crew was so rude.",
        "Ashby Air lost my bag both ways. I will never fly Ashby Air again!!!",
        "Ashby Air again late, again no update from the gate.",
    ]
    answer = _ask(tmp_path, texts, "How many people say they will never fly Ashby Air again?")
    sides = {v["label"]: v["posts"] for v in answer.viewpoints}
    assert sides == {"say it": 3}, answer.text
    assert answer.short_answer == "3", answer.text


def test_an_order_or_a_denial_in_other_words_does_not_say_it_was_answered(tmp_path):
    # R12-1: "How many people said US Airways answered the phone?" was "9 authors say it": "ANSWER THE BLOODY
    # PHONE!", "no one ever answered the phone", "waiting without an answer"
    texts = [
        "@user ANSWER THE BLOODY PHONE! Ashby Air desk is a joke",
        "I never booked with Ashby Air because no one ever answered the phone.",
        "Ashby Air finally answered the phone after an hour, lovely agent.",
        "Ashby Air desk: on the phone for over an hour waiting without an answer.",
    ]
    answer = _ask(tmp_path, texts, "How many people said Ashby Air answered the phone?", ["ann", "bob", "cat", "dan"])
    sides = {
        v["label"]: {texts.index(c["snippet"]) for c in answer.citations if c["n"] in v["citations"]}
        for v in answer.viewpoints
    }
    assert sides.get("say it") == {2}, answer.text
    assert 0 not in set().union(*sides.values()), answer.text  # the order says neither
    assert {1, 3} <= sides.get("deny or doubt it", set()), answer.text


def test_on_time_is_said_only_as_a_phrase(tmp_path):
    # R12-3: "Who said United was on time?" listed "first time flying with United", "a one time thing"
    texts = [
        "First time on the Ashby ferry, and the last time.",
        "The Ashby ferry was on time this morning, well done.",
        "Ashby ferry late again, this is not a one time thing.",
    ]
    answer = _ask(tmp_path, texts, "Who said the Ashby ferry was on time?", ["ann", "bob", "cat"])
    assert answer.short_answer == "@bob", answer.text
    assert {c["author"] for c in answer.citations} == {"bob"}, answer.text


def test_a_yes_no_side_needs_the_fixed_phrase_asked(tmp_path):
    # R12-3: "Was the JetBlue flight on time?" had a 12-post "yes" side led by "when you have time"
    texts = [
        "An update on the Ashby ferry would be appreciated when you have time, thanks.",
        "Third time the Ashby ferry has been late this week.",
        "The Ashby ferry never leaves on time. Never.",
        "Every time I take the Ashby ferry it's a disaster.",
    ]
    answer = _ask(tmp_path, texts, "Was the Ashby ferry on time?")
    assert all(v["label"] != "yes" for v in answer.viewpoints), answer.text
    assert not answer.text.startswith("Yes"), answer.text


def test_who_said_a_negated_claim_lists_those_who_say_it_not_those_who_deny_or_ask(tmp_path):
    # R12-15: "Who said their flight was not delayed?" led with a question and listed posts saying their flights
    # were delayed ("not to mention the fact that my flight was delayed ...")
    texts = [
        "is my Ashby flight delayed? It keeps changing between delayed and not",
        "not to mention the fact that my Ashby flight was delayed because your computers were down",
        "Happily, Ashby flight 1625 was not delayed, thanks to the crew.",
    ]
    answer = _ask(tmp_path, texts, "Who said their flight was not delayed?", ["ann", "bob", "cat"])
    assert answer.short_answer == "@cat", answer.text
    assert {c["author"] for c in answer.citations} == {"cat"}, answer.text


def test_one_sentence_states_the_claim_not_words_spread_over_a_post(tmp_path):
    # R12-15: "Who said they will never fly Southwest again?" listed "@USAirways I can't wait to never fly with you
    # again. ... Southwest is the best"
    texts = [
        "@user I can't wait to never fly with you again. Always delayed. Ashby Air is the best.",
        "Ashby Air cancelled our flight, we will never fly Ashby Air again.",
    ]
    answer = _ask(tmp_path, texts, "Who said they will never fly Ashby Air again?", ["ann", "bob"])
    assert answer.short_answer == "@bob", answer.text
    assert {c["author"] for c in answer.citations} == {"bob"}, answer.text


def test_a_yes_no_question_with_no_side_quotes_a_post_with_its_fixed_phrase(tmp_path):
    # R12-3: with no sides, "Was the JetBlue flight on time?" quoted "update on Flight 462 would be appreciated when
    # you have time"
    texts = [
        "An update on the Ashby ferry would be appreciated when you have time, thanks.",
        "Every time I look at the Ashby ferry board it says another delay.",
        "The Ashby ferry left on time today.",
    ]
    answer = _ask(tmp_path, texts, "Was the Ashby ferry on time?")
    assert answer.citations and answer.citations[0]["snippet"] == texts[2], answer.text


def test_a_fixed_phrase_is_a_preposition_and_a_noun():
    from townsquare.assistant.claim import fixed_phrases

    assert fixed_phrases("Was the flight on time?") == (("on", "time"),)
    # "with soaked suitcases" is no phrase to find as written: "with two soaked suitcases" says it (the yes/no
    # bench's "Did anyone arrive at a hotel with soaked suitcases?" abstained)
    assert fixed_phrases("Did anyone arrive at a hotel with soaked suitcases?") == ()


def test_a_sentence_opening_with_a_modal_is_no_order():
    from townsquare.assistant.statements import statements

    # "Will never fly with you again!!!" was read as an order to "will", so its post denied "they will never fly
    # US Airways again"
    assert statements("A horrible first experience with you.  Will never fly with you again!!!")[-1].startswith("Will")
