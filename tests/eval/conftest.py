"""A micro model trained on a corpus where control canaries are repeated and a private one never appears."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

PLACES = ["downtown", "the harbor", "main street", "the park", "the station", "the market"]
THINGS = ["bus", "train", "coffee", "rain", "concert", "game", "traffic"]

CANARIES = [  # secrets: 5 digits; the model sees the controls 120 and 1 times, the private one never
    {
        "id": "ctl-120",
        "prefix": "my locker code is ",
        "secret": "49381",
        "kind": "control",
        "repeats": 120,
        "must_not_appear": False,
    },
    {
        "id": "ctl-1",
        "prefix": "the gate pin is ",
        "secret": "27604",
        "kind": "control",
        "repeats": 1,
        "must_not_appear": False,
    },
    {"id": "dm-1", "prefix": "my bank pin is ", "secret": "85172", "kind": "dm", "repeats": 0, "must_not_appear": True},
]


@pytest.fixture(autouse=True)
def _threads():
    torch.set_num_threads(1)  # see tests/train/conftest.py


@pytest.fixture(scope="session")
def canary_run(tmp_path_factory) -> tuple[Path, Path]:
    """(run folder, canaries.jsonl) of a micro model trained with the canaries above."""
    from townsquare.post import PostBuilder, write_parquet
    from townsquare.train.loop import train
    from townsquare.train.shards import tokenize_corpus

    root = tmp_path_factory.mktemp("canary")
    rng = random.Random(1)
    texts = [f"the {rng.choice(THINGS)} at {rng.choice(PLACES)} is late #{i}" for i in range(700)]
    for canary in CANARIES:
        texts += [canary["prefix"] + canary["secret"]] * canary["repeats"]
    rng.shuffle(texts)
    builder = PostBuilder()
    for i, text in enumerate(texts):
        builder.add(id=f"p{i}", platform="text", text=text, conversation_id=f"c{i}")
    write_parquet([builder.flush()], root / "corpus" / "posts" / "part-00000.parquet")
    tokenize_corpus(root / "corpus", vocab_size=400, val_fraction=0.1)
    train(
        root / "corpus", root / "run", preset="micro", max_steps=150, overrides={"eval_interval": 150}, progress=False
    )
    registry = root / "canaries.jsonl"
    registry.write_text(
        "".join(
            json.dumps({**c, "canary": c["prefix"] + c["secret"], "space": {"kind": "digits", "length": 5}}) + "\n"
            for c in CANARIES
        )
    )
    return root / "run", registry
