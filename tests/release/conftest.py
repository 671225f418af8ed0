"""A whole small town, made once per session with the real verbs: sample -> build -> tokenize -> train micro ->
eval (canaries and a TweetEval smoke run) -> index. Release, forget and report tests start from copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("huggingface_hub")

from release_town import invoke  # noqa: E402

TWEETEVAL = Path(__file__).parent.parent / "data" / "tweeteval"


@pytest.fixture(autouse=True)
def _threads():
    torch.set_num_threads(1)  # see tests/train/conftest.py


@pytest.fixture(scope="session")
def town_template(tmp_path_factory) -> Path:
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("town")
    invoke("sample", "--out", root / "sample", "--posts", 700)
    invoke(
        "build",
        root / "sample" / "exports",
        "--out",
        root / "corpus",
        "--opt-out",
        root / "sample" / "opt_out.txt",
        "--workers",
        1,
    )
    invoke("tokenize", root / "corpus", "--vocab-size", 400)
    invoke("train", root / "corpus", "--preset", "micro", "--out", root / "runs" / "micro", "--max-steps", 40)
    invoke(
        "eval",
        root / "runs" / "micro",
        "--canaries",
        root / "sample" / "canaries.jsonl",
        "--tweeteval",
        TWEETEVAL,
        "--tweeteval-set",
        "max_steps=2",
        "--tweeteval-set",
        "batch_size=4",
    )
    invoke("index", root / "corpus", "--out", root / "index")
    return root


@pytest.fixture
def town(town_template, tmp_path) -> Path:
    """A private copy of the town (tests change corpora, indexes and releases)."""
    copy = tmp_path / "town"
    shutil.copytree(town_template, copy, symlinks=True)
    # runs record their corpus by absolute path: point the copy's runs at the copy's corpus
    for run_json in copy.glob("runs/*/run.json"):
        run_json.write_text(run_json.read_text().replace(str(town_template), str(copy)))
    return copy
