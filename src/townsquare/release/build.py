"""``townsquare release RUN --corpus CORPUS --out DIR``: a folder ready to publish.

    DIR/
      model/           the run's export (model.safetensors, config.json, generation_config.json, tokenizer files)
        README.md      Hugging Face model card: YAML metadata (license, language, datasets, tags, pipeline_tag,
                       model-index with the eval results), uses and limits, training data, evaluation,
                       the memorization-guard result, how to load it
      data/
        posts/part-*.parquet   the corpus posts (Post schema)
        README.md      Hugging Face dataset card: license, language, task_categories, size_categories, configs;
                       what was dropped and why, the PII policy, the source licences
        croissant.json Croissant 1.0 metadata (JSON-LD): the Parquet files with their SHA-256, the fields
        charts/        the corpus card's charts
      release.json     what it was made from: run, corpus, the corpus state the model trained on, forgets since
      SHA256SUMS       every other file, as ``sha256sum -c SHA256SUMS`` checks it

The release is written under a temporary name and renamed into place, so an
interrupted one leaves no half folder; ``--out`` must be new or an earlier
release (replaced). A run trained on another state of the corpus (rebuilt, or
posts forgotten since) is refused: its weights saw posts the data no longer has.
``townsquare forget --release DIR`` removes posts from ``data/`` later and
rewrites the checksums (``townsquare.release.forget_in_release``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

from townsquare.corpus_dir import CorpusDir
from townsquare.errors import CorpusError, InputError
from townsquare.io import commit, write_text_atomic

RELEASE_FORMAT = 1
SUMS = "SHA256SUMS"
PARQUET = "application/x-parquet"

MODEL_FILES = (
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)


# ---------------------------------------------------------------- checksums


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksums(root: Path) -> int:
    """``root/SHA256SUMS`` over every other file (sorted relative paths, ``sha256sum`` format); returns files."""
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.relative_to(root).as_posix() != SUMS)
    lines = [f"{sha256_file(p)}  {p.relative_to(root).as_posix()}\n" for p in files]
    write_text_atomic(root / SUMS, "".join(lines))
    return len(lines)


def verify_checksums(root: str | Path) -> list[str]:
    """Problems found checking ``root/SHA256SUMS`` (changed, missing, or unlisted files); [] when all match."""
    root = Path(root)
    if not (root / SUMS).is_file():
        return [f"{root / SUMS} is missing"]
    problems, listed = [], set()
    for n, line in enumerate((root / SUMS).read_text(encoding="utf-8").splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            problems.append(f"{SUMS}:{n}: not 'HEX  PATH'")
            continue
        listed.add(name)
        path = root / name
        if not path.is_file():
            problems.append(f"{name}: listed but missing")
        elif sha256_file(path) != digest:
            problems.append(f"{name}: checksum differs")
    unlisted = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).as_posix() not in listed | {SUMS}
    )
    problems += [f"{name}: not in {SUMS}" for name in unlisted]
    return problems


# ---------------------------------------------------------------- inputs


def _read_json(path: Path, what: str) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path} is missing: {what}") from None
    except ValueError as exc:
        raise InputError(f"{path} is unreadable ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path} is not a JSON object")
    return data


def check_inputs(run: Path, corpus: Path) -> tuple[dict, dict, dict]:
    """(run.json, manifest, stats) after checking the run is finished and trained on this corpus as it is now."""
    from townsquare.train.tokenizer import tokenizer_fingerprint

    info = _read_json(run / "run.json", f"{run} is not a run (train one with `townsquare train`)")
    missing = [
        name for name in ("config.json", "model.safetensors", "tokenizer.json") if not (run / "model" / name).is_file()
    ]
    if missing:
        raise InputError(f"{run}/model lacks {', '.join(missing)}: the run has not finished (or export failed)")
    folder = CorpusDir(corpus)
    manifest = folder.manifest(required=True)
    if not folder.has_posts():
        raise CorpusError(f"{corpus} has no posts/part-*.parquet: nothing to release")
    trained_on = info.get("corpus_state")
    now = folder.state()
    if trained_on is not None and trained_on != now:
        raise CorpusError(
            f"{run} was trained on another state of {corpus} (rebuilt, or posts forgotten since): "
            f"its weights saw posts this data no longer has; train a new run on the corpus as it "
            f"is now (`townsquare tokenize {corpus}` then `townsquare train`) and release that"
        )
    if trained_on is None:  # runs from before runs recorded the corpus state: the tokenizer must at least match
        own = tokenizer_fingerprint(folder.tokenizer)
        if own is None or own != tokenizer_fingerprint(run / "model"):
            raise CorpusError(
                f"{run} records no corpus state and {corpus}'s tokenizer is not the run's: "
                f"cannot tell it was trained on this corpus; retrain it, then release"
            )
    stats_path = folder.global_stats
    stats = (
        _read_json(stats_path, f"{corpus} has no build statistics; rerun `townsquare build`")
        if stats_path.is_file()
        else {}
    )
    return info, manifest, stats


# ---------------------------------------------------------------- cards


def _languages(stats: dict, share: float) -> list[str]:
    langs = stats.get("kept_posts", {}).get("langs", {}) or {}
    total = sum(langs.values()) or 1
    ranked = sorted(langs.items(), key=lambda kv: (-kv[1], kv[0]))
    return [code for code, n in ranked if n / total >= share and code not in ("und", "unknown", "xx")]


def _eval_results(evaluation: dict, dataset_id: str):
    from huggingface_hub import EvalResult

    from townsquare.eval.tweeteval import METRIC_NAMES, METRICS

    results = []
    if "val_ppl" in evaluation:
        results.append(
            EvalResult(
                task_type="text-generation",
                task_name="Language modelling",
                dataset_type=dataset_id,
                dataset_name="townsquare corpus (val split)",
                dataset_split="validation",
                metric_type="perplexity",
                metric_value=round(evaluation["val_ppl"], 3),
                metric_name="Perplexity",
            )
        )
    te = evaluation.get("tweeteval") or {}
    if not te.get("comparable", True):
        return results  # a smoke run (capped steps or examples) is no benchmark result to publish
    for task, r in (te.get("tasks") or {}).items():
        kind = "recall" if METRICS[task] == "macro_recall" else "f1"
        results.append(
            EvalResult(
                task_type="text-classification",
                task_name="Text Classification",
                dataset_type="cardiffnlp/tweet_eval",
                dataset_name=f"TweetEval ({task})",
                dataset_config=task,
                dataset_split="test",
                metric_type=kind,
                metric_value=round(r["score"], 2),
                metric_name=METRIC_NAMES[METRICS[task]],
            )
        )
    return results


def model_card(
    info: dict,
    evaluation: dict,
    summary: dict,
    stats: dict,
    manifest: dict,
    *,
    repo_id: str,
    dataset_id: str,
    license: str,
) -> str:
    """The model's README.md (YAML metadata + body), built with huggingface_hub's ``ModelCardData``."""
    from huggingface_hub import ModelCard, ModelCardData

    from townsquare.eval.tweeteval import LEADERBOARD, SIX, fmt, leaderboard_all

    name = repo_id.split("/")[-1]
    cfg = info.get("config", {})
    data = ModelCardData(
        model_name=name,
        license=license,
        language=_languages(stats, 0.01) or None,
        datasets=[dataset_id],
        library_name="transformers",
        pipeline_tag="text-generation",
        tags=["townsquare", "llama", "social-media", "public-posts", "open-data"],
        eval_results=_eval_results(evaluation, dataset_id) or None,
    )
    counts = manifest.get("counts", {})
    params = evaluation.get("params") or summary.get("params")
    tokens = summary.get("tokens")
    lines = [
        f"# {name}",
        "",
        f"A {info.get('preset', '?')} decoder language model (Llama architecture"
        + (f", {params / 1e6:.2f}M parameters" if params else "")
        + ") trained from scratch by "
        "townsquare on public social-media posts only. Weights, training data "
        f"and data card are released together: the data is [`{dataset_id}`](../data/README.md).",
        "",
        "## Intended uses and limits",
        "",
        "- Research on language models of short social text; a base for fine-tuning classifiers of posts "
        "(see the TweetEval results below); generating post-like text for testing.",
        "- Not for facts: it is small and trained on posts, it makes things up. Not for decisions about people.",
        "- It can reproduce the tone, slang and biases of the posts it was trained on; social media "
        "over-represents some groups, languages and topics.",
        "- Do not use it to try to recover personal data: it was removed from the training text "
        "(typed placeholders such as `<EMAIL>`, mentions as `@user`)"
        + (" and a memorization guard was run (below)" if evaluation.get("privacy") else "")
        + ", but automatic detection has recall below 100%.",
        "",
        "## Training data",
        "",
        f"{counts.get('kept', 0):,} public posts kept from {counts.get('read', 0):,} records read "
        f"({counts.get('rejected', 0):,} dropped with a recorded reason, {counts.get('quarantined', 0):,} "
        f"malformed records quarantined, {counts.get('forgotten', 0):,} removed on request). Only public, "
        "not deleted, not opted-out posts; personal data replaced; language and quality filters; exact, "
        "near-duplicate and repost deduplication. The dataset card lists every drop reason.",
        "",
        "## Training procedure",
        "",
        "| setting | value |",
        "|---|---|",
        f"| preset | `{info.get('preset')}` |",
        f"| layers x width, heads | {cfg.get('n_layer')} x {cfg.get('n_embd')}, {cfg.get('n_head')} |",
        f"| context | {cfg.get('block_size')} tokens |",
        f"| vocabulary | {info.get('vocab_size')} (byte-level BPE trained on the corpus) |",
        f"| steps, tokens | {summary.get('steps', '?')}, {tokens:,} |" if tokens else "| steps | ? |",
        f"| optimizer | AdamW, lr {cfg.get('lr')} warmup + cosine to {cfg.get('min_lr')}, "
        f"weight decay {cfg.get('weight_decay')} |",
        f"| exported | step {summary.get('exported_step', '?')}"
        + (" (lowest validation loss)" if summary.get("best_step") is not None else " (the last)")
        + " |",
        "",
        "## Evaluation",
        "",
    ]
    if "val_ppl" in evaluation:
        lines += [
            f"Validation perplexity **{evaluation['val_ppl']:.2f}** on the corpus's held-out conversations "
            f"(a unigram model scores {evaluation['unigram_val_ppl']:.2f}).",
            "",
        ]
    else:
        lines += ["Not evaluated (`townsquare eval` was not run before the release).", ""]
    te = evaluation.get("tweeteval")
    if te and te.get("tasks"):
        models = list(LEADERBOARD)
        lines += [
            "TweetEval test sets (a classification head fine-tuned per task, official metrics, x100)"
            + ("; **smoke run, not comparable**" if not te.get("comparable", True) else "")
            + ":",
            "",
            "| task | this model | " + " | ".join(models) + " |",
            "|---|---|" + "---|" * len(models),
        ]
        for task, r in te["tasks"].items():
            lines.append(
                f"| {task} | {fmt(r['score'])} | " + " | ".join(fmt(LEADERBOARD[m][task]) for m in models) + " |"
            )
        lines.append(
            f"| ALL-6 | {fmt(te.get('all6'))} | " + " | ".join(fmt(leaderboard_all(m, SIX)) for m in models) + " |"
        )
        lines.append("")
    lines += ["## Memorization guard", ""]
    privacy = evaluation.get("privacy")
    if privacy:
        lines += [
            f"Canary exposure test (Carlini et al., 2019): private canaries **{'PASS' if privacy['private_ok'] else 'FAIL'}** "
            f"- {privacy['private']} secrets planted in private posts (which the corpus build must drop) "
            f"checked, {privacy['private_extracted']} extracted by greedy decoding.",
            "",
        ]
    else:
        lines += [
            "Not run on this model (`townsquare eval RUN --canaries FILE` runs it where a canary registry exists).",
            "",
        ]
    lines += [
        "## How to load it",
        "",
        "```python",
        "from transformers import AutoModelForCausalLM, AutoTokenizer",
        "",
        'tokenizer = AutoTokenizer.from_pretrained("model")',
        'model = AutoModelForCausalLM.from_pretrained("model")',
        'ids = tokenizer("The bus this morning", return_tensors="pt").input_ids  # opens with <|post|>',
        "print(tokenizer.decode(model.generate(ids, max_new_tokens=40)[0]))",
        "```",
        "",
        "## Deletions",
        "",
        "Posts deleted after this release are removed from the released data with `townsquare forget "
        "--release`; the model cannot forget them: its `forget-report.json` says when it must be retrained "
        "or withdrawn. Check files with `sha256sum -c SHA256SUMS` in the release folder.",
        "",
    ]
    card = ModelCard.from_template(
        data, template_str="---\n{{ card_data }}\n---\n\n{{ body }}\n", body="\n".join(lines)
    )
    return str(card)


def _card_body(corpus: Path) -> str:
    """The corpus CARD.md without its YAML header, its structure section replaced by the release's."""
    path = CorpusDir(corpus).card
    card = path.read_text(encoding="utf-8") if path.is_file() else ""
    if card.startswith("---"):
        card = card.split("\n---", 1)[1].split("\n", 1)[1] if "\n---" in card[3:] else card
    card = "\n".join(line for line in card.splitlines() if not line.startswith("# "))  # the release's own title
    sections = card.split("\n## ")
    structure = (
        "Dataset Structure\n\nParquet files (zstd), one row per post, readable by pandas, polars, DuckDB "
        "and `datasets`: `posts/part-*.parquet` (the `default` config, split `train`). Field "
        "types and SHA-256 of every file are in `croissant.json` (Croissant 1.0). The build's reject "
        "rows, statistics and manifest are not released.\n"
    )
    kept = [structure if s.startswith("Dataset Structure") else s for s in sections]
    return "\n## ".join(kept).strip() + "\n"


def dataset_card(
    corpus: Path,
    stats: dict,
    manifest: dict,
    rows: int,
    *,
    license: str,
    source_licenses: dict[str, str],
    pretty_name: str,
) -> str:
    """The data's README.md, built with huggingface_hub's ``DatasetCardData``."""
    from huggingface_hub import DatasetCard, DatasetCardData

    from townsquare.corpus.card import size_category

    extra = {"license_name": "townsquare-public-posts"} if license == "other" else {}
    data = DatasetCardData(
        license=license,
        language=_languages(stats, 0.001) or None,
        task_categories=["text-generation"],
        size_categories=[size_category(rows)],
        pretty_name=pretty_name,
        multilinguality="multilingual" if len(_languages(stats, 0.001)) > 1 else "monolingual",
        source_datasets=["original"],
        tags=["social-media", "public-posts", "townsquare"],
        configs=[{"config_name": "default", "data_files": [{"split": "train", "path": "posts/part-*.parquet"}]}],
        **extra,
    )
    formats = sorted({i.get("format", "?") for i in manifest.get("inputs", [])})
    licence_rows = [
        f"| {fmt} | {source_licenses.get(fmt, 'not stated: the operator must state it before publishing')} |"
        for fmt in formats
    ]
    body = [
        f"# {pretty_name}",
        "",
        f"Rows in this release: **{rows:,}** (`posts/`).",
        "",
        _card_body(corpus),
        "## Licensing Information",
        "",
        f"This compilation is released under `{license}`"
        + (" (terms set by the operator who built it)" if license == "other" else "")
        + ". Each post remains its author's and is subject to its platform's terms; the sources it "
        "was built from:",
        "",
        "| source format | licence or terms |",
        "|---|---|",
        *licence_rows,
        "",
    ]
    card = DatasetCard.from_template(
        data, template_str="---\n{{ card_data }}\n---\n\n{{ body }}\n", body="\n".join(body)
    )
    return str(card)


ARROW_TO_CROISSANT = {
    "string": "sc:Text",
    "large_string": "sc:Text",
    "bool": "sc:Boolean",
    "int64": "sc:Integer",
    "int32": "sc:Integer",
    "double": "sc:Float",
    "float": "sc:Float",
}

CROISSANT_CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def croissant(data_dir: Path, *, name: str, license: str, description: str) -> dict:
    """Croissant 1.0 JSON-LD for ``data_dir/posts/*.parquet``: one FileObject per part (sha256, size), the fields."""
    import pyarrow as pa

    from townsquare.corpus.card import FIELD_DOCS
    from townsquare.post import POST_SCHEMA

    parts = sorted((data_dir / "posts").glob("part-*.parquet"))
    files = [
        {
            "@type": "cr:FileObject",
            "@id": p.relative_to(data_dir).as_posix(),
            "name": p.name,
            "contentUrl": p.relative_to(data_dir).as_posix(),
            "encodingFormat": PARQUET,
            "contentSize": f"{p.stat().st_size} B",
            "sha256": sha256_file(p),
        }
        for p in parts
    ]
    fields = []
    for field in POST_SCHEMA:
        kind = field.type
        repeated = pa.types.is_list(kind) or pa.types.is_large_list(kind)
        base = kind.value_type if repeated else kind
        if pa.types.is_timestamp(base):
            data_type = "sc:DateTime"
        elif pa.types.is_struct(base):
            data_type = "sc:Text"  # a struct (media): described, read as its JSON text by consumers
        else:
            data_type = ARROW_TO_CROISSANT.get(str(base), "sc:Text")
        entry = {
            "@type": "cr:Field",
            "@id": f"posts/{field.name}",
            "name": field.name,
            "description": FIELD_DOCS.get(field.name, field.name),
            "dataType": data_type,
            "source": {"fileSet": {"@id": "posts-parquet"}, "extract": {"column": field.name}},
        }
        if repeated:
            entry["repeated"] = True
        fields.append(entry)
    return {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": name,
        "description": description,
        "license": license,
        "url": "README.md",
        "datePublished": time.strftime("%Y-%m-%d", time.gmtime()),
        "version": "1.0.0",
        "distribution": files
        + [
            {
                "@type": "cr:FileSet",
                "@id": "posts-parquet",
                "name": "posts-parquet",
                "encodingFormat": PARQUET,
                "includes": "posts/*.parquet",
            }
        ],
        "recordSet": [
            {
                "@type": "cr:RecordSet",
                "@id": "posts",
                "name": "posts",
                "description": "one public post per row",
                "key": {"@id": "posts/id"},
                "field": fields,
            }
        ],
    }


# ---------------------------------------------------------------- the release


def make_release(
    run: str | Path,
    corpus: str | Path,
    out: str | Path,
    *,
    repo_id: str | None = None,
    license: str = "apache-2.0",
    data_license: str = "other",
    source_licenses: dict[str, str] | None = None,
) -> dict:
    """Write the release folder (see the module docstring); returns ``release.json``."""
    import pyarrow.parquet as pq

    run, corpus, out = Path(run), Path(corpus), Path(out)
    info, manifest, stats = check_inputs(run, corpus)
    if out.exists() and any(out.iterdir()) and not (out / "release.json").is_file():
        raise InputError(f"{out} exists and is not a townsquare release: choose a new --out folder")
    repo_id = repo_id or f"townsquare/{run.resolve().name}"
    dataset_id = f"{repo_id}-data"
    evaluation = json.loads((run / "eval.json").read_text()) if (run / "eval.json").is_file() else {}
    summary = json.loads((run / "train_summary.json").read_text()) if (run / "train_summary.json").is_file() else {}

    tmp = out.with_name(f".{out.name}.partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    (tmp / "model").mkdir(parents=True)
    for name in MODEL_FILES:
        if (run / "model" / name).is_file():
            shutil.copy2(run / "model" / name, tmp / "model" / name)
    data = tmp / "data"
    (data / "posts").mkdir(parents=True)
    rows = 0
    folder = CorpusDir(corpus)
    for part in folder.post_parts():
        shutil.copy2(part, data / "posts" / part.name)
        rows += pq.ParquetFile(part).metadata.num_rows
    if folder.charts.is_dir():
        shutil.copytree(folder.charts, data / "charts")
    pretty = f"{repo_id.split('/')[-1]} public posts"
    (data / "README.md").write_text(
        dataset_card(
            corpus,
            stats,
            manifest,
            rows,
            license=data_license,
            source_licenses=source_licenses or {},
            pretty_name=pretty,
        )
    )
    description = (
        f"{rows:,} public social-media posts with personal data replaced, built by townsquare; "
        f"training data of {repo_id}"
    )
    (data / "croissant.json").write_text(
        json.dumps(croissant(data, name=pretty, license=data_license, description=description), indent=2)
    )
    (tmp / "model" / "README.md").write_text(
        model_card(info, evaluation, summary, stats, manifest, repo_id=repo_id, dataset_id=dataset_id, license=license)
    )
    record = {
        "format": RELEASE_FORMAT,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "repo_id": repo_id,
        "dataset_id": dataset_id,
        "run": str(run.resolve()),
        "corpus": str(corpus.resolve()),
        "corpus_state": folder.state(),
        "model_corpus_state": info.get("corpus_state"),
        "rows": rows,
        "forgotten": [],
    }
    (tmp / "release.json").write_text(json.dumps(record, indent=2))
    record["files"] = write_checksums(tmp)
    commit(tmp, out)
    return record


# ---------------------------------------------------------------- forget


def is_release(folder: str | Path) -> bool:
    return (Path(folder) / "release.json").is_file() and (Path(folder) / "data" / "posts").is_dir()


def release_ids_present(folder: Path, value_set) -> int:
    """How many rows of the release's data have an id in ``value_set`` (a pyarrow string array)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    found = 0
    for part in sorted((folder / "data" / "posts").glob("part-*.parquet")):
        ids = pq.read_table(part, columns=["id"]).column("id")
        found += pc.sum(pc.fill_null(pc.is_in(ids, value_set=value_set), False)).as_py() or 0
    return found


def forget_in_release(folder: str | Path, ids: list[str], entry: dict) -> int:
    """Remove ``ids`` from a release's ``data/`` (parts rewritten atomically), refresh croissant.json, the
    dataset card's row count, ``release.json`` and SHA256SUMS; returns rows removed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from townsquare.io import drop_rows
    from townsquare.post import POST_SCHEMA

    folder = Path(folder)
    record = _read_json(folder / "release.json", f"{folder} is not a townsquare release")
    value_set = pa.array(sorted(ids), pa.string())
    removed = sum(
        drop_rows(part, POST_SCHEMA, value_set) for part in sorted((folder / "data" / "posts").glob("part-*.parquet"))
    )
    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in (folder / "data" / "posts").glob("part-*.parquet"))
    record["rows"] = rows
    record.setdefault("forgotten", []).append({**entry, "removed_rows": removed})
    data = folder / "data"
    meta = json.loads((data / "croissant.json").read_text()) if (data / "croissant.json").is_file() else {}
    fresh = croissant(
        data,
        name=meta.get("name", "posts"),
        license=meta.get("license", "other"),
        description=meta.get("description", ""),
    )
    fresh["datePublished"] = meta.get("datePublished", fresh["datePublished"])
    write_text_atomic(data / "croissant.json", json.dumps(fresh, indent=2))
    card = data / "README.md"
    if card.is_file():
        write_text_atomic(card, _recount_card(card.read_text(encoding="utf-8"), rows, record["forgotten"]))
    write_text_atomic(folder / "release.json", json.dumps(record, indent=2))
    write_checksums(folder)
    return removed


def _recount_card(text: str, rows: int, forgotten: list[dict]) -> str:
    """The dataset card with the new row count, size category and a line on forget requests since the release."""
    import re

    from townsquare.corpus.card import size_category

    removed = sum(e.get("removed_rows", 0) for e in forgotten)
    text = re.sub(
        r"Rows in this release: \*\*[\d,]+\*\*[^\n]*",
        f"Rows in this release: **{rows:,}** (`posts/`; {removed:,} removed by {len(forgotten)} forget "
        f"request(s) since it was made).",
        text,
        count=1,
    )
    return re.sub(r"(size_categories:\n- )\S+", lambda m: m.group(1) + size_category(rows), text, count=1)
