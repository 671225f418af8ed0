"""Read exports into Post Parquet files: the library behind ``townsquare ingest``.

``ingest(paths, out_dir)`` writes::

    OUT/posts/part-00000.parquet ...   one part per input file that yielded posts (atomic writes)
    OUT/quarantine.jsonl               one line per malformed record: source, line/offset, cause, sha256
    OUT/ingest.json                    per-source counters, totals, and whether counts reconcile

A folder is walked; a file inside it whose format cannot be detected, that
cannot be read as its format (a CSV without a text column), or a broken
symbolic link, is one quarantined record with the cause, and the run goes on.
OUT is never read as input, even inside a walked folder. A path named
explicitly that cannot be detected is an ``UnknownFormatError``, raised before
anything is written; one that cannot be read stops the run with an error that
names it. Earlier outputs in OUT are replaced.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from townsquare.errors import InputError, TownsquareError, UnknownFormatError
from townsquare.limits import DEFAULT_LIMITS, Limits
from townsquare.post import write_parquet
from townsquare.sources import detect_format, expand_paths, read_file, reader
from townsquare.sources.base import Quarantine, QuarantineRecord, SourceStats

UNKNOWN = "unknown"
COUNTERS = ("read", "posts", "public", "non_public", "deleted", "quarantined", "skipped")

Progress = Callable[[Path, SourceStats, bool], None]
"""Called as ``progress(path, stats, done)`` after each batch and once more when a file is done."""


@dataclass
class IngestSummary:
    """What an ingest run read and wrote."""

    out_dir: Path
    sources: list[SourceStats] = field(default_factory=list)
    parts: dict[str, str] = field(default_factory=dict)  # source -> part file name

    @property
    def totals(self) -> SourceStats:
        """The counters summed over all sources."""
        total = SourceStats(source="TOTAL", format="")
        for stats in self.sources:
            for name in COUNTERS:
                setattr(total, name, getattr(total, name) + getattr(stats, name))
        return total

    @property
    def reconciles(self) -> bool:
        """True when every source (hence the total) has ``read == posts + quarantined``."""
        return all(stats.reconciles for stats in self.sources)

    def as_dict(self) -> dict:
        return {
            "out_dir": str(self.out_dir),
            "sources": [dict(stats.as_dict(), part=self.parts.get(stats.source)) for stats in self.sources],
            "totals": {name: getattr(self.totals, name) for name in COUNTERS},
            "reconciles": self.reconciles,
        }


@dataclass
class _Input:
    path: Path
    fmt: str | None  # None: cannot be read; ``problem`` says why
    named: bool  # given on the command line (its errors stop the run) rather than found in a folder
    problem: str | None = None


def _plan(paths: list[str | Path], fmt: str | None, out_dir: Path, options: dict | None,
          limits: Limits = DEFAULT_LIMITS) -> list[_Input]:
    """Every input file with its format; explicit undetectable paths raise, walked ones are marked."""
    if fmt is not None:
        reader(fmt)  # an unknown --format fails before any work
    if options and options.get("map"):
        # a bad --map is the user's option, not one file's problem: fail before any work rather
        # than quarantine every CSV in a folder for it
        reader("csv").normalise_map(options["map"])
    named = {Path(p) for p in paths}
    plan: list[_Input] = []

    def problem(path: Path, cause: str) -> None:
        plan.append(_Input(path, None, False, cause))

    # the output folder may sit inside an input folder: never read back what this run writes
    for path in expand_paths(list(paths), exclude=out_dir, on_problem=problem, limits=limits):
        if fmt is not None:
            plan.append(_Input(path, fmt, path in named))
            continue
        try:
            plan.append(_Input(path, detect_format(path), path in named))
        except UnknownFormatError:
            if path in named:
                raise
            plan.append(_Input(path, None, False, "unknown format"))
    return plan


def _clear_outputs(out_dir: Path) -> None:
    # a rerun must not mix its parts with a previous run's leftovers
    for old in (out_dir / "posts").glob("part-*.parquet"):
        old.unlink()
    for name in ("quarantine.jsonl", "ingest.json"):
        (out_dir / name).unlink(missing_ok=True)


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def ingest(paths: list[str | Path], out_dir: str | Path, fmt: str | None = None, options: dict | None = None,
           progress: Progress | None = None, batch_size: int = 8192,
           limits: Limits = DEFAULT_LIMITS) -> IngestSummary:
    """Read every input into ``OUT/posts/part-*.parquet`` plus quarantine and stats files.

    ``limits`` bounds what hostile input may cost (``townsquare.limits``). OUT is
    locked while the run writes it (``townsquare.lock``): a second run is refused.
    """
    from townsquare.lock import output_lock

    with output_lock(out_dir, "ingest"):
        return _ingest_unlocked(paths, out_dir, fmt, options, progress, batch_size, limits)

def _ingest_unlocked(paths: list[str | Path], out_dir: str | Path, fmt: str | None = None, options: dict | None = None,
           progress: Progress | None = None, batch_size: int = 8192,
           limits: Limits = DEFAULT_LIMITS) -> IngestSummary:
    out_dir = Path(out_dir)
    plan = _plan(paths, fmt, out_dir, options, limits)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {out_dir}: {exc.strerror or exc}") from exc
    _clear_outputs(out_dir)
    quarantine = Quarantine(out_dir / "quarantine.jsonl")
    (out_dir / "quarantine.jsonl").touch()
    summary = IngestSummary(out_dir=out_dir)
    try:
        for item in plan:
            path = item.path
            stats = SourceStats(str(path), item.fmt or UNKNOWN)
            summary.sources.append(stats)
            if item.fmt is None:
                stats.read += 1
                stats.quarantined += 1
                quarantine.add(QuarantineRecord(str(path), None, None, item.problem or "unknown format"))
            else:
                part = out_dir / "posts" / f"part-{len(summary.parts):05d}.parquet"
                batches = read_file(path, item.fmt, quarantine, batch_size, options, stats, limits)
                try:
                    rows = write_parquet(_report(batches, path, stats, progress), part)
                except TownsquareError as exc:
                    message = str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}"
                    if item.named:
                        raise type(exc)(message) from exc
                    _quarantine_file(stats, quarantine, f"cannot be read as {item.fmt}: {exc}")
                    rows = 0
                if rows:
                    summary.parts[str(path)] = part.name
                else:
                    part.unlink(missing_ok=True)
            if progress:
                progress(path, stats, True)
    finally:
        quarantine.close()
    _write_json(out_dir / "ingest.json", summary.as_dict())
    return summary


def _quarantine_file(stats: SourceStats, quarantine: Quarantine, cause: str) -> None:
    """A file found in a folder that turned out unreadable (a CSV without a text column, no permission):
    one quarantine record for the file, and the run goes on. Posts it yielded before the error are
    not written (its part is discarded), so they count as quarantined with it."""
    discarded = stats.posts
    if discarded:
        cause += f" ({discarded} posts read before the error are dropped with the file)"
    stats.posts = stats.public = stats.non_public = stats.deleted = 0
    stats.read += 1
    stats.quarantined += 1 + discarded
    quarantine.add(QuarantineRecord(stats.source, None, None, cause))


def _report(batches, path: Path, stats: SourceStats, progress: Progress | None):
    for batch in batches:
        yield batch
        if progress:
            progress(path, stats, False)


__all__ = ["COUNTERS", "IngestSummary", "ingest"]
