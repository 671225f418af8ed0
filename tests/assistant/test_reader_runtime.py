"""The reader on ONNX Runtime: the same spans and margins as torch's modules, an export kept in the cache
folder and reused, a damaged cache file rebuilt, and torch whenever ONNX cannot be had."""

from __future__ import annotations

import logging

import numpy as np
import pytest

POSTS = [
    "Kemi Abbott won the Riverton council vote on Tuesday with 61% of the ballots.",
    "The bakery on Elm Street opens at 9am every day except Monday.",
    "The storm cut power to 2,000 homes on Mill Road last night, and crews worked until dawn to bring it back.",
]
QUESTIONS = ["who won the council vote?", "when does the bakery open?", "how many homes lost power?"]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture()
def onnx_forward(reader, cache, monkeypatch):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    from townsquare.assistant import reader as module

    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv(module.RUNTIME_VARIABLE, raising=False)
    forward = module.chosen_forward(reader.model, reader.head)
    assert isinstance(forward, module.OnnxForward)
    return forward


def _readings(reader, forward):
    saved = reader.forward
    reader.forward = forward
    reader._memo.clear()
    try:
        return [reader.read(question, POSTS) for question in QUESTIONS]
    finally:
        reader.forward = saved
        reader._memo.clear()


def test_onnx_reads_as_torch_does(reader, onnx_forward):
    from townsquare.assistant.reader import TorchForward

    by_torch = _readings(reader, TorchForward(reader.model, reader.head))
    by_onnx = _readings(reader, onnx_forward)
    for row_torch, row_onnx in zip(by_torch, by_onnx, strict=True):
        for a, b in zip(row_torch, row_onnx, strict=True):
            assert (a.start, a.end, a.text) == (b.start, b.end, b.text)
            assert abs(a.margin - b.margin) < 1e-3
    assert "Kemi Abbott" in by_onnx[0][0].text and "9am" in by_onnx[1][1].text and "2,000" in by_onnx[2][2].text
    # the batch is padded to its longest pair; shorter pairs' scores do not depend on the padding
    alone = onnx_forward(*_pair(reader, QUESTIONS[0], POSTS[:1]))
    padded = onnx_forward(*_pair(reader, QUESTIONS[0], POSTS))
    np.testing.assert_allclose(alone[0], padded[0, : alone.shape[1]], atol=1e-4)


def _pair(reader, question, texts):
    encodings = reader.tokenizer.encode_batch([(question, text) for text in texts])
    return tuple(
        np.array([getattr(e, key) for e in encodings], dtype=np.int64) for key in ("ids", "attention_mask", "type_ids")
    )


def test_the_export_is_kept_and_reused(reader, onnx_forward, cache, monkeypatch):
    from townsquare.assistant import reader as module

    files = list((cache / "townsquare").glob("reader-*.onnx"))
    assert len(files) == 1 and files[0].stat().st_size > 10_000_000
    assert not [p for p in (cache / "townsquare").iterdir() if p.name.startswith(".")], "no partial file left"

    def no_export(*args, **kwargs):
        raise AssertionError("exported again although the cache holds this network")

    monkeypatch.setattr(module.OnnxForward, "export", no_export)
    assert isinstance(module.chosen_forward(reader.model, reader.head), module.OnnxForward)


def test_a_damaged_cache_file_is_built_again(reader, onnx_forward, cache, monkeypatch):
    from townsquare.assistant import reader as module

    path = module.onnx_path(reader.model, reader.head)
    assert path.is_file()
    path.write_bytes(b"not an onnx model")
    forward = module.chosen_forward(reader.model, reader.head)
    assert isinstance(forward, module.OnnxForward)
    assert path.stat().st_size > 10_000_000
    assert _readings(reader, forward)[0][0].text == _readings(reader, onnx_forward)[0][0].text


def test_torch_when_asked_or_when_onnx_fails(reader, tmp_path, monkeypatch, caplog):
    from townsquare.assistant import reader as module
    from townsquare.errors import ConfigError

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv(module.RUNTIME_VARIABLE, "torch")
    assert isinstance(module.chosen_forward(reader.model, reader.head), module.TorchForward)
    monkeypatch.setenv(module.RUNTIME_VARIABLE, "tensorrt")
    with pytest.raises(ConfigError, match="choose one of onnx, torch"):
        module.chosen_forward(reader.model, reader.head)

    pytest.importorskip("onnxruntime")
    monkeypatch.delenv(module.RUNTIME_VARIABLE)

    def broken(*args, **kwargs):
        raise RuntimeError("exporter exploded")

    monkeypatch.setattr(module.OnnxForward, "export", broken)
    with caplog.at_level(logging.WARNING, logger=module.__name__):
        forward = module.chosen_forward(reader.model, reader.head)
    assert isinstance(forward, module.TorchForward)
    assert "exporter exploded" in caplog.text
    assert _readings(reader, forward)[0][0].text.startswith("Kemi Abbott")


def test_pairs_are_read_in_groups_of_like_length():
    from townsquare.assistant.reader import _by_length

    lengths = [90, 31, 33, 150, 30, 88, 32]
    groups = _by_length(lengths)
    assert sorted(k for members, _ in groups for k in members) == list(range(len(lengths)))  # each pair once
    for members, longest in groups:
        assert longest == max(lengths[k] for k in members)
        assert len(members) * longest <= 1.1 * sum(lengths[k] for k in members)  # padding within 10%
    assert sorted(sorted(members) for members, _ in groups) == [[0, 5], [1, 2, 4, 6], [3]]
    assert _by_length([]) == [] and _by_length([40]) == [([0], 40)]


def test_grouped_scores_are_those_of_one_padded_batch(reader):
    """``logits`` runs the short posts apart from the long one; the scores are what one padded batch gives."""
    texts = [POSTS[2], POSTS[1], POSTS[2] + " " + POSTS[0], POSTS[0]]
    forward, shapes = reader.forward, []

    def counted(ids, mask, types):
        shapes.append(ids.shape)
        return forward(ids, mask, types)

    reader.forward = counted
    try:
        scores, encodings = reader.logits(QUESTIONS[2], texts)
    finally:
        reader.forward = forward
    batch = forward(*_pair(reader, QUESTIONS[2], texts))
    assert scores.shape == batch.shape
    assert len(shapes) > 1 and sum(rows for rows, _ in shapes) == len(texts)  # the long pair ran apart
    assert sum(rows * length for rows, length in shapes) < batch.shape[0] * batch.shape[1]
    for k, encoding in enumerate(encodings):
        length = sum(encoding.attention_mask)
        np.testing.assert_allclose(scores[k, :length], batch[k, :length], atol=1e-4)
