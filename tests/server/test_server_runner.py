"""`townsquare serve` defaults: worker count follows the CPUs only when counters are shared."""

from __future__ import annotations

import os

from townsquare.server.runner import default_workers


def test_default_workers_one_without_redis_one_per_cpu_with_it():
    assert default_workers(None) == 1  # memory counters are per process: more workers would multiply quotas
    assert default_workers("redis://127.0.0.1:6379/0") == len(os.sched_getaffinity(0))


def test_serve_help_documents_the_workers_default():
    from click.testing import CliRunner

    from townsquare.cli.serve import command

    result = CliRunner().invoke(command, ["--help"])
    assert result.exit_code == 0 and "one per CPU with --redis, else 1" in " ".join(result.output.split())
