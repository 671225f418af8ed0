from __future__ import annotations

import numpy as np
import pytest

from townsquare.errors import CorpusError
from townsquare.train.shards import HEADER, MAGIC, ShardWriter, open_shard, split_of, token_dtype
from townsquare.train.tokenizer import load_tokenizer


def test_header_and_memmap(corpus):
    path = corpus / "tokens" / "train.bin"
    magic, version, itemsize, count, _ = HEADER.unpack(path.read_bytes()[: HEADER.size])
    assert (magic, version, itemsize) == (MAGIC, 1, 2)
    tokens = open_shard(path)
    assert isinstance(tokens, np.memmap) and tokens.dtype == np.uint16 and len(tokens) == count > 1000
    index = open_shard(corpus / "tokens" / "train.idx")
    assert index[0] == 0 and np.all(np.diff(index.astype(np.int64)) > 0) and index[-1] < count


def test_uint32_when_vocab_does_not_fit_uint16(tmp_path):
    assert token_dtype(65536) == np.uint16 and token_dtype(70000) == np.uint32
    with ShardWriter(tmp_path / "big.bin", np.uint32) as writer:
        writer.write([1, 70000])
        writer.write([123456])
    assert open_shard(tmp_path / "big.bin").tolist() == [1, 70000, 123456]


def test_truncated_or_foreign_files_are_refused(tmp_path):
    with ShardWriter(tmp_path / "a.bin", np.uint16) as writer:
        writer.write(range(10))
    data = (tmp_path / "a.bin").read_bytes()
    (tmp_path / "cut.bin").write_bytes(data[:-2])
    with pytest.raises(CorpusError, match="truncated"):
        open_shard(tmp_path / "cut.bin")
    (tmp_path / "other.bin").write_bytes(b"NOTTOKEN" + data[8:])
    with pytest.raises(CorpusError, match="not a townsquare token shard"):
        open_shard(tmp_path / "other.bin")


def _conversations(corpus, split):
    """Decode every post of a split via the index and recover its conversation from the post number."""
    tokenizer = load_tokenizer(corpus)
    tokens = open_shard(corpus / "tokens" / f"{split}.bin")
    starts = open_shard(corpus / "tokens" / f"{split}.idx").astype(np.int64).tolist() + [len(tokens)]
    convs = set()
    for a, b in zip(starts, starts[1:]):
        text = tokenizer.decode(tokens[a:b].tolist(), skip_special_tokens=True)
        number = int(text.split("#")[1].split()[0])
        convs.add(f"c{number // 3}")
    return convs, len(starts) - 1


def test_split_by_conversation_never_straddles(corpus):
    train, n_train = _conversations(corpus, "train")
    val, n_val = _conversations(corpus, "val")
    assert n_train + n_val == 900
    assert val and train and not (train & val)
    assert all(split_of(c, 0.1) == "val" for c in val)
