"""``townsquare release RUN --corpus CORPUS --out DIR``: a thin command over ``townsquare.release``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("run", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--corpus",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The corpus the run was trained on (its posts are released as data/).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Release folder to write (new, or an earlier release to replace).",
)
@click.option(
    "--repo-id",
    default=None,
    help="Hub-style name for the cards, e.g. my-lab/town-small "
    "(default townsquare/RUN-NAME); the data is named REPO-ID-data.",
)
@click.option("--license", "license_", default="apache-2.0", show_default=True, help="Licence of the model weights.")
@click.option(
    "--data-license",
    default="other",
    show_default=True,
    help="Licence of the data compilation (posts stay their authors' under their platforms' terms).",
)
@click.option(
    "--source-license",
    "source_licenses",
    multiple=True,
    metavar="FORMAT=TERMS",
    help="Terms of one input format for the dataset card, e.g. x-api-v2='X Developer Agreement'.",
)
def command(
    run: Path,
    corpus: Path,
    out: Path,
    repo_id: str | None,
    license_: str,
    data_license: str,
    source_licenses: tuple[str, ...],
) -> None:
    """Assemble OUT/model (weights + model card), OUT/data (Parquet + dataset card + Croissant), SHA256SUMS."""
    from townsquare.errors import ConfigError
    from townsquare.release import make_release

    terms = {}
    for pair in source_licenses:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ConfigError(f"--source-license expects FORMAT=TERMS, got {pair!r}")
        terms[key.strip()] = value.strip()
    record = make_release(
        run, corpus, out, repo_id=repo_id, license=license_, data_license=data_license, source_licenses=terms
    )
    click.echo(
        f"release {record['repo_id']}: {out}/model (model card), {out}/data ({record['rows']:,} posts, "
        f"dataset card, croissant.json), {record['files']} files in {out}/SHA256SUMS"
    )
    click.echo(f"check it with: (cd {out} && sha256sum -c SHA256SUMS)")
