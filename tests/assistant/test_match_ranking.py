"""Which posts the reader reads: the most relevant ones by the match model (``evidence.select``), not merely the
search's first ones. The reader reads the three most relevant posts; a post that has every word of the question
ranks above posts the search put first that have few or none of them."""

from __future__ import annotations

from townsquare.assistant.evidence import select

POSTS = [
    "The ferry timetable changes in spring, see the harbour office.",
    "Harbour office closed for lunch today.",
    "New timetable for buses from Monday.",
    "Ferry timetable: the Eastport ferry now leaves at 7:15 from the north pier every weekday.",
    "Lovely evening at the pier.",
]


def test_a_post_with_every_word_of_the_question_is_the_most_relevant():
    posts = [{"id": str(n), "text": text, "author_handle": f"user{n}"} for n, text in enumerate(POSTS)]
    kept, _ = select("When does the Eastport ferry leave the north pier?", posts, 8, 2)
    by_relevance = sorted(kept, key=lambda e: -e.relevance)
    # 4th in the search's order; the match model fitted on 1,200 questions put it 3rd, behind the first post
    # (one word of the question) and the second (none)
    assert by_relevance[0].id == "3"
    assert by_relevance[0].coverage == 1.0
