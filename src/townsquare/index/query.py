"""The search query language, shaped like X (Twitter) search.

Grammar (implicit AND binds tighter than ``OR``; ``OR`` must be upper case)::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary+
    unary   := "-" atom | atom
    atom    := "(" or_expr ")" | '"' phrase '"' | "#"tag | "@"handle | key ":" value | word

Operators: ``from:handle``, ``lang:xx``, ``is:reply|repost|retweet|quote``,
``has:links|media``, ``since:YYYY-MM-DD``, ``until:YYYY-MM-DD`` (exclusive, as on
X), ``url:`` (as on X, the words of a link the post holds, in order: ``url:example.org``,
``url:"https://example.org/a"``), ``in_reply_to_tweet_id:``, ``conversation_id:``,
``quotes_of_tweet_id:`` (the id of the post replied to, of the thread's first post,
of the post quoted). A ``word:with:colons`` whose key is not an operator (``http://...``, ``10:30``)
is an ordinary word; X operators this index cannot answer (``to:``,
``retweets_of:``, ...) are refused, as are ``AND`` (X's "ambiguous use of
and") and a query made only of negations. Errors raise ``QuerySyntaxError(message, position)`` with the
0-based character offset, which the API turns into a 400.

A query of plain words only (a natural-language question) is *natural*: the
search ranks with OR semantics. Any operator makes every clause required (AND),
with one exception: a *question* (it ends with ``?`` or starts with a question
word, and has at least three words) that uses only ``#tag``, ``@handle`` and
``"phrase"`` stays natural, because people write those inside questions ("what
did @nasa say about #artemis?"). Their text joins the question's words and the
keyword side boosts posts that carry them (``ParsedQuery.hints``), but nothing
is required. ``from:``, ``lang:``, ``is:``, ``has:``, dates, ``-``, ``OR`` and
parentheses always mean AND, question or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from townsquare.errors import QuerySyntaxError
from townsquare.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "QuerySyntaxError",
    "Word",
    "Phrase",
    "Tag",
    "Mention",
    "Filter",
    "Not",
    "And",
    "Or",
    "ParsedQuery",
    "parse_query",
    "is_question",
    "IS_VALUES",
    "HAS_VALUES",
]

IS_VALUES = {"reply": "reply", "repost": "repost", "retweet": "repost", "quote": "quote"}
"""``is:`` values and the flag each one means (``retweet`` is X's name for ``repost``)."""
HAS_VALUES = {"links": "links", "link": "links", "media": "media", "images": "media", "videos": "media"}
"""``has:`` values and the flag each one means."""
OPERATORS = (
    "from",
    "lang",
    "is",
    "has",
    "since",
    "until",
    "url",
    "in_reply_to_tweet_id",
    "conversation_id",
    "quotes_of_tweet_id",
)
ID_OPERATORS = {"in_reply_to_tweet_id": "reply_to", "conversation_id": "conversation", "quotes_of_tweet_id": "quote_of"}
"""X's operators on the post a post points at, and the filter each one is (a post's id as its platform gives it:
X's ``1234``, Mastodon's ``mastodon:…``, Bluesky's ``at://…``)."""
UNSUPPORTED_OPERATORS = frozenset(
    """
to retweets_of retweets_of_tweet_id place
place_country point_radius bounding_box list context entity sample bio bio_name bio_location source
followers_count tweets_count following_count listed_count url_title url_description
""".split()
)
"""X operators this index cannot answer: refused with a 400 rather than searched for as words."""

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def readable(text: str) -> str:
    """``text`` with each lone UTF-16 surrogate as U+FFFD: a JSON string may hold one ("\\ud800", half an emoji a
    client cut), and a command line's bytes that are not UTF-8 arrive as them; neither can be written as UTF-8."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


_LANG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
_HANDLE = re.compile(r"^[\w.@:-]+$")  # ":" for Bluesky DIDs (did:plc:...)
_WORD_END = re.compile(r'[\s()"]')
_TAG_BODY = re.compile(r"\w+")
_TRAILING = ".,;:!?'"


@dataclass(frozen=True)
class Word:
    """A bare word; analysed (lowercased, stemmed) like post text."""

    text: str


@dataclass(frozen=True)
class Phrase:
    """An exact phrase: ``"climate change"``."""

    text: str


@dataclass(frozen=True)
class Tag:
    """A hashtag, lowercased without ``#``."""

    tag: str


@dataclass(frozen=True)
class Mention:
    """A mention of a handle, lowercased without ``@``."""

    handle: str


@dataclass(frozen=True)
class Filter:
    """A structured operator: key is from|lang|flag|since|until|url|reply_to|conversation|quote_of; since/until
    values are UTC datetimes."""

    key: str
    value: str | datetime


@dataclass(frozen=True)
class Not:
    """Exclusion: ``-word``, ``-is:repost``, ``-(a OR b)``."""

    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Word | Phrase | Tag | Mention | Filter | Not | And | Or


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: the tree, whether it is natural language (OR semantics), the raw text."""

    root: Node
    natural: bool
    text: str
    words: tuple[str, ...] = field(default=())
    hints: tuple[Tag | Mention | Phrase, ...] = field(default=())
    """Tags, mentions and phrases of a natural question: they boost, they do not filter."""

    def free_text(self) -> str:
        """The positive words and phrases, for the embedding side of hybrid search."""
        parts: list[str] = []
        _collect_text(self.root, parts)
        return " ".join(parts)


def _collect_text(node: Node, parts: list[str]) -> None:
    if isinstance(node, (Word, Phrase)):
        parts.append(node.text)
    elif isinstance(node, Tag):
        parts.append(node.tag)
    elif isinstance(node, Mention):
        parts.append(node.handle)
    elif isinstance(node, (And, Or)):
        for child in node.children:
            _collect_text(child, parts)


@dataclass
class _Token:
    kind: str  # word | phrase | lparen | rparen | or | minus
    text: str
    pos: int


def _tokenize(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            tokens.append(_Token("lparen", ch, i))
            i += 1
        elif ch == ")":
            tokens.append(_Token("rparen", ch, i))
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError("unterminated phrase: missing closing quote", i)
            tokens.append(_Token("phrase", query[i + 1 : end], i))
            i = end + 1
        elif (
            ch == "-"
            and i + 1 < n
            and not query[i + 1].isspace()
            and (not tokens or query[i - 1].isspace() or query[i - 1] == "(")
        ):
            tokens.append(_Token("minus", ch, i))
            i += 1
        else:
            match = _WORD_END.search(query, i)
            end = match.start() if match else n
            # key:"quoted value" keeps the quote in the operator value
            text = query[i:end]
            if text.endswith(":") and query[end : end + 1] == '"' and (close := query.find('"', end + 1)) > end:
                end = close + 1
                text = query[i:end]
            if text == "AND":
                raise QuerySyntaxError(
                    'ambiguous AND: a space already joins terms (write "and" to search for the word)', i
                )
            kind = "or" if text == "OR" else "word"
            tokens.append(_Token(kind, text, i))
            i = end
    return tokens


class _Parser:
    def __init__(self, query: str, max_depth: int) -> None:
        self.query = query
        self.tokens = _tokenize(query)
        self.i = 0
        self.depth = 0  # open parentheses around the current token: recursion is bounded by max_depth
        self.max_depth = max_depth
        self.operators = False  # from:/lang:/is:/has:/since:/until:, "-", OR, parentheses
        self.hints: list[Node] = []  # #tag, @handle, "phrase": allowed inside a question

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node:
        if not self.tokens:
            raise QuerySyntaxError("empty query", 0)
        node = self.or_expr()
        token = self.peek()
        if token is not None:  # only a stray ")" can stop or_expr early
            raise QuerySyntaxError("unmatched ')'", token.pos)
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.operators = True
            self.i += 1
            following = self.peek()
            if following is None or following.kind in ("or", "rparen"):
                raise QuerySyntaxError("OR needs a term on both sides", token.pos)
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self) -> Node:
        children: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in ("or", "rparen"):
            children.append(self.unary())
        if not children:
            token = self.peek()
            position = token.pos if token is not None else len(self.query)
            what = "OR" if token is not None and token.kind == "or" else "')'" if token is not None else "end of query"
            raise QuerySyntaxError(f"expected a term before {what}", position)
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token.kind == "minus":
            self.operators = True
            self.i += 1
            following = self.peek()
            if following is None or following.kind in ("or", "rparen", "minus"):
                raise QuerySyntaxError("'-' must be followed by a term", token.pos)
            return Not(self.atom())
        return self.atom()

    def atom(self) -> Node:
        token = self.peek()
        assert token is not None
        self.i += 1
        if token.kind == "lparen":
            self.operators = True
            if (following := self.peek()) is not None and following.kind == "rparen":
                raise QuerySyntaxError("empty parentheses", token.pos)
            if self.depth >= self.max_depth:
                raise QuerySyntaxError(
                    f"parentheses nested deeper than {self.max_depth} levels "
                    f"(limit max_query_depth = {self.max_depth})",
                    token.pos,
                )
            self.depth += 1
            node = self.or_expr()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise QuerySyntaxError("unmatched '('", token.pos)
            self.i += 1
            return node
        if token.kind == "phrase":
            if not token.text.strip():
                raise QuerySyntaxError("empty phrase", token.pos)
            node = Phrase(token.text)
            self.hints.append(node)
            return node
        return self.word(token)

    def word(self, token: _Token) -> Node:
        text, pos = token.text, token.pos
        if text.startswith("#") and (tag := _TAG_BODY.match(text, 1)):
            node = Tag(tag.group().lower())  # "#tag?" is the tag "tag"
            self.hints.append(node)
            return node
        if text.startswith("@") and (handle := text[1:].rstrip(_TRAILING)):
            node = Mention(handle.lower())  # "@nasa," is the handle "nasa"; "@a.bsky.social" keeps its dots
            self.hints.append(node)
            return node
        key, sep, value = text.partition(":")
        if sep and key.lower() in OPERATORS:
            self.operators = True
            return self.operator(key.lower(), value, pos, pos + len(key) + 1)
        if sep and value and key.lower() in UNSUPPORTED_OPERATORS:
            raise QuerySyntaxError(
                f"operator {key.lower()}: is not supported here; the operators are "
                f"{', '.join(o + ':' for o in OPERATORS)}",
                pos,
            )
        return Word(text)

    def operator(self, key: str, value: str, pos: int, value_pos: int) -> Node:
        if not value:
            raise QuerySyntaxError(f"{key}: needs a value", value_pos)
        lowered = value.lower()
        if key == "from":
            handle = lowered.lstrip("@")
            if not handle or not _HANDLE.match(handle):
                raise QuerySyntaxError(f"invalid handle {value!r}", value_pos)
            return Filter("from", handle)
        if key == "lang":
            if not _LANG.match(lowered):
                raise QuerySyntaxError(f"invalid language code {value!r}; use an ISO 639 code like en", value_pos)
            return Filter("lang", lowered)
        if key == "url" or key in ID_OPERATORS:
            if not (unquoted := value.strip('"').strip()):
                raise QuerySyntaxError(f"{key}: needs a value", value_pos)
            return Filter(ID_OPERATORS.get(key, key), unquoted)
        if key in ("is", "has"):
            choices = IS_VALUES if key == "is" else HAS_VALUES
            if lowered not in choices:
                raise QuerySyntaxError(f"unknown {key}:{value}; choose one of {', '.join(choices)}", value_pos)
            return Filter("flag", choices[lowered])
        try:  # since / until
            day = date.fromisoformat(value)
        except ValueError:
            raise QuerySyntaxError(f"invalid date {value!r} for {key}:; use YYYY-MM-DD", value_pos) from None
        return Filter(key, datetime(day.year, day.month, day.day, tzinfo=UTC))


def parse_query(query: str, limits: Limits = DEFAULT_LIMITS) -> ParsedQuery:
    """Parse an X-style query; raises ``QuerySyntaxError`` with the position of the problem.

    ``limits.max_query_length`` characters and ``limits.max_query_depth`` nested
    parentheses at most, so no query can exhaust the parser's stack.
    """
    if not isinstance(query, str):
        raise QuerySyntaxError("query must be a string", 0)
    if len(query) > limits.max_query_length:
        raise QuerySyntaxError(
            f"query longer than {limits.max_query_length} characters "
            f"(limit max_query_length = {limits.max_query_length})",
            limits.max_query_length,
        )
    parser = _Parser(query, limits.max_query_depth)
    root = parser.parse()
    clauses = root.children if isinstance(root, And) else (root,)
    if all(isinstance(clause, Not) for clause in clauses):
        # "-word" alone would list the whole index; X refuses it the same way
        raise QuerySyntaxError("a query needs at least one term that is not negated", 0)
    words = tuple(node.text for node in _iter_words(root))
    if parser.operators or (parser.hints and not is_question(query)):
        return ParsedQuery(root=root, natural=False, text=query, words=words)
    hints = tuple(parser.hints)
    if hints:  # a question with #tags/@handles/"phrases": their words count as the question's words
        parts: list[str] = []
        _collect_text(root, parts)
        words = tuple(parts)
    return ParsedQuery(root=root, natural=True, text=query, words=words, hints=hints)


QUESTION_WORDS = frozenset(
    """
who whom whose what which when where why how is are was were do does did can could will would should
has have had
""".split()
)


def is_question(query: str) -> bool:
    """Does the query read as a question: at least three words, and a '?' at the end or a question word first?"""
    words = query.split()
    if len(words) < 3:
        return False
    first = re.sub(r"\W+", "", words[0].lower())
    return query.rstrip().endswith("?") or first in QUESTION_WORDS


def _iter_words(node: Node):
    if isinstance(node, Word):
        yield node
    elif isinstance(node, (And, Or)):
        for child in node.children:
            yield from _iter_words(child)
