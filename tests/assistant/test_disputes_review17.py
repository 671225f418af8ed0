"""Review 17: disputes set out wrongly (/work/coord/review17.md): reports of different days or things as sides,
sides that say the same, a denial counted with what it denies, and counts weighted against the posts."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

_TOWN = [
    "Bin collection moves to Thursdays from next week.",
    "Lovely walk by the river today, the ducks are back.",
    "The library has a new reading room on the second floor.",
]

_POWER = [
    "Utility update: about 2,000 homes lost power in Tuesday's storm, crews are out on Mill Road.",
    "2,000 homes without power after the Tuesday storm, the north side got the worst of it.",
    "The storm on Tuesday night cut power to 2,000 homes in Millbrook, the utility says.",
    "Only 500 homes lost power in the Tuesday storm according to the fire station, not thousands.",
    "Tuesday storm: 500 homes lost power on the east side, the rest of town kept the lights on.",
]


@pytest.mark.parametrize("question", ["Did 2,000 homes lose power?", "Did 500 homes lose power?"])
def test_a_yes_no_count_dispute_counts_the_posts_the_how_many_form_counts(tmp_path, question):
    from townsquare.assistant import Assistant

    # R17-40: the yes/no form read only the posts saying "lost" and told 2 posts say 500, 1 says 2,000: the
    # posts that give 2,000 with "without power" and "cut power" join the side of their number
    answer = Assistant(_index_of(tmp_path, [*_POWER, *_TOWN])).ask(question)
    sides = {view["label"]: (view["posts"], view["authors"]) for view in answer.viewpoints}
    assert sides == {"2,000": (3, 3), "500": (2, 2)}, answer.text
    assert answer.text.startswith("Posts disagree. 3 posts from 3 authors say"), answer.text
