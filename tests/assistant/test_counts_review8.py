"""How-many answers on small indexes written for them (review 8: R8-1, R8-6, R8-37, R8-38)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

# posts on other things, so that the words of the town's events are rare ones
_TOWN = [
    "Bin collection moves to Thursdays from next week, the council says.",
    "The 7:15 bus to Ashby was 25 minutes late again this morning.",
    "Power is back on Elm Street, crews fixed it at 1:40pm.",
    "Reminder: the library opens late on Wednesdays.",
    "Gus's bakery is giving away free bread to anyone who lost power.",
    "Road works on the bridge start on Monday for two weeks.",
]


def test_a_how_many_question_shows_both_counts_where_no_post_has_all_its_words(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "The Harvest Fair on Mill Lane drew about 400 people last night, organisers said.",
        "I counted the crowd at the Harvest Fair myself: 1,200 people at least. The paper's number is way off.",
        "@u0 400 sounds right to me, Mill Lane was half empty by 8pm.",
        "The Harvest Fair had 1,200 people, the biggest ever according to the organisers.",
        "Honestly the Harvest Fair crowd was more like 400. Photos don't lie.",
        "The Harvest Fair last year was magical, the kids loved the paper boats.",
        *_TOWN,
    ]
    index = _index_of(tmp_path, texts, fields={2: {"reply_to": "0"}})
    # no post has "came": they say "drew", "had", "crowd"; the answer was "1,200." alone, and the three posts
    # that say 400 were in no side (review 8, R8-1)
    answer = Assistant(index).ask("How many people came to the Harvest Fair?")
    sides = {v["label"]: v["posts"] for v in answer.viewpoints}
    assert sides == {"400": 3, "1,200": 2}, answer.text
    assert answer.text.startswith("Posts disagree.") and answer.supported == answer.claims, answer.text
