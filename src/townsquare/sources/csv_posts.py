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
  CSV of posts is assumed to be an export of public posts); in that column a
  blank cell or a value that is not a known visibility quarantines the row
  (``private`` is Mastodon's word for ``followers``). A true ``protected`` /
  ``is_protected`` / ``private`` column makes the post ``protected``; twarc-csv's
  ``author.protected`` (a field of the author object) also reports the author as
  protected, so the build drops every post of theirs, in every file.
- ``platform``: a ``platform`` column, else ``x`` for twarc-csv (X API v2 tweets flattened: ``__twarc.*``
  or ``author.id`` + ``author.username`` columns) and for flattened X API v1.1 tweets (``user.screen_name``
  with ``user.id_str`` or ``id_str``), so their accounts and tweets are X's (the ledger keys consent by
  platform + id; X ids are global), else ``csv`` (ids made up per file). ``id_str`` is the id before
  ``id``: v1.1's numeric ``id`` passed through a float loses its last digits, which would name another
  tweet.
- ``deleted``: true for ``1``, ``t``, ``true``, ``y``, ``yes`` (Postgres
  exports ``t``) and for any other value that is not a clear no (``0``,
  ``f``, ``false``, ``n``, ``no``, ``null``, blank): when unsure, the post is
  treated as deleted. A non-blank ``deleted_at`` / ``removed_at`` also
  means deleted.
- Quarantine causes and error lines never quote cell values (they may be
  post text): they name the column, and at most a length.
- Hashtags, @mentions and URLs are picked out of the text.
- A row without text, with undecodable bytes, or that the csv module cannot
  parse (e.g. a field over 128 KiB) is quarantined with its line number.
- A stray quote must not glue rows together: a quoted field that runs to the
  end of the file, or whose continuation lines parse as rows of their own
  (same column count, valid id/date/visibility cells), quarantines the line
  that opened it, and the lines after it are read again as rows.
- Leading blank lines are skipped; UTF-16 files (with a BOM, or ASCII-range
  text with every other byte NUL) are decoded as UTF-16.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from townsquare.errors import ConfigError, InputError
from townsquare.post import FIELDS, VISIBILITIES, to_utc
from townsquare.sources.base import ReadContext, decode_entities
from townsquare.sources.text import entities

FORMAT = "csv"

ALIASES = {
    "author": "author_handle",
    "handle": "author_handle",
    "user": "author_handle",
    "created": "created_at",
    "date": "created_at",
    "time": "created_at",
    "url": "uri",
    "link": "uri",
    "language": "lang",
    "likes": "like_count",
    "reposts": "repost_count",
    "retweets": "repost_count",
    "replies": "reply_count",
}

# Post field -> column names tried (lower-cased) when the map does not name one
GUESSES = {
    "id": ("id_str", "id", "tweet_id", "post_id", "status_id", "tweetid"),  # v1.1: id_str is the exact one
    "text": ("text", "content", "body", "tweet", "message", "post", "full_text", "tweet_text"),
    "author_handle": (
        "author_handle",
        "screen_name",
        "username",
        "user_name",
        "handle",
        "author",
        "user",
        "name",
        "author.username",
        "user.screen_name",
    ),  # twarc-csv, flattened v1.1 exports
    "author_id": ("author_id", "user_id", "userid", "author.id", "user.id_str"),
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
# Not Post fields, but they decide whether a row may be public; always looked for.
PRIVACY_GUESSES = {
    "deleted_at": ("deleted_at", "deleted_on", "removed_at", "date_deleted"),
    "protected": (
        "protected",
        "is_protected",
        "user_protected",
        "private",
        "is_private",
        "author.protected",
        "user.protected",
    ),  # twarc-csv writes the author object's fields dotted
}
_ACCOUNT_COLUMNS = frozenset({"author.protected", "user.protected", "user_protected"})
# twarc-csv (``twarc2 csv``) flattens X API v2 tweets: its ``__twarc.*`` columns, or the author object's
# ``author.id`` and ``author.username``, say a file is X data. A flattened X API v1.1 tweet (json_normalize,
# jq, spreadsheet tools) names its user object's fields ``user.*``: ``user.screen_name`` with the user's or
# the tweet's ``id_str``.
_X_AUTHOR_COLUMNS = (
    frozenset({"author.id", "author.username"}),
    frozenset({"user.id_str", "user.screen_name"}),
    frozenset({"id_str", "user.screen_name"}),
)


def _is_x(header: list[str]) -> bool:
    names = {name.strip().lower() for name in header}
    return any(columns <= names for columns in _X_AUTHOR_COLUMNS) or any(n.startswith("__twarc.") for n in names)


_NO = frozenset({"", "0", "f", "false", "n", "no", "off", "null", "none", "nan", "\\n"})
_YES = frozenset({"1", "t", "true", "y", "yes"})  # the clear yeses; a row of this file has one or a no
_VISIBILITY_ALIASES = {"private": "followers"}
_INT_FIELDS = ("like_count", "repost_count", "reply_count")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d|$)")
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes that surrogateescape kept from a non-UTF-8 row
_DAMAGED_ID = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_TIME_FORMATS = (
    "%d-%m-%Y %H.%M",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M:%S %z",
    "%a %b %d %H:%M:%S %z %Y",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%d",
)


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


def _header_hint(header: list[str]) -> str:
    """The column names for an error line, or a description when they do not look like names.

    A "header" that is really the first data row (no header line, the wrong delimiter, a JSON file
    read as CSV) would otherwise print post text in the error.
    """
    names = [name.strip() for name in header]
    if names and all(_COLUMN_NAME.fullmatch(name) and len(name.split()) <= 3 for name in names):
        return "columns are: " + ", ".join(names)
    return f"the first line has {len(names)} field(s) that do not look like column names"


# starts with a letter, so ids, counts and dates of a data row do not pass for names
_COLUMN_NAME = re.compile(r"[^\W\d][\w .#()/-]{0,39}")


def _resolve(
    header: list[str], mapping: dict[str, str], path: Path | str = "", line: int | None = None
) -> dict[str, int]:
    """Post field (and privacy column) -> column index for this header (which is ``line`` of the file)."""
    where = f"{path}: " if path else ""
    lower = {name.strip().lower(): i for i, name in enumerate(header)}
    exact = {name: i for i, name in enumerate(header)}
    columns: dict[str, int] = {}
    for field, column in mapping.items():
        index = exact.get(column, lower.get(column.lower()))
        if index is None:
            raise ConfigError(f"--map {field}={column}: {where}no column {column!r}; {_header_hint(header)}", line=line)
        columns[field] = index
    taken = set(columns.values())
    for field, names in (GUESSES | PRIVACY_GUESSES).items():
        if field in columns:
            continue
        for name in names:
            if name in lower and lower[name] not in taken:
                columns[field] = lower[name]
                taken.add(lower[name])
                break
    if "text" not in columns:
        raise ConfigError(f"{where}no text column found; pass --map text=COLUMN ({_header_hint(header)})", line=line)
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
        return to_utc(parsed)  # naive means UTC; ValueError when out of range (9999-12-31 -1200)
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


def _yes(value: str) -> bool:
    """A privacy flag is set unless the cell clearly says no: an unclear value must not publish a post."""
    return value.strip().lower() not in _NO


def _row(
    cells: list[str],
    columns: dict[str, int],
    layouts: list[str],
    header: list[str] | None = None,
    platform: str = FORMAT,
) -> dict[str, Any] | str:
    """The Post row for one CSV row, or the reason it is quarantined (never quoting a cell); ``platform`` is
    the row's platform when it has no ``platform`` column."""

    def cell(field: str) -> str:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else ""

    def column_name(field: str) -> str:
        index = columns[field]
        return header[index].strip() if header is not None and index < len(header) else field

    if _UNDECODABLE.search("".join(cells)):
        return "row is not valid UTF-8"
    text = decode_entities(cell("text").strip())  # exports of X data keep its &amp; and numeric &#128530;
    if not text:
        return "row without text"
    raw_id = cell("id").strip()
    post_id = raw_id if raw_id and not _DAMAGED_ID.match(raw_id) else row_id(cells)
    visibility = "public"
    if "visibility" in columns:
        raw_visibility = cell("visibility").strip().lower()
        if not raw_visibility:
            return f"blank visibility in column {column_name('visibility')!r}"
        visibility = _VISIBILITY_ALIASES.get(raw_visibility, raw_visibility)
        if visibility not in VISIBILITIES:
            return (
                f"unknown visibility in column {column_name('visibility')!r} ({len(raw_visibility)} characters; "
                f"expected one of {', '.join(VISIBILITIES)})"
            )
    if "protected" in columns and _yes(cell("protected")):
        visibility = "protected"
    deleted = ("deleted" in columns and _yes(cell("deleted"))) or bool(cell("deleted_at").strip())
    try:
        created_at = parse_time(cell("created_at"), layouts)
    except ValueError as exc:
        return f"bad created_at: {exc}"
    row: dict[str, Any] = {
        "id": post_id,
        "platform": cell("platform").strip() or platform,
        "uri": cell("uri").strip() or None,
        "author_id": cell("author_id").strip() or None,
        "author_handle": cell("author_handle").strip().lstrip("@") or None,
        "created_at": created_at,
        "text": text,
        "lang": cell("lang").strip() or None,
        "visibility": visibility,
        "deleted": deleted,
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


class LineTooLong(csv.Error):
    """A physical line past ``max_element_bytes``: its record is quarantined, the lines after it are read."""


class _Lines:
    """The file's lines for ``csv.reader``, remembering which lines each record used.

    The csv module pulls one line at a time and never reads ahead, so the lines taken since the
    last record are exactly that record's raw lines; ``push_back`` makes lines be read again.
    """

    def __init__(self, fh: io.TextIOBase, first_number: int = 1, max_line: int = 16 << 20) -> None:
        self._fh = fh
        self._max_line = max_line
        self._pending: list[tuple[int, str]] = []
        self._next_number = first_number
        self.taken: list[tuple[int, str]] = []  # (line number, line) of the record being read
        self.exhausted = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._pending:
            item = self._pending.pop(0)
        else:
            line = self._fh.readline(self._max_line + 1)  # bounded: a file may be one endless line
            if not line:
                self.exhausted = True
                raise StopIteration
            item = (self._next_number, line)
            self._next_number += 1
            if len(line) > self._max_line and not line.endswith(("\n", "\r")):
                length = len(line)
                while line and not line.endswith(("\n", "\r")):  # skip the rest, a chunk at a time
                    line = self._fh.readline(1 << 20)
                    length += len(line)
                self.taken.append((item[0], ""))
                raise LineTooLong(f"line of {length:,} characters (limit max_element_bytes = {self._max_line})")
        self.taken.append(item)
        return item[1]

    def start_record(self) -> None:
        self.taken = []

    def push_back(self, items: list[tuple[int, str]]) -> None:
        self._pending[:0] = items


def _encoding(path: Path) -> str:
    """utf-16 for a UTF-16 file (BOM, or ASCII text with every other byte NUL), else utf-8-sig."""
    with open(path, "rb") as fh:
        head = fh.read(64)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[: len(head) // 2 * 2]
    if len(sample) >= 8:
        if not any(sample[1::2]) and all(sample[0::2]):
            return "utf-16-le"
        if not any(sample[0::2]) and all(sample[1::2]):
            return "utf-16-be"
    return "utf-8-sig"


class _RowShape:
    """Does a single line parse as a whole row of this file? Used to spot rows swallowed by a stray quote."""

    def __init__(self, header: list[str], columns: dict[str, int], delimiter: str) -> None:
        self.width = len(header)
        self.columns = columns
        self.delimiter = delimiter
        # Without a column whose cells can be checked, a prose line with enough commas would pass
        # for a row; then only a wide header (3+ columns) makes the column count itself telling.
        self.checkable = any(f in columns for f in ("id", "created_at", "visibility", "deleted")) or self.width >= 3

    def matches(self, line: str) -> bool:
        if self.width < 2 or not self.checkable or not line.strip():
            return False
        try:
            cells = next(csv.reader([line], delimiter=self.delimiter))
        except (csv.Error, StopIteration):
            return False
        if len(cells) != self.width:
            return False

        def cell(field: str) -> str | None:
            index = self.columns.get(field)
            return None if index is None else cells[index].strip()

        if not cell("text"):
            return False
        post_id = cell("id")
        if post_id is not None and (not post_id or len(post_id) > 64 or any(ch.isspace() for ch in post_id)):
            return False
        created = cell("created_at")
        try:
            if created and parse_time(created) is None:
                return False
        except ValueError:  # a time, but out of range: still a row of this shape
            pass
        visibility = cell("visibility")
        if (
            visibility is not None
            and _VISIBILITY_ALIASES.get(visibility.lower(), visibility.lower()) not in VISIBILITIES
        ):
            return False
        deleted = cell("deleted")
        return deleted is None or deleted.lower() in _NO or deleted.lower() in _YES


def _runaway(lines: list[tuple[int, str]], at_eof: bool, delimiter: str, shape: _RowShape) -> str | None:
    """Why a multi-line record is really a stray quote gluing rows together, or None if it is fine."""
    if len(lines) < 2:
        return None
    if at_eof:
        try:
            list(csv.reader([line for _, line in lines], delimiter=delimiter, strict=True))
        except csv.Error:
            return f"a quote opened on line {lines[0][0]} is never closed (it runs to the end of the file)"
    if any(shape.matches(line) for _, line in lines[1:]):
        return (
            f"a quote opened on line {lines[0][0]} runs over the next lines, which look like rows "
            f"of their own (stray quote); they are read again"
        )
    return None


class _HeaderUnreadable(Exception):
    """The header line cannot be read (too long, or the csv module refuses it): ``read`` quarantines it as
    one record at ``line``. Control flow inside this module only."""

    def __init__(self, cause: str, line: int) -> None:
        super().__init__(cause)
        self.cause = cause
        self.line = line


def _header(path: Path, fh: io.TextIOBase, ctx: ReadContext) -> tuple[list[str], int, str, _Lines, Any] | None:
    """(header, its line number, delimiter, the lines, a csv reader positioned after the header), or None
    for a file of blank lines. A file that is no CSV at all (NUL bytes, JSON) raises InputError."""
    blank = 0
    limit = ctx.limits.max_element_bytes
    while True:  # leading blank lines are not the header
        first = fh.readline(limit + 1)
        if len(first) > limit:
            raise _HeaderUnreadable(
                ctx.limits.cause("max_element_bytes", "CSV header line too long; not read"), blank + 1
            )
        if not first or first.strip():
            break
        blank += 1
    if not first:
        return None
    if "\x00" in first:
        raise InputError(
            f"{path}: the first line holds NUL bytes: UTF-16/32 without a byte order mark, or "
            "not text; save it as UTF-8",
            line=blank + 1,
        )
    if first.lstrip("\ufeff \t").startswith(("{", "[")):
        raise InputError(f"{path}: {_looks_like_json(path, ctx.format_given)}", line=blank + 1)
    delimiter = _delimiter(path, first)
    lines = _Lines(fh, first_number=blank + 2, max_line=limit)
    lines.push_back([(blank + 1, first)])
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:  # e.g. a header line over the field size limit: not a CSV of posts
        raise _HeaderUnreadable(f"CSV header unreadable: {exc}", blank + 1) from exc
    header[0] = header[0].lstrip("\ufeff")
    return header, blank + 1, delimiter, lines, reader


def _looks_like_json(path: Path, format_given: bool) -> str:
    """Why a CSV that holds JSON is not read: the --format csv to leave out where the user gave it; else
    its name made it a CSV, and detection (which tries every JSON format first) found no JSON format."""
    if format_given:
        return "looks like JSON, not CSV; leave out --format csv to detect its format"
    from townsquare.sources import JSON_FORMATS

    return (
        f"looks like JSON, not CSV (only its name says {path.suffix.lower() or 'CSV'}), and like none of the "
        f"JSON formats read here ({', '.join(JSON_FORMATS)})"
    )


def check(path: Path, ctx: ReadContext) -> None:
    """Raise what ``read`` would raise for the file as a whole (no text column, a ``--map`` column that is
    not there, JSON, NUL bytes) from its header alone, so a file named on the command line fails before
    anything is written. A header ``read`` quarantines is left to it."""
    mapping = normalise_map(ctx.options.get("map"))
    with open(path, encoding=_encoding(path), errors="surrogateescape", newline="") as fh:
        try:
            start = _header(path, fh, ctx)
        except _HeaderUnreadable:
            return
        if start is not None:
            _resolve(start[0], mapping, path, line=start[1])


def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]:
    """Stream Post batches from a CSV file, one post per row."""
    mapping = normalise_map(ctx.options.get("map"))
    builder = ctx.builder()
    with open(path, encoding=_encoding(path), errors="surrogateescape", newline="") as fh:
        try:
            start = _header(path, fh, ctx)
        except _HeaderUnreadable as problem:
            ctx.stats.read += 1
            ctx.quarantine(problem.cause, line=problem.line)
            return
        if start is None:
            return
        header, header_line, delimiter, lines, reader = start
        columns = _resolve(header, mapping, path, line=header_line)
        shape = _RowShape(header, columns, delimiter)
        # a column of the author object (twarc-csv's author.protected) says the account is protected: every
        # post of that author goes, in every file (a consent event for the build's ledger)
        account_protected = "protected" in columns and header[columns["protected"]].strip().lower() in _ACCOUNT_COLUMNS
        # twarc-csv and flattened v1.1 rows are tweets: platform x, so X compliance events and X JSON of the
        # same accounts and tweets meet them in the ledger and in dedup (ids are X's own, not made up per file)
        platform = "x" if _is_x(header) else FORMAT
        layouts = list(_TIME_FORMATS)
        while True:
            lines.start_record()
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                ctx.stats.read += 1
                taken = lines.taken
                # a stray quote that ran into the field size limit: keep the rows it swallowed
                swallowed = len(taken) > 1 and any(shape.matches(line) for _, line in taken[1:])
                ctx.quarantine(
                    f"CSV row unreadable: {exc}"
                    + ("; it starts with a stray quote, the lines after it are read again" if swallowed else ""),
                    line=taken[0][0] if taken else None,
                )
                if swallowed:
                    lines.push_back(taken[1:])
                continue
            taken = lines.taken
            line_number = taken[0][0] if taken else None
            if not any(c.strip() for c in cells):
                continue  # blank line
            ctx.stats.read += 1
            if len(taken) > 1:
                cause = _runaway(taken, lines.exhausted, delimiter, shape)
                if cause:
                    ctx.quarantine(cause, line=line_number, raw=taken[0][1])
                    lines.push_back(taken[1:])
                    continue
            row = _row(cells, columns, layouts, header, platform)
            if isinstance(row, str):
                ctx.quarantine(row, line=line_number, raw="\x1f".join(cells))
                continue
            if account_protected and row.get("visibility") == "protected" and row.get("author_id"):
                ctx.event("user_protect", row.get("platform") or FORMAT, author_id=str(row["author_id"]))
                if platform != FORMAT and row["platform"] == platform:
                    # a CSV without a platform column (platform csv) may hold the same X account's posts
                    # under the same id: the most private reading protects that author id there too
                    ctx.event("user_protect", FORMAT, author_id=str(row["author_id"]))
            if builder.add_row(row, line_number):
                yield builder.flush()
    batch = builder.flush()
    if batch is not None:
        yield batch
