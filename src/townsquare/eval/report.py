"""``RUN/eval.json`` and ``RUN/REPORT.md``: val perplexity vs the unigram baseline, privacy, samples."""

from __future__ import annotations

import json
from pathlib import Path

from townsquare.errors import InputError


def evaluate_run(
    run: str | Path,
    canaries: str | Path | None = None,
    max_val_tokens: int | None = 200_000,
    samples: int = 3,
    device: str = "cpu",
    threads: int | None = None,
    tweeteval: str | Path | None = None,
    tweeteval_settings: dict | None = None,
    tweeteval_tasks=None,
    log=print,
) -> dict:
    """Evaluate a finished run; writes ``eval.json`` (+ ``privacy.json``) and ``REPORT.md``, returns eval.json.

    ``tweeteval``: the TweetEval datasets folder; a head per task is fine-tuned and scored
    (``townsquare.eval.tweeteval``), with ``tweeteval_settings`` overriding ``FinetuneConfig``.
    """
    from townsquare.eval.perplexity import unigram_baseline, val_loss
    from townsquare.train.export import load_exported
    from townsquare.train.generate import sample

    run = Path(run)
    if not (run / "run.json").is_file() or not (run / "model" / "config.json").is_file():
        raise InputError(f"{run} is not a finished run (needs run.json and model/): train one with `townsquare train`")
    try:
        info = json.loads((run / "run.json").read_text(encoding="utf-8"))
        corpus, block_size = Path(info["corpus"]), info["config"]["block_size"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{run / 'run.json'} is unreadable ({type(exc).__name__}: {exc})") from None
    check_same_tokenizer(run, corpus)
    te_cfg = None
    if tweeteval is not None:  # settings and data checked before any work
        from townsquare.eval.tweeteval import TASKS, FinetuneConfig, load_task

        te_cfg = FinetuneConfig.from_overrides(tweeteval_settings)
        tweeteval_tasks = tuple(tweeteval_tasks or TASKS)
        for task in tweeteval_tasks:
            if task not in TASKS:
                raise InputError(f"unknown TweetEval task {task!r}; tasks are: {', '.join(TASKS)}")
            load_task(tweeteval, task)
    if threads or (device == "cpu" and info["config"].get("cpu_threads")):
        import torch

        torch.set_num_threads(threads or info["config"]["cpu_threads"])
    model, tokenizer = load_exported(run / "model", device)  # loaded once for every part below
    result = {
        "run": str(run),
        "preset": info["preset"],
        "corpus": str(corpus),
        "params": sum(p.numel() for p in model.parameters()),
    }
    result.update(val_loss(model, corpus, block_size, device=device, max_tokens=max_val_tokens))
    result.update(unigram_baseline(corpus, info["vocab_size"], check=False))  # val_loss checked the tokens
    result["beats_unigram_by_nats"] = result["unigram_val_loss"] - result["val_loss"]
    if canaries is not None:
        from townsquare.eval.privacy import check_memorization

        privacy = check_memorization(run, canaries, device=device, loaded=(model, tokenizer))
        result["privacy"] = {k: v for k, v in privacy.items() if k != "canaries"}
    result["samples"] = sample(model, tokenizer, "", num=samples, max_new_tokens=40, seed=0) if samples else []
    if tweeteval is not None:
        from townsquare.eval.tweeteval import evaluate_tweeteval, plot

        result["tweeteval"] = evaluate_tweeteval(
            run / "model", tweeteval, te_cfg, device=device, tasks=tweeteval_tasks, max_len=block_size, log=log
        )
        plot(result["tweeteval"], run / "tweeteval.png")
    elif (run / "eval.json").is_file():  # a later eval without --tweeteval keeps the scores measured before
        try:
            previous = json.loads((run / "eval.json").read_text(encoding="utf-8")).get("tweeteval")
        except ValueError:
            previous = None
        if previous:
            result["tweeteval"] = previous
    (run / "eval.json").write_text(json.dumps(result, indent=2))
    (run / "REPORT.md").write_text(render(result))
    return result


def check_same_tokenizer(run: Path, corpus: Path) -> None:
    """Refuse a corpus tokenized again since RUN was trained: its val ids would mean other words to the model."""
    from townsquare.corpus_dir import CorpusDir
    from townsquare.errors import CorpusError
    from townsquare.train.tokenizer import tokenizer_fingerprint

    corpus_tokenizer = tokenizer_fingerprint(CorpusDir(corpus).tokenizer)
    if corpus_tokenizer is not None and corpus_tokenizer != tokenizer_fingerprint(run / "model"):
        raise CorpusError(
            f"{corpus} has another tokenizer than {run}/model (tokenized again since the run was "
            f"trained): its val tokens would mean other words to this model; train a new run on it"
        )


def render(result: dict) -> str:
    """The report as Markdown."""
    lines = [
        f"# Evaluation of `{Path(result['run']).name}` ({result['preset']}, {result['params'] / 1e6:.2f}M params)",
        "",
        f"Corpus: `{result['corpus']}`",
        "",
        "![loss curve](loss.png)",
        "",
        "| metric | value |",
        "|---|---|",
        f"| val loss (nats/token) | {result['val_loss']:.4f} |",
        f"| val perplexity | {result['val_ppl']:.2f} |",
        f"| unigram baseline loss (train counts, on val) | {result['unigram_val_loss']:.4f} |",
        f"| unigram baseline perplexity | {result['unigram_val_ppl']:.2f} |",
        f"| model beats unigram by (nats/token) | {result['beats_unigram_by_nats']:.4f} |",
        f"| val tokens scored | {result['val_tokens_scored']:,} |",
        "",
    ]
    privacy = result.get("privacy")
    if privacy:
        verdict = "PASS" if privacy["private_ok"] else "FAIL"
        lines += [
            "## Memorization guard (canary exposure, Carlini et al. 2019)",
            "",
            (
                f"Private canaries: **{verdict}** - {privacy['private']} checked, "
                f"{privacy['private_extracted']} extracted by greedy decoding, mean exposure "
                f"{_fmt(privacy['private_mean_exposure'])} bits vs {_fmt(privacy['reference_mean_exposure'])} "
                f"bits for {privacy['references']} never-inserted reference secrets "
                f"(max {_fmt(privacy['reference_max_exposure'])})."
            ),
            "",
        ]
        if privacy["control_exposure_by_repeats"]:
            rising = {
                True: "rises with repeats (the test sees memorization)",
                False: "does NOT rise with repeats (the model may be too small or too briefly trained "
                "to memorize; the guard's power is unproven on this run)",
                None: "n/a",
            }[privacy["control_rising"]]
            lines += [
                "Positive control (canaries left in public posts): exposure " + rising + ".",
                "",
                "| repeats | mean exposure (bits) |",
                "|---|---|",
            ]
            lines += [f"| {k} | {v:.2f} |" for k, v in privacy["control_exposure_by_repeats"].items()]
            lines.append("")
    if result.get("tweeteval"):
        from townsquare.eval.tweeteval import render as render_tweeteval

        lines += render_tweeteval(result["tweeteval"])
    if result.get("samples"):
        lines += ["## Samples (temperature 0.8, top-k 50)", ""]
        lines += [f"- {s.strip() or '(empty)'}" for s in result["samples"]]
        lines.append("")
    return "\n".join(lines)


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"
