"""What to read: one input planner and one whole-file quarantine rule for every command that reads exports.

``ingest`` and ``build`` both start from paths a user typed: files, folders of
exports, an X archive. :func:`plan_inputs` turns them into the list of inputs
with their formats, in one order (each named path in turn, a folder's files in
walk order), and says which ones cannot be read at all:

- a path named on the command line whose format cannot be told, or that its
  reader can tell it cannot read at all (a CSV without a text column:
  ``sources.check_file``), stops the run before anything is written (one
  line, the path: ``InputError``/``ConfigError``);
- a file found by walking a folder (an export's README.md, avatar.png, a broken
  symbolic link) is planned with a ``problem``: the command quarantines it as
  one record and goes on;
- an empty file is planned ``empty``: it holds no record, so nothing is read.

:func:`quarantine_whole_file` is the rule for a file found in a folder that
turns out unreadable while it is read (a CSV without a text column): one
quarantine record for the file, and whatever its reader had read before the
error is dropped with it and counted as quarantined, so ``read = posts +
quarantined`` still holds.

:func:`file_digest` is how an input is recognised as unchanged on a rerun: by
its contents, not its size and mtime.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import xxhash

from townsquare.errors import UnknownFormatError
from townsquare.limits import DEFAULT_LIMITS, Limits
from townsquare.sources.base import Quarantine, QuarantineRecord, SourceStats

TEXT_FORMAT = "text"
TEXT_IN_FOLDER = "plain text inside a folder: name the file or pass --format text"


@dataclass(frozen=True)
class PlannedInput:
    """One input to read."""

    path: Path
    fmt: str | None  # None: it cannot be read; ``problem`` says why (it is quarantined unread)
    named: bool  # given on the command line (its errors stop the run) rather than found in a folder
    problem: str | None = None
    line: int | None = None  # the line of the file at fault, where ``problem`` knows it
    empty: bool = False  # a regular file of 0 bytes: nothing to read, and no format to tell


def plan_inputs(
    paths: list[str | Path],
    *,
    fmt: str | None = None,
    exclude: str | Path | None = None,
    options: dict | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[PlannedInput]:
    """Every input file with its format, in a stable order; ``exclude`` (the output folder) is never read.

    Options the user gave for all inputs are checked first (an unknown ``--format``, a bad
    ``--map``), so they fail before any work rather than quarantine every file for it.
    """
    from townsquare.sources import check_file, detect_format, expand_paths, reader

    if fmt is not None:
        reader(fmt)  # an unknown --format fails here, listing the valid ones
    if options and options.get("map"):
        reader("csv").normalise_map(options["map"])
    paths = list(paths)
    named = {Path(path) for path in paths}
    problems: dict[Path, str] = {}  # walked paths that are not regular files (links that go nowhere, FIFOs...)
    # the output may sit inside an input folder: never read back what this run writes
    every = expand_paths(paths, exclude=exclude, on_problem=problems.__setitem__, limits=limits)
    if problems:  # they take their place in walk order (build's shard names follow it)
        roots = [Path(raw) for raw in paths]
        origin = {p: next(i for i, root in enumerate(roots) if p == root or root in p.parents) for p in every}
        origin.update({p: next(i for i, root in enumerate(roots) if root in p.parents) for p in problems})
        every = sorted(every + list(problems), key=lambda p: (origin[p], p))
    planned = []
    for path in every:
        if path in problems:
            planned.append(PlannedInput(path, None, False, problems[path]))
        elif path.is_file() and path.stat().st_size == 0:
            planned.append(PlannedInput(path, fmt, path in named, empty=True))
        elif fmt is not None:
            planned.append(PlannedInput(path, fmt, path in named))
        else:
            try:
                detected = detect_format(path)
                if detected == TEXT_FORMAT and path not in named:
                    # plain text has no author and no visibility: a README.txt or notes.txt beside an export
                    # would become public posts; only a file the user names (or --format text) is read as posts
                    planned.append(PlannedInput(path, None, False, TEXT_IN_FOLDER))
                    continue
                planned.append(PlannedInput(path, detected, path in named))
            except UnknownFormatError as exc:
                if path in named:
                    raise
                planned.append(PlannedInput(path, None, False, exc.reason or "unknown format", exc.line))
    for item in planned:  # what a user typed is checked before anything is written, not failed in a shard
        if item.named and item.fmt is not None and not item.empty:
            check_file(item.path, item.fmt, options, limits, format_given=fmt is not None)
    return planned


def quarantine_whole_file(stats: SourceStats, quarantine: Quarantine, cause: str, line: int | None = None) -> None:
    """Quarantine a file that cannot be read as posts: one record for the file (with the ``line`` at fault
    where it is known), and the posts its reader yielded before the error are dropped with it (counted as
    quarantined, so the counts reconcile)."""
    discarded = stats.posts
    if discarded:
        cause += f" ({discarded} posts read before the error are dropped with the file)"
    stats.posts = stats.public = stats.non_public = stats.deleted = 0
    stats.read += 1
    stats.quarantined += 1 + discarded
    quarantine.add(QuarantineRecord(stats.source, line, None, cause))


def _files_of(path: Path) -> list[Path]:
    """The regular files an input consists of: itself, or every file under a folder (sorted paths)."""
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def file_digest(path: str | Path) -> tuple[str, int]:
    """xxh3-128 (hex) of a file's bytes, or of every file under a folder (sorted paths), and their bytes.

    This is what says an input is unchanged: a folder's own size and mtime do not
    change when a file inside it is edited in place (an X archive's
    ``data/tweets.js``), so resume compares contents, not directory entries; the
    size is that of the files, not the 4,096 of a folder's entry.
    """
    path = Path(path)
    digest, size = xxhash.xxh3_128(), 0
    for file in _files_of(path):
        if path.is_dir():
            relative = str(file.relative_to(path)).encode("utf-8")
            digest.update(len(relative).to_bytes(4, "little") + relative)
        with open(file, "rb") as fh:
            while chunk := fh.read(1 << 23):
                digest.update(chunk)
                size += len(chunk)
    return digest.hexdigest(), size
