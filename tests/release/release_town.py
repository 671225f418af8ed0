"""Helpers the release tests share (a module with its own name: `from conftest import` picks whichever
conftest.py the run imported first)."""

from __future__ import annotations

from click.testing import CliRunner

from townsquare.cli import main


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output
