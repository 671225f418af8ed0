"""`townsquare quickstart` run twice in one folder succeeds twice; a folder it did not make is refused."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from townsquare.cli import main


@pytest.mark.slow
def test_quickstart_twice_in_the_same_folder(tmp_path):
    workdir = tmp_path / "qs"
    args = ["quickstart", "--workdir", str(workdir), "--posts", "700", "--max-steps", "2"]
    first = CliRunner().invoke(main, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert (workdir / "runs" / "tiny" / "model" / "config.json").is_file()
    second = CliRunner().invoke(main, args, catch_exceptions=False)
    assert second.exit_code == 0, second.output
    assert "quickstart done" in second.output
    assert (workdir / "runs" / "tiny" / "model" / "config.json").is_file()


def test_quickstart_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "thesis.tex").write_text("mine")
    result = CliRunner().invoke(main, ["quickstart", "--workdir", str(tmp_path), "--no-train"])
    assert result.exit_code == 1
    assert "did not make" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.tex"]
