"""``townsquare report RUNS... --out DIR``: one page comparing runs (see townsquare.eval.compare)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the page.")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="JSON from bench/tweeteval_baseline.py --out: adds the TF-IDF baseline measured here.",
)
def command(runs: tuple[Path, ...], out: Path, baseline: Path | None) -> None:
    """Write OUT/index.html: runs vs the published TweetEval baselines, loss curves, memorization guard."""
    from townsquare.eval.compare import make_report

    report = make_report(list(runs), out, baseline)
    evaluated = sum(r["tweeteval_all6"] is not None for r in report["runs"])
    click.echo(f"{len(report['runs'])} run(s), {evaluated} with TweetEval; page: {out / 'index.html'}")
    for r in report["runs"]:
        te = "-" if r["tweeteval_all6"] is None else f"{r['tweeteval_all6']:.1f}"
        click.echo(
            f"  {r['name']:<20} tokens {r['tokens'] or 0:>14,}  TweetEval ALL-6 {te:>5}  "
            f"guard {r['privacy'] or 'not run'}"
        )
