"""``townsquare build PATH... --out CORPUS``: a thin command over ``townsquare.corpus.build``."""

from __future__ import annotations

from pathlib import Path

import click


def _print_summary(console, summary) -> None:
    """Per-stage table (in, kept, dropped per reason), then the reconcile line."""
    from rich.table import Table

    from townsquare.cli import print_table
    from townsquare.corpus.card import in_pipeline_order, most_frequent

    table = Table(title=f"townsquare build -> {summary.out}")
    table.add_column("stage")
    table.add_column("in", justify="right")
    table.add_column("kept", justify="right")
    table.add_column("dropped (reason: posts)")
    for name, row in in_pipeline_order(summary.stages).items():  # stats read back from disk are sorted by name
        drops = ", ".join(f"{reason}: {n:,}" for reason, n in most_frequent(row["dropped"]))
        table.add_row(name, f"{row['in']:,}", f"{row['kept']:,}", drops or "-")
    print_table(console, table)
    if summary.redactions:
        console.print("redactions: " + ", ".join(f"{label} {n:,}" for label, n in summary.redactions.items()))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Corpus folder to write.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Parallel shard workers.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local processes, or Ray tasks (pip install 'townsquare[ray]').",
)
@click.option("--lang", default=None, help="Languages to keep, comma-separated (e.g. en,de); default: all, tagged.")
@click.option(
    "--opt-out",
    "opt_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Opt-out list: author ids, @handles, post:IDs, one per line.",
)
@click.option("--format", "fmt", default=None, help="Input format for every file (default: detected per file).")
@click.option(
    "--keep-mentions",
    "keep_mentions",
    default="",
    metavar="HANDLES",
    help="Public accounts whose @mentions stay, comma-separated (e.g. united,AmericanAir: brand or "
    "customer-service data); every other mention still becomes @user. Default: none.",
)
@click.option(
    "--resume/--no-resume",
    default=True,
    show_default=True,
    help="Skip shards finished by an earlier run (--no-resume rebuilds from scratch).",
)
@click.option(
    "--limit",
    "limits",
    multiple=True,
    metavar="NAME=VALUE",
    help="Change a hostile-input limit, e.g. max_member_bytes=4G (names: townsquare.limits).",
)
def command(
    paths: tuple[Path, ...],
    out: Path,
    workers: int,
    engine: str,
    lang: str | None,
    opt_out: Path | None,
    fmt: str | None,
    keep_mentions: str,
    resume: bool,
    limits: tuple[str, ...],
) -> None:
    """Build a privacy-safe, deduplicated corpus with a data card from exports or Parquet."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from townsquare.corpus.build import build
    from townsquare.limits import parse_limits

    read_limits = parse_limits(limits)
    console = Console(stderr=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[note]}"),
        console=console,
        transient=False,
    )
    tasks: dict[str, int] = {}

    def progress(phase: str, done: int, total: int, note: str) -> None:
        if not tasks:  # started with the first phase: an input refused before any work prints its one line alone
            bar.start()
        if phase not in tasks:
            label = "phase 1: shards" if phase == "shards" else "phase 2: global"
            tasks[phase] = bar.add_task(label, total=total, note="")
        bar.update(tasks[phase], completed=done, total=total, note=note)

    try:
        summary = build(
            list(paths),
            out,
            workers=workers,
            engine=engine,
            lang=lang,
            opt_out=opt_out,
            resume=resume,
            progress=progress,
            fmt=fmt,
            limits=read_limits,
            keep_mentions=keep_mentions,
        )
    except OSError as exc:
        if exc.filename is not None and Path(exc.filename) == out:  # e.g. a file where a parent folder is
            raise click.ClickException(f"cannot create {out}: {exc.strerror or exc}") from None
        raise  # other paths: one line from the CLI group, with the path the OS names
    finally:
        if tasks:  # rich's stop() prints a blank line off a terminal even for a bar never started
            bar.stop()
    out_console = Console()
    if summary.shards_resumed:
        console.print(f"resumed: {summary.shards_resumed} of {summary.shards_total} shards were already done")
    for path in summary.empty_files:
        console.print(f"skipped empty file: {path}")
    for path, cause in summary.quarantined_files:  # found in a folder, not posts: one quarantine record each
        console.print(f"quarantined file: {path}: {cause}", highlight=False, soft_wrap=True, markup=False)
    if summary.failed:
        for line in summary.failure_lines():
            console.print(f"[red]error:[/] {line}", highlight=False, soft_wrap=True)  # one line per shard
        console.print(summary.reconcile_line(), soft_wrap=True, markup=False)
        raise SystemExit(1)
    if summary.tokens_removed:  # they held texts of the previous posts; training on them would bring those back
        console.print(
            f"removed {summary.out / 'tokens'} and {summary.out / 'tokenizer.json'} (made from the "
            f"previous posts); rerun `townsquare tokenize {summary.out}` before training",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
    _print_summary(out_console, summary)
    out_console.print(summary.reconcile_line(), highlight=False, soft_wrap=True, markup=False)
    out_console.print(
        f"corpus: {summary.out}  ({summary.seconds:.1f}s; card: {summary.out / 'CARD.md'})",
        highlight=False,
        soft_wrap=True,
    )
    if summary.quarantined:
        out_console.print(
            f"{summary.quarantined:,} record(s) quarantined: file, line and cause of each in "
            f"{summary.out / 'quarantine'}/*.jsonl",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
