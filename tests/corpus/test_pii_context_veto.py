"""Review 9 (R9-10, R9-15): a word that usually says "not personal" ("lost", "account", "case", "page", "ID")
never hides a number that is personal by its own form; text written in compatibility characters (fullwidth,
zero-width spaces) is read as plain text; names and birth dates in a link's query; a link's user:password."""

from __future__ import annotations

import pytest

from townsquare.corpus.pii import PiiStage, find_pii, redact
from townsquare.post import batch_from_rows


def _labels(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in find_pii(text)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Lost and found: +44 20 7946 0958", "+44 20 7946 0958"),
        ("Lost dog! +44 20 7946 0958", "+44 20 7946 0958"),
        ("Case worker: +44 20 7946 0958", "+44 20 7946 0958"),
        ("We lost the match. Coach: +44 20 7946 0958", "+44 20 7946 0958"),
        # a valid national number in its country's own grouping is a phone whatever the word before it
        ("Account manager: 415-931-6124", "415-931-6124"),
        ("Page me at 415-931-6124", "415-931-6124"),
        ("Lost property desk 07700 900123", "07700 900123"),
        # a phone word earlier in the same clause outweighs a closer negative word
        ("Phone for the ferry lost and found: 4159316124", "4159316124"),
    ],
)
def test_negative_word_never_hides_a_phone(text: str, value: str) -> None:
    assert (value, "PHONE") in _labels(text)


@pytest.mark.parametrize(
    "text, value, label",
    [
        ("Account 4111 1111 1111 1111", "4111 1111 1111 1111", "CARD"),
        ("ID 078-05-1120", "078-05-1120", "GOV_ID"),
    ],
)
def test_negative_word_never_hides_a_card_or_id_in_its_layout(text: str, value: str, label: str) -> None:
    assert (value, label) in _labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "We lost 3-1 to Leeds",
        "lost 2-0 at home, 31845 there",
        "Order 4159316124 shipped",
        "Case 20231184 closed",
        "Account 4111111111111111 suspended",
        "see page 213 of the report",
        "We lost. Order 4159316124 then",
        # the phone word is in another sentence: the negative word speaks for the bare run
        "Call us any time. Order 4159316124 shipped",
    ],
)
def test_negative_word_still_vetoes_weak_numbers(text: str) -> None:
    assert find_pii(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("phone:4159316124", "4159316124"),
        ("Ring #call4159316124 for the choir tickets", "4159316124"),
        ("Tel.+442079460958 after six", "+442079460958"),
    ],
)
def test_phone_glued_to_its_word(text: str, value: str) -> None:
    assert (value, "PHONE") in _labels(text)


@pytest.mark.parametrize("text", ["version:4159316124", "mp3:4159316124", "#2019sale4159316124"])
def test_number_glued_to_other_words_is_not_a_phone(text: str) -> None:
    assert not [label for _, label in _labels(text) if label == "PHONE"]


@pytest.mark.parametrize(
    "text, value, label",
    [
        ("Email: ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "EMAIL"),
        ("My card ４１１１ １１１１ １１１１ １１１１", "４１１１ １１１１ １１１１ １１１１", "CARD"),
        ("write to mia\u200b@example.com now", "mia\u200b@example.com", "EMAIL"),
        ("Lost and found: ＋４４ ２０ ７９４６ ０９５８ ok", "＋４４ ２０ ７９４６ ０９５８", "PHONE"),
    ],
)
def test_compatibility_characters_are_read_as_plain(text: str, value: str, label: str) -> None:
    assert _labels(text) == [(value, label)]
    # the spans are offsets of the text as written, so redaction keeps everything around them
    assert redact(text)[0] == text.replace(value, f"<{label}>")


def test_stage_prefilter_lets_compatibility_characters_through() -> None:
    texts = [
        "Email: ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ",
        "write to mia\u200b@example.com",
        "card ４１１１ １１１１ １１１１ １１１１",
    ]
    batch = batch_from_rows([{"id": f"p{i}", "platform": "x", "text": t} for i, t in enumerate(texts)])
    kept = PiiStage().apply(batch).kept.column("text").to_pylist()
    assert kept == ["Email: <EMAIL>", "write to <EMAIL>", "card <CARD>"]


def test_name_and_birth_date_in_a_link_query() -> None:
    text = "Our form: https://forms.example/f?name=Jane+Roe&dob=1990-02-14 fill it"
    assert redact(text)[0] == "Our form: https://forms.example/f?name=<NAME>&dob=<DOB> fill it"
    # a name parameter alone is a search or a product, not a person's record
    plain = "see https://shop.example/s?name=blue+kettle&page=2"
    assert redact(plain)[0] == plain


def test_link_userinfo_keeps_the_host() -> None:
    text = "Docs at https://user:hunter2pass@files.example/docs"
    assert redact(text)[0] == "Docs at https://<SECRET>@files.example/docs"
    arrow = "RT ->@bob and >@carol"  # a handle after an ordinary ">" is still a mention
    assert redact(arrow)[0] == "RT ->@user and >@user"
    batch = batch_from_rows([{"id": f"p{i}", "platform": "x", "text": t} for i, t in enumerate([text, arrow])])
    kept = PiiStage().apply(batch).kept.column("text").to_pylist()
    assert kept == ["Docs at https://<SECRET>@files.example/docs", "RT ->@user and >@user"]
