"""CSV (or TSV) of posts -> Post batches (FORMAT ``csv``).

Columns are mapped to Post fields by ``ctx.options["map"]`` (CLI:
``--map text=text,author=name,created_at=tweet_created,id=tweet_id``), a dict
``{post_field: column}``; short aliases are accepted (``author`` ->
``author_handle``, ``created`` / ``date`` -> ``created_at``, ``url`` -> ``uri``,
``likes`` -> ``like_count``, ...). Without a map, common column names are
guessed (``text``, ``content``, ``tweet_id``, ``screen_name``, ...); fields
not mapped explicitly are still guessed.

Choices:

- ``id``: the mapped id column when it holds a usable id. Spreadsheets often
  damage long numeric ids into scientific notation (``5.70306E+17``); such an
  id (or a missing one) is replaced by ``csv-`` + the first 16 hex digits of
  SHA-256 over the row's cells, so the id is stable across runs and identical
  rows get identical ids (dedup sees them later).
- ``created_at``: ISO-8601, epoch seconds, or common spreadsheet/Twitter
  layouts (``24-02-2015 11.35`` is day-month-year); unparseable -> null.
- ``visibility``: ``public`` unless a ``visibility`` column exists (a
  CSV of posts is assumed to be an export of public posts); a value that is
  not a known visibility quarantines the row.
- Hashtags, @mentions and URLs are picked out of the text.
- A row without text, with undecodable bytes, or that the csv module cannot
  parse (e.g. a field over 128 KiB) is quarantined with its line number.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from townsquare.errors import ConfigError
from townsquare.post import FIELDS, VISIBILITIES, to_utc
from townsquare.sources.base import ReadContext
from townsquare.sources.text import entities

FORMAT = "csv"

ALIASES = {
    "author": "author_handle", "handle": "author_handle", "user": "author_handle",
    "created": "created_at", "date": "created_at", "time": "created_at",
    "url": "uri", "link": "uri", "language": "lang",
    "likes": "like_count", "reposts": "repost_count", "retweets": "repost_count", "replies": "reply_count",
}

# Post field -> column names tried (lower-cased) when the map does not name one
GUESSES = {
    "id": ("id", "tweet_id", "post_id", "status_id", "tweetid"),
    "text": ("text", "content", "body", "tweet", "message", "post", "full_text", "tweet_text"),
    "author_handle": ("author_handle", "screen_name", "username", "user_name", "handle", "author", "user", "name"),
    "author_id": ("author_id", "user_id", "userid"),
    "created_at": ("created_at", "tweet_created", "date", "timestamp", "created", "time", "datetime"),
    "lang": ("lang", "language"),
    "uri": ("uri", "url", "link", "permalink"),
    "like_count": ("like_count", "likes", "favorite_count", "favourites_count"),
    "repost_count": ("repost_count", "retweet_count", "retweets", "reblogs_count"),
    "reply_count": ("reply_count", "replies", "replies_count"),
    # a visibility or deletion column must never be ignored: it keeps private posts out
    "visibility": ("visibility", "privacy", "audience"),
    "deleted": ("deleted", "is_deleted"),
}
_INT_FIELDS = ("like_count", "repost_count", "reply_count")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d|$)")
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes that surrogateescape kept from a non-UTF-8 row
_DAMAGED_ID = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_TIME_FORMATS = ("%d-%m-%Y %H.%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M:%S %z", "%a %b %d %H:%M:%S %z %Y",
                 "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%Y-%m-%d")


def sniff(path: Path, head: bytes) -> bool:
    """A .csv/.tsv file, or a first line with delimiters and a text-like column name."""
    if path.suffix.lower() in (".csv", ".tsv"):
        return True
    first = head.split(b"\n", 1)[0].lower()
    if b"," not in first and b"\t" not in first:
        return False
    names = {name.strip(b' "\r') for name in re.split(rb"[,\t]", first)}
    return any(name.encode() in names for name in GUESSES["text"]) and len(names) > 1


def normalise_map(mapping: dict[str, str] | None) -> dict[str, str]:
    """``{field or alias: column}`` -> ``{post_field: column}``; unknown fields raise ConfigError."""
    out: dict[str, str] = {}
    for key, column in (mapping or {}).items():
        field = ALIASES.get(key.strip(), key.strip())
        if field not in FIELDS:
            choices = ", ".join(list(FIELDS) + sorted(ALIASES))
            raise ConfigError(f"--map: {key!r} is not a Post field; choose from: {choices}")
        out[field] = column.strip()
    return out


def _resolve(header: list[str], mapping: dict[str, str]) -> dict[str, int]:
    """Post field -> column index for this header."""
    lower = {name.strip().lower(): i for i, name in enumerate(header)}
    exact = {name: i for i, name in enumerate(header)}
    columns: dict[str, int] = {}
    for field, column in mapping.items():
        index = exact.get(column, lower.get(column.lower()))
        if index is None:
            raise ConfigError(f"--map {field}={column}: no column {column!r}; columns are: {', '.join(header)}")
        columns[field] = index
    taken = set(columns.values())
    for field, names in GUESSES.items():
        if field in columns:
            continue
        for name in names:
            if name in lower and lower[name] not in taken:
                columns[field] = lower[name]
                taken.add(lower[name])
                break
    if "text" not in columns:
        raise ConfigError(f"no text column found; pass --map text=COLUMN (columns are: {', '.join(header)})")
    return columns


def parse_time(value: str, layouts: list[str] | None = None) -> datetime | None:
    """Parse the timestamp layouts found in CSV exports; None when none fits.

    ``layouts`` (a per-file copy of the known layouts) is reordered so the one
    that matched last is tried first: a file uses one layout throughout.
    """
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{9,10}(\.\d+)?", value):
        return to_utc(float(value))
    if _ISO_START.match(value):
        try:
            return to_utc(value)
        except ValueError:
            pass  # e.g. "2015-02-24 11:35:52 -0800": one of the layouts below
    layouts = layouts if layouts is not None else list(_TIME_FORMATS)
    for i, layout in enumerate(layouts):
        try:
            parsed = datetime.strptime(value, layout)
        except ValueError:
            continue
        if i:
            layouts.insert(0, layouts.pop(i))
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    return None


def row_id(cells: list[str]) -> str:
    """Stable id for a row without a usable id: a hash of its cells."""
    digest = hashlib.sha256("\x1f".join(cells).encode("utf-8", "surrogatepass")).hexdigest()
    return f"csv-{digest[:16]}"


def _int(value: str) -> int | None:
    value = value.strip()
    try:
        return int(float(value)) if value else None
    except (ValueError, OverflowError):
        return None


def _row(cells: list[str], columns: dict[str, int], layouts: list[str]) -> dict[str, Any] | str:
    """The Post row for one CSV row, or the reason it is quarantined."""
    def cell(field: str) -> str:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else ""

    if _UNDECODABLE.search("".join(cells)):
        return "row is not valid UTF-8"
    text = cell("text").strip()
    if not text:
        return "row without text"
    raw_id = cell("id").strip()
    post_id = raw_id if raw_id and not _DAMAGED_ID.match(raw_id) else row_id(cells)
    visibility = cell("visibility").strip().lower() or "public"
    if visibility not in VISIBILITIES:
        return f"unknown visibility {visibility[:40]!r}"
    row: dict[str, Any] = {
        "id": post_id,
        "platform": cell("platform").strip() or "csv",
        "uri": cell("uri").strip() or None,
        "author_id": cell("author_id").strip() or None,
        "author_handle": cell("author_handle").strip().lstrip("@") or None,
        "created_at": parse_time(cell("created_at"), layouts),
        "text": text,
        "lang": cell("lang").strip() or None,
        "visibility": visibility,
        "deleted": cell("deleted").strip().lower() in ("1", "true", "yes"),
    }
    row["hashtags"], row["mentions"], row["urls"] = entities(text)
    for field in _INT_FIELDS:
        row[field] = _int(cell(field))
    for field in ("reply_to", "conversation_id", "quote_of", "repost_of"):
        row[field] = cell(field).strip() or None
    return row


def _delimiter(path: Path, first_line: str) -> str:
    if path.suffix.lower() == ".tsv" or first_line.count("\t") > first_line.count(","):
        return "\t"
    return ","


def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]:
    """Stream Post batches from a CSV file, one post per row."""
    mapping = normalise_map(ctx.options.get("map"))
    builder = ctx.builder()
    with open(path, "r", encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        first = fh.readline()
        if not first.strip():
            return
        fh.seek(0)  # the utf-8-sig decoder strips a BOM again after this seek
        reader = csv.reader(fh, delimiter=_delimiter(path, first))
        try:
            header = next(reader)
        except csv.Error as exc:  # e.g. a header line over the field size limit: not a CSV of posts
            ctx.stats.read += 1
            ctx.quarantine(f"CSV header unreadable: {exc}", line=1)
            return
        columns = _resolve(header, mapping)
        layouts = list(_TIME_FORMATS)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                ctx.stats.read += 1
                ctx.quarantine(f"CSV row unreadable: {exc}", line=reader.line_num)
                continue
            if not any(c.strip() for c in cells):
                continue  # blank line
            ctx.stats.read += 1
            row = _row(cells, columns, layouts)
            if isinstance(row, str):
                ctx.quarantine(row, line=reader.line_num, raw="\x1f".join(cells))
                continue
            if builder.add(**row):
                yield builder.flush()
    batch = builder.flush()
    if batch is not None:
        yield batch

