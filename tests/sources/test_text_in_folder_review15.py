"""Plain text inside a folder is not read as posts unless asked (review 15, R15-10): a README.txt, notes.txt or an
export's metadata beside the posts became public, authorless posts, searchable and released. The ``text`` format
has no author and no visibility, so only a file the user names, or ``--format text``, is read as posts."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.sources.plan import plan_inputs

TEXT_IN_FOLDER = "plain text inside a folder: name the file or pass --format text"
MASTODON_STATUS = {
    "id": "1",
    "created_at": "2024-03-01T10:00:00.000Z",
    "visibility": "public",
    "content": "<p>The river walk is lovely today</p>",
    "uri": "https://town.example/users/ann/statuses/1",
    "url": "https://town.example/@ann/1",
    "account": {"id": "7", "username": "ann", "acct": "ann"},
}


def _export(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "statuses.jsonl").write_text(json.dumps(MASTODON_STATUS) + "\n", encoding="utf-8")
    (folder / "commit.txt").write_text("DID: did:plc:53iucmf5ldftgqyf2ac7hmhd\nmy private note\n", encoding="utf-8")
    return folder


def test_plain_text_inside_a_folder_is_quarantined(tmp_path):
    folder = _export(tmp_path)
    planned = {p.path.name: p for p in plan_inputs([folder])}
    assert planned["statuses.jsonl"].fmt == "mastodon"
    assert planned["commit.txt"].fmt is None and planned["commit.txt"].problem == TEXT_IN_FOLDER


def test_ingest_of_the_folder_keeps_no_line_of_it(tmp_path):
    folder = _export(tmp_path)
    out = tmp_path / "ingested"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    # was: 2 public posts with no author, "DID: did:plc:…" and "my private note"
    texts = " ".join(
        str(v) for part in (out / "posts").glob("*.parquet") for v in pq.read_table(part).column("text").to_pylist()
    )
    assert "private note" not in texts and "did:plc" not in texts and "river walk" in texts
    causes = [json.loads(line) for line in (out / "quarantine.jsonl").read_text().splitlines()]
    assert [(c["source"].rsplit("/", 1)[-1], c["cause"]) for c in causes] == [("commit.txt", TEXT_IN_FOLDER)]


def test_named_or_with_format_text_it_is_read(tmp_path):
    folder = _export(tmp_path)
    named = plan_inputs([folder / "commit.txt"])
    assert [(p.fmt, p.problem) for p in named] == [("text", None)]
    forced = {p.path.name: p.fmt for p in plan_inputs([folder], fmt="text")}
    assert forced["commit.txt"] == "text"
