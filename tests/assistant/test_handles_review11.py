"""Names written in words and the handles that spell them (review 11, R11-4, R11-13): "Southwest" of a question
finds the posts addressed to @SouthwestAir (most posts name an account by its handle alone), "people" of "What
do people say about JetBlue?" picks no posts, and the note on the posts read counts what they were selected by."""

from __future__ import annotations

import re

import pytest

from townsquare.assistant import Assistant

from .test_assistant import _index_of

_COMPLAINTS = [
    "my bag is lost and nobody at the desk can tell me where it went",
    "three hours on hold and still no agent, this is awful",
    "flight delayed again, the crew at the gate were rude about it",
    "the refund I was promised never arrived, terrible service",
    "cancelled my flight with no warning and no hotel voucher",
    "seat was broken the whole way and the staff did not care",
]
_PRAISE = [
    "the crew were lovely and we landed early, great flight",
    "thanks for rebooking me so fast, great service today",
    "best flight attendant ever on the Denver leg, thank you",
    "smooth boarding, friendly staff and free snacks, love it",
]
_OTHER_AIRLINES = [
    "@united flight 1123 to Boston delayed three hours, no updates at the gate",
    "@JetBlue the crew on the Chicago flight were lovely today",
    "@Delta lost my stroller on the way to Atlanta",
]


def _addressed(handle: str, n: int) -> list[str]:
    """``n`` posts addressed to ``handle`` that do not name it in words."""
    texts = _COMPLAINTS + _PRAISE
    return [f"@{handle} {texts[k % len(texts)]} (trip {k})" for k in range(n)]


def test_a_name_in_words_reads_the_posts_addressed_to_its_handle(tmp_path):
    worded = [
        "@USAirways Southwest is the best, never flying with you again",
        "@united should have flown Southwest, they would have let me change for free",
    ]
    texts = [*worded, *_addressed("SouthwestAir", 24), *_OTHER_AIRLINES]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What do people say about Southwest?")
    cited = [c["snippet"] for c in answer.citations]
    # only 2 posts have the word: the answer read them alone ("2 posts here have the word")
    assert sum(s.startswith("@SouthwestAir") for s in cited) >= 10, answer.text
    assert not any(s.startswith(("@JetBlue", "@Delta")) for s in cited), answer.text
    assert f"{len(cited)} posts read; 26 posts here have “Southwest” (or @SouthwestAir)." in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "handle"),
    [
        ("Who complains about US Airways?", "USAirways"),
        ("Who complains about Virgin America?", "VirginAmerica"),
        ("Who complains about American Airlines?", "AmericanAir"),
        ("Who complains about American?", "AmericanAir"),
    ],
)
def test_a_name_finds_the_handle_that_spells_it(tmp_path, question, handle):
    texts = [*_addressed(handle, 6), *_OTHER_AIRLINES, "@SouthwestAir my bag is lost and nobody can find it"]
    answer = Assistant(_index_of(tmp_path, texts)).ask(question)
    assert not answer.abstained, answer.text
    assert answer.citations and all(c["snippet"].startswith(f"@{handle} ") for c in answer.citations), answer.text


def test_people_of_an_opinion_question_picks_no_posts(tmp_path):
    # all 40 posts are addressed to @JetBlue; 12 say "people": the search for "people" read those first
    texts = _COMPLAINTS + _PRAISE
    pairs = [f"{a}; {b}" for n, a in enumerate(texts) for b in texts[n + 1 :]][:40]
    people = [f"@JetBlue {pair}, people said" for pair in pairs[:12]]
    others = [f"@JetBlue {pair}" for pair in pairs[12:]]
    answer = Assistant(_index_of(tmp_path, [*people, *others])).ask("What do people say about JetBlue?")
    assert "people" not in answer.query.lower(), answer.query
    cited = [c["snippet"] for c in answer.citations]
    assert len(cited) >= 15, answer.text
    assert sum("people said" in s for s in cited) < 10, answer.text


def test_the_note_counts_the_posts_with_every_word_of_the_topic(tmp_path):
    # "wifi" is rarer than "JetBlue", but only 25 of its 55 posts are JetBlue's (the note said 55 "have the word")
    jetblue_wifi = [f"@JetBlue the wifi {w}, and {t}" for w, t in _wifi(25)]
    other_wifi = [f"@united the wifi {w}, and {t}" for w, t in _wifi(30)]
    jetblue = [f"@JetBlue {t} (flight {k})" for k, t in enumerate((_COMPLAINTS + _PRAISE) * 4)][:40]
    answer = Assistant(_index_of(tmp_path, [*jetblue_wifi, *other_wifi, *jetblue])).ask(
        "What do people think of JetBlue wifi?"
    )
    assert answer.viewpoints, answer.text
    read = len(answer.citations)
    assert f"These counts are of the {read} posts read; 25 posts here have “JetBlue” and “wifi”." in answer.text, (
        answer.text
    )


_WIFI = ["was great", "never worked", "was fast enough for a movie", "kept dropping", "cost too much", "is the best"]


def _wifi(n: int) -> list[tuple[str, str]]:
    """``n`` different pairs of what a post says of the wifi and of the flight."""
    texts = _COMPLAINTS + _PRAISE
    return [(_WIFI[k % len(_WIFI)], texts[(k // len(_WIFI) + k) % len(texts)]) for k in range(n)]


def test_the_note_names_the_word_without_its_possessive(tmp_path):
    texts = [f"@SouthwestAir customer service {w}, and {t}" for w, t in _wifi(26)]
    answer = Assistant(_index_of(tmp_path, [*texts, *_OTHER_AIRLINES])).ask("Is Southwest's customer service good?")
    assert "Southwest's”" not in answer.text, answer.text
    assert re.search(r"26 posts here have “Southwest” \(or @SouthwestAir\), “customer” and “service”\.", answer.text), (
        answer.text
    )


def test_where_handles_are_placeholders_the_name_is_its_words(tmp_path):
    # the default index: every airline's handle is "@user", so only a post's words name it
    worded = [f"@user {t} on Southwest (trip {k})" for k, t in enumerate(_COMPLAINTS + _PRAISE)] * 3
    texts = [f"{t} #{k}" for k, t in enumerate(worded)] + [f"@user {t}" for t in _COMPLAINTS]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What do people say about Southwest?")
    assert answer.viewpoints, answer.text
    assert all("Southwest" in c["snippet"] for c in answer.citations), answer.text
    assert f"{len(answer.citations)} posts read; 30 posts here have the word “Southwest”." in answer.text, answer.text


def test_a_handle_of_a_question_finds_the_posts_that_write_its_name(tmp_path):
    # the default index: posts name US Airways in words, two by its handle; @USAirways is no author here
    worded = [f"@user {t} with US Airways" for t in _COMPLAINTS + _PRAISE]
    texts = [*worded, *_addressed("USAirways", 2), *_OTHER_AIRLINES]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What do people say about @USAirways?")
    assert answer.viewpoints, answer.text
    assert sum("with US Airways" in c["snippet"] for c in answer.citations) >= 6, answer.text
    assert answer.question == "What do people say about @USAirways?"


def test_which_handles_spell_a_name():
    from townsquare.assistant.handles import as_names, handle_stems, names_in, spellings

    assert names_in("What do folks think of Virgin America's seats?") == (("Virgin", "America"),)
    assert names_in("Do people in the US like JetBlue?") == (("US",), ("JetBlue",))
    assert "usairways" in spellings(("US", "Airways"))
    assert spellings(("US",)) == []  # "US" is too short a name to take an account word: no @USAir
    assert "americanair" in spellings(("American", "Airlines"))
    assert "southwestair" in spellings(("Southwest",))
    assert spellings(("JetBlue",)) == [h for h in spellings(("JetBlue",)) if h != "jetblue"]  # the word finds it
    assert handle_stems(("southwest",), "@SouthwestAir my bag") == {"southwest"}
    assert handle_stems(("us", "airway"), "@USAirways my bag") == {"us", "airway"}
    assert handle_stems(("american", "airline"), "@AmericanAir my bag") == {"american", "airline"}
    assert handle_stems(("delta",), "@deltanews Delta shares fell") == frozenset()  # news is no account word
    assert handle_stems(("us",), "@USAirways my bag") == frozenset()  # "Airways" is no word of the question
    assert handle_stems(("jet", "blue"), "flying jetblue and #JetBlue") == {"jet", "blue"}
    assert handle_stems(("jet",), "the jetway was slow") == frozenset()  # "way" is no word of it
    assert as_names("What do people say about @USAirways?") == "What do people say about US Airways?"
    assert as_names("Is @SouthwestAir good?") == "Is Southwest good?"
    assert as_names("Is @SouthwestAir good?", ["southwestair"]) == "Is @SouthwestAir good?"  # an author's posts
    assert as_names("What do people think of @critic_sam?") == "What do people think of @critic_sam?"
