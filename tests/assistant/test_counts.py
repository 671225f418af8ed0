"""Counts and sides on small indexes written for them (review 7)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")


def _sides(tmp_path, texts: list[str], question: str, fields: dict | None = None):
    from townsquare.assistant import Assistant

    answer = Assistant(_index_of(tmp_path, texts, fields=fields)).ask(question)
    return {v["label"]: v["posts"] for v in answer.viewpoints}, answer


def test_one_number_in_any_form_is_one_side_named_as_most_posts_write_it(tmp_path):
    texts = [
        "The Millbrook library roof repair will cost 3.2 million, the council says.",
        "Council approves 3.2m for the Millbrook library roof repair.",
        "Millbrook library roof repair: 3.2 million pounds approved by the council last night.",
        "Millbrook library roof repair will cost £3,200,000 says the council.",
        "The Millbrook library roof repair costs 800k, not millions, says the builder.",
        "Builder's quote for the Millbrook library roof repair is 800k.",
    ]
    sides, answer = _sides(tmp_path, texts, "How much will the Millbrook library roof repair cost?")
    # the side was named "3.2m", the shortest way one post writes it, not as two of its four posts do
    assert sides == {"3.2 million": 4, "800k": 2}, answer.text


def test_a_reply_giving_a_side_s_number_in_words_joins_it_however_low_the_reader_reads_it(tmp_path):
    texts = [
        "Forty staff are out sick at Riverside hospital this week, the union says.",
        "40 staff out sick at Riverside hospital, wards are short.",
        "@u0 yeah forty, I counted them on the rota myself",  # a reply to the union's post
        "Riverside hospital says only 12 staff are out sick this week.",
        "A dozen staff out sick at Riverside hospital according to management.",
    ]
    sides, answer = _sides(
        tmp_path,
        texts,
        "How many staff are out sick at Riverside hospital?",
        fields={2: {"reply_to": "0"}},
    )
    # the reply's "forty" (read far under the threshold: it names neither staff nor the hospital) was left out,
    # and the reader's "dozen" of "A dozen" named the other side
    assert {label.lower(): n for label, n in sides.items()} == {"forty": 3, "12": 2}, answer.text


def test_a_number_the_post_asks_back_and_denies_is_not_its_count(tmp_path):
    texts = [
        "1.2k evacuated from Lowmoor after the flood? Rubbish. More like 300.",
        "300 people were evacuated from Lowmoor after the flood, the fire service says.",
        "Around 300 residents evacuated from Lowmoor after the flood last night.",
        "1,200 evacuated from Lowmoor after the flood, the radio says.",
        "Twelve hundred evacuated from Lowmoor after the flood?? Nonsense, the school hall held everyone.",
    ]
    sides, answer = _sides(tmp_path, texts, "How many people were evacuated from Lowmoor after the flood?")
    # the first post was a side "1.2k" with the radio's 1,200, and the last one a third post for it
    assert sides == {"300": 3, "1,200": 1}, answer.text
    from townsquare.assistant.compose import _asserted_counts

    assert [value for *_, value in _asserted_counts(texts[0])] == ["300"]
    assert [value for *_, value in _asserted_counts("Is the pool open till 9? Dream on, it shuts at 6.")] == ["6"]
    # a question it does not deny is left as it is; "not forty" is no count the post gives
    assert [value for *_, value in _asserted_counts("Forty staff out? Yes, forty.")] == ["40", "40"]
    assert [value for *_, value in _asserted_counts("A dozen staff are out, not forty.")] == ["12"]


def test_how_many_say_a_count_counts_posts_giving_another_count_among_those_who_deny_it(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "40 staff are out at the Brookside depot this week, bins will be late.",
        "Bins late again, forty staff are out at the Brookside depot.",
        "Forty staff are out at Brookside depot, says the union.",
        "Council update: only 12 staff are out at the Brookside depot, collections continue as normal.",
        "Council: a dozen staff are out at the Brookside depot, not forty; no change to collections.",
        "Brookside depot is closed on Sunday for the holiday.",
    ]
    assistant = Assistant(_index_of(tmp_path, texts))
    answer = assistant.ask("How many people say forty staff are out at the Brookside depot?")
    # was "3 authors say it (3 posts); 0 deny or doubt it": "40" was not "forty", the council's "a dozen ..., not
    # forty" said it and "only 12" was on neither side
    assert answer.short_answer == "3", answer.text
    assert answer.text.startswith("3 authors say it (3 posts); 2 deny or doubt it."), answer.text
    answer = assistant.ask("Who says forty staff are out at the Brookside depot?")
    assert "12" not in answer.text and "dozen" not in answer.text, answer.text
    from townsquare.assistant.compose import _other_count

    # another count of the staff, or a bare one, denies it; a count of something else or a time does not
    claim = "forty staff are out at the Brookside depot"
    posts = ("Only 12 staff are off.", "Out? More like 12.", "Forty staff out, back in 2 weeks.", "Out since 9.")
    assert [_other_count(claim, post) for post in posts] == [True, True, False, False]


def test_a_yes_no_side_needs_a_post_that_says_what_is_asked(tmp_path):
    texts = [
        "Gym roof at Hillcrest school leaking again this morning, buckets in the corner.",
        "Hillcrest school gym roof leak was patched in March, the council says it cost 4k.",
        "Is anyone going to pay for the Hillcrest school gym roof leak? Asking for the PTA.",
        "Another leak in the Hillcrest school gym roof, PE moved to the hall.",
        "No, the Hillcrest school gym roof does not leak, the caretaker checked after the storm.",
        "The Hillcrest school gym roof is not leaking again, stop spreading this.",
    ]
    sides, answer = _sides(tmp_path, texts, "Is the Hillcrest school gym roof leaking again?")
    # the patched leak of March and the question who pays were two more posts saying yes (4 against 2)
    assert sides == {"yes": 2, "no": 2}, answer.text
    assert "2 posts take neither side: " in answer.text, answer.text


def test_a_percentage_is_no_count_of_people_but_answers_how_many_favour(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Water rates rise by 6% from January 1, the council confirmed.",
        "The 6% water rate rise is outrageous.",
        "Poll of fans: 92 percent favour free racing, 8 percent favour team orders.",
    ]
    assistant = Assistant(_index_of(tmp_path, texts))
    people = assistant.ask("How many people are against the water rate rise?")
    # review 8, R8-38: "6%." (of the rise) was the count of people against it, cited and "supported"
    assert people.short_answer != "6%" and "6%." not in people.text[:4], people.text
    from townsquare.assistant.compose import _COUNTED

    # "How many favour free racing?" names no thing counted: a share may answer it (TweetQA: "92 percent")
    assert _COUNTED.match("How many people were killed?") and not _COUNTED.match("How many favour free racing?")
