"""A path the OS refuses is one Error: line and exit 1, never a traceback; other errors keep theirs."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from townsquare.cli import LazyGroup, main

STATUS = '{"id":"1","visibility":"public","account":{"id":"1","acct":"a"},"content":"<p>hello</p>"}\n'


@pytest.mark.parametrize("verb", ["ingest", "build"])
def test_file_in_the_way_of_the_output_folder(tmp_path, verb):
    source = tmp_path / "m.jsonl"
    source.write_text(STATUS)
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "townsquare", verb, str(source), "--out", str(blocker / "sub")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == f"Error: cannot create {blocker / 'sub'}: Not a directory"


def test_os_error_naming_a_path_becomes_one_line():
    class Eager(LazyGroup):  # LazyGroup's error handling over commands defined here
        get_command = click.Group.get_command
        list_commands = click.Group.list_commands

    @click.group(cls=Eager)
    def group():
        pass

    @group.command()
    def disk():
        raise OSError(28, "No space left on device", "/data/corpus/posts/part-1.parquet")

    @group.command()
    def bug():
        raise OSError("socket went away")  # names no path: not the user's input

    result = CliRunner().invoke(group, ["disk"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: /data/corpus/posts/part-1.parquet: No space left on device"
    result = CliRunner().invoke(group, ["bug"])
    assert isinstance(result.exception, OSError) and result.exit_code == 1


def test_main_group_is_the_lazy_group():
    assert isinstance(main, LazyGroup)
