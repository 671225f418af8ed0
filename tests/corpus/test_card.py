"""The data card: Hugging Face layout, the numbers of the build, charts, and never a post's text."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from corpus_inputs import scenario

from townsquare.corpus.build import build
from townsquare.corpus.card import size_category


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("inputs")
    scenario(inputs)
    out = tmp_path_factory.mktemp("c") / "corpus"
    build(
        [inputs / "a.parquet", inputs / "b.parquet", inputs / "tweets_compliance.jsonl"],
        out,
        workers=1,
        opt_out=inputs / "opt_out.txt",
    )
    return inputs, out


def test_yaml_header_and_sections(corpus):
    _, out = corpus
    card = (out / "CARD.md").read_text()
    header = card.split("---")[1]
    for key in ("license:", "language:", "size_categories:", "task_categories:", "pretty_name:"):
        assert key in header
    assert "- en" in header and "- n<1K" in header
    for section in (
        "## Dataset Summary",
        "## Dataset Structure",
        "### Data Fields",
        "## Source Data",
        "## Personal and Sensitive Information",
        "## Considerations for Using the Data",
        "## Drops per stage and reason",
    ):
        assert section in card, section


def test_numbers_match_the_build(corpus):
    _, out = corpus
    card = (out / "CARD.md").read_text()
    counts = json.loads((out / "stats" / "global.json").read_text())["counts"]
    assert f"read {counts['read']:,} = kept {counts['kept']:,}" in card
    assert "| `<EMAIL>` | 1 |" in card  # redaction counts per type
    assert "| public_only | private_visibility_direct | 1 |" in card
    assert "| dedup | dedup_exact | 2 |" in card
    assert "deleted (tombstone elsewhere in the input)" in card


def test_card_never_quotes_a_post(corpus):
    _, out = corpus
    card = (out / "CARD.md").read_text()
    texts = pq.read_table(out / "posts").column("text").to_pylist()
    rejected = [t for t in pq.read_table(out / "rejects").column("text").to_pylist() if t]
    for text in texts + rejected:
        assert text[:30] not in card


def test_charts_are_pngs(corpus):
    _, out = corpus
    for name in ("drops", "languages", "over_time", "lengths"):
        data = (out / "charts" / f"{name}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000
        assert f"charts/{name}.png" in (out / "CARD.md").read_text()


def test_size_categories():
    assert size_category(5) == "n<1K"
    assert size_category(1_500_000) == "1M<n<10M"
