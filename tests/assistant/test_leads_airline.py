"""Short answers the reader got wrong on the airline tweets of review 10 (real posts, re-checked at af8d0b4):
the doer of a first-person post is its author, "Am" of "Am I rebooked?" is no time, and the year in a name
("the 2015 Panamerican Cross Country Cup") is no time of the event where the post gives one ("Sunday")."""

from __future__ import annotations

from townsquare.assistant import Assistant
from townsquare.assistant.text import time_phrase

from .test_assistant import _index_of

_OTHERS = [
    "@user flight 1123 to Boston delayed three hours, no updates at the gate",
    "@user my bag made it to Denver before I did, thanks for nothing",
    "@user the crew on the Chicago flight were lovely today",
    "@user still waiting on a refund for the cancelled Miami trip",
]
_COPA = (
    "@user Brothers luggage was lost on Copa Airlines Flight 635. He's competing Sunday for the 2015 "
    "Panamerican Cross Country Cup. Please help"
)


def test_who_did_it_is_the_author_of_a_post_saying_i_did_it(tmp_path):
    texts = [
        "@user I was sincerely thanking the pilot of flight 4461 of braving the snow and getting me home "
        "amongst many other Cancelled Flightlations.",
        *_OTHERS,
    ]
    assistant = Assistant(_index_of(tmp_path, texts, authors=["McLeodKyle", "a1", "a2", "a3", "a4"]))
    answer = assistant.ask("Who thanked the pilot of flight 4461?")
    assert answer.short_answer == "@McLeodKyle", answer.text
    assert answer.text.startswith("@McLeodKyle. [1]"), answer.text
    # review 11 (R11-15): a right-to-left override before the question (pasted, or planted) made it no
    # who-question ("Pilot of flight 4461."); characters that show nothing are not read
    for hidden in ("\u202e", "\u200b", "\ufeff\u2066"):
        assert assistant.ask(hidden + "Who thanked the pilot?").short_answer == "@McLeodKyle", hidden


def test_a_first_person_post_of_another_verb_names_no_doer(tmp_path):
    # "I was thanking the pilot" says who thanked; "I met the pilot" does not say who flew the plane
    texts = ["@user I met the pilot of flight 4461 after landing, Captain Rhea Oduya, what a pro", *_OTHERS]
    answer = Assistant(_index_of(tmp_path, texts, authors=["McLeodKyle", "a1", "a2", "a3", "a4"])).ask(
        "Who flew flight 4461?"
    )
    assert answer.short_answer != "@McLeodKyle", answer.text


def test_am_of_am_i_is_no_time():
    text = (
        "my flight 386 from Jacksonville fl to Dallas is showing Cancelled Flightled. What is going on? Am I rebooked?"
    )
    at = text.find("Am ")
    assert time_phrase(text, at, at + 2) is None
    clock = "boarding at 7 am tomorrow"
    at = clock.find("am")
    assert time_phrase(clock, at, at + 2) is not None  # "7 am" is one


def test_when_is_not_answered_with_the_year_in_the_events_name(tmp_path):
    texts = [_COPA, *_OTHERS]
    answer = Assistant(_index_of(tmp_path, texts)).ask("When is the Panamerican Cross Country Cup?")
    assert answer.short_answer == "Sunday", answer.text


def test_what_year_is_still_answered_by_the_year_in_the_name(tmp_path):
    texts = [_COPA, *_OTHERS]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What year is the Panamerican Cross Country Cup?")
    assert answer.short_answer == "2015", answer.text


def test_the_doer_rule_keeps_a_named_subject_and_a_span_outside_the_verbs_clause():
    from townsquare.assistant.compose import _did_it
    from townsquare.assistant.evidence import Evidence
    from townsquare.assistant.spans import Span

    def item(text: str) -> Evidence:
        return Evidence(post={"id": "1", "text": text, "author_handle": "fan"}, rank=0, coverage=1.0, match=1.0)

    supports = item("I will always support ZAYN no matter what")
    at = supports.text.find("ZAYN")
    # the question names its subject (@otadaily): it asks whom they support, not who supports
    assert not _did_it("who will @otadaily always support?", supports, Span("ZAYN", at, at + 4, 1.0))
    hosting = item(
        "Way too excited about this to play it cool. I'm hosting #SNL Brie Larson (@brielarson) April 17, 2016"
    )
    at = hosting.text.find("Brie Larson")
    # the reader's span is a name (the byline's): it stands
    assert not _did_it("who is hosting snl?", hosting, Span("Brie Larson", at, at + 11, 1.0))
    thanks = item("I was sincerely thanking the pilot of flight 4461 of braving the snow. Home at last")
    at = thanks.text.find("the pilot")
    assert _did_it("Who thanked the pilot?", thanks, Span("the pilot", at, at + 9, 1.0))
    at = thanks.text.find("Home")
    home = Span("Home at last", at, at + 12, 1.0)
    # a span in another sentence: the author did it only where their clause says all the question asks (review 15,
    # R15-6: "... because I got rate limited" answers "Who got rate limited?" whatever the span)
    assert not _did_it("Who thanked the crew for the landing?", thanks, home)
    assert _did_it("Who thanked the pilot?", thanks, home)


def test_the_account_a_post_is_addressed_to_or_a_hashtag_is_no_who_answer(tmp_path):
    # review 11 (R11-8): with `build --keep-mentions` the reply's "@united" stays, and "United." led "Who thanked
    # the pilot of flight 4461?" and "Who got a $1000 travel certificate?"
    texts = [
        "@redline I was sincerely thanking the pilot of flight 4461 of braving the snow and getting me home.",
        "@redline thank you for contacting me. Thank you for the offer of a $1000 travel certificate",
        *_OTHERS,
    ]
    index = _index_of(tmp_path, texts, authors=["McLeodKyle", "urno12", "a1", "a2", "a3", "a4"])
    assistant = Assistant(index)
    thanked = assistant.ask("Who thanked the pilot of flight 4461?")
    assert thanked.short_answer == "@McLeodKyle", thanked.text
    certificate = assistant.ask("Who got a $1000 travel certificate?")
    assert (certificate.short_answer or "").lower().lstrip("@") != "redline", certificate.text


def test_an_ordinal_of_a_thing_is_no_day():
    # review 11 (R11-9): "1st" of "bumped to 1st class" led "When did patrick_maness get bumped?" with "1st.", "may
    # mean 1 Feb 2015 or 1 Mar 2015"
    text = "Maybe I'll get bumped to 1st class Den to PHL on Friday:)"
    at = text.find("1st")
    assert time_phrase(text, at, at + 3) is None
    for day, word in (("see you on the 20th!", "20th"), ("the 20th of May", "20th"), ("March 3rd flights", "3rd")):
        at = day.find(word)
        assert time_phrase(day, at, at + len(word)) is not None, day


def test_who_thanked_is_the_author_who_says_thank_you_without_an_i(tmp_path):
    # session 13: "Thank you" thanks with no "I": on the airline tweets "Who thanked the pilots?" named no one (the
    # reader's span was the addressed "united") and "Who thanked the crew?" led with "Great crew on flight 475."
    texts = [
        "@united has the best pilots ever Thank you guys for the great trip #thatisall",
        "@JetBlue Great flight, as always! Thank you to the great crew on flight 475! #travel #jetblue",
        *_OTHERS,
    ]
    index = _index_of(tmp_path, texts, authors=["ccbbm82413", "SweetLilYou", "a1", "a2", "a3", "a4"])
    assistant = Assistant(index)
    pilots = assistant.ask("Who thanked the pilots?")
    assert pilots.short_answer == "@ccbbm82413", pilots.text
    crew = assistant.ask("Who thanked the crew?")
    assert crew.short_answer == "@SweetLilYou", crew.text


def test_a_spoken_act_in_a_question_or_denied_names_no_doer():
    from townsquare.assistant.compose import _did_it
    from townsquare.assistant.evidence import Evidence
    from townsquare.assistant.spans import Span

    def thanked(text: str) -> bool:
        item = Evidence(post={"id": "1", "text": text, "author_handle": "fan"}, rank=0, coverage=1.0, match=1.0)
        at = text.find("the pilots")
        return _did_it("Who thanked the pilots?", item, Span("the pilots", at, at + 10, 1.0))

    assert thanked("@united Big thanks to the pilots on the 6:15 out of Baltimore.")
    assert not thanked("@united did anyone thank the pilots?")  # asked, not done
    assert not thanked("@united should we thank the pilots for the 3 hour wait?")
    assert not thanked("@united no thanks to the pilots for that landing")
    assert not thanked("@united the pilots were great, the crew thanked them")  # someone else did it


def test_the_account_a_post_is_addressed_to_is_no_which_answer(tmp_path):
    # session 13: "Which flight was delayed?" was answered "United." of "@united in addition, my first flight was
    # delayed ...": the account is no flight; "@united is the worst airline" still answers which airline is worst
    texts = [
        "@united in addition, my first flight was delayed an hour and I'm arriving at my destination 8 hrs Late "
        "Flight.",
        "@united is the worst airline in the world.",
        *_OTHERS,
    ]
    assistant = Assistant(_index_of(tmp_path, texts))
    delayed = assistant.ask("Which flight was delayed?")
    assert (delayed.short_answer or "").lower().lstrip("@") != "united", delayed.text
    assert assistant.ask("Which airline is the worst?").short_answer in (None, "united")
