"""Token shards: ``CORPUS/tokens/{train,val}.bin`` plus a per-post index.

File layout (little endian), the same for ``.bin`` (tokens) and ``.idx``
(uint64 offset of each post's first token in the ``.bin``)::

    0   8s  magic   b"TSQTOKS\\0"
    8   u32 version 1
    12  u32 itemsize 2 (uint16) | 4 (uint32) | 8 (uint64, index files)
    16  u64 count   number of items after the header
    24  u64 reserved
    32  ... items

Writers stream (append items, patch ``count`` at close, rename into place);
readers memory-map, so a shard of any size opens instantly and costs no RAM.
Posts go to train or val by a hash of their ``conversation_id`` so a thread
never straddles the split (a reply in val whose parent is in train would leak).

Token shards are a copy of the corpus text, so they must not outlive it:
``tokens/meta.json`` records the corpus state they were made from
(:func:`corpus_state`), ``forget`` and a rebuild that changes the posts remove
``tokens/`` and ``tokenizer.json`` (:func:`remove_tokens`), and training refuses
shards made from another state (:func:`check_fresh`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import struct
from pathlib import Path

import numpy as np
import xxhash

from townsquare.errors import CorpusError
from townsquare.train.tokenizer import tokenizer_fingerprint

MAGIC = b"TSQTOKS\0"
VERSION = 1
HEADER = struct.Struct("<8sIIQQ")  # 32 bytes
DTYPES = {2: np.uint16, 4: np.uint32, 8: np.uint64}
SPLITS = ("train", "val")


def token_dtype(vocab_size: int) -> type:
    """uint16 while every id fits, else uint32."""
    return np.uint16 if vocab_size <= 1 << 16 else np.uint32


def split_of(conversation_id: str, val_fraction: float) -> str:
    """'val' for a stable ``val_fraction`` of conversations (by hash), else 'train'."""
    bucket = xxhash.xxh64_intdigest(conversation_id.encode("utf-8")) % 10_000
    return "val" if bucket < val_fraction * 10_000 else "train"


class ShardWriter:
    """Append-only writer of one shard file; ``close()`` patches the count and renames into place."""

    def __init__(self, path: str | Path, dtype: type) -> None:
        self.path = Path(path)
        self.dtype = np.dtype(dtype)
        self.count = 0
        self._tmp = self.path.with_name(f".{self.path.name}.tmp")
        self._fh = open(self._tmp, "wb")
        self._fh.write(HEADER.pack(MAGIC, VERSION, self.dtype.itemsize, 0, 0))

    def write(self, items) -> None:
        array = np.asarray(items, dtype=self.dtype)
        self._fh.write(array.tobytes())
        self.count += array.size

    def close(self) -> None:
        self._fh.seek(0)
        self._fh.write(HEADER.pack(MAGIC, VERSION, self.dtype.itemsize, self.count, 0))
        self._fh.close()
        self._tmp.replace(self.path)

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.close()
        else:
            self._fh.close()
            self._tmp.unlink(missing_ok=True)


def open_shard(path: str | Path) -> np.memmap:
    """Memory-map a shard written by ShardWriter (checks magic, version and size)."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"no token shard at {path}: run `townsquare tokenize CORPUS` first")
    with open(path, "rb") as fh:
        raw = fh.read(HEADER.size)
    if len(raw) < HEADER.size:
        raise CorpusError(f"{path} is too short to be a token shard")
    magic, version, itemsize, count, _ = HEADER.unpack(raw)
    if magic != MAGIC or version != VERSION or itemsize not in DTYPES:
        raise CorpusError(f"{path} is not a townsquare token shard (magic {magic!r}, version {version})")
    expected = HEADER.size + count * itemsize
    if path.stat().st_size != expected:
        raise CorpusError(f"{path} is truncated: header says {count} items ({expected} bytes), "
                          f"file has {path.stat().st_size} bytes")
    if count == 0:
        return np.zeros(0, dtype=DTYPES[itemsize])
    return np.memmap(path, dtype=DTYPES[itemsize], mode="r", offset=HEADER.size, shape=(count,))


def corpus_state(corpus: str | Path) -> str:
    """A digest of what the corpus's posts are: the build's inputs and options, kept count and parts.

    Taken from the manifest (where ``build`` and ``forget`` record every change) and the
    posts parts' names and sizes, never from times, so a copied corpus keeps its state and
    a rebuild of the same inputs gives the same one.
    """
    corpus = Path(corpus)
    manifest: dict = {}
    if (corpus / "manifest.json").is_file():
        try:
            manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CorpusError(f"{corpus / 'manifest.json'}: unreadable manifest ({exc})") from exc
    options = {k: v for k, v in manifest.get("options", {}).items() if k not in ("engine", "workers")}
    state = {
        "inputs": [[i.get("shard"), i.get("format"), i.get("xxh3_128")] for i in manifest.get("inputs", [])],
        "options": options,
        "stage_versions": manifest.get("stage_versions"),
        "kept": manifest.get("counts", {}).get("kept"),
        "parts": [[p.name, p.stat().st_size] for p in sorted((corpus / "posts").glob("part-*.parquet"))],
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:32]


def _meta(corpus: Path) -> dict:
    """``tokens/meta.json`` ({} when absent or unreadable)."""
    try:
        meta = json.loads((corpus / "tokens" / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def tokens_corpus_state(corpus: str | Path) -> str | None:
    """The corpus state (:func:`corpus_state`) the token shards were made from, as ``tokens/meta.json`` says.

    A run records it (``run.json``) so that ``forget`` can tell which runs trained on a forgotten post.
    """
    return _meta(Path(corpus)).get("corpus_state")


def check_fresh(corpus: str | Path) -> None:
    """Raise CorpusError unless ``CORPUS/tokens`` was made from the corpus as it is now."""
    corpus = Path(corpus)
    if not (corpus / "tokens").is_dir():
        return  # open_shard says "run townsquare tokenize" for missing shards
    if not (corpus / "tokens" / "meta.json").is_file():
        raise CorpusError(f"{corpus / 'tokens'} is incomplete (no meta.json: `townsquare tokenize` did not finish): "
                          f"rerun `townsquare tokenize {corpus}`")
    meta = _meta(corpus)  # its corpus_state is None when unreadable or from before it was recorded: stale
    if meta.get("corpus_state") != corpus_state(corpus):
        raise CorpusError(f"{corpus / 'tokens'} was made from an earlier state of the corpus (rebuilt or "
                          f"posts forgotten since, or tokenized by an older townsquare): "
                          f"rerun `townsquare tokenize {corpus}`")
    recorded = meta.get("tokenizer")  # absent in shards written before it was recorded
    if recorded is not None and recorded != tokenizer_fingerprint(corpus / "tokenizer.json"):
        raise CorpusError(f"{corpus / 'tokenizer.json'} is not the tokenizer {corpus / 'tokens'} was written with "
                          f"(replaced, or a tokenize was interrupted): rerun `townsquare tokenize {corpus}`")


def remove_tokens(corpus: str | Path) -> bool:
    """Delete ``tokens/`` and ``tokenizer.json`` (its vocabulary was learnt from the old texts); True if any was."""
    corpus = Path(corpus)
    found = False
    if (corpus / "tokens").is_dir():
        shutil.rmtree(corpus / "tokens")
        found = True
    if (corpus / "tokenizer.json").is_file():
        (corpus / "tokenizer.json").unlink()
        found = True
    return found


def remove_stale_tokens(corpus: str | Path) -> bool:
    """``remove_tokens`` when the tokens were made from another corpus state; True if removed."""
    corpus = Path(corpus)
    if not (corpus / "tokens").is_dir() and not (corpus / "tokenizer.json").is_file():
        return False
    if _meta(corpus).get("corpus_state") == corpus_state(corpus):
        return False
    return remove_tokens(corpus)


def tokenize_corpus(corpus: str | Path, vocab_size: int = 8192, val_fraction: float = 0.05,
                    batch_size: int = 4096) -> dict:
    """Train ``CORPUS/tokenizer.json`` and write ``CORPUS/tokens/``; returns the stats (also ``tokens/meta.json``).

    The corpus is locked meanwhile (``townsquare.lock``): no build or forget rewrites it under the tokenizer."""
    from townsquare.lock import output_lock

    from townsquare.sources import refuse_ingest_output

    if not Path(corpus).is_dir():
        raise CorpusError(f"{corpus}: no such corpus folder")
    refuse_ingest_output(corpus, "tokenize")
    with output_lock(corpus, "tokenize"):
        return _tokenize_corpus_unlocked(corpus, vocab_size, val_fraction, batch_size)


def _tokenize_corpus_unlocked(corpus: str | Path, vocab_size: int, val_fraction: float, batch_size: int) -> dict:
    from townsquare.corpus.executor import write_json_atomic
    from townsquare.train.tokenizer import posts_dir

    if not 0 < val_fraction < 1:
        raise CorpusError(f"val_fraction must be in (0, 1), got {val_fraction}")
    corpus = Path(corpus)
    state = corpus_state(corpus)  # before reading: a change while we read makes the tokens stale, not wrong-fresh
    files = sorted(posts_dir(corpus).glob("part-*.parquet"))
    # meta.json is what makes shards usable (check_fresh): gone until the new tokenizer and shards are all
    # written, so a kill in between never leaves a new tokenizer.json beside old shards that still look fresh
    (corpus / "tokens" / "meta.json").unlink(missing_ok=True)
    try:
        meta = _write_tokens(corpus, files, state, vocab_size, val_fraction, batch_size)
    except CorpusError:
        remove_tokens(corpus)  # a failed tokenize leaves "run townsquare tokenize", not half a result
        raise
    write_json_atomic(corpus / "tokens" / "meta.json", meta)
    return meta


def _write_tokens(corpus: Path, files: list[Path], state: str, vocab_size: int, val_fraction: float,
                  batch_size: int) -> dict:
    from townsquare.post import read_parquet
    from townsquare.train.tokenizer import encode_posts, iter_texts, train_tokenizer

    tokenizer = train_tokenizer(iter_texts(corpus, batch_size), vocab_size)
    tmp = corpus / ".tokenizer.json.tmp"
    tokenizer.save(str(tmp))
    tmp.replace(corpus / "tokenizer.json")

    out = corpus / "tokens"
    out.mkdir(parents=True, exist_ok=True)
    dtype = token_dtype(tokenizer.get_vocab_size())
    stats = {split: {"posts": 0, "tokens": 0} for split in SPLITS}
    with contextlib.ExitStack() as stack:  # on an error or a kill signal the writers close and drop their temp files
        writers = {split: (stack.enter_context(ShardWriter(out / f"{split}.bin", dtype)),
                           stack.enter_context(ShardWriter(out / f"{split}.idx", np.uint64))) for split in SPLITS}
        for batch in read_parquet(files, columns=["id", "conversation_id", "text"], batch_size=batch_size):
            ids, convs, texts = (batch.column(i).to_pylist() for i in range(3))
            keep = [i for i, text in enumerate(texts) if text]
            pending = {split: ([], []) for split in SPLITS}  # split -> (post starts, tokens); one write per batch
            for i, tokens in zip(keep, encode_posts(tokenizer, [texts[i] for i in keep])):
                split = split_of(convs[i] or ids[i], val_fraction)  # a post without a thread is its own thread
                starts, flat = pending[split]
                starts.append(writers[split][0].count + len(flat))
                flat.extend(tokens)
            for split, (starts, flat) in pending.items():
                writers[split][1].write(starts)
                writers[split][0].write(flat)
                stats[split]["posts"] += len(starts)
                stats[split]["tokens"] += len(flat)
    if not stats["val"]["posts"] and not stats["train"]["posts"]:
        raise CorpusError(f"{corpus} has no post with text to tokenize")
    if not stats["val"]["tokens"] or not stats["train"]["tokens"]:
        empty = "val" if not stats["val"]["tokens"] else "train"
        raise CorpusError(f"the split by conversation left {empty} empty ({stats['train']['posts']} posts in train, "
                          f"{stats['val']['posts']} in val): the corpus has too few conversations for "
                          f"--val-fraction {val_fraction}")
    return {"corpus_state": state, "tokenizer": tokenizer_fingerprint(corpus / "tokenizer.json"),
            "vocab_size": tokenizer.get_vocab_size(), "dtype": np.dtype(dtype).name,
            "val_fraction": val_fraction, "split_by": "conversation_id (xxh64)",
            "mention_runs": "collapsed to one @user", **stats}
