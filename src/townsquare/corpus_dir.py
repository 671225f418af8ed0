"""The corpus folder: its layout, its manifest and its state, in one place.

A corpus folder is what ``townsquare build`` writes and every later step reads
(tokenize, train, index, forget, release)::

    CORPUS/posts/part-<shard>.parquet      the corpus (POST_SCHEMA)
    CORPUS/rejects/part-<shard>.parquet    dropped posts with their reason (REJECT_SCHEMA)
    CORPUS/quarantine/<shard>.jsonl        malformed records (file, line, cause)
    CORPUS/stats/shard-<shard>.json        per-input counters; stats/global.json: the whole build
    CORPUS/stage1/                         phase-1 intermediates (gone once the build is done)
    CORPUS/consent/ledger.parquet          the consent ledger (hashed ids, no text; see corpus.consent)
    CORPUS/consent/aliases.parquet         ids that name one post (hashed: a status's uri and numeric ids, edits)
    CORPUS/_markers/                       completion markers (resume)
    CORPUS/manifest.json                   provenance: inputs, options, counts, forgotten id hashes
    CORPUS/CARD.md, CORPUS/charts/*.png    the data card
    CORPUS/tokenizer.json, CORPUS/tokens/  what ``tokenize`` made from the posts (train's, kept here
                                           because they are copies of the corpus text)

Nobody else spells these names: the build, train, index, ``forget`` and
release ask a :class:`CorpusDir` for paths and for the corpus's state.

The manifest is the corpus's provenance: every input with its size, mtime and
content hash, the options and stage versions, the counts, and one entry per
``forget`` (ids only as SHA-256 hashes, so the manifest itself never names a
removed post). Forgotten hashes outlive rebuilds: ``build`` reads them back
and drops those posts again, even with ``--no-resume``.

The state (:meth:`CorpusDir.state`) is a digest of what the posts are. Token
shards record the state they were made from, so tokens made from an earlier
state (a rebuild that changed the posts, a ``forget``) are found and removed
(:meth:`CorpusDir.remove_stale_tokens`): they hold texts that may be gone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from townsquare.errors import CorpusError
from townsquare.io import read_json, write_json_atomic

MANIFEST = "manifest.json"
PART_GLOB = "part-*.parquet"


def hash_id(post_id: str) -> str:
    """How a forgotten id is stored: SHA-256 hex of the id (salt-free so a rebuild can match it)."""
    return hashlib.sha256(post_id.encode("utf-8")).hexdigest()


class CorpusDir:
    """One corpus folder: ``CorpusDir(path).posts``, ``.manifest()``, ``.state()``..."""

    def __init__(self, root: str | Path | CorpusDir) -> None:
        self.root: Path = root.root if isinstance(root, CorpusDir) else Path(root)

    def __repr__(self) -> str:
        return f"CorpusDir({str(self.root)!r})"

    def __str__(self) -> str:
        return str(self.root)

    # ------------------------------------------------------------ layout

    @property
    def posts(self) -> Path:
        return self.root / "posts"

    @property
    def rejects(self) -> Path:
        return self.root / "rejects"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def stats(self) -> Path:
        return self.root / "stats"

    @property
    def global_stats(self) -> Path:
        return self.stats / "global.json"

    @property
    def stage1(self) -> Path:
        return self.root / "stage1"

    @property
    def consent(self) -> Path:
        return self.root / "consent"

    @property
    def ledger(self) -> Path:
        """The consent ledger the build stores (``corpus.consent.LEDGER_SCHEMA``)."""
        return self.consent / "ledger.parquet"

    @property
    def aliases(self) -> Path:
        """Which post ids name the same post (``corpus.consent.ALIAS_SCHEMA``: hashed ids)."""
        return self.consent / "aliases.parquet"

    @property
    def markers(self) -> Path:
        return self.root / "_markers"

    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    @property
    def card(self) -> Path:
        return self.root / "CARD.md"

    @property
    def charts(self) -> Path:
        return self.root / "charts"

    @property
    def tokenizer(self) -> Path:
        return self.root / "tokenizer.json"

    @property
    def tokens(self) -> Path:
        return self.root / "tokens"

    @property
    def tokens_meta(self) -> Path:
        return self.tokens / "meta.json"

    def token_shard(self, split: str, kind: str = "bin") -> Path:
        """``tokens/<split>.bin`` (tokens) or ``tokens/<split>.idx`` (each post's first token)."""
        return self.tokens / f"{split}.{kind}"

    BUILD_FOLDERS = ("stage1", "posts", "rejects", "quarantine", "stats", "charts", "_markers", "consent")
    BUILD_FILES = ("CARD.md",)

    def build_outputs(self) -> list[Path]:
        """The paths a build that starts over (``--no-resume``) removes. Not the manifest: the ids it
        records as forgotten outlive every rebuild."""
        return [self.root / name for name in self.BUILD_FOLDERS + self.BUILD_FILES]

    def post_parts(self) -> list[Path]:
        """``posts/part-*.parquet``, sorted."""
        return sorted(self.posts.glob(PART_GLOB))

    def reject_parts(self) -> list[Path]:
        """``rejects/part-*.parquet``, sorted."""
        return sorted(self.rejects.glob(PART_GLOB))

    def part(self, shard: str) -> Path:
        return self.posts / f"part-{shard}.parquet"

    def reject_part(self, shard: str) -> Path:
        return self.rejects / f"part-{shard}.parquet"

    def shard_files(self, shard: str) -> dict[str, Path]:
        """Phase 1's outputs for one input shard, by role (see ``corpus.build``)."""
        return {
            "posts": self.stage1 / f"{shard}.parquet",
            "keys": self.stage1 / f"{shard}.keys.parquet",
            "events": self.stage1 / f"{shard}.events.parquet",
            "owners": self.stage1 / f"{shard}.owners.parquet",
            "rejects": self.reject_part(shard),
            "quarantine": self.quarantine / f"{shard}.jsonl",
            "stats": self.stats / f"shard-{shard}.json",
            "marker": self.markers / f"{shard}.json",
        }

    def part_marker(self, shard: str) -> Path:
        """The completion marker of phase 2's ``posts/part-<shard>.parquet``."""
        return self.markers / f"posts-{shard}.json"

    @property
    def phase2_marker(self) -> Path:
        return self.markers / "phase2.json"

    def looks_built(self, names: set[str] | None = None) -> bool:
        """Whether the folder holds what a build writes (``names``: its entries, when already listed)."""
        names = {child.name for child in self.root.iterdir()} if names is None else names
        return {MANIFEST, self.posts.name, self.stats.name} <= names

    def has_posts(self) -> bool:
        return self.posts.is_dir() and any(self.posts.glob(PART_GLOB))

    def require_posts(self) -> Path:
        """``posts/`` or a clear error when the folder holds no corpus."""
        if not self.has_posts():
            raise CorpusError(
                f"{self.root} is not a corpus: no posts/part-*.parquet (build one with `townsquare build`)"
            )
        return self.posts

    # ------------------------------------------------------------ manifest

    def manifest(self, required: bool = False) -> dict[str, Any]:
        """The manifest ({} when absent, unless ``required``)."""
        path = self.manifest_path
        if not path.exists():
            if required:
                raise CorpusError(f"{self.root}: not a townsquare corpus (no {MANIFEST}); run `townsquare build` first")
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CorpusError(f"{path}: unreadable manifest ({exc})") from exc
        if required and isinstance(data, dict) and "dim" in data and "embedder" in data and "counts" not in data:
            # an index's manifest (townsquare.index.build): writing a corpus's records into it would change nothing
            raise CorpusError(
                f"{self.root} is a search index, not a corpus: give the folder `townsquare build` wrote "
                "(an index goes to --index where a command takes one)"
            )
        return data if isinstance(data, dict) else {}

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        write_json_atomic(self.manifest_path, manifest)

    def forgotten_hashes(self) -> list[str]:
        """Every id hash ever forgotten from this corpus, sorted."""
        return forgotten_hashes(self.manifest())

    # ------------------------------------------------------------ state

    def state(self) -> str:
        """A digest of what the corpus's posts are: the build's inputs and options, kept count and parts.

        Taken from the manifest (where ``build`` and ``forget`` record every change) and the
        posts parts' names and sizes, never from times, so a copied corpus keeps its state and
        a rebuild of the same inputs gives the same one.
        """
        manifest = self.manifest()
        options = {k: v for k, v in manifest.get("options", {}).items() if k not in ("engine", "workers")}
        state = {
            "inputs": [[i.get("shard"), i.get("format"), i.get("xxh3_128")] for i in manifest.get("inputs", [])],
            "options": options,
            "stage_versions": manifest.get("stage_versions"),
            "kept": manifest.get("counts", {}).get("kept"),
            "parts": [[p.name, p.stat().st_size] for p in self.post_parts()],
        }
        return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:32]

    def tokens_info(self) -> dict[str, Any]:
        """``tokens/meta.json`` ({} when absent or unreadable)."""
        meta = read_json(self.tokens_meta)
        return meta if isinstance(meta, dict) else {}

    def tokens_state(self) -> str | None:
        """The corpus state the token shards were made from (None: no shards, or from before it was kept)."""
        return self.tokens_info().get("corpus_state")

    def has_tokens(self) -> bool:
        return self.tokens.is_dir() or self.tokenizer.is_file()

    def remove_tokens(self) -> bool:
        """Delete ``tokens/`` and ``tokenizer.json`` (its vocabulary was learnt from the old texts); True if any was."""
        found = False
        if self.tokens.is_dir():
            shutil.rmtree(self.tokens)
            found = True
        if self.tokenizer.is_file():
            self.tokenizer.unlink()
            found = True
        return found

    def remove_stale_tokens(self) -> bool:
        """:meth:`remove_tokens` when the tokens were made from another state of the corpus; True if removed."""
        if not self.has_tokens() or self.tokens_state() == self.state():
            return False
        return self.remove_tokens()


def forgotten_hashes(manifest: dict[str, Any]) -> list[str]:
    """Every id hash ever forgotten, from a manifest's ``forgotten`` entries, sorted."""
    hashes: set[str] = set()
    for entry in manifest.get("forgotten", []):
        hashes.update(entry.get("ids_sha256", []))
    return sorted(hashes)
