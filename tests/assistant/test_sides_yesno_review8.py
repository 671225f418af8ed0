"""Review 8 (R8-3, R8-10, R8-11, R8-23): the sides of yes/no and should-questions, and replies that take one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.assistant.test_assistant import _index_of


def _ask(tmp_path, posts, question, fields=None, dates=None):
    from townsquare.assistant import Assistant

    index = _index_of(tmp_path, [t for _, t in posts], authors=[a for a, _ in posts], fields=fields, dates=dates)
    return Assistant(index).ask(question)


def _sides(answer):
    return {v["label"]: v["posts"] for v in answer.viewpoints}


def _cited(answer):
    return {c["author"] for c in answer.citations}


LIBRARY = [
    ("bea_ferns", "So sad that the Fernhollow Library is closing in January."),
    ("marisol_g", "Heard the Fernhollow Library is closing in January because of budget cuts."),
    ("fh_library", "The Fernhollow Library is NOT closing. That rumour is false; our opening hours stay the same."),
    ("ren_h", "@user That's not true, the library just posted that it isn't closing."),
    ("juniper", "Went to the library today, it is definitely not closing, the staff laughed at the rumour."),
    ("lark", "The library is closing? I doubt it, that's a myth going around every winter."),
    ("gazette", "The Fernhollow Primary school play is on December 11 at 6pm in the school hall."),
    ("council", "Fernhollow Council meets on Monday to discuss the budget."),
]


def test_a_name_said_by_its_last_word_counts_the_posts_that_deny_it(tmp_path):
    # R8-3: "Is the Fernhollow Library closing?" counted 2 saying it vs 1 denying it: the four that say "the library"
    # (not "the Fernhollow Library") were left out, while "Is the library closing?" counted them
    answer = _ask(tmp_path, LIBRARY, "Is the Fernhollow Library closing?", fields={3: {"reply_to": "1"}})
    assert answer.text.startswith("Posts disagree."), answer.text
    assert _sides(answer) == {"no": 4, "yes": 2}, answer.viewpoints
    assert answer.viewpoints[0]["label"] == "no", answer.viewpoints


def test_in_full_writes_a_name_said_by_its_last_word_whole():
    from townsquare.assistant.viewpoints import in_full

    question = "Is the Fernhollow Library closing?"
    assert in_full(question, "The library is closing? I doubt it.") == "The Fernhollow library is closing? I doubt it."
    # another library, or a library named in full, is left as it is; a question with no name changes nothing
    assert in_full(question, "the Ashby library is closing") == "the Ashby library is closing"
    assert in_full(question, "the Fernhollow Library is closing") == "the Fernhollow Library is closing"
    assert in_full("Is the library closing?", "the library is closing") == "the library is closing"


WEIR_LANE = [
    ("council_news", "The Weir Lane water treatment plant will be finished in March 2027, the council confirmed."),
    ("sceptic", "No way the Weir Lane plant is finished by March, they haven't even poured the foundations."),
    ("moss", "Agreed with the council, the crews on Weir Lane are working fast."),
    ("baker", "Fresh sourdough at the Church Square bakery this morning."),
]


def test_a_reply_that_agrees_is_counted_on_the_side_of_the_post_it_answers(tmp_path):
    # R8-23: "Agreed with the council, ..." (a reply to the council's post) was on no side: 1 vs 1
    answer = _ask(
        tmp_path,
        WEIR_LANE,
        "Will the Weir Lane plant be finished by March?",
        fields={1: {"reply_to": "0"}, 2: {"reply_to": "0"}},
    )
    assert answer.text.startswith("Posts disagree."), answer.text
    assert _sides(answer) == {"yes": 2, "no": 1}, answer.viewpoints
    assert "moss" in _cited(answer), answer.text


def test_a_reply_that_agrees_or_disagrees_takes_a_side_that_a_correction_does_not():
    from townsquare.assistant.evidence import Evidence
    from townsquare.assistant.viewpoints import reply_sides

    posts = [
        {"id": "0", "text": "Water rates will rise by 6% on January 1 to pay for the new plant."},
        {"id": "1", "text": "@user Agreed, the plant is long overdue.", "reply_to": "0"},
        {"id": "2", "text": "@user Disagree. 6% is too much for pensioners.", "reply_to": "0"},
        {"id": "3", "text": "@user No, it rises on February 1.", "reply_to": "0"},
        {"id": "4", "text": "@user Exactly, well said.", "reply_to": "0"},
    ]
    evidence = [Evidence(post, n, 1.0, 1.0) for n, post in enumerate(posts)]
    # the post answered takes no side: only a reply that says it agrees or disagrees takes one
    joined = reply_sides(evidence, {}, told={id(evidence[0])})
    assert [joined.get(id(e), 0) for e in evidence] == [0, 1, -1, 0, 0]
    # the post answered takes a side: a reply that agrees takes it, one that says it disagrees the other one; "No, it
    # rises on February 1" disputes a fact of the post, not its view
    joined = reply_sides(evidence, {id(evidence[0]): -1})
    assert [joined.get(id(e), 0) for e in evidence] == [0, -1, 1, 0, -1]
    # sides of a fact (a yes/no question): a denial of the fact takes the other side, a disagreeing view none
    joined = reply_sides(evidence, {id(evidence[0]): -1}, facts=True)
    assert [joined.get(id(e), 0) for e in evidence] == [0, -1, 0, 1, -1]


WATER = [
    ("mayor_odessa", "Water rates will rise by 6% on January 1 to pay for the new treatment plant on Weir Lane."),
    ("gazette", "Water rates rise by 6% from January 1, the council confirmed."),
    ("hazel", "The 6% water rate rise is outrageous."),
    ("pike", "A 6% rise in water rates is fair if it pays for clean water."),
    ("lena_k", "@user Agreed, the treatment plant is long overdue."),
    ("gus_at_mill", "@user Disagree. 6% is too much for pensioners on River Road."),
    ("baker", "Fresh sourdough at the Church Square bakery this morning."),
]


def test_should_and_what_do_people_say_questions_group_judgments_and_replies_by_side(tmp_path):
    # R8-10: "outrageous" and "fair" were listed as plain posts, no sides ("outrageous" was under the polarity
    # model's confidence), and the replies "Disagree. 6% is too much" and "Agreed, ... long overdue" were left out
    from townsquare.assistant import Assistant

    index = _index_of(
        tmp_path,
        [t for _, t in WATER],
        authors=[a for a, _ in WATER],
        fields={4: {"reply_to": "0"}, 5: {"reply_to": "0"}},
    )
    assistant = Assistant(index)
    for question in ("Should water rates rise by 6%?", "What do people say about the water rate rise?"):
        answer = assistant.ask(question)
        assert answer.text.startswith("Posts disagree."), answer.text
        by_label = {v["label"]: {answer.citations[n - 1]["author"] for n in v["citations"]} for v in answer.viewpoints}
        assert by_label == {"against": {"hazel", "gus_at_mill"}, "for": {"pike", "lena_k"}}, (question, answer.text)


def test_a_judgment_after_a_copula_takes_a_side():
    from townsquare.assistant.viewpoints import judged

    assert judged("The 6% water rate rise is outrageous.", ["water", "rate", "rise"]) == -1
    assert judged("Honestly the new bridge is really great!", ["bridge"]) == 1
    # a clause that goes on, a conditional, a negation, a judgment of something else: no side from here
    assert judged("It would be great if the bus came on time.", ["bus"]) == 0
    assert judged("The market is great for kids but too crowded.", ["market"]) == 0
    assert judged("The rise is not fair.", ["rise"]) == 0
    assert judged("My father passed away. This is awful.", ["father"]) == 0


BUS = [
    ("rider_a", "Bus to Ashby was on time for me today, no complaints."),
    ("rider_b", "The 7:15 bus to Ashby was 25 minutes late again this morning."),
    ("baker", "Fresh sourdough at the Church Square bakery this morning."),
]


def test_a_yes_no_question_shows_a_post_each_way(tmp_path):
    # R8-11: "Is the bus to Ashby on time?" cited only "on time" and hid the same day's "25 minutes late again"
    day = datetime(2026, 12, 4, 7, tzinfo=UTC)
    answer = _ask(tmp_path, BUS, "Is the bus to Ashby on time?", dates=[day + timedelta(hours=2), day, day])
    assert answer.text.startswith("Posts disagree."), answer.text
    assert {"rider_a", "rider_b"} <= _cited(answer), answer.text


def test_a_post_the_other_way_weeks_apart_is_no_side(tmp_path):
    day = datetime(2026, 12, 4, 7, tzinfo=UTC)
    answer = _ask(tmp_path, BUS, "Is the bus to Ashby on time?", dates=[day, day - timedelta(days=20), day])
    assert not answer.viewpoints, answer.text


def test_disagreeing_with_a_plan_does_not_deny_that_it_comes(tmp_path):
    # "Will water rates rise?": "Disagree. 6% is too much" is a view of the rise, not a denial that it comes
    answer = _ask(tmp_path, WATER, "Will water rates rise?", fields={4: {"reply_to": "0"}, 5: {"reply_to": "0"}})
    assert not answer.viewpoints, answer.text
