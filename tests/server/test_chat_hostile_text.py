"""Review 9 (R9-2, R9-3): text no UTF-8 can hold, and messages far longer than any question, cost nothing.

A lone UTF-16 surrogate is valid JSON (``"\\ud800"``: half an emoji a client cut) and is what a command line's
non-UTF-8 bytes become; it was a 500 with a traceback. One 20 MB message held the server for minutes: every
request body is capped, and the assistant reads a question's first ``MAX_QUESTION`` characters.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from townsquare.server.problems import MAX_BODY_BYTES

pytest.importorskip("tantivy")


def _chat(content: str, stream: bool = False) -> bytes:
    # json.dumps writes a lone surrogate as its \\ud800 escape, as a JavaScript client does
    return json.dumps(
        {"model": "townsquare-extractive", "messages": [{"role": "user", "content": content}], "stream": stream}
    ).encode()


def test_a_lone_surrogate_in_a_chat_message_is_answered(make_client):
    client = make_client()
    headers = {"content-type": "application/json"}
    plain = client.post("/v1/chat/completions", content=_chat("bus \ud800 delays?"), headers=headers)
    assert plain.status_code == 200, plain.text  # was a plain-text 500
    assert plain.json()["choices"][0]["message"]["content"]
    streamed = client.post("/v1/chat/completions", content=_chat("bus \udcff delays?", stream=True), headers=headers)
    assert streamed.status_code == 200 and '"error"' not in streamed.text  # was an error event
    assert streamed.text.rstrip().endswith("data: [DONE]")


def test_ask_and_search_take_a_command_line_that_is_not_utf8(index_dir):
    from townsquare.cli import main

    # what Python makes of the argv bytes b"bus \xff": a lone surrogate (surrogateescape)
    for command in (["ask", str(index_dir), "Is the bus late \udcff?"], ["search", str(index_dir), "bus \udcff"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output  # was a traceback ending in "surrogates not allowed"
        assert "Traceback" not in result.output


def test_a_request_body_over_the_cap_is_a_413_before_it_is_parsed(make_client):
    client = make_client()
    huge = _chat("x" * (MAX_BODY_BYTES + 10))
    declared = client.post("/v1/chat/completions", content=huge, headers={"content-type": "application/json"})
    assert declared.status_code == 413
    error = declared.json()["error"]
    assert error["type"] == "invalid_request_error" and "larger than" in error["message"]

    def chunks():  # no Content-Length: the body is counted as it is read
        for start in range(0, len(huge), 1 << 20):
            yield huge[start : start + (1 << 20)]

    chunked = client.post("/v1/chat/completions", content=chunks(), headers={"content-type": "application/json"})
    assert chunked.status_code == 413 and "larger than" in chunked.json()["error"]["message"]
    assert client.get("/health").status_code == 200


def test_a_message_of_one_enormous_word_is_read_only_as_far_as_a_question_goes(make_client):
    # a 2 MB word took hours: the scope check and the search read the whole message (quadratic in a word's
    # length); now the question is its first MAX_QUESTION characters
    client = make_client()
    response = client.post(
        "/v1/chat/completions", content=_chat("x" * 2_000_000), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["abstained"] is True
