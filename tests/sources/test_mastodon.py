"""Mastodon API status reader, on statuses cut from the mastodon.py test cassettes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from townsquare.sources import detect_format, read_file
from townsquare.sources.base import Quarantine, SourceStats
from townsquare.sources.mastodon import html_to_text


def read_all(path: Path, fmt: str | None = None) -> tuple[list[dict], SourceStats, Quarantine]:
    stats, quarantine = SourceStats(str(path), ""), Quarantine()
    rows = [row for batch in read_file(path, fmt, quarantine, stats=stats) for row in batch.to_pylist()]
    return rows, stats, quarantine


@pytest.mark.parametrize("name", ["status.json", "timeline.json", "context.json", "quote.json", "statuses.jsonl"])
def test_detected_as_mastodon(fixtures, name):
    assert detect_format(fixtures / "mastodon" / name) == "mastodon"


def test_single_status_fields(fixtures):
    rows, stats, _ = read_all(fixtures / "mastodon" / "status.json")
    assert (stats.read, stats.posts, stats.public) == (1, 1, 1)
    post = rows[0]
    assert post["id"] == "110446223051565765"
    assert post["uri"] == "https://icosahedron.website/@halcy/110446222386355655"  # the public web link
    assert post["author_handle"] == "halcy@icosahedron.website"
    assert post["lang"] == "de"
    # the content warning leads the text; HTML is gone and entities unescaped
    assert post["text"].startswith("test post for mastodon.py stuff\n\n@halcy you're a doo-doo head")
    assert "<" not in post["text"] and "#ThisIsAHashtag" in post["text"]
    assert post["hashtags"] == ["thisisahashtag"]
    assert post["mentions"] == ["halcy@icosahedron.website"]
    assert post["media"] == [{"kind": "gifv", "alt_text": "a furry cube breakdancing", "url": post["media"][0]["url"]}]
    assert post["like_count"] == 1 and post["repost_count"] == 0
    assert post["conversation_id"] == post["id"]  # not a reply: it starts its thread


def test_private_status_of_locked_account_is_followers(fixtures):
    rows, stats, _ = read_all(fixtures / "mastodon" / "context.json")
    assert [r["visibility"] for r in rows] == ["followers", "followers"]
    assert stats.non_public == 2 and stats.public == 0
    # context: every status shares the root ancestor as its conversation
    assert {r["conversation_id"] for r in rows} == {"110446983178245440"}
    assert rows[1]["reply_to"] == "110446983926957470"


def test_visibilities_carried_over_exactly(fixtures):
    rows, stats, _ = read_all(fixtures / "mastodon" / "statuses.jsonl")
    by_id = {r["id"]: r["visibility"] for r in rows}
    source = [json.loads(line) for line in (fixtures / "mastodon" / "statuses.jsonl").read_text().splitlines()]
    expected = {"public": "public", "unlisted": "unlisted", "private": "followers", "direct": "direct"}
    assert by_id == {s["id"]: expected[s["visibility"]] for s in source}
    assert sorted(set(by_id.values())) == ["direct", "followers", "public", "unlisted"]
    assert (stats.read, stats.public, stats.non_public) == (11, 5, 6)


def test_quote_emits_the_quoted_status_too(fixtures):
    rows, stats, _ = read_all(fixtures / "mastodon" / "quote.json")
    assert stats.read == stats.posts == 2
    outer = next(r for r in rows if r["id"] == "115044073088181107")
    assert outer["quote_of"] == "115044070560414080"
    assert any(r["id"] == "115044070560414080" for r in rows)


def test_reblog_becomes_repost_with_boosted_text(tmp_path, fixtures):
    original = json.loads((fixtures / "mastodon" / "status.json").read_text())
    boost = dict(
        original,
        id="999",
        content="",
        spoiler_text="",
        reblog=original,
        visibility="public",
        url="https://mastodon.social/@someone/999",
    )
    (tmp_path / "boost.json").write_text(json.dumps([boost]))
    rows, stats, _ = read_all(tmp_path / "boost.json", "mastodon")
    assert stats.read == stats.posts == 2
    wrapper = next(r for r in rows if r["id"] == "999")
    assert wrapper["repost_of"] == original["id"]
    assert "doo-doo head" in wrapper["text"]


def test_deleted_at_and_unknown_visibility(tmp_path, fixtures):
    status = json.loads((fixtures / "mastodon" / "status.json").read_text())
    lines = [
        dict(status, id="1", deleted_at="2024-01-01T00:00:00.000Z"),
        dict(status, id="2", visibility="secret"),
        dict(status, id="3"),
    ]
    (tmp_path / "s.jsonl").write_text("\n".join(json.dumps(s) for s in lines))
    rows, stats, quarantine = read_all(tmp_path / "s.jsonl", "mastodon")
    assert [(r["id"], r["deleted"]) for r in rows] == [("1", True), ("3", False)]
    assert stats.quarantined == 1 and "visibility" in quarantine.records[0].cause
    assert quarantine.records[0].line == 2
    assert stats.read == stats.posts + stats.quarantined


def test_html_to_text_keeps_breaks_and_links():
    text, urls = html_to_text(
        '<p>a &amp; b<br>c</p><p>see <a href="https://e.org/x" class="">'
        '<span class="invisible">https://</span>e.org/x</a> '
        '<a href="https://m/tags/t" class="mention hashtag">#t</a></p>'
    )
    assert text == "a & b\nc\n\nsee https://e.org/x #t"
    assert urls == ["https://e.org/x"]


def _status_bodies(cassette: Path, yaml) -> list[str]:
    """Response bodies holding statuses (a status, an array, a context or a ``statuses`` container)."""

    def is_status(x):
        return isinstance(x, dict) and "visibility" in x and "account" in x and "content" in x

    out = []
    for interaction in yaml.load(cassette.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))[
        "interactions"
    ]:
        body = interaction["response"]["body"]["string"]
        try:
            doc = json.loads(body)
        except ValueError:
            continue
        containers = [doc.get(k) for k in ("ancestors", "descendants", "statuses")] if isinstance(doc, dict) else []
        if (
            is_status(doc)
            or (isinstance(doc, list) and any(map(is_status, doc)))
            or any(isinstance(c, list) and any(map(is_status, c)) for c in containers)
        ):
            out.append(body)
    return out


def test_all_cassette_statuses(shared_data, tmp_path):
    """Every status body in the cassettes ingests. The expected numbers were counted
    independently with PyYAML + json over the same cassettes (statuses plus their
    nested reblog/quoted statuses): 27 bodies, 68 status objects, 54 distinct ids;
    distinct non-public: 7 private, 4 unlisted, 1 direct."""
    yaml = pytest.importorskip("yaml")
    folder = shared_data / "mastodon" / "cassettes_entity_tests"
    for cassette in sorted(folder.glob("*.yaml")):
        for n, body in enumerate(_status_bodies(cassette, yaml)):
            (tmp_path / f"{cassette.stem}-{n}.json").write_text(body)
    rows, total_read, total_q = [], 0, 0
    for path in sorted(tmp_path.glob("*.json")):
        got, stats, _ = read_all(path)
        assert stats.format == "mastodon", path.name
        rows += got
        total_read, total_q = total_read + stats.read, total_q + stats.quarantined
    assert len(list(tmp_path.glob("*.json"))) == 27
    assert total_q == 0 and total_read == len(rows) == 68
    distinct = {r["id"]: r["visibility"] for r in rows}
    assert len(distinct) == 54
    assert sorted(v for v in distinct.values() if v != "public") == ["direct"] + ["followers"] * 7 + ["unlisted"] * 4
