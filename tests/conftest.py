"""Shared fixtures: paths to tests/data and to the shared real data (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "data"
SHARED = TESTS.parent.parent / "shared" / "data"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data`` beside the checkout; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED


@pytest.fixture(scope="session")
def sample_town(tmp_path_factory) -> Path:
    """The generated sample town, built and indexed once per session: ``ROOT/{sample,corpus,index}``.

    Its ``sample/truth.json`` holds the planted assistant questions (``assistant``) and
    ``sample/canaries.jsonl`` the canary registry.
    """
    pytest.importorskip("tantivy")
    from townsquare.cli import main

    root = tmp_path_factory.mktemp("town")
    for args in (
        ["sample", "--out", str(root / "sample"), "--posts", "3000"],
        [
            "build",
            str(root / "sample" / "exports"),
            "--out",
            str(root / "corpus"),
            "--opt-out",
            str(root / "sample" / "opt_out.txt"),
        ],
        ["index", str(root / "corpus"), "--out", str(root / "index")],
    ):
        main.main(args, standalone_mode=False, prog_name="townsquare")
    return root


class Upstream:
    """A stand-in OpenAI-compatible upstream (stdlib ``http.server`` in a thread) for the malformed replies a real
    one can send. ``content(body) -> value``: what ``choices[0].message.content`` holds for a request body (any
    JSON value; ``bytes`` are sent as the whole reply); ``paths``: the paths posted to; ``url``: the base URL."""

    def __init__(self) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        upstream = self
        self.content = lambda body: ""
        self.paths: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)))
                upstream.paths.append(self.path)
                out = upstream.content(body)
                if not isinstance(out, bytes):
                    message = {"role": "assistant", "content": out}
                    out = json.dumps({"object": "chat.completion", "choices": [{"index": 0, "message": message}]})
                    out = out.encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def quote(body: dict, n: int = 1) -> str:
        """A sentence the checker supports: post ``[n]`` of the prompt quoted whole, cited."""
        import json
        import re

        found = re.search(rf"^\[{n}\] @(\S+) at \S+: (.*)$", body["messages"][0]["content"], re.MULTILINE)
        assert found, "the prompt numbers no such post"
        text = json.loads(found.group(2)).replace("“", '"').replace("”", '"')
        return f"@{found.group(1)} wrote: “{text}” [{n}]"


@pytest.fixture
def upstream():
    server = Upstream()
    yield server
    server.server.shutdown()
    server.server.server_close()
