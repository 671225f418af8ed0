"""Forget reaches every copy: corpus, index and release data lose the post; forget-report.json names the run
and the released model that trained on it, and the runs that could not have."""

from __future__ import annotations

import json
import re

import pyarrow.parquet as pq
from click.testing import CliRunner
from release_town import invoke

from townsquare.cli import main
from townsquare.corpus_dir import hash_id
from townsquare.index.store import PostStore
from townsquare.release import verify_checksums


def _ids(folder) -> set[str]:
    return {
        i
        for part in sorted(folder.glob("part-*.parquet"))
        for i in pq.read_table(part, columns=["id"]).column("id").to_pylist()
    }


def _pick_post(town) -> tuple[str, str]:
    """A kept post with a distinctive text, so a search for it finds it before the forget."""
    for part in sorted((town / "corpus" / "posts").glob("part-*.parquet")):
        table = pq.read_table(part, columns=["id", "text"]).to_pylist()
        for row in table:
            words = re.findall(r"[a-z]{6,}", row["text"].lower())
            if len(words) >= 3:
                return row["id"], " ".join(words[:3])
    raise AssertionError("no post with three long words")


def _search_ids(town, query: str) -> set[str]:
    out = invoke("search", town / "index", query, "--json", "--max-results", 100, "--mode", "keyword")
    return {post["id"] for post in json.loads(out)["data"]}


def test_forget_reaches_corpus_index_and_release_and_reports_the_run(town, tmp_path):
    run, other_run = town / "runs" / "micro", town / "runs" / "elsewhere"
    invoke("release", run, "--corpus", town / "corpus", "--out", town / "release")
    # a run of another corpus (its own state) must not be blamed
    other_run.mkdir()
    (other_run / "run.json").write_text(
        json.dumps({"corpus": str(tmp_path / "other-corpus"), "corpus_state": "0" * 32})
    )
    post_id, query = _pick_post(town)
    assert post_id in _ids(town / "release" / "data" / "posts") and post_id in _search_ids(town, query)
    rows_before = json.loads((town / "release" / "release.json").read_text())["rows"]

    ids = tmp_path / "ids.txt"
    ids.write_text(post_id + "\n")
    output = invoke(
        "forget",
        "--ids",
        ids,
        "--corpus",
        town / "corpus",
        "--index",
        town / "index",
        "--release",
        town / "release",
        "--runs",
        town / "runs",
    )
    assert "report:" in output

    assert post_id not in _ids(town / "corpus" / "posts") | _ids(town / "corpus" / "rejects")
    assert post_id not in _ids(town / "release" / "data" / "posts")
    assert post_id not in _search_ids(town, query)
    store = PostStore(town / "index" / "posts.sqlite", readonly=True)
    try:
        assert store.get(post_id) is None
    finally:
        store.close()

    report = json.loads((town / "corpus" / "forget-report.json").read_text())
    assert post_id not in json.dumps(report) and hash_id(post_id) in report["ids_sha256"]
    assert report["runs_checked"] == 2
    assert [(r["run"], r["verdict"]) for r in report["runs"]] == [(str(run), "trained_on")]
    (release,) = report["releases"]
    assert release["data_rows_removed"] >= 1 and release["model"] == "trained_on"

    # the release is still whole and consistent after the rewrite
    record = json.loads((town / "release" / "release.json").read_text())
    assert record["rows"] == rows_before - release["data_rows_removed"]
    assert record["rows"] == len(_ids(town / "release" / "data" / "posts"))
    # published: an unsalted hash of a public post id would let anyone confirm the post was deleted (R9-14)
    published = "\n".join(p.read_text(errors="replace") for p in (town / "release").rglob("*") if p.is_file())
    assert hash_id(post_id) not in published and post_id not in published
    assert [sorted(e) for e in record["forgotten"]] == [["removed_rows", "time"]]
    assert verify_checksums(town / "release") == []
    croissant = json.loads((town / "release" / "data" / "croissant.json").read_text())
    sums = dict(reversed(line.split("  ", 1)) for line in (town / "release" / "SHA256SUMS").read_text().splitlines())
    assert all(sums["data/" + f["contentUrl"]] == f["sha256"] for f in croissant["distribution"] if "sha256" in f)
    assert f"**{record['rows']:,}**" in (town / "release" / "data" / "README.md").read_text()


def test_a_run_started_from_an_affected_run_inherits_and_an_earlier_state_is_possible(town, tmp_path):
    run = town / "runs" / "micro"
    child = town / "runs" / "child"
    child.mkdir()
    (child / "run.json").write_text(
        json.dumps({"corpus": str(tmp_path / "newer"), "corpus_state": "1" * 32, "init_from": str(run)})
    )
    older = town / "runs" / "older"
    older.mkdir()
    (older / "run.json").write_text(json.dumps({"corpus": str(town / "corpus"), "corpus_state": "2" * 32}))
    post_id, _ = _pick_post(town)
    ids = tmp_path / "ids.txt"
    ids.write_text(post_id + "\n")
    invoke(
        "forget",
        "--ids",
        ids,
        "--corpus",
        town / "corpus",
        "--runs",
        town / "runs",
        "--report",
        tmp_path / "report.json",
    )
    verdicts = {r["run"]: r["verdict"] for r in json.loads((tmp_path / "report.json").read_text())["runs"]}
    assert verdicts == {str(run): "trained_on", str(child): "inherits", str(older): "possibly"}


def test_forgetting_a_post_no_run_saw_blames_no_run(town, tmp_path):
    rejects = [
        row
        for part in sorted((town / "corpus" / "rejects").glob("part-*.parquet"))
        for row in pq.read_table(part, columns=["id", "stage"]).to_pylist()
    ]
    rejected = next(r["id"] for r in rejects if r["stage"] == "public_only")  # a private post: never trained on
    ids = tmp_path / "ids.txt"
    ids.write_text(rejected + "\n")
    invoke("forget", "--ids", ids, "--corpus", town / "corpus", "--runs", town / "runs", "--no-near")
    report = json.loads((town / "corpus" / "forget-report.json").read_text())
    assert report["kept_posts_removed"] == 0 and report["runs"] == [] and report["runs_checked"] == 1


def test_x_compliance_events_are_forget_input(town, tmp_path):
    post_id, _ = _pick_post(town)
    events = tmp_path / "compliance.jsonl"
    events.write_text(
        json.dumps({"id": post_id, "action": "delete", "created_at": "2025-01-01T00:00:00.000Z", "reason": "deleted"})
        + "\n"
    )
    invoke("forget", "--ids", events, "--corpus", town / "corpus")
    assert post_id not in _ids(town / "corpus" / "posts")


def test_a_folder_that_is_not_a_release_stops_forget_before_anything_changes(town, tmp_path):
    before = (town / "corpus" / "manifest.json").read_bytes()
    post_id, _ = _pick_post(town)
    ids = tmp_path / "ids.txt"
    ids.write_text(post_id + "\n")
    result = CliRunner().invoke(
        main, ["forget", "--ids", str(ids), "--corpus", str(town / "corpus"), "--release", str(town / "runs")]
    )
    assert result.exit_code == 1 and "is not a townsquare release" in result.output
    assert (town / "corpus" / "manifest.json").read_bytes() == before and post_id in _ids(town / "corpus" / "posts")
