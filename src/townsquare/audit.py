"""Canary audit: prove that no private canary reached anything downstream.

``townsquare sample`` plants canary strings in private posts (direct,
followers-only, deleted, protected, opted-out) and PII values in public posts,
and lists them in ``canaries.jsonl``. The audit looks for every canary that
``must_not_appear`` in every file under the given folders: every string in a
Parquet file is decoded, nested ones included (``media.alt_text``, lists,
maps; compression would hide raw bytes), other files are
searched as bytes, and a search index is also queried through its own API.

Control canaries (deliberately left in public posts) must be found: that is the
audit's positive control, proving the scan can see what it looks for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from townsquare.errors import InputError


@dataclass
class Canary:
    id: str
    canary: str
    secret: str
    kind: str
    must_not_appear: bool

    @property
    def needles(self) -> list[str]:
        # The secret alone also counts: a redaction that kept the secret but
        # changed its surroundings would still be a leak.
        return [s for s in {self.canary, self.secret} if s and len(s) >= 6]


@dataclass
class AuditReport:
    leaks: dict[str, list[str]] = field(default_factory=dict)  # canary id -> where
    controls_found: set[str] = field(default_factory=set)
    controls: int = 0
    checked: int = 0
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.leaks

    @property
    def control_ok(self) -> bool:
        return self.controls == 0 or bool(self.controls_found)

    def summary(self) -> str:
        lines = [
            f"scanned {self.files} files for {self.checked} private canaries: "
            + ("no leaks" if self.ok else f"{len(self.leaks)} LEAKED")
        ]
        for cid, where in sorted(self.leaks.items()):
            lines.append(f"  LEAK {cid}: {', '.join(sorted(set(where))[:5])}")
        if self.controls:
            lines.append(
                f"positive control: {len(self.controls_found)}/{self.controls} public control canaries found "
                + ("(the scan sees what it looks for)" if self.control_ok else "(SCAN IS BLIND)")
            )
        return "\n".join(lines)


def load_canaries(path: str | Path) -> list[Canary]:
    """Read a canary registry (JSON lines)."""
    canaries = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                canaries.append(
                    Canary(
                        str(row["id"]),
                        row["canary"],
                        str(row.get("secret") or ""),
                        row.get("kind", ""),
                        bool(row.get("must_not_appear", True)),
                    )
                )
    return canaries


def _is_string_view(kind: pa.DataType) -> bool:
    check = getattr(pa.types, "is_string_view", None)  # pyarrow >= 16; the project allows 15
    return bool(check and check(kind))


def _string_leaves(array: pa.Array) -> list[str]:
    """Every string (and decodable binary) value anywhere inside ``array``, however deeply nested.

    Children are read whole, not only the slots the parent marks valid: bytes hidden under a null
    struct or past a list's end are still in the file, and a leak there is still a leak.
    """
    kind = array.type
    if isinstance(array, pa.ChunkedArray):
        return [v for chunk in array.chunks for v in _string_leaves(chunk)]
    if pa.types.is_dictionary(kind):
        return _string_leaves(array.dictionary)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or _is_string_view(kind):
        return [v for v in array.to_pylist() if v]
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind):
        return [v.decode("utf-8", "replace") for v in array.to_pylist() if v]
    if pa.types.is_map(kind):
        return _string_leaves(array.keys) + _string_leaves(array.items)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        return _string_leaves(array.values)
    if pa.types.is_struct(kind) or pa.types.is_union(kind):
        return [v for i in range(kind.num_fields) for v in _string_leaves(array.field(i))]
    return []


def _parquet_strings(path: Path) -> str:
    table = pq.read_table(path)
    return "\n".join(v for column in table.columns for v in _string_leaves(column))


def _file_text(path: Path) -> str:
    if path.suffix == ".parquet":
        return _parquet_strings(path)
    return path.read_bytes().decode("utf-8", "replace")


def _index_hits(index_dir: Path, needles: dict[str, list[str]]) -> dict[str, list[str]]:
    """Ask the search index itself for each needle (its stores may be compressed on disk)."""
    try:
        from townsquare.index.query import QuerySyntaxError
        from townsquare.index.search import Searcher
    except ImportError:
        return {}
    searcher = Searcher(index_dir)
    hits: dict[str, list[str]] = {}
    for cid, strings in needles.items():
        for needle in strings:
            phrase = needle.replace('"', " ")
            try:
                page = searcher.search(f'"{phrase}"', max_results=10, mode="keyword")
            except QuerySyntaxError:
                continue  # not expressible as a query; the byte scan of the post store still covers it
            if any(needle in (post.get("text") or "") for post in page.posts):
                hits.setdefault(cid, []).append(f"{index_dir} (search API)")
    return hits


def audit_canaries(canaries_path: str | Path, roots: list[str | Path]) -> AuditReport:
    """Scan every file under ``roots`` for canaries; see the module docstring."""
    canaries = load_canaries(canaries_path)
    private = {c.id: c.needles for c in canaries if c.must_not_appear}
    if not private:  # "no leaks" would then prove nothing
        raise InputError(
            f"{canaries_path}: no private canary to look for (an empty or control-only registry); "
            "an audit that checks nothing cannot pass"
        )
    controls = {c.id: c.needles for c in canaries if not c.must_not_appear}
    report = AuditReport(checked=len(private), controls=len(controls))
    for root in map(Path, roots):
        if not root.exists():
            continue
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            report.files += 1
            text = _file_text(path)
            for cid, needles in private.items():
                if any(n in text for n in needles):
                    report.leaks.setdefault(cid, []).append(str(path))
            for cid, needles in controls.items():
                if any(n in text for n in needles):
                    report.controls_found.add(cid)
        if root.is_dir() and (root / "manifest.json").exists() and (root / "keyword").exists():
            for cid, where in _index_hits(root, private).items():
                report.leaks.setdefault(cid, []).extend(where)
    return report
