"""With only `pip install townsquare`, a verb that needs an extra says which one in one line and writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# the verb's process sees these modules as not installed (what a base install looks like to find_spec and import)
BASE_ONLY = (
    "import sys\n"
    "for name in {hidden!r}: sys.modules[name] = None\n"
    "from townsquare.cli import main\n"
    "main(prog_name='townsquare')\n"
)

TRAIN_AND_INDEX = ("torch", "transformers", "tokenizers", "safetensors", "tantivy", "usearch", "sentence_transformers")
SERVE = ("fastapi", "uvicorn", "redis", "pydantic_settings", "httpx")


def run_without(hidden: tuple[str, ...], *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BASE_ONLY.format(hidden=hidden), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "manifest.json").write_text("{}")
    return folder


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        (["tokenize", "{corpus}"], "train"),
        (["train", "{corpus}", "--out", "{tmp}/run"], "train"),
        (["index", "{corpus}", "--out", "{tmp}/index"], "index"),
        (["search", "{tmp}/index", "bus"], "index"),
        (["serve", "--index", "{tmp}/index"], "serve"),
        (["quickstart", "--workdir", "{tmp}/qs"], "train,index"),
        (["forget", "--ids", "{tmp}/ids.txt", "--corpus", "{corpus}", "--index", "{tmp}/index"], "index"),
        (["build", "{corpus}", "--out", "{tmp}/built", "--engine", "ray"], "ray"),
        (["build", "{corpus}", "--out", "{tmp}/built", "--engine=ray"], "ray"),
    ],
)
def test_a_missing_extra_is_one_line_and_leaves_nothing_behind(tmp_path, corpus, argv, extra):
    before = sorted(p.name for p in tmp_path.iterdir())
    argv = [arg.format(corpus=corpus, tmp=tmp_path) for arg in argv]
    hidden = {"serve": SERVE, "ray": ("ray",)}.get(extra, TRAIN_AND_INDEX)
    result = run_without(hidden, *argv, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert f"pip install 'townsquare[{extra}" in lines[0]
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no half index, no quickstart folder


def test_help_works_without_the_extra(tmp_path):
    result = run_without(TRAIN_AND_INDEX, "train", "--help", cwd=tmp_path)
    assert result.returncode == 0 and "--preset" in result.stdout
