"""Review 17: a question of a present state ("now", "still", or a present-tense "Is X closed?") is answered by the
newest post that states a state of it, whichever state the question names, with the older state it replaced cited
after it with its date; a post that moves a date replaces the date it moves."""

from __future__ import annotations

import pytest

from .test_assistant import assistant_of_posts

pytest.importorskip("tantivy")

_TOWN = [
    ("gus", "2025-03-10T08:00", "Bin collection moves to Thursdays from next week."),
    ("hana", "2025-03-11T08:00", "The bus to Ashby was late again this morning."),
    ("ivo", "2025-03-12T08:00", "Heatwave again, 17 degrees by noon. The library is the only cool place left."),
]
_FERRY = [
    ("viktor", "2025-03-06T14:38", "The Eastport ferry is suspended until further notice because of the broken ramp."),
    ("quinn", "2025-03-15T15:15", "The Eastport ferry is running again today, the ramp was repaired overnight."),
]
_POOL = [
    ("alice_e", "2025-06-10T09:00", "The Eastvale town pool is open again from today, lifeguards are back."),
    ("bob_e", "2025-06-01T09:00", "The Eastvale town pool is closed for repairs until further notice."),
    ("carol_e", "2025-06-12T08:00", "I heard the Eastvale pool might be closed next week, not sure."),
    ("dave_e", "2025-06-12T10:00", "The Eastvale pool is not closed, I swam there this morning."),
]


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    return assistant_of_posts(tmp_path_factory.mktemp("town"), [*_FERRY, *_POOL, *_TOWN])


def _authors(answer) -> list[str]:
    return [c["author"] for c in answer.citations]


@pytest.mark.parametrize(
    "question",
    ["Is the Eastport ferry suspended now?", "Is the eastport ferry still suspended?", "Is the ferry suspended?"],
)
def test_the_newest_state_answers_whichever_state_is_asked(town, question):
    # R17-8: each quoted only the 6 Mar "suspended" post; the 15 Mar "running again" post was hidden
    answer = town.ask(question)
    assert answer.short_answer == "running" and answer.text.startswith("Running. [1] @quinn wrote:"), answer.text
    # the state asked is cited after it, dated, as what the newer post replaced
    assert "Before that, on 6 Mar 2025, @viktor wrote: “The Eastport ferry is suspended" in answer.text, answer.text
    assert _authors(answer) == ["quinn", "viktor"] and answer.supported == answer.claims, answer.text


def test_the_newest_state_leads_when_it_is_the_one_asked(town):
    answer = town.ask("Is the Eastport ferry running now?")
    assert _authors(answer) == ["quinn"] and "suspended" not in answer.text, answer.text


def test_a_past_question_is_not_answered_by_the_newest_state(town):
    # "Was it suspended?" asks of a past state: the 15 Mar post does not answer it "running"
    answer = town.ask("Was the Eastport ferry suspended?")
    assert answer.short_answer != "running", answer.text


@pytest.mark.parametrize("question", ["Is the Eastvale pool still closed?", "Is the Eastvale pool closed now?"])
def test_a_newer_post_saying_it_is_not_closed_answers_still_closed(town, question):
    # R17-28: "still closed?" abstained (its "still" ranked "open again from today" out); "closed now?" made two sides
    # of "might be closed next week" and "not closed" against "closed"
    answer = town.ask(question)
    assert not answer.abstained and not answer.viewpoints, answer.text
    assert answer.short_answer == "not closed" and _authors(answer)[0] == "dave_e", answer.text
    assert "Before that, on 1 Jun 2025, @bob_e wrote:" in answer.text and "carol_e" not in _authors(answer)


def test_a_denied_state_is_stated_as_not_that_state():
    from townsquare.assistant.text import implied_options, options_said

    closed = implied_options("Is the pool closed?")
    assert options_said(closed, "The pool is not closed, I swam there this morning.", {"pool"}, denied=True) == (
        "not closed"
    )
    # without ``denied`` a negation states nothing of many alternatives, and "not open" says no more than that
    assert options_said(closed, "The pool is not closed, I swam there.", {"pool"}) is None
    assert options_said(closed, "The pool is not open yet.", {"pool"}, denied=True) is None


def test_a_moved_date_replaces_the_one_it_moved(tmp_path):
    # R17-24: "1 July" was the short answer, and the two posts were laid out as "different times"
    bridge = assistant_of_posts(
        tmp_path,
        [
            ("hal_e", "2025-06-05T10:00", "Mayor Jane Ode said the new Eastvale bridge opens on 1 July."),
            (
                "ivy_e",
                "2025-06-20T10:00",
                "The new Eastvale bridge opening was pushed back to 15 August, says the council.",
            ),
            *_TOWN,
        ],
    )
    answer = bridge.ask("When does the new Eastvale bridge open?")
    assert answer.short_answer == "15 August" and not answer.viewpoints, answer.text
    assert answer.text.startswith("15 August. [1] @ivy_e wrote:"), answer.text
    assert "Before that, on 5 Jun 2025, @hal_e wrote: “Mayor Jane Ode said" in answer.text, answer.text
    assert answer.supported == answer.claims, answer.text


def test_an_older_post_saying_moved_does_not_replace_a_newer_time(tmp_path):
    # the newer post gives its own time: the posts still give different times
    bridge = assistant_of_posts(
        tmp_path,
        [
            (
                "ivy_e",
                "2025-06-05T10:00",
                "The new Eastvale bridge opening was pushed back to 15 August, says the council.",
            ),
            ("hal_e", "2025-06-20T10:00", "Mayor Jane Ode said the new Eastvale bridge opens on 1 July."),
            *_TOWN,
        ],
    )
    answer = bridge.ask("When does the new Eastvale bridge open?")
    assert answer.text.startswith("Posts give different times."), answer.text


def test_a_statement_before_a_question_s_comma_states_a_state(tmp_path):
    # R17-8's note: "Is Harbor Bakery open?" quoted an older post's "Doors open at 5:32pm", as the newer posts'
    # "... is closing for renovations until May, where do I get pho now?" read as a question, stating nothing
    bakery = assistant_of_posts(
        tmp_path,
        [
            (
                "jonas",
                "2025-03-11T02:51",
                "Brunch at Harbor Bakery: tacos, coffee, zero regrets. Doors open at 5:32pm.",
            ),
            ("mara", "2025-03-14T10:57", "Harbor Bakery is closing for renovations until May, where do I get pho now?"),
            *_TOWN,
        ],
    )
    answer = bakery.ask("Is Harbor Bakery open?")
    assert answer.short_answer == "closed" and _authors(answer) == ["mara"], answer.text
    closed = bakery.ask("Is Harbor Bakery closed?")
    assert not closed.abstained and _authors(closed)[0] == "mara", closed.text
    from townsquare.assistant.text import implied_options, options_said

    asked = implied_options("Is the ferry running?")
    assert options_said(asked, "Is the ferry running today, anyone know?", {"ferry"}) is None
    assert options_said(asked, "The ferry is running today, anyone know why it was late?", {"ferry"}) == "running"


def test_is_that_still_true_asks_the_earlier_state_now(town):
    # R17-28: after "Who says it is closed?" (@bob_e, 1 Jun), "Is that still true?" abstained
    earlier = ["Is the Eastvale pool open?", "Who says it is closed?"]
    answer = town.ask("Is that still true?", history=earlier)
    assert answer.short_answer == "not closed" and _authors(answer)[:2] == ["dave_e", "bob_e"], answer.text
    assert answer.question == "Is that still true?"
    from townsquare.assistant.text import still_asked

    assert still_asked("Is that still true?", ["Is the Eastvale pool closed?"]) == "Is the Eastvale pool still closed?"
    assert (
        still_asked("Is that still true?", ["Did anyone say the ferry is cancelled?"])
        == "Is the ferry still cancelled?"
    )
    # a claim that names no state it is in, and a question that does not ask "still", are not rewritten
    assert still_asked("Is that still true?", ["Who said the bridge reopens on Monday?"]) is None
    assert still_asked("Is that true?", ["Is the pool closed?"]) is None
