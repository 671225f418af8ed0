"""Review 10 (R10-2, R10-14): a post's side toward what the question asks about, not the post's overall tone."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

# two bus companies: some posts praise one while complaining of the other, or compare them
BUSES = [
    (
        "mara",
        "@user I can't wait to never ride with you again. Always late. Rudest drivers in town. Bluebird is the best",
    ),
    ("jonah_k", "@user honestly yall are really better than Bluebird though."),
    ("tess", "Ready to just go with #Bluebird since they care. #redlinesucks"),
    ("ravi", "Bluebird was late again this morning, terrible service."),
    ("odile", "The Bluebird drivers are rude and the buses are dirty."),
    ("pem", "I love Bluebird, always on time and the drivers are friendly."),
]


@pytest.fixture(scope="module")
def buses(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("buses")
    return Assistant(_index_of(path, [t for _, t in BUSES], authors=[a for a, _ in BUSES]))


def _authors_of(answer, label):
    view = next((v for v in answer.viewpoints if v["label"] == label), None)
    if view is None:
        return set()
    return {answer.citations[n - 1]["author"] for n in view["citations"]}


def test_a_post_praising_the_subject_while_complaining_of_another_is_for_it(buses):
    # R10-2: "Always delayed. ... Rudest people on the planet. Southwest is the best" (to US Airways) was counted
    # AGAINST Southwest, and "go with #jetblue since they care. #usairwayssucks" against JetBlue
    answer = buses.ask("What do people say about Bluebird?")
    assert {"mara", "tess"} <= _authors_of(answer, "for"), answer.viewpoints
    assert not {"mara", "tess"} & _authors_of(answer, "against"), answer.viewpoints


def test_better_than_the_subject_is_against_it(buses):
    # R10-2: "yall are really better then American Airlines though" (to JetBlue) was counted FOR American
    answer = buses.ask("What do people say about Bluebird?")
    assert "jonah_k" in _authors_of(answer, "against"), answer.viewpoints
    assert "jonah_k" not in _authors_of(answer, "for"), answer.viewpoints


def test_comparisons_choices_and_hashtags_take_the_subjects_side():
    from townsquare.assistant.viewpoints import stances

    # the subject compared: better than it is against it, it better than another is for it
    assert stances(["Redline is way better than Bluebird."], subject=["bluebird"]) == [-1]
    assert stances(["Bluebird is way better than Redline."], subject=["bluebird"]) == [1]
    assert stances(["Redline is way better than Bluebird."], subject=["redline"]) == [1]
    # chosen or left
    assert stances(["I guess I'm riding Bluebird from now on."], subject=["bluebird"]) == [1]
    assert stances(["So I never have to ride Bluebird again."], subject=["bluebird"]) == [-1]
    # R10-14: a hashtag joining the subject to a word of a side ("#BrexitSucks", "#StopHillary")
    assert stances(["Petrol over a pound again. #BrexitSucks"], subject=["brexit"]) == [-1]
    assert stances(["Petrol over a pound again. #BrexitSucks"], subject=["petrol"]) == [0]


def test_an_opinion_answer_says_its_counts_are_of_the_posts_read(tmp_path):
    # R10-10: "6 posts say ...; 5 posts say ..." of 19 posts read where 2,759 posts were on American, and the
    # answer never said so
    from townsquare.assistant import Assistant

    texts = [
        "Bluebird buses were late all week, awful.",
        "Bluebird is great, the new buses are comfortable.",
        "Another terrible morning on Bluebird, the worst service.",
        "I love Bluebird, the drivers are friendly.",
        "Bluebird was dirty and late again, terrible.",
        "Bluebird is excellent, always on time.",
        "Bluebird lost my bag, awful service.",
        "Bluebird is wonderful, best buses in town.",
        "The Bluebird timetable changes on Monday.",
        "Bluebird fares are terrible value.",
    ]
    answer = Assistant(_index_of(tmp_path, texts), opinion_posts=5).ask("What do people say about Bluebird?")
    assert answer.viewpoints, answer.text
    read = sum(v["posts"] for v in answer.viewpoints)
    assert read <= 5, answer.viewpoints
    assert "These counts are of the 5 posts read; 10 posts here have the word “Bluebird”." in answer.text, answer.text


def test_a_count_of_who_says_it_gives_one_number_of_posts_read(tmp_path):
    # "How many people said JetBlue was great?" said "These are counts among the 20 posts read." and then "These
    # counts are of the 19 posts read; 2,157 posts here have the word “JetBlue”": the post taking no side was
    # read, not cited
    import re

    from townsquare.assistant import Assistant

    texts = [
        "Bluebird is great, the new buses are comfortable.",
        "Bluebird was great this morning.",
        "Bluebird great as always.",
        "Bluebird is not great, it was late again.",
        "The Bluebird timetable changes on Monday.",
        "Bluebird fares go up in May.",
        "Bluebird drivers strike on Friday.",
    ]
    answer = Assistant(_index_of(tmp_path, texts), opinion_posts=5).ask("How many people said Bluebird was great?")
    read = set(re.findall(r"(\d+) posts? read", answer.text))
    assert len(read) == 1, answer.text
    assert "7 posts here have the word “Bluebird”." in answer.text, answer.text


def test_a_count_of_who_takes_a_side_says_it_is_of_the_posts_read(tmp_path):
    # R17-22: "How many people complained about United?" answered "7 authors are against it" of the 20 posts read,
    # out of 3,813 posts to @united, and never said so
    from townsquare.assistant import Assistant

    texts = [
        "Bluebird buses were late all week, awful.",
        "Another terrible morning on Bluebird, the worst service.",
        "Bluebird was dirty and late again, terrible.",
        "Bluebird lost my bag, awful service.",
        "Bluebird fares are terrible value.",
        "Bluebird is great, the new buses are comfortable.",
        "I love Bluebird, the drivers are friendly.",
        "The Bluebird timetable changes on Monday.",
        "Bluebird drivers strike on Friday.",
        "Bluebird is excellent, always on time.",
    ]
    answer = Assistant(_index_of(tmp_path, texts), opinion_posts=5).ask("How many people complained about Bluebird?")
    assert not answer.abstained, answer.text
    assert "These counts are of the 5 posts read; 10 posts here have the word “Bluebird”." in answer.text, answer.text


def test_how_many_are_for_it_counts_people(tmp_path):
    # R17-5: after "What do people say about the bus lane on Harbor Road?", "How many are for it?" answered "14" (the
    # bus route of one supporter's post) and listed an opponent as "also wrote"
    from townsquare.assistant import Assistant

    texts = [
        "Honestly love the Harbor Road bus lane: the 14 finally runs on time in the mornings.",
        "Support the Harbor Road bus lane 100%, my commute is ten minutes shorter.",
        "The Harbor Road bus lane is great, buses are faster now.",
        "Against the Harbor Road bus lane: it made the junction by the harbor dangerous for delivery vans.",
        "The bus lane on Harbor Road is a disaster, car traffic backs up to the bridge every evening.",
        "Bin collection moves to Thursdays from next week.",
    ]
    assistant = Assistant(_index_of(tmp_path, texts))
    answer = assistant.ask("How many are for it?", history=["What do people say about the bus lane on Harbor Road?"])
    assert answer.short_answer in ("2", "3") and answer.text.startswith(f"{answer.short_answer} authors are for it")
    assert "14." not in answer.text and "@u3" not in answer.text.split("other side")[0], answer.text
    # "Who is for it?" still names them (held-in caught "Who is against such violence?" answered "4")
    named = assistant.ask("Who is for it?", history=["What do people say about the bus lane on Harbor Road?"])
    assert (named.short_answer or "").startswith("@u"), named.text
