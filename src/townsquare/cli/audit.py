"""``townsquare audit``: look for planted canaries in corpora, indexes and runs."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--canaries",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Canary registry (canaries.jsonl from `townsquare sample`).",
)
def command(paths: tuple[Path, ...], canaries: Path) -> None:
    """Fail (exit 1) if any private canary appears in any file under PATHS."""
    from townsquare.audit import audit_canaries

    report = audit_canaries(canaries, list(paths))
    click.echo(report.summary())
    if not report.ok:
        raise click.ClickException(f"{len(report.leaks)} private canaries leaked")
