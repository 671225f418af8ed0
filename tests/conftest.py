"""Shared fixtures: paths to tests/data and to the shared real data (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "data"
SHARED = TESTS.parent.parent / "shared" / "data"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data`` beside the checkout; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED


@pytest.fixture(scope="session")
def sample_town(tmp_path_factory) -> Path:
    """The generated sample town, built and indexed once per session: ``ROOT/{sample,corpus,index}``.

    Its ``sample/truth.json`` holds the planted assistant questions (``assistant``) and
    ``sample/canaries.jsonl`` the canary registry.
    """
    pytest.importorskip("tantivy")
    from townsquare.cli import main

    root = tmp_path_factory.mktemp("town")
    for args in (
        ["sample", "--out", str(root / "sample"), "--posts", "3000"],
        [
            "build",
            str(root / "sample" / "exports"),
            "--out",
            str(root / "corpus"),
            "--opt-out",
            str(root / "sample" / "opt_out.txt"),
        ],
        ["index", str(root / "corpus"), "--out", str(root / "index")],
    ):
        main.main(args, standalone_mode=False, prog_name="townsquare")
    return root
