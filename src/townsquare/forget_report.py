"""``forget-report.json``: which runs and releases hold or learned from the posts a ``forget`` removed.

A post leaves the corpus, the index and the release ``data/`` folders named on the
command line; it cannot leave trained weights. So ``forget`` tells the operator
what to retrain or withdraw:

- **runs** (``--runs``: run folders or folders holding them). A run records the
  corpus state its tokens came from (``run.json`` ``corpus_state``,
  ``townsquare.corpus_dir.CorpusDir.state``). A run trained on the state the corpus
  had just before this forget, when a removed post was among the kept posts, is
  ``trained_on`` it. A run of the same corpus at another (earlier) state, or one
  that records no state, ``possibly`` trained on it: it cannot be ruled out. A run
  started ``--init-from`` an affected run ``inherits`` its weights.
- **releases** (``--release``): their ``data/`` rows are removed
  (``townsquare.release.forget_in_release``) and counted; their model is
  ``trained_on`` the posts under the same rule as runs.
- **not_named**: releases and runs made from this corpus that sit beside it (as
  ``quickstart`` makes ``release/`` and ``runs/tiny``) but were not passed with
  ``--release``/``--runs``; they are left untouched, so the report (and stderr)
  names each one that still holds or trained on a removed post, with the flag to pass.

Post ids never appear in the report: like the manifest, it names them only by SHA-256.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from townsquare.errors import InputError
from townsquare.io import write_json_atomic

ACTIONS = {
    "trained_on": "retrain without the forgotten posts (re-tokenize the corpus first), or withdraw these weights",
    "possibly": "trained on another state of this corpus, which may have held the posts: check, or retrain",
    "inherits": "started from the weights of an affected run: retrain it as well",
}


def check_releases(releases: Iterable[str | Path]) -> list[Path]:
    """The release folders, each checked to be one."""
    from townsquare.release import is_release

    out = []
    for folder in releases:
        folder = Path(folder)
        if not is_release(folder):
            raise InputError(
                f"--release {folder} is not a townsquare release (no release.json and data/posts): "
                "make one with `townsquare release`, or leave it out"
            )
        out.append(folder)
    return out


def find_runs(paths: Iterable[str | Path]) -> list[Path]:
    """Run folders (holding ``run.json``): each path is a run, or a folder with runs up to two levels down."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if not path.is_dir():
            raise InputError(f"--runs {path}: no such folder")
        runs = (
            [path]
            if (path / "run.json").is_file()
            else sorted({p.parent for pattern in ("*/run.json", "*/*/run.json") for p in path.glob(pattern)})
        )
        if not runs:
            raise InputError(f"--runs {path}: no run in it (no run.json up to two levels down)")
        found += [r for r in runs if r not in found]
    return found


def made_beside(corpus: Path, state: str, releases: list[Path], runs: list[Path]) -> tuple[list[Path], list[Path]]:
    """Releases and runs made from ``corpus`` (recorded by its path, or by its ``state`` now) that sit beside it
    (in its parent folder, two levels down, as ``quickstart`` puts ``release/`` and ``runs/tiny``) and were not
    named with ``--release``/``--runs``: a forget that leaves them holding or trained on the posts must say so."""
    parent = corpus.parent  # as the corpus was given, so that the folders are named as the user would
    named = {p.resolve() for p in [*releases, *runs]}

    def made_from_corpus(record: Path) -> bool:
        try:
            info = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(info, dict) and (_same(info.get("corpus"), corpus) or info.get("corpus_state") == state)

    def beside(name: str) -> list[Path]:
        found = {p.parent for pattern in (f"*/{name}", f"*/*/{name}") for p in parent.glob(pattern)}
        return sorted(f for f in found if f.resolve() not in named and made_from_corpus(f / name))

    from townsquare.release import is_release

    return [f for f in beside("release.json") if is_release(f)], beside("run.json")


def _run_info(run: Path) -> dict:
    try:
        info = json.loads((run / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{run / 'run.json'} is unreadable ({exc}): cannot tell what it trained on") from None
    return info if isinstance(info, dict) else {}


def _same(a: str | Path | None, b: Path) -> bool:
    try:
        return a is not None and Path(a).resolve() == b.resolve()
    except OSError:
        return False


def verdict(
    corpus: Path, corpus_path: str | None, trained_state: str | None, state_before: str, trained_ids: set[str]
) -> str | None:
    """trained_on, possibly, or None (not affected) for weights trained on ``trained_state`` of ``corpus_path``."""
    if not trained_ids:
        return None  # no removed post was among the kept posts: no tokens were made from it
    if trained_state is not None and trained_state == state_before:
        return "trained_on"
    if _same(corpus_path, corpus):
        return "possibly"
    return None


def write_report(
    path: Path,
    corpus: Path,
    entry: dict,
    everything: set[str],
    trained_ids: set[str],
    state_before: str,
    runs: list[Path],
    releases: list[Path],
    beside: tuple[list[Path], list[Path]] = ([], []),
) -> dict:
    """Forget the posts in each release's data, judge each run and release model, write ``path``.

    ``beside``: releases and runs of this corpus that were not named (``made_beside``); they are left as they
    are and listed under ``not_named`` when they hold or trained on a removed post."""
    import pyarrow as pa

    from townsquare.release import forget_in_release
    from townsquare.release.build import release_ids_present

    affected: dict[Path, dict] = {}
    infos = {run: _run_info(run) for run in runs}
    for run, info in infos.items():
        found = verdict(corpus, info.get("corpus"), info.get("corpus_state"), state_before, trained_ids)
        if found:
            affected[run.resolve()] = {
                "run": str(run),
                "verdict": found,
                "corpus": info.get("corpus"),
                "corpus_state": info.get("corpus_state"),
                "action": ACTIONS[found],
            }
    grew = True
    while grew:  # --init-from chains: weights started from an affected run carry what it learned
        grew = False
        for run, info in infos.items():
            parent = info.get("init_from")
            if run.resolve() in affected or not parent:
                continue
            parent = Path(parent).resolve()
            parent = parent.parent if parent.name == "model" else parent
            if parent in affected:
                affected[run.resolve()] = {
                    "run": str(run),
                    "verdict": "inherits",
                    "from": str(parent),
                    "corpus": info.get("corpus"),
                    "corpus_state": info.get("corpus_state"),
                    "action": ACTIONS["inherits"],
                }
                grew = True
    release_rows = []
    for folder in releases:
        record = json.loads((folder / "release.json").read_text(encoding="utf-8"))
        # the release is published: it says when and how many rows went, never which ids (a SHA-256 of a
        # public post id is no secret: anyone could check whether a given post was forgotten)
        removed = forget_in_release(folder, sorted(everything), {"time": entry["time"]})
        model = verdict(corpus, record.get("corpus"), record.get("model_corpus_state"), state_before, trained_ids)
        run = Path(record.get("run", "")).resolve()
        if run in affected and model is None:
            model = affected[run]["verdict"]
        release_rows.append(
            {
                "release": str(folder),
                "data_rows_removed": removed,
                "model": model,
                "action": ACTIONS[model] if model else "none for the model; its data no longer holds the posts",
            }
        )
    not_named = []
    removed_ids = pa.array(sorted(everything), pa.string())  # one array for every release left unnamed
    for folder in beside[0]:
        record = json.loads((folder / "release.json").read_text(encoding="utf-8"))
        holds = release_ids_present(folder, removed_ids)
        model = verdict(corpus, record.get("corpus"), record.get("model_corpus_state"), state_before, trained_ids)
        if holds or model:
            not_named.append(
                {"release": str(folder), "data_rows_holding_them": holds, "model": model, "pass": f"--release {folder}"}
            )
    for run in beside[1]:
        info = _run_info(run)
        found = verdict(corpus, info.get("corpus"), info.get("corpus_state"), state_before, trained_ids)
        if found:
            not_named.append({"run": str(run), "verdict": found, "pass": f"--runs {run}"})
    report = {
        "time": entry["time"],
        "corpus": str(corpus),
        "corpus_state_before": state_before,
        "ids_sha256": entry["ids_sha256"],
        "requested": entry["requested"],
        "removed_posts": entry["removed_posts"],
        "removed_rejects": entry["removed_rejects"],
        "kept_posts_removed": len(trained_ids),
        "index_removed": entry.get("index_removed"),
        "runs_checked": len(runs),
        "runs": sorted(affected.values(), key=lambda r: r["run"]),
        "releases": release_rows,
        # releases and runs of this corpus found beside it but not named: left as they were
        "not_named": not_named,
    }
    write_json_atomic(path, report)
    return report
