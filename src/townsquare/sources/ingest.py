"""Read exports into Post Parquet files: the library behind ``townsquare ingest``.

``ingest(paths, out_dir)`` writes::

    OUT/posts/part-00000.parquet ...   one part per input file that yielded posts or consent events (atomic
                                       writes; the events in the file's footer, see post.EVENTS_METADATA_KEY)
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

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from townsquare.errors import InputError, TownsquareError
from townsquare.io import write_json_atomic
from townsquare.limits import DEFAULT_LIMITS, Limits
from townsquare.post import write_parquet
from townsquare.sources import read_file
from townsquare.sources.base import Quarantine, QuarantineRecord, SourceStats
from townsquare.sources.plan import plan_inputs, quarantine_whole_file

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


def _clear_outputs(out_dir: Path) -> None:
    # a rerun must not mix its parts with a previous run's leftovers
    for old in (out_dir / "posts").glob("part-*.parquet"):
        old.unlink()
    for name in ("quarantine.jsonl", "ingest.json"):
        (out_dir / name).unlink(missing_ok=True)


def ingest(
    paths: list[str | Path],
    out_dir: str | Path,
    fmt: str | None = None,
    options: dict | None = None,
    progress: Progress | None = None,
    batch_size: int = 8192,
    limits: Limits = DEFAULT_LIMITS,
) -> IngestSummary:
    """Read every input into ``OUT/posts/part-*.parquet`` plus quarantine and stats files.

    ``limits`` bounds what hostile input may cost (``townsquare.limits``). OUT is
    locked while the run writes it (``townsquare.lock``): a second run is refused.
    """
    from townsquare.lock import output_lock

    with output_lock(out_dir, "ingest"):
        return _ingest_unlocked(paths, out_dir, fmt, options, progress, batch_size, limits)


def _ingest_unlocked(
    paths: list[str | Path],
    out_dir: str | Path,
    fmt: str | None = None,
    options: dict | None = None,
    progress: Progress | None = None,
    batch_size: int = 8192,
    limits: Limits = DEFAULT_LIMITS,
) -> IngestSummary:
    out_dir = Path(out_dir)
    plan = plan_inputs(paths, fmt=fmt, exclude=out_dir, options=options, limits=limits)
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
            if item.empty:  # no record to read (and no format to tell)
                pass
            elif item.fmt is None:
                stats.read += 1
                stats.quarantined += 1
                quarantine.add(QuarantineRecord(str(path), item.line, None, item.problem or "unknown format"))
            else:
                part = out_dir / "posts" / f"part-{len(summary.parts):05d}.parquet"
                events: list = []  # consent events: kept in the part's footer for the build's ledger
                batches = read_file(
                    path,
                    item.fmt,
                    quarantine,
                    batch_size,
                    options,
                    stats,
                    limits,
                    events=events,
                    format_given=fmt is not None,
                )
                try:
                    rows = write_parquet(_report(batches, path, stats, progress), part, events=events)
                except TownsquareError as exc:
                    message = str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}"
                    if item.named:
                        raise type(exc)(message) from exc
                    cause = f"cannot be read as {item.fmt}: {str(exc).removeprefix(f'{path}: ')}"
                    quarantine_whole_file(stats, quarantine, cause, exc.line)
                    rows = 0
                if rows or (events and part.exists()):  # a file of events alone still speaks for consent
                    summary.parts[str(path)] = part.name
                else:
                    part.unlink(missing_ok=True)
            if progress:
                progress(path, stats, True)
    finally:
        quarantine.close()
    write_json_atomic(out_dir / "ingest.json", summary.as_dict())
    return summary


def _report(batches, path: Path, stats: SourceStats, progress: Progress | None):
    for batch in batches:
        yield batch
        if progress:
            progress(path, stats, False)


__all__ = ["COUNTERS", "IngestSummary", "ingest"]
