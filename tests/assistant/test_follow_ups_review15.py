"""Review 15: follow-up turns the independent review found misleading (/work/coord/review15.md): "Did anyone
disagree?" naming one of a side's authors, "Who said so?" after the post that said it was forgotten."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

_STORM = [
    "Utility update: about 2,000 homes lost power in Tuesday's storm, crews are out on Mill Road.",
    "2,000 homes without power after the Tuesday storm, the north side got the worst of it.",
    "The storm on Tuesday night cut power to 2,000 homes in Millbrook, the utility says.",
    "Only 500 homes lost power in the Tuesday storm according to the fire station, not thousands.",
    "Tuesday storm: 500 homes lost power on the east side, the rest of town kept the lights on.",
    "Bin collection moves to Thursdays from next week.",
    "The bus to Ashby was late again this morning.",
]
_STORM_AUTHORS = ["quinn", "farid", "yara", "sofia", "laito", "u5", "u6"]
_STORM_QUESTION = "How many homes lost power in the Tuesday storm?"


@pytest.mark.parametrize(
    ("said", "other_side", "same_side"),
    [("500", ["@quinn", "@farid", "@yara"], ["@sofia", "@laito"]), ("2,000", ["@sofia", "@laito"], ["@farid"])],
)
def test_did_anyone_disagree_names_every_author_of_the_other_number(tmp_path, said, other_side, same_side):
    from townsquare.assistant import Assistant

    # R15-4: after "Who said 500?", "Did anyone disagree?" named one of the three who said 2,000 (the others wrote
    # "without power" and "cut power to", not "lost power"); after "Who said 2,000?" it named @farid, who said 2,000
    assistant = Assistant(_index_of(tmp_path, _STORM, authors=_STORM_AUTHORS))
    answer = assistant.ask("Did anyone disagree?", history=[_STORM_QUESTION, f"Who said {said}?"])
    named = answer.text.split(" wrote:")[0]
    assert all(name in named for name in other_side), answer.text
    assert not any(name in named for name in same_side), answer.text
    cited = {c["author"] for c in answer.citations}
    assert cited == {name[1:] for name in other_side}, answer.citations
