"""The X-style query parser: every operator, and errors that point at the right character."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from townsquare.index.query import And, Filter, Mention, Not, Or, Phrase, QuerySyntaxError, Tag, Word, parse_query


def test_plain_words_are_natural_language():
    parsed = parse_query("who won the match yesterday?")
    assert parsed.natural
    assert parsed.words == ("who", "won", "the", "match", "yesterday?")


def test_a_question_with_tags_mentions_and_phrases_stays_natural():
    parsed = parse_query('who is @ESA_Rosetta happy to see again after "the landing" #CometLanding?')
    assert parsed.natural
    assert parsed.hints == (Mention("esa_rosetta"), Phrase("the landing"), Tag("cometlanding"))
    assert parsed.words == (
        "who",
        "is",
        "esa_rosetta",
        "happy",
        "to",
        "see",
        "again",
        "after",
        "the landing",
        "cometlanding",
    )
    assert parse_query("how far is the #orlando hospital").natural  # a question word first, no '?'


@pytest.mark.parametrize(
    "query",
    [
        "#orlando hospital sign",  # not a question: the tag filters
        "@nasa launch?",  # too short to be a question
        "what did @nasa say? -moon",  # '-' is a real operator
        "what did @nasa say from:esa",  # so is from:
        "what did @nasa OR @esa say?",  # and OR
    ],
)
def test_tags_and_mentions_filter_outside_questions(query):
    assert not parse_query(query).natural


@pytest.mark.parametrize(
    "query, node",
    [
        ('"climate change"', Phrase("climate change")),
        ("#Climate", Tag("climate")),
        ("@Alice", Mention("alice")),
        ("from:@Bob", Filter("from", "bob")),
        ("lang:EN", Filter("lang", "en")),
        ("is:reply", Filter("flag", "reply")),
        ("is:retweet", Filter("flag", "repost")),
        ("is:quote", Filter("flag", "quote")),
        ("has:links", Filter("flag", "links")),
        ("has:media", Filter("flag", "media")),
        ("since:2024-02-03", Filter("since", datetime(2024, 2, 3, tzinfo=UTC))),
        ("until:2024-02-03", Filter("until", datetime(2024, 2, 3, tzinfo=UTC))),
        ("bus -is:repost", And((Word("bus"), Not(Filter("flag", "repost"))))),
        ("bus -spam", And((Word("bus"), Not(Word("spam"))))),
        ("from:did:plc:zy3yc5wirubz6icfwxaemh6c", Filter("from", "did:plc:zy3yc5wirubz6icfwxaemh6c")),
    ],
)
def test_each_operator(query, node):
    parsed = parse_query(query)
    assert parsed.root == node
    assert not parsed.natural  # any operator switches to AND semantics


def test_or_binds_looser_than_and_and_parentheses_group():
    assert parse_query("a b OR c").root == Or((And((Word("a"), Word("b"))), Word("c")))
    assert parse_query("a (b OR c)").root == And((Word("a"), Or((Word("b"), Word("c")))))


def test_words_that_only_look_like_operators_stay_words():
    root = parse_query("http://x.co/a 10:30 state-of-the-art").root
    assert root == And((Word("http://x.co/a"), Word("10:30"), Word("state-of-the-art")))


def test_free_text_keeps_positive_words_only():
    assert parse_query('cats "big dogs" -mice from:bob').free_text() == "cats big dogs"


@pytest.mark.parametrize(
    "query, position, fragment",
    [
        ("", 0, "empty"),
        ('cats "big dogs', 5, "quote"),
        ("(cats dogs", 0, "'('"),
        ("cats dogs)", 9, "')'"),
        ("cats OR", 5, "OR"),
        ("OR cats", 0, "OR"),
        ("cats () dogs", 5, "empty parentheses"),
        ("since:2024-13-01", 6, "date"),
        ("lang:english", 5, "language"),
        ("is:famous", 3, "is:famous"),
        ("from:", 5, "needs a value"),
        ("(cats -)", 6, "'-'"),
        ("-spam", 0, "not negated"),  # would list the whole index
        ("-is:repost -(bus OR train)", 0, "not negated"),
        ("bus AND train", 4, "ambiguous AND"),
        ("bus to:mara_millbrook", 4, "to: is not supported"),  # X operators we cannot answer are not words
        ("retweets_of:jack", 0, "retweets_of: is not supported"),
        ('url:""', 4, "needs a value"),
    ],
)
def test_syntax_errors_carry_the_position(query, position, fragment):
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(query)
    assert info.value.position == position
    assert fragment in info.value.message
