"""constraints.txt is the lock: it pins every package that pyproject.toml declares, within the declared
ranges, and the environment the tests run in was installed from it."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def _lock() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for number, line in enumerate((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"constraints.txt:{number}: not a NAME==VERSION pin: {line!r}"
        pins[canonicalize_name(name)] = Version(version)
    return pins


def _declared() -> list[tuple[str, Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"dependencies": project["dependencies"], **project.get("optional-dependencies", {})}
    return [(group, Requirement(text)) for group, texts in groups.items() for text in texts
            if canonicalize_name(Requirement(text).name) != "townsquare"]


LOCK = _lock()


@pytest.mark.parametrize(("group", "requirement"), _declared(), ids=lambda value: str(value))
def test_every_declared_dependency_is_pinned_within_its_range(group, requirement):
    name = canonicalize_name(requirement.name)
    assert name in LOCK, f"{requirement} ([{group}]) is not in constraints.txt: run `bash .ci/lock`"
    assert requirement.specifier.contains(LOCK[name], prereleases=True), (
        f"constraints.txt pins {name}=={LOCK[name]}, outside pyproject's {requirement} ([{group}])")


def test_the_installed_packages_are_the_locked_versions():
    drift = []
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name in LOCK and Version(dist.version).public != str(LOCK[name]) and Version(dist.version) != LOCK[name]:
            drift.append(f"{name} {dist.version} (lock: {LOCK[name]})")
    assert not drift, ("installed without the lock? pip install -c constraints.txt -e '.[all,test]'; drift: "
                       + ", ".join(sorted(drift)))
