"""Streaming JSON input shared by the JSON readers: JSONL, one document, or an array.

``iter_json(path, ctx)`` yields ``(record, line)`` pairs. A file whose first
non-blank line is a complete JSON value is read as JSON Lines, one line at a
time, so memory stays flat however long the file is. Otherwise the file is
one (pretty-printed) JSON document: it is parsed whole, and a top-level array
yields its items. Lines or documents that do not parse are counted as read
and quarantined here, so callers only see parsed values.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from townsquare.sources.base import ReadContext


def first_char(head: bytes) -> bytes:
    """The first non-whitespace byte of a file's head (after a UTF-8 BOM), or b''."""
    stripped = head.removeprefix(BOM).lstrip()
    return stripped[:1]


def looks_like_json(head: bytes) -> bool:
    """True when the head starts like a JSON object or array."""
    return first_char(head) in (b"{", b"[")


def _cause(exc: Exception) -> str:
    # orjson messages carry position info; keep the first line only
    return f"invalid JSON: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"


def iter_json(path: Path, ctx: ReadContext) -> Iterator[tuple[Any, int | None]]:
    """Yield ``(value, line)`` for each JSON record in ``path`` (see module docstring)."""
    with open(path, "rb") as fh:
        if _is_document(fh):
            fh.seek(0)
            yield from _whole_document(fh.read(), ctx)
        else:
            fh.seek(0)
            yield from _lines(fh, ctx)


def _is_document(fh) -> bool:
    """True when the file is one multi-line JSON document rather than JSON Lines.

    JSON Lines wins whenever the first or the second non-blank line parses on
    its own, so one broken JSONL line never turns the whole file into a single
    bad document.
    """
    checked = 0
    for raw in fh:
        text = raw.strip()
        if not text:
            continue
        if checked == 0 and text.removeprefix(BOM) in (b"{", b"["):
            return True  # the usual pretty-printed opener
        try:
            orjson.loads(raw.removeprefix(BOM))
            return False
        except orjson.JSONDecodeError:
            checked += 1
            if checked == 2:
                return True
    # zero or one non-blank line: both modes give the same records
    return False


BOM = b"\xef\xbb\xbf"


def _spread(value: Any, line: int | None) -> Iterator[tuple[Any, int | None]]:
    if isinstance(value, list):
        for item in value:
            yield item, line
    else:
        yield value, line


def _lines(fh, ctx: ReadContext) -> Iterator[tuple[Any, int | None]]:
    offset = 0
    for line_no, raw in enumerate(fh, start=1):
        if raw.strip():
            try:
                value = orjson.loads(raw.removeprefix(BOM) if line_no == 1 else raw)
            except orjson.JSONDecodeError as exc:
                ctx.stats.read += 1
                ctx.quarantine(_cause(exc), line=line_no, offset=offset, raw=raw)
            else:
                yield from _spread(value, line_no)
        offset += len(raw)


def _whole_document(data: bytes, ctx: ReadContext) -> Iterator[tuple[Any, int | None]]:
    # Pretty-printed documents (API pages, exports) are bounded in size by their
    # producers, so parsing them whole is acceptable; JSONL is the streaming path.
    try:
        value = orjson.loads(data.removeprefix(BOM))
    except orjson.JSONDecodeError as exc:
        ctx.stats.read += 1
        ctx.quarantine(_cause(exc), line=None, offset=0, raw=data[:1 << 20])
        return
    yield from _spread(value, 1)
