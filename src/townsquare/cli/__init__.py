"""``townsquare <verb>``: thin commands over the library.

Each verb lives in ``townsquare/cli/<verb>.py`` and exposes ``command`` (a
click command). Modules are imported only when their verb runs, so
``townsquare --help`` stays fast; their one-line help is listed here.
Library errors (``TownsquareError``), and OS errors about a path (a file where
the output folder should be, no permission, a full disk), become one ``Error:``
line and exit 1.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

from townsquare import __version__
from townsquare.errors import TownsquareError

# verb -> one-line help (kept here so listing verbs imports nothing)
COMMANDS: dict[str, str] = {
    "quickstart": "Run the whole pipeline on generated sample data.",
    "sample": "Generate a synthetic town square in real export formats.",
    "ingest": "Read exports into Post Parquet files plus a quarantine file.",
    "build": "Build a privacy-safe, deduplicated corpus with a data card.",
    "pii": "Find personal data in JSONL texts and write the spans to redact.",
    "forget": "Remove posts and their copies from a corpus and index.",
    "tokenize": "Train a BPE tokenizer on a corpus and write token shards.",
    "train": "Train a decoder language model on a tokenized corpus.",
    "generate": "Sample text from a trained model.",
    "eval": "Evaluate a trained model: perplexity and canary exposure.",
    "index": "Build or update the keyword + vector search index.",
    "search": "Query a search index from the command line.",
    "ask": "Answer a question from public posts, every sentence cited and checked.",
    "serve": "Serve the X-style search API and the web page.",
    "keys": "Create, list and revoke API keys.",
    "audit": "Check that no private canary reached a corpus, index or run.",
    "release": "Assemble a publishable folder with model and dataset cards.",
    "report": "One page comparing runs with the published baselines.",
}


# extra -> the modules it installs that the verbs import (checked with find_spec: nothing is imported)
EXTRAS: dict[str, tuple[str, ...]] = {
    "train": ("torch", "transformers", "tokenizers", "safetensors"),
    "index": ("tantivy", "usearch", "tokenizers", "safetensors", "sentence_transformers", "transformers", "torch"),
    "serve": ("fastapi", "uvicorn", "redis", "pydantic_settings", "httpx"),
    "ray": ("ray",),
}

# verb -> the extras it cannot run without; checked before the verb runs, so it writes nothing first
NEEDS: dict[str, tuple[str, ...]] = {
    "quickstart": ("train", "index"),
    "tokenize": ("train",),
    "train": ("train",),
    "generate": ("train",),
    "eval": ("train",),
    "index": ("index",),
    "search": ("index",),
    "serve": ("serve", "index"),
}


# verb -> (option, value or None for any) -> the extras that option adds: `forget --index`, `build --engine ray`
OPTION_NEEDS: dict[str, dict[tuple[str, str | None], tuple[str, ...]]] = {
    "forget": {("--index", None): ("index",)},
    "build": {("--engine", "ray"): ("ray",)},
}


def _needs(verb: str, args: list[str]) -> tuple[str, ...]:
    """The extras ``townsquare VERB ARGS...`` cannot run without."""
    needs = list(NEEDS.get(verb, ()))
    for (option, value), extras in OPTION_NEEDS.get(verb, {}).items():
        given = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == option]
        given += [arg.split("=", 1)[1] for arg in args if arg.startswith(option + "=")]
        if any(value is None or item == value for item in given):
            needs += [extra for extra in extras if extra not in needs]
    return tuple(needs)


def missing_extras(extras: tuple[str, ...]) -> list[str]:
    """The extras of ``extras`` whose modules are not installed, in the order given."""
    return [extra for extra in extras if any(importlib.util.find_spec(module) is None for module in EXTRAS[extra])]


def require_extras(what: str, extras: tuple[str, ...]) -> None:
    """One line naming the pip command when ``what`` needs extras that are not installed."""
    missing = missing_extras(extras)
    if missing:
        modules = sorted({m for extra in missing for m in EXTRAS[extra] if importlib.util.find_spec(m) is None})
        raise click.ClickException(
            f"{what} needs the {' and '.join(repr(e) for e in missing)} extra{'s' if len(missing) > 1 else ''} "
            f"({', '.join(modules)} not installed): pip install 'townsquare[{','.join(missing)}]'"
        )


def _module_name(verb: str) -> str:
    return f"townsquare.cli.{verb}"


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [verb for verb in COMMANDS if importlib.util.find_spec(_module_name(verb)) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS or importlib.util.find_spec(_module_name(cmd_name)) is None:
            return None
        return importlib.import_module(_module_name(cmd_name)).command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(verb, COMMANDS[verb]) for verb in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        # before the verb parses or writes anything; --help works without the extra
        if name is not None and not any(arg in ("-h", "--help") for arg in rest):
            require_extras(f"townsquare {name}", _needs(name, rest))
        return name, command, rest

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TownsquareError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            # A path the user chose that the OS refuses (a file where a folder should be, no
            # permission, a full disk) is their problem to fix, said in one line. An OSError
            # that names no path is not about their input: keep its traceback.
            if exc.filename is None:
                raise
            raise click.ClickException(os_error_line(exc)) from None


class TextArgCommand(click.Command):
    """A command whose free-text argument may start with "-": `search INDEX '-is:reply news'`,
    `generate RUN '-2 degrees and falling'`. A token that is not one of the command's options (or the
    value of the option before it) is an argument, however it starts; click alone read it as a
    cluster of short options (`-n` inside "news")."""

    _LITERAL = "\x00"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = [param for param in self.params if isinstance(param, click.Option)]
        names = {name for option in options for name in option.opts + option.secondary_opts}
        takes_value = {name for option in options if not option.is_flag and not option.count for name in option.opts}
        marked, value_next = [], False
        for position, arg in enumerate(args):
            if arg == "--":
                marked += args[position:]
                break
            attached = arg[:2] in takes_value and arg[2:].isdigit()  # -n3: click's short option with its value
            if (
                not value_next
                and arg[:1] == "-"
                and arg[:2] != "--"
                and arg != "-"
                and arg not in names
                and not attached
            ):
                marked.append(self._LITERAL + arg)
            else:
                marked.append(arg)
                value_next = not value_next and arg in takes_value
        rest = super().parse_args(ctx, marked)
        for name, value in ctx.params.items():
            if isinstance(value, str) and value.startswith(self._LITERAL):
                ctx.params[name] = value[len(self._LITERAL) :]
        return rest


def print_table(console, table) -> None:
    """Print a rich table with its title as a line of its own that the terminal wraps, not rich: a title
    longer than the table (a long path) was folded mid-word into a column of fragments."""
    title, table.title = table.title, None
    if title:
        console.print(title, style="table.title", soft_wrap=True, highlight=False, markup=False)
    if console.is_terminal:
        console.print(table)
        return
    # a log or a pipe has no width to fit: rich's 80 columns squeezed a file's path into a column of 6-character
    # fragments, or to nothing, and cut the last column; the table is printed as wide as its cells need
    from rich.measure import Measurement

    natural = Measurement.get(console, console.options.update_width(10_000), table).maximum
    width, console.width = console.width, max(console.width, natural)  # print's own width= is capped at it
    try:
        console.print(table)
    finally:
        console.width = width


def os_error_line(exc: OSError) -> str:
    """``/tmp/afile/sub: Not a directory`` for an OSError about a path."""
    where = str(exc.filename) + (f" -> {exc.filename2}" if exc.filename2 is not None else "")
    return f"{where}: {exc.strerror or type(exc).__name__}"


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="townsquare")
def main() -> None:
    """townsquare: an open language model and search built from public posts only."""
