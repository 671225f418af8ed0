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
see ``bluesky_jetstream.post_row``); every other record is ``skipped``. A
profile whose self-labels hold ``!no-unauthenticated`` (the account asks not
to be shown to logged-out viewers) is a ``user_noindex`` consent event.

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

from townsquare.limits import DEFAULT_LIMITS, Limits
from townsquare.post import PostBuilder
from townsquare.sources.base import ReadContext
from townsquare.sources.bluesky_jetstream import POST_COLLECTION, PROFILE_COLLECTION, hidden_from_logged_out, post_row

FORMAT = "bluesky-car"
_DECODE_ERRORS = (ValueError, TypeError, OverflowError, RecursionError, MemoryError)
"""What libipld raises on hostile bytes (a block nested 100,000 deep is a RecursionError)."""


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


def walk_mst(
    blocks: dict[bytes, Any], root: bytes, limits: Limits = DEFAULT_LIMITS
) -> Iterator[tuple[str, bytes | None]]:
    """Yield ``(key, record_cid)`` in key order; a missing node yields ``(problem, None)``.

    Node layout (atproto repo spec): ``{"l": left subtree | null, "e": [{"p":
    shared prefix length with the previous key, "k": key suffix, "v": record
    CID, "t": right subtree | null}]}``.

    The walk is iterative and visits each node at most once, so a node that
    points back to itself (a cycle) or a subtree referenced twice (2^n paths in
    n levels) costs one problem each, not a loop. Depth is bounded by
    ``limits.max_mst_depth``, nodes by ``limits.max_car_nodes``.
    """
    visited: set[bytes] = set()
    stack: list[tuple[bool, Any, int]] = [(True, root, 0)]  # (is a subtree, cid or (key, value), depth)
    while stack:
        is_node, item, depth = stack.pop()
        if not is_node:
            yield item
            continue
        cid = bytes(item) if isinstance(item, (bytes, bytearray)) else None
        if depth > limits.max_mst_depth:
            yield (
                limits.cause(
                    "max_mst_depth",
                    f"MST node {cid_text(cid)} deeper than {limits.max_mst_depth} levels; its subtree is skipped",
                ),
                None,
            )
            continue
        if cid is not None and cid in visited:
            yield f"MST node {cid_text(cid)} referenced again (a cycle or a shared subtree); skipped", None
            continue
        if len(visited) >= limits.max_car_nodes:
            yield (
                limits.cause(
                    "max_car_nodes",
                    f"MST has more than {limits.max_car_nodes:,} nodes; the rest of the tree is skipped",
                ),
                None,
            )
            return
        node = blocks.get(cid) if cid is not None else None
        if not isinstance(node, dict) or not isinstance(node.get("e"), list):
            yield f"MST node {cid_text(cid)} missing or malformed", None
            continue
        visited.add(cid)
        pending: list[tuple[bool, Any, int]] = []  # in key order; pushed reversed
        if node.get("l") is not None:
            pending.append((True, node["l"], depth + 1))
        previous = b""
        for entry in node["e"]:
            if (
                not isinstance(entry, dict)
                or not isinstance(entry.get("k"), bytes)
                or not isinstance(entry.get("p"), int)
                or entry["p"] < 0
            ):
                pending.append((False, ("MST entry malformed", None), depth))
                continue
            key = previous[: entry["p"]] + entry["k"]
            previous = key
            pending.append((False, (key.decode("utf-8", "replace"), entry.get("v")), depth))
            if entry.get("t") is not None:
                pending.append((True, entry["t"], depth + 1))
        stack.extend(reversed(pending))


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
        header = libipld.decode_dag_cbor(data[pos : pos + size])
        pos += size
    except _DECODE_ERRORS:
        return None, blocks, damage
    while pos < len(data):
        start = pos
        try:
            size, pos = _varint(data, pos)
            if size == 0 or pos + size > len(data):
                raise ValueError("block length runs past the end of the file")
            block = data[pos : pos + size]
            cid_end = _cid_length(block)
        except ValueError as exc:
            damage.append((start, f"CAR truncated or corrupt at byte {start} ({exc}); the blocks after it are lost"))
            break
        pos += size
        try:
            blocks[block[:cid_end]] = libipld.decode_dag_cbor(block[cid_end:])
        except _DECODE_ERRORS as exc:  # a block nested past libipld's depth limit is a RecursionError
            cause = str(exc)[:120]
            cause = cause if cause.startswith(type(exc).__name__) else f"{type(exc).__name__}: {cause}"
            damage.append((start, f"CAR block at byte {start} does not decode ({cause}); skipped"))
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
    limits = ctx.limits
    size = path.stat().st_size
    if size > limits.max_document_bytes:  # decoded whole: its size bounds the memory it takes
        ctx.stats.read += 1
        ctx.quarantine(limits.cause("max_document_bytes", f"CAR file of {size:,} bytes; not read"), offset=0)
        return
    data = path.read_bytes()
    try:
        header, blocks = libipld.decode_car(data)
    except _DECODE_ERRORS as exc:  # every malformed CAR is a ValueError; a block nested too deep a RecursionError
        # one bad block must not cost the whole repository: read the blocks one by one
        header, blocks, damage = salvage_car(data)
        if header is None:
            ctx.stats.read += 1
            ctx.quarantine(f"not a readable CAR file: {str(exc)[:200]}", offset=0, raw=data[: 1 << 20])
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
    for key, record_cid in walk_mst(blocks, commit["data"], limits):
        if record_cid is None:
            ctx.stats.read += 1
            ctx.quarantine(key)
            continue
        collection, _, rkey = key.partition("/")
        if collection != POST_COLLECTION:
            ctx.stats.skipped += 1
            if collection == PROFILE_COLLECTION and isinstance(record_cid, (bytes, bytearray)):
                if hidden_from_logged_out(blocks.get(record_cid)):
                    ctx.event("user_noindex", "bluesky", author_id=did)
            continue
        ctx.stats.read += 1
        record = blocks.get(record_cid) if isinstance(record_cid, (bytes, bytearray)) else None
        if not isinstance(record, dict):
            ctx.quarantine(f"record block of {key} missing from the CAR")
            continue
        try:
            row = post_row(did, rkey, record, cid_text)
        except (TypeError, ValueError, AttributeError, KeyError, OverflowError, RecursionError) as exc:
            ctx.quarantine(f"bad post record {key}: {exc}")
            continue
        if builder.add(**row):
            yield builder.flush()
    batch = builder.flush()
    if batch is not None:
        yield batch
