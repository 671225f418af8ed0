"""Limits on hostile input, in one place: every reader, the folder walk and the query parser use them.

A file that breaks a limit is not an error of the run: the record (or member,
or file) that broke it is one quarantine record whose cause names the limit,
e.g. ``nested deeper than 100 (limit max_depth)``, and the run goes on. Each
limit has a default chosen so that real exports never reach it, and can be
changed with ``--limit NAME=VALUE`` on ``ingest`` and ``build`` (sizes take
``K``/``M``/``G`` suffixes: ``--limit max_member_bytes=4G``).

==================  ===========  ======================================================
name                default      what it bounds
==================  ===========  ======================================================
max_depth           100          nesting of one X archive element (orjson stops JSON at 1024
                                 levels and libipld DAG-CBOR at its own depth: quarantined alike)
max_element_bytes   16M          one JSON element, JSON Lines line or CAR block
max_document_bytes  512M         a JSON file parsed whole, a CAR file
max_member_bytes    1G           one archive (.zip) member once decompressed
max_ratio           100          decompressed / compressed size of one archive member
max_archive_bytes   4G           all members of one archive, decompressed
max_mst_depth       128          levels of a Bluesky repository's MST
max_car_nodes       1000000      MST nodes visited in one CAR (each node at most once)
max_files           1000000      files found by walking the input folders
max_total_bytes     4T           bytes of all input files together
max_query_length    512          characters of a search query (API and web page)
max_query_depth     32           nested parentheses in a search query
==================  ===========  ======================================================
"""

from __future__ import annotations

import lzma
import re
import zlib
from dataclasses import asdict, dataclass, fields, replace

from townsquare.errors import ConfigError

__all__ = [
    "Limits",
    "LimitExceeded",
    "DEFAULT_LIMITS",
    "DECODER_ERRORS",
    "parse_limits",
    "json_depth",
    "bracket_count",
    "too_deep",
    "json_end",
]


MAX_QUERY_DEPTH = 100
"""The most nested parentheses any setting allows: about 5 Python frames per level stay far below the stack limit."""


@dataclass(frozen=True)
class Limits:
    """The limits one run applies (see the module docstring for each)."""

    max_depth: int = 100
    max_element_bytes: int = 16 << 20
    max_document_bytes: int = 512 << 20
    max_member_bytes: int = 1 << 30
    max_ratio: int = 100
    max_archive_bytes: int = 4 << 30
    max_mst_depth: int = 128
    max_car_nodes: int = 1_000_000
    max_files: int = 1_000_000
    max_total_bytes: int = 4 << 40
    max_query_length: int = 512
    max_query_depth: int = 32

    def __post_init__(self) -> None:
        if self.max_query_depth > MAX_QUERY_DEPTH:  # the parser and the index's query compiler recurse per level
            raise ConfigError(f"max_query_depth is at most {MAX_QUERY_DEPTH}, got {self.max_query_depth}")

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def cause(self, name: str, what: str) -> str:
        """``"<what> (limit <name> = <value>)"``: the quarantine cause for a broken limit."""
        return f"{what} (limit {name} = {getattr(self, name)})"


DEFAULT_LIMITS = Limits()

_SIZE = re.compile(r"^\s*(\d+)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_limits(items: list[str] | tuple[str, ...] | None, base: Limits = DEFAULT_LIMITS) -> Limits:
    """``["max_depth=50", "max_member_bytes=2G"]`` -> Limits; a bad name or value is a ConfigError."""
    names = [f.name for f in fields(Limits)]
    changes: dict[str, int] = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in names:
            raise ConfigError(f"--limit {item!r}: expected NAME=VALUE with NAME one of {', '.join(names)}")
        match = _SIZE.match(value)
        if match is None or int(match.group(1)) < 1:
            raise ConfigError(
                f"--limit {name}={value}: the value must be a positive whole number (sizes may end in K, M, G or T)"
            )
        changes[name] = int(match.group(1)) * _UNITS[match.group(2).lower()]
    return replace(base, **changes)


class LimitExceeded(Exception):
    """Raised inside a reader when input breaks a limit; the reader quarantines it with ``str(exc)``."""


DECODER_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    TypeError,
    OverflowError,
    KeyError,
    IndexError,
    AttributeError,
    RecursionError,
    RuntimeError,
    NotImplementedError,
    MemoryError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    LimitExceeded,
)
"""What a decoder (json, zipfile, zlib, lzma, libipld) raises on hostile bytes: quarantined, never fatal.
``RuntimeError`` covers zipfile's "password required"; ``NotImplementedError`` its Deflate64; ``LZMAError`` a
zip member "compressed" with LZMA and invalid options."""


_STRUCTURE = re.compile(r'[\[\]{}"]')
_STRING_END = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)


def _brackets(text: str, pos: int = 0):
    """``(depth after it, offset after it)`` for each bracket from ``pos`` on, strings skipped, no recursion;
    a final ``(None, offset)`` when a string is cut off by the end of ``text``."""
    depth = 0
    search = _STRUCTURE.search
    while (match := search(text, pos)) is not None:
        pos = match.end()
        if match.group() == '"':
            end = _STRING_END.match(text, pos)
            if end is None:
                yield None, pos
                return
            pos = end.end()
            continue
        depth += 1 if match.group() in "[{" else -1
        yield depth, pos


def json_depth(text: str | bytes, stop_after: int | None = None) -> int:
    """The nesting depth of JSON text, found without recursion (strings are skipped).

    Stops early once ``stop_after`` is passed. Cheap when ``text`` holds few
    brackets, and ``bracket_count(text) <= limit`` already proves the depth is
    within the limit, so callers only run it on suspicious text.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    deepest = 0
    for depth, _ in _brackets(text):
        if depth is not None and depth > deepest:
            deepest = depth
            if stop_after is not None and deepest > stop_after:
                break
    return deepest


def json_end(text: str, pos: int) -> int | None:
    """End offset of the JSON array or object that opens at ``text[pos]``, found without recursion;
    None when ``text`` ends first (the caller reads more and asks again)."""
    for depth, end in _brackets(text, pos):
        if depth is None:
            return None
        if depth <= 0:
            return end
    return None


def bracket_count(text: str | bytes) -> int:
    """Opening brackets in ``text``: an upper bound on its nesting depth, counted at C speed."""
    if isinstance(text, bytes):
        return text.count(b"[") + text.count(b"{")
    return text.count("[") + text.count("{")


def too_deep(text: str | bytes, limits: Limits) -> str | None:
    """The quarantine cause when JSON ``text`` nests deeper than ``max_depth``, else None."""
    if bracket_count(text) <= limits.max_depth:
        return None
    depth = json_depth(text, stop_after=limits.max_depth)
    if depth <= limits.max_depth:
        return None
    return limits.cause("max_depth", f"nested deeper than {limits.max_depth} levels")
