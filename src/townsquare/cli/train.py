"""``townsquare train CORPUS --preset tiny --out RUN``: train a decoder model (see townsquare.train.loop)."""

from __future__ import annotations

from pathlib import Path

import click

PRESET_NAMES = ("micro", "tiny", "small", "base")  # checked again by TrainConfig, which lists them on error


def parse_overrides(pairs: tuple[str, ...], option: str = "--set") -> dict:
    import json

    from townsquare.errors import ConfigError

    overrides = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise ConfigError(f"{option} expects KEY=VALUE, got {pair!r}")
        try:
            overrides[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key.strip()] = value
    return overrides


@click.command(epilog="Many processes: torchrun --standalone --nproc_per_node N -m townsquare train CORPUS ...")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--preset", default="tiny", show_default=True, help=f"One of {', '.join(PRESET_NAMES)}.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Run folder.")
@click.option("--resume", is_flag=True, help="Continue from OUT/ckpt/last.pt (exactly: same next losses).")
@click.option(
    "--init-from",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Start a new run from this run's trained weights (fresh optimizer and schedule).",
)
@click.option("--max-steps", type=click.IntRange(min=1), default=None, help="Override the preset's step count.")
@click.option("--seed", type=int, default=None, help="Override the preset's seed.")
@click.option("--fsdp", is_flag=True, help="Under torchrun: shard the model with FSDP instead of DDP.")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override any preset field, e.g. --set batch_size=8 --set compile=off.",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=None,
    help="CPU threads for torch (default: the preset's cpu_threads, else torch's).",
)
def command(
    corpus: Path,
    preset: str,
    out: Path,
    resume: bool,
    init_from: Path | None,
    max_steps: int | None,
    seed: int | None,
    fsdp: bool,
    settings: tuple[str, ...],
    threads: int | None,
) -> None:
    """Train a Llama-architecture model on CORPUS/tokens; writes OUT/ckpt, log.jsonl, loss.png, model/."""
    import os

    from townsquare.train.loop import train

    summary = train(
        corpus,
        out,
        preset=preset,
        resume=resume,
        max_steps=max_steps,
        seed=seed,
        fsdp=fsdp,
        overrides=parse_overrides(settings),
        threads=threads,
        init_from=init_from,
    )
    if os.environ.get("RANK", "0") != "0":
        return  # under torchrun only rank 0 reports, as only it writes
    if summary.get("already_finished"):
        click.echo(f"{out} had already finished its {summary['steps']} steps: nothing to resume; model in {out}/model")
    elif summary.get("run"):
        baseline = summary.get("unigram_val_loss")
        click.echo(
            f"{summary['preset']}: {summary['params'] / 1e6:.2f}M params, {summary['steps']} steps "
            f"({summary['epochs']:.3g} epochs), "
            f"{summary['elapsed_s']:.0f}s, {summary['tok_per_s']:,.0f} tok/s; val loss "
            f"{summary['val_loss']:.3f}"
            + (f" on {summary['val_windows']:,} fixed windows" if summary.get("val_windows") else "")
            + (f" (unigram baseline {baseline:.3f})" if baseline else "")
            + (
                f"; exported step {summary['exported_step']} (val loss {summary['best_val_loss']:.3f}, the lowest)"
                if summary.get("exported_step") != summary["steps"]
                else ""
            )
            + f"; model in {out}/model (`townsquare eval {out}` scores the whole val split)"
        )
