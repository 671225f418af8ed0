"""The arrows between the rooms of the house (ARCHITECTURE.md) point one way, and no module reaches into
another's private names. A module importing across a forbidden arrow fails here, with the line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "townsquare"

GROUND = {"errors", "io", "limits", "lock", "post", "corpus_dir", "checksums"}
ABOVE_CORPUS = {
    "train",
    "index",
    "eval",
    "assistant",
    "server",
    "cli",
    "release",
    "forget",
    "forget_report",
    "sample",
    "audit",
}

GROUND_ALLOWS: dict[str, set[str]] = {
    # the ground floor (the Post contract, errors, atomic writes, the corpus folder) imports only the ground
    "errors": set(),
    "checksums": set(),
    "io": {"errors"},
    "limits": {"errors"},
    "lock": {"errors", "io"},
    "post": GROUND,
    "corpus_dir": GROUND,
}
FORBIDDEN: dict[str, set[str]] = {
    "sources": {"corpus"} | ABOVE_CORPUS,
    "corpus": ABOVE_CORPUS,
    "train": {"server", "cli", "eval", "index", "assistant", "release", "forget", "audit", "sample"},
    "index": {"train", "eval", "server", "cli", "assistant", "release", "forget", "sample"},
    "eval": {"index", "assistant", "server", "cli", "release", "forget", "forget_report"},
    "assistant": {"server", "cli", "release", "train", "eval", "forget"},
    "server": {"cli", "release", "forget", "sample"},
    "release": {"cli", "server", "forget"},
}


def crosses(source: str, target: str) -> bool:
    """Whether an import from room ``source`` into room ``target`` goes against an arrow."""
    if target == source:
        return False
    if source in GROUND_ALLOWS:
        return target not in GROUND_ALLOWS[source]
    return target in FORBIDDEN.get(source, set())


def _room(module: str) -> str:
    """townsquare.corpus.build -> corpus; townsquare.io -> io."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "townsquare"


def _imports() -> list[tuple[str, int, str, list[str]]]:
    """(importing module, line, imported module, names imported from it) for every townsquare import,
    at module level or inside a function."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        module = ".".join(("townsquare",) + path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.level == 0
                and node.module.split(".")[0] == "townsquare"
            ):
                found.append((module, node.lineno, node.module, [alias.name for alias in node.names]))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "townsquare":
                        found.append((module, node.lineno, alias.name, []))
    return found


def _target(imported: str, names: list[str]) -> list[str]:
    """The rooms an import reaches: ``from townsquare import sample`` reaches sample."""
    if imported == "townsquare":
        return [name for name in names if name != "__version__"] or ["townsquare"]
    return [_room(imported)]


def test_the_source_tree_is_found():
    assert len(_imports()) > 200  # a test that found no import would pass on anything


def test_no_import_crosses_a_forbidden_arrow():
    wrong = []
    for module, line, imported, names in _imports():
        source = _room(module)
        for target in _target(imported, names):
            if crosses(source, target):
                wrong.append(f"{module}:{line} imports {imported} ({source} -> {target})")
    assert not wrong, "imports across a forbidden arrow (see ARCHITECTURE.md):\n" + "\n".join(wrong)


def test_no_module_imports_another_modules_private_names():
    wrong = [
        f"{module}:{line} imports {name} from {imported}"
        for module, line, imported, names in _imports()
        if imported != module
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not wrong, "private names imported across modules:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "source, target",
    [
        ("corpus", "train"),
        ("corpus", "index"),
        ("sources", "corpus"),
        ("post", "corpus"),
        ("index", "train"),
        ("server", "cli"),
        ("train", "eval"),
        ("eval", "server"),
    ],
)
def test_the_arrows_the_issue_names_are_forbidden(source, target):
    assert crosses(source, target)
