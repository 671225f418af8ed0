"""Plain text, one post per line -> Post batches (FORMAT ``text``).

Plain text has no metadata, so: ``platform`` is ``text``, ``visibility`` is
``public`` (passing a file here asserts its lines are public posts),
``created_at`` and author are null, and ``id`` is
``<file stem>-<line number>-<8 hex of the line's hash>`` (stable across runs,
and it changes when the line's content changes). Hashtags, @mentions and
URLs are picked out of the text. Blank lines are ``skipped``; a line that is
not UTF-8 or longer than 1 MiB (no post is; it is a broken or binary file)
is quarantined with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import xxhash

from townsquare.sources.base import ReadContext

FORMAT = "text"
MAX_LINE_BYTES = 1 << 20
_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
_MENTION = re.compile(r"(?<![\w@])@(\w{1,64}(?:@[\w.-]+\.\w+)?)")
_URL = re.compile(r"https?://[^\s<>\"']+")


def sniff(path: Path, head: bytes) -> bool:
    """A .txt file without NUL bytes (undecodable lines are quarantined one by one)."""
    return path.suffix.lower() == ".txt" and b"\x00" not in head


def entities(text: str) -> tuple[list[str], list[str], list[str]]:
    """(hashtags, mentions, urls) written in a post's text."""
    urls = [u.rstrip(".,;:!?)") for u in _URL.findall(text)]
    return _HASHTAG.findall(text), _MENTION.findall(text), urls


def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]:
    """Stream Post batches from a text file, one post per non-blank line."""
    builder = ctx.builder()
    stem = path.stem
    offset = 0
    with open(path, "rb") as fh:
        line_no = 0
        while raw := fh.readline(MAX_LINE_BYTES + 1):  # bounded: a file may be one endless line
            line_no += 1
            here, offset = offset, offset + len(raw)
            if len(raw) > MAX_LINE_BYTES:
                head = raw  # identifies the line by the hash of its first bytes
                while raw and not raw.endswith(b"\n"):  # the rest of the long line, a chunk at a time
                    raw = fh.readline(1 << 20)
                    offset += len(raw)
                ctx.stats.read += 1
                ctx.quarantine(
                    f"line of {offset - here:,} bytes is longer than {MAX_LINE_BYTES:,}",
                    line=line_no,
                    offset=here,
                    raw=head,
                )
                continue
            if not raw.strip():
                ctx.stats.skipped += 1
                continue
            ctx.stats.read += 1
            try:
                text = raw.decode("utf-8").strip()
            except UnicodeDecodeError as exc:
                ctx.quarantine(f"line is not valid UTF-8 (byte {exc.start})", line=line_no, offset=here, raw=raw)
                continue
            hashtags, mentions, urls = entities(text)
            post_id = f"{stem}-{line_no}-{xxhash.xxh64_hexdigest(raw.strip())[:8]}"
            if builder.add(
                id=post_id,
                platform="text",
                text=text,
                visibility="public",
                hashtags=hashtags,
                mentions=mentions,
                urls=urls,
            ):
                yield builder.flush()
    batch = builder.flush()
    if batch is not None:
        yield batch
