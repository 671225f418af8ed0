"""``townsquare eval RUN``: val perplexity, unigram baseline, canary exposure; writes eval.json + REPORT.md."""

from __future__ import annotations

from pathlib import Path

import click

from townsquare.train.distributed import DEVICES


@click.command()
@click.argument("run", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--canaries",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Canary registry (canaries.jsonl from `townsquare sample`) for the memorization guard.",
)
@click.option("--max-val-tokens", type=click.IntRange(min=1), default=200_000, show_default=True)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=None,
    help="CPU threads for torch (default: the run preset's cpu_threads, else torch's).",
)
@click.option(
    "--device", type=click.Choice(DEVICES), default="auto", show_default=True, help="auto: the GPU when there is one."
)
@click.option(
    "--tweeteval",
    type=click.Path(path_type=Path),
    default=None,
    help="TweetEval datasets folder: fine-tune a classification head per task and score its test set.",
)
@click.option(
    "--tweeteval-task",
    "tweeteval_tasks",
    multiple=True,
    metavar="TASK",
    help="Only these TweetEval tasks (repeatable; default all seven).",
)
@click.option(
    "--tweeteval-set",
    "tweeteval_settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Fine-tuning setting, e.g. --tweeteval-set lr=5e-5 --tweeteval-set epochs=2 "
    "(max_steps and limit make a smoke run).",
)
def command(
    run: Path,
    canaries: Path | None,
    max_val_tokens: int,
    threads: int | None,
    device: str,
    tweeteval: Path | None,
    tweeteval_tasks: tuple[str, ...],
    tweeteval_settings: tuple[str, ...],
) -> None:
    """Evaluate RUN: writes RUN/eval.json, RUN/privacy.json (with --canaries) and RUN/REPORT.md."""
    from townsquare.cli.train import parse_overrides
    from townsquare.eval.report import evaluate_run
    from townsquare.train.distributed import pick_device

    result = evaluate_run(
        run,
        canaries,
        max_val_tokens=max_val_tokens,
        threads=threads,
        device=pick_device(device),
        tweeteval=tweeteval,
        tweeteval_settings=parse_overrides(tweeteval_settings, "--tweeteval-set"),
        tweeteval_tasks=tweeteval_tasks or None,
        log=click.echo,
    )
    scored = result.get("val_tokens_scored")
    click.echo(
        f"val loss {result['val_loss']:.3f} (ppl {result['val_ppl']:.1f})"
        + (f" on {scored:,} val tokens" if scored else "")
        + "; unigram baseline "
        f"{result['unigram_val_loss']:.3f} (ppl {result['unigram_val_ppl']:.1f})"
    )
    privacy = result.get("privacy")
    if privacy:
        click.echo(
            f"memorization guard: private {'PASS' if privacy['private_ok'] else 'FAIL'} "
            f"({privacy['private']} canaries, {privacy['private_extracted']} extracted); "
            f"control exposure by repeats: {_exposures(privacy['control_exposure_by_repeats'])}"
        )
        if not privacy["private_ok"]:
            raise click.ClickException("a private canary shows exposure beyond never-inserted references")
    else:
        click.echo("memorization guard: not run (pass --canaries FILE with the canary registry to run it)")
    te = result.get("tweeteval")
    if te and tweeteval is not None:
        from townsquare.eval.tweeteval import fmt, leaderboard_all

        scores = ", ".join(f"{t} {fmt(r['score'])}" for t, r in te["tasks"].items())
        all6 = fmt(te["all6"]) if te["all6"] is not None else "n/a (not all six tasks ran)"
        click.echo(
            f"TweetEval: {scores}; ALL-6 {all6} (FastText {fmt(leaderboard_all('FastText'))}, "
            f"RoBERTa-base {fmt(leaderboard_all('RoBERTa-base'))}, BERTweet {fmt(leaderboard_all('BERTweet'))})"
            + ("" if te["comparable"] else "; smoke run (capped), not comparable")
        )
    click.echo(f"report: {run}/REPORT.md")


def _exposures(by_repeats: dict) -> str:
    """``0x 0.64, 1x 1.25, 4x 3.47`` (bits of exposure per number of times a control canary was planted)."""
    return ", ".join(
        f"{repeats}x {value:.2f}" for repeats, value in sorted(by_repeats.items(), key=lambda item: int(item[0]))
    )
