"""``townsquare index CORPUS --out INDEX``: a thin command over ``townsquare.index.build_index``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Index folder to create or update (only new corpus parts are added).",
)
def command(corpus: Path, out: Path) -> None:
    """Build or update the keyword + vector search index of a corpus."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from townsquare.cli import print_table
    from townsquare.index.build import build_index

    console = Console(stderr=True)
    # the spinner starts with the first rows: a corpus refused before any is read gets its error line alone
    # (it drew "indexing 0 rows" first); in pipes and CI it would add lines around error messages
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    task: TaskID | None = None

    def progress(part: str, rows: int) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task("indexing", total=None)
        bar.update(task, advance=rows, description=f"indexing {part}")

    try:
        stats = build_index(corpus, out, progress=progress)
    finally:
        bar.stop()
    table = Table(title=f"townsquare index -> {out}")
    table.add_column("what")
    table.add_column("value", justify="right")
    rows = [
        ("parts indexed now", f"{len(stats.parts_indexed):,}"),
        ("parts already indexed", f"{stats.parts_skipped:,}"),
        ("parts removed (gone from the corpus)", f"{len(stats.parts_removed):,}"),
        ("posts indexed", f"{stats.posts_indexed:,}"),
        ("refused: not public", f"{stats.refused_not_public:,}"),
        ("refused: deleted", f"{stats.refused_deleted:,}"),
        ("refused: forgotten", f"{stats.refused_forgotten:,}"),
        ("replaced (same id)", f"{stats.replaced:,}"),
        ("vector side posts/s", f"{stats.vector_posts_per_s:,.0f}"),
        ("seconds", f"{stats.total_seconds:.1f}"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    print_table(Console(), table)
