"""``CORPUS/manifest.json``: what a corpus was built from, how, and what was forgotten since.

The manifest is the corpus's provenance: every input with its size, mtime and
content hash, the options and stage versions, the counts, and one entry per
``forget`` (ids only as SHA-256 hashes, so the manifest itself never names a
removed post). Forgotten hashes outlive rebuilds: ``build`` reads them back
and drops those posts again, even with ``--no-resume``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import xxhash

from townsquare.corpus.executor import write_json_atomic
from townsquare.errors import CorpusError

MANIFEST = "manifest.json"


def hash_id(post_id: str) -> str:
    """How a forgotten id is stored: SHA-256 hex of the id (salt-free so a rebuild can match it)."""
    return hashlib.sha256(post_id.encode("utf-8")).hexdigest()


def _files_of(path: Path) -> list[Path]:
    """The regular files an input consists of: itself, or every file under a folder (sorted paths)."""
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def file_digest(path: str | Path) -> tuple[str, int]:
    """xxh3-128 (hex) of a file's bytes, or of every file under a folder (sorted paths), and their bytes.

    This is what says an input is unchanged: a folder's own size and mtime do not
    change when a file inside it is edited in place (an X archive's
    ``data/tweets.js``), so resume compares contents, not directory entries; the
    size is that of the files, not the 4,096 of a folder's entry.
    """
    path = Path(path)
    digest, size = xxhash.xxh3_128(), 0
    for file in _files_of(path):
        if path.is_dir():
            relative = str(file.relative_to(path)).encode("utf-8")
            digest.update(len(relative).to_bytes(4, "little") + relative)
        with open(file, "rb") as fh:
            while chunk := fh.read(1 << 23):
                digest.update(chunk)
                size += len(chunk)
    return digest.hexdigest(), size


def load_manifest(corpus: str | Path, required: bool = False) -> dict[str, Any]:
    """The manifest of a corpus ({} when absent, unless ``required``)."""
    path = Path(corpus) / MANIFEST
    if not path.exists():
        if required:
            raise CorpusError(f"{corpus}: not a townsquare corpus (no {MANIFEST}); run `townsquare build` first")
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CorpusError(f"{path}: unreadable manifest ({exc})") from exc


def write_manifest(corpus: str | Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically."""
    write_json_atomic(Path(corpus) / MANIFEST, manifest)


def forgotten_hashes(manifest: dict[str, Any]) -> list[str]:
    """Every id hash ever forgotten from this corpus, sorted."""
    hashes: set[str] = set()
    for entry in manifest.get("forgotten", []):
        hashes.update(entry.get("ids_sha256", []))
    return sorted(hashes)
