"""A real ``townsquare serve`` for the benchmarks that go through HTTP: started on a free port, ready when
``/health`` answers 200."""

from __future__ import annotations

import socket
import subprocess
import sys
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(args: list[str], env: dict[str, str] | None = None, wait_s: float = 120.0) -> tuple[subprocess.Popen, str]:
    """``townsquare serve --port P *args`` in a child process, and its base URL once it is healthy."""
    import httpx

    port = free_port()
    command = [sys.executable, "-m", "townsquare", "serve", "--port", str(port), *args]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"townsquare serve exited with {process.returncode}: {' '.join(command[3:])}")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    sys.exit(f"townsquare serve did not answer /health in {wait_s:.0f} s")
