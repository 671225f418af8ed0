"""Short answers of a type the question does not ask for, found on the sample town (session 16's note): the other
side of a match as who scored for a team, a bare day as what a timetable is."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

_TOWN = [
    "Bin collection moves to Thursdays from next week.",
    "The bus to Ashby was late again this morning.",
    "Heatwave again, 17 degrees by noon. The library is the only cool place left.",
]


def test_the_other_side_of_a_match_is_not_who_scored(tmp_path):
    from townsquare.assistant import Assistant

    # "Eastport United." answered, from a post that only says the match sold out
    texts = [
        "Tickets for Millbrook Rovers vs Eastport United sold out in an hour. Pub it is then. See you on March 15, "
        "final score 0-4.",
        "Millbrook Rovers 0-0 Eastport United. What a finish, Ferreira with the winner in stoppage time!",
        *_TOWN,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("Who scored for Millbrook Rovers?")
    assert answer.short_answer != "Eastport United" and not answer.text.startswith("Eastport"), answer.text


def test_the_other_side_of_a_match_answers_who_they_played(tmp_path):
    from townsquare.assistant import Assistant

    texts = ["Tickets for Millbrook Rovers vs Eastport United sold out in an hour. Pub it is then.", *_TOWN]
    answer = Assistant(_index_of(tmp_path, texts)).ask("Who are Millbrook Rovers playing?")
    assert answer.short_answer == "Eastport United", answer.text


def test_a_bare_day_is_not_what_a_timetable_is(tmp_path):
    from townsquare.assistant import Assistant

    # "Monday." answered, of "starts Monday, trains every 15 minutes at peak"
    texts = ["New timetable for Line 3 starts Monday, trains every 15 minutes at peak.", *_TOWN]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What is the new timetable for Line 3?")
    assert (answer.short_answer or "").lower() != "monday" and not answer.text.startswith("Monday."), answer.text
    assert "[1]" in answer.text, answer.text


def test_a_day_answers_what_day_is_asked(tmp_path):
    from townsquare.assistant import Assistant

    texts = ["New timetable for Line 3 starts Monday, trains every 15 minutes at peak.", *_TOWN]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What is the start date of the new Line 3 timetable?")
    assert "Monday" in (answer.short_answer or ""), answer.text


_AIRLINE = [
    "@AmericanAir not only did you cancel our flight from JFK and delay us by 29 hours, you've now lost 2 of our bags.",
    "Just disappointed in my cancelled flight when other flights went out to jfk on Saturday.",
    *_TOWN,
]


@pytest.mark.parametrize("question", ["Which airline lost my bag?", "Which flight was cancelled?"])
def test_a_place_is_no_answer_to_which_thing(tmp_path, question):
    from townsquare.assistant import Assistant

    # "JFK." answered which airline lost a bag (of "our flight from JFK") and "Jfk." which flight was cancelled
    answer = Assistant(_index_of(tmp_path, _AIRLINE)).ask(question)
    assert (answer.short_answer or "").lower() != "jfk" and not answer.text.lower().startswith("jfk."), answer.text


def test_a_place_answers_which_place(tmp_path):
    from townsquare.assistant import Assistant

    answer = Assistant(_index_of(tmp_path, _AIRLINE)).ask("Which airport was the cancelled flight from?")
    assert (answer.short_answer or "").lower() == "jfk", answer.text


def test_who_a_person_is_stands_next_to_their_name(tmp_path):
    from townsquare.assistant import Assistant

    # R17-2: "Who is Dana Whitfield?" answered "Marco Ruiz." (the rival a poll post names before her)
    texts = [
        "Poll has Marco Ruiz ahead by four points, but the Greens are closing in. Watched the council debate: Dana "
        "Whitfield was clear on housing, less so on buses.",
        "Mayor Dana Whitfield opened the new public library on Station Avenue this morning.",
        *_TOWN,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("Who is Dana Whitfield?")
    assert "Marco Ruiz" not in (answer.short_answer or "") and not answer.text.startswith("Marco"), answer.text


def test_a_post_in_another_language_gives_no_short_answer(tmp_path):
    from townsquare.assistant import Assistant

    # R17-2: "Who is Lindqvist?" answered "Clube." (Portuguese for "club") and "Mejor fichaje del club."
    texts = [
        "Lindqvist é a melhor contratação do clube em anos.",
        "Lindqvist es el mejor fichaje del club en años.",
        *_TOWN,
    ]
    fields = {0: {"lang": "pt"}, 1: {"lang": "es"}}
    answer = Assistant(_index_of(tmp_path, texts, fields=fields)).ask("Who is Lindqvist?")
    assert not answer.short_answer, answer.text


def test_a_post_asking_the_question_does_not_answer_it(tmp_path):
    from townsquare.assistant import Assistant

    # R17-41: "Harbor Bakery." answered, from the post saying it is closing and asking the same question
    texts = [
        "Ha, happened to me yesterday too. Harbor Bakery is closing for renovations until May, where do I get "
        "cinnamon buns now?",
        *_TOWN,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("Where can I get cinnamon buns now?")
    assert "harbor" not in (answer.short_answer or "").lower() and not answer.text.startswith("Harbor"), answer.text


def test_what_follows_a_question_may_answer_it(tmp_path):
    from townsquare.assistant import Assistant

    texts = ["Where do I get cinnamon buns now? Harbor Bakery, they reopened on Monday.", *_TOWN]
    answer = Assistant(_index_of(tmp_path, texts)).ask("Where can I get cinnamon buns now?")
    assert "Harbor Bakery" in (answer.short_answer or ""), answer.text


def test_running_again_is_not_when_it_stopped(tmp_path):
    from townsquare.assistant import Assistant

    # R17-39: "Today. ... “today” is 15 Mar 2025" answered when the ferry stopped, from the post saying it runs again
    texts = ["The Eastport ferry is running again today, the ramp was repaired overnight.", *_TOWN]
    answer = Assistant(_index_of(tmp_path, texts)).ask("When did the ferry stop running?")
    assert not answer.short_answer and not answer.text.startswith("Today"), answer.text


def test_stopped_again_is_when_it_stopped(tmp_path):
    from townsquare.assistant import Assistant

    texts = ["The Eastport ferry stopped again on Monday, the ramp is broken.", *_TOWN]
    answer = Assistant(_index_of(tmp_path, texts)).ask("When did the ferry stop running?")
    assert "Monday" in (answer.short_answer or ""), answer.text


def test_who_wrote_a_cited_post_is_its_author(tmp_path):
    from townsquare.assistant import Assistant

    # R17-34: "Who wrote [6]?" was searched as "6" and named the authors of posts about a queue "since 6am"
    texts = [
        "The bus lane on Harbor Road is a disaster, car traffic backs up to the bridge every evening.",
        "Love the new bus lane on Harbor Road, my commute is ten minutes shorter.",
        "Queue outside the store at the harbor for the Lumen Phone 3 since 6am, wild.",
        "Queue at the harbor since 2am for the phone, 6 people ahead of me.",
        *_TOWN,
    ]
    authors = ["carla", "dev", "mara", "sam", "u4", "u5", "u6"]
    assistant = Assistant(_index_of(tmp_path, texts, authors=authors))
    earlier = assistant.ask("What do people say about the bus lane on Harbor Road?")
    assert len(earlier.citations) == 2, earlier.text
    for n, cited in enumerate(earlier.citations, 1):
        answer = assistant.ask(f"Who wrote [{n}]?", history=["What do people say about the bus lane on Harbor Road?"])
        assert answer.short_answer == f"@{cited['author']}", answer.text
    gone = assistant.ask("Who wrote [9]?", history=["What do people say about the bus lane on Harbor Road?"])
    assert gone.abstained, gone.text


def test_whose_password_it_is_is_not_the_password(tmp_path):
    from townsquare.assistant import Assistant

    # R17-1: "Book club." answered what the wifi password at the cafe is
    texts = ["Fixed the wifi bug at last. PS the book club password at the university is birch lotus.", *_TOWN]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What is the wifi password at the cafe?")
    assert "book club" not in (answer.short_answer or "").lower(), answer.text
