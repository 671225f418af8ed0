"""What a new user hit in the first hour (issue: a fresh machine passes), each pinned by a test."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from townsquare.cli import main


def test_pii_names_a_line_without_an_id_by_its_line_number(tmp_path: Path) -> None:
    src, out = tmp_path / "texts.jsonl", tmp_path / "spans.jsonl"
    src.write_text('{"text": "nothing here"}\n{"text": "mail me at jane.doe@example.com"}\n'
                   '{"id": "p7", "text": "or jane.roe@example.org"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["pii", str(src), "--spans", str(out)])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids == [2, "p7"]
