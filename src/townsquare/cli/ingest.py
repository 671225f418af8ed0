"""``townsquare ingest PATH... --out DIR``: exports -> Post Parquet + quarantine + summary table."""

from __future__ import annotations

from pathlib import Path

import click

from townsquare.errors import ConfigError

FORMAT_NAMES = (
    "parquet",
    "bluesky-car",
    "x-archive",
    "x-api-v2",
    "mastodon-outbox",
    "mastodon",
    "bluesky-jetstream",
    "csv",
    "text",
)  # mirrors sources.FORMATS; kept here so --help imports nothing


def parse_map(value: str | None) -> dict[str, str] | None:
    """``text=text,author=name`` -> ``{"text": "text", "author": "name"}``."""
    if not value:
        return None
    mapping: dict[str, str] = {}
    for pair in value.split(","):
        key, sep, column = pair.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise ConfigError(f"--map: {pair!r} is not FIELD=COLUMN (example: --map text=text,author=name)")
        mapping[key.strip()] = column.strip()
    return mapping


def _table(summary):
    from rich.table import Table

    from townsquare.sources.ingest import COUNTERS

    # Short headers so the numbers fit an 80-column terminal; the source name folds instead.
    headers = {"quarantined": "quar.", "non_public": "private", "skipped": "skip"}
    table = Table(title=f"ingest -> {summary.out_dir}", padding=(0, 1))
    table.add_column("source", overflow="fold", ratio=1)
    table.add_column("format", no_wrap=True)  # "bluesky-jetstream" whole, not folded mid-word
    for name in COUNTERS:
        table.add_column(headers.get(name, name), justify="right", no_wrap=True, min_width=len(headers.get(name, name)))
    for stats in summary.sources:
        table.add_row(_short(stats.source), stats.format, *(f"{getattr(stats, n):,}" for n in COUNTERS))
    totals = summary.totals
    table.add_row("TOTAL", "", *(f"{getattr(totals, n):,}" for n in COUNTERS), style="bold", end_section=True)
    return table


def _short(source: str) -> str:
    # the folder and file name identify a source; ingest.json keeps the full path
    path = Path(source)
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


@click.command(
    help="Read exports (X, Mastodon, Bluesky, CSV, text, Parquet) into Post Parquet files, "
    "a quarantine file and per-source counts."
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Output folder: posts/part-*.parquet, quarantine.jsonl, ingest.json.",
)
@click.option(
    "--format",
    "fmt",
    default=None,
    help=f"Force one format for every input instead of detecting it: {', '.join(FORMAT_NAMES)}.",
)
@click.option(
    "--map",
    "mapping",
    metavar="FIELD=COLUMN,...",
    help="CSV column map, e.g. text=text,author=name,created_at=tweet_created,id=tweet_id.",
)
@click.option(
    "--limit",
    "limits",
    multiple=True,
    metavar="NAME=VALUE",
    help="Change a hostile-input limit, e.g. max_member_bytes=4G (names: townsquare.limits).",
)
def command(
    paths: tuple[Path, ...], out_dir: Path, fmt: str | None, mapping: str | None, limits: tuple[str, ...]
) -> None:
    """Thin wrapper over ``townsquare.sources.ingest.ingest`` with a progress bar and a summary table."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from townsquare.cli import print_table
    from townsquare.limits import parse_limits
    from townsquare.sources.ingest import ingest

    read_limits = parse_limits(limits)
    options = {"map": parse_map(mapping)} if mapping else {}
    console = Console()
    errors = Console(stderr=True)
    # the bar only on a terminal: in pipes and CI it would add blank lines around error messages
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[posts]:,} posts"),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    ) as bar:
        task = bar.add_task("ingest", total=None, posts=0)
        done_posts = 0

        def progress(path: Path, stats, done: bool) -> None:
            nonlocal done_posts
            if done:
                done_posts += stats.posts
                bar.update(task, advance=1, posts=done_posts)
            else:
                bar.update(task, description=path.name[:40], posts=done_posts + stats.posts)

        summary = ingest(list(paths), out_dir, fmt=fmt, options=options, progress=progress, limits=read_limits)
    print_table(console, _table(summary))
    totals = summary.totals
    if summary.reconciles:
        console.print(
            f"Counts reconcile: read {totals.read:,} = posts {totals.posts:,} + quarantined {totals.quarantined:,}."
        )
    else:
        bad = [s.source for s in summary.sources if not s.reconciles]
        raise click.ClickException(f"counts do not reconcile for: {', '.join(bad)} (see {out_dir}/ingest.json)")
    if totals.quarantined:
        console.print(
            f"{totals.quarantined:,} record(s) quarantined: file, line and cause of each in "
            f"{out_dir / 'quarantine.jsonl'}"
        )
