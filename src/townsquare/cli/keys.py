"""``townsquare keys``: create, list and revoke API keys (stored hashed in SQLite)."""

from __future__ import annotations

from pathlib import Path

import click

_DB = click.option(
    "--keys-db",
    default=Path("keys.sqlite"),
    show_default=True,
    type=click.Path(path_type=Path),
    envvar="TOWNSQUARE_KEYS_DB",
    help="SQLite file with the API keys.",
)


@click.group()
def command() -> None:
    """Create, list and revoke API keys for `townsquare serve`."""


@command.command()
@click.option("--name", required=True, help="Who or what the key is for.")
@click.option("--quota", default="450/15min", show_default=True, help="Requests per window, e.g. 450/15min, 1000/hour.")
@_DB
def create(name: str, quota: str, keys_db: Path) -> None:
    """Create a key and print its bearer token (shown once, stored only as a salted hash)."""
    from townsquare.server.auth import KeyStore

    key, token = KeyStore(keys_db).create(name, quota)
    click.echo(token)
    click.echo(
        f"key {key.key_id} ({key.name}, {key.quota}) created; the token above is not stored and cannot be shown again",
        err=True,
    )


@command.command(name="list")
@_DB
def list_keys(keys_db: Path) -> None:
    """List keys (ids, names, quotas, state; never tokens)."""
    from rich.console import Console
    from rich.table import Table

    from townsquare.cli import print_table
    from townsquare.server.auth import KeyStore

    _existing(keys_db)
    table = Table(title=f"API keys in {keys_db}")
    for column in ("id", "name", "quota", "created", "state"):
        table.add_column(column)
    for key in KeyStore(keys_db).list():
        table.add_row(
            key.key_id, key.name, key.quota, key.created_at, "active" if key.active else f"revoked {key.revoked_at}"
        )
    print_table(Console(), table)


@command.command()
@click.argument("key")
@_DB
def revoke(key: str, keys_db: Path) -> None:
    """Revoke KEY (a key id, or every active key with that name)."""
    from townsquare.server.auth import KeyStore

    _existing(keys_db)
    revoked = KeyStore(keys_db).revoke(key)
    if not revoked:
        raise click.ClickException(f"no active key with id or name {key!r}")
    for item in revoked:
        click.echo(f"revoked {item.key_id} ({item.name})")


def _existing(keys_db: Path) -> None:
    """Listing or revoking reads a key store; it must not create an empty one where there was none."""
    if not keys_db.is_file():
        raise click.ClickException(
            f"no key store at {keys_db}: create a key first (townsquare keys create "
            f"--name NAME --keys-db {keys_db}), or pass --keys-db"
        )
