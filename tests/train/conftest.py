"""A small synthetic corpus (templated posts in threads of three), tokenized once per session, and a micro run."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

PLACES = ["downtown", "the harbor", "main street", "the park", "the station", "the market", "city hall"]
THINGS = ["bus", "train", "coffee", "rain", "concert", "game", "traffic", "festival"]
MOODS = ["late again", "so good today", "packed", "cancelled", "amazing", "slow as usual", "free this week"]


def make_corpus(root: Path, posts: int = 900, seed: int = 0) -> Path:
    """Write ``root/posts/part-00000.parquet``: numbered posts, three per conversation, with placeholders."""
    from townsquare.post import PostBuilder, write_parquet

    rng = random.Random(seed)
    builder = PostBuilder()
    for i in range(posts):
        text = f"the {rng.choice(THINGS)} at {rng.choice(PLACES)} is {rng.choice(MOODS)} #{i}"
        if i % 5 == 0:
            text = f"@user {text} mail me at <EMAIL>"
        builder.add(id=f"p{i}", platform="text", text=text, conversation_id=f"c{i // 3}", lang="en")
    write_parquet([builder.flush()], root / "posts" / "part-00000.parquet")
    return root


@pytest.fixture(autouse=True)
def _threads():
    # one thread: on a shared 2-core box, two OpenMP threads made a micro step ~20x slower (spin-waiting)
    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    from townsquare.train.shards import tokenize_corpus

    root = make_corpus(tmp_path_factory.mktemp("corpus"))
    tokenize_corpus(root, vocab_size=400, val_fraction=0.1)
    return root


@pytest.fixture(scope="session")
def micro_run(corpus, tmp_path_factory) -> Path:
    """A finished micro run (trained once, shared by the export and eval tests)."""
    from townsquare.train.loop import train

    out = tmp_path_factory.mktemp("runs") / "micro"
    train(corpus, out, preset="micro", progress=False)
    return out


@pytest.fixture
def corpus_factory():
    """``make_corpus`` for tests that need their own (untokenized) corpus."""
    return make_corpus
