"""``townsquare sample``: write a synthetic town square in real export formats."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the sample into (created if missing).",
)
@click.option(
    "--posts",
    "n_posts",
    type=click.IntRange(min=1),
    default=4000,
    show_default=True,
    help="About how many posts to generate across all platforms.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed; the same seed gives the same files.")
def command(out_dir: Path, n_posts: int, seed: int) -> None:
    """Generate a synthetic town square (X, Mastodon, Bluesky, CSV) with canaries and ground truth."""
    from rich.console import Console
    from rich.table import Table

    from townsquare.cli import print_table
    from townsquare.sample import generate_sample

    summary = generate_sample(out_dir, n_posts=n_posts, seed=seed)
    table = Table(title=f"sample written to {summary.out_dir}/ in {summary.seconds:.1f}s")
    table.add_column("file")
    table.add_column("records", justify="right")
    for name, count in summary.files.items():
        table.add_row(name, str(count))
    total = summary.truth["total"]
    table.add_row("[bold]all[/]", f"[bold]{summary.posts}[/]")
    console = Console()
    print_table(console, table)
    console.print(
        f"public {total['public']}, deleted {total['deleted']}, non-public "
        + ", ".join(f"{k} {v}" for k, v in total["non_public"].items())
        + f"; {summary.canaries} canaries in canaries.jsonl; counts in truth.json"
    )
