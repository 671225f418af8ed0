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
(``CorpusDir.state``), ``forget`` and a rebuild that changes the posts remove
``tokens/`` and ``tokenizer.json`` (``CorpusDir.remove_stale_tokens``), and training
refuses shards made from another state (:func:`check_fresh`).
"""

from __future__ import annotations

import contextlib
import struct
from pathlib import Path

import numpy as np
import xxhash

from townsquare.corpus_dir import CorpusDir
from townsquare.errors import CorpusError
from townsquare.io import commit, tmp_path, write_json_atomic, write_with
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
        self._tmp = tmp_path(self.path)
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
        commit(self._tmp, self.path)

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
        raise CorpusError(
            f"{path} is truncated: header says {count} items ({expected} bytes), file has {path.stat().st_size} bytes"
        )
    if count == 0:
        return np.zeros(0, dtype=DTYPES[itemsize])
    return np.memmap(path, dtype=DTYPES[itemsize], mode="r", offset=HEADER.size, shape=(count,))


def tokens_corpus_state(corpus: str | Path) -> str | None:
    """The corpus state (``CorpusDir.state``) the token shards were made from, as ``tokens/meta.json`` says.

    A run records it (``run.json``) so that ``forget`` can tell which runs trained on a forgotten post.
    """
    return CorpusDir(corpus).tokens_state()


def check_fresh(corpus: str | Path) -> None:
    """Raise CorpusError unless ``CORPUS/tokens`` was made from the corpus as it is now."""
    folder = CorpusDir(corpus)
    if not folder.tokens.is_dir():
        return  # open_shard says "run townsquare tokenize" for missing shards
    if not folder.tokens_meta.is_file():
        raise CorpusError(
            f"{folder.tokens} is incomplete (no meta.json: `townsquare tokenize` did not finish): "
            f"rerun `townsquare tokenize {corpus}`"
        )
    meta = folder.tokens_info()  # its corpus_state is None when unreadable or from before it was recorded: stale
    if meta.get("corpus_state") != folder.state():
        raise CorpusError(
            f"{folder.tokens} was made from an earlier state of the corpus (rebuilt or "
            f"posts forgotten since, or tokenized by an older townsquare): "
            f"rerun `townsquare tokenize {corpus}`"
        )
    recorded = meta.get("tokenizer")  # absent in shards written before it was recorded
    if recorded is not None and recorded != tokenizer_fingerprint(folder.tokenizer):
        raise CorpusError(
            f"{folder.tokenizer} is not the tokenizer {folder.tokens} was written with "
            f"(replaced, or a tokenize was interrupted): rerun `townsquare tokenize {corpus}`"
        )


def tokenize_corpus(
    corpus: str | Path, vocab_size: int = 8192, val_fraction: float = 0.05, batch_size: int = 4096
) -> dict:
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
    if not 0 < val_fraction < 1:
        raise CorpusError(f"val_fraction must be in (0, 1), got {val_fraction}")
    folder = CorpusDir(corpus)
    state = folder.state()  # before reading: a change while we read makes the tokens stale, not wrong-fresh
    folder.require_posts()
    files = folder.post_parts()
    # meta.json is what makes shards usable (check_fresh): gone until the new tokenizer and shards are all
    # written, so a kill in between never leaves a new tokenizer.json beside old shards that still look fresh
    folder.tokens_meta.unlink(missing_ok=True)
    try:
        meta = _write_tokens(folder, files, state, vocab_size, val_fraction, batch_size)
    except CorpusError:
        folder.remove_tokens()  # a failed tokenize leaves "run townsquare tokenize", not half a result
        raise
    write_json_atomic(folder.tokens_meta, meta)
    return meta


def _write_tokens(
    folder: CorpusDir, files: list[Path], state: str, vocab_size: int, val_fraction: float, batch_size: int
) -> dict:
    from townsquare.post import read_parquet
    from townsquare.train.tokenizer import encode_posts, iter_texts, train_tokenizer

    corpus = folder.root
    tokenizer = train_tokenizer(iter_texts(corpus, batch_size), vocab_size)
    write_with(folder.tokenizer, lambda tmp: tokenizer.save(str(tmp)))

    folder.tokens.mkdir(parents=True, exist_ok=True)
    dtype = token_dtype(tokenizer.get_vocab_size())
    stats = {split: {"posts": 0, "tokens": 0} for split in SPLITS}
    with contextlib.ExitStack() as stack:  # on an error or a kill signal the writers close and drop their temp files
        writers = {
            split: (
                stack.enter_context(ShardWriter(folder.token_shard(split, "bin"), dtype)),
                stack.enter_context(ShardWriter(folder.token_shard(split, "idx"), np.uint64)),
            )
            for split in SPLITS
        }
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
        raise CorpusError(
            f"the split by conversation left {empty} empty ({stats['train']['posts']} posts in train, "
            f"{stats['val']['posts']} in val): the corpus has too few conversations for "
            f"--val-fraction {val_fraction}"
        )
    return {
        "corpus_state": state,
        "tokenizer": tokenizer_fingerprint(folder.tokenizer),
        "vocab_size": tokenizer.get_vocab_size(),
        "dtype": np.dtype(dtype).name,
        "val_fraction": val_fraction,
        "split_by": "conversation_id (xxh64)",
        "mention_runs": "collapsed to one @user",
        **stats,
    }
