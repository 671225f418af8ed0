"""``townsquare generate RUN "prompt"``: sample posts from a trained model."""

from __future__ import annotations

from pathlib import Path

import click

from townsquare.cli import TextArgCommand
from townsquare.train.distributed import DEVICES


@click.command(cls=TextArgCommand)  # a prompt may start with "-": "-2 degrees and falling"
@click.argument("run", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("prompt", default="")
@click.option("-n", "--num", type=click.IntRange(min=1), default=3, show_default=True, help="Samples to draw.")
@click.option("--max-new-tokens", type=click.IntRange(min=1), default=48, show_default=True)
@click.option("--temperature", type=click.FloatRange(min=0), default=0.8, show_default=True, help="0 means greedy.")
@click.option("--top-k", type=click.IntRange(min=0), default=50, show_default=True)
@click.option(
    "--top-p",
    type=click.FloatRange(min=0, max=1, min_open=True),
    default=1.0,
    show_default=True,
    help="Nucleus sampling: draw from the smallest set of tokens holding this much probability.",
)
@click.option(
    "--repetition-penalty",
    type=click.FloatRange(min=1.0),
    default=1.0,
    show_default=True,
    help="Above 1 discourages repeating tokens already in the text.",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--device", type=click.Choice(DEVICES), default="auto", show_default=True, help="auto: the GPU when there is one."
)
def command(
    run: Path,
    prompt: str,
    num: int,
    max_new_tokens: int,
    temperature: float,
    top_k: int,
    top_p: float,
    repetition_penalty: float,
    seed: int,
    device: str,
) -> None:
    """Sample NUM continuations of PROMPT from RUN/model (a run folder or an exported model folder)."""
    from townsquare.train.distributed import pick_device
    from townsquare.train.generate import generate

    for i, text in enumerate(
        generate(
            run,
            prompt,
            num=num,
            max_new_tokens=max_new_tokens,
            temperature=temperature,
            top_k=top_k,
            seed=seed,
            top_p=top_p,
            repetition_penalty=repetition_penalty,
            device=pick_device(device),
        )
    ):
        click.echo(f"[{i + 1}] {text}")
