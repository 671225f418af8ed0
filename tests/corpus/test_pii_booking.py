"""Travel booking references (airline PNR / record locator, confirmation codes) after a booking word become
``<BOOKING_REF>``, and a traveller's name labelled beside one becomes ``<NAME>`` (review 10, R10-13: the airline
tweets are full of them, posted by people who cannot DM). A code-shaped word without a booking word, a word after
one, a flight number and an order number stay."""

from __future__ import annotations

import random

import pytest
from corpus_inputs import all_text, post, sentence, write_shard

from townsquare.corpus.build import build
from townsquare.corpus.pii import PiiStage, find_pii, redact
from townsquare.post import batch_from_rows

# (post, the code) as they were written in the airline CSV (codes changed)
BOOKED = [
    ("@user I can't DM you so here's the confirmation # Q8CVWZ - please help", "Q8CVWZ"),
    ("@user need help. Never got tickets. Conf #gqzqdd", "gqzqdd"),
    ("Pls don't let my connection leave!!!\nConf# NPQHD7", "NPQHD7"),
    ("@user - please help regarding PNR A3ZZ9F. Why am I now waitlisted", "A3ZZ9F"),
    ("@user Confirmation number: NJW4BQ - All I need is email confirmation", "NJW4BQ"),
    ("@user here is my conf #F8NEQX. My flight was delayed", "F8NEQX"),
    ("@user - Hi. My flight confirmation # is fwwx7f. We are currently stuck", "fwwx7f"),
    ("he is traveling with me on a sep reservation number F3KxB9", "F3KxB9"),
    ("Almost 4hrs late.  Conf#\xa0FVF9YQ  thanks", "FVF9YQ"),
    ("Need help. Conf: D1MQF7 Need confirmed on #1776", "D1MQF7"),
    ("@user Record locator HFJKTQ. Can someone please assist", "HFJKTQ"),
    ("@user reservation (FEHQNX)  21FEB15 | DCA-RSW", "FEHQNX"),
    ("Mein Flug fällt aus, Buchungsnummer: X7YZ3Q, bitte helfen", "X7YZ3Q"),
    ("vuelo cancelado, localizador ABC12D, ayuda", "ABC12D"),
    # review 11 (R11-6): "res#" is a booking word (the same code was redacted after "ConF#" in the author's next post)
    ("@user I have a flight from omaha to chicago please fix this res# ILQ0HZ", "ILQ0HZ"),
    ("my res # QX7PLM was cancelled twice", "QX7PLM"),
]


def test_res_alone_is_no_booking_word() -> None:
    assert redact("high res 1080p video of the landing")[0] == "high res 1080p video of the landing"


def test_a_phone_number_after_an_ellipsis() -> None:
    # review 11 (R11-6): a call-back number glued to "..." stayed in the corpus ("1.2345" after one dot is no phone)
    text = "@user 25 min hold has now progressed to over an hour...919-675-0193"
    assert redact(text)[0] == "@user 25 min hold has now progressed to over an hour...<PHONE>"
    assert redact("pi is 3.14159...26535")[0] == "pi is 3.14159...26535"


@pytest.mark.parametrize(("text", "code"), BOOKED)
def test_booking_reference_after_a_booking_word(text: str, code: str) -> None:
    spans = find_pii(text)
    assert [(text[s.start : s.end], s.label) for s in spans] == [(code, "BOOKING_REF")]
    assert code not in redact(text)[0]


def test_several_codes_in_one_breath() -> None:
    text = "Thx, just DM'd. Conf #'s MQXC69 &amp; MPWNC7. conf code: F6DK09 / XZMSCQ"
    found = [text[s.start : s.end] for s in find_pii(text) if s.label == "BOOKING_REF"]
    assert found == ["MQXC69", "MPWNC7", "F6DK09", "XZMSCQ"]


def test_the_name_labelled_beside_a_booking_reference_goes_too() -> None:
    text = "@user please rebook me from Seattle to Columbus Tue 2/24, locator: KARAQX, name: Mitchell M Neuer"
    assert redact(text)[0] == (
        "@user please rebook me from Seattle to Columbus Tue 2/24, locator: <BOOKING_REF>, name: <NAME>"
    )
    assert redact("Passenger: Jane Doe, PNR A3ZZ9F")[0] == "Passenger: <NAME>, PNR <BOOKING_REF>"
    assert redact("name: Jane Doe")[0] == "name: Jane Doe"  # a name alone is content


@pytest.mark.parametrize(
    "text",
    [
        "KARAQX is a six-letter word in capitals",  # no booking word
        "Just got confirmation for UA4646 on 2/23",  # a flight number is public
        "confirmation email never came, booking today",  # words after booking words
        "Conf # Pending since Monday",
        "CONFIRMATION NUMBER PLEASE",  # shouting, not a code
        "order confirmation number 12345678",  # digits alone: an order number (the negative list's rule)
        "Now booking senior sessions for September and October! NOW BOOKING 2018",
        "Make your reservation now by calling us, tables reservation and Vip Guest list",
        "@ Rincon Indian Reservation",
    ],
)
def test_not_a_booking_reference(text: str) -> None:
    assert [s for s in find_pii(text) if s.label in ("BOOKING_REF", "NAME")] == []


def test_stage_finds_them_without_digits_in_the_post() -> None:
    # "locator KARAQX" has no digit: the stage's vectorised prefilter must still send the row to the detectors
    texts = ["@user record locator KARAQX please", "@user Conf #gqzqdd", "nothing to see here"]
    batch = batch_from_rows([{"id": f"p{i}", "platform": "x", "text": t} for i, t in enumerate(texts)])
    result = PiiStage().apply(batch)
    assert result.kept.column("text").to_pylist() == [redact(t)[0] for t in texts]
    assert result.counters["redacted_BOOKING_REF"] == 2


def test_booking_code_is_absent_from_the_built_corpus(tmp_path) -> None:
    rng = random.Random(5)
    rows = [post(f"k-{i}", f"{text} {sentence(rng)}", i) for i, (text, _) in enumerate(BOOKED)]
    rows += [post(f"k-{100 + i}", sentence(rng), 100 + i) for i in range(20)]
    write_shard(tmp_path / "in.parquet", rows)
    out = tmp_path / "corpus"
    assert build([tmp_path / "in.parquet"], out, workers=1).ok
    everything = all_text(out)
    assert "<BOOKING_REF>" in everything
    assert [code for _, code in BOOKED if code in everything] == []


def test_a_name_label_is_a_word_of_its_own() -> None:
    # "username:" is not a name label: the handle after it is not the traveller
    assert redact("conf #8Q6MFX username: Jane Doe")[0] == "conf #<BOOKING_REF> username: Jane Doe"
