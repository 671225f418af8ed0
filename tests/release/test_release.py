"""``townsquare release``: loads offline from elsewhere, cards parse, checksums verify, stale runs refused."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pyarrow.parquet as pq
from click.testing import CliRunner
from release_town import invoke

from townsquare.cli import main
from townsquare.release import verify_checksums

LOAD = """
import json, sys
import pyarrow.dataset as ds
from transformers import AutoModelForCausalLM, AutoTokenizer
tok = AutoTokenizer.from_pretrained("model", local_files_only=True)
model = AutoModelForCausalLM.from_pretrained("model", local_files_only=True)
ids = tok("the bus", return_tensors="pt").input_ids
out = model.generate(ids, max_new_tokens=5, do_sample=False)
table = ds.dataset("data/posts", format="parquet").to_table()
print(json.dumps({"rows": table.num_rows, "first_id": ids[0, 0].item(), "bos": tok.bos_token_id,
                  "new_tokens": out.shape[1] - ids.shape[1], "visibility": sorted(set(table.column("visibility").to_pylist()))}))
"""


def test_release_loads_offline_from_another_folder(town, tmp_path):
    out = town / "release"
    output = invoke(
        "release",
        town / "runs" / "micro",
        "--corpus",
        town / "corpus",
        "--out",
        out,
        "--source-license",
        "x-api-v2=X Developer Agreement",
    )
    assert "SHA256SUMS" in output
    elsewhere = tmp_path / "downloaded"
    shutil.copytree(out, elsewhere)  # as a user would get it: no run, no corpus next to it
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    proc = subprocess.run(
        [sys.executable, "-c", LOAD], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    kept = json.loads((town / "corpus" / "manifest.json").read_text())["counts"]["kept"]
    assert loaded["rows"] == kept and loaded["visibility"] == ["public"]
    assert loaded["first_id"] == loaded["bos"] and loaded["new_tokens"] >= 1
    assert verify_checksums(elsewhere) == []
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=elsewhere, capture_output=True)
        assert check.returncode == 0, check.stdout


def test_cards_parse_with_huggingface_hub_card_data(town):
    from huggingface_hub import DatasetCard, ModelCard

    out = town / "release"
    invoke("release", town / "runs" / "micro", "--corpus", town / "corpus", "--out", out)
    smoke = ModelCard.load(out / "model" / "README.md")
    assert [r.metric_type for r in smoke.data.eval_results] == ["perplexity"]  # smoke TweetEval is not published
    assert "smoke run, not comparable" in smoke.text

    eval_path = town / "runs" / "micro" / "eval.json"
    evaluation = json.loads(eval_path.read_text())
    evaluation["tweeteval"]["comparable"] = True  # as a full run's would be
    eval_path.write_text(json.dumps(evaluation))
    invoke("release", town / "runs" / "micro", "--corpus", town / "corpus", "--out", out, "--repo-id", "lab/town-micro")

    model = ModelCard.load(out / "model" / "README.md")
    meta = model.data.to_dict()
    assert meta["license"] == "apache-2.0" and meta["pipeline_tag"] == "text-generation"
    assert meta["datasets"] == ["lab/town-micro-data"] and "en" in meta["language"]
    results = {(r.dataset_config or r.metric_type): r.metric_value for r in model.data.eval_results}
    assert results["perplexity"] == round(evaluation["val_ppl"], 3)
    for task, r in evaluation["tweeteval"]["tasks"].items():
        assert results[task] == round(r["score"], 2)
    assert meta["model-index"][0]["name"] == "town-micro"
    for heading in (
        "## Intended uses and limits",
        "## Training data",
        "## Evaluation",
        "## Memorization guard",
        "## How to load it",
    ):
        assert heading in model.text
    assert "PASS" in model.text and "ALL-6" in model.text

    data = DatasetCard.load(out / "data" / "README.md")
    meta = data.data.to_dict()
    kept = json.loads((town / "corpus" / "manifest.json").read_text())["counts"]["kept"]
    assert meta["configs"][0]["data_files"][0]["path"] == "posts/part-*.parquet"
    assert meta["task_categories"] == ["text-generation"] and meta["size_categories"] == ["n<1K"]
    assert meta["license"] == "other" and meta["license_name"]
    for heading in (
        "## Personal and Sensitive Information",
        "## Drops per stage and reason",
        "## Licensing Information",
        "## Dataset Structure",
    ):
        assert heading in data.text
    assert "X Developer Agreement" not in data.text  # not given this time: the card says it is not stated
    assert "not stated" in data.text and f"**{kept:,}**" in data.text


def test_croissant_describes_every_file_and_column(town):
    out = town / "release"
    invoke("release", town / "runs" / "micro", "--corpus", town / "corpus", "--out", out)
    meta = json.loads((out / "data" / "croissant.json").read_text())
    assert meta["@type"] == "sc:Dataset" and meta["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    files = [d for d in meta["distribution"] if d["@type"] == "cr:FileObject"]
    parts = sorted((out / "data" / "posts").glob("part-*.parquet"))
    assert sorted(f["contentUrl"] for f in files) == [p.relative_to(out / "data").as_posix() for p in parts]
    sums = dict(reversed(line.split("  ", 1)) for line in (out / "SHA256SUMS").read_text().splitlines())
    for f in files:
        assert sums["data/" + f["contentUrl"]] == f["sha256"]
    columns = set(pq.read_schema(parts[0]).names)
    fields = meta["recordSet"][0]["field"]
    assert {f["name"] for f in fields} == columns
    assert all(f["source"]["extract"]["column"] in columns for f in fields)
    assert next(f for f in fields if f["name"] == "created_at")["dataType"] == "sc:DateTime"


def test_a_changed_file_fails_the_checksums(town):
    out = town / "release"
    invoke("release", town / "runs" / "micro", "--corpus", town / "corpus", "--out", out)
    part = next((out / "data" / "posts").glob("part-*.parquet"))
    raw = bytearray(part.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    part.write_bytes(bytes(raw))
    (out / "model" / "extra.txt").write_text("added after release")
    problems = verify_checksums(out)
    assert f"data/posts/{part.name}: checksum differs" in problems and "model/extra.txt: not in SHA256SUMS" in problems


def test_release_refuses_a_run_trained_on_another_corpus_state(town, tmp_path):
    ids = tmp_path / "ids.txt"
    first = next((town / "corpus" / "posts").glob("part-*.parquet"))
    ids.write_text(pq.read_table(first, columns=["id"]).column("id")[0].as_py() + "\n")
    invoke("forget", "--ids", ids, "--corpus", town / "corpus")
    result = CliRunner().invoke(
        main,
        ["release", str(town / "runs" / "micro"), "--corpus", str(town / "corpus"), "--out", str(tmp_path / "rel")],
    )
    assert result.exit_code == 1 and result.output.startswith("Error:") and "another state" in result.output
    assert not (tmp_path / "rel").exists()


def test_release_refuses_a_folder_that_is_not_a_release(town, tmp_path):
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = CliRunner().invoke(
        main, ["release", str(town / "runs" / "micro"), "--corpus", str(town / "corpus"), "--out", str(out)]
    )
    assert result.exit_code == 1 and "not a townsquare release" in result.output
    assert (out / "notes.txt").read_text() == "mine"
    # an earlier release is replaced whole
    invoke("release", town / "runs" / "micro", "--corpus", town / "corpus", "--out", tmp_path / "rel")
    invoke("release", town / "runs" / "micro", "--corpus", town / "corpus", "--out", tmp_path / "rel")
    assert verify_checksums(tmp_path / "rel") == [] and not list(tmp_path.glob(".rel.partial*"))
