"""Review 9 (R9-6, R9-11, R9-17): what an OpenAI client asks beyond a completion, and what an operator sees.

``models.retrieve`` answers for every listed model; a request for JSON output or tools is refused naming the
parameter (a JSON-mode client would fail to parse cited prose); ``stop`` ends the answer; a failing remote model
is logged for the operator, and clients learn neither its address nor its error.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import httpx
import pytest
from tests.server.conftest import free_port, wait_for

QUESTION = [{"role": "user", "content": "What about the bus?"}]


def test_models_retrieve_answers_for_every_listed_model(make_client):
    client = make_client()
    listed = client.get("/v1/models").json()["data"]
    for card in listed:
        one = client.get(f"/v1/models/{card['id']}")
        assert one.status_code == 200 and one.json() == card  # was a 404 "Not Found"
    missing = client.get("/v1/models/gpt-4o")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "model_not_found"


@pytest.mark.parametrize(
    "field, value",
    [
        ("response_format", {"type": "json_object"}),
        ("response_format", {"type": "json_schema", "json_schema": {"name": "x", "schema": {}}}),
        ("tools", [{"type": "function", "function": {"name": "lookup", "parameters": {}}}]),
        ("functions", [{"name": "lookup", "parameters": {}}]),
        ("temperature", float("nan")),
        ("logprobs", True),  # review 15 (R15-18): was 200 with "logprobs": null
        ("top_logprobs", 5),
    ],
)
def test_what_cannot_be_honoured_is_refused_naming_the_parameter(make_client, field, value):
    client = make_client()
    response = client.post(
        "/v1/chat/completions",
        content=httpx.Request("POST", "/", json={"messages": QUESTION, field: value}).content
        if value == value
        else b'{"messages": [{"role": "user", "content": "What about the bus?"}], "temperature": NaN}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400, response.text  # was 200 with prose, the field ignored
    assert response.json()["error"]["param"] == field
    if field == "temperature":  # was "temperature: Input should be less than or equal to 2", of a NaN
        assert "finite number" in response.json()["error"]["message"]


def test_plain_text_response_format_and_no_tools_are_fine(make_client):
    client = make_client()
    body = {
        "messages": QUESTION,
        "response_format": {"type": "text"},
        "tools": [],
        "temperature": 0.2,
        "logprobs": False,
        "top_logprobs": 0,
    }
    assert client.post("/v1/chat/completions", json=body).status_code == 200


def test_stop_ends_the_answer_before_the_sequence(make_client):
    client = make_client()
    full = client.post("/v1/chat/completions", json={"messages": QUESTION}).json()["choices"][0]["message"]["content"]
    assert " wrote" in full
    stopped = client.post("/v1/chat/completions", json={"messages": QUESTION, "stop": [" wrote", "zzz"]}).json()
    content = stopped["choices"][0]["message"]["content"]
    assert content == full[: full.index(" wrote")] and stopped["choices"][0]["finish_reason"] == "stop"
    with client.stream(
        "POST", "/v1/chat/completions", json={"messages": QUESTION, "stop": " wrote", "stream": True}
    ) as r:
        raw = r.read().decode()
    assert " wrote" not in raw.split('"citations"')[0]


def test_a_failing_remote_is_logged_and_its_address_is_no_clients_business(make_client, caplog):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    client = make_client(llm_url=f"http://127.0.0.1:{closed}/v1")
    listed = client.get("/v1/models").text
    assert str(closed) not in listed  # the card said "default at http://127.0.0.1:PORT/v1"
    with caplog.at_level("WARNING"):
        response = client.post("/v1/chat/completions", json={"model": "townsquare-remote", "messages": QUESTION})
    assert response.status_code == 502
    assert str(closed) not in response.text and "could not answer" in response.json()["error"]["message"]
    assert str(closed) in caplog.text  # the operator's log has the cause


def test_access_log_logs_every_request(index_dir, tmp_path):
    port = free_port()
    command = [sys.executable, "-m", "townsquare", "serve", "--index", str(index_dir), "--port", str(port)]
    command += ["--keys-db", str(tmp_path / "keys.sqlite"), "--access-log"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ})
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/health", process)
        httpx.get(base + "/2/tweets/search/recent", params={"query": "bus"})
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode()
    assert '"GET /2/tweets/search/recent?query=bus HTTP/1.1" 200' in output  # was no request line at all
