"""The CLI surface: fast help, every verb documented, one-line errors."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

import townsquare
from townsquare.cli import COMMANDS, main


def test_help_lists_only_present_verbs_with_their_help():
    result = CliRunner().invoke(main, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    listed = main.list_commands(None)
    assert "quickstart" in listed and "audit" in listed
    for verb in listed:
        assert verb in result.output
        assert COMMANDS[verb] in result.output


def test_every_verb_has_help_text():
    for verb in main.list_commands(None):
        command = main.get_command(None, verb)
        assert command is not None, verb
        assert (command.help or "").strip(), f"townsquare {verb} has no help text"
        result = CliRunner().invoke(main, [verb, "--help"])
        assert result.exit_code == 0, (verb, result.output)


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys; from townsquare.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'tantivy', 'fastapi', 'ray', 'matplotlib', 'pyarrow') "
        "if m in sys.modules]\nprint('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_unknown_verb_is_an_error():
    result = CliRunner().invoke(main, ["no-such-verb"])
    assert result.exit_code != 0


def test_all_matches_exports():
    assert townsquare.__all__ == ["__version__"]
    assert townsquare.__version__
