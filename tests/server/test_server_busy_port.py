"""`serve` on a port another server holds is one Error line and exit 1, with no 'serving' line before it."""

from __future__ import annotations

import socket
import subprocess
import sys


def test_busy_port_is_one_error_line(index_dir, tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "townsquare",
                "serve",
                "--index",
                str(index_dir),
                "--port",
                str(port),
                "--keys-db",
                str(tmp_path / "keys.sqlite"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot listen on 127.0.0.1:"), result.stderr
    assert "serving" not in result.stderr + result.stdout
