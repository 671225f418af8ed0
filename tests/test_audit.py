"""The canary audit finds planted strings, including inside compressed Parquet, and misses nothing."""

from __future__ import annotations

import json

from townsquare.audit import audit_canaries
from townsquare.post import batch_from_rows, write_parquet


def _registry(path):
    rows = [
        {
            "id": "p1",
            "canary": "my locker code is amber kelp onyx maple",
            "secret": "amber kelp onyx maple",
            "kind": "direct",
            "must_not_appear": True,
        },
        {
            "id": "c1",
            "canary": "lucky words are birch delta ember lotus",
            "secret": "birch delta ember lotus",
            "kind": "control",
            "must_not_appear": False,
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_leak_in_compressed_parquet_is_found(tmp_path):
    registry = _registry(tmp_path / "canaries.jsonl")
    corpus = tmp_path / "corpus"
    write_parquet(
        [
            batch_from_rows(
                [
                    {"id": "1", "platform": "x", "text": "ok so amber kelp onyx maple lol"},
                    {"id": "2", "platform": "x", "text": "lucky words are birch delta ember lotus"},
                ]
            )
        ],
        corpus / "posts" / "part-0.parquet",
    )
    report = audit_canaries(registry, [corpus])
    assert not report.ok and list(report.leaks) == ["p1"]
    assert report.controls_found == {"c1"} and report.control_ok


def test_clean_folder_passes_and_reports_a_blind_scan(tmp_path):
    registry = _registry(tmp_path / "canaries.jsonl")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "CARD.md").write_text("nothing private here")
    report = audit_canaries(registry, [tmp_path / "corpus"])
    assert report.ok and not report.control_ok
    assert "SCAN IS BLIND" in report.summary()


def test_canary_in_nested_columns_is_found(tmp_path):
    """media is list<struct<kind, url, alt_text>>: a canary in alt text or a media URL is a leak too."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    registry = _registry(tmp_path / "canaries.jsonl")
    corpus = tmp_path / "corpus"
    write_parquet(
        [
            batch_from_rows(
                [
                    {
                        "id": "1",
                        "platform": "x",
                        "text": "a photo",
                        "media": [
                            {
                                "kind": "photo",
                                "url": "https://e.x/1.jpg",
                                "alt_text": "screenshot: amber kelp onyx maple",
                            }
                        ],
                    }
                ]
            )
        ],
        corpus / "posts" / "part-0.parquet",
    )
    report = audit_canaries(registry, [corpus])
    assert list(report.leaks) == ["p1"]

    # deeper and other nestings: map values, list<list<string>>, dictionary-encoded strings
    other = tmp_path / "other"
    other.mkdir()
    table = pa.table(
        {
            "meta": pa.array([[("note", "birch delta ember lotus")]], pa.map_(pa.string(), pa.string())),
            "deep": pa.array([[["x", "y"]]], pa.list_(pa.list_(pa.string()))),
            "tag": pa.array(["amber kelp onyx maple"]).dictionary_encode(),
        }
    )
    pq.write_table(table, other / "t.parquet")
    report = audit_canaries(registry, [other])
    assert list(report.leaks) == ["p1"] and report.controls_found == {"c1"}


def test_an_audit_that_checks_nothing_fails(tmp_path):
    from click.testing import CliRunner

    from townsquare.cli import main

    empty = tmp_path / "canaries.jsonl"
    empty.write_text("")
    (tmp_path / "corpus").mkdir()
    result = CliRunner().invoke(main, ["audit", "--canaries", str(empty), str(tmp_path / "corpus")])
    assert result.exit_code == 1 and "no private canary to look for" in result.output
