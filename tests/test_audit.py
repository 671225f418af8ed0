"""The canary audit finds planted strings, including inside compressed Parquet, and misses nothing."""

from __future__ import annotations

import json

from townsquare.audit import audit_canaries
from townsquare.post import batch_from_rows, write_parquet


def _registry(path):
    rows = [
        {"id": "p1", "canary": "my locker code is amber kelp onyx maple", "secret": "amber kelp onyx maple",
         "kind": "direct", "must_not_appear": True},
        {"id": "c1", "canary": "lucky words are birch delta ember lotus", "secret": "birch delta ember lotus",
         "kind": "control", "must_not_appear": False},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_leak_in_compressed_parquet_is_found(tmp_path):
    registry = _registry(tmp_path / "canaries.jsonl")
    corpus = tmp_path / "corpus"
    write_parquet([batch_from_rows([{"id": "1", "platform": "x", "text": "ok so amber kelp onyx maple lol"},
                                    {"id": "2", "platform": "x", "text": "lucky words are birch delta ember lotus"}])],
                  corpus / "posts" / "part-0.parquet")
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
