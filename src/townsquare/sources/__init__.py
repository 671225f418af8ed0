"""Readers: raw exports and APIs -> streams of Post batches.

One module per format; each exposes ``FORMAT``, ``sniff(path, head)`` and
``read(path, ctx)`` (see ``townsquare.sources.base``), and may expose
``refuse(path, head)``: why a file named like its files (a ``.js``) that
``sniff`` turned down is not of its format, for the quarantine record or the
error line, and ``check(path, ctx)``: raise the ``InputError`` or
``ConfigError`` that ``read`` would raise for the file as a whole, from what
it can tell cheaply (a CSV's header), so that a file named on the command line
fails before anything is written (``check_file``). Modules are imported only
when a file of their format is read.
"""

from __future__ import annotations

import errno
import importlib
import os
import stat as stat_module
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pyarrow as pa
import pyarrow.compute as pc

from townsquare.errors import InputError, UnknownFormatError
from townsquare.limits import DECODER_ERRORS, DEFAULT_LIMITS, Limits
from townsquare.post import EARLIEST, LATEST
from townsquare.sources.base import Quarantine, ReadContext, SourceStats

# Sniffing order matters: binary and container formats first, plain text last.
FORMATS: dict[str, str] = {
    "parquet": "townsquare.sources.parquet",
    "bluesky-car": "townsquare.sources.bluesky_car",
    "x-archive": "townsquare.sources.x_archive",
    "x-api-v2": "townsquare.sources.x_api",
    "mastodon-outbox": "townsquare.sources.activitypub",
    "mastodon": "townsquare.sources.mastodon",
    "bluesky-jetstream": "townsquare.sources.bluesky_jetstream",
    "csv": "townsquare.sources.csv_posts",
    "text": "townsquare.sources.text",
}

# The JSON formats: detection tries them before a name ending in .csv, so JSON that reaches the CSV reader
# undetected is none of them (csv_posts names them in its error line).
JSON_FORMATS = ("x-api-v2", "mastodon-outbox", "mastodon", "bluesky-jetstream")

HEAD_BYTES = 64 * 1024


def reader(fmt: str) -> ModuleType:
    """The reader module for a format name."""
    if fmt not in FORMATS:
        raise UnknownFormatError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return importlib.import_module(FORMATS[fmt])


def special_kind(path: Path) -> str | None:
    """What a path is when it is neither a regular file nor a folder (it is never opened), else None.

    A FIFO would block a reader forever, a device such as ``/dev/zero`` never ends, a
    symbolic-link loop cannot be resolved: each is refused by name instead of read.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if os.path.islink(path):
            return "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
        return None  # missing: callers say so themselves
    if stat_module.S_ISREG(mode) or stat_module.S_ISDIR(mode):
        return None
    for test, name in (
        (stat_module.S_ISFIFO, "FIFO (named pipe)"),
        (stat_module.S_ISCHR, "character device"),
        (stat_module.S_ISBLK, "block device"),
        (stat_module.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return f"not a regular file: {name}"
    return "not a regular file"


def _head(path: Path) -> bytes:
    if path.is_dir():
        return b""
    if (kind := special_kind(path)) is not None:
        raise InputError(f"{path}: {kind}")
    try:
        with open(path, "rb") as fh:
            return fh.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def detect_format(path: str | Path) -> str:
    """Guess a file's format from its name and first bytes."""
    path = Path(path)
    head = _head(path)
    refusals = []
    for fmt in FORMATS:
        try:
            module = reader(fmt)
        except ImportError:  # a reader whose optional dependency is missing
            continue
        if module.sniff(path, head):
            return fmt
        # a file named like this format's files whose content is not (a .js that is no X archive part)
        if (refuse := getattr(module, "refuse", None)) is not None and (why := refuse(path, head)):
            refusals.append(why)
    why = f"{refusals[0]}; " if refusals else ""
    raise UnknownFormatError(
        f"{path}: {why}cannot tell its format; pass --format (one of: {', '.join(FORMATS)})",
        line=1 if refusals else None,
        reason=refusals[0] if refusals else None,
    )


def check_file(
    path: str | Path,
    fmt: str,
    options: dict | None = None,
    limits: Limits = DEFAULT_LIMITS,
    format_given: bool = False,
) -> None:
    """Raise the error reading ``path`` as ``fmt`` would end with for the whole file (a CSV without a text
    column, a Parquet file whose footer does not parse), as far as its reader's ``check`` tells without
    reading the records; a reader without ``check`` passes every file. ``format_given``: the user chose
    ``fmt`` (``--format``), as in ``read_file``."""
    path = Path(path)
    check = getattr(reader(fmt), "check", None)
    if check is None or path.is_dir():
        return
    ctx = ReadContext(
        stats=SourceStats(str(path), fmt), options=options or {}, limits=limits, format_given=format_given
    )
    try:
        check(path, ctx)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except DECODER_ERRORS:
        return  # hostile bytes that broke the decoder itself: read_file quarantines them with their cause


def _is_archive_dir(path: Path) -> bool:
    """An unzipped X archive folder: read as one unit. The names alone do not decide it (x_archive.data_dir)."""
    if not any((folder / name).exists() for folder in (path / "data", path) for name in ("tweets.js", "tweet.js")):
        return False  # the common case, without importing the reader
    return reader("x-archive").data_dir(path) is not None


INGEST_RECORDS = ("ingest.json", "quarantine.jsonl")
"""What ``townsquare ingest`` writes beside its ``posts/``: counts and causes, not posts."""


def _is_ingest_output(folder: Path) -> bool:
    return (folder / "ingest.json").is_file() and (folder / "posts").is_dir()


def _is_townsquare_output(folder: Path) -> bool:
    """A corpus, index or run folder that townsquare wrote: output, never input (another build's corpus
    inside an input folder would be read back as posts, and its stats and card quarantined)."""
    from townsquare.corpus_dir import CorpusDir

    names = {child.name for child in folder.iterdir()}
    return (
        CorpusDir(folder).looks_built(names)  # a corpus
        or {"manifest.json", "keyword"} <= names  # an index
        or ("run.json" in names and bool({"ckpt", "model"} & names))
    )  # a training run


def refuse_ingest_output(folder: str | Path, verb: str) -> None:
    """A corpus is what ``townsquare build`` wrote; an ``ingest`` folder still holds private posts and raw
    personal data (it converts, it does not filter), so indexing or training on it is refused."""
    from townsquare.errors import CorpusError

    if _is_ingest_output(Path(folder)):
        raise CorpusError(
            f"{folder} is an `ingest` output, not a corpus: it still holds private posts and "
            f"personal data. Build a corpus from it first (townsquare build {folder} --out CORPUS), "
            f"then {verb} the corpus"
        )


def expand_paths(
    paths: list[str | Path],
    exclude: str | Path | None = None,
    on_problem: Callable[[Path, str], None] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Path]:
    """Files to read: folders are walked (hidden files skipped); an X archive folder is one unit.

    Anything under ``exclude`` (the run's own output folder, when it sits inside
    an input folder), and any corpus, index or run folder townsquare wrote, is
    left out, so a rerun never reads back what it or an earlier build wrote; a
    path named in ``paths`` that lies there is an InputError. A path found in a
    walk that cannot be read as a file (a broken symbolic link, a link loop, a
    FIFO, a device, a socket) goes to ``on_problem(path, cause)`` and is never
    opened; without a callback it is listed like a file, so reading it fails
    with a clear error instead of being skipped without a word. Symbolic links
    to folders are not followed. A walk past ``limits.max_files`` files or
    ``limits.max_total_bytes`` bytes stops there, with one problem naming the
    limit for the folder.
    """
    skip = _resolve(Path(exclude)) if exclude is not None else None

    def excluded(path: Path) -> bool:
        if skip is None:
            return False
        resolved = _resolve(path)
        return resolved is not None and (resolved == skip or skip in resolved.parents)

    out: list[Path] = []
    total_bytes = 0
    outputs: set[Path] = set()  # townsquare's own folders met in a walk: skipped with all they hold
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            kind = special_kind(path) or "no such file or directory"
            raise InputError(f"{path}: {kind}")
        if excluded(path):  # named, so not an accident of a walk: reading it would read this run's output
            raise InputError(f"{path}: is the output folder or inside it ({exclude}); choose another --out")
        if path.is_dir() and not _is_archive_dir(path):
            found: list[Path] = []
            archive_dirs: set[Path] = set()  # a set: a folder of a million files must not cost n^2
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or excluded(child):
                    continue
                if archive_dirs and any(parent in archive_dirs for parent in child.parents):
                    continue  # inside an archive folder already listed
                if outputs and any(parent in outputs for parent in child.parents):
                    continue
                if child.is_dir() and _is_townsquare_output(child):
                    outputs.add(child)
                    continue
                if child.name in INGEST_RECORDS and _is_ingest_output(child.parent):
                    continue  # `townsquare ingest` output: its posts/ are the posts, these are its own records
                if child.is_dir():  # walked by rglob itself (not followed when it is a link)
                    if _is_archive_dir(child):
                        found.append(child)
                        archive_dirs.add(child)
                    continue
                kind = special_kind(child)
                if kind is None and child.is_file():
                    size = child.stat().st_size
                    if len(out) + len(found) >= limits.max_files or total_bytes + size > limits.max_total_bytes:
                        name = "max_files" if len(out) + len(found) >= limits.max_files else "max_total_bytes"
                        cause = limits.cause(
                            name,
                            f"the inputs hold more than {getattr(limits, name):,} "
                            f"{'files' if name == 'max_files' else 'bytes'}; this file and the "
                            "rest of the folder are not read",
                        )
                        if on_problem is None:
                            raise InputError(f"{child}: {cause}")
                        on_problem(child, cause)
                        break
                    total_bytes += size
                    found.append(child)
                elif on_problem is None:
                    found.append(child)
                else:
                    on_problem(child, kind or "not a regular file")
            # files inside an archive folder found by the walk belong to that archive
            out.extend(p for p in found if p in archive_dirs or not any(a in archive_dirs for a in p.parents))
        else:
            if (kind := special_kind(path)) is not None:
                raise InputError(f"{path}: {kind}")
            out.append(path)
    return out


def _resolve(path: Path) -> Path | None:
    """``path.resolve()``, or None for a link loop (Python 3.11 raises RuntimeError, 3.13 OSError)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


_EARLIEST_US = int(EARLIEST.timestamp()) * 1_000_000
_LATEST_US = int(LATEST.timestamp()) * 1_000_000


def _drop_bad_times(batch: pa.RecordBatch, ctx: ReadContext) -> pa.RecordBatch:
    """Quarantine rows whose created_at is outside 1970..2099.

    Readers that build rows through ``PostBuilder`` never emit them; this catches
    the ones that build batches their own way (a year-1 timestamp with an offset
    becomes year 0 in Arrow: unreadable in Python, and "earliest" for dedup).
    """
    micros = pc.cast(batch.column("created_at"), pa.int64())
    bad = pc.fill_null(pc.or_(pc.less(micros, _EARLIEST_US), pc.greater_equal(micros, _LATEST_US)), False)
    if not pc.any(bad).as_py():
        return batch
    for post_id in batch.column("id").filter(bad).to_pylist():
        ctx.quarantine(f"post {str(post_id)[:80]}: created_at is outside 1970..2099")
    return batch.filter(pc.invert(bad))


def read_file(
    path: str | Path,
    fmt: str | None = None,
    quarantine: Quarantine | None = None,
    batch_size: int = 8192,
    options: dict | None = None,
    stats: SourceStats | None = None,
    limits: Limits = DEFAULT_LIMITS,
    events: list | None = None,
    format_given: bool = False,
) -> Iterator[pa.RecordBatch]:
    """Stream Post batches from one file. Counters land in ``stats`` (pass one to read them), and the
    consent events the reader reports (``post.ConsentEvent``) in ``events`` (pass a list to keep them).
    ``format_given``: ``fmt`` is the one the user chose (``--format``), not the one detected, so an error
    may tell them to leave it out.

    A decoder error that a reader did not handle itself (``DECODER_ERRORS``:
    a ``RecursionError``, ``MemoryError``, ``NotImplementedError``... raised by
    hostile bytes) ends that file with one quarantine record naming it; the
    posts already read are kept and the run goes on.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: {special_kind(path) or 'no such file or directory'}")
    if (kind := special_kind(path)) is not None:
        raise InputError(f"{path}: {kind}")
    fmt = fmt or detect_format(path)
    module = reader(fmt)
    stats = stats if stats is not None else SourceStats(str(path), fmt)
    stats.format = fmt
    ctx = ReadContext(
        stats=stats,
        quarantine_sink=quarantine or Quarantine(),
        batch_size=batch_size,
        options=options or {},
        limits=limits,
        events=events if events is not None else [],
        format_given=format_given,
    )
    try:
        for batch in module.read(path, ctx):
            batch = _drop_bad_times(batch, ctx)
            stats.count_batch(batch)
            yield batch
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory, not a {fmt} file") from exc
    except DECODER_ERRORS as exc:
        text = str(exc).strip().splitlines()
        stats.read += 1
        ctx.quarantine(
            f"{fmt} reader stopped after {stats.read - 1:,} records: {type(exc).__name__}: "
            f"{text[0][:200] if text else ''}; the rest of this file is skipped"
        )
