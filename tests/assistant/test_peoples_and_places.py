"""A people's name meets its place's: "Hungarian" asks of posts that write "Hungary" (session 16's note: "When is
the Hungarian election?" abstained)."""

from __future__ import annotations

import pytest

from townsquare.assistant.text import stem, with_kin

from .test_assistant import _index_of


@pytest.mark.parametrize(
    ("people", "place"),
    [("Hungarian", "Hungary"), ("Americans", "America"), ("Chinese", "China"), ("Dutch", "Netherlands")],
)
def test_a_peoples_name_meets_its_place(people, place):
    assert stem(people) in with_kin({stem(place)}) and stem(place) in with_kin({stem(people)})
    assert stem(people) != stem(place)  # "American Airlines" is no "America": @AmericanAir spells "american"


@pytest.mark.parametrize("word", ["poles", "polished", "danes"])
def test_words_of_their_own_are_no_peoples(word):
    # "pole", "polish" and "dane" are words of their own more often than peoples
    assert not with_kin({stem(word)}) & {stem("Poland"), stem("Denmark")}


def test_when_is_the_hungarian_election(tmp_path):
    pytest.importorskip("tantivy")
    from townsquare.assistant import Assistant

    texts = [
        "Hungary's parliamentary election is on April 3, and the opposition has united against Orban.",
        "Bin collection moves to Thursdays from next week.",
        "The bus to Ashby was late again this morning.",
        "Heatwave again, 17 degrees by noon. The library is the only cool place left.",
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("When is the Hungarian election?")
    assert not answer.abstained and "April 3" in (answer.short_answer or ""), answer.text
