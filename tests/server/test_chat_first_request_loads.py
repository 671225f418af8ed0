"""A chat server loads what its answers need on its first chat request, not inside a later answer.

The phrase reader (a second MiniLM that judges whether a who-lead names people) loaded on the first
who-question whose lead is common words: a quarter of a second inside that one answer, which was the report
bench's streamed p99 over 100 questions (147 -> 390 ms between sessions 8 and 9).
"""

from __future__ import annotations

import pytest

QUESTION = {"messages": [{"role": "user", "content": "What about the bus?"}]}  # no who-question


@pytest.fixture
def no_phrase_reader_yet(monkeypatch):
    """As in a fresh process: the phrase reader not loaded yet (a stub counts its loads), restored after."""
    from townsquare.assistant import reader

    if reader.load_reader() is None:
        pytest.skip("no reader here (torch, transformers or MiniLM missing): nothing to load")
    cached = getattr(reader, "_load_phrase_reader", reader.load_phrase_reader)  # the lru_cache'd loader
    loads = []

    class CountedPhraseReader:
        def __init__(self) -> None:
            loads.append(1)

    cached.cache_clear()
    monkeypatch.setattr(reader, "PhraseReader", CountedPhraseReader)
    yield loads
    cached.cache_clear()  # the next user loads the real one


@pytest.mark.parametrize("stream", [False, True])
def test_the_first_chat_request_loads_the_phrase_reader(make_client, no_phrase_reader_yet, stream):
    client = make_client()
    with client.stream("POST", "/v1/chat/completions", json={**QUESTION, "stream": stream}) as response:
        assert response.status_code == 200
        response.read()
    assert no_phrase_reader_yet == [1]  # was [] until a who-question's lead needed it
    client.post("/v1/chat/completions", json=QUESTION).raise_for_status()
    assert no_phrase_reader_yet == [1]  # once per process


def test_the_first_chat_request_reads_the_inflection_lexicon(make_client, monkeypatch):
    """lemminflect's inflections (a fifth of a second) were read inside the first answer whose tense is read."""
    from townsquare.assistant.text import _inflections

    inflections = _inflections()  # one per process (lemminflect's singleton)
    if hasattr(inflections, "infl_dict"):
        monkeypatch.delattr(inflections, "infl_dict")  # as in a fresh process; restored after
    make_client().post("/v1/chat/completions", json=QUESTION).raise_for_status()  # tells no tense
    assert hasattr(inflections, "infl_dict")  # was read only once a post's tense was
