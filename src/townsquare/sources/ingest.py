"""Read exports into Post Parquet files: the library behind ``townsquare ingest``.

``ingest(paths, out_dir)`` writes::

    OUT/posts/part-00000.parquet ...   one part per input file that yielded posts (atomic writes)
    OUT/quarantine.jsonl               one line per malformed record: source, line/offset, cause, sha256
    OUT/ingest.json                    per-source counters, totals, and whether counts reconcile

A folder is walked; a file inside it whose format cannot be detected is one
quarantined record (cause ``unknown format``) and the run goes on. A path
named explicitly that cannot be detected is an ``UnknownFormatError``, raised
before anything is written. Earlier outputs in OUT are replaced.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from townsquare.errors import UnknownFormatError
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


def _plan(paths: list[str | Path], fmt: str | None) -> list[tuple[Path, str | None]]:
    """(file, format or None when undetectable) for every input; explicit undetectable paths raise."""
    if fmt is not None:
        reader(fmt)  # an unknown --format fails before any work
    named = {Path(p) for p in paths}
    plan: list[tuple[Path, str | None]] = []
    for path in expand_paths(list(paths)):
        if fmt is not None:
            plan.append((path, fmt))
            continue
        try:
            plan.append((path, detect_format(path)))
        except UnknownFormatError:
            if path in named:
                raise
            plan.append((path, None))
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
           progress: Progress | None = None, batch_size: int = 8192) -> IngestSummary:
    """Read every input into ``OUT/posts/part-*.parquet`` plus quarantine and stats files."""
    out_dir = Path(out_dir)
    plan = _plan(paths, fmt)
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear_outputs(out_dir)
    quarantine = Quarantine(out_dir / "quarantine.jsonl")
    (out_dir / "quarantine.jsonl").touch()
    summary = IngestSummary(out_dir=out_dir)
    try:
        for path, path_fmt in plan:
            stats = SourceStats(str(path), path_fmt or UNKNOWN)
            summary.sources.append(stats)
            if path_fmt is None:
                stats.read += 1
                stats.quarantined += 1
                quarantine.add(QuarantineRecord(str(path), None, None, "unknown format"))
            else:
                part = out_dir / "posts" / f"part-{len(summary.parts):05d}.parquet"
                batches = read_file(path, path_fmt, quarantine, batch_size, options, stats)
                if write_parquet(_report(batches, path, stats, progress), part):
                    summary.parts[str(path)] = part.name
                else:
                    part.unlink()
            if progress:
                progress(path, stats, True)
    finally:
        quarantine.close()
    _write_json(out_dir / "ingest.json", summary.as_dict())
    return summary


def _report(batches, path: Path, stats: SourceStats, progress: Progress | None):
    for batch in batches:
        yield batch
        if progress:
            progress(path, stats, False)


__all__ = ["COUNTERS", "IngestSummary", "ingest"]
