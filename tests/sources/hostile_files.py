"""Hostile input files for the readers (issue 16), written the way an adversary would: real formats, bad shapes.

Used by ``test_hostile_input.py`` and ``bench/hostile_inputs.py``. Every writer
also puts valid posts around the hostile part, so a test can check that they
are not lost with it.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from pathlib import Path

ARCHIVE_HEADER = "window.YTD.tweets.part0 = "


def tweet(tweet_id: str, text: str = "hello from the square") -> dict:
    """An X archive tweet element."""
    return {
        "tweet": {
            "id_str": tweet_id,
            "full_text": text,
            "created_at": "Fri Mar 06 13:02:05 +0000 2026",
            "lang": "en",
            "entities": {},
        }
    }


def tweets_js(elements: list[str]) -> str:
    """A ``tweets.js`` part from raw JSON element texts."""
    return ARCHIVE_HEADER + "[\n" + ",\n".join(elements) + "\n]\n"


def nested_tweets_js(path: Path, depth: int = 100_000) -> Path:
    """Case 2: one element nested ``depth`` deep between two valid tweets."""
    deep = "[" * depth + "]" * depth
    path.write_text(tweets_js([json.dumps(tweet("101")), deep, json.dumps(tweet("102"))]), encoding="utf-8")
    return path


def archive_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _patch_zip(path: Path, *, flag: int | None = None, method: int | None = None) -> None:
    """Set the flag bits or the compression method of every member in both its local and central headers."""
    data = bytearray(path.read_bytes())
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if flag is not None:
                bits = struct.unpack_from("<H", data, start + flag_at)[0]
                struct.pack_into("<H", data, start + flag_at, bits | flag)
            if method is not None:
                struct.pack_into("<H", data, start + method_at, method)
            start += 4
    path.write_bytes(bytes(data))


def _good_archive_members() -> dict[str, bytes]:
    return {"data/tweets.js": tweets_js([json.dumps(tweet("201")), json.dumps(tweet("202"))]).encode()}


def encrypted_zip(path: Path) -> Path:
    """Case 3a: an archive whose members are marked encrypted (zipfile: "password required")."""
    archive_zip(path, _good_archive_members(), zipfile.ZIP_STORED)
    _patch_zip(path, flag=0x1)
    return path


def deflate64_zip(path: Path) -> Path:
    """Case 3b: an archive whose members use Deflate64 (method 9; zipfile: NotImplementedError)."""
    archive_zip(path, _good_archive_members(), zipfile.ZIP_STORED)
    _patch_zip(path, method=9)
    return path


def zip_bomb(path: Path, spaces: int = 1 << 30) -> Path:
    """Case 7: a small zip whose tweets.js inflates to ``spaces`` spaces between two valid tweets."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("data/tweets.js", "w", force_zip64=True) as fh:
            fh.write((ARCHIVE_HEADER + "[" + json.dumps(tweet("301")) + ",").encode())
            block = b" " * (1 << 20)
            for _ in range(spaces // len(block)):
                fh.write(block)
            fh.write((json.dumps(tweet("302")) + "]").encode())
    return path


# ---------------------------------------------------------------- DAG-CBOR and CAR, written by hand


class Link(bytes):
    """A CID link (DAG-CBOR tag 42)."""


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if value < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, value)
    raise ValueError(value)


def cbor(value) -> bytes:
    """Canonical DAG-CBOR for the few types a repository uses."""
    if value is None:
        return b"\xf6"
    if value is True or value is False:
        return b"\xf5" if value else b"\xf4"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, Link):
        payload = b"\x00" + bytes(value)
        return b"\xd8\x2a" + _head(2, len(payload)) + payload
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode()
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor(v) for v in value)
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))
        return _head(5, len(value)) + b"".join(cbor(k) + cbor(value[k]) for k in keys)
    raise TypeError(type(value))


def cid(block: bytes) -> Link:
    """CIDv1, dag-cbor, sha2-256."""
    return Link(b"\x01\x71\x12\x20" + hashlib.sha256(block).digest())


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def write_car(path: Path, root: Link, blocks: list[bytes]) -> Path:
    header = cbor({"roots": [root], "version": 1})
    data = bytearray(_varint(len(header)) + header)
    for block in blocks:
        link = cid(block)
        data += _varint(len(link) + len(block)) + link + block
    path.write_bytes(bytes(data))
    return path


def _post(text: str) -> bytes:
    return cbor({"$type": "app.bsky.feed.post", "text": text, "createdAt": "2026-03-06T13:02:05.000Z"})


def _repo(path: Path, mst_blocks: list[bytes], mst_root: Link, extra: list[bytes]) -> Path:
    commit = cbor({"did": "did:plc:hostile", "data": mst_root, "version": 3, "rev": "1", "prev": None, "sig": b"sig"})
    return write_car(path, cid(commit), [commit, *mst_blocks, *extra])


def nested_block_car(path: Path, depth: int = 100_000) -> Path:
    """Case 4: a valid repository with two posts plus one block that nests ``depth`` arrays."""
    posts = [_post("first post"), _post("second post")]
    node = cbor(
        {
            "l": None,
            "e": [
                {"p": 0, "k": b"app.bsky.feed.post/3aaa", "v": cid(posts[0]), "t": None},
                {"p": 19, "k": b"bbb", "v": cid(posts[1]), "t": None},
            ],
        }
    )
    deep = b"\x81" * depth + b"\xf6"
    return _repo(path, [node], cid(node), [posts[0], deep, posts[1]])


def self_loop_car(path: Path) -> Path:
    """Case 5a: an MST node that is its own left subtree. A CID is a hash, so no honest block can name
    itself, but a CAR frame carries the CID it claims and readers take it at its word."""
    post = _post("only post")
    claimed = cid(b"a node that names itself")
    node = cbor({"l": claimed, "e": [{"p": 0, "k": b"app.bsky.feed.post/3aaa", "v": cid(post), "t": None}]})
    commit = cbor({"did": "did:plc:hostile", "data": claimed, "version": 3, "rev": "1", "prev": None, "sig": b"s"})
    header = cbor({"roots": [cid(commit)], "version": 1})
    data = bytearray(_varint(len(header)) + header)
    for link, block in ((cid(commit), commit), (claimed, node), (cid(post), post)):
        data += _varint(len(link) + len(block)) + link + block
    path.write_bytes(bytes(data))
    return path


def shared_subtree_car(path: Path, levels: int = 60) -> Path:
    """Case 5b: each level links the same subtree twice (left and right of one entry): 2^levels paths."""
    post = _post("shared post")
    node = cbor({"l": None, "e": [{"p": 0, "k": b"app.bsky.feed.post/3aaa", "v": cid(post), "t": None}]})
    nodes = [node]
    for level in range(levels):
        child = cid(nodes[-1])
        nodes.append(
            cbor(
                {
                    "l": child,
                    "e": [{"p": 0, "k": f"app.bsky.feed.post/3l{level:03d}".encode(), "v": cid(post), "t": child}],
                }
            )
        )
    return _repo(path, nodes, cid(nodes[-1]), [post])


def good_jsonl(path: Path, count: int = 3) -> Path:
    """A plain X API v2 JSONL file with ``count`` public tweets (ids 9001...)."""
    lines = [
        json.dumps(
            {
                "id": str(9001 + i),
                "text": f"a good post number {i} about the weather",
                "author_id": "42",
                "created_at": "2026-03-06T13:02:05.000Z",
                "lang": "en",
            }
        )
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
