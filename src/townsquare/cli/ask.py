"""``townsquare ask INDEX "question"``: a thin command over ``townsquare.assistant.Assistant``."""

from __future__ import annotations

from pathlib import Path

import click


class _JsonErrors(click.Command):
    """With ``--json``, an error is also ``{"error": "..."}`` on stdout, so a script reading the JSON gets an
    object; the one ``Error:`` line on stderr and exit 1 stay as for every command (``LazyGroup.invoke``)."""

    def invoke(self, ctx: click.Context) -> object:
        from townsquare.errors import TownsquareError

        try:
            return super().invoke(ctx)
        except (TownsquareError, OSError) as exc:
            if ctx.params.get("as_json") and (isinstance(exc, TownsquareError) or exc.filename is not None):
                import orjson

                from townsquare.cli import os_error_line

                message = str(exc) if isinstance(exc, TownsquareError) else os_error_line(exc)
                click.echo(orjson.dumps({"error": message}).decode())
            raise


@click.command(cls=_JsonErrors)
@click.argument("index", type=click.Path(path_type=Path))
@click.argument("question", metavar="QUESTION|-")
@click.option(
    "--model",
    "model_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Compose with a local causal LM: a run (runs/NAME), its model/ folder, or a .gguf file.",
)
@click.option("--llm-url", default=None, metavar="URL", help="Compose with an OpenAI-compatible endpoint (…/v1).")
@click.option("--llm-model", default="default", show_default=True, help="Model name sent to --llm-url.")
@click.option(
    "--llm-key-env",
    default="TOWNSQUARE_LLM_KEY",
    show_default=True,
    help="Environment variable holding the API key for --llm-url.",
)
@click.option("--from", "from_", default=None, help="Only posts by these handles (space or comma separated), as from:.")
@click.option("--lang", default=None, help="Only posts in these languages (en,de or 'en de'), as lang:.")
@click.option("--since", default=None, help="Only posts from this day on (YYYY-MM-DD), as since:.")
@click.option("--mark-unsupported", is_flag=True, help="Keep unsupported sentences, marked, instead of removing them.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer, citations and checks as JSON.")
def command(
    index: Path,
    question: str,
    model_path: Path | None,
    llm_url: str | None,
    llm_model: str,
    llm_key_env: str,
    from_: str | None,
    lang: str | None,
    since: str | None,
    mark_unsupported: bool,
    as_json: bool,
) -> None:
    """Answer a question from the public posts of an index, every sentence cited and checked.

    QUESTION "-" reads questions from standard input, one per line, and answers each in turn (with --json, one
    JSON object per line): the reader model loads once, not once per question.
    """
    import sys

    import orjson

    from townsquare.assistant import Assistant, LocalComposer, RemoteComposer
    from townsquare.assistant.core import MAX_QUESTION
    from townsquare.errors import ConfigError

    if model_path and llm_url:
        raise ConfigError("choose one of --model and --llm-url")
    composer = None
    if model_path:
        folder = model_path / "model" if (model_path / "model" / "config.json").is_file() else model_path
        composer = LocalComposer(str(folder))
    elif llm_url:
        composer = RemoteComposer(llm_url, llm_model, llm_key_env)
    questions = (line.strip() for line in sys.stdin) if question == "-" else iter([question])
    if question != "-" and not question.strip():
        raise ConfigError("the question is empty")
    if question != "-" and len(question) > MAX_QUESTION:
        raise ConfigError(f"the question is {len(question):,} characters; the assistant reads at most {MAX_QUESTION:,}")
    operators = {name: value for name, value in (("from", from_), ("lang", lang), ("since", since)) if value}
    assistant = Assistant(index, composer=composer)
    shown = 0
    for n, asked in enumerate(questions, 1):
        if not asked:
            # a blank line of many: said, so that a script pairing line N of its input with line N of the output
            # (one JSON object per line) stays in step
            click.echo(f"question {n}: the line is empty, no answer", err=True)
            if as_json:
                click.echo(orjson.dumps({"question": "", "error": "the question is empty"}).decode())
            continue
        if len(asked) > MAX_QUESTION:  # one long line of many: said, and the rest still answered
            click.echo(f"question {n}: {len(asked):,} characters, only the first {MAX_QUESTION:,} read", err=True)
        answer = assistant.ask(asked, search_parameters=operators, unsupported="mark" if mark_unsupported else "remove")
        if as_json:
            click.echo(orjson.dumps(answer.to_dict()).decode())
        else:
            if shown:
                click.echo()
            _show(answer)
        shown += 1


def _show(answer) -> None:  # noqa: ANN001 - an assistant Answer
    from rich.console import Console

    console = Console()
    console.print(answer.text, highlight=False)
    for view in answer.viewpoints:
        console.print(
            f"  viewpoint {view['label']!r}: {view['posts']} post{'s' * (view['posts'] != 1)} from "
            f"{view['authors']} author{'s' * (view['authors'] != 1)} "
            f"{''.join(f'[{n}]' for n in view['citations'])}",
            highlight=False,
            markup=False,
        )
    for item in answer.citations:
        console.print(
            f"[{item['n']}] {'@' + item['author'] if item['author'] else '(no author)'} {item['created_at'] or ''} "
            f"{item['uri'] or item['id']}",
            highlight=False,
            markup=False,
        )
    if answer.claims:  # an abstention claims nothing: "0/0 sentences supported" read as a failed check
        console.print(
            f"{answer.supported}/{answer.claims} sentences supported by their cited posts"
            + (f"; removed: {len(answer.removed)}" if answer.removed else ""),
            style="dim",
        )
