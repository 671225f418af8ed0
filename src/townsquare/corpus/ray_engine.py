"""``--engine ray``: the same shard function as Ray tasks (``pip install 'townsquare[ray]'``).

Phase 1 tasks run on the Ray cluster; phase 2 runs on the driver. Workers
write into the corpus folder directly, so on a multi-node cluster ``--out``
must be a filesystem every node mounts (NFS, a FUSE bucket); on one machine
nothing more is needed. Connects to a running cluster when ``RAY_ADDRESS`` is
set (Ray's own convention), otherwise starts a local one with ``workers`` CPUs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from townsquare.corpus.executor import TaskOutcome, describe_error
from townsquare.errors import ConfigError


def _ray():
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("--engine ray needs Ray: pip install 'townsquare[ray]'") from exc
    return ray


class RayExecutor:
    """Run ``fn(task)`` as Ray tasks, at most ``workers`` at a time; failures become outcomes."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, int(workers))

    def run(
        self,
        fn: Callable[[Any], Any],
        tasks: Iterable[Any],
        key: Callable[[Any], str],
        on_done: Callable[[TaskOutcome], None] | None = None,
    ) -> list[TaskOutcome]:
        ray = _ray()
        tasks = list(tasks)
        if not tasks:
            return []
        if not ray.is_initialized():
            # RAY_ADDRESS, when set, makes init() join that cluster instead (Ray's documented behaviour).
            ray.init(num_cpus=self.workers, include_dashboard=False, log_to_driver=False)
        remote = ray.remote(num_cpus=1, max_retries=0)(fn)
        pending: dict[Any, str] = {}
        outcomes: dict[str, TaskOutcome] = {}
        queue = list(tasks)
        while queue or pending:
            while queue and len(pending) < self.workers:  # bounded in flight: memory stays flat
                task = queue.pop(0)
                pending[remote.remote(task)] = key(task)
            ready, _ = ray.wait(list(pending), num_returns=1)
            ref = ready[0]
            name = pending.pop(ref)
            try:
                outcome = TaskOutcome(name, result=ray.get(ref))
            except ray.exceptions.RayTaskError as exc:
                outcome = TaskOutcome(name, error=describe_error(exc.cause if exc.cause is not None else exc))
            except Exception as exc:  # worker died, object lost: the shard is redone on rerun
                outcome = TaskOutcome(name, error=describe_error(exc))
            outcomes[name] = outcome
            if on_done:
                on_done(outcome)
        return [outcomes[key(task)] for task in tasks]
