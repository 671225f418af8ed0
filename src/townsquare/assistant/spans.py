"""The short answer: the span of a post that answers a who/what/when/where/how-many question.

Every contiguous run of up to ``MAX_SPAN`` tokens inside one sentence of the post
is a candidate. Each candidate gets a few dozen features (its length, whether it
repeats the question, how close it sits to the question's words in the post,
capitals, numbers, dates, handles, the "— Name (@handle) date" signature a
quoted tweet ends with) and the same features crossed with the question type, so
a number counts for "how many" and a name for "who". A linear model scores them;
its weights (``span_weights.json``) were fitted with a listwise softmax loss on
the tune half of TweetQA only (``python bench/assistant_tweetqa.py --train``);
the other half is what the benchmark reports.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from townsquare.assistant.text import MONTHS, QUESTION_TYPES, STOPWORDS, Token, is_number, question_type, stem, tokens

MAX_SPAN = 7
LEXICAL_FEATURES = 41
SEMANTIC_FEATURES = 10
BASE_FEATURES = LEXICAL_FEATURES + SEMANTIC_FEATURES
WEIGHTS_FILE = "span_weights.json"
_PREPOSITIONS = {"by", "from", "at", "in", "on", "to", "for", "with", "of", "as"}
_VERBS_AFTER = {"is", "was", "are", "were", "said", "says", "has", "have", "will", "announced", "just"}
_BREAK = set('.!?…;:|"“”()[]—–')
_AUX = {
    "is",
    "are",
    "was",
    "were",
    "did",
    "does",
    "do",
    "has",
    "have",
    "had",
    "will",
    "can",
    "could",
    "would",
    "should",
    "'s",
    "’s",
}
_WH = {"what", "which", "who", "whom", "whose", "where", "when", "how", "why"}
# what each question type's answer is, in words: the span's closeness to these is a feature (crossed by type)
_TYPE_WORDS = {
    "who": "person name people team",
    "when": "date year month day time",
    "where": "place city country",
    "how_many": "number count",
    "how_much": "amount number",
    "which": "name",
    "what": "thing",
}


@dataclass
class Span:
    text: str
    start: int  # character offsets into the post
    end: int
    score: float


def _signature(toks: list[Token]) -> tuple[int, int]:
    """Token index ranges (name_start, date_start) of a trailing "— Name (@handle) Month D, YYYY", else (-1, -1)."""
    for i in range(len(toks) - 1, -1, -1):
        if toks[i].text in ("—", "–") or (toks[i].text == "-" and i > 0):
            name_start = i + 1
            for j in range(name_start, len(toks)):
                if toks[j].text == ")" and j > name_start:
                    return name_start, j + 1
            return name_start, len(toks)
    for j in range(len(toks) - 2, 0, -1):  # "Name (@handle) date" with no dash
        if toks[j].text.startswith("@") and toks[j - 1].text == "(":
            k = j - 2
            while k >= 0 and toks[k].text[:1].isupper():
                k -= 1
            return k + 1, j + 2
    return -1, -1


def candidates(question: str, text: str, embedder=None) -> tuple[list[tuple[int, int]], np.ndarray, list[Token]]:
    """Candidate token ranges ``[i, j)`` of ``text`` and their feature rows (N, n_features).

    ``embedder`` (the index's static embedder) gives the semantic features: how close a span's words are to
    the question's focus ("what *holiday*" -> "Thanksgiving") and to its type; without it they are zero.
    """
    toks = tokens(text)
    qstems = {stem(t.lower) for t in tokens(question) if t.lower not in STOPWORDS and re.match(r"[\w@#]", t.text)}
    kind = question_type(question)
    lowers = [t.lower for t in toks]
    stems = [stem(w) for w in lowers]
    is_link = [w.startswith(("http", "www.")) for w in lowers]
    is_break = [t.text in _BREAK or is_link[i] for i, t in enumerate(toks)]
    in_q = [s in qstems and lowers[i] not in STOPWORDS for i, s in enumerate(stems)]
    match_positions = [i for i, hit in enumerate(in_q) if hit]
    # the sentence of each token, and how many question words each sentence holds
    sentence_of, sentence = [], 0
    for i, t in enumerate(toks):
        sentence_of.append(sentence)
        if t.text in (".", "!", "?", "…", "—", "–") or is_link[i]:
            sentence += 1
    sentence_hits: dict[int, int] = {}
    for i in match_positions:
        sentence_hits[sentence_of[i]] = sentence_hits.get(sentence_of[i], 0) + 1
    best_sentence = max(sentence_hits, key=sentence_hits.get) if sentence_hits else -1
    name_start, date_start = _signature(toks)
    n_q = max(len(qstems), 1)
    semantic = _semantic(question, kind, toks, lowers, stems, embedder)
    subject_q = _subject_question(question)
    spans, rows = [], []
    n = len(toks)
    for i in range(n):
        if is_break[i] or lowers[i] in STOPWORDS and lowers[i] not in ("no", "not"):
            continue
        for j in range(i + 1, min(i + MAX_SPAN, n) + 1):
            if is_break[j - 1]:
                break
            last = lowers[j - 1]
            if last in STOPWORDS or not re.match(r"[\w@#]", toks[j - 1].text):
                continue
            length = j - i
            words = lowers[i:j]
            hits = sum(in_q[i:j])
            left = [p for p in match_positions if p < i]
            right = [p for p in match_positions if p >= j]
            distance = min([i - p for p in left] + [p - j + 1 for p in right], default=0)
            feats = np.zeros(BASE_FEATURES, dtype=np.float32)
            feats[0] = 1.0
            feats[min(length, 7)] = 1.0
            feats[8] = hits / length
            feats[9] = float(hits == length)
            feats[10] = math.log1p(distance) if match_positions else 0.0
            feats[11] = float(not match_positions)
            feats[12] = float(any(0 < i - p <= 2 for p in left))
            feats[13] = float(any(0 <= p - j <= 1 for p in right))
            content = [t for t in toks[i:j] if t.lower not in STOPWORDS]
            feats[14] = sum(t.text[:1].isupper() for t in content) / max(len(content), 1)
            feats[15] = float(toks[i].text[:1].isupper())
            feats[16] = float(any(is_number(w) for w in words))
            feats[17] = float(any(w in MONTHS or re.fullmatch(r"(19|20)\d\d", w) for w in words))
            feats[18] = float(any(w.startswith("@") for w in words))
            feats[19] = float(any(w.startswith("#") for w in words))
            feats[20] = float(name_start >= 0 and i >= name_start and j <= date_start)
            feats[21] = float(date_start >= 0 and i >= date_start)
            feats[22] = i / max(n, 1)
            feats[23] = float(lowers[i] in STOPWORDS)
            feats[24] = float(sentence_of[i] == best_sentence)
            feats[25] = sentence_hits.get(sentence_of[i], 0) / n_q
            feats[26] = float(i > 0 and lowers[i - 1] in _PREPOSITIONS)
            feats[27] = float(j < n and lowers[j] in _VERBS_AFTER)
            feats[28] = sum(w in STOPWORDS for w in words) / length
            feats[29] = float(sentence_of[j - 1] != sentence_of[i])
            feats[30] = float(any(w.startswith("@") for w in words) and 0 < i and toks[i - 1].text == "(")
            near_left = min((i - p for p in left), default=0)
            near_right = min((p - j + 1 for p in right), default=0)
            feats[31] = math.log1p(near_left) if left else -1.0
            feats[32] = math.log1p(near_right) if right else -1.0
            feats[33] = sum(1 for p in left if i - p <= 4) / n_q
            feats[34] = sum(1 for p in right if p - j < 4) / n_q
            feats[35] = float(bool(left) and bool(right) and near_left <= 3 and near_right <= 3)
            feats[36] = float(j == n or is_break[j] or sentence_of[j] != sentence_of[j - 1])
            feats[37] = float(i == 0 or is_break[i - 1] or sentence_of[i - 1] != sentence_of[i])
            feats[38] = hits / n_q
            feats[39] = float(length >= 4) * feats[8]
            feats[40] = feats[14] * feats[24]
            if semantic is not None:
                focus, wh_noun, type_sim, q_sim = semantic
                k = LEXICAL_FEATURES
                content_idx = [x for x in range(i, j) if lowers[x] not in STOPWORDS]
                if content_idx:
                    feats[k] = max(focus[x] for x in content_idx)
                    feats[k + 1] = sum(focus[x] for x in content_idx) / len(content_idx)
                    feats[k + 2] = max(wh_noun[x] for x in content_idx)
                    feats[k + 3] = max(type_sim[x] for x in content_idx)
                    feats[k + 4] = max(q_sim[x] for x in content_idx)
            k = LEXICAL_FEATURES + 5
            feats[k] = subject_q * feats[13]  # "who slammed…": the answer stands before the matched verb
            feats[k + 1] = subject_q * feats[12]
            feats[k + 2] = (1 - subject_q) * feats[12]  # "what did he borrow": after the matched words
            feats[k + 3] = (1 - subject_q) * feats[13]
            feats[k + 4] = float(hits == 0) * feats[35]  # between two matched words, repeating neither
            spans.append((i, j))
            rows.append(feats)
    if not rows:
        return [], np.zeros((0, n_features()), dtype=np.float32), toks
    base = np.stack(rows)
    return spans, cross(base, kind), toks


def _subject_question(question: str) -> float:
    """1 when the wh-word (with its noun) is the subject: "who slammed…", "what team won…"; 0 for "what did…"."""
    words = [t.lower for t in tokens(question)]
    for at, word in enumerate(words):
        if word in _WH:
            rest = words[at + 1 : at + 3]
            if not rest:
                return 0.0
            if rest[0] in _AUX or rest[0] in ("many", "much", "long", "old", "far"):
                return 0.0
            if word in ("what", "which", "whose") and len(rest) > 1 and rest[1] in _AUX:
                return 0.0  # "what team is…"
            return 1.0
    return 0.0


def _semantic(question: str, kind: str, toks: list[Token], lowers: list[str], stems: list[str], embedder):
    """Per post token: cosine to the question's unmatched words, to the noun after its wh-word, to its answer
    type's words, and to any question word; ``None`` without an embedder."""
    if embedder is None:
        return None
    qwords = [t.lower for t in tokens(question)]
    content = [w for w in qwords if w not in STOPWORDS and re.match(r"[\w@#]", w)]
    post_stems = set(stems)
    focus = [w for w in content if stem(w) not in post_stems] or content
    wh_noun = []
    for at, word in enumerate(qwords[:-1]):
        if word in ("what", "which", "whose") and qwords[at + 1] not in STOPWORDS and qwords[at + 1] not in _AUX:
            wh_noun = [qwords[at + 1]]
            break
    vectors = word_vectors(embedder)
    post = vectors(tuple(lowers))
    out = []
    for group in (focus, wh_noun, _TYPE_WORDS.get(kind, "").split(), content):
        if not group or not len(post):
            out.append(np.zeros(len(lowers), dtype=np.float32))
            continue
        out.append((post @ vectors(tuple(group)).T).max(axis=1))
    return out


_VECTORS: dict[int, object] = {}


def word_vectors(embedder):
    """A cached ``words -> (len, dim)`` function: each word's wordpieces' unit vectors, averaged, normalised."""
    key = id(embedder)
    if key not in _VECTORS:
        norms = np.linalg.norm(embedder.embeddings, axis=1, keepdims=True)
        unit = embedder.embeddings / np.maximum(norms, 1e-9)
        unknown = embedder.tokenizer.token_to_id("[UNK]")
        if unknown is not None:
            unit[unknown] = 0.0  # an emoji or a symbol the vocabulary lacks is close to nothing
        cache: dict[str, np.ndarray] = {}
        dim = unit.shape[1]

        def vectors(words: tuple[str, ...]) -> np.ndarray:
            missing = [w for w in dict.fromkeys(words) if w not in cache]
            if missing:
                if len(cache) > 200_000:
                    cache.clear()
                for word, ids in zip(missing, embedder.token_ids([w.lstrip("#@") for w in missing])):
                    ids = np.asarray(ids, dtype=np.int64)
                    v = unit[ids].sum(axis=0) if len(ids) else np.zeros(dim, dtype=np.float32)
                    n = float(np.linalg.norm(v))
                    cache[word] = (v / n if n > 0 else v).astype(np.float32)
            return np.stack([cache[w] for w in words]) if words else np.zeros((0, dim), dtype=np.float32)

        _VECTORS[key] = (embedder, vectors)  # the embedder is kept so its id is not reused
    return _VECTORS[key][1]


def n_features() -> int:
    return BASE_FEATURES * (1 + len(QUESTION_TYPES))


def cross(base: np.ndarray, kind: str) -> np.ndarray:
    """Base features followed by the same features in the block of the question type (zeros elsewhere)."""
    out = np.zeros((len(base), n_features()), dtype=np.float32)
    out[:, :BASE_FEATURES] = base
    block = 1 + QUESTION_TYPES.index(kind)
    out[:, block * BASE_FEATURES : (block + 1) * BASE_FEATURES] = base
    return out


@dataclass
class Ranker:
    """Scores candidate rows: a linear part over the type-crossed features, plus a small ReLU layer over the
    base features and the question type (``hidden``: ``W1`` (inputs, H), ``b1`` (H,), ``w2`` (H,)), which
    learns the interactions a linear model cannot ("a capitalised span two words right of the match, for
    who")."""

    linear: np.ndarray
    hidden: dict[str, np.ndarray] | None = None

    def score(self, features: np.ndarray) -> np.ndarray:
        out = features @ self.linear
        if self.hidden is not None:
            h = np.maximum(mlp_inputs(features) @ self.hidden["W1"] + self.hidden["b1"], 0.0)
            out = out + h @ self.hidden["w2"]
        return out


def mlp_inputs(features: np.ndarray) -> np.ndarray:
    """The hidden layer's inputs: the base features and the question type (the bias column of each type block,
    which is 1 in the block of the question's type only)."""
    kinds = features[:, [(1 + k) * BASE_FEATURES for k in range(len(QUESTION_TYPES))]]
    return np.concatenate([features[:, :BASE_FEATURES], kinds], axis=1)


@lru_cache(maxsize=1)
def shipped_weights() -> Ranker:
    """The fitted ranker shipped with the package."""
    raw = json.loads(resources.files("townsquare.assistant").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))
    weights = np.asarray(raw["weights"], dtype=np.float32)
    if weights.shape != (n_features(),):
        raise ValueError(f"{WEIGHTS_FILE} has {weights.shape[0]} weights; the features need {n_features()}")
    hidden = {k: np.asarray(v, dtype=np.float32) for k, v in raw["hidden"].items()} if raw.get("hidden") else None
    return Ranker(weights, hidden)


def best_spans(
    question: str, text: str, weights: Ranker | np.ndarray | None = None, top: int = 1, embedder=None
) -> list[Span]:
    """The best-scoring answer spans of ``text`` for ``question`` (best first; [] when the post has no candidate)."""
    spans, features, toks = candidates(question, text, embedder)
    if not spans:
        return []
    ranker = shipped_weights() if weights is None else weights
    scores = ranker.score(features) if isinstance(ranker, Ranker) else features @ ranker
    order = np.argsort(-scores, kind="stable")[:top]
    out = []
    for k in order:
        i, j = _complete_name(toks, *spans[k])
        start, end = toks[i].start, toks[j - 1].end
        out.append(Span(text[start:end], start, end, float(scores[k])))
    return out


def _complete_name(toks: list[Token], i: int, j: int) -> tuple[int, int]:
    """A span inside a capitalised name takes the rest of it: "Mayor Dana" -> "Mayor Dana Whitfield",
    "Dana Whitfield" -> "Mayor Dana Whitfield"."""

    def name_word(k: int) -> bool:
        return toks[k].text[:1].isupper() and toks[k].text.isalpha() and toks[k].lower not in STOPWORDS

    if toks[j - 1].text[:1].isupper():
        while j < len(toks) and j - i < MAX_SPAN + 2 and name_word(j):
            j += 1
    if toks[i].text[:1].isupper():  # held in on tune[4200:]: span ROUGE-L 0.3930 vs 0.3923 without
        while i > 0 and j - i < MAX_SPAN + 2 and name_word(i - 1):
            i -= 1
    return i, j


def fit_listwise(
    groups: list[tuple[np.ndarray, np.ndarray]],
    epochs: int = 300,
    lr: float = 0.01,
    l2: float = 3e-3,
    temperature: float = 10.0,
    hidden: int = 32,
    seed: int = 0,
) -> Ranker:
    """Fit a ``Ranker`` so that, per question, softmax(score) matches softmax(temperature * target).

    ``groups``: one ``(features (N, F), target (N,))`` per question, target in [0, 1]
    (e.g. each candidate's ROUGE-L against the gold answer). Adam on the listwise
    cross-entropy, full batch; ``hidden=0`` fits the linear part alone.
    """
    xc = np.concatenate([f for f, _ in groups]).astype(np.float32)
    xb = mlp_inputs(xc)
    sizes = np.array([len(f) for f, _ in groups])
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    group_of = np.repeat(np.arange(len(groups)), sizes)
    target = np.concatenate([t for _, t in groups]).astype(np.float64) * temperature
    target = np.exp(target - np.maximum.reduceat(target, starts)[group_of])
    target /= np.add.reduceat(target, starts)[group_of]
    rng = np.random.default_rng(seed)
    params = {"linear": np.zeros(xc.shape[1])}
    if hidden:
        params.update(
            W1=rng.normal(0.0, 0.1, (xb.shape[1], hidden)), b1=np.zeros(hidden), w2=rng.normal(0.0, 0.1, hidden)
        )
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(v) for k, v in params.items()}
    n = len(groups)
    for step in range(1, epochs + 1):
        logits = xc @ params["linear"]
        if hidden:
            z = xb @ params["W1"] + params["b1"]
            h = np.maximum(z, 0.0)
            logits = logits + h @ params["w2"]
        logits -= np.maximum.reduceat(logits, starts)[group_of]
        p = np.exp(logits)
        p /= np.add.reduceat(p, starts)[group_of]
        grad_score = (p - target) / n
        grads = {"linear": xc.T @ grad_score + l2 * params["linear"]}
        if hidden:
            grads["w2"] = h.T @ grad_score + l2 * params["w2"]
            grad_z = np.outer(grad_score, params["w2"]) * (z > 0)
            grads["W1"] = xb.T @ grad_z + l2 * params["W1"]
            grads["b1"] = grad_z.sum(axis=0)
        for k in params:
            m[k] = 0.9 * m[k] + 0.1 * grads[k]
            v[k] = 0.999 * v[k] + 0.001 * grads[k] * grads[k]
            params[k] -= lr * (m[k] / (1 - 0.9**step)) / (np.sqrt(v[k] / (1 - 0.999**step)) + 1e-8)
    layer = {k: params[k].astype(np.float32) for k in ("W1", "b1", "w2")} if hidden else None
    return Ranker(params["linear"].astype(np.float32), layer)
