"""Typed short answers on small indexes written for review 12's findings on real data (the airline tweets): a
how-many answer is a count of the thing asked (not another flight's number, hours, a price, nor what was not
lost), a when-answer is the time of the event asked (not of another event the post tells), a who-side is no
account a post is addressed to, a which-question of the most is led only by a name a post states in it, and a
how-long answer is a length of time before a clock time."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")


def _ask(tmp_path, texts: list[str], question: str, authors: list[str] | None = None):
    from townsquare.assistant import Assistant

    return Assistant(_index_of(tmp_path, texts, authors=authors)).ask(question)


def _lead(answer) -> str:
    return answer.text.split("[")[0]


def test_a_flight_number_listed_after_another_is_no_count(tmp_path):
    # R12-8a: "How many passengers were on flight 1898?" answered "622." of "Flights 622 & 1898"
    texts = [
        "@USAirways duh on baggage claim 2 more hours and counting.. Flights 622 & 1898",
        "@USAirways are the bags off Flight 1898 CLT to JFK? We landed last night just before midnight.",
        "@USAirways flight 1898 landed over 2 hours ago and they still haven't gotten to the gate.",
    ]
    answer = _ask(tmp_path, texts, "How many passengers were on flight 1898?")
    assert answer.short_answer not in ("622", "1898") and "622" not in _lead(answer), answer.text


def test_an_amount_the_post_says_was_not_lost_is_no_count_of_what_was_lost(tmp_path):
    # R12-8c: "How many miles did people lose?" led with "150000" of "150000 miles that I do not lose"
    texts = [
        "@USAirways my miles will expire on 2/29 ...I have over 150000 miles that I do not lose",
        "@USAirways A few years ago I lost over 50,000 miles bc I was physically unable to fly during the period.",
        "@united Lost 1,200 miles on a partner ticket, not happy about my miles",
        "@united my miles balance looks wrong again",
    ]
    answer = _ask(tmp_path, texts, "How many miles did people lose?")
    assert answer.short_answer != "150000" and "150000" not in _lead(answer), answer.text
    # the counts of the posts that lost miles are the sides, and no side is the answer (R19-A12: no short answer)
    sides = [view["label"] for view in answer.viewpoints]
    assert answer.text.startswith("Posts give different numbers.") and answer.short_answer is None, answer.text
    assert sorted(sides) == ["1,200", "50,000"], sides


def test_the_sides_of_a_count_are_counts_of_the_thing_asked(tmp_path):
    # R12-9: the posts read again for a dispute were not held to the type the first answers were: "36" (hours) of
    # "lost both of my bags ... for 36 hours" and "4461" of "flight 4461" named sides
    texts = [
        "@SouthwestAir u were bae until u lost both of my bags and had no clue where they were for 36 hours :/",
        "@united thank you for compensating us for our 4 lost bags. We will fly with you again!",
        "@USAirways strikes again...lost bags. And two of them. #theworst",
        "@AmericanAir lost my bags, 3 bags gone on one trip",
        "@JetBlue you lost one of my bags at JFK",
        "@united lost bags again, flight 4461 never delivered them",
    ]
    answer = _ask(tmp_path, texts, "How many bags were lost?")
    labels = {v["label"] for v in answer.viewpoints}
    assert labels and not labels & {"36", "4461"}, (labels, answer.text)


def test_a_time_of_another_event_in_the_post_is_no_when_answer(tmp_path):
    # R12-10a: "When did the storm hit Dallas?" answered "7am." of "... ice storm but you didn't cancel 7am flight"
    texts = [
        "@AmericanAir Way to suck at customer service, Dallas is trapped in an ice storm but you didn't cancel "
        "7am flight & been on hold all day.",
        "@AmericanAir Dallas flights a mess today",
    ]
    answer = _ask(tmp_path, texts, "When did the storm hit Dallas?")
    assert answer.short_answer is None and not answer.text.startswith("7am"), answer.text


def test_a_time_in_the_clause_of_the_event_still_answers(tmp_path):
    texts = [
        "The storm hit Dallas on Monday night, flights cancelled across the airport.",
        "Dallas is cold today",
    ]
    answer = _ask(tmp_path, texts, "When did the storm hit Dallas?")
    assert answer.short_answer and "Monday" in answer.short_answer, answer.text


def test_an_account_a_post_is_addressed_to_is_no_side_of_who(tmp_path):
    # R12-11a: "Who was stuck on the tarmac?" gave "Posts disagree." with sides "united", "USAirways", "JetBlue"
    texts = [
        "@united Yo yo yo stuck on the tarmac for over 2 hours at the airport. Going to miss my ride",
        "@united stuck on Tarmac for the last hour. Can I have a beer?",
        "@USAirways stuck on Tarmac for 30 mins at PHL waiting for a gate",
        "@USAirways stuck on the tarmac again, no gate agent",
        "@JetBlue stuck on the tarmac at JFK for an hour",
    ]
    authors = ["DJPartyMarty", "Sandarella03", "SS8085", "JEstradaEwart", "techcatalyst"]
    answer = _ask(tmp_path, texts, "Who was stuck on the tarmac?", authors=authors)
    labels = {v["label"].lower().lstrip("@") for v in answer.viewpoints}
    assert not labels & {"united", "usairways", "jetblue"}, (labels, answer.text)
    assert (answer.short_answer or "").lower().lstrip("@") not in ("united", "usairways", "jetblue"), answer.text


def test_which_has_the_most_is_led_only_by_a_name_a_post_says_has_the_most(tmp_path):
    # R12-8b: "Which airline lost the most bags?" answered "JFK." (an airport the post names in passing)
    texts = [
        "@AmericanAir not only did you cancel our flight from JFK and delay us by 29 hours, you've now lost 2 of "
        "our bags.",
        "@AmericanAir yes but you did manage to lose two of our bags. Horrendous airline.",
        "@united is the worst airline. Lost my luggage delayed my flights",
    ]
    answer = _ask(tmp_path, texts, "Which airline lost the most bags?")
    # no post says which lost the most ("the worst airline" is another degree): the posts are quoted with no lead
    assert answer.short_answer is None and _lead(answer).startswith("@"), answer.text


def test_which_has_the_most_still_answers_with_the_name_stated_in_it(tmp_path):
    texts = [
        "Delta lost the most bags of any airline last year, the report says.",
        "My bags were lost again on the way to Denver.",
    ]
    answer = _ask(tmp_path, texts, "Which airline lost the most bags?")
    assert answer.short_answer == "Delta", answer.text


def test_a_how_long_answer_is_a_length_of_time_before_a_clock_time(tmp_path):
    # R12-8e: "How long was @LeslieWolfson on hold?" answered "130." of "Held on ph til 130 am"; her other post
    # says "holding on the phone for over 4 hrs"
    texts = [
        "@AmericanAir 3days and no call,bag or anyone to pick up my call. Held on ph til 130 am and holding again now.",
        "@AmericanAir why won't u deliver my luggage? Almost two days and holding on the phone for over 4 hrs. Help!",
    ]
    answer = _ask(tmp_path, texts, "How long was @LeslieWolfson on hold?", authors=["LeslieWolfson"] * 2)
    assert answer.short_answer != "130" and "4 hrs" in (answer.short_answer or ""), answer.text


def test_a_count_in_a_post_addressed_to_the_name_asked_tells_of_it(tmp_path):
    # R12-16: a count of a post addressed to the airline asked (its handle kept) tells of it, in whichever
    # sentence; one addressed to another airline is no side
    texts = [
        "@AmericanAir I need to rebook my flight. Stuck at DFW on hold for almost 3 hours now.",
        "@AmericanAir please call me back. Waited on hold at O'Hare for two hours.",
        "@SouthwestAir Guys for real. I've been on hold for 4+ hours",
        "@united been on hold for almost 5 hours with the airline",
    ]
    answer = _ask(tmp_path, texts, "How many hours was someone on hold with American?")
    labels = {v["label"] for v in answer.viewpoints}
    assert (labels or {answer.short_answer}) <= {"3", "two"}, (labels, answer.text)
    assert not answer.abstained, answer.text
    # each writer's own hold, not one hold told two ways: no dispute
    assert "Posts disagree" not in answer.text, answer.text


def test_an_email_address_or_a_booking_reference_is_asked_for_by_its_type(tmp_path):
    # R12-11c: "What is the email address for United customer care?" answered "Experience."; R12-8f: "What was the
    # booking reference ...?" answered "Flight Booking Problems." (the dataset's mangled "Booking")
    texts = [
        "@united thank you for the reply. I emailed your customer care department about my experience.",
        "@united No, I do not. I was only given a Flight Booking Problems reference number.",
        "@united customer care never answers my emails",
    ]
    email = _ask(tmp_path / "a", texts, "What is the email address for United customer care?")
    assert email.short_answer is None and not email.text.startswith("Experience"), email.text
    booking = _ask(tmp_path / "b", texts, "What was the booking reference that @u1 posted?")
    assert booking.short_answer is None and "Booking Problems." not in booking.text.split("[")[0], booking.text
