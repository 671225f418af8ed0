"""A corpus written inside its own input folder is never read back as input, so it resumes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from corpus_inputs import random_shards

from townsquare.cli import main


def _posts(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((corpus / "posts").glob("part-*.parquet"))}


def test_out_inside_the_input_folder_reruns_and_resumes(tmp_path):
    exports = tmp_path / "exports"
    random_shards(exports, shards=2, per_shard=30)
    out = exports / "corpus"
    args = ["build", str(exports), "--out", str(out), "--workers", "1"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    posts = _posts(out)
    assert posts
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert "cannot tell its format" not in second.output
    assert _posts(out) == posts


def test_out_inside_the_input_folder_resumes_after_a_kill_in_phase_1(tmp_path):
    exports = tmp_path / "exports"
    random_shards(exports, shards=2, per_shard=30)
    out = exports / "corpus"
    args = ["build", str(exports), "--out", str(out), "--workers", "1"]
    reference = tmp_path / "reference"
    assert CliRunner().invoke(main, ["build", str(exports), "--out", str(reference), "--workers", "1"]).exit_code == 0
    # what a kill -9 after the first shard leaves: its markers and stats, no card, no posts yet
    (out / "_markers").mkdir(parents=True)
    (out / "_markers" / "00000-shard00.json").write_text('{"fingerprint": "old", "shard": "00000-shard00"}\n')
    (out / "stats").mkdir()
    (out / "stats" / "shard-00000-shard00.json").write_text("{}\n")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert _posts(out) == _posts(reference)


def test_a_second_build_into_another_folder_inside_the_input_skips_the_first_corpus(tmp_path):
    import json

    from townsquare.corpus.build import build

    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "posts.jsonl").write_text(
        json.dumps(
            {
                "id": "1",
                "text": "the harbour festival starts at noon with music",
                "author_id": "9",
                "created_at": "2025-03-01T10:00:00.000Z",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    first = build([exports], exports / "corpus", workers=1)
    second = build([exports], exports / "corpus2", workers=1)
    assert (first.read, first.quarantined) == (1, 0)
    assert (second.read, second.quarantined, second.kept) == (1, 0, first.kept)
