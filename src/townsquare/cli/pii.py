"""``townsquare pii FILE.jsonl --spans OUT.jsonl``: write the spans the pii stage would redact, for audit."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(
    help='Find personal data in a JSONL file of {"id", "text"} lines and write the spans the '
    'corpus build would redact as {"id", "start", "end", "label"} lines (character '
    "offsets; a line without an id is named by its line number). Labels: EMAIL PHONE CARD IBAN IP "
    "GOV_ID ADDRESS SECRET DOB PASSPORT DRIVER_LICENSE GEO NAME PLATE BOOKING_REF."
)
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--spans",
    "spans_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the spans (JSONL).",
)
def command(path: Path, spans_path: Path) -> None:
    from townsquare.corpus.pii import LABELS, scan_jsonl

    def report(line: int, cause: str) -> None:
        click.echo(f"error: {path}:{line}: {cause}", err=True)

    scan = scan_jsonl(path, spans_path, on_error=report)
    per_label = ", ".join(f"{label} {scan.spans[label]:,}" for label in LABELS if scan.spans[label]) or "none"
    click.echo(
        f"{scan.posts:,} posts scanned, {scan.posts_with_pii:,} with personal data, "
        f"{sum(scan.spans.values()):,} spans ({per_label}), {scan.bad_lines:,} bad lines -> {spans_path}"
    )
