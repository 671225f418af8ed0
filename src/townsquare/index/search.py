"""``Searcher``: query an index folder (keyword, vector or hybrid) and get hydrated posts.

The API the HTTP server and the assistant build on::

    searcher = Searcher("INDEX")
    page = searcher.search("who won the match?", max_results=10)       # hybrid, relevancy
    page.posts        # [ {id, text, author_handle, created_at, uri, ...}, ... ]
    page.next_token   # pass back as next_token= for the following page (None at the end)
    searcher.get("123")                                                 # one post or None

Posts are dicts with every Post field except visibility/deleted (all public):
``id, platform, uri, author_id, author_handle, created_at`` (ISO 8601 "...Z"),
``text, lang, reply_to, conversation_id, quote_of, repost_of, hashtags, mentions,
urls, media`` (list of {kind, url, alt_text}), ``like_count, repost_count, reply_count``.
Errors: ``QuerySyntaxError`` (``.message``, ``.position``) and
``SearchParameterError`` are both ``ValueError``s: a 400 for the API.

Ranking. Keyword = tantivy BM25: OR over the content words for natural-language
questions, AND for operator queries. Vector = cosine over static embeddings;
for operator queries the vector candidates must also satisfy the whole query,
so operators mean the same thing in every mode. Hybrid = weighted reciprocal
rank fusion (``Ranking``) of BM25, vector, and a soft token-match re-ranking of
their union (each query token's best MiniLM-token cosine in the post), with
optional recency and engagement boosts; past the vector list's head
(``Ranking.semantic_depth``) only posts matching a query word are results. Near-duplicates (same text up to case, links, mentions and a few edits)
are collapsed: only the best-ranked copy is shown.

Recency. Newest first over every post that matches (keyword and hybrid alike:
ranking does not matter for a timeline); ``mode="vector"`` sorts its nearest
``Ranking.depth`` posts by time instead.

Pagination. Relevancy ranks a fixed-depth candidate list (``Ranking.depth``),
so pages never overlap; the token is ``offset`` plus a fingerprint of the
request, and a token from another request is refused. Recency pages with a
keyset cursor ``(created_at, doc_id)``, stable while posts are added.
"""

from __future__ import annotations

import base64
import math
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import xxhash

from townsquare.errors import InputError, SearchParameterError
from townsquare.index.keyword import QUESTION_STOPWORDS, dup_key, normalized_text
from townsquare.index.query import ParsedQuery, parse_query, readable

__all__ = ["Searcher", "SearchPage", "Ranking", "SearchParameterError", "MODES", "SORT_ORDERS"]

MODES = ("hybrid", "keyword", "vector")
SORT_ORDERS = ("relevancy", "recency")
MAX_RESULTS = 100


@dataclass
class Ranking:
    """Tunable ranking knobs (defaults tuned on half of TweetQA; see bench/search_relevance.py)."""

    rrf_k: float = 10.0  # tune half of TweetQA: k=10 beat 30 and 60 (sharper top ranks)
    keyword_weight: float = 1.0
    vector_weight: float = 0.1  # BM25 is the stronger list; the vector list matters mostly as soft-match candidates
    soft_weight: float = 2.0  # hybrid only: soft token-match re-ranking of the union (+0.03 R@10 on tune)
    soft_depth: int = 500  # candidates per list for the soft re-ranking (150 -> 500: +0.02 R@10, 160k posts)
    depth: int = 500  # candidates taken from each side for relevancy ranking
    semantic_depth: int = 100  # hybrid: a post matching no query word is shown only from the vector top N
    recency_boost: float = 0.0  # weight of exp(-age / recency_half_life_days) in units of one top rank
    recency_half_life_days: float = 7.0
    engagement_boost: float = 0.0  # weight of log1p(likes + reposts) / 10, same units
    collapse_near_duplicates: bool = True
    duplicate_threshold: float = 0.8  # Jaccard of character 5-gram sets


@dataclass
class SearchPage:
    """One page of results, shaped for X API v2's ``data`` and ``meta``."""

    posts: list[dict[str, Any]]
    next_token: str | None
    newest_id: str | None
    oldest_id: str | None
    result_count: int


@dataclass
class _Candidate:
    doc_id: int
    score: float
    ts: int = 0
    dup: int = 0  # duplicate key from the keyword index (0: unknown, e.g. a vector-only hit)


def not_an_index(path: Path) -> InputError:
    """The one line for a path that is no index: a file (an export or a CSV given where the index goes) is told
    how to become one; the advice never names the file itself as the index to write."""
    if path.is_file():
        return InputError(
            f"{path} is a file, not an index folder: read it with `townsquare ingest`, then `build` and "
            "`index CORPUS --out INDEX` (README, workflow steps 1, 2 and 5)"
        )
    return InputError(f"{path} is not an index: run `townsquare index CORPUS --out {path}`")


class Searcher:
    """Read side of an index folder; safe to share between threads."""

    def __init__(self, index_dir: str | Path, ranking: Ranking | None = None) -> None:
        from townsquare.index.build import load_manifest, open_for_reading

        self.index_dir = Path(index_dir)
        manifest = load_manifest(self.index_dir) if self.index_dir.is_dir() else None
        if manifest is None:
            raise not_an_index(self.index_dir)
        self.manifest = manifest
        self.ranking = ranking or Ranking()
        # every part checked now (one clear line for a missing or damaged one), the store opened read-only
        self.keyword, self.store = open_for_reading(self.index_dir, manifest)
        self._vector = None  # opened on first vector search: keyword-only servers never map it
        self._embedder = None
        self._lock = threading.Lock()  # SQLite connection and usearch reload are not reentrant

    # -- public API ----------------------------------------------------------------
    def search(
        self,
        query: str,
        max_results: int = 10,
        start_time: datetime | str | None = None,
        end_time: datetime | str | None = None,
        sort_order: str = "relevancy",
        next_token: str | None = None,
        mode: str = "hybrid",
        depth: int | None = None,
    ) -> SearchPage:
        """Search public posts. Raises ``QuerySyntaxError`` (with ``position``) or ``SearchParameterError``.

        ``start_time`` is inclusive, ``end_time`` exclusive (datetimes or ISO 8601
        strings, UTC if naive). ``next_token`` must come from the same request.
        ``depth`` overrides ``Ranking.depth`` and ``soft_depth`` for one relevancy page (a caller that
        needs only the head, like the assistant, trades the tail for speed); it is part of the token.
        """
        query = readable(query) if isinstance(query, str) else query
        parsed = parse_query(query)
        start, end = _time(start_time, "start_time"), _time(end_time, "end_time")
        _check(max_results, sort_order, mode, start, end)
        fingerprint = xxhash.xxh64_hexdigest(
            orjson.dumps(
                [query, start and start.isoformat(), end and end.isoformat(), sort_order, mode]
                + ([depth] if depth else [])
            )
        )[:12]
        cursor = _decode_token(next_token, fingerprint) if next_token else None
        if sort_order == "recency":
            return self._by_recency(parsed, start, end, max_results, mode, cursor, fingerprint)
        return self._by_relevancy(parsed, start, end, max_results, mode, cursor or {"o": 0}, fingerprint, depth)

    def timeline(
        self, max_results: int = 10, start_time: datetime | str | None = None, end_time: datetime | str | None = None
    ) -> list[dict[str, Any]]:
        """The newest posts written in ``start_time``..``end_time``, whatever they say (a search needs a word:
        "What happened yesterday?" asks for the day's posts)."""
        start, end = _time(start_time, "start_time"), _time(end_time, "end_time")
        query = self.keyword.build_query(None, start, end)
        with self._lock:
            hits = self.keyword.search(query, max_results + 50, by_time=True)  # + 50: collapsed duplicates
        candidates = sorted((_Candidate(d, 0.0, ts or 0, dup) for d, ts, dup in hits), key=lambda c: (-c.ts, -c.doc_id))
        posts, _ = self._page(candidates, 0, max_results)
        return _make_page(posts, None).posts

    def get(self, post_id: str) -> dict[str, Any] | None:
        """The post with this public id, or None (never indexed, or forgotten)."""
        with self._lock:
            return self.store.get(str(post_id))

    def reload(self) -> None:
        """See posts added or forgotten since this Searcher was opened."""
        with self._lock:
            self.keyword.reload()
            self._vector = None

    def word_frequencies(self, words: list[str]) -> tuple[dict[str, int], int]:
        """``({word: posts whose text holds it (after the keyword analyzer)}, posts in the keyword index)``.

        For the assistant's index-wide word weights; a word the analyzer drops counts as in every post.
        """
        with self._lock:
            searcher = self.keyword.index.searcher()
            total = searcher.num_docs
            out = {}
            for word in words:
                terms = self.keyword.analyze(word)
                out[word] = min((searcher.doc_freq("text", term) for term in terms), default=total)
        return out, total

    def unheard(self, words: list[str]) -> list[str]:
        """The ``words`` that no post holds, neither as a word (after the keyword analyzer: any inflection the
        stemmer folds) nor inside one (a hashtag's, a handle's)."""
        import tantivy

        out = []
        with self._lock:
            searcher = self.keyword.index.searcher()
            for word in words:
                terms = self.keyword.analyze(word)
                # live posts only: a forgotten post's words stay in the term statistics until segments merge
                if not terms or any(
                    searcher.search(tantivy.Query.term_query(self.keyword.schema, "text", term), 1, count=True).count  # type: ignore[attr-defined]
                    for term in terms
                ):
                    continue
                if not any(self.keyword.holds_part(term) for term in terms):
                    out.append(word)
        return out

    def match_count(self, query: str) -> int:
        """How many posts the keyword index holds that ``query`` matches, every clause required (a natural
        question's words too); exact copies are counted each. ``QuerySyntaxError`` as for ``search``."""
        parsed = parse_query(readable(query))
        with self._lock:
            built = self.keyword.build_query(parsed, require_all=True)
            found = self.keyword.index.searcher().search(built, 1, count=True)
            return int(found.count)  # type: ignore[attr-defined]  # tantivy's stub lacks the count it returns

    def count(self) -> int:
        """How many posts the index holds."""
        with self._lock:
            return self.store.count()

    def newest_created(self, before: datetime) -> datetime | None:
        """When the newest post written at or before ``before`` was written (None for an empty index)."""
        with self._lock:
            found = self.store.newest_created(int(before.timestamp() * 1_000_000))
        return datetime.fromtimestamp(found / 1_000_000, UTC) if found is not None else None

    # -- relevancy -----------------------------------------------------------------
    def _by_relevancy(
        self,
        parsed: ParsedQuery,
        start,
        end,
        limit: int,
        mode: str,
        cursor: dict,
        fingerprint: str,
        depth: int | None = None,
    ) -> SearchPage:
        offset = int(cursor.get("o", 0))
        if mode == "keyword":
            # BM25 order does not depend on depth, so keyword pages fetch only what they show.
            depth = offset + 2 * limit + 20
            ranked = [_Candidate(d, s, dup=k) for d, s, k in self._keyword_hits(parsed, start, end, depth)]
        else:
            ranked = self.rank(parsed, start, end, mode, depth)
        posts, more = self._page(ranked, offset, limit)
        token = _encode_token({"o": offset + limit, "f": fingerprint}) if more else None
        return _make_page(posts, token)

    def rank(
        self, parsed: ParsedQuery, start=None, end=None, mode: str = "hybrid", depth: int | None = None
    ) -> list[_Candidate]:
        """The fused candidate list (best first) before duplicate collapse; used by benchmarks too."""
        cfg = self.ranking
        if depth:
            from dataclasses import replace

            cfg = replace(cfg, depth=depth, soft_depth=min(cfg.soft_depth, depth))
        keyword_hits = self._keyword_hits(parsed, start, end, cfg.depth) if mode != "vector" else []
        vector_hits = self._vector_hits(parsed, start, end, cfg.depth) if mode != "keyword" else []
        if mode == "keyword":
            return [_Candidate(d, s, dup=k) for d, s, k in keyword_hits]
        lists = [(cfg.keyword_weight, keyword_hits), (cfg.vector_weight, vector_hits)]
        if mode == "hybrid":
            # Nearest vectors exist for any query, even gibberish: past the vector list's head,
            # only posts that match a query word are results (filtered before the soft re-ranking,
            # which then scores only posts that can be shown).
            shown = {hit[0] for hit in keyword_hits} | {hit[0] for hit in vector_hits[: cfg.semantic_depth]}
            lists[1] = (cfg.vector_weight, [hit for hit in vector_hits if hit[0] in shown])
            if cfg.soft_weight:
                lists.append(
                    (
                        cfg.soft_weight,
                        self._soft_hits(parsed, keyword_hits, vector_hits, shown=shown, depth=cfg.soft_depth),
                    )
                )
        fused: dict[int, float] = {}
        for weight, hits in lists:
            for rank, hit in enumerate(hits):
                fused[hit[0]] = fused.get(hit[0], 0.0) + weight / (cfg.rrf_k + rank + 1)
        if cfg.recency_boost or cfg.engagement_boost:
            self._boost(fused)
        # doc_id breaks ties so the order (and so pagination) is deterministic
        dups = {doc_id: dup for doc_id, _, dup in keyword_hits}
        return [
            _Candidate(d, s, dup=dups.get(d, 0)) for d, s in sorted(fused.items(), key=lambda item: (-item[1], item[0]))
        ]

    def _keyword_hits(self, parsed: ParsedQuery, start, end, depth: int) -> list[tuple[int, float, int]]:
        query = self.keyword.build_query(parsed, start, end)
        with self._lock:
            return self.keyword.search(query, depth)

    def _vector_hits(self, parsed: ParsedQuery, start, end, depth: int) -> list[tuple[int, float]]:
        text = _embedding_text(parsed)
        if not text.strip():
            return []  # operators only (from:x lang:en): nothing to embed, keyword side decides
        vector = self.embedder.encode([text])[0]
        with self._lock:
            if self._vector is None:
                from townsquare.index.vector import VectorIndex

                path = self.index_dir / "vectors.usearch"
                try:
                    self._vector = VectorIndex(path, self.manifest["dim"], read_only=True)
                except RuntimeError as exc:  # damaged since the index was opened (usearch's only error type here)
                    from townsquare.index.build import REBUILD

                    fix = REBUILD.format(index_dir=self.index_dir)
                    raise InputError(f"{path} is damaged ({exc}): {fix}") from None
            hits = self._vector.search(vector, depth)
        if not hits:
            return []
        if parsed.natural and start is None and end is None:
            return hits
        # Operators and time windows hold in every mode: keep only candidates the keyword side admits.
        admitted = self._admitted(parsed, start, end, [doc_id for doc_id, _ in hits])
        return [(doc_id, score) for doc_id, score in hits if doc_id in admitted]

    def _soft_hits(
        self, parsed: ParsedQuery, *hit_lists, shown: set[int], depth: int | None = None
    ) -> list[tuple[int, float]]:
        """The union of both candidate lists' heads, those in ``shown``, ranked by soft token matching."""
        depth = depth or self.ranking.soft_depth
        candidates = list(dict.fromkeys(hit[0] for hits in hit_lists for hit in hits[:depth] if hit[0] in shown))
        text = _embedding_text(parsed)
        if not candidates or not text.strip():
            return []
        with self._lock:
            stored = self.store.tokens_many(candidates)
        candidates = [doc_id for doc_id in candidates if doc_id in stored]
        docs = [np.frombuffer(stored[d], dtype=np.uint16) for d in candidates]
        scores = self.embedder.soft_match(text, docs)
        order = sorted(range(len(candidates)), key=lambda i: (-scores[i], candidates[i]))
        return [(candidates[i], float(scores[i])) for i in order]

    def _admitted(self, parsed: ParsedQuery, start, end, doc_ids: list[int]) -> set[int]:
        # A natural question's words are not required of vector hits: only the window is.
        query = self.keyword.build_query(None if parsed.natural else parsed, start, end, only_doc_ids=doc_ids)
        with self._lock:
            return {doc_id for doc_id, _, _ in self.keyword.search(query, len(doc_ids))}

    @property
    def embedder(self):
        if self._embedder is None:
            from townsquare.index.embed import load_embedder

            embedder = load_embedder(self.manifest.get("embedder", "static"), str(self.index_dir / "embedder"))
            if embedder.dim != self.manifest.get("dim", embedder.dim):
                from townsquare.errors import ConfigError

                raise ConfigError(
                    f"the model in {self.index_dir / 'embedder'} makes {embedder.dim}-dim vectors but the index holds "
                    f"{self.manifest['dim']}-dim ones; delete the folder and it is built again from the package"
                )
            self._embedder = embedder
        return self._embedder

    def _boost(self, fused: dict[int, float]) -> None:
        cfg = self.ranking
        unit = 1.0 / (cfg.rrf_k + 1)  # the fused score of one first-place rank
        now = datetime.now(UTC)
        with self._lock:
            posts = self.store.get_many(list(fused))
        for doc_id, post in posts.items():
            bonus = 0.0
            if cfg.recency_boost and post.get("created_at"):
                age_days = (now - _parse_iso(post["created_at"])).total_seconds() / 86400
                bonus += cfg.recency_boost * math.exp(-max(age_days, 0.0) / cfg.recency_half_life_days)
            if cfg.engagement_boost:
                engagement = (post.get("like_count") or 0) + (post.get("repost_count") or 0)
                bonus += cfg.engagement_boost * math.log1p(engagement) / 10
            fused[doc_id] += bonus * unit

    # -- recency -------------------------------------------------------------------
    def _by_recency(
        self, parsed: ParsedQuery, start, end, limit: int, mode: str, cursor: dict | None, fingerprint: str
    ) -> SearchPage:
        if mode in ("keyword", "hybrid"):
            # A timeline lists every post that matches, newest first (as X does): straight from
            # tantivy, never the capped relevancy candidates; for a question every content word is required.
            query = self.keyword.build_query(
                parsed, start, end, require_all=True, max_ts=cursor["t"] if cursor else None
            )
            with self._lock:
                # the margin covers posts sharing the cursor's timestamp and collapsed duplicates
                hits = self.keyword.search(query, limit + 50, by_time=True)
            candidates = [
                _Candidate(d, 0.0, ts or 0, dup) for d, ts, dup in hits
            ]  # no time (a CSV without dates): last
        else:
            candidates = self.rank(parsed, start, end, mode)
            with self._lock:
                stamps = self.store.created_many([c.doc_id for c in candidates])
            for candidate in candidates:
                candidate.ts = stamps.get(candidate.doc_id) or 0
        candidates.sort(key=lambda c: (-c.ts, -c.doc_id))
        if cursor is not None:
            key = (cursor["t"], cursor["d"])
            candidates = [c for c in candidates if (c.ts, c.doc_id) < key]
        posts, more = self._page(candidates, 0, limit)
        token = None
        if more and posts:
            last = posts[-1]["_candidate"]
            token = _encode_token({"t": last.ts, "d": last.doc_id, "f": fingerprint})
        return _make_page(posts, token)

    # -- hydration and duplicate collapse ------------------------------------------
    def _page(self, ranked: list[_Candidate], offset: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
        """Hydrate ranked candidates, collapse near-duplicates, return ``(page, more_after_it)``.

        Exact copies are dropped by their index ``dup`` key before the store is read;
        the rest are hydrated a few more than still needed at a time.
        """
        cfg = self.ranking
        collapse = cfg.collapse_near_duplicates
        kept: list[dict[str, Any]] = []
        signatures: list[tuple[str, frozenset[str]]] = []
        seen_dups: set[int] = set()  # duplicate keys of the posts taken (or being taken) so far
        want = offset + limit + 1
        position = 0
        while position < len(ranked) and len(kept) < want:
            chunk: list[_Candidate] = []
            while position < len(ranked) and len(chunk) < want - len(kept) + 8:
                candidate = ranked[position]
                position += 1
                if collapse and candidate.dup:
                    if candidate.dup in seen_dups:
                        continue
                    seen_dups.add(candidate.dup)
                chunk.append(candidate)
            with self._lock:
                posts = self.store.get_many([c.doc_id for c in chunk])
            for candidate in chunk:
                post = posts.get(candidate.doc_id)
                if post is None:  # forgotten after the search ran: a later copy may stand in
                    seen_dups.discard(candidate.dup)
                    continue
                if collapse:
                    normalized = normalized_text(post.get("text") or "")
                    if not candidate.dup:  # a vector-only hit: its key comes from the text
                        key = dup_key(normalized)
                        if key in seen_dups:
                            continue
                        seen_dups.add(key)
                    signature = _signature(normalized)
                    if _is_duplicate(signature, signatures, cfg.duplicate_threshold):
                        continue
                    signatures.append(signature)
                post["_candidate"] = candidate
                kept.append(post)
                if len(kept) >= want:
                    return kept[offset : offset + limit], True
        return kept[offset : offset + limit], False


def _embedding_text(parsed: ParsedQuery) -> str:
    """What the embedding side sees: positive words; a question's stopwords removed."""
    text = parsed.free_text()
    if parsed.natural:
        # Question words ("what did ... say about") only blur a bag-of-tokens embedding.
        content = [w for w in re.findall(r"\w+", text.lower()) if w not in QUESTION_STOPWORDS]
        text = " ".join(content) or text
    return text


def _signature(normalized: str) -> tuple[str, frozenset[str]]:
    squeezed = normalized.replace(" ", "")
    shingles = frozenset(squeezed[i : i + 5] for i in range(max(len(squeezed) - 4, 1)))
    return normalized, shingles


def _is_duplicate(signature, kept, threshold: float) -> bool:
    text, shingles = signature
    for other_text, other_shingles in kept:
        if text == other_text:
            return True
        if not shingles or not other_shingles:
            continue
        small, large = sorted((len(shingles), len(other_shingles)))
        if small < threshold * large:  # Jaccard can't reach the threshold: skip the set work
            continue
        if len(shingles & other_shingles) >= threshold * len(shingles | other_shingles):
            return True
    return False


def _make_page(posts: list[dict[str, Any]], token: str | None) -> SearchPage:
    for post in posts:
        post.pop("_candidate", None)
    if posts:
        by_time = sorted(posts, key=lambda p: (p.get("created_at") or "", p["id"]))
        newest, oldest = by_time[-1]["id"], by_time[0]["id"]
    else:
        newest = oldest = None
    return SearchPage(posts=posts, next_token=token, newest_id=newest, oldest_id=oldest, result_count=len(posts))


def _encode_token(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(state)).decode().rstrip("=")


def _decode_token(token: str, fingerprint: str) -> dict[str, Any]:
    try:
        state = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(state, dict):
            raise ValueError
    except (ValueError, TypeError):
        raise SearchParameterError("next_token is not valid", "next_token") from None
    if state.get("f") != fingerprint:
        raise SearchParameterError(
            "next_token belongs to a different query; repeat the same query with it", "next_token"
        )
    return state


def _time(value: datetime | str | None, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    from townsquare.post import to_utc

    try:
        return to_utc(value, bounded=False)  # "until 2200" is a fine open end
    except (ValueError, TypeError):
        raise SearchParameterError(f"{name} must be an ISO 8601 time like 2024-01-31T00:00:00Z", name) from None


def _parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _check(max_results: int, sort_order: str, mode: str, start, end) -> None:
    if not isinstance(max_results, int) or not 1 <= max_results <= MAX_RESULTS:
        raise SearchParameterError(f"max_results must be between 1 and {MAX_RESULTS}", "max_results")
    if sort_order not in SORT_ORDERS:
        raise SearchParameterError(
            f"sort_order {sort_order!r} is not valid; choose one of {', '.join(SORT_ORDERS)}", "sort_order"
        )
    if mode not in MODES:
        raise SearchParameterError(f"mode {mode!r} is not valid; choose one of {', '.join(MODES)}", "mode")
    if start is not None and end is not None and start >= end:
        raise SearchParameterError("start_time must be before end_time", "start_time")
