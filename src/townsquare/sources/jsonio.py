"""Streaming JSON input shared by the JSON readers: JSONL, one document, or an array.

``iter_json(path, ctx)`` yields ``(record, line)`` pairs. A file whose first
non-blank line is a complete JSON value, or whose broken first lines are
followed by lines that are, is read as JSON Lines, one line at a time, so
memory stays flat however long the file is. Otherwise the file is one
(pretty-printed) JSON document: it is parsed whole, and a top-level array
yields its items. A UTF-8 byte order mark is ignored. Lines or documents that
do not parse are counted as read and quarantined here, so callers only see
parsed values.
"""

from __future__ import annotations

import json
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


def loads(data: bytes | memoryview) -> Any:
    """``orjson.loads``, except that a lone UTF-16 surrogate escape (``"\\ud83d"``: a truncated emoji, valid JSON
    by RFC 8259's grammar, which X exports carry) does not fail the whole value: the value is parsed again by
    the standard library, which keeps the surrogate in the string, so the reader quarantines or repairs only
    the record that holds it and the valid records around it are read. Raises ``orjson.JSONDecodeError``."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if "surrogate" not in str(exc):
            raise
        try:
            return json.loads(bytes(data))
        except (ValueError, RecursionError):
            raise exc from None


def _cause(exc: Exception) -> str:
    # orjson messages carry position info; keep the first line only
    return f"invalid JSON: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"


def iter_json(path: Path, ctx: ReadContext) -> Iterator[tuple[Any, int | None]]:
    """Yield ``(value, line)`` for each JSON record in ``path`` (see module docstring).

    Limits (``ctx.limits``): a line longer than ``max_element_bytes`` and a
    document larger than ``max_document_bytes`` are one quarantined record each,
    never read into memory whole; nesting is bounded by orjson's own limit (1024
    levels: such a value is quarantined as invalid JSON).
    """
    limits = ctx.limits
    with open(path, "rb") as fh:
        document = _sniff_document(fh, limits.max_element_bytes)
        fh.seek(0)
        if document is _LINES:
            yield from _lines(fh, ctx)
        elif document is _UNPARSED:
            size = fh.seek(0, 2)
            fh.seek(0)
            if size > limits.max_document_bytes:
                ctx.stats.read += 1
                ctx.quarantine(
                    limits.cause(
                        "max_document_bytes",
                        f"one JSON document of {size:,} bytes (JSON Lines are read a line at a time); not read",
                    ),
                    offset=0,
                )
                return
            yield from _whole_document(fh.read(), ctx)
        else:
            yield from _spread(document, 1)


_LINES = object()  # the file is JSON Lines
_UNPARSED = object()  # the file is one document, not parsed yet (or not parseable)
DOCUMENT_LIMIT = 64 << 20
"""Largest file that is parsed whole just to decide between a document and JSON Lines."""
SCAN_LINES = 1000


def _sniff_document(fh, max_line: int = 16 << 20) -> Any:
    """``_LINES``, ``_UNPARSED`` (one document) or the already parsed document.

    The first non-blank line decides the clear cases: a lone ``{``/``[`` opens a
    pretty-printed document; a line that parses on its own starts JSON Lines.
    A first line that does neither is either a document that opens on the same
    line (``{"data": [``) or JSON Lines whose first lines are broken. A file
    that parses whole is the former; otherwise any line of the head that parses
    on its own as an object or array makes it JSON Lines, so broken lines cost
    themselves and not the valid records after them.
    """
    first = None
    while raw := fh.readline(max_line + 1):  # bounded: a file may be one endless line
        if raw.strip():
            first = raw.removeprefix(BOM).strip()
            break
    if first is None:
        return _LINES  # blank or empty: both modes give no records
    if first in (b"{", b"["):
        return _UNPARSED  # the usual pretty-printed opener
    if _parses(first):
        return _LINES
    fh.seek(0, 2)
    if fh.tell() <= DOCUMENT_LIMIT:
        fh.seek(0)
        try:
            return orjson.loads(fh.read().removeprefix(BOM))
        except orjson.JSONDecodeError:
            pass
    fh.seek(0)
    for _ in range(SCAN_LINES):
        raw = fh.readline(max_line + 1)
        if not raw:
            break
        text = raw.strip()
        if text[:1] in (b"{", b"[") and _parses(text, containers_only=True):
            return _LINES
    return _UNPARSED


def is_document(fh) -> bool:
    """True when the open binary file is one JSON document rather than JSON Lines (see
    ``_sniff_document``); for readers with their own parsing loop. Leaves ``fh`` at its start."""
    try:
        return _sniff_document(fh) is not _LINES
    finally:
        fh.seek(0)


def _parses(text: bytes, containers_only: bool = False) -> bool:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return False
    return not containers_only or isinstance(value, (dict, list))


BOM = b"\xef\xbb\xbf"


def _spread(value: Any, line: int | None) -> Iterator[tuple[Any, int | None]]:
    if isinstance(value, list):
        for item in value:
            yield item, line
    else:
        yield value, line


def _lines(fh, ctx: ReadContext) -> Iterator[tuple[Any, int | None]]:
    limit = ctx.limits.max_element_bytes
    offset = line_no = 0
    while raw := fh.readline(limit + 1):  # bounded: one line never costs more than the limit
        line_no += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            start = offset
            while raw and not raw.endswith(b"\n"):  # skip the rest of the long line a chunk at a time
                offset += len(raw)
                raw = fh.readline(1 << 20)
            offset += len(raw)
            ctx.stats.read += 1
            ctx.quarantine(
                ctx.limits.cause("max_element_bytes", f"line of {offset - start:,} bytes"), line=line_no, offset=start
            )
            continue
        if raw.strip():
            try:
                value = loads(raw.removeprefix(BOM) if line_no == 1 else raw)
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
        value = loads(data.removeprefix(BOM))
    except orjson.JSONDecodeError as exc:
        ctx.stats.read += 1
        ctx.quarantine(_cause(exc), line=None, offset=0, raw=data[: 1 << 20])
        return
    yield from _spread(value, 1)
