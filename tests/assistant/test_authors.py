"""Who posted, as a reader names them (review 8): "@wren" for the remote Mastodon account wren@birds.example
(R8-33) and a Bluesky author by the DID the answers show (R8-19)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

_PARK = [
    ("oskar", "Love the Mill Pond skate park, best thing the town has built in years."),
    ("gus_at_mill", "I hate the skate park at Mill Pond. Noise until 10pm every night."),
    ("wren@birds.example", "The Mill Pond skate park is terrible, it ruined the quiet of the pond."),
    ("priya_runs", "The new skate park at Mill Pond is fantastic, my kids love it."),
    ("lena_k", "The skate park at Mill Pond is awful, worst use of the park budget."),
    ("", "Mayor Odessa Vance said the skate park cost was worth every cent."),  # a Bluesky post: no handle
]


@pytest.fixture(scope="module")
def park(tmp_path_factory):
    from townsquare.assistant import Assistant

    root = tmp_path_factory.mktemp("park")
    fields = {
        2: {"platform": "mastodon", "uri": "https://birds.example/@wren/2"},
        5: {"platform": "bluesky", "author_handle": None, "author_id": "did:plc:aaa111"},
    }
    return Assistant(_index_of(root, [t for _, t in _PARK], [a for a, _ in _PARK], fields=fields))


@pytest.mark.parametrize(
    "question",
    ["What does @wren think of the skate park?", "What does @wren@birds.example think of the skate park?"],
)
def test_a_remote_account_is_named_by_its_name_alone_or_in_full(park, question):
    answer = park.ask(question)
    # was "Posts disagree. ..." with four posts, none hers (@wren), and an abstention (@wren@birds.example)
    authors = [c["author"] for c in answer.citations]
    assert authors and authors[0] == "wren@birds.example", answer.text
    assert "terrible" in answer.text, answer.text


def test_search_parameters_scope_to_a_remote_account_by_its_name(park):
    answer = park.ask("What did wren say about the skate park?", search_parameters={"from": "wren"})
    assert [c["author"] for c in answer.citations] == ["wren@birds.example"], answer.text


def test_search_parameters_scope_to_a_bluesky_author_by_did(park):
    # was a 400: "from value 'did:plc:aaa111' is an operator, not a value"
    answer = park.ask("What do people say about the skate park?", search_parameters={"from": "did:plc:aaa111"})
    assert [c["author"] for c in answer.citations] == ["did:plc:aaa111"], answer.text
