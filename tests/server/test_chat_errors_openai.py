"""Chat API errors in OpenAI's shape (review 5, R5-11): the real ``openai`` client shows the reason, not just
"Error code: 400"; the X problem fields stay beside it; a huge request is not echoed back whole."""

from __future__ import annotations

import json
import socket

import pytest

QUESTION = [{"role": "user", "content": "What about the bus?"}]


def test_the_openai_client_reads_the_reason_param_and_code(start_server, index_dir, tmp_path):
    openai = pytest.importorskip("openai")
    from townsquare.server.auth import KeyStore

    keys = tmp_path / "keys.sqlite"
    token = KeyStore(keys).create("tester", "1000/15min")[1]
    base = start_server(index_dir, keys_db=keys)
    client = openai.OpenAI(base_url=base + "/v1", api_key=token, max_retries=0)
    placeholder = openai.OpenAI(base_url=base + "/v1", api_key="x", max_retries=0)  # as vLLM users write
    with client, placeholder:
        _check_errors(openai, client, placeholder)


def _check_errors(openai, client, placeholder) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=QUESTION)
    error = caught.value  # was: message "Error code: 404", code and param None
    assert "The model `gpt-4o` does not exist here; choose one of townsquare-extractive" in error.message
    assert (error.code, error.param, error.type) == ("model_not_found", "model", "invalid_request_error")

    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="townsquare-extractive", messages=QUESTION, n=2)
    assert "n: Input should be less than or equal to 1" in caught.value.message
    assert (caught.value.param, caught.value.type) == ("n", "invalid_request_error")

    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="townsquare-extractive", messages=[{"role": "user", "content": ""}])
    assert "the conversation has no user message with text" in caught.value.message
    assert caught.value.param == "messages"

    # a request over the 10,000-message cap: refused with the reason, and the request is not echoed whole
    long = [{"role": "user", "content": "bus " * 10} for _ in range(10_001)]
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="townsquare-extractive", messages=long)
    assert "messages" in caught.value.message and caught.value.param == "messages"
    assert len(caught.value.response.content) < 5000  # was the whole 2 MB request

    with pytest.raises(openai.AuthenticationError) as caught:
        placeholder.models.list()  # 401: README says why
    assert "bearer token is unknown or revoked" in caught.value.message and caught.value.code == "invalid_api_key"


def test_v1_errors_carry_both_shapes_and_x_routes_only_theirs(make_client):
    client = make_client()
    bad = client.post("/v1/chat/completions", json={"messages": QUESTION, "temperature": 3})
    body = bad.json()
    assert bad.status_code == 400 and body["title"] == "Invalid Request"  # X's fields stay for existing clients
    assert body["errors"][0]["parameters"] == {"temperature": ["3"]}
    assert body["error"]["message"].startswith("temperature: ") and body["error"]["param"] == "temperature"

    broken = client.post(
        "/v1/chat/completions", content=b'{"messages": [', headers={"content-type": "application/json"}
    )
    error = broken.json()["error"]
    assert broken.status_code == 400 and error["param"] == "body"  # was named "14" (a character offset)
    assert error["message"].startswith("body: JSON decode error")

    missing = client.get("/v1/embeddings")
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "invalid_request_error"

    search = client.get("/2/tweets/search/recent", params={"query": "bus", "max_results": 500})
    assert search.status_code == 400 and "error" not in search.json() and search.json()["errors"]


def test_a_streamed_error_has_the_same_shape(make_client):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    client = make_client(llm_url=f"http://127.0.0.1:{closed}/v1")
    body = {"model": "townsquare-remote", "messages": QUESTION, "stream": True}
    with client.stream("POST", "/v1/chat/completions", json=body) as response:
        raw = response.read().decode()
    events = [block.removeprefix("data: ") for block in raw.split("\n\n") if block]
    assert events[-1] == "[DONE]"
    error = json.loads(events[-2])["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["type"] == "server_error"  # was "Bad Gateway"
    assert "could not answer" in error["message"]  # the remote's address is in the server log only


def test_a_long_conversation_is_read_from_its_latest_turns(make_client):
    client = make_client()
    # R19-B8: a chat page sends the whole history every turn; the 65th message was a 400 and the session ended
    history = [
        {"role": "user" if n % 2 == 0 else "assistant", "content": f"turn {n} about the weather"} for n in range(80)
    ]
    asked = [*history, {"role": "user", "content": "What about the bus?"}]
    reply = client.post("/v1/chat/completions", json={"messages": asked})
    assert reply.status_code == 200, reply.text
    assert reply.json()["choices"][0]["message"]["content"]


@pytest.mark.parametrize(
    ("extra", "param"),
    [
        ({"modalities": ["text", "audio"]}, "modalities"),
        ({"audio": {"voice": "alloy", "format": "wav"}}, "audio"),
    ],
)
def test_what_is_not_text_is_refused_not_dropped(make_client, extra, param):
    client = make_client()
    # R19-B9: a photo beside the question was dropped, and the answer was about something else
    photo = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What does the sign in this photo say?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
            ],
        }
    ]
    refused = client.post("/v1/chat/completions", json={"messages": photo})
    error = refused.json()["error"]
    assert refused.status_code == 400 and error["param"].startswith("messages"), error
    assert "read text only" in error["message"]
    answered = client.post("/v1/chat/completions", json={"messages": QUESTION, **extra})
    assert answered.status_code == 400 and answered.json()["error"]["param"] == param


def test_a_json_body_sent_as_a_form_is_told_to_say_it_is_json(make_client):
    client = make_client()
    # R19-B7: curl -d sends a form; the 400 said "request: Input should be a valid dictionary" and echoed b'{...}'
    body = json.dumps({"messages": QUESTION}).encode()
    for kind in ("application/x-www-form-urlencoded", "text/plain"):
        reply = client.post("/v1/chat/completions", content=body, headers={"content-type": kind})
        error = reply.json()["error"]
        assert reply.status_code == 400 and error["param"] == "body", error
        assert "Content-Type: application/json" in error["message"] and "b'" not in reply.text
