"""A damaged INDEX/embedder: `serve` refuses to start with one line; if it breaks later, a 503 problem, not a 500."""

from __future__ import annotations

import shutil
import subprocess
import sys


def _damaged_copy(index_dir, tmp_path):
    # a path no process has loaded a model from (load_embedder keeps a loaded one per folder)
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    matrix = copy / "embedder" / "embeddings.npy"
    matrix.write_bytes(matrix.read_bytes()[: matrix.stat().st_size // 2])  # a copy cut short
    return copy


def test_serve_refuses_to_start_on_a_damaged_embedder(index_dir, tmp_path):
    command = [sys.executable, "-m", "townsquare", "serve", "--index", str(_damaged_copy(index_dir, tmp_path))]
    command += ["--port", "0", "--keys-db", str(tmp_path / "keys.sqlite")]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as exc:  # the code before: it started and served
        raise AssertionError("serve started on a damaged embedder") from exc
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the static model in "), result.stderr
    assert "is damaged" in lines[0] and "delete the folder and it is built again" in lines[0]


def test_an_embedder_damaged_after_the_check_is_a_503_problem_on_search_chat_and_health(settings, tmp_path):
    from starlette.testclient import TestClient

    from townsquare.server.main import create_app

    index = _damaged_copy(settings.index, tmp_path)
    app = create_app(settings.model_copy(update={"index": index}))
    with TestClient(app) as client:  # the worker's startup loads the embedder: it fails, the worker stays up
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["status"] == "unavailable"  # was 200 "ok"
        assert health.json()["embedder_ok"] is False and "delete the folder" in health.json()["detail"]
        relevancy = client.get(
            "/2/tweets/search/recent", params={"query": "bus", "sort_order": "relevancy", "mode": "hybrid"}
        )
        assert relevancy.status_code == 503, relevancy.text  # was a bare text/plain 500
        assert relevancy.headers["content-type"] == "application/json"
        assert "is damaged" in relevancy.json()["detail"] and "delete the folder" in relevancy.json()["detail"]
        keyword = client.get("/2/tweets/search/recent", params={"query": "bus", "mode": "keyword"})
        assert keyword.status_code == 200 and keyword.json()["meta"]["result_count"] > 0  # needs no embedder
        question = {"model": "townsquare", "messages": [{"role": "user", "content": "What about the bus?"}]}
        for stream in (False, True):
            chat = client.post("/v1/chat/completions", json={**question, "stream": stream})
            assert chat.status_code == 503, chat.text  # was 502 Bad Gateway (an upstream model's failure)
            assert chat.headers["content-type"] == "application/json" and "is damaged" in chat.json()["detail"]
        shutil.rmtree(index / "embedder")  # the fix the message names: the folder is built again, no restart
        assert client.get("/health").json()["embedder_ok"] is True
        relevancy = client.get(
            "/2/tweets/search/recent", params={"query": "bus", "sort_order": "relevancy", "mode": "hybrid"}
        )
        assert relevancy.status_code == 200
