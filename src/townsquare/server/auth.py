"""API keys: bearer tokens stored hashed in SQLite (embedded, one file, shared by every worker).

A token reads ``ts_<key_id>_<secret>``. ``key_id`` is public (it names the key
in logs and in ``keys list``); only ``sha256(salt || secret)`` with a random
per-key salt is stored, so a leaked database gives no usable token. The secret
has 256 bits of entropy, so one salted hash is enough (no slow KDF needed: that
is for guessable passwords) and verification costs microseconds per request.

The same database holds the server's token-signing secret, so every process
that shares the keys database signs and checks pagination tokens alike.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from townsquare.errors import ConfigError, InputError
from townsquare.server.ratelimit import parse_quota

TOKEN_PREFIX = "ts_"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    key_id     TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    quota      TEXT NOT NULL,
    salt       BLOB NOT NULL,
    hash       BLOB NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
"""


@dataclass(frozen=True)
class ApiKey:
    """What the server knows about a key (never the token)."""

    key_id: str
    name: str
    quota: str
    created_at: str
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _hash(salt: bytes, secret: str) -> bytes:
    return hashlib.sha256(salt + secret.encode()).digest()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class KeyStore:
    """Create, list, revoke and verify API keys in one SQLite file."""

    CACHE_SECONDS = 5.0  # how long a verified token skips the hash; a revoke anywhere empties the cache at once

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            raise InputError(f"keys database folder {self.path.parent} does not exist")
        if self.path.is_dir():
            raise InputError(f"keys database {self.path} is a folder, not a SQLite file")
        self._lock = threading.Lock()
        try:
            self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
            with self._lock, self.db:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:  # "file is not a database": one line, not a traceback (R19-B1)
            raise InputError(f"keys database {self.path} cannot be opened: {exc}") from None
        self._cache: dict[str, tuple[float, ApiKey | None]] = {}
        self._data_version = self._read_data_version()

    def _read_data_version(self) -> int:
        # SQLite bumps data_version when another connection (a `keys revoke`, another worker) commits to
        # the file: a cheap read that tells every worker, on its next request, that its cache is stale
        with self._lock:
            version: int = self.db.execute("PRAGMA data_version").fetchone()[0]
        return version

    def close(self) -> None:
        self.db.close()

    def create(self, name: str, quota: str) -> tuple[ApiKey, str]:
        """A new key; returns it and its token (shown once, never stored)."""
        if not name.strip():
            raise ConfigError("a key needs a --name")
        parse_quota(quota)  # refuse a bad quota now, not at the first request
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        salt = secrets.token_bytes(16)
        key = ApiKey(key_id=key_id, name=name, quota=quota, created_at=_now())
        with self._lock, self.db:
            self.db.execute(
                "INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (key_id, name, quota, salt, _hash(salt, secret), key.created_at),
            )
        return key, f"{TOKEN_PREFIX}{key_id}_{secret}"

    def list(self) -> list[ApiKey]:
        with self._lock:
            rows = self.db.execute(
                "SELECT key_id, name, quota, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id"
            ).fetchall()
        return [ApiKey(*row) for row in rows]

    def revoke(self, key_id_or_name: str) -> builtins.list[ApiKey]:  # builtins: ``list`` here is the method
        """Revoke the key with this id, or every active key with this name; returns what was revoked."""
        with self._lock, self.db:
            rows = self.db.execute(
                "SELECT key_id FROM api_keys WHERE (key_id = ? OR name = ?) AND revoked_at IS NULL",
                (key_id_or_name, key_id_or_name),
            ).fetchall()
            now = _now()
            self.db.executemany("UPDATE api_keys SET revoked_at = ? WHERE key_id = ?", ((now, r[0]) for r in rows))
        self._cache.clear()
        revoked = {r[0] for r in rows}
        return [key for key in self.list() if key.key_id in revoked]

    def verify(self, token: str) -> ApiKey | None:
        """The active key this token belongs to, or None (unknown, malformed or revoked)."""
        now = time.monotonic()
        version = self._read_data_version()
        if version != self._data_version:
            self._cache.clear()
            self._data_version = version
        cached = self._cache.get(token)
        if cached is not None and cached[0] > now:
            return cached[1]
        key = self._verify(token)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[token] = (now + self.CACHE_SECONDS, key)
        return key

    def _verify(self, token: str) -> ApiKey | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        key_id, _, secret = token[len(TOKEN_PREFIX) :].partition("_")
        if not key_id or not secret:
            return None
        with self._lock:
            row = self.db.execute(
                "SELECT key_id, name, quota, created_at, revoked_at, salt, hash FROM api_keys WHERE key_id = ?",
                (key_id,),
            ).fetchone()
        if row is None:
            return None
        key = ApiKey(*row[:5])
        if not hmac.compare_digest(_hash(row[5], secret), row[6]) or not key.active:
            return None
        return key

    def signing_secret(self) -> bytes:
        """The server's secret for signing pagination tokens (made on first use, shared via the file)."""
        with self._lock, self.db:
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('signing_secret', ?)", (secrets.token_bytes(32),))
            return bytes(self.db.execute("SELECT value FROM meta WHERE name = 'signing_secret'").fetchone()[0])
