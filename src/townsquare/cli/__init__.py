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
}


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


def os_error_line(exc: OSError) -> str:
    """``/tmp/afile/sub: Not a directory`` for an OSError about a path."""
    where = str(exc.filename) + (f" -> {exc.filename2}" if exc.filename2 is not None else "")
    return f"{where}: {exc.strerror or type(exc).__name__}"


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="townsquare")
def main() -> None:
    """townsquare: an open language model and search built from public posts only."""
