"""The chat API's remote and local composers when what they talk to is broken: an upstream whose content is a
list of parts or no text, a runaway upstream, a bad --llm-url or --local-model (serve refuses to start with one
line, as for a damaged embedder); never a 500 or a stream cut without [DONE]."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

QUESTION = {"model": "townsquare-remote", "messages": [{"role": "user", "content": "What about the bus?"}]}


def _events(body: str) -> list:
    lines = [line.removeprefix("data: ") for line in body.split("\n\n") if line.startswith("data: ")]
    assert lines[-1] == "[DONE]", body[-300:]  # the stream ends as a stream
    return [json.loads(line) for line in lines[:-1]]


def test_content_as_parts_is_answered_and_content_no_text_is_a_502_streamed_or_not(make_client, upstream):
    client = make_client(llm_url=upstream.url)
    upstream.content = lambda body: [{"type": "text", "text": upstream.quote(body)}]
    reply = client.post("/v1/chat/completions", json=QUESTION)
    assert reply.status_code == 200, reply.text  # was a text/plain 500
    assert reply.json()["choices"][0]["message"]["content"].startswith("@user")
    events = _events(client.post("/v1/chat/completions", json={**QUESTION, "stream": True}).text)
    assert "".join(e["choices"][0]["delta"].get("content") or "" for e in events).startswith("@user")
    upstream.content = lambda body: 5
    reply = client.post("/v1/chat/completions", json=QUESTION)
    assert reply.status_code == 502 and "could not answer" in reply.json()["detail"]  # the cause: the server log
    events = _events(client.post("/v1/chat/completions", json={**QUESTION, "stream": True}).text)  # was cut
    assert events[-1]["error"]["type"] == "server_error" and "could not answer" in events[-1]["error"]["message"]


def test_a_runaway_upstream_answer_is_cut_streamed_or_not(make_client, upstream):
    client = make_client(llm_url=upstream.url)
    upstream.content = lambda body: (upstream.quote(body) + " ") * 5000  # ~0.5 MB; 10 MB was served whole
    reply = client.post("/v1/chat/completions", json=QUESTION)
    assert reply.status_code == 200 and len(reply.json()["choices"][0]["message"]["content"]) < 300 * 8
    streamed = client.post("/v1/chat/completions", json={**QUESTION, "stream": True}).text
    assert len(streamed.encode()) < 20_000  # was 70 MB of SSE for the 10 MB answer
    assert "".join(e["choices"][0]["delta"].get("content") or "" for e in _events(streamed))


def test_an_app_with_a_bad_llm_url_answers_503_not_500(make_client):
    client = make_client(llm_url="http://[::1/v1")
    for stream in (False, True):
        reply = client.post("/v1/chat/completions", json={**QUESTION, "stream": stream})
        assert reply.status_code == 503, reply.text  # was a 500 on every remote chat
        assert "is not a valid URL" in reply.json()["detail"]


def _serve(index, tmp_path, *args):
    command = [sys.executable, "-m", "townsquare", "serve", "--index", str(index), "--port", "0"]
    command += ["--keys-db", str(tmp_path / "keys.sqlite"), *args]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired as exc:  # the code before: it started and served
        raise AssertionError(f"serve started with {args}") from exc


def test_serve_refuses_to_start_on_a_bad_llm_url(index_dir, tmp_path):
    result = _serve(index_dir, tmp_path, "--llm-url", "http://[::1/v1")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: the model URL 'http://[::1/v1' is not a valid URL")


@pytest.mark.parametrize("kind", ["gguf", "folder"])
def test_serve_refuses_to_start_on_a_local_model_that_does_not_load(index_dir, tmp_path, kind):
    pytest.importorskip("transformers")
    if kind == "gguf":
        model = tmp_path / "bad.gguf"
        model.write_text("garbage\n")
    else:
        model = tmp_path / "notamodel"
        model.mkdir()
        (model / "config.json").write_text("{}")
    result = _serve(index_dir, tmp_path, "--local-model", str(model))
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr  # it started; every local chat was a 500
    assert lines[0].startswith(f"Error: {model} is not a usable model: "), lines[0]


@pytest.mark.parametrize("kind", ["missing folder", "not a database", "a folder"])
def test_serve_refuses_an_unusable_keys_db_in_one_line(index_dir, tmp_path, kind):
    # R19-B1: it printed "serving on ..." and then a 47-line traceback from the worker
    bad = {"missing folder": tmp_path / "nowhere" / "keys.sqlite", "not a database": tmp_path / "notdb.sqlite"}
    bad["a folder"] = tmp_path / "adir"
    (tmp_path / "notdb.sqlite").write_text("garbage\n")
    (tmp_path / "adir").mkdir()
    command = [sys.executable, "-m", "townsquare", "serve", "--index", str(index_dir), "--port", "0"]
    result = subprocess.run([*command, "--keys-db", str(bad[kind])], capture_output=True, text=True, timeout=90)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 1 and lines[0].startswith("Error: keys database"), result.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "townsquare", "keys", "list", "--keys-db", str(bad[kind])],
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 1 and listed.stderr.count("\n") == 1, listed.stderr
