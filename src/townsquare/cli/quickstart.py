"""``townsquare quickstart``: the whole workflow on generated sample data.

Runs the same verbs a user would type, in order, printing each command first
so the output doubles as a tutorial. Verbs not present in this install are
reported as skipped.
"""

from __future__ import annotations

import shlex
import time
from pathlib import Path

import click

MARKER = ".townsquare-quickstart"
"""Left in WORKDIR by quickstart: a rerun may replace what it finds there."""

MADE = ("sample", "ingested", "corpus", "index", "runs", "release")
"""The folders quickstart makes in WORKDIR (``_steps`` writes nowhere else)."""


def _start_over(workdir: Path) -> None:
    """Empty WORKDIR of an earlier quickstart; refuse a folder that holds anything quickstart did not make."""
    import shutil

    if workdir.exists() and not workdir.is_dir():
        raise click.ClickException(f"--workdir {workdir}: is a file, not a folder")
    if workdir.is_dir():
        theirs = sorted(p.name for p in workdir.iterdir() if p.name not in MADE and p.name != MARKER)
        if theirs or (any(workdir.iterdir()) and not (workdir / MARKER).exists()):
            named = f" ({', '.join(theirs[:3])}{', ...' if len(theirs) > 3 else ''})" if theirs else ""
            raise click.ClickException(
                f"--workdir {workdir}: holds files quickstart did not make{named}; choose a new or empty folder"
            )
    for name in MADE:
        target = workdir / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / MARKER).write_text(
        "made by `townsquare quickstart`; a rerun replaces this folder's contents\n", encoding="utf-8"
    )


def _steps(work: Path, posts: int, train: bool, max_steps: int | None = None) -> list[tuple[str, list[str]]]:
    sample, corpus, run, index = work / "sample", work / "corpus", work / "runs" / "tiny", work / "index"
    steps = [
        ("sample", ["sample", "--out", str(sample), "--posts", str(posts)]),
        ("ingest", ["ingest", str(sample / "exports"), "--out", str(work / "ingested")]),
        ("build", ["build", str(sample / "exports"), "--out", str(corpus), "--opt-out", str(sample / "opt_out.txt")]),
        ("index", ["index", str(corpus), "--out", str(index)]),
        ("search", ["search", str(index), "weather OR transit", "--max-results", "5"]),
        ("ask", ["ask", str(index), "What do people say about the bus lane on Harbor Road?"]),
        ("ask", ["ask", str(index), "Who won the Millbrook chess championship?"]),
    ]
    if train:
        steps += [
            ("tokenize", ["tokenize", str(corpus)]),
            (
                "train",
                ["train", str(corpus), "--preset", "tiny", "--out", str(run)]
                + (["--max-steps", str(max_steps)] if max_steps else []),
            ),
            ("eval", ["eval", str(run), "--canaries", str(sample / "canaries.jsonl")]),
            ("generate", ["generate", str(run), "The bus this morning"]),
            ("release", ["release", str(run), "--corpus", str(corpus), "--out", str(work / "release")]),
        ]
    return steps


@click.command()
@click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("townsquare-quickstart"),
    show_default=True,
    help="Folder for the sample, corpus, index and model.",
)
@click.option("--posts", type=int, default=4000, show_default=True, help="Posts in the generated sample.")
@click.option(
    "--train/--no-train",
    default=True,
    show_default=True,
    help="Also tokenize, train the tiny model, evaluate it, generate from it and release it.",
)
@click.option(
    "--max-steps",
    type=click.IntRange(min=1),
    default=None,
    help="Train for this many steps instead of the tiny preset's (a quicker, worse model).",
)
def command(workdir: Path, posts: int, train: bool, max_steps: int | None) -> None:
    """Run the whole pipeline on a generated sample: sample, ingest, build, index, search, ask, then (with --train)
    tokenize, train, eval, generate, release; last the assistant check and the privacy audit.

    Each run starts over: the folders an earlier quickstart made in WORKDIR (sample, ingested, corpus,
    index, runs, release) are replaced, with whatever was put in them, so running it twice gives the
    same result twice. A WORKDIR that holds anything else is refused.
    """
    from rich.console import Console

    from townsquare.cli import main

    _start_over(workdir)
    console = Console()
    available = set(main.list_commands(click.get_current_context()))
    timings: list[tuple[str, str]] = []
    for verb, args in _steps(workdir, posts, train, max_steps):
        if verb not in available:
            console.print(f"[yellow]skip[/] townsquare {verb}: not available in this install")
            timings.append((verb, "skipped"))
            continue
        console.rule(f"townsquare {verb}")
        # one line whatever the width, so the command can be copied and pasted (soft_wrap: the terminal wraps)
        console.print("$ townsquare " + shlex.join(args), style="bold", soft_wrap=True, highlight=False, markup=False)
        start = time.perf_counter()
        main.main(args, standalone_mode=False, prog_name="townsquare")
        timings.append((verb, f"{time.perf_counter() - start:.1f}s"))

    if "ask" in available:
        console.rule("assistant check")
        from townsquare.assistant.truth import check_assistant

        failures = check_assistant(workdir / "sample" / "truth.json", workdir / "index")
        for line in failures:
            console.print(f"[red]assistant[/] {line}")
        if not failures:
            console.print(
                "every planted question in truth.json got the answer its truth expects "
                "(viewpoints, newest post, short answer, abstention)"
            )

    from townsquare.audit import audit_canaries

    console.rule("privacy audit")
    report = audit_canaries(
        workdir / "sample" / "canaries.jsonl",
        [workdir / "corpus", workdir / "index", workdir / "runs", workdir / "release"],
    )
    console.print(report.summary())
    for verb, took in timings:
        console.print(f"  {verb:<10} {took}")
    if not report.ok:
        raise click.ClickException("privacy audit failed: a private canary was found downstream")
    if "ask" in available and failures:
        raise click.ClickException("assistant check failed: see the lines above")
    console.print(f"[green]quickstart done[/]: everything is under {workdir}/")
