"""Bluesky repository export (``.car``) -> Post batches (FORMAT ``bluesky-car``).

The file a user gets from "Export my data" (``com.atproto.sync.getRepo``) is a
CARv1: a signed commit block (``did``, ``rev``, ``data`` -> the root of the
repository's Merkle Search Tree) plus the MST nodes and the records. Blocks
are decoded with ``libipld`` (the DAG-CBOR/CAR codec the ``atproto`` SDK uses).

We walk the MST in key order, so every record gets its real key
``<collection>/<rkey>`` and therefore a stable id
(``at://<did>/app.bsky.feed.post/<rkey>``); stray blocks that the tree does
not reference (a CAR may carry them) are ignored, as the protocol does.
``app.bsky.feed.post`` records become posts (mapped like Jetstream events,
see ``bluesky_jetstream.post_row``); every other record is ``skipped``.

A file that is not a decodable CAR, or has no commit, is one quarantined
record; a post whose block is missing or malformed is one quarantined record.
The CAR is decoded whole: it holds one account's repository. When that fails,
the blocks are decoded one by one (``salvage_car``): a block that does not
decode, or the point where the file is cut, is one quarantined record, and
every post whose blocks survive is still read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libipld
import pyarrow as pa

from townsquare.post import PostBuilder
from townsquare.sources.base import ReadContext
from townsquare.sources.bluesky_jetstream import POST_COLLECTION, post_row

FORMAT = "bluesky-car"
_MAX_DEPTH = 128  # an MST is a few levels deep; deeper means a cycle or garbage


def sniff(path: Path, head: bytes) -> bool:
    """A CARv1 header: a varint length, then a DAG-CBOR map with ``roots`` and ``version``."""
    if path.suffix.lower() == ".car":
        return True
    return len(head) > 12 and head[0] < 0x80 and b"roots" in head[:64] and b"version" in head[:64]


def cid_text(cid: Any) -> str | None:
    """A binary CID (as libipld decodes links) -> its base32 string form (``bafy...``)."""
    if isinstance(cid, str):
        return cid
    if isinstance(cid, (bytes, bytearray)):
        try:
            return libipld.encode_cid(bytes(cid))
        except (ValueError, TypeError):  # libipld reports a malformed CID as ValueError
            return None
    return None


def walk_mst(blocks: dict[bytes, Any], root: bytes) -> Iterator[tuple[str, bytes | None]]:
    """Yield ``(key, record_cid)`` in key order; a missing node yields ``(problem, None)``.

    Node layout (atproto repo spec): ``{"l": left subtree | null, "e": [{"p":
    shared prefix length with the previous key, "k": key suffix, "v": record
    CID, "t": right subtree | null}]}``.
    """
    yield from _walk_node(blocks, root, 0)


def _walk_node(blocks: dict[bytes, Any], cid: Any, depth: int) -> Iterator[tuple[str, bytes | None]]:
    if depth > _MAX_DEPTH:
        yield "MST deeper than 128 levels", None
        return
    node = blocks.get(cid) if isinstance(cid, (bytes, bytearray)) else None
    if not isinstance(node, dict) or not isinstance(node.get("e"), list):
        yield f"MST node {cid_text(cid)} missing or malformed", None
        return
    if node.get("l") is not None:
        yield from _walk_node(blocks, node["l"], depth + 1)
    previous = b""
    for entry in node["e"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("k"), bytes) \
                or not isinstance(entry.get("p"), int):
            yield "MST entry malformed", None
            continue
        key = previous[: entry["p"]] + entry["k"]
        previous = key
        yield key.decode("utf-8", "replace"), entry.get("v")
        if entry.get("t") is not None:
            yield from _walk_node(blocks, entry["t"], depth + 1)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """An unsigned LEB128 varint at ``pos`` -> (value, position after it); ValueError past the end."""
    value = shift = 0
    while shift < 64:
        if pos >= len(data):
            raise ValueError("varint runs past the end")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
    raise ValueError("varint too long")


def _cid_length(block: bytes) -> int:
    """Length of the binary CIDv1 at the start of a block: version, codec, then a multihash."""
    version, pos = _varint(block, 0)
    if version != 1:
        raise ValueError(f"CID version {version}")
    _codec, pos = _varint(block, pos)
    _hash, pos = _varint(block, pos)
    digest, pos = _varint(block, pos)
    if pos + digest > len(block):
        raise ValueError("CID runs past its block")
    return pos + digest


def salvage_car(data: bytes) -> tuple[Any, dict[bytes, Any], list[tuple[int, str]]]:
    """Decode a damaged CARv1 block by block: ``(header or None, blocks, [(offset, problem)])``.

    Each block is framed by its length, so a block whose content does not decode is
    skipped alone and the ones after it are still read; a broken frame (a length
    past the end, a truncated file) ends the walk there. Records in lost blocks are
    then reported by the MST walk as missing.
    """
    damage: list[tuple[int, str]] = []
    blocks: dict[bytes, Any] = {}
    try:
        size, pos = _varint(data, 0)
        header = libipld.decode_dag_cbor(data[pos:pos + size])
        pos += size
    except (ValueError, TypeError, OverflowError):
        return None, blocks, damage
    while pos < len(data):
        start = pos
        try:
            size, pos = _varint(data, pos)
            if size == 0 or pos + size > len(data):
                raise ValueError("block length runs past the end of the file")
            block = data[pos:pos + size]
            cid_end = _cid_length(block)
        except ValueError as exc:
            damage.append((start, f"CAR truncated or corrupt at byte {start} ({exc}); the blocks after it are lost"))
            break
        pos += size
        try:
            blocks[block[:cid_end]] = libipld.decode_dag_cbor(block[cid_end:])
        except (ValueError, TypeError, OverflowError) as exc:
            damage.append((start, f"CAR block at byte {start} does not decode ({str(exc)[:120]}); skipped"))
    return header, blocks, damage


def _commit(header: Any, blocks: dict[bytes, Any]) -> dict | None:
    roots = header.get("roots") if isinstance(header, dict) else None
    if not isinstance(roots, list) or not roots:
        return None
    commit = blocks.get(roots[0]) if isinstance(roots[0], (bytes, bytearray)) else None
    if isinstance(commit, dict) and isinstance(commit.get("did"), str) and commit.get("data") is not None:
        return commit
    return None


def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]:
    """Stream Post batches from a repository CAR file."""
    data = path.read_bytes()
    try:
        header, blocks = libipld.decode_car(data)
    except (ValueError, TypeError, OverflowError) as exc:  # libipld reports every malformed CAR as ValueError
        # one bad block must not cost the whole repository: read the blocks one by one
        header, blocks, damage = salvage_car(data)
        if header is None:
            ctx.stats.read += 1
            ctx.quarantine(f"not a readable CAR file: {str(exc)[:200]}", offset=0, raw=data[:1 << 20])
            return
        for offset, problem in damage:
            ctx.stats.read += 1
            ctx.quarantine(problem, offset=offset)
    commit = _commit(header, blocks)
    if commit is None:
        ctx.stats.read += 1
        ctx.quarantine("CAR file without a repository commit (roots[0] is not a commit)", offset=0)
        return
    did = commit["did"]
    builder: PostBuilder = ctx.builder()
    for key, record_cid in walk_mst(blocks, commit["data"]):
        if record_cid is None:
            ctx.stats.read += 1
            ctx.quarantine(key)
            continue
        collection, _, rkey = key.partition("/")
        if collection != POST_COLLECTION:
            ctx.stats.skipped += 1
            continue
        ctx.stats.read += 1
        record = blocks.get(record_cid) if isinstance(record_cid, (bytes, bytearray)) else None
        if not isinstance(record, dict):
            ctx.quarantine(f"record block of {key} missing from the CAR")
            continue
        try:
            row = post_row(did, rkey, record, cid_text)
        except (TypeError, ValueError, AttributeError) as exc:
            ctx.quarantine(f"bad post record {key}: {exc}")
            continue
        if builder.add(**row):
            yield builder.flush()
    batch = builder.flush()
    if batch is not None:
        yield batch
