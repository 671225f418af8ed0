"""``townsquare forget``: a deleted post leaves every place townsquare put it.

This module coordinates; each part removes from what it owns:

1. the corpus (``townsquare.corpus.forget.remove``): the post, its copies,
   reposts and near-copies, from ``posts/`` and ``rejects/``; the manifest
   records the removal with ids only as SHA-256 hashes, and every rebuild drops
   those ids again;
2. the index (``townsquare.index.build.forget``), when one is given;
3. the token shards (``CorpusDir.remove_stale_tokens``): ``tokens/`` and
   ``tokenizer.json`` were made from the forgotten texts, so they go
   (``townsquare tokenize`` makes new ones);
4. release folders (``townsquare.release.forget_in_release``) and the report on
   runs and releases that trained on a removed post (``townsquare.forget_report``):
   weights cannot unlearn, so the report says what to retrain or withdraw.

Everything is checked before anything is touched (a bad ``--index`` or
``--release`` is refused first), and the corpus and index stay locked
(``townsquare.lock``) until it is done, so no build, tokenize or index run
writes them meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from townsquare.corpus.forget import read_ids, read_requests
from townsquare.corpus_dir import CorpusDir
from townsquare.errors import InputError

__all__ = ["ForgetSummary", "forget", "read_ids", "read_requests"]


@dataclass
class ForgetSummary:
    """What ``forget`` removed."""

    requested: int
    removed_posts: int
    removed_rejects: int
    copies: int  # ids linked by copy records other than near-duplicates: exact copies, reposts, old edits
    near_copies: int  # near-duplicates: recorded by the build's dedup, or matched now by MinHash
    parts_rewritten: int
    index_removed: int | None = None  # None: no index given
    tokens_removed: bool = False  # CORPUS/tokens and tokenizer.json were made from the old posts and deleted
    reposts: int = 0  # of ``copies``: reposts of a forgotten post (kept or dropped by the build)
    report: Path | None = None  # forget-report.json
    runs_affected: int = 0  # runs that trained (or may have trained) on a removed post
    releases: list = field(default_factory=list)  # per release: folder, rows removed, model_trained_on
    not_found: int = 0  # requested ids that are in neither posts/ nor rejects/ (already gone, or a typo)
    unmatched: list = field(default_factory=list)  # of ``ids``, those that matched nothing (as given)
    not_named: list = field(default_factory=list)  # releases and runs of this corpus left holding or trained on them


def forget(
    corpus: str | Path,
    ids: Iterable[str | tuple[str, ...]],
    *,
    index: str | Path | None = None,
    near: bool = True,
    runs: Iterable[str | Path] = (),
    releases: Iterable[str | Path] = (),
    report: str | Path | None = None,
) -> ForgetSummary:
    """Remove ``ids`` (and their copies and near-copies) from the corpus, its tokens, the index and releases.

    An item of ``ids`` is a post id, or a tuple of the names one post goes by (a Mastodon link and the id in it,
    as ``read_requests`` gives them): it is found when any of them is.

    ``releases``: release folders whose ``data/`` loses the same posts. ``runs``: run folders, or folders
    holding runs, checked for having trained on a removed post. Both go into ``report``
    (default ``CORPUS/forget-report.json``; see ``townsquare.forget_report``).
    """
    from townsquare.lock import output_lock

    if Path(corpus).is_dir():  # refused before a lock or a report is written into a folder that is no corpus
        CorpusDir(corpus).manifest(required=True)
    with ExitStack() as locks:
        if Path(corpus).is_dir():  # a missing corpus is reported by the forget itself
            locks.enter_context(output_lock(corpus, "forget"))
        if index is not None and Path(index).is_dir():
            locks.enter_context(output_lock(index, "forget"))
        return _forget_unlocked(corpus, ids, index=index, near=near, runs=runs, releases=releases, report=report)


def _forget_unlocked(
    corpus: str | Path,
    ids: Iterable[str | tuple[str, ...]],
    *,
    index: str | Path | None,
    near: bool,
    runs: Iterable[str | Path],
    releases: Iterable[str | Path],
    report: str | Path | None,
) -> ForgetSummary:
    from townsquare.corpus.forget import remove
    from townsquare.forget_report import check_releases, find_runs, made_beside, write_report

    folder = CorpusDir(corpus)
    folder.manifest(required=True)
    if index is not None:  # checked before the corpus is touched: a half-done forget is not recorded
        from townsquare.index.build import check_index
        from townsquare.index.build import load_manifest as load_index_manifest

        if load_index_manifest(Path(index)) is None:
            raise InputError(
                f"{index} is not an index (no manifest.json): build it with `townsquare index`, or leave out --index"
            )
        check_index(Path(index))  # a missing or damaged part too
    release_dirs = check_releases(releases)  # refused before anything is touched, as a bad --index is
    run_dirs = find_runs(runs)

    from townsquare.index.build import corpus_id

    state_before = folder.state()
    beside = made_beside(folder.root, state_before, release_dirs, run_dirs)
    # an id as the API and search show it (mastodon:1008) is the corpus's 1008: the corpus holds it by that
    asked = [item for item in ids if item]
    names = [tuple(corpus_id(i) for i in ((item,) if isinstance(item, str) else item) if i) for item in asked]
    requested = {name for group in names for name in group}
    index_removed: int | None = None

    def from_index(everything: list[str]) -> dict:
        nonlocal index_removed
        if index is not None:
            from townsquare.index.build import forget as forget_in_index

            index_removed = forget_in_index(Path(index), everything)
        return {"index_removed": index_removed}

    removal = remove(
        folder,
        requested,
        near=near,
        time_stamp=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        state_before=state_before,
        elsewhere=from_index,
        requested=len(set(names)),
    )
    tokens_removed = folder.remove_stale_tokens()  # token shards are copies of the forgotten texts
    report_path = Path(report) if report is not None else folder.root / "forget-report.json"
    written = write_report(
        report_path,
        folder.root,
        removal.entry,
        removal.everything,
        removal.trained_ids,
        state_before,
        run_dirs,
        release_dirs,
        beside,
    )
    unmatched = [item for item, group in zip(asked, names) if set(group) <= removal.unmatched]
    return ForgetSummary(
        len(set(names)),
        removal.removed_posts,
        removal.removed_rejects,
        removal.copies,
        removal.near_copies,
        removal.parts_rewritten,
        index_removed,
        tokens_removed,
        removal.reposts,
        report=report_path,
        runs_affected=len(written["runs"]),
        releases=written["releases"],
        not_found=len(unmatched),
        unmatched=unmatched,
        not_named=written["not_named"],
    )
