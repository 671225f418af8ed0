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


def test_operators_typed_into_the_question_scope_it_as_search_parameters_do(park):
    # R19-A11: "from:…" typed into the question was taken out of the query and nothing scoped it
    answer = park.ask("What do people say about the skate park? from:wren")
    assert {c["author"] for c in answer.citations} == {"wren@birds.example"}, answer.text
    assert answer.question == "What do people say about the skate park? from:wren"  # shown as asked
    both = park.ask("from:oskar from:lena_k What do people say about the skate park?")
    assert {c["author"] for c in both.citations} == {"oskar", "lena_k"}, both.text
    # a parameter given apart adds to the typed one
    given = park.ask("What do people say about the skate park? from:oskar", search_parameters={"from": "lena_k"})
    assert {c["author"] for c in given.citations} == {"oskar", "lena_k"}, given.text


def test_typed_operators_are_lifted_only_where_their_value_is_one():
    from townsquare.assistant.evidence import typed_operators

    assert typed_operators("Who opened the library? since:2025-03-01") == (
        "Who opened the library?",
        {"since": "2025-03-01"},
    )
    assert typed_operators("from:ana from:bob bus lane") == ("bus lane", {"from": "ana bob"})
    assert typed_operators("LANG:de Was sagt man?") == ("Was sagt man?", {"lang": "de"})
    # not a value of the operator, or no operator at all: the words stay
    for kept in ("since:yesterday who won?", "what is: this", "see https://x.com/a/status/1 who?", "ratio 2:1"):
        assert typed_operators(kept) == (kept, {})
