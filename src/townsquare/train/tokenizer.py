"""Byte-level BPE tokenizer trained on a corpus with Hugging Face ``tokenizers``.

Every post becomes ``<|post|> text <|endoftext|>``. The PII placeholders the
corpus build writes (``<EMAIL>``, ``<PHONE>`` ...) and ``@user`` are special
tokens, so the model sees one id per placeholder instead of learning to spell
them, and the tokenizer can never split one in two.

A run of mentions (``@user @user @user hi``, the reply chains X shows as
"Replying to ...") is trained on as one ``@user``: once the corpus build has
anonymised them the run says nothing but its length, and a model trained on
the runs learns to loop on ``@user`` (sampled text from TweetEval, where 4% of
posts hold three or more in a row, ran to 25 in a row).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from townsquare.corpus_dir import CorpusDir
from townsquare.errors import CorpusError

POST_TOKEN = "<|post|>"
EOS_TOKEN = "<|endoftext|>"
PAD_TOKEN = "<|pad|>"
PII_TOKENS = (
    "<EMAIL>",
    "<PHONE>",
    "<CARD>",
    "<IBAN>",
    "<IP>",
    "<GOV_ID>",
    "<ADDRESS>",
    "<SECRET>",
    "<DOB>",
    "<PASSPORT>",
    "<DRIVER_LICENSE>",
    "<GEO>",
    "<NAME>",
    "<PLATE>",
    "<BOOKING_REF>",
)
MENTION_TOKEN = "@user"
SPECIAL_TOKENS = (EOS_TOKEN, POST_TOKEN, PAD_TOKEN, *PII_TOKENS, MENTION_TOKEN)
"""Ids 0.. in this order: ``<|endoftext|>`` is id 0."""
_MENTION_RUN = re.compile(r"(?<![\w@])@user(?:\s+@user(?!\w))+")


def model_text(text: str) -> str:
    """The text a post is trained on: each run of two or more ``@user`` mentions becomes one ``@user``."""
    return _MENTION_RUN.sub(MENTION_TOKEN, text)


def posts_dir(corpus: str | Path) -> Path:
    """``CORPUS/posts`` or a clear error when the corpus has no posts."""
    return CorpusDir(corpus).require_posts()


def iter_texts(corpus: str | Path, batch_size: int = 4096) -> Iterator[list[str]]:
    """Stream the corpus text in lists of up to ``batch_size`` posts (nulls dropped)."""
    from townsquare.post import read_parquet

    folder = CorpusDir(corpus)
    folder.require_posts()
    for batch in read_parquet(folder.post_parts(), columns=["text"], batch_size=batch_size):
        texts = [model_text(t) for t in batch.column(0).to_pylist() if t]
        if texts:
            yield texts


def train_tokenizer(batches: Iterator[list[str]], vocab_size: int = 8192):
    """Train a byte-level BPE on batches of texts; returns a ``tokenizers.Tokenizer``."""
    from tokenizers import (
        Tokenizer,
        decoders,
        models,
        pre_tokenizers,
        processors,
        trainers,
    )

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),  # every byte is encodable: no <unk>
        show_progress=False,
    )
    tokenizer.train_from_iterator(batches, trainer=trainer)
    return tokenizer


def load_tokenizer(path: str | Path):
    """Load ``tokenizer.json`` (a file, or a folder holding one)."""
    from tokenizers import Tokenizer

    path = Path(path)
    if path.is_dir():
        path = path / "tokenizer.json"
    if not path.is_file():
        raise CorpusError(f"no tokenizer at {path}: run `townsquare tokenize CORPUS` first")
    try:
        return Tokenizer.from_file(str(path))
    except Exception as exc:  # noqa: BLE001 -- tokenizers raises a bare Exception for a broken file
        raise CorpusError(f"{path} is not a readable tokenizer ({exc}): rerun `townsquare tokenize CORPUS`") from None


def tokenizer_fingerprint(path: str | Path) -> str | None:
    """A digest of what the token ids of ``tokenizer.json`` (a file or a folder holding one) mean; None if absent.

    Taken from the BPE vocabulary, merges and special tokens only, so the copy the
    export writes into ``RUN/model/`` (reformatted by transformers) has the same one.
    """
    import hashlib
    import json

    path = Path(path)
    if path.is_dir():
        path = path / "tokenizer.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        meaning = [
            data["model"]["vocab"],
            data["model"].get("merges"),
            sorted((t["id"], t["content"]) for t in data.get("added_tokens", [])),
        ]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"{path} is not a readable tokenizer ({exc}): rerun `townsquare tokenize CORPUS`") from None
    return hashlib.sha256(json.dumps(meaning, sort_keys=True).encode()).hexdigest()[:32]


def encode_posts(tokenizer, texts: list[str]) -> list[list[int]]:
    """Encode posts as ``<|post|> text <|endoftext|>`` id lists (batched in Rust), mention runs collapsed."""
    post_id, eos_id = tokenizer.token_to_id(POST_TOKEN), tokenizer.token_to_id(EOS_TOKEN)
    encoded = tokenizer.encode_batch([model_text(t) for t in texts], add_special_tokens=False)
    return [[post_id, *enc.ids, eos_id] for enc in encoded]
