"""--engine ray runs the same shard function on a local Ray instance and writes the same bytes."""

from __future__ import annotations

import pytest
from corpus_inputs import random_shards

from townsquare.corpus.build import build

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.mark.slow
def test_ray_engine_matches_local_engine(tmp_path, local_ray):
    inputs = random_shards(tmp_path / "in", shards=3, per_shard=200)
    local = build(inputs, tmp_path / "local", workers=1)
    on_ray = build(inputs, tmp_path / "ray", workers=2, engine="ray")
    assert on_ray.ok and on_ray.reconciles and on_ray.kept == local.kept
    for part in sorted((tmp_path / "local" / "posts").glob("*.parquet")):
        assert part.read_bytes() == (tmp_path / "ray" / "posts" / part.name).read_bytes()


@pytest.mark.slow
def test_ray_engine_reports_a_failed_shard(tmp_path, local_ray):
    inputs = random_shards(tmp_path / "in", shards=2, per_shard=50)

    def vanish(phase, done, total, note):  # the file disappears after planning: its Ray task fails
        if phase == "shards" and done == 0:
            inputs[0].unlink()

    summary = build(inputs, tmp_path / "c", workers=2, engine="ray", progress=vanish)
    assert not summary.ok
    assert len(summary.failed) == 1 and "no such file" in summary.failure_lines()[0]
