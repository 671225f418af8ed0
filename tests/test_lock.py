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
    return [
        (group, Requirement(text))
        for group, texts in groups.items()
        for text in texts
        if canonicalize_name(Requirement(text).name) != "townsquare"
    ]


LOCK = _lock()


@pytest.mark.parametrize(("group", "requirement"), _declared(), ids=lambda value: str(value))
def test_every_declared_dependency_is_pinned_within_its_range(group, requirement):
    name = canonicalize_name(requirement.name)
    assert name in LOCK, f"{requirement} ([{group}]) is not in constraints.txt: run `bash .ci/lock`"
    assert requirement.specifier.contains(LOCK[name], prereleases=True), (
        f"constraints.txt pins {name}=={LOCK[name]}, outside pyproject's {requirement} ([{group}])"
    )


def _installed_closure(extras: tuple[str, ...] = ("all", "test")) -> dict[str, str]:
    """name -> installed version of every package that installing townsquare[extras] pulls in, followed through
    each package's own requirements (and the extras asked of it), as the installed metadata says."""
    seen: dict[str, str] = {}
    visited: set[tuple[str, frozenset[str]]] = set()  # a package asking for itself with extras is followed once
    todo = [(canonicalize_name("townsquare"), set(extras))]
    while todo:
        name, wanted = todo.pop()
        if (name, frozenset(wanted)) in visited:
            continue
        visited.add((name, frozenset(wanted)))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist.version
        # townsquare's own extras name each other (all = train, index, serve): follow them too
        wanted = set(wanted) | ({"train", "index", "serve"} if name == "townsquare" and "all" in wanted else set())
        for text in dist.requires or []:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker is not None and not any(marker.evaluate({"extra": extra}) for extra in wanted | {""}):
                continue
            child = canonicalize_name(requirement.name)
            if child == "townsquare":
                continue
            todo.append((child, set(requirement.extras)))
    seen.pop(canonicalize_name("townsquare"), None)
    return seen


def test_the_installed_packages_are_the_locked_versions():
    """What `pip install -c constraints.txt -e '.[all,test]'` installed is what the lock says (packages
    outside that install, left on a machine by something else, are not this project's to judge)."""
    installed = _installed_closure()
    assert "pytest" in installed and "pyarrow" in installed, sorted(installed)
    drift = [
        f"{name} {version} (lock: {LOCK[name]})"
        for name, version in sorted(installed.items())
        if name in LOCK and Version(version).public != str(LOCK[name]) and Version(version) != LOCK[name]
    ]
    assert not drift, (
        "installed without the lock? pip install -c constraints.txt -e '.[all,test]'; drift: " + ", ".join(drift)
    )
