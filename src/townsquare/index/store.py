"""The post store: hydrates search hits into full posts (SQLite, one file).

Each post is a row keyed by ``doc_id`` (the integer shared with the keyword and
vector indexes) with its public ``id``, ``created_at`` (epoch microseconds), the
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
    id         TEXT NOT NULL UNIQUE,
    created_at INTEGER,
    part       TEXT NOT NULL,
    post       BLOB NOT NULL,
    tokens     BLOB           -- uint16 WordPiece ids of the text, for soft matching at query time
);
CREATE INDEX IF NOT EXISTS posts_part ON posts(part);
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

    def add(self, rows: Iterable[tuple[int, str, int | None, str, dict[str, Any], bytes | None]]) -> None:
        """Insert ``(doc_id, id, created_at_us, part, post, token_bytes)`` rows (call ``commit`` after)."""
        self.db.executemany(
            "INSERT OR REPLACE INTO posts(doc_id, id, created_at, part, post, tokens) VALUES (?, ?, ?, ?, ?, ?)",
            ((doc_id, post_id, created, part, orjson.dumps(post), tokens)
             for doc_id, post_id, created, part, post, tokens in rows),
        )

    def tokens_many(self, doc_ids: list[int]) -> dict[int, bytes]:
        """Stored token ids (uint16 bytes) for doc_ids."""
        found: dict[int, bytes] = {}
        for start in range(0, len(doc_ids), 500):
            chunk = doc_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, blob in self.db.execute(f"SELECT doc_id, tokens FROM posts WHERE doc_id IN ({marks})", chunk):
                found[doc_id] = blob or b""
        return found

    def commit(self) -> None:
        self.db.commit()

    def doc_ids_for(self, ids: Iterable[str]) -> dict[str, int]:
        """Map public post ids to doc_ids (ids not in the store are absent)."""
        found: dict[str, int] = {}
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for post_id, doc_id in self.db.execute(f"SELECT id, doc_id FROM posts WHERE id IN ({marks})", chunk):
                found[post_id] = doc_id
        return found

    def doc_ids_in_part(self, part: str) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT doc_id FROM posts WHERE part = ?", (part,))]

    def delete(self, doc_ids: Iterable[int]) -> int:
        """Delete rows by doc_id; returns how many existed."""
        doc_ids = list(doc_ids)
        cursor = self.db.executemany("DELETE FROM posts WHERE doc_id = ?", ((d,) for d in doc_ids))
        return cursor.rowcount

    def get_many(self, doc_ids: list[int]) -> dict[int, dict[str, Any]]:
        """Posts for doc_ids (missing ones, e.g. forgotten since the search, are absent)."""
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(doc_ids), 500):
            chunk = doc_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, blob in self.db.execute(f"SELECT doc_id, post FROM posts WHERE doc_id IN ({marks})", chunk):
                found[doc_id] = orjson.loads(blob)
        return found

    def created_many(self, doc_ids: list[int]) -> dict[int, int | None]:
        """created_at (epoch us) for doc_ids, for sorting fused candidates by time."""
        found: dict[int, int | None] = {}
        for start in range(0, len(doc_ids), 500):
            chunk = doc_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, created in self.db.execute(f"SELECT doc_id, created_at FROM posts WHERE doc_id IN ({marks})", chunk):
                found[doc_id] = created
        return found

    def get(self, post_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT post FROM posts WHERE id = ?", (post_id,)).fetchone()
        return orjson.loads(row[0]) if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM posts").fetchone()[0]

    def iter_texts(self) -> Iterator[tuple[int, str]]:
        for doc_id, blob in self.db.execute("SELECT doc_id, post FROM posts"):
            yield doc_id, orjson.loads(blob).get("text") or ""
