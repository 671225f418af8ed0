"""The neural reader: spans copied from the post, a margin that tells answering posts from others, and the
extractive composer without it (no torch) still answering."""

from __future__ import annotations

import json

import numpy as np
import pytest


def test_reader_finds_the_answer_and_its_offsets(reader):
    posts = [
        "Kemi Abbott won the Riverton council vote on Tuesday with 61% of the ballots.",
        "The bakery on Elm Street opens at 9am every day except Monday.",
    ]
    found = reader.read("who won the council vote?", posts)
    assert "Kemi Abbott" in found[0].text and len(found[0].text.split()) <= 4
    for reading, post in zip(found, posts):
        assert post[reading.start : reading.end] == reading.text  # copied from the post, never written
    assert found[0].margin > reader.threshold > found[1].margin
    when = reader.read("when does the bakery open?", posts)
    assert "9am" in when[1].text and when[1].margin > when[0].margin


def test_reader_is_deterministic_and_batch_independent(reader):
    question = "how many homes lost power?"
    posts = ["The storm cut power to 2,000 homes on Mill Road last night.", "Buses run late on Harbor Road."]
    alone = reader.read(question, posts[:1])[0]
    assert reader.read(question, posts[:1])[0] is alone  # read again (a dispute rereads its first posts): kept
    reader._memo.clear()
    together = reader.read(question, posts)[0]
    assert alone.text == together.text == "2,000"
    assert abs(alone.margin - together.margin) < 1e-3  # padding to the longer post changes nothing


def test_a_question_longer_than_the_pair_is_cut_not_an_error(reader):
    question = "who won the council vote " + "and what happened then " * 100 + "?"
    found = reader.read(question, ["Kemi Abbott won the Riverton council vote on Tuesday."])
    assert "Kemi Abbott" in found[0].text
    assert reader.clip("who won?") == "who won?"


def test_best_span_takes_whole_words_and_never_leaves_the_post():
    from townsquare.assistant.reader import _best_span

    class Encoding:  # the tokenizers.Encoding fields _best_span reads
        sequence_ids = [None, 0, None, 1, 1, 1, None]
        offsets = [(0, 0), (0, 3), (0, 0), (0, 6), (6, 12), (13, 18), (0, 0)]

    text = "Thanksgiving dinner"
    scores = np.full((7, 2), -5.0, dtype=np.float32)
    scores[1] = [9.0, 9.0]  # the question's token scores highest, and must not be picked
    scores[4, 0] = 3.0  # starts inside "Thanksgiving" ("giving")
    scores[4, 1] = 3.0
    reading = _best_span(text, scores, Encoding())
    assert reading.text == "Thanksgiving" and (reading.start, reading.end) == (0, 12)
    assert reading.null == -10.0 and reading.margin == pytest.approx(16.0)


class _Words:
    """The tokenizers.Encoding fields _best_span reads, for a question token and one token per word of a post."""

    def __init__(self, text: str) -> None:
        import re

        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        self.sequence_ids = [None, 0, None] + [1] * len(spans) + [None]
        self.offsets = [(0, 0), (0, 3), (0, 0)] + spans + [(0, 0)]


def test_best_span_stays_in_one_sentence():
    from townsquare.assistant.reader import _best_span
    from townsquare.assistant.verify import split_sentences

    text = "Two men dead. 15 wounded in the shooting"
    scores = np.full((len(_Words(text).offsets), 2), -5.0, dtype=np.float32)
    scores[3, 0] = 6.0  # starts at "Two"
    scores[6, 1] = 6.0  # ends at "15": the best pair crosses "dead. 15"
    scores[5, 1] = 4.0  # "dead."
    reading = _best_span(text, scores, _Words(text))
    assert reading.text.startswith("Two men dead") and "15" not in reading.text
    assert len(split_sentences(reading.text + ". [1]")) == 1  # the checker keeps the short answer whole


def test_best_span_that_only_repeats_the_question_is_passed_over():
    from townsquare.assistant.reader import _best_span

    text = "The ultimate goal? A cure by 2030"  # a span across the "?" would be two sentences
    scores = np.full((len(_Words(text).offsets), 2), -5.0, dtype=np.float32)
    scores[4, 0], scores[5, 1] = 8.0, 8.0  # "ultimate goal?"
    scores[6, 0], scores[7, 1] = 5.0, 5.0  # "A cure"
    assert _best_span(text, scores, _Words(text), "what is the ultimate goal?").text == "cure"
    assert _best_span(text, scores, _Words(text)).text == "ultimate goal?"  # no question: the best span


def test_shipped_config_says_what_it_was_fitted_on():
    from importlib import resources

    config = json.loads((resources.files("townsquare.assistant") / "reader.json").read_text())
    assert "tune half" in config["fitted_on"] and config["chosen_on"].startswith("tune[")
    assert {"threshold", "floor", "relevance_weight", "posts", "tuned"} <= set(config)


def test_shipped_changes_are_int8_and_round_trip():
    from townsquare.assistant.reader import delta_arrays, delta_of

    rng = np.random.default_rng(0)
    change = rng.normal(0, 1e-3, (6, 5)).astype(np.float32)
    change[2] = 0.0  # a row the tune left alone
    arrays = delta_arrays("encoder.x.weight", change)
    assert arrays["encoder.x.weight.q"].dtype == np.int8
    assert np.abs(delta_of(arrays, "encoder.x.weight") - change).max() <= np.abs(change).max() / 254 + 1e-9
    assert not delta_of(arrays, "encoder.x.weight")[2].any()
    bias = rng.normal(0, 1e-3, 5).astype(np.float32)
    assert np.allclose(delta_of(delta_arrays("encoder.x.bias", bias), "encoder.x.bias"), bias, atol=1e-6)


def test_weights_for_another_minilm_are_a_config_error(reader):
    from townsquare.assistant.reader import Reader
    from townsquare.errors import ConfigError

    head = {"head.weight": np.zeros((2, 384), np.float32), "head.bias": np.zeros(2, np.float32)}
    odd = {"encoder.layer.9.attention.self.query.weight.delta": np.zeros(384, np.float16), **head}
    with pytest.raises(ConfigError, match="do not fit this MiniLM"):
        Reader.from_weights(odd, {})


def test_composer_without_the_reader_still_answers(sample_town):
    pytest.importorskip("tantivy")
    from townsquare.assistant import Assistant, ExtractiveComposer

    truth = json.loads((sample_town / "sample" / "truth.json").read_text())["assistant"]
    spec = {q["id"]: q for q in truth["questions"]}["who"]
    answer = Assistant(sample_town / "index", composer=ExtractiveComposer(reader=None)).ask(spec["question"])
    assert spec["short_answer"] in answer.short_answer
    assert {c["id"] for c in answer.citations} <= set(spec["posts"])


def test_a_process_with_the_reader_keeps_openblas_to_one_thread(reader):
    # numpy's OpenBLAS threads spin after each call on the cores torch's threads need (reader.py)
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import numpy  # noqa: F401 - loads numpy's OpenBLAS

    openblas = [pool for pool in threadpoolctl.threadpool_info() if pool["internal_api"] == "openblas"]
    if not openblas:
        pytest.skip("this numpy is not built on OpenBLAS")
    assert all(pool["num_threads"] == 1 for pool in openblas), openblas


def test_a_number_span_keeps_its_unit_sign():
    from townsquare.assistant.reader import _widen

    text = "A poll: 86% want the ferry back; tickets cost $20, up 5 points"
    start = text.index("86")
    assert text[slice(*_widen(text, start, start + 2))] == "86%"
    start = text.index("20")
    assert text[slice(*_widen(text, start, start + 2))] == "$20"
    start = text.index("poll")
    assert text[slice(*_widen(text, start, start + 2))] == "poll"  # a word is widened to itself, no sign


def test_a_number_span_is_never_cut_inside_the_number():
    from townsquare.assistant.reader import _widen

    # WordPiece splits "2,000" into "2", ",", "000": the reader's span "000" made a side of its own in a dispute
    text = "In Ashgrove 2,000 homes lost power, 1,200 more, 3.5 km."
    for piece, whole in (("000", "2,000"), ("2,", "2,000"), ("200", "1,200"), ("3", "3.5")):
        start = text.index(piece)
        assert text[slice(*_widen(text, start, start + len(piece)))] == whole, piece
    assert text[slice(*_widen(text, text.index("power"), text.index("power") + 5))] == "power"  # "power," stays


def test_a_span_never_ends_inside_a_redaction_placeholder():
    from townsquare.assistant.reader import _widen

    text = "Tie down your bins. Party at my place<ADDRESS> tonight."
    start = text.index("Party")
    assert text[slice(*_widen(text, start, text.index("<") + 4))] == "Party at my place<ADDRESS>"  # was "<ADD"
