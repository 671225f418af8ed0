"""A Bluesky author known only by a DID is asked about by that DID, as answers write it (review 15, R15-33)."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

ANA = "did:plc:u4lmvw4wwzaql3z5kcf3r7h4"
BO = "did:plc:53iucmf5ldftgqyf2ac7hmhd"
TEXTS = [
    "Going under a band's event post to complain about the ticket prices is wild.",
    "The government you're trying to get back at will not even notice the boycott.",
    f"DID: {BO}",
    "The harbour festival starts on Friday with a parade from the station.",
]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("dids")
    return Assistant(_index_of(path, TEXTS, [ANA, ANA, BO, BO]))


@pytest.mark.parametrize("who", [f"@{ANA}", ANA, f"@{ANA.upper()}"])
def test_what_a_did_says_is_that_authors_posts(assistant, who):
    # "@did:plc:…" was read as the handle "@did" (and its "did" as the verb "do"): the answer abstained, or quoted
    # another author's line that held a DID
    answer = assistant.ask(f"What does {who} say?")
    assert not answer.abstained, answer.text
    assert answer.citations and {c["author"] for c in answer.citations} == {ANA}
