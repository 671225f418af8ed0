"""``townsquare tokenize CORPUS``: train the BPE tokenizer and write token shards."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--vocab-size",
    type=click.IntRange(min=300),
    default=4096,
    show_default=True,
    help="BPE vocabulary size (ids fit uint16 up to 65536).",
)
@click.option(
    "--val-fraction",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.05,
    show_default=True,
    help="Share of conversations held out for validation.",
)
def command(corpus: Path, vocab_size: int, val_fraction: float) -> None:
    """Train CORPUS/tokenizer.json and write CORPUS/tokens/{train,val}.bin split by conversation."""
    from rich.console import Console
    from rich.table import Table

    from townsquare.cli import print_table
    from townsquare.train.shards import tokenize_corpus

    console = Console()
    with console.status("training the tokenizer and writing shards"):
        meta = tokenize_corpus(corpus, vocab_size=vocab_size, val_fraction=val_fraction)
    table = Table(title=f"{corpus}/tokens (vocab {meta['vocab_size']}, {meta['dtype']})")
    for col in ("split", "posts", "tokens"):
        table.add_column(col, justify="right")
    for split in ("train", "val"):
        table.add_row(split, f"{meta[split]['posts']:,}", f"{meta[split]['tokens']:,}")
    print_table(console, table)
