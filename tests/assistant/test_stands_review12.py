"""Review 12 (R12-5): "How many people are against X?" cites every author it counts ("9 authors ... and 3 more"
cited six)."""

from __future__ import annotations

import re

import pytest
from tests.assistant.test_assistant import _index_of

AGAINST = [
    ("ann", "Bluebird ferries are the worst, late again and rude crew"),
    ("bob", "Bluebird lost my bag, terrible service"),
    ("cat", "Bluebird is a disgrace, cancelled crossing and no refund"),
    ("dan", "Awful crossing with Bluebird today, dirty seats"),
    ("eli", "Bluebird customer service is useless"),
    ("fin", "Never again with Bluebird, horrible delays"),
    ("gus", "Bluebird ruined our holiday, worst ferry ever"),
    ("hal", "Bluebird staff were so rude to my mum, shocking"),
]
FOR = [("ivy", "Bluebird crew were lovely, great crossing"), ("jon", "Love Bluebird, best ferry on the coast")]
OTHER = [
    ("kai", "So many people at the harbour fair today, it was great"),
    ("lou", "Two against one is never fair, the referee was awful"),
    ("max", "How many people came to the quiz night? It was great fun"),
    ("ned", "Many thanks to the library volunteers, wonderful people"),
    ("oli", "People against the new car park met at the hall. Terrible plan."),
]
POSTS = AGAINST + FOR + OTHER


@pytest.fixture(scope="module")
def ferries(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("stands12")
    return Assistant(_index_of(path, [t for _, t in POSTS], authors=[a for a, _ in POSTS]))


def test_every_author_counted_is_cited(ferries):
    answer = ferries.ask("How many people are against Bluebird?")
    counted = re.match(r"(\d+) authors", answer.text)
    assert counted, answer.text
    lead = answer.text.split(". [", 1)[1].split(" ", 1)[0] if ". [" in answer.text else ""
    cited = re.findall(r"\[(\d+)\]", "[" + lead)
    assert len(cited) == int(counted.group(1)), answer.text
