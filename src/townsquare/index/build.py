"""Build and update an index folder from a corpus; forget posts from it.

Layout of ``INDEX/``::

    manifest.json      embedder, next doc_id, and every corpus part already indexed
    embedder/          the static embedding model (built once from the packaged MiniLM)
    keyword/           tantivy index (BM25 + operator fields)
    vectors.usearch    usearch HNSW of post embeddings
    posts.sqlite       post store for hydration (+ the ids that were forgotten)

``build_index`` is incremental: parts listed in the manifest with the same
content fingerprint are skipped, so a corpus that grows by new ``part-*.parquet``
files is updated without a rebuild. A part that was rewritten (a corpus rebuilt
after a deletion, say) is indexed again, and the posts of a part that is gone
from the corpus are removed: the index never keeps what the corpus dropped.
A part interrupted half-way is cleaned out and indexed again on the next run
(its rows carry the part name), so a rerun after a crash gives the same index.

Public only, again: the corpus build already drops private and deleted posts,
but the index refuses any row whose ``visibility`` is not ``public`` or that is
``deleted`` (and any id that was forgotten), and counts them.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from townsquare.errors import CorpusError, InputError
from townsquare.index.keyword import KeywordIndex, to_us
from townsquare.index.store import PostStore
from townsquare.index.vector import VectorIndex
from townsquare.post import FIELDS, read_parquet

MANIFEST = "manifest.json"
FORMAT_VERSION = (
    5  # 2: a duplicate key per post (``dup``); 3: CJK characters are tokens; 4: ids unique across platforms;
    # 5: links and the ids a post points at (url:, in_reply_to_tweet_id:, conversation_id:, quotes_of_tweet_id:)
)
EMBED_BATCH = 2048
# Fields kept in the store: the whole Post minus the two that are constant there.
STORED_FIELDS = tuple(name for name in FIELDS if name not in ("visibility", "deleted"))


@dataclass
class BuildStats:
    """What one ``build_index`` run did (printed by the CLI as a table)."""

    parts_indexed: list[str] = field(default_factory=list)
    parts_skipped: int = 0
    parts_removed: list[str] = field(default_factory=list)
    posts_indexed: int = 0
    refused_not_public: int = 0
    refused_deleted: int = 0
    refused_forgotten: int = 0
    replaced: int = 0
    embed_seconds: float = 0.0
    vector_seconds: float = 0.0
    total_seconds: float = 0.0

    @property
    def vector_posts_per_s(self) -> float:
        """Posts per second on the vector side (embedding + HNSW insertion)."""
        return self.posts_indexed / self.vector_seconds if self.vector_seconds else 0.0


FILE_LOCAL_PLATFORMS = ("csv", "text")
"""Platforms whose ids name a post only within one input file (as ``corpus.build`` treats them)."""
REFERENCE_FIELDS = ("reply_to", "quote_of", "repost_of", "conversation_id")


def api_id(platform: str | None, post_id: str, part: str) -> str:
    """The id a post has in the index, the store and the API: unique across platforms and files.

    Post ids are unique per platform only (an X tweet ``1`` and a Mastodon status
    ``1`` are different posts), so the API id names the platform unless it is
    X's own numeric id (what X clients expect) or a Bluesky ``at://`` URI (unique
    by itself): ``1``, ``mastodon:1``, ``at://did:plc:…/app.bsky.feed.post/…``.
    CSV and text ids are unique within their file only, so theirs name the
    corpus part too: ``csv:part-00003-posts:17``. No two rules give the same
    string: only X ids may lack a ``:``, only Bluesky ones start with ``at://``.
    """
    if platform == "x" and ":" not in post_id:
        return post_id
    if platform == "bluesky" and post_id.startswith("at://"):
        return post_id
    if platform in FILE_LOCAL_PLATFORMS:
        return f"{platform}:{part.removesuffix('.parquet')}:{post_id}"
    return f"{platform or 'unknown'}:{post_id}"


_NAMED_PLATFORMS = re.compile(r"^(?:mastodon|bluesky|unknown):(.+)$|^(?:csv|text):part-[^:]+:(.+)$")


def corpus_id(served: str) -> str:
    """The corpus id of an id as ``api_id`` serves it: ``mastodon:1`` is ``1``, ``csv:part-00003-posts:17`` is
    ``17``; an X id and a Bluesky ``at://`` URI are their own."""
    named = _NAMED_PLATFORMS.match(served)
    return next(g for g in named.groups() if g is not None) if named else served


def iso_z(moment: datetime | None) -> str | None:
    """UTC datetime as X API's ``2020-01-02T03:04:05.000Z``."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def load_manifest(index_dir: Path) -> dict[str, Any] | None:
    """The index's manifest, or None for a folder that holds no index; refuses an older format, a damaged
    manifest and a corpus folder, each with one line naming the fix."""
    from townsquare.sources import refuse_ingest_output

    manifest = _read_manifest(index_dir)
    # an `ingest` folder has posts/ too, and is no corpus either: `index` refuses it (it holds private posts)
    refuse_ingest_output(index_dir, "index")
    if (index_dir / "posts").is_dir() and (manifest is None or "dim" not in manifest):
        raise InputError(
            f"{index_dir} is a corpus folder, not an index: index it with "
            f"`townsquare index {index_dir} --out INDEX` and use INDEX"
        )
    if manifest is None:
        return None
    version = manifest.get("version")
    if type(version) is not int:  # "4" or 4.0 is no format this code wrote (and True == 1 in Python)
        raise InputError(
            f'{index_dir / MANIFEST} is damaged: its "version" is {json.dumps(version)}, not an index format '
            f"number (this townsquare reads format {FORMAT_VERSION}): {REBUILD.format(index_dir=index_dir)}"
        )
    if version != FORMAT_VERSION:
        raise InputError(
            f"{index_dir} was built in index format {version}, this townsquare reads "
            f"format {FORMAT_VERSION}: rebuild it (`townsquare index CORPUS --out NEW_FOLDER`)"
        )
    for key, (kind, described) in _MANIFEST_FIELDS.items():
        value = manifest.get(key)
        if not isinstance(value, kind) or isinstance(value, bool) or (key == "dim" and value <= 0):
            raise InputError(
                f"{index_dir / MANIFEST} is damaged: its {key!r} is {json.dumps(value)}, not "
                f"{described}: {REBUILD.format(index_dir=index_dir)}"
            )
    return manifest


REBUILD = "delete the folder and build it again (`townsquare index CORPUS --out {index_dir}`)"
"""The fix for a damaged or incomplete index: an incremental run would skip the parts its manifest lists."""
# each field a reader needs: its type, and how the error names what it should be
_MANIFEST_FIELDS: dict[str, tuple[type, str]] = {
    "dim": (int, "a vector size"),
    "embedder": (str, "an embedder name"),
    "next_doc_id": (int, "a number"),
    "parts": (dict, "an object"),
}


def is_outdated(index_dir: Path) -> bool:
    """True when ``index_dir`` holds an index in an older format than this townsquare reads."""
    manifest = _read_manifest(Path(index_dir))
    return manifest is not None and manifest.get("version") != FORMAT_VERSION


def _read_manifest(index_dir: Path) -> dict[str, Any] | None:
    path = index_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        raise InputError(f"{path} is damaged (not JSON: {exc}): {REBUILD.format(index_dir=index_dir)}") from None
    if not isinstance(manifest, dict):
        raise InputError(
            f"{path} is damaged (a JSON {type(manifest).__name__}, not an object): {REBUILD.format(index_dir=index_dir)}"
        )
    return manifest


def open_for_reading(index_dir: Path, manifest: dict[str, Any]) -> tuple[KeywordIndex, PostStore]:
    """The keyword index and the post store of ``index_dir``, opened read-only after checking every part.

    A missing or damaged part is one ``InputError`` naming the file and the fix, never an empty result:
    an empty store would make every question "unanswered" and every search empty. Nothing is written:
    no part missing here is created (as the writers' ``IndexParts`` would).
    """
    import sqlite3

    fix = REBUILD.format(index_dir=index_dir)
    keyword = index_dir / "keyword"
    if not (keyword / "meta.json").is_file():
        missing = keyword if not keyword.is_dir() else keyword / "meta.json"
        raise InputError(f"{missing} is missing: the index in {index_dir} is incomplete; {fix}")
    store_path = index_dir / "posts.sqlite"
    if not store_path.is_file():
        raise InputError(f"{store_path} is missing: the index in {index_dir} is incomplete; {fix}")
    try:
        store = PostStore(store_path, readonly=True)
        tables = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        holds_posts = "posts" in tables and store.db.execute("SELECT 1 FROM posts LIMIT 1").fetchone() is not None
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{store_path} is damaged ({exc}): {fix}") from None
    if "posts" not in tables:
        store.close()
        raise InputError(f"{store_path} is damaged (it holds no posts table: an empty file?): {fix}")
    vectors = index_dir / "vectors.usearch"
    # an index of an empty corpus has no vectors file (nothing was ever saved); one with posts must have it
    if vectors.is_file() or holds_posts:
        problem = _vector_file_problem(vectors, manifest["dim"])
        if problem:
            store.close()
            raise InputError(f"{vectors} {problem}: {fix}")
    try:
        keyword_index = KeywordIndex(keyword)
    except Exception as exc:  # noqa: BLE001 - tantivy reports a damaged meta.json or segment as ValueError or OSError
        store.close()
        raise InputError(f"{keyword} is damaged ({type(exc).__name__}: {exc}): {fix}") from None
    return keyword_index, store


def check_index(index_dir: Path) -> dict[str, Any]:
    """The manifest of the index in ``index_dir`` once every part is checked (``open_for_reading``), so that a
    writer such as ``forget`` never works on a damaged index (it would create a missing store and find nothing)."""
    manifest = load_manifest(index_dir)
    if manifest is None:
        raise InputError(f"{index_dir} is not an index (no {MANIFEST})")
    _, store = open_for_reading(index_dir, manifest)
    store.close()
    return manifest


def _vector_file_problem(path: Path, dim: int) -> str | None:
    """What is wrong with a vector file (missing, not a usearch index, cut short, another size), or None."""
    from usearch.index import Index

    if not path.is_file():
        return "is missing (the index holds posts)"
    try:
        header = Index.metadata(str(path))  # reads the header only: cheap at any size
    except Exception as exc:  # noqa: BLE001 - usearch raises ValueError or RuntimeError on a cut file
        return f"is damaged ({exc})"
    if header is None:
        return "is damaged (empty, or not a usearch index)"
    if header.get("dimensions") != dim:
        return f"is damaged (it holds {header.get('dimensions')}-dim vectors, the manifest says {dim})"
    return None


def _save_manifest(index_dir: Path, manifest: dict[str, Any]) -> None:
    from townsquare.io import write_text_atomic

    write_text_atomic(index_dir / MANIFEST, json.dumps(manifest, indent=2) + "\n")


class IndexParts:
    """The three stores of an index folder, opened for writing together."""

    def __init__(self, index_dir: Path, dim: int) -> None:
        self.keyword = KeywordIndex(index_dir / "keyword")
        self.vector = VectorIndex(index_dir / "vectors.usearch", dim)
        self.store = PostStore(index_dir / "posts.sqlite")
        self.store.db.execute("CREATE TABLE IF NOT EXISTS forgotten (id TEXT PRIMARY KEY)")

    def delete(self, doc_ids: list[int]) -> None:
        self.keyword.delete(doc_ids)
        self.vector.remove(doc_ids)
        self.store.delete(doc_ids)

    def commit(self) -> None:
        # Store first: a hit whose post is gone from the store is dropped at hydration,
        # so between these commits a forgotten post still cannot be returned.
        self.store.commit()
        self.keyword.commit()
        self.vector.save()

    def close(self) -> None:
        self.store.close()


def corpus_parts(corpus: str | Path) -> list[Path]:
    """The ``posts/part-*.parquet`` files of a corpus folder, in order."""
    from townsquare.corpus_dir import CorpusDir

    folder = CorpusDir(corpus)
    if not folder.root.exists():
        raise InputError(f"corpus folder {corpus} does not exist")
    if not folder.posts.is_dir():
        raise CorpusError(f"{corpus} is not a corpus: it has no posts/ folder")
    return folder.post_parts()


def build_index(
    corpus: str | Path, out: str | Path, embedder: str = "static", progress: Callable[[str, int], None] | None = None
) -> BuildStats:
    """Index every corpus part not yet in ``out`` (creating ``out`` if needed; locked while it runs)."""
    from townsquare.lock import output_lock
    from townsquare.sources import refuse_ingest_output

    refuse_ingest_output(corpus, "index")  # before the index folder is made

    with output_lock(out, "index"):
        return _build_index_unlocked(corpus, out, embedder, progress)


def _build_index_unlocked(
    corpus: str | Path, out: str | Path, embedder: str = "static", progress: Callable[[str, int], None] | None = None
) -> BuildStats:
    """Index every corpus part not yet in ``out`` (creating ``out`` if needed)."""
    from townsquare.index.embed import load_embedder

    started = time.perf_counter()
    parts = corpus_parts(corpus)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest(out)
    model = load_embedder(manifest["embedder"] if manifest else embedder, str(out / "embedder"))
    if manifest is None:
        manifest = {
            "version": FORMAT_VERSION,
            "embedder": embedder,
            "embedder_name": model.name,
            "dim": model.dim,
            "next_doc_id": 0,
            "parts": {},
        }
    stats = BuildStats()
    index = IndexParts(out, manifest["dim"])
    try:
        present = {part.name for part in parts}
        for name in [name for name in manifest["parts"] if name not in present]:
            index.delete(index.store.doc_ids_in_part(name))
            index.keyword.delete_part(name)
            index.commit()
            del manifest["parts"][name]
            _save_manifest(out, manifest)
            stats.parts_removed.append(name)
        for part in parts:
            fingerprint = part_fingerprint(part)
            if manifest["parts"].get(part.name, {}).get("fingerprint") == fingerprint:
                stats.parts_skipped += 1
                continue
            rows = _index_part(part, index, model, manifest, stats, progress)
            index.commit()
            manifest["parts"][part.name] = {
                "rows": rows,
                "fingerprint": fingerprint,
                "indexed_at": iso_z(datetime.now(UTC)),
            }
            _save_manifest(out, manifest)
            stats.parts_indexed.append(part.name)
    finally:
        index.close()
    if not manifest["parts"] and not parts:
        _save_manifest(out, manifest)
    stats.total_seconds = time.perf_counter() - started
    return stats


def part_fingerprint(part: Path) -> str:
    """Content hash of a corpus part file (xxh3, streamed): a rewritten part is indexed again."""
    import xxhash

    digest = xxhash.xxh3_64()
    with part.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def _index_part(
    part: Path,
    index: IndexParts,
    model,
    manifest: dict[str, Any],
    stats: BuildStats,
    progress: Callable[[str, int], None] | None,
) -> int:
    """Index one part file; returns rows read. Leftovers of an interrupted run are removed first."""
    leftovers = index.store.doc_ids_in_part(part.name)
    if leftovers:
        index.delete(leftovers)
    index.keyword.delete_part(part.name)
    rows_read = 0
    for batch in read_parquet(part, batch_size=EMBED_BATCH):
        rows_read += batch.num_rows
        posts = _admissible(batch.to_pylist(), index.store, stats)
        if posts:
            _add_posts(posts, part.name, index, model, manifest, stats)
        if progress is not None:
            progress(part.name, batch.num_rows)
    return rows_read


def _admissible(rows: list[dict[str, Any]], store: PostStore, stats: BuildStats) -> list[dict[str, Any]]:
    """Public, non-deleted, never-forgotten rows; counts every refusal."""
    kept = []
    for row in rows:
        if row.get("visibility") != "public":
            stats.refused_not_public += 1
        elif row.get("deleted"):
            stats.refused_deleted += 1
        else:
            kept.append(row)
    if kept:
        ids = [row["id"] for row in kept]
        marks = ",".join("?" * len(ids))
        forgotten = {r[0] for r in store.db.execute(f"SELECT id FROM forgotten WHERE id IN ({marks})", ids)}
        if forgotten:
            stats.refused_forgotten += sum(row["id"] in forgotten for row in kept)
            kept = [row for row in kept if row["id"] not in forgotten]
    return kept


def _add_posts(
    posts: list[dict[str, Any]], part: str, index: IndexParts, model, manifest: dict[str, Any], stats: BuildStats
) -> None:
    # A post seen before (a later edit, or a repeated part) replaces the old copy; the same id on
    # another platform is another post (api_id keeps them apart).
    ids = [api_id(post.get("platform"), str(post["id"]), part) for post in posts]
    existing = index.store.doc_ids_for(ids)
    if existing:
        index.delete(list(existing.values()))
        stats.replaced += len(existing)
    first = manifest["next_doc_id"]
    doc_ids = np.arange(first, first + len(posts), dtype=np.uint64)
    manifest["next_doc_id"] = first + len(posts)
    t0 = time.perf_counter()
    vectors, tokens = model.encode_with_tokens([post.get("text") or "" for post in posts])
    t1 = time.perf_counter()
    index.vector.add(doc_ids, vectors)
    stats.embed_seconds += t1 - t0
    stats.vector_seconds += time.perf_counter() - t0
    store_rows = []
    for doc_id, post, post_api_id, token_ids in zip(doc_ids.tolist(), posts, ids, tokens):
        created = post.get("created_at")
        created_us = to_us(created) if created is not None else None
        stored = {name: post.get(name) for name in STORED_FIELDS}
        stored["created_at"] = iso_z(created)
        stored["id"] = post_api_id
        for name in REFERENCE_FIELDS:  # references name posts of the same platform (and file)
            if stored.get(name):
                stored[name] = api_id(post.get("platform"), str(stored[name]), part)
        index.keyword.add(doc_id, stored, created_us, part)
        store_rows.append((doc_id, post_api_id, str(post["id"]), created_us, part, stored, token_ids.tobytes()))
    index.store.add(store_rows)
    stats.posts_indexed += len(posts)


def forget(index_dir: str | Path, ids: Iterable[str]) -> int:
    """Remove posts (by id) from the index; see ``_forget_unlocked``. The index is locked while it runs."""
    from townsquare.lock import output_lock

    if not Path(index_dir).is_dir():
        raise InputError(f"{index_dir} is not an index (no {MANIFEST})")
    with output_lock(index_dir, "forget"):
        return _forget_unlocked(index_dir, ids)


def _forget_unlocked(index_dir: str | Path, ids: Iterable[str]) -> int:
    """Remove posts (by public id) from the keyword index, vector index and store; returns how many were there.

    The ids are also remembered so that re-indexing a part that still holds them
    cannot bring them back.
    """
    index_dir = Path(index_dir)
    manifest = check_index(index_dir)
    ids = [str(post_id) for post_id in ids]
    index = IndexParts(index_dir, manifest["dim"])
    try:
        # corpus ids (what ``forget --ids`` and the corpus name) on every platform, and API ids as served
        by_api_id = index.store.doc_ids_for(ids)
        found = set(index.store.doc_ids_for_post_ids(ids)) | set(by_api_id.values())
        # remembered by corpus id, what a re-indexed part carries: an API id (mastodon:1) as its post id (1)
        corpus_ids = set(ids) | set(index.store.post_ids_of(list(by_api_id.values())))
        index.store.db.executemany("INSERT OR IGNORE INTO forgotten(id) VALUES (?)", ((i,) for i in corpus_ids))
        index.delete(sorted(found))
        index.commit()
    finally:
        index.close()
    return len(found)


def stats_dict(stats: BuildStats) -> dict[str, Any]:
    data = asdict(stats)
    data["vector_posts_per_s"] = round(stats.vector_posts_per_s, 1)
    return data
