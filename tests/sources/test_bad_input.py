"""Bad input: malformed records are quarantined and counted; user errors are one line, exit 1."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.errors import InputError, TownsquareError
from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, SourceStats

# format -> (file name, a valid sample) ; the bad variants are derived from these
FIXTURE = {
    "mastodon": ("mastodon/status.json", "x.json"),
    "mastodon-outbox": ("mastodon/outbox.json", "outbox.json"),
    "bluesky-jetstream": ("bluesky/jetstream.jsonl", "x.jsonl"),
    "bluesky-car": ("bluesky/repo.car", "x.car"),
    "csv": ("csv/airline_sample.csv", "x.csv"),
}
TEN_MB = 10 * 1024 * 1024


def read_counts(path, fmt):
    stats, quarantine = SourceStats(str(path), fmt), Quarantine()
    posts = sum(batch.num_rows for batch in read_file(path, fmt, quarantine, stats=stats))
    assert posts == stats.posts
    assert stats.read == stats.posts + stats.quarantined, stats
    assert quarantine.count == stats.quarantined
    return stats, quarantine


@pytest.mark.parametrize("fmt", sorted(FIXTURE))
def test_truncated(fmt, fixtures, tmp_path):
    data = (fixtures / FIXTURE[fmt][0]).read_bytes()
    path = tmp_path / FIXTURE[fmt][1]
    path.write_bytes(data[: len(data) * 2 // 3])
    stats, _ = read_counts(path, fmt)
    assert stats.quarantined >= 1 or fmt == "csv"  # a cut CSV just ends early (its last row is shorter)


@pytest.mark.parametrize("fmt", sorted(FIXTURE))
def test_binary_garbage(fmt, tmp_path):
    path = tmp_path / FIXTURE[fmt][1]
    path.write_bytes(bytes(range(256)) * 40 + b"\x00\xff\xfe" * 100)
    try:
        stats, _ = read_counts(path, fmt)
    except TownsquareError as exc:  # csv: no text column in a garbage header is a user error
        assert fmt == "csv" and "\n" not in str(exc)
        return
    assert stats.posts == 0 and stats.quarantined >= 1


@pytest.mark.parametrize("fmt", sorted(FIXTURE))
def test_empty_file(fmt, tmp_path):
    path = tmp_path / FIXTURE[fmt][1]
    path.write_bytes(b"")
    stats, _ = read_counts(path, fmt)
    assert stats.posts == 0


@pytest.mark.parametrize("fmt", ["mastodon", "bluesky-jetstream", "csv", "text"])
def test_latin1_lines_quarantined_valid_lines_kept(fmt, fixtures, tmp_path):
    if fmt == "text":
        path = tmp_path / "x.txt"
        path.write_bytes("good line\ncafé crème\n".encode("latin-1"))
    elif fmt == "csv":
        path = tmp_path / "x.csv"
        path.write_bytes("text,name\ngood line,ann\ncafé crème,bob\n".encode("latin-1"))
    else:
        good = (fixtures / FIXTURE[fmt][0]).read_text(encoding="utf-8")
        first = (
            next(line for line in good.splitlines() if '"app.bsky.feed.post"' in line)
            if fmt == "bluesky-jetstream"
            else good.replace("\n", " ")
        )
        path = tmp_path / "x.jsonl"
        path.write_bytes(first.encode("utf-8") + b"\n" + '{"text": "café"}'.encode("latin-1") + b"\n")
    stats, quarantine = read_counts(path, fmt)
    assert stats.quarantined == 1 and stats.posts == 1
    assert quarantine.records[0].line in (2, 3)


@pytest.mark.parametrize("fmt", ["mastodon", "bluesky-jetstream", "csv", "text"])
def test_ten_megabyte_line(fmt, tmp_path):
    path = tmp_path / ("x.txt" if fmt == "text" else "x.dat")
    path.write_bytes(b"text\n" + b"x" * TEN_MB + b"\n" if fmt == "csv" else b"{" + b"x" * TEN_MB + b"\n")
    stats, quarantine = read_counts(path, fmt)
    assert stats.quarantined == 1 and stats.posts == 0
    if fmt != "csv":  # the csv module gives no access to the rejected bytes
        assert quarantine.records[0].sha256  # identified by hash, the bytes are not kept


def test_missing_path_is_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_file(tmp_path / "nope.json"))


@pytest.mark.parametrize("setup", ["missing", "unknown", "bad-map"])
def test_cli_one_line_error(setup, tmp_path):
    target = tmp_path / "input.bin"
    if setup != "missing":
        target.write_bytes(b"\x00\x01garbage")
    args = ["ingest", str(target), "--out", str(tmp_path / "out")]
    if setup == "bad-map":
        target = target.with_suffix(".csv")
        target.write_text("text\nhi\n")
        args = ["ingest", str(target), "--out", str(tmp_path / "out"), "--map", "text=missing_column"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_real_entry_point_missing_path(tmp_path):
    """The installed ``townsquare`` script (or ``python -m townsquare``): one line on stderr, exit 1."""
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run(
        [sys.executable, "-m", "townsquare", "ingest", str(tmp_path / "missing.json"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"Error: {tmp_path / 'missing.json'}: no such file or directory"]
    assert "Traceback" not in proc.stderr + proc.stdout
