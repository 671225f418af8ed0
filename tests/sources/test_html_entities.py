"""Text as people wrote it: X's HTML escaping (&amp; &lt; &gt;) and CSV numeric references are decoded once."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from townsquare.post import POST_SCHEMA
from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, SourceStats, decode_entities


def texts(path: Path, fmt: str | None = None, allow_quarantine: bool = False, **kwargs) -> list[str]:
    stats, quarantine = SourceStats(str(path), fmt or "?"), Quarantine()
    table = pa.Table.from_batches(
        list(read_file(path, fmt=fmt, stats=stats, quarantine=quarantine, **kwargs)), schema=POST_SCHEMA
    )
    assert stats.reconciles and (allow_quarantine or not quarantine.records), quarantine.records
    return [text for text in table.column("text").to_pylist() if text is not None]


@pytest.mark.parametrize(
    ("escaped", "written"),
    [
        ("Woodward &amp; Bernstein", "Woodward & Bernstein"),
        ("I &lt;3 this &gt;&gt; that", "I <3 this >> that"),
        ("typed &amp;amp; literally", "typed &amp; literally"),  # one pass: what the author typed survives
        ("AT&T and R&D &nbsp", "AT&T and R&D &nbsp"),  # not references (no ';'): left alone
        ("sigh &#128530; &#x1F600;", "sigh \U0001f612 \U0001f600"),
    ],
)
def test_decode_entities(escaped, written):
    assert decode_entities(escaped) == written


def test_x_api_page_and_flattened_tweets_are_decoded(tmp_path):
    page = {
        "data": [
            {"id": "1", "text": "fish &amp; chips &lt;3", "author_id": "9", "created_at": "2024-01-01T00:00:00.000Z"}
        ],
        "includes": {"users": [{"id": "9", "username": "cook", "protected": False}]},
    }
    flat = {
        "id": "2",
        "text": "tea &gt; coffee",
        "author_id": "9",
        "created_at": "2024-01-01T00:00:00.000Z",
        "author": {"id": "9", "username": "cook"},
    }
    (tmp_path / "page.json").write_text(json.dumps(page))
    (tmp_path / "flat.jsonl").write_text(json.dumps(flat) + "\n")
    assert texts(tmp_path / "page.json", "x-api-v2") == ["fish & chips <3"]
    assert texts(tmp_path / "flat.jsonl", "x-api-v2") == ["tea > coffee"]


def test_x_archive_is_decoded(fixtures):
    got = texts(fixtures / "x" / "archive", "x-archive")
    assert any(text.startswith("@PetrBystronAfD > Hausdurchsuchungen") for text in got)
    assert not any("&gt;" in text or "&amp;" in text for text in got)


def test_csv_numeric_references_are_decoded(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("id,text\n1,so tired &#128530; &amp; hungry\n", encoding="utf-8")
    assert texts(path, "csv") == ["so tired \U0001f612 & hungry"]


@pytest.mark.shared_data
def test_no_escaped_ampersand_reaches_posts_from_the_real_x_api_sample(shared_data):
    folder = shared_data / "x-api-v2"
    got = [
        text
        for path in sorted(folder.rglob("*.json*"))
        if path.stat().st_size
        for text in texts(path, "x-api-v2", allow_quarantine=True)
    ]
    assert len(got) > 100
    assert not any("&amp;" in text or "&lt;" in text or "&gt;" in text for text in got)
