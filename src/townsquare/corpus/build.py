"""``townsquare build``: input files -> a privacy-safe, deduplicated corpus with a data card.

Two phases, each resumable, each output written atomically (temp + rename)
with a completion marker written last (see ``executor``):

Phase 1, one task per input file ("shard"), in parallel processes or Ray tasks::

    read -> public_only -> pii -> language -> quality -> dedup keys
      CORPUS/stage1/<shard>.parquet             kept posts (POST_SCHEMA)
      CORPUS/stage1/<shard>.keys.parquet        id, platform, author, created_at, repost_of, version time,
                                                exact key, MinHash signature
      CORPUS/stage1/<shard>.events.parquet      consent events (post.EVENT_SCHEMA): what the reader and the
                                                rows said about consent (deletions, protection, edits...)
      CORPUS/stage1/<shard>.owners.parquet      platform, id, author of the reject rows that keep a text
      CORPUS/rejects/part-<shard>.parquet       REJECT_SCHEMA (no text for privacy rejects)
      CORPUS/quarantine/<shard>.jsonl           malformed records (file, line, cause; no raw bytes)
      CORPUS/stats/shard-<shard>.json           counters
      CORPUS/_markers/<shard>.json              completion marker (last)

The consent ledger, on this machine, before any post is decided: every shard's
events and the opt-out list folded into one state per account and post
(``corpus.consent``), written to ``CORPUS/consent/ledger.parquet`` (hashed ids,
no text) and reused when a rerun finds it made from the same shards.

Phase 2, global, on this machine: each stage's global hook (``Stage.decide``)
runs in order over every kept post: public_only drops what the ledger makes
private (deletions anywhere, protected, suspended, deleted or opted-out
authors...), dedup drops older versions, same ids, exact + near duplicates (the
earliest post of each cluster wins; ``DuplicateFinder`` holds ids, keys and band
hashes in numpy arrays, never texts) and reposts (a repost carries only its
original's text, so none is kept: it is a copy, ``dedup_repost``, when its
original is in the corpus, else dropped: ``repost_of_dropped``, or
``repost_original_unseen`` when the original is not in the input and its
author's visibility and consent cannot be checked). Then::

      CORPUS/posts/part-<shard>.parquet   the corpus (one part per input shard)
      CORPUS/rejects/part-global.parquet  phase-2 rejects
      CORPUS/stats/global.json, CORPUS/manifest.json, CORPUS/CARD.md, CORPUS/charts/*.png

Exact dedup is decided in phase 2 only, from keys computed in phase 1: sorting
a million keys costs a fraction of a second, and one global rule ("earliest
post wins, then smallest id") needs no second rule inside shards.

Counts reconcile, and ``build`` checks it: ``read = kept + rejected + quarantined (+ forgotten)``.
Output is deterministic: it depends on the inputs and options only, not on the
number of workers, the engine, or how many times the run was interrupted.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from townsquare import __version__
from townsquare.corpus.card import PartStats
from townsquare.corpus.dedup import NUM_PERM
from townsquare.corpus.executor import LocalExecutor, TaskOutcome
from townsquare.corpus.public_only import OptOut, PublicOnlyStage
from townsquare.corpus.stage import REJECT_SCHEMA, Stage
from townsquare.corpus_dir import CorpusDir, forgotten_hashes, hash_id
from townsquare.errors import ConfigError, CorpusError, InputError, StageError
from townsquare.io import AtomicParquetWriter, commit, read_marker, tmp_path, write_json_atomic, write_marker
from townsquare.limits import DEFAULT_LIMITS, Limits
from townsquare.post import EVENT_SCHEMA, FIELDS, POST_SCHEMA, conform, events_table, read_columns, version_key
from townsquare.sources.plan import file_digest

ENGINES = ("local", "ray")
UNKNOWN_FORMAT = "unknown"  # the format recorded for a walked file quarantined unread
BATCH_ROWS = 8192
STAGE_MODULES = {
    "public_only": "townsquare.corpus.public_only",
    "pii": "townsquare.corpus.pii",
    "language": "townsquare.corpus.language",
    "quality": "townsquare.corpus.quality",
    "dedup": "townsquare.corpus.dedup",
}
KEYS_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string()),
        pa.field("platform", pa.string()),
        pa.field("author_id", pa.string()),
        pa.field("created_at", pa.timestamp("us", tz="UTC")),
        pa.field("repost_of", pa.string()),
        pa.field("version_at", pa.timestamp("us", tz="UTC")),  # when this version was written (edits that keep the id)
        pa.field("key", pa.uint64()),
        pa.field("signature", pa.list_(pa.uint32(), NUM_PERM)),
    ]
)
OWNERS_SCHEMA = pa.schema(
    [
        pa.field("platform", pa.string()),
        pa.field("id", pa.string()),
        pa.field("author_id", pa.string()),
    ]
)
"""Whose posts the phase-1 reject rows that keep a text are, so phase 2 can scrub those of private authors."""
_VERSION_COLUMN = "_version_at"  # carried beside the Post columns through the phase-1 stages

ProgressFn = Callable[[str, int, int, str], None]
"""progress(phase, done, total, message): phase is "shards" or "global"."""


# ---------------------------------------------------------------- plan


@dataclass(frozen=True)
class ShardTask:
    """Everything a worker needs for one input file (picklable for processes and Ray)."""

    name: str
    path: str
    fmt: str
    out: str
    fingerprint: str
    lang: tuple[str, ...] | None
    opt_out: OptOut
    forgotten: frozenset[str]
    named: bool = True  # given on the command line: an unreadable file stops the run; found in a folder: quarantined
    problem: str | None = None  # why a file found in a folder cannot be read at all (it is quarantined unread)
    problem_line: int | None = None  # the line of the file at fault, where the problem knows it
    digest: str | None = None  # xxh3-128 of the input's contents (a folder: of every file in it); None: broken link
    size: int | None = None  # bytes of those contents (a folder: of its files), read with the digest
    limits: Limits = DEFAULT_LIMITS  # bounds on hostile input (townsquare.limits)
    format_given: bool = False  # fmt is the user's --format, not detected (error lines may say to leave it out)
    keep_mentions: tuple[str, ...] = ()  # handles of public accounts whose mentions stay (lower case, no "@")


@dataclass
class BuildSummary:
    """What a build did; ``ok`` is False when a shard failed (then phase 2 did not run)."""

    out: Path
    shards_total: int = 0
    shards_resumed: int = 0
    read: int = 0
    kept: int = 0
    rejected: int = 0
    quarantined: int = 0
    forgotten: int = 0
    skipped_records: int = 0
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    redactions: dict[str, int] = field(default_factory=dict)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (shard, path, one-line error)
    empty_files: list[str] = field(default_factory=list)  # zero-byte inputs, skipped
    quarantined_files: list[tuple[str, str]] = field(default_factory=list)  # (path, cause): files found in a
    # folder that could not be read as posts; each is one quarantined record
    tokens_removed: bool = False  # tokens/ and tokenizer.json made from the previous posts were deleted
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def reconciles(self) -> bool:
        return self.read == self.kept + self.rejected + self.quarantined + self.forgotten

    def reconcile_line(self) -> str:
        forgotten = f" + {self.forgotten:,} forgotten" if self.forgotten else ""
        if self.failed:
            return f"incomplete: {len(self.failed)} of {self.shards_total} shards failed; rerun to resume"
        mark = "ok" if self.reconciles else "MISMATCH"
        return (
            f"read {self.read:,} = kept {self.kept:,} + rejected {self.rejected:,} + "
            f"quarantined {self.quarantined:,}{forgotten}  [{mark}]"
        )

    def failure_lines(self) -> list[str]:
        return [f"shard {name} ({path}) failed: {error}" for name, path, error in self.failed]


def _slug(text: str) -> str:
    # no dots: shard names are followed by suffixes like ".keys.parquet"
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text)[:40].strip("_") or "input"


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]


def stage_versions() -> dict[str, str]:
    """A version per stage: its ``VERSION`` if it declares one, else a hash of its source.

    Hashing the source means a changed stage invalidates finished shards, so a
    resumed build never mixes the output of two versions of a stage.
    """
    versions = {}
    for name, module_name in STAGE_MODULES.items():
        module = importlib.import_module(module_name)
        declared = getattr(module, "VERSION", None)
        source = Path(module.__file__).read_bytes()
        versions[name] = (
            f"{declared}+{hashlib.sha256(source).hexdigest()[:12]}"
            if declared
            else f"src-{hashlib.sha256(source).hexdigest()[:12]}"
        )
    return versions


def _parse_lang(lang: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if lang is None:
        return None
    from townsquare.corpus.language import UNDETERMINED, canonical_code, known_codes

    items = lang.split(",") if isinstance(lang, str) else list(lang)
    codes = tuple(sorted({item.strip().lower() for item in items if item.strip()}))
    unknown = [code for code in codes if canonical_code(code) not in known_codes() | {UNDETERMINED}]
    if unknown:  # --lang english kept 0 posts without a word
        raise ConfigError(
            f"--lang: {', '.join(repr(code) for code in unknown)} is not a language code the "
            f"detector gives; use ISO 639-1 codes such as en,de,fr ({UNDETERMINED}: posts whose "
            "language could not be determined)"
        )
    return codes or None


_HANDLE_TO_KEEP = re.compile(r"[A-Za-z0-9_]+(?:[-.@][A-Za-z0-9_]+)*")


def _parse_keep_mentions(handles: str | Iterable[str]) -> tuple[str, ...]:
    """``"united,@AmericanAir"`` or a list -> ``("americanair", "united")``; a value that is no handle is an error."""
    items = handles.split(",") if isinstance(handles, str) else list(handles)
    kept = set()
    for item in items:
        handle = item.strip().lstrip("@\uff20")
        if not handle:
            continue
        if not _HANDLE_TO_KEEP.fullmatch(handle):
            raise ConfigError(f"keep_mentions: {item.strip()!r} is not an account handle (letters, digits, _ . - @)")
        kept.add(handle.lower())
    return tuple(sorted(kept))


def _load_opt_out(opt_out: OptOut | str | Path | None) -> OptOut:
    if opt_out is None:
        return OptOut()
    if isinstance(opt_out, OptOut):
        return opt_out
    return OptOut.from_file(opt_out)


def plan(
    inputs: Iterable[str | Path],
    out: Path,
    lang: tuple[str, ...] | None,
    opt_out: OptOut,
    forgotten: frozenset[str],
    fmt: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_mentions: tuple[str, ...] = (),
) -> tuple[list[ShardTask], dict[str, Any], list[Path]]:
    """Expand inputs into shard tasks; also returns the empty files it skipped.

    Formats are detected up front, so a named file in no known format, or one
    its reader cannot read at all (a CSV without a text column), is one clear
    line before anything is written. A file found by walking a folder (an
    export's README.md, avatar.png, a broken symbolic link) becomes a task with
    a ``problem``: one quarantined record, and the run goes on.
    """
    from townsquare.sources.plan import plan_inputs

    inputs = list(inputs)
    planned = plan_inputs(inputs, fmt=fmt, exclude=out, limits=limits)
    empty = [item.path for item in planned if item.empty]
    planned = [item for item in planned if not item.empty]
    if not planned:
        raise InputError("no input files with content found" + (f" ({len(empty)} empty)" if empty else ""))
    versions = stage_versions()
    options = {
        "lang": lang,
        "opt_out": _digest(opt_out.fingerprint()),
        "forgotten": _digest(sorted(forgotten)),
        "stages": versions,
        "num_perm": NUM_PERM,
        "townsquare": __version__,
    }
    if limits != DEFAULT_LIMITS:  # other limits quarantine other records: a different build
        options["limits"] = limits.as_dict()
    if keep_mentions:  # other texts: a different build (absent by default, so earlier builds still resume)
        options["keep_mentions"] = list(keep_mentions)
    tasks = []
    for index, item in enumerate(planned):
        path, problem = item.path, item.problem
        file_fmt = item.fmt or UNKNOWN_FORMAT
        # contents, not size and mtime: an in-place edit inside an archive folder changes neither of the folder's
        digest, size = file_digest(path) if problem is None else (None, None)  # never opened: a FIFO, a link loop
        stat = path.stat() if problem is None else path.lstat()
        name = f"{index:05d}-{_slug(path.name)}"
        where = path.resolve() if problem is None or path.is_file() else path.absolute()  # a link loop never resolves
        facts = [options, str(where), file_fmt, problem, digest or [stat.st_size, stat.st_mtime_ns]]
        if fmt is not None:  # a quarantine cause may tell the user to leave out the --format they gave
            facts.append("format given")
        fingerprint = _digest(facts)
        tasks.append(
            ShardTask(
                name,
                str(path),
                file_fmt,
                str(out),
                fingerprint,
                lang,
                opt_out,
                forgotten,
                named=item.named,
                problem=problem,
                problem_line=item.line,
                digest=digest,
                size=size,
                limits=limits,
                format_given=fmt is not None,
                keep_mentions=keep_mentions,
            )
        )
    return tasks, options, empty


# ---------------------------------------------------------------- phase 1 (one shard, in a worker)


def _paths(out: Path, name: str) -> dict[str, Path]:
    return CorpusDir(out).shard_files(name)


def make_stages(lang: tuple[str, ...] | None, opt_out: OptOut, keep_mentions: tuple[str, ...] = ()) -> list[Stage]:
    """The per-post stages in order; imported here so a worker loads them once."""
    from townsquare.corpus.language import LanguageStage
    from townsquare.corpus.pii import PiiStage
    from townsquare.corpus.quality import QualityStage

    return [
        PublicOnlyStage(opt_out),
        PiiStage(mentions="user", mention_allow=set(keep_mentions)),
        LanguageStage(keep=set(lang) if lang else None),
        QualityStage(),
    ]


class _StageCounts:
    """Per-stage in/kept/dropped counters for one shard."""

    def __init__(self, stages: list[Stage]) -> None:
        self.rows = {stage.name: {"in": 0, "kept": 0, "dropped": Counter(), "counters": Counter()} for stage in stages}

    def add(self, stage: Stage, rows_in: int, result) -> None:
        row = self.rows[stage.name]
        row["in"] += rows_in
        row["kept"] += result.kept.num_rows
        for counter, value in result.counters.items():
            if counter.startswith("dropped_"):
                row["dropped"][counter[len("dropped_") :]] += value
            else:
                row["counters"][counter] += value

    def as_dict(self) -> dict:
        return {
            name: {
                "in": r["in"],
                "kept": r["kept"],
                "dropped": dict(sorted(r["dropped"].items())),
                "counters": dict(sorted(r["counters"].items())),
            }
            for name, r in self.rows.items()
        }


def _forgotten_mask(ids: pa.Array, repost_of: pa.Array, forgotten: frozenset[str]) -> pa.Array | None:
    """Rows whose id hash was forgotten earlier, or that repost such a post (None when there are none).

    ``forget`` removes the reposts of a forgotten post too; a rebuild must do the same for
    reposts that only arrive with new input.
    """
    if not forgotten:
        return None
    hits = [
        hash_id(post_id or "") in forgotten or (original is not None and hash_id(original) in forgotten)
        for post_id, original in zip(ids.to_pylist(), repost_of.to_pylist())
    ]
    return pa.array(hits, pa.bool_()) if any(hits) else None


def _keys_batch(batch: pa.RecordBatch, version_at: pa.Array) -> pa.RecordBatch:
    """The dedup side-file rows for kept posts: exact key and MinHash signature per post."""
    from townsquare.corpus.dedup import exact_keys, minhash_signatures, normalize

    norm = normalize(batch.column("text"))
    keys = exact_keys(norm, normalized=True)
    signatures = np.ascontiguousarray(minhash_signatures(norm, NUM_PERM, normalized=True), dtype=np.uint32)
    sig_array = pa.FixedSizeListArray.from_arrays(pa.array(signatures.reshape(-1)), NUM_PERM)
    return pa.RecordBatch.from_arrays(
        [
            batch.column("id"),
            batch.column("platform"),
            batch.column("author_id"),
            batch.column("created_at"),
            batch.column("repost_of"),
            version_at,
            pa.array(keys),
            sig_array,
        ],
        schema=KEYS_SCHEMA,
    )


class _Versions:
    """The version time of each row of a post edited in place, from the reader's ``version`` events.

    A ``version`` event names its row by ``post.version_key(id, text)`` of the row as read, so two
    versions of one id in one file get their own times; rows of other posts get null.
    """

    def __init__(self, events: list) -> None:
        self.events = events  # the reader's list: it grows while the file is read
        self.seen = 0
        self.ids: set[tuple[str, str]] = set()
        self.at: dict[tuple[str, str], Any] = {}

    def column(self, batch: pa.RecordBatch) -> pa.Array:
        for event in self.events[self.seen :]:
            if event.kind == "version" and event.post_id and event.value:
                self.ids.add((event.platform, event.post_id))
                key = (event.platform, event.value)
                if event.at is not None and (key not in self.at or event.at > self.at[key]):
                    self.at[key] = event.at
        self.seen = len(self.events)
        at_type = KEYS_SCHEMA.field("version_at").type
        if not self.ids:
            return pa.nulls(batch.num_rows, at_type)
        values = [
            self.at.get((platform, version_key(post_id, text))) if (platform, post_id) in self.ids else None
            for platform, post_id, text in zip(
                batch.column("platform").to_pylist(), batch.column("id").to_pylist(), batch.column("text").to_pylist()
            )
        ]
        return pa.array(values, at_type)


def run_shard(task: ShardTask) -> dict[str, Any]:
    """Phase 1 for one input file; returns its stats (also written to stats/shard-<name>.json).

    A file found in a folder that cannot be read as posts (no format, a broken
    link, or a reader error such as a CSV without a text column) becomes one
    quarantined record; a file named on the command line was checked by ``plan``,
    and one that fails all the same (it became unreadable since) fails its shard.
    """
    from townsquare.sources.base import SourceStats

    source_stats = SourceStats(task.path, task.fmt)
    if task.problem is not None:
        tmp_path(_paths(Path(task.out), task.name)["quarantine"]).unlink(missing_ok=True)  # a killed run's
        return _quarantine_file(task, task.problem, source_stats, task.problem_line)
    try:
        return _read_shard(task, source_stats)
    except (InputError, ConfigError) as exc:  # what readers raise for a file they cannot read at all
        if task.named:
            raise
        return _quarantine_file(
            task, f"cannot be read as {task.fmt}: {str(exc).removeprefix(task.path + ': ')}", source_stats, exc.line
        )


def _quarantine_file(task: ShardTask, cause: str, source_stats: Any, line: int | None = None) -> dict[str, Any]:
    """The outputs of a shard whose whole file is quarantined: no posts, its quarantine lines.

    The rule is ``ingest``'s (``sources.plan.quarantine_whole_file``): one record for the file, and the
    posts its reader yielded before the error are dropped with it (the shard's files are written empty).
    """
    from townsquare.sources.base import Quarantine
    from townsquare.sources.plan import quarantine_whole_file

    paths = _paths(Path(task.out), task.name)
    for key, schema in (
        ("posts", POST_SCHEMA),
        ("keys", KEYS_SCHEMA),
        ("events", EVENT_SCHEMA),
        ("owners", OWNERS_SCHEMA),
        ("rejects", REJECT_SCHEMA),
    ):
        AtomicParquetWriter(paths[key], schema).commit()
    quarantine_tmp = tmp_path(paths["quarantine"])  # the lines of records quarantined before the error stay
    quarantine = Quarantine(quarantine_tmp)
    quarantine_whole_file(source_stats, quarantine, cause, line)
    quarantine.close()
    commit(quarantine_tmp, paths["quarantine"])
    stats = {
        **_source_facts(task),
        "read": source_stats.read,
        "posts": 0,
        "quarantined": source_stats.quarantined,
        "skipped": source_stats.skipped,
        "forgotten": 0,
        "rejected": 0,
        "kept": 0,
        "events": 0,
        "stages": {},
        "seconds": 0.0,
        "file_quarantined": cause,
    }
    write_json_atomic(paths["stats"], stats)
    write_marker(paths["marker"], {"fingerprint": task.fingerprint, "shard": task.name})
    return stats


def _source_facts(task: ShardTask) -> dict[str, Any]:
    """What the stats and the manifest record about a shard's input file (a broken link, a FIFO: no hash)."""
    path = Path(task.path)
    readable = task.digest is not None  # a file or folder plan() read; never a FIFO, a device or a link loop
    stat = path.stat() if readable else path.lstat()
    return {
        "shard": task.name,
        "source": task.path,
        "format": task.fmt,
        "size": task.size if readable else stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "xxh3_128": task.digest,
    }


def _read_shard(task: ShardTask, source_stats: Any) -> dict[str, Any]:
    """Phase 1 for a readable input file.

    Every output goes to a temporary name; only when all are complete are they
    renamed into place, and the completion marker is written last. A crash at
    any point leaves the previous state (or nothing) and the shard is redone.
    """
    from townsquare.sources import read_file
    from townsquare.sources.base import Quarantine

    out = Path(task.out)
    paths = _paths(out, task.name)
    quarantine_tmp = tmp_path(paths["quarantine"])
    quarantine_tmp.parent.mkdir(parents=True, exist_ok=True)
    quarantine_tmp.unlink(missing_ok=True)  # Quarantine appends: start from an empty file
    quarantine = Quarantine(quarantine_tmp)
    stages = make_stages(task.lang, task.opt_out, task.keep_mentions)
    counts = _StageCounts(stages)
    writers = {
        "posts": AtomicParquetWriter(paths["posts"], POST_SCHEMA),
        "keys": AtomicParquetWriter(paths["keys"], KEYS_SCHEMA),
        "rejects": AtomicParquetWriter(paths["rejects"], REJECT_SCHEMA),
        "owners": AtomicParquetWriter(paths["owners"], OWNERS_SCHEMA),
    }
    posts_in = forgotten = 0
    started = time.perf_counter()
    try:
        reader_events: list = []  # what the reader learns besides posts (post.ConsentEvent)
        versions = _Versions(reader_events)
        for batch in read_file(
            task.path,
            task.fmt,
            quarantine,
            BATCH_ROWS,
            stats=source_stats,
            limits=task.limits,
            events=reader_events,
            format_given=task.format_given,
        ):
            batch = conform(batch).select(FIELDS)
            posts_in += batch.num_rows
            mask = _forgotten_mask(batch.column("id"), batch.column("repost_of"), task.forgotten)
            if mask is not None:  # forgotten posts leave no trace at all, not even a reject row
                forgotten += pc.sum(mask).as_py()
                batch = batch.filter(pc.invert(mask))
            batch = batch.append_column(_VERSION_COLUMN, versions.column(batch))
            for stage in stages:
                if batch.num_rows == 0:
                    break
                rows_in = batch.num_rows
                try:
                    result = stage.apply(batch)
                except Exception as exc:  # a bug or a resource error in one stage fails this shard, not the build
                    raise StageError(f"stage {stage.name} failed on {task.path}: {type(exc).__name__}: {exc}") from exc
                counts.add(stage, rows_in, result)
                writers["rejects"].write(result.rejected)
                _write_owners(writers["owners"], batch, result.rejected)
                batch = result.kept
            if batch.num_rows:
                version_at = batch.column(_VERSION_COLUMN)
                batch = conform(batch).select(FIELDS)
                writers["posts"].write(batch)
                writers["keys"].write(_keys_batch(batch, version_at))
        quarantine.close()
        if source_stats.read != posts_in + source_stats.quarantined:
            raise CorpusError(
                f"{task.path}: the {task.fmt} reader counted {source_stats.read} records but "
                f"emitted {posts_in} posts and quarantined {source_stats.quarantined}"
            )
        # the reader's events and what the stages learned from the rows, deduplicated and sorted so that
        # every run writes the same bytes
        tables = [events_table(reader_events)] + [t for t in (stage.take_events() for stage in stages) if t is not None]
        events = (
            pa.concat_tables(tables)
            .group_by(EVENT_SCHEMA.names, use_threads=False)
            .aggregate([])
            .select(EVENT_SCHEMA.names)
            .cast(EVENT_SCHEMA)
        )
        events = events.sort_by([(name, "ascending") for name in ("platform", "kind", "post_id", "author_id", "value")])
        writers["events"] = AtomicParquetWriter(paths["events"], EVENT_SCHEMA)
        writers["events"].write(events)
        for writer in writers.values():
            writer.close()
    except BaseException as exc:
        for writer in writers.values():
            writer.abort()
        quarantine.close()
        if task.named or not isinstance(exc, (InputError, ConfigError)):  # else the whole file is quarantined
            quarantine_tmp.unlink(missing_ok=True)
        raise
    kept = writers["posts"].rows
    rejected = writers["rejects"].rows
    stats = {
        **_source_facts(task),
        "read": source_stats.read,
        "posts": posts_in,
        "quarantined": source_stats.quarantined,
        "skipped": source_stats.skipped,
        "forgotten": forgotten,
        "rejected": rejected,
        "kept": kept,
        "events": events.num_rows,
        "stages": counts.as_dict(),
        "seconds": round(time.perf_counter() - started, 3),
    }
    for writer in writers.values():
        writer.commit()
    if quarantine_tmp.exists():
        commit(quarantine_tmp, paths["quarantine"])
    else:  # a clean shard leaves no quarantine file (and no stale one from an earlier run)
        paths["quarantine"].unlink(missing_ok=True)
    write_json_atomic(paths["stats"], stats)
    write_marker(paths["marker"], {"fingerprint": task.fingerprint, "shard": task.name})
    return stats


def _write_owners(writer: AtomicParquetWriter, batch: pa.RecordBatch, rejected: pa.RecordBatch) -> None:
    """Record whose posts the reject rows that keep a text are (see OWNERS_SCHEMA)."""
    with_text = pc.is_valid(rejected.column("text"))
    if not pc.any(with_text).as_py():
        return
    ids = pc.unique(rejected.column("id").filter(with_text))
    rows = batch.filter(pc.fill_null(pc.is_in(batch.column("id"), value_set=ids), False))
    writer.write(
        pa.table(
            {"platform": rows.column("platform"), "id": rows.column("id"), "author_id": rows.column("author_id")},
            schema=OWNERS_SCHEMA,
        )
    )


def _shard_done(task: ShardTask) -> dict[str, Any] | None:
    """The stats of a shard finished by an earlier run with the same fingerprint, else None."""
    paths = _paths(Path(task.out), task.name)
    marker = read_marker(paths["marker"])
    if not marker or marker.get("fingerprint") != task.fingerprint:
        return None
    stats = read_marker(paths["stats"])
    if stats is None or not all(paths[k].exists() for k in ("posts", "keys", "events", "owners", "rejects")):
        return None
    return stats


# ---------------------------------------------------------------- phase 2 (global)


@dataclass
class GlobalDecision:
    """Phase 2's verdict: a keep mask per shard (aligned with stage1 rows) and the reject rows."""

    keep: dict[str, np.ndarray]
    rejects: pa.Table
    dropped: Counter
    scrub_ids: pa.Array  # ids whose texts must go from the phase-1 rejects: deleted or private posts, the
    # posts of private authors, and older versions of edited posts
    handles: dict[str, str] = field(default_factory=dict)  # scoped author -> handle (``ConsentLedger.handles``)


def global_stages(opt_out: OptOut) -> list:
    """The stages with a global step, in the order phase 2 runs their hooks."""
    from townsquare.corpus.dedup import DedupStage

    return [PublicOnlyStage(opt_out), DedupStage()]


def build_ledger(out: Path, names: list[str], opt_out: OptOut, fingerprint: str):
    """The consent pass: every shard's events and the opt-out list -> the ledger (``corpus.consent``).

    Written to ``consent/ledger.parquet`` (hashed ids, no text) with the summary the card shows.
    """
    from townsquare.corpus.consent import ConsentLedger, read_events

    started = time.perf_counter()
    events = read_events([_paths(out, name)["events"] for name in names])
    ledger = ConsentLedger.build(events, opt_out)
    ledger.seconds = time.perf_counter() - started
    table = ledger.table()
    folder = CorpusDir(out)
    writer = AtomicParquetWriter(folder.ledger, table.schema)
    writer.write(table)
    writer.commit()
    aliases = ledger.alias_table()  # which ids name one post, for forget (hashed)
    writer = AtomicParquetWriter(folder.aliases, aliases.schema)
    writer.write(aliases)
    writer.commit()
    write_json_atomic(folder.consent / "summary.json", {"fingerprint": fingerprint, **ledger.summary()})
    return ledger


def decide_global(out: Path, names: list[str], ledger, opt_out: OptOut | None = None) -> GlobalDecision:
    """Phase 2: run each stage's global hook over every kept post; collect the verdicts."""
    from townsquare.corpus.consent import scoped
    from townsquare.corpus.stage import GlobalContext

    keys_paths = [_paths(out, name)["keys"] for name in names]
    meta = read_columns(keys_paths, KEYS_SCHEMA, ["id", "platform", "author_id", "repost_of", "version_at"])
    sizes = [pq.ParquetFile(path).metadata.num_rows for path in keys_paths]
    column = {name: meta.column(name).combine_chunks() for name in meta.column_names}
    reject_ids: list[pa.Array] = []

    def phase1_reject_ids() -> pa.Array:
        if not reject_ids:
            reject_ids.append(_phase1_reject_ids(out, names))
        return reject_ids[0]

    # ids are unique per platform only (X id "2" is not CSV id "2"): every match is on platform + id
    context = GlobalContext(
        out=out,
        names=names,
        sizes=sizes,
        ids=column["id"],
        platform=column["platform"],
        author_id=column["author_id"],
        repost_of=column["repost_of"],
        version_at=column["version_at"],
        keyed=scoped(column["platform"], column["id"]),
        keyed_author=scoped(column["platform"], column["author_id"]),
        keyed_repost_of=scoped(column["platform"], column["repost_of"]),
        ledger=ledger,
        keys_paths=keys_paths,
        reject_ids=phase1_reject_ids,
    )
    for stage in global_stages(opt_out or OptOut()):
        stage.decide(context)

    dropped_rows = np.flatnonzero(~context.alive)
    stage, reason = context.stage[dropped_rows], context.reason[dropped_rows]
    rejects = pa.table(
        {
            "id": context.ids.take(pa.array(dropped_rows, pa.int64())),
            "stage": pa.array(stage.tolist(), pa.string()),
            "reason": pa.array(reason.tolist(), pa.string()),
            "detail": pa.array(context.detail[dropped_rows].tolist(), pa.string()),
            "text": pa.nulls(len(dropped_rows), pa.string()),  # phase-2 rejects never carry text
        },
        schema=REJECT_SCHEMA,
    )
    dropped = Counter(zip(stage.tolist(), reason.tolist()))
    keep, offset = {}, 0
    for name, size in zip(names, sizes):
        keep[name] = context.alive[offset : offset + size]
        offset += size
    return GlobalDecision(keep, rejects, dropped, _scrub_ids(out, names, ledger), dict(ledger.handles))


def _scrub_ids(out: Path, names: list[str], ledger) -> pa.Array:
    """Ids whose texts the phase-1 rejects must lose: posts the ledger makes private (deleted, dropped, or by
    an author who is private at their latest state), and older versions of edited posts. Rejects carry no
    platform, so texts are scrubbed by id alone (scrubbing too much is the safe side)."""
    from townsquare.corpus.consent import SCOPE, scoped

    owners = read_columns(
        [_paths(out, name)["owners"] for name in names], OWNERS_SCHEMA, ["platform", "id", "author_id"]
    )
    keyed_ids = scoped(owners.column("platform"), owners.column("id"))
    hit = pa.array(np.zeros(owners.num_rows, dtype=bool))
    for _, keys in ledger.private_posts():
        hit = pc.or_(hit, pc.fill_null(pc.is_in(keyed_ids, value_set=keys), False))
    keyed_authors = scoped(owners.column("platform"), owners.column("author_id"))
    for _, keys in ledger.private_authors():
        hit = pc.or_(hit, pc.fill_null(pc.is_in(keyed_authors, value_set=keys), False))
    edited = [key.partition(SCOPE)[2] for key in ledger.edits]
    if ledger.newest_version is not None:
        edited += [key.partition(SCOPE)[2] for key in ledger.newest_version.column("key").to_pylist()]
    private_posts = [keys for _, keys in ledger.private_posts() + ledger.private_authors_by_post()]
    bare = [pc.replace_substring_regex(keys, pattern="^[^\x1f]*\x1f", replacement="") for keys in private_posts]
    return pc.unique(
        pa.concat_arrays([owners.column("id").combine_chunks().filter(hit), pa.array(edited, pa.string()), *bare]).cast(
            pa.string()
        )
    )


def _phase1_reject_ids(out: Path, names: list[str]) -> pa.Array:
    """Ids of every post phase 1 dropped (any stage), to tell a dropped original from an unseen one."""
    paths = [_paths(out, name)["rejects"] for name in names]
    return pc.unique(read_columns(paths, REJECT_SCHEMA, ["id"]).column("id").combine_chunks())


def _with_handles(batch: pa.RecordBatch, handles: dict[str, str]) -> pa.RecordBatch:
    """``batch`` with each post that has no handle given its author's, where a handle event names it (a Bluesky
    Jetstream post has only its author's DID; an identity event gives the handle people know them by)."""
    from townsquare.corpus.consent import scoped

    missing = pc.is_null(batch.column("author_handle"))
    if not handles or not pc.any(missing).as_py():
        return batch
    keys = scoped(batch.column("platform"), batch.column("author_id")).to_pylist()
    known = pa.array([handles.get(key) if key is not None else None for key in keys], pa.string())
    filled = pc.coalesce(batch.column("author_handle"), known)
    return batch.set_column(batch.schema.get_field_index("author_handle"), "author_handle", filled)


def write_parts(
    out: Path, names: list[str], decision: GlobalDecision, fingerprint: str, progress: ProgressFn | None
) -> tuple[int, PartStats]:
    """Stream each shard's stage1 posts through its keep mask into posts/part-<shard>.parquet."""
    folder = CorpusDir(out)
    part_stats = PartStats()
    kept = 0
    for done, name in enumerate(names):
        marker_path = folder.part_marker(name)
        marker = read_marker(marker_path)
        target = folder.part(name)
        if marker and marker.get("fingerprint") == fingerprint and target.exists():
            part_stats.merge(marker["stats"])
            kept += marker["rows"]
        else:
            stats = PartStats()
            writer = AtomicParquetWriter(target, POST_SCHEMA)
            mask = decision.keep[name]
            row = 0
            try:
                for batch in pq.ParquetFile(_paths(out, name)["posts"]).iter_batches(batch_size=BATCH_ROWS):
                    rows_in = batch.num_rows
                    batch = _with_handles(batch.filter(pa.array(mask[row : row + rows_in])), decision.handles)
                    row += rows_in
                    writer.write(batch)
                    stats.add(batch)
            except BaseException:
                writer.abort()
                raise
            rows = writer.commit()
            write_marker(marker_path, {"fingerprint": fingerprint, "rows": rows, "stats": stats.as_dict()})
            part_stats.merge(stats.as_dict())
            kept += rows
        if progress:
            progress("global", done + 1, len(names), f"wrote part-{name}")
    return kept, part_stats


# ---------------------------------------------------------------- the whole build


def _executor(engine: str, workers: int):
    if engine == "local":
        return LocalExecutor(workers)
    from townsquare.corpus.ray_engine import RayExecutor

    return RayExecutor(workers)


def _clean(out: Path, keep_names: set[str] | None) -> None:
    """Remove outputs this module owns: all of them, or those of shards not in ``keep_names``."""
    if keep_names is None:
        for target in CorpusDir(out).build_outputs():
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        return
    folder = CorpusDir(out)  # the names shard_files(), part() and part_marker() give, and their temporary names
    patterns = {
        folder.stage1: r"^\.?(?P<n>.+?)(\.keys|\.events|\.owners)?\.parquet(\.tmp)?$",
        folder.posts: r"^\.?part-(?P<n>.+)\.parquet(\.tmp)?$",
        folder.rejects: r"^\.?part-(?P<n>.+)\.parquet(\.tmp)?$",
        folder.quarantine: r"^\.?(?P<n>.+)\.jsonl(\.tmp)?$",
        folder.stats: r"^\.?shard-(?P<n>.+)\.json(\.tmp)?$",
        folder.markers: r"^\.?(posts-)?(?P<n>.+)\.json(\.tmp)?$",
    }
    for directory, pattern in patterns.items():
        if not directory.is_dir():
            continue
        for file in directory.iterdir():
            match = re.match(pattern, file.name)
            if match and match.group("n") not in keep_names | {"global", "phase2"}:
                file.unlink()


def _merge_stage_stats(shard_stats: list[dict], decision_dropped: Counter) -> dict[str, dict[str, Any]]:
    """Per-stage in/kept/dropped over all shards, plus the global pass as its own rows."""
    merged: dict[str, dict[str, Any]] = {}
    for stats in shard_stats:
        for name, row in stats["stages"].items():
            target = merged.setdefault(name, {"in": 0, "kept": 0, "dropped": Counter(), "counters": Counter()})
            target["in"] += row["in"]
            target["kept"] += row["kept"]
            target["dropped"].update(row["dropped"])
            target["counters"].update(row["counters"])
    global_in = sum(stats["kept"] for stats in shard_stats)
    for stage_name, label in (("public_only", "public_only (global)"), ("reposts", "reposts"), ("dedup", "dedup")):
        drops = Counter({reason: n for (stage, reason), n in decision_dropped.items() if stage == stage_name})
        merged[label] = {
            "in": global_in,
            "kept": global_in - sum(drops.values()),
            "dropped": drops,
            "counters": Counter(),
        }
        global_in -= sum(drops.values())
    return {
        name: {
            "in": row["in"],
            "kept": row["kept"],
            "dropped": dict(sorted(row["dropped"].items())),
            "counters": dict(sorted(row["counters"].items())),
        }
        for name, row in merged.items()
    }


def build(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    workers: int = 1,
    engine: str = "local",
    lang: str | Iterable[str] | None = None,
    opt_out: OptOut | str | Path | None = None,
    resume: bool = True,
    progress: ProgressFn | None = None,
    fmt: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_mentions: str | Iterable[str] = (),
) -> BuildSummary:
    """Build a corpus from input files into ``out``; see the module docstring for the layout.

    Failed shards are reported in ``summary.failed`` (one line each) and phase 2
    does not run; everything finished is kept, so a rerun resumes. ``out`` is
    locked while the build writes it (``townsquare.lock``): a second build, or
    any other command writing it, is refused; its workers die with it.

    ``keep_mentions`` (off by default) names public accounts whose mentions stay as written
    (``"united,AmericanAir"``): on brand or customer-service data the account a post addresses is its
    subject. Every other mention still becomes ``@user``; the card lists the handles kept.
    """
    from townsquare.lock import output_lock

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise CorpusError(f"{out}: exists and is not a folder")
    with output_lock(out, "build"):
        return _build_unlocked(
            inputs,
            out,
            workers=workers,
            engine=engine,
            lang=lang,
            opt_out=opt_out,
            resume=resume,
            progress=progress,
            fmt=fmt,
            limits=limits,
            keep_mentions=keep_mentions,
        )


def _build_unlocked(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    workers: int = 1,
    engine: str = "local",
    lang: str | Iterable[str] | None = None,
    opt_out: OptOut | str | Path | None = None,
    resume: bool = True,
    progress: ProgressFn | None = None,
    fmt: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_mentions: str | Iterable[str] = (),
) -> BuildSummary:
    """``build`` once ``out`` is locked (and checked to be a folder)."""
    if engine not in ENGINES:
        raise ConfigError(f"engine {engine!r} is not supported; choose one of: {', '.join(ENGINES)}")
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    started = time.perf_counter()
    out = Path(out)
    previous = CorpusDir(out).manifest()
    forgotten = frozenset(forgotten_hashes(previous))
    lang_codes = _parse_lang(lang)
    opt = _load_opt_out(opt_out)
    tasks, options, empty = plan(
        inputs, out, lang_codes, opt, forgotten, fmt, limits, _parse_keep_mentions(keep_mentions)
    )
    out.mkdir(parents=True, exist_ok=True)
    _clean(out, None if not resume else {task.name for task in tasks})

    summary = BuildSummary(out=out, shards_total=len(tasks), empty_files=[str(path) for path in empty])
    shard_stats: dict[str, dict] = {}
    todo = []
    build_done = _phase2_marker_matches(out, tasks)
    for task in tasks:
        done = read_marker(_paths(out, task.name)["stats"]) if build_done else _shard_done(task)
        if done is None:
            todo.append(task)
        else:
            shard_stats[task.name] = done
    summary.shards_resumed = len(tasks) - len(todo)
    if progress:
        progress("shards", summary.shards_resumed, len(tasks), "resumed" if summary.shards_resumed else "")

    def on_done(outcome: TaskOutcome) -> None:
        if progress:
            on_done.count += 1
            progress(
                "shards",
                summary.shards_resumed + on_done.count,
                len(tasks),
                f"{outcome.key} {'done' if outcome.ok else 'FAILED'}",
            )

    on_done.count = 0

    by_name = {task.name: task for task in tasks}
    for outcome in _executor(engine, workers).run(run_shard, todo, key=lambda t: t.name, on_done=on_done):
        if outcome.ok:
            shard_stats[outcome.key] = outcome.result
        else:
            summary.failed.append((outcome.key, by_name[outcome.key].path, outcome.error))
    ordered = [shard_stats[task.name] for task in tasks if task.name in shard_stats]
    for stats in ordered:
        summary.read += stats["read"]
        summary.quarantined += stats["quarantined"]
        summary.forgotten += stats["forgotten"]
        summary.skipped_records += stats["skipped"]
        if stats.get("file_quarantined"):
            summary.quarantined_files.append((stats["source"], stats["file_quarantined"]))
    if summary.failed:
        summary.seconds = time.perf_counter() - started
        return summary
    _global_pass(out, tasks, ordered, options, previous, summary, progress, engine, workers, opt)
    summary.seconds = time.perf_counter() - started
    if not summary.reconciles:
        raise CorpusError(f"counts do not reconcile: {summary.reconcile_line()}")
    return summary


def _global_pass(
    out: Path,
    tasks: list[ShardTask],
    shard_stats: list[dict],
    options: dict,
    previous: dict,
    summary: BuildSummary,
    progress: ProgressFn | None,
    engine: str,
    workers: int,
    opt_out: OptOut | None = None,
) -> None:
    """Phase 2: global decisions, final parts, rejects, stats, manifest and card (resumable)."""
    from townsquare.corpus import card

    folder = CorpusDir(out)
    names = [task.name for task in tasks]
    fingerprint = _digest([task.fingerprint for task in tasks])
    if _phase2_done(out, fingerprint, summary):
        _drop_stage1(out)  # a run killed right after the marker may have left it
        return
    if progress:
        progress("global", 0, len(names), "building the consent ledger")
    ledger_started = time.perf_counter()
    ledger = build_ledger(out, names, opt_out, fingerprint)
    ledger_seconds = time.perf_counter() - ledger_started
    if progress:
        progress("global", 0, len(names), "deciding every post against the ledger; deduplicating across shards")
    decision = decide_global(out, names, ledger, opt_out)
    kept, part_stats = write_parts(out, names, decision, fingerprint, progress)
    global_rejects = AtomicParquetWriter(folder.reject_part("global"), REJECT_SCHEMA)
    global_rejects.write(decision.rejects)
    global_rejects.commit()
    _scrub_deleted_texts(out, names, decision.scrub_ids)

    stages = _merge_stage_stats(shard_stats, decision.dropped)
    redactions = Counter()
    for row in stages.values():
        for counter, value in row["counters"].items():
            if counter.startswith("redacted_"):
                redactions[counter[len("redacted_") :]] += value
    summary.kept = kept
    summary.rejected = sum(s["rejected"] for s in shard_stats) + decision.rejects.num_rows
    summary.stages = stages
    summary.redactions = dict(sorted(redactions.items()))
    counts = {
        "read": summary.read,
        "kept": summary.kept,
        "rejected": summary.rejected,
        "quarantined": summary.quarantined,
        "forgotten": summary.forgotten,
        "skipped_records": summary.skipped_records,
        "reconciles": summary.reconciles,
    }
    consent = {**ledger.summary(), "seconds": round(ledger_seconds, 3)}
    global_stats = {
        "counts": counts,
        "stages": stages,
        "redactions": summary.redactions,
        "kept_posts": part_stats.as_dict(),
        "consent": consent,
        "quarantined_by_source": {s["source"]: s["quarantined"] for s in shard_stats},
    }
    write_json_atomic(folder.global_stats, global_stats)
    manifest = {
        "townsquare": __version__,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "inputs": [
            {
                "shard": s["shard"],
                "path": s["source"],
                "format": s["format"],
                "size": s["size"],
                "mtime_ns": s["mtime_ns"],
                "xxh3_128": s["xxh3_128"],
            }
            for s in shard_stats
        ],
        "options": {
            "lang": list(options["lang"]) if options["lang"] else None,
            "opt_out_sha": options["opt_out"],
            "keep_mentions": options.get("keep_mentions", []),
            "engine": engine,
            "workers": workers,
            "num_perm": NUM_PERM,
        },
        "stage_versions": options["stages"],
        "counts": counts,
        "parts": [p.name for p in folder.post_parts()],
        "forgotten": previous.get("forgotten", []),
    }
    folder.write_manifest(manifest)
    # token shards made from the previous build hold its texts, some of which may be deleted now
    summary.tokens_removed = folder.remove_stale_tokens()
    card.write_card(out, global_stats, manifest)
    write_marker(folder.phase2_marker, {"fingerprint": fingerprint})
    _drop_stage1(out)


def _drop_stage1(out: Path) -> None:
    """Delete phase-1 intermediates once phase 2 is done: they hold texts of posts the global pass
    removed (deleted elsewhere in the input), which must not stay in the corpus folder. A later
    build with other inputs redoes phase 1 (shards whose stage1 files are gone are not "done")."""
    stage1 = CorpusDir(out).stage1
    if stage1.is_dir():
        shutil.rmtree(stage1)


def _scrub_deleted_texts(out: Path, names: list[str], scrub_ids: pa.Array) -> None:
    """Null the text of phase-1 reject rows (e.g. a quality drop) whose post the global pass made private.

    Reject rows of reposts of a deleted post need no matching here: phase 1 never stores the
    text of a rejected repost (``Stage.apply``), since the rejects have no ``repost_of``.
    """
    if len(scrub_ids) == 0:
        return
    for name in names:
        path = _paths(out, name)["rejects"]
        table = pq.read_table(path)
        ids = table.column("id").combine_chunks()
        hit = pc.and_(pc.fill_null(pc.is_in(ids, value_set=scrub_ids), False), pc.is_valid(table.column("text")))
        if not pc.any(hit).as_py():
            continue
        text = pc.if_else(hit, pa.scalar(None, pa.string()), table.column("text"))
        writer = AtomicParquetWriter(path, REJECT_SCHEMA)
        writer.write(table.set_column(table.schema.get_field_index("text"), "text", text))
        writer.commit()


def _phase2_marker_matches(out: Path, tasks: list[ShardTask]) -> bool:
    """True when an earlier run finished the whole build for exactly these shards and options."""
    marker = read_marker(CorpusDir(out).phase2_marker)
    return (
        bool(marker)
        and marker.get("fingerprint") == _digest([task.fingerprint for task in tasks])
        and all((_paths(out, task.name)["stats"]).exists() for task in tasks)
    )


def _phase2_done(out: Path, fingerprint: str, summary: BuildSummary) -> bool:
    """True (and the summary filled in) when an earlier run finished phase 2 for these exact shards."""
    from townsquare.corpus import card

    folder = CorpusDir(out)
    marker = read_marker(folder.phase2_marker)
    stats = read_marker(folder.global_stats)
    if not marker or marker.get("fingerprint") != fingerprint or stats is None:
        return False
    if not folder.card.exists() or any(not (folder.charts / f"{c}.png").exists() for c in card.CHARTS):
        # only the card is lost: the posts are final and phase 1's files are gone, so redo the
        # card from what phase 2 saved rather than rerun a pass whose inputs no longer exist
        card.write_card(out, stats, folder.manifest())
    counts = stats["counts"]
    summary.kept, summary.rejected = counts["kept"], counts["rejected"]
    summary.stages, summary.redactions = stats["stages"], stats["redactions"]
    return True
