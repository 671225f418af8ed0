"""The post store: hydrates search hits into full posts (SQLite, one file).

Each post is a row keyed by ``doc_id`` (the integer shared with the keyword and
vector indexes) with its public ``id`` (unique across platforms: an X tweet ``1``
and a Mastodon status ``1`` are ``1`` and ``mastodon:1``), its corpus ``post_id``, ``created_at`` (epoch microseconds), the
corpus ``part`` it came from (so a part can be re-indexed idempotently) and the
post itself as JSON with every Post field. SQLite is embedded, safe for many
readers next to one writer (WAL), and answers ``get(id)`` in microseconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

_SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
    doc_id     INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,  -- the API id, unique across platforms (index.build.api_id)
    post_id    TEXT NOT NULL,         -- the id in the corpus (unique per platform only), for forget
    created_at INTEGER,
    part       TEXT NOT NULL,
    post       BLOB NOT NULL,
    tokens     BLOB           -- uint16 WordPiece ids of the text, for soft matching at query time
);
CREATE INDEX IF NOT EXISTS posts_part ON posts(part);
CREATE INDEX IF NOT EXISTS posts_post_id ON posts(post_id);
"""


class PostStore:
    """SQLite-backed ``doc_id -> post`` store."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly:
            uri = f"file:{self.path}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(self.path, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def add(self, rows: Iterable[tuple[int, str, str, int | None, str, dict[str, Any], bytes | None]]) -> None:
        """Insert ``(doc_id, id, post_id, created_at_us, part, post, token_bytes)`` rows (call ``commit`` after)."""
        self.db.executemany(
            "INSERT OR REPLACE INTO posts(doc_id, id, post_id, created_at, part, post, tokens) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (doc_id, api_id, post_id, created, part, orjson.dumps(post), tokens)
                for doc_id, api_id, post_id, created, part, post, tokens in rows
            ),
        )

    def tokens_many(self, doc_ids: list[int]) -> dict[int, bytes]:
        """Stored token ids (uint16 bytes) for doc_ids."""
        return {doc_id: blob or b"" for doc_id, blob in self._lookup("doc_id", "tokens", doc_ids)}

    def commit(self) -> None:
        self.db.commit()

    def doc_ids_for(self, ids: Iterable[str]) -> dict[str, int]:
        """Map API ids to doc_ids (ids not in the store are absent)."""
        return dict(self._lookup("id", "doc_id", list(ids)))

    def doc_ids_for_post_ids(self, post_ids: Iterable[str]) -> list[int]:
        """doc_ids of every post whose corpus id is one of ``post_ids``, on any platform."""
        return [doc_id for _, doc_id in self._lookup("post_id", "doc_id", list(post_ids))]

    def post_ids_of(self, doc_ids: list[int]) -> list[str]:
        """The corpus ids of doc_ids."""
        return [post_id for _, post_id in self._lookup("doc_id", "post_id", doc_ids)]

    def doc_ids_in_part(self, part: str) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT doc_id FROM posts WHERE part = ?", (part,))]

    def delete(self, doc_ids: Iterable[int]) -> int:
        """Delete rows by doc_id; returns how many existed."""
        doc_ids = list(doc_ids)
        cursor = self.db.executemany("DELETE FROM posts WHERE doc_id = ?", ((d,) for d in doc_ids))
        return cursor.rowcount

    def get_many(self, doc_ids: list[int]) -> dict[int, dict[str, Any]]:
        """Posts for doc_ids (missing ones, e.g. forgotten since the search, are absent)."""
        return {doc_id: orjson.loads(blob) for doc_id, blob in self._lookup("doc_id", "post", doc_ids)}

    def created_many(self, doc_ids: list[int]) -> dict[int, int | None]:
        """created_at (epoch us) for doc_ids, for sorting fused candidates by time."""
        return dict(self._lookup("doc_id", "created_at", doc_ids))

    def _lookup(self, key: str, column: str, keys: list) -> Iterator[tuple[Any, Any]]:
        """``(key, column)`` rows whose ``key`` is in ``keys``, 500 bound parameters per statement."""
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.db.execute(f"SELECT {key}, {column} FROM posts WHERE {key} IN ({marks})", chunk)

    def get(self, post_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT post FROM posts WHERE id = ?", (post_id,)).fetchone()
        return orjson.loads(row[0]) if row else None

    def newest_created(self, before_us: int) -> int | None:
        """The newest created_at (epoch us) at or before ``before_us``."""
        row = self.db.execute("SELECT max(created_at) FROM posts WHERE created_at <= ?", (before_us,)).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM posts").fetchone()[0]

    def iter_texts(self) -> Iterator[tuple[int, str]]:
        for doc_id, blob in self.db.execute("SELECT doc_id, post FROM posts"):
            yield doc_id, orjson.loads(blob).get("text") or ""
