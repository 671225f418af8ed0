"""Run shard tasks in parallel and write their outputs so a crash loses nothing.

Modelled on datatrove's executor: every task writes its outputs under temporary
names, renames them into place, and writes a completion marker *last*; a rerun
skips tasks whose marker is present and matches, so a ``kill -9`` at any point
costs at most the shards that were in flight.

``LocalExecutor`` runs tasks in processes on this machine (spawn start method,
so it behaves the same on Linux and macOS and never forks a process holding
Arrow threads); ``townsquare.corpus.ray_engine.RayExecutor`` runs the very same
task function as Ray tasks. Both return one ``TaskOutcome`` per task: a task
that raises is reported as one line and the others go on.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from townsquare.errors import TownsquareError


@dataclass
class TaskOutcome:
    """What one task produced: its result, or the one-line reason it failed."""

    key: str
    result: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def describe_error(exc: BaseException) -> str:
    """One line a user can act on, for any exception a task raised."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        where = f" writing {exc.filename}" if exc.filename else ""
        return f"no space left on device{where}; free space and rerun to resume"
    if isinstance(exc, TownsquareError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _call(fn: Callable[[Any], Any], task: Any) -> Any:
    return fn(task)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid: int, poll_seconds: float = 0.5) -> None:
    """Make this worker process end when ``parent_pid`` does, however the parent ends (``kill -9``, OOM).

    On Linux the kernel sends SIGKILL on the parent's death (``PR_SET_PDEATHSIG``);
    everywhere, a daemon thread also polls the parent pid, so no worker outlives
    its run to write into a folder a rerun now owns. Used as the pool's initializer.
    """
    import signal
    import sys
    import threading

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl (another libc): the thread below still watches
            pass
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(poll_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="townsquare-parent-watch", daemon=True).start()


class LocalExecutor:
    """Run ``fn(task)`` for each task in up to ``workers`` processes (inline when workers == 1)."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, int(workers))

    def run(
        self,
        fn: Callable[[Any], Any],
        tasks: Iterable[Any],
        key: Callable[[Any], str],
        on_done: Callable[[TaskOutcome], None] | None = None,
    ) -> list[TaskOutcome]:
        """Run all tasks; failures become outcomes with ``error`` set, never exceptions."""
        tasks = list(tasks)
        if not tasks:
            return []
        if self.workers == 1 or len(tasks) == 1:
            return self._run_inline(fn, tasks, key, on_done)
        return self._run_pool(fn, tasks, key, on_done)

    @staticmethod
    def _run_inline(fn, tasks, key, on_done) -> list[TaskOutcome]:
        outcomes = []
        for task in tasks:
            try:
                outcome = TaskOutcome(key(task), result=fn(task))
            except Exception as exc:  # one failed shard must not stop the others
                outcome = TaskOutcome(key(task), error=describe_error(exc))
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
        return outcomes

    def _run_pool(self, fn, tasks, key, on_done) -> list[TaskOutcome]:
        outcomes: dict[str, TaskOutcome] = {}
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=min(self.workers, len(tasks)),
            mp_context=context,
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            futures = {pool.submit(_call, fn, task): key(task) for task in tasks}
            for future in as_completed(futures):
                name = futures[future]
                try:
                    outcome = TaskOutcome(name, result=future.result())
                except BrokenProcessPool:
                    outcome = TaskOutcome(name, error="worker process died (killed or out of memory); rerun to resume")
                except Exception as exc:
                    outcome = TaskOutcome(name, error=describe_error(exc))
                outcomes[name] = outcome
                if on_done:
                    on_done(outcome)
        return [outcomes[key(task)] for task in tasks]
