"""End-to-end builds on small inputs: layout, global rules, reconcile, determinism, failures, CLI."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from corpus_inputs import CANARY, random_shards, scenario
from corpus_inputs import all_text as _all_text
from corpus_inputs import parts_table as _table
from corpus_inputs import reject_reasons as _reasons

from townsquare.cli import main
from townsquare.corpus.build import build
from townsquare.errors import InputError


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("inputs")
    ids = scenario(inputs)
    out = tmp_path_factory.mktemp("corpus") / "corpus"
    summary = build(
        [inputs / "a.parquet", inputs / "b.parquet", inputs / "tweets_compliance.jsonl"],
        out,
        workers=1,
        opt_out=inputs / "opt_out.txt",
    )
    return inputs, out, ids, summary


def test_layout_and_reconcile(built):
    _, out, _, summary = built
    assert summary.ok and summary.reconciles
    for path in ("posts", "rejects", "stats/global.json", "manifest.json", "CARD.md", "charts/drops.png"):
        assert (out / path).exists(), path
    assert summary.read == summary.kept + summary.rejected + summary.quarantined
    assert summary.kept == _table(out / "posts").num_rows
    assert summary.rejected == _table(out / "rejects").num_rows
    assert "[ok]" in summary.reconcile_line()
    manifest = json.loads((out / "manifest.json").read_text())
    assert {i["format"] for i in manifest["inputs"]} == {"parquet", "x-api-v2"}
    assert all(len(i["xxh3_128"]) == 32 and i["size"] > 0 for i in manifest["inputs"])
    assert set(manifest["stage_versions"]) >= {"public_only", "pii", "language", "quality", "dedup"}


def test_privacy_rejects(built):
    _, out, ids, _ = built
    reasons = _reasons(out)
    assert reasons[ids["private"][0]][1] == "private_visibility_direct"
    assert reasons[ids["private"][2]][1] == "private_visibility_protected"
    assert reasons[ids["deleted"]][1] == "deleted"
    assert reasons[ids["opted_out"]][1] == "opted_out_author"
    # the tombstone is in another file: the post is removed by the global pass
    assert reasons[ids["tombstoned"]] == ("public_only", "deleted", None)
    kept = set(_table(out / "posts").column("id").to_pylist())
    assert not kept & {*ids["private"], ids["deleted"], ids["tombstoned"], ids["opted_out"]}


def test_canaries_appear_nowhere(built):
    _, out, _, _ = built
    everything = _all_text(out)
    assert CANARY not in everything
    assert "@example.com" not in everything  # the e-mail was replaced in the kept post


def test_dedup_earliest_wins_and_reposts(built):
    _, out, ids, _ = built
    reasons = _reasons(out)
    kept = set(_table(out / "posts").column("id").to_pylist())
    assert ids["original"] in kept
    for dup in ids["exact"]:
        assert reasons[dup] == ("dedup", "dedup_exact", ids["original"])
    assert reasons[ids["near"]] == ("dedup", "dedup_near", ids["original"])
    assert reasons[ids["repost"]] == ("dedup", "dedup_repost", ids["original"])


def test_resume_skips_finished_work_and_keeps_bytes(built, tmp_path):
    inputs, out, _, first = built
    before = {p.name: p.read_bytes() for p in (out / "posts").glob("*.parquet")}
    again = build(
        [inputs / "a.parquet", inputs / "b.parquet", inputs / "tweets_compliance.jsonl"],
        out,
        workers=1,
        opt_out=inputs / "opt_out.txt",
    )
    assert again.shards_resumed == 3 and again.kept == first.kept
    assert {p.name: p.read_bytes() for p in (out / "posts").glob("*.parquet")} == before


def test_output_does_not_depend_on_workers(tmp_path):
    inputs = random_shards(tmp_path / "in", shards=3, per_shard=300)
    one = build(inputs, tmp_path / "one", workers=1)
    two = build(inputs, tmp_path / "two", workers=2)
    assert one.kept == two.kept > 0
    for part in sorted((tmp_path / "one" / "posts").glob("*.parquet")):
        assert part.read_bytes() == (tmp_path / "two" / "posts" / part.name).read_bytes()


def test_a_failing_shard_is_reported_and_the_rerun_resumes(tmp_path):
    inputs = random_shards(tmp_path / "in", shards=3, per_shard=200)
    saved = inputs[1].read_bytes()
    events = []

    def progress(phase, done, total, note):
        events.append(note)
        if phase == "shards" and note.startswith("00000"):  # the file vanishes while the run goes on
            inputs[1].unlink()

    out = tmp_path / "corpus"
    summary = build(inputs, out, workers=1, progress=progress)
    assert not summary.ok
    lines = summary.failure_lines()
    assert len(lines) == 1 and "00001-shard01_parquet" in lines[0] and "no such file" in lines[0]
    assert not (out / "posts").exists()  # no global pass over an incomplete input
    assert (out / "_markers" / "00002-shard02_parquet.json").exists()  # the others finished
    inputs[1].write_bytes(saved)
    resumed = build(inputs, out, workers=1)
    assert resumed.ok and resumed.shards_resumed == 2 and resumed.reconciles
    assert resumed.read == 600


def test_cli_build_prints_table_and_reconcile(tmp_path):
    inputs = random_shards(tmp_path / "in", shards=2, per_shard=100)
    result = CliRunner().invoke(main, ["build", *map(str, inputs), "--out", str(tmp_path / "c"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "public_only" in result.output and "dedup" in result.output
    assert "read 200 = kept" in result.output and "[ok]" in result.output


def test_cli_bad_input_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert "no such file or directory" in result.output and "Traceback" not in result.output
    (tmp_path / "junk.bin").write_bytes(os.urandom(64))
    result = CliRunner().invoke(main, ["build", str(tmp_path / "junk.bin"), "--out", str(tmp_path / "c")])
    assert result.exit_code == 1 and "cannot tell its format" in result.output


def test_no_inputs_with_content(tmp_path):
    (tmp_path / "empty.jsonl").write_text("")
    with pytest.raises(InputError, match="no input files with content"):
        build([tmp_path / "empty.jsonl"], tmp_path / "c")
