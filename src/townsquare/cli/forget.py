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
    from townsquare.forget import forget, read_requests

    requests = read_requests(ids_file, corpus)
    summary = forget(
        corpus, [names for _, names in requests], index=index, near=near, runs=runs, releases=releases, report=report
    )
    click.echo(
        # "forgot 1 requested ids" when that one matched nothing read as success (R19-B2): count what matched
        f"forgot {summary.requested - summary.not_found} of {summary.requested} requested ids (+{summary.copies} copies, {summary.reposts} of them "
        f"reposts; +{summary.near_copies} near-duplicates): "
        f"removed {summary.removed_posts} posts and "
        f"{summary.removed_rejects} reject rows, rewrote {summary.parts_rewritten} parts"
    )
    if summary.not_found:
        # a takedown that silently did nothing is the worst outcome: name each line that matched no post
        where = {names: where for where, names in requests}
        lines = [f"{where.get(names, names[0])} ({names[-1][:120]})" for names in summary.unmatched]
        shown = "; ".join(lines[:10]) + (f"; and {len(lines) - 10} more" if len(lines) > 10 else "")
        click.echo(
            f"{summary.not_found} of the requested ids matched no post in the corpus (already forgotten, never "
            f"built into it, or mistyped): {shown}. Their hashes are recorded all the same, so a rebuild drops them",
            err=True,
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
    trained = {"trained_on": "was trained on them", "possibly": "may have been trained on them"}
    for row in summary.not_named:
        # made from this corpus but not named: left holding (or trained on) what was just forgotten
        if "release" in row:
            held = f"still holds {row['data_rows_holding_them']} of the removed posts in data/" + (
                f" and its model {trained[row['model']]}" if row["model"] in trained else ""
            )
            click.echo(f"{row['release']}, a release of this corpus, {held}: rerun with {row['pass']}", err=True)
        else:
            click.echo(
                f"{row['run']}, a run of this corpus, {trained.get(row['verdict'], 'was trained on them')}: "
                f"rerun with {row['pass']} to have it in the report",
                err=True,
            )
    click.echo(f"recorded in {corpus / 'manifest.json'} (ids as SHA-256 hashes); the next build redoes its work")
    click.echo(f"report: {summary.report}")
