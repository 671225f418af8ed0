"""Which-questions of review 11 (R11-18, R11-7) on the airline tweets: a lead between named alternatives is one of
them, a lead for the best is never a post's worst, and a question asking for a number or code gets one or no
answer ("Sep." of "a sep reservation number <BOOKING_REF>" answered nothing)."""

from __future__ import annotations

from townsquare.assistant import Assistant

from .test_assistant import _index_of

_OTHERS = [
    "@united flight 1123 to Boston delayed three hours, no updates at the gate",
    "@AmericanAir my bag made it to Denver before I did, thanks for nothing",
    "@JetBlue the crew on the Chicago flight were lovely today",
    "@SouthwestAir still waiting on a refund for the cancelled Miami trip",
]


def test_a_choice_between_named_airlines_is_led_by_neither_other_name(tmp_path):
    texts = [
        "@USAirways i thought @united was the worst airline but nah. You guys are far worse. Is @Delta the only "
        "decent airline out there?",
        *_OTHERS,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("Which is worse, United or American?")
    assert answer.short_answer is None or answer.short_answer.lower() in ("united", "american"), answer.text
    assert not answer.text.startswith("Delta"), answer.text


def test_the_best_is_no_post_saying_the_worst(tmp_path):
    texts = [
        "@SouthwestAir has the worst customer service on earth. Will never fly that airline again.",
        "@SouthwestAir is the best airline hands down. Amazing customer service, bags free and affordable flights.",
        *_OTHERS,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("Which airline has the best customer service?")
    assert "worst customer service on earth" not in answer.text, answer.text
    if answer.short_answer is not None:
        assert answer.short_answer == "SouthwestAir", answer.text
        assert "is the best airline" in answer.text, answer.text


def test_the_worst_is_the_name_a_post_calls_the_worst(tmp_path):
    texts = ["@united is the worst airline in the world.", *_OTHERS]
    answer = Assistant(_index_of(tmp_path, texts)).ask("Which airline is the worst?")
    assert answer.short_answer in (None, "united"), answer.text


def test_a_phrase_is_no_answer_to_which_airline_is_the_best(tmp_path):
    # the airline's handle is "@user" on a corpus built here: the post names no airline
    texts = ["@user @user Done and done! Best airline around, hands down!", *_OTHERS]
    answer = Assistant(_index_of(tmp_path, texts)).ask("Which airline is the best?")
    assert answer.short_answer is None, answer.text


def test_a_redacted_reservation_number_is_no_answer(tmp_path):
    texts = ["@united @user he is traveling with me on a sep reservation number <BOOKING_REF>", *_OTHERS]
    answer = Assistant(_index_of(tmp_path, texts, authors=["Lmuschel", "a1", "a2", "a3", "a4"])).ask(
        "What is jerry_eckerman's reservation number?"
    )
    assert answer.short_answer is None, answer.text


def test_a_word_of_a_post_is_no_number_to_call(tmp_path):
    texts = [
        "@united no claim number. Haven't been back to baggage since. Is there a phone I can call to speak to someone?",
        *_OTHERS,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What number should United call back?")
    assert answer.short_answer is None, answer.text
