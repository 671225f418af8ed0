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


_FERRY = [
    "The Eastport ferry is suspended until further notice because of the broken ramp.",
    "Bin collection moves to Thursdays from next week.",
    "The bus to Ashby was late again this morning.",
    "Heatwave again, 17 degrees by noon. The library is the only cool place left.",
]
_FERRY_AUTHORS = ["viktornakamura22", "u1", "u2", "u3"]
# the answer the client was given before "The Eastport ferry is running again today ..." was forgotten
_RUNNING = "@quinncosta19 wrote: “The Eastport ferry is running again today, first boat at 7.” [1]"


def _who_said_so(index, held: str) -> dict:
    """The chat API's answer to "Who said so?" after "Is the Eastport ferry running now?" and ``held``."""
    pytest.importorskip("fastapi")
    from starlette.testclient import TestClient

    from townsquare.server.main import create_app
    from townsquare.server.settings import Settings

    settings = Settings(index=index, keys_db=index.parent / "keys.sqlite", anonymous_quota="1000/15min")
    messages = [
        {"role": "user", "content": "Is the Eastport ferry running now?"},
        {"role": "assistant", "content": held},
        {"role": "user", "content": "Who said so?"},
    ]
    with TestClient(create_app(settings), client=("192.0.2.10", 1)) as client:
        reply = client.post("/v1/chat/completions", json={"model": "townsquare-extractive", "messages": messages})
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_who_said_so_after_the_quoted_post_was_forgotten_names_no_one(tmp_path):
    # R15-5: the client holds an answer quoting a post forgotten since; asking the earlier question again quotes
    # the post that says the opposite, and "Who said so?" named its author as saying the ferry runs
    index = _index_of(tmp_path, _FERRY, authors=_FERRY_AUTHORS)
    body = _who_said_so(index, _RUNNING)
    text = body["choices"][0]["message"]["content"]
    assert text == "No public post here says that.", text
    assert not body["citations"], body["citations"]


def test_who_said_so_after_an_answer_still_given_names_its_author(tmp_path):
    from townsquare.assistant import Assistant

    index = _index_of(tmp_path, _FERRY, authors=_FERRY_AUTHORS)
    given = Assistant(index).ask("Is the Eastport ferry running now?")
    assert "viktornakamura22" in given.text, given.text
    text = _who_said_so(index, given.text)["choices"][0]["message"]["content"]
    assert text.startswith("@viktornakamura22. [1]"), text


def test_who_said_so_after_a_newer_answer_names_the_author_of_the_quotation_held(tmp_path):
    # a post written since changes the answer: "so" is still what the client's answer quoted, and its author said it
    running = "The Eastport ferry is running again today, first boat at 7."
    index = _index_of(tmp_path, [*_FERRY, running], authors=[*_FERRY_AUTHORS, "quinncosta19"])
    held = "Suspended. [1] @viktornakamura22 wrote: “The Eastport ferry is suspended until further notice …” [1]"
    text = _who_said_so(index, held)["choices"][0]["message"]["content"]
    assert text.startswith("@viktornakamura22. [1]") and "quinncosta19" not in text, text
