"""The keyword index: tantivy (BM25) over post text plus the fields operators filter on.

Text is analysed by ``ts_text`` (split on non-alphanumerics, a token per
Chinese/Japanese character, lowercase, ASCII folding, English Snowball stemming); no stopwords are removed at index time so
phrases keep their positions — natural-language questions drop them on the query
side instead (``QUESTION_STOPWORDS``). Operator fields are raw, lowercased terms.
Every document carries ``doc_id``, the integer shared with the vector index and
the post store, and ``dup``, a hash of its normalised text (``dup_key``): search
hits come back with it, so exact copies (retweets, spam waves) are collapsed
before any post is read from the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import xxhash

from townsquare.index.query import And, Filter, Mention, Node, Not, Or, ParsedQuery, Phrase, Tag, Word

TEXT_ANALYZER = "ts_text"
LINK_ANALYZER = "ts_link"  # a link's words, as X's url: matches them: lowercase, not stemmed
MAX_TOKEN_LEN = 40

# Question words and the filler that TweetQA-style questions wrap around the
# content words ("what did the tweet say about ..."). Removed only from natural-
# language queries; tuned on half of TweetQA (see bench/search_relevance.py).
QUESTION_STOPWORDS = frozenset(
    """
a an and are as at be been being but by can could did do does doing for from had has have having he her
hers him his how i if in into is it its me my of on or our she should so than that the their them
then there these they this those to was we were what when where which who whom whose why will with
would you your yours tweet tweets tweeted tweeting according mentioned mention say says said
""".split()
)

_HASHTAG = re.compile(r"(?:^|[^\w&])#(\w+)")
_MENTION = re.compile(r"(?:^|[^\w])@([\w.]+)")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LINK = re.compile(r"https?://\S+|\bwww\.\S+", re.IGNORECASE)
_BARE_NAME = re.compile(r"[\w.:-]+")  # a from: name without an instance ("wren"), as the query parser allows one
_NORMALIZE = re.compile(r"https?://\S+|@\w+|[^\w]+")


def normalized_text(text: str) -> str:
    """Lowercase, links, mentions and punctuation gone: copies that differ only there compare equal."""
    return _NORMALIZE.sub(" ", text.lower()).strip()


def dup_key(normalized: str) -> int:
    """64-bit key of a ``normalized_text``; never 0 (0 means "unknown" to the searcher)."""
    return xxhash.xxh64_intdigest(normalized.encode()) or 1


# Runs of letters and digits are words, as in tantivy's simple tokenizer, except that
# Chinese and Japanese script, written without spaces, is one token per character (a
# whole run would be one unmatchable token, and over MAX_TOKEN_LEN bytes, dropped);
# a word of several characters is then searched as their phrase.
_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}"
TOKEN_PATTERN = rf"[{_CJK}]|[^\W_{_CJK}]+"


def _analyzer():
    import tantivy

    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(TOKEN_PATTERN))
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_LEN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def _link_analyzer():
    import tantivy

    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"[^\W_]+"))
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_LEN))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def _schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("doc_id", stored=False, indexed=True, fast=True)
    builder.add_unsigned_field("dup", stored=False, indexed=False, fast=True)
    builder.add_text_field("text", tokenizer_name=TEXT_ANALYZER, index_option="position")
    builder.add_text_field("links", tokenizer_name=LINK_ANALYZER, index_option="position")  # multi-valued
    for name in ("reply_to", "conversation", "quote_of"):  # the ids a post points at, as the store holds them
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in ("part", "handle", "lang"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in ("tags", "mentions", "flags"):  # multi-valued
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("ts", indexed=True, fast=True)  # created_at, epoch microseconds
    return builder.build()


def post_terms(post: dict[str, Any]) -> dict[str, list[str]]:
    """The operator fields of a post: hashtags, mentions and flags, falling back to the text.

    Sources fill ``hashtags``/``mentions``/``urls`` unevenly, so the text is parsed
    too; ``#tag`` and ``has:links`` then work on any corpus.
    """
    text = post.get("text") or ""
    tags = {t.lower().lstrip("#") for t in post.get("hashtags") or []} | {t.lower() for t in _HASHTAG.findall(text)}
    mentions = {m.lower().lstrip("@") for m in post.get("mentions") or []} | {m.lower() for m in _MENTION.findall(text)}
    flags = []
    if post.get("reply_to"):
        flags.append("reply")
    if post.get("repost_of"):
        flags.append("repost")
    if post.get("quote_of"):
        flags.append("quote")
    if post.get("urls") or _LINK.search(text):
        flags.append("links")
    if post.get("media"):
        flags.append("media")
    links = list(dict.fromkeys([*(post.get("urls") or []), *_LINK.findall(text)]))
    return {"tags": sorted(tags), "mentions": sorted(mentions), "flags": flags, "links": links}


_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def _searchable_text(text: str, tags: list[str]) -> str:
    """Post text plus its CamelCase hashtags split into words (#MarchMadness -> march madness)."""
    words = []
    for tag in _HASHTAG.findall(text):
        parts = _CAMEL.findall(tag)
        if len(parts) > 1:
            words.extend(parts)
    return f"{text}\n{' '.join(words)}" if words else text


class KeywordIndex:
    """A tantivy index in ``path``: add, delete, and search with a parsed query."""

    def __init__(self, path: str | Path) -> None:
        import tantivy

        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(_schema(), path=str(self.path), reuse=True)
        self.analyzer = _analyzer()
        self.index.register_tokenizer(TEXT_ANALYZER, self.analyzer)
        self.link_analyzer = _link_analyzer()
        self.index.register_tokenizer(LINK_ANALYZER, self.link_analyzer)
        self.schema = self.index.schema
        self._writer = None

    # -- writing -------------------------------------------------------------------
    @property
    def writer(self):
        if self._writer is None:
            self._writer = self.index.writer(heap_size=128_000_000, num_threads=1)
        return self._writer

    def add(self, doc_id: int, post: dict[str, Any], created_us: int | None, part: str) -> None:
        """Queue one post (visible after ``commit``)."""
        import tantivy

        terms = post_terms(post)
        doc = tantivy.Document(
            text=_searchable_text(post.get("text") or "", terms["tags"]),
            part=part,
            # the name answers show: the handle, else the account id (a Bluesky DID where Jetstream gave no handle)
            handle=(post.get("author_handle") or post.get("author_id") or "").lower().lstrip("@"),
            lang=(post.get("lang") or "").lower(),
            tags=terms["tags"],
            mentions=terms["mentions"],
            flags=terms["flags"],
            # a link as the post holds it: an X post's text has its t.co form, ``urls`` the link itself
            links=terms["links"],
        )
        for field, key in (("reply_to", "reply_to"), ("conversation", "conversation_id"), ("quote_of", "quote_of")):
            if post.get(key):
                doc.add_text(field, str(post[key]))
        author_id = str(post.get("author_id") or "").lower()
        if post.get("author_handle") and author_id.startswith("did:"):
            doc.add_text("handle", author_id)  # a Bluesky author is also their DID, the name their links show
        doc.add_unsigned("doc_id", int(doc_id))  # kwargs would infer a signed int and be refused
        doc.add_unsigned("dup", dup_key(normalized_text(post.get("text") or "")))
        if created_us is not None:
            doc.add_integer("ts", created_us)
        self.writer.add_document(doc)

    def delete(self, doc_ids: Iterable[int]) -> None:
        import tantivy

        doc_ids = [int(doc_id) for doc_id in doc_ids]
        if doc_ids:
            # By query, not delete_documents_by_term: that one builds a signed term from a
            # Python int, which never matches the unsigned doc_id field (it deleted nothing).
            self.writer.delete_documents_by_query(tantivy.Query.term_set_query(self.schema, "doc_id", doc_ids))

    def delete_part(self, part: str) -> None:
        self.writer.delete_documents_by_term("part", part)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self.index.reload()

    def reload(self) -> None:
        self.index.reload()

    # -- querying ------------------------------------------------------------------
    def analyze(self, text: str) -> list[str]:
        return self.analyzer.analyze(text)

    def natural_query(self, words: Iterable[str], require_all: bool = False, hints: Iterable[Node] = ()):
        """OR (or AND) over the content words of a question (stopwords dropped, each token once).

        ``hints`` (a question's ``#tag``, ``@handle`` and ``"phrase"``) add optional
        clauses: posts carrying the tag, mentioning or written by the handle, or
        holding the exact phrase rank higher, and nothing is filtered out.
        """
        import tantivy

        seen: dict[str, None] = {}
        sequences: list[list[str]] = []  # words of several tokens (CJK): their exact sequence ranks higher
        for word in words:
            for raw in re.findall(r"\w+", word.lower()):
                if raw in QUESTION_STOPWORDS:
                    continue
                tokens = self.analyze(raw)
                for token in tokens:
                    seen.setdefault(token, None)
                if len(tokens) > 1:
                    sequences.append(tokens)
        if not seen:  # a question made only of stopwords: fall back to every word
            for word in words:
                for token in self.analyze(word):
                    seen.setdefault(token, None)
        Q, Should = tantivy.Query, tantivy.Occur.Should
        occur = tantivy.Occur.Must if require_all else Should
        clauses = [(occur, Q.term_query(self.schema, "text", token)) for token in seen]
        clauses += [(Should, Q.phrase_query(self.schema, "text", tokens)) for tokens in sequences]
        for hint in hints:
            if isinstance(hint, Tag):
                clauses.append((Should, Q.term_query(self.schema, "tags", hint.tag)))
            elif isinstance(hint, Mention):
                clauses.append(
                    (
                        Should,
                        Q.boolean_query(
                            [
                                (Should, Q.term_query(self.schema, "mentions", hint.handle)),
                                (Should, self.author_query(hint.handle)),
                            ]
                        ),
                    )
                )
            elif isinstance(hint, Phrase) and len(tokens := self.analyze(hint.text)) > 1:
                clauses.append((Should, Q.phrase_query(self.schema, "text", tokens)))
        return Q.boolean_query(clauses) if clauses else Q.empty_query()

    def compile(self, node: Node):
        """Translate a query tree into a tantivy query (AND semantics)."""
        import tantivy

        Q, Occur = tantivy.Query, tantivy.Occur
        if isinstance(node, Word):
            return self._text_query(self.analyze(node.text))
        if isinstance(node, Phrase):
            return self._text_query(self.analyze(node.text))
        if isinstance(node, Tag):
            return self._filter(Q.term_query(self.schema, "tags", node.tag))
        if isinstance(node, Mention):
            return self._filter(Q.term_query(self.schema, "mentions", node.handle))
        if isinstance(node, Filter):
            return self._filter(self._structured(node))
        if isinstance(node, Not):
            return Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, self.compile(node.child))])
        if isinstance(node, And):
            clauses = []
            for child in node.children:
                if isinstance(child, Not):
                    clauses.append((Occur.MustNot, self.compile(child.child)))
                else:
                    clauses.append((Occur.Must, self.compile(child)))
            if all(occur == Occur.MustNot for occur, _ in clauses):
                clauses.append((Occur.Must, Q.all_query()))
            return Q.boolean_query(clauses)
        if isinstance(node, Or):
            return Q.boolean_query([(Occur.Should, self.compile(child)) for child in node.children])
        raise TypeError(f"not a query node: {node!r}")

    def _text_query(self, tokens: list[str]):
        return self._words_query("text", tokens)

    def _words_query(self, field: str, tokens: list[str]):
        import tantivy

        if not tokens:  # punctuation only ("-", "!!!"): matches nothing rather than everything
            return tantivy.Query.empty_query()
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, field, tokens[0])
        return tantivy.Query.phrase_query(self.schema, field, tokens)

    @staticmethod
    def _filter(query):
        import tantivy

        # Filters decide membership, not rank: a from: clause must not outscore the words.
        return tantivy.Query.const_score_query(query, 0.0)

    def _structured(self, node: Filter):
        import tantivy

        Q = tantivy.Query
        if node.key == "from":
            return self.author_query(str(node.value))
        if node.key == "lang":
            return Q.term_query(self.schema, "lang", node.value)
        if node.key == "flag":
            return Q.term_query(self.schema, "flags", node.value)
        if node.key == "url":  # X's url: a match of its words in order, in a link the post holds
            return self._words_query("links", self.link_analyzer.analyze(str(node.value)))
        if node.key in ("reply_to", "conversation", "quote_of"):
            return Q.term_query(self.schema, node.key, node.value)
        if node.key == "since":
            return self.time_range(node.value, None)
        if node.key == "until":
            return self.time_range(None, node.value)
        raise ValueError(f"unknown filter {node.key}")

    def holds_part(self, part: str) -> bool:
        """Whether a word of any post, or an author's handle, holds ``part`` (an analysed word) anywhere in it:
        "penguin" is in the "penguinhous" of #PenguinHouse, in @penguin_fan, and "mayor" in the author
        mayor_lena. A scan of the term dictionaries: for rare checks."""
        import tantivy

        searcher = self.index.searcher()
        for name in ("text", "handle"):
            query = tantivy.Query.regex_query(self.schema, name, f".*{re.escape(part)}.*")
            if searcher.search(query, 1, count=True).count:  # type: ignore[attr-defined]
                return True
        return False

    def author_query(self, name: str):
        """The posts of the account ``name`` names: its handle, or, for a bare name ("wren"), also an account of
        that name on any instance ("wren@birds.example"), as Mastodon shows a remote account and people type it.
        Where several instances have one, all of them."""
        import tantivy

        Q = tantivy.Query
        if "@" in name or not _BARE_NAME.fullmatch(name):
            return Q.term_query(self.schema, "handle", name)
        return Q.regex_query(self.schema, "handle", f"{re.escape(name)}(@.+)?")

    def time_range(self, start: datetime | None, end: datetime | None):
        """Posts with start <= created_at < end (either side may be open)."""
        import tantivy

        lower = to_us(start) if start is not None else None
        upper = to_us(end) - 1 if end is not None else None
        if lower is None and upper is None:
            return tantivy.Query.all_query()
        return tantivy.Query.range_query(self.schema, "ts", tantivy.FieldType.Integer, lower, upper)

    def build_query(
        self,
        parsed: ParsedQuery | None,
        start: datetime | None = None,
        end: datetime | None = None,
        only_doc_ids: Iterable[int] | None = None,
        require_all: bool = False,
        max_ts: int | None = None,
    ):
        """The full tantivy query for a parsed query (None: match everything).

        Natural questions get OR semantics (AND with ``require_all``, used when
        sorting by time, where OR would list every post with a common word);
        operator queries get AND. The time window, an upper ``ts`` bound (recency
        cursor) and a doc_id allow-list are added as filters.
        """
        import tantivy

        Q, Occur = tantivy.Query, tantivy.Occur
        if parsed is None:
            main = Q.all_query()
        elif parsed.natural:
            main = self.natural_query(parsed.words, require_all=require_all, hints=parsed.hints)
        else:
            main = self.compile(parsed.root)
        clauses = [(Occur.Must, main)]
        if start is not None or end is not None:
            clauses.append((Occur.Must, self._filter(self.time_range(start, end))))
        if max_ts is not None:
            clauses.append(
                (
                    Occur.Must,
                    self._filter(Q.range_query(self.schema, "ts", tantivy.FieldType.Integer, None, int(max_ts))),
                )
            )
        if only_doc_ids is not None:
            clauses.append((Occur.Must, self._filter(Q.term_set_query(self.schema, "doc_id", list(only_doc_ids)))))
        return main if len(clauses) == 1 else Q.boolean_query(clauses)

    def search(self, query, limit: int, by_time: bool = False) -> list[tuple[int, float, int]]:
        """Top ``limit`` hits as ``(doc_id, key, dup)``: key is the BM25 score, or created_at (us) when by_time."""
        import tantivy

        if limit <= 0:
            return []
        searcher = self.index.searcher()
        if by_time:
            result = searcher.search(query, limit, count=False, order_by_field="ts", order=tantivy.Order.Desc)
        else:
            result = searcher.search(query, limit, count=False)
        hits = result.hits
        if not hits:
            return []
        addresses = [address for _, address in hits]
        doc_ids = searcher.fast_field_values("doc_id", addresses)
        dups = searcher.fast_field_values("dup", addresses)
        return [(doc_id, key, dup) for (key, _), doc_id, dup in zip(hits, doc_ids, dups)]

    def num_docs(self) -> int:
        return self.index.searcher().num_docs


def to_us(moment: datetime) -> int:
    """An aware datetime as integer epoch microseconds (the ``ts`` field)."""
    # integer arithmetic: float timestamps lose microseconds after 2^53
    return (moment - _EPOCH) // timedelta(microseconds=1)
