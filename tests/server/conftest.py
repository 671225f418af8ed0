"""Server test fixtures: a small real index, apps over it, real server processes, a real Redis."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("tantivy")

TOPICS = [
    ("bus", "#MillbrookTransit"),
    ("storm", "#weather"),
    ("vote", "#MillbrookVotes"),
    ("match", "#RoversFC"),
    ("phone", "https://example.com/q"),
]
# Random filler words keep the posts apart for the index's near-duplicate collapse.
FILLER = (
    "apple bridge candle dune ember fjord glove harbor island jacket kettle lantern meadow needle orchard "
    "pebble quilt river saddle tunnel umbrella violin walnut yarrow zephyr anchor bakery cellar dragon "
    "engine falcon garden hammer igloo jungle kayak ladder marble nutmeg oyster parrot quarry rocket "
    "spruce tiger uniform velvet wagon xylophone yogurt zipper acorn bison cactus dolphin"
).split()
N_POSTS = 150
FIRST_ID = 1_900_000_000_000_000_000


def _posts():
    import random

    rng = random.Random(5)
    start = datetime(2025, 3, 1, tzinfo=UTC)
    for i in range(N_POSTS):
        topic, tag = TOPICS[i % len(TOPICS)]
        handle = f"user{i % 12}"
        post_id = str(FIRST_ID + i * 7)
        yield dict(
            id=post_id,
            platform="x",
            uri=f"https://x.com/{handle}/status/{post_id}",
            author_id=str(1000 + i % 12),
            author_handle=handle,
            created_at=start + timedelta(minutes=37 * i),
            text=f"{topic} {' '.join(rng.sample(FILLER, 8))} {tag}{i if tag.startswith('http') else ''}",
            lang="en",
            visibility="public",
            deleted=False,
            conversation_id=post_id,
            hashtags=[tag[1:]] if tag.startswith("#") else None,
            like_count=i,
            repost_count=i // 3,
            reply_count=1,
        )


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    """A real index over 150 public posts about five topics (30 each)."""
    from townsquare.index import build_index
    from townsquare.post import batch_from_rows, write_parquet

    root = tmp_path_factory.mktemp("server_index")
    write_parquet([batch_from_rows(_posts())], root / "corpus" / "posts" / "part-00000.parquet")
    build_index(root / "corpus", root / "index")
    return root / "index"


@pytest.fixture
def settings(index_dir, tmp_path):
    from townsquare.server.settings import Settings

    return Settings(
        index=index_dir, keys_db=tmp_path / "keys.sqlite", anonymous_quota="1000/15min", search_mode="keyword"
    )


@pytest.fixture
def make_client(settings):
    """``make_client(**setting_changes, client=(ip, port))`` -> a TestClient over a fresh app."""
    from starlette.testclient import TestClient

    from townsquare.server.main import create_app

    clients = []

    def make(client=("203.0.113.7", 50000), **changes):
        app = create_app(settings.model_copy(update=changes))
        test_client = TestClient(app, client=client)
        clients.append(test_client)
        return test_client

    yield make
    for test_client in clients:
        test_client.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {seconds}s")


@pytest.fixture
def start_server(tmp_path):
    """``start_server(index, *serve_args) -> base_url``: a real `townsquare serve` process, stopped after the test."""
    processes = []

    def start(index: Path, *args: str, keys_db: Path | None = None) -> str:
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "townsquare",
            "serve",
            "--index",
            str(index),
            "--port",
            str(port),
            "--keys-db",
            str(keys_db or tmp_path / "keys.sqlite"),
            *args,
        ]
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONWARNINGS": "ignore"}
        )
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/health", process)
        return base

    yield start
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        process.stderr.close()


@pytest.fixture
def redis_url(tmp_path):
    """A real redis-server on a free port in a tmp dir (skipped when the binary is missing)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(tmp_path),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    client.close()
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)
