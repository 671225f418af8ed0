"""`train` writing to a file or a pipe (a job log) prints a plain progress line per logged step."""

from __future__ import annotations

import subprocess
import sys


def test_train_into_a_log_file_prints_progress_lines(corpus, tmp_path):
    log = tmp_path / "train.log"
    with open(log, "w") as fh:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "townsquare",
                "train",
                str(corpus),
                "--preset",
                "micro",
                "--out",
                str(tmp_path / "run"),
                "--max-steps",
                "10",
                "--threads",
                "1",
            ],
            stdout=fh,
            stderr=subprocess.STDOUT,
            timeout=300,
        )
    text = log.read_text()
    assert result.returncode == 0, text
    steps = [line for line in text.splitlines() if line.startswith("train step ")]
    assert [line.split()[2] for line in steps][-1] == "10/10", text
    assert len(steps) >= 2 and all(" loss " in line and " tok/s " in line for line in steps)
