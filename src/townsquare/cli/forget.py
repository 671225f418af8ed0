"""``townsquare forget --ids FILE --corpus CORPUS [--index INDEX] [--release DIR] [--runs DIR]``: over ``townsquare.forget``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--ids",
    "ids_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File of post ids to remove, one per line, or deletion events (an X compliance job's output).",
)
@click.option("--corpus", required=True, type=click.Path(file_okay=False, path_type=Path), help="Corpus folder.")
@click.option(
    "--index",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Search index folder to remove them from as well.",
)
@click.option(
    "--near/--no-near",
    default=True,
    show_default=True,
    help="Also remove near-copies found by MinHash matching of the forgotten texts.",
)
@click.option(
    "--release",
    "releases",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Release folder whose data/ loses the posts too (repeatable).",
)
@click.option(
    "--runs",
    "runs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Run folder, or folder of runs, to check for having trained on the posts (repeatable).",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write forget-report.json  [default: CORPUS/forget-report.json]",
)
def command(
    ids_file: Path,
    corpus: Path,
    index: Path | None,
    near: bool,
    releases: tuple[Path, ...],
    runs: tuple[Path, ...],
    report: Path | None,
) -> None:
    """Remove deleted posts (with their copies and near-copies) from a corpus, index and releases; report which
    runs and released models trained on them."""
    from townsquare.forget import forget, read_ids

    summary = forget(
        corpus, read_ids(ids_file, corpus), index=index, near=near, runs=runs, releases=releases, report=report
    )
    click.echo(
        f"forgot {summary.requested} requested ids (+{summary.copies} copies, {summary.reposts} of them "
        f"reposts; +{summary.near_copies} near-duplicates): "
        f"removed {summary.removed_posts} posts and "
        f"{summary.removed_rejects} reject rows, rewrote {summary.parts_rewritten} parts"
    )
    if summary.not_found:
        click.echo(
            f"{summary.not_found} of the requested ids were not in the corpus (already forgotten, never "
            "built into it, or mistyped); their hashes are recorded all the same, so a rebuild drops them"
        )
    if index is not None:
        click.echo(f"index: removed {summary.index_removed}")
    if summary.tokens_removed:
        click.echo(
            f"removed {corpus / 'tokens'} and {corpus / 'tokenizer.json'} (made from the forgotten posts); "
            f"rerun `townsquare tokenize {corpus}` before training"
        )
    for row in summary.releases:
        click.echo(
            f"release {row['release']}: removed {row['data_rows_removed']} rows from data/; model: "
            f"{row['model'] or 'not trained on them'}"
        )
    if runs or summary.releases:
        click.echo(f"runs trained on them (or possibly): {summary.runs_affected}")
    click.echo(f"recorded in {corpus / 'manifest.json'} (ids as SHA-256 hashes); the next build redoes its work")
    click.echo(f"report: {summary.report}")
