"""X (Twitter) account archive -> Post batches.

Accepts a part file (``tweets.js``, ``tweet.js``, ``tweets-part1.js``,
``deleted-tweets.js``: ``window.YTD.tweets.part0 = [...]``), the unzipped
archive folder (``data/tweets.js`` or ``tweets.js``, recognised by its files' contents, not their
names: see ``data_dir``), or the ``.zip`` itself.

* Every tweet in ``tweets*.js`` is the owner's own post. Its visibility is
  ``public`` unless the account is protected (latest ``protected-history.js``
  action is "Protect").
* The owner's handle and id come from ``account.js``, else from the archive's
  ``README.txt`` header; without either, links use ``https://x.com/i/status/<id>``.
* Tweets in ``deleted-tweets*.js`` become tombstones (``deleted=True``, no text).
* Edits: the archive holds every version; only the latest (last id of
  ``editTweetIds``) is a post, older versions are counted as skipped.
* A part listed in ``data/manifest.js`` but absent, a gap in the part numbers,
  or a part that is truncated or not UTF-8 is quarantined with the cause; the
  other parts are still read.
* Retweets: an archive holds them as the owner's tweets with the original's
  text (``RT @bob: ...``) and, unlike the API, usually no ``retweeted_status``.
  ``repost_of`` is, in order: ``retweeted_status.id_str``; the
  ``source_status_id_str`` of media copied from bob's tweet (media whose
  ``source_user_id_str`` is bob's id in ``user_mentions``); else
  ``x_api.unseen_original(id)``, a placeholder no real id equals. Either way
  the build drops the retweet, never keeping bob's text under the owner's name.

Parts are decoded one array element at a time, so memory stays flat however
large a part is.
"""

from __future__ import annotations

import codecs
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import orjson
import pyarrow as pa

from townsquare.errors import InputError
from townsquare.limits import DECODER_ERRORS, DEFAULT_LIMITS, LimitExceeded, Limits, json_end, too_deep
from townsquare.post import PostRow, row_problem, to_utc
from townsquare.sources.base import ReadContext, decode_entities
from townsquare.sources.x_api import (
    RowBuffer,
    retweet_handle,
    tombstone,
    unseen_original,
    x_uri,
)

FORMAT = "x-archive"

_HEADER = re.compile(r"\s*window\.YTD\.(\w+)\.part(\d+)\s*=\s*")
_TWEET_PART = re.compile(r"^(tweets?|deleted-tweets?)(?:-part(\d+))?\.js$")
_HEAD_NAMES = (b"window.YTD.tweets.", b"window.YTD.tweet.", b"window.YTD.deleted_tweets.")
_CHUNK = 1 << 20


def sniff(path: Path, head: bytes) -> bool:
    """An archive folder, an archive .zip, or a tweets part file."""
    if path.is_dir():
        return data_dir(path) is not None
    if head.startswith(b"PK") and path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                return any(_TWEET_PART.match(name.rsplit("/", 1)[-1]) for name in zf.namelist())
        except (zipfile.BadZipFile, OSError, *DECODER_ERRORS):  # a hostile central directory
            return False
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(_HEAD_NAMES)


def refuse(path: Path, head: bytes) -> str | None:
    """Why a ``.js`` file that ``sniff`` turned down is not an archive part (None for other files)."""
    if path.suffix.lower() != ".js" or path.is_dir():
        return None
    header = _HEADER.match(head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace"))
    if header:  # account.js, like.js... found outside their archive folder
        return f"an X archive {header.group(1)} file, not a tweets part: it holds no posts"
    return "not an X archive part: it does not start with `window.YTD.<name>.partN = [`"


def check(path: Path, ctx: ReadContext) -> None:
    """A file named with ``--format x-archive`` that is an archive's other part (like.js, direct-messages.js,
    account.js) or no part at all is one error line before anything is written, as it is without ``--format``
    (it built an empty corpus and exited 0)."""
    from townsquare.sources import HEAD_BYTES  # the head detect_format sniffs: the same reading with --format

    if path.is_dir() or path.suffix.lower() == ".zip":
        return
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not sniff(path, head) and (why := refuse(path, head) or "not an X archive part or folder"):
        raise InputError(f"{path}: {why}", line=1)


# What an archive's own files start with: ``window.YTD.<name>.partN = [`` (tweets.js, account.js...) and
# ``window.__THAR_CONFIG = {`` (manifest.js).
_ARCHIVE_HEADS = (b"window.YTD.", b"window.__THAR_CONFIG")
_ARCHIVE_FILES = ("tweets.js", "tweet.js", "account.js", "manifest.js")


def _archive_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_ARCHIVE_HEADS)


def data_dir(root: Path) -> Path | None:
    """The data folder of an unzipped X archive at ``root`` (``root/data`` or ``root``), or None.

    A folder is an archive when it holds ``tweets.js`` (or ``tweet.js``) and one of its archive files
    starts as X writes them; a ``tweets.js`` that is something else (a web project's script) does not
    make its folder one unit, which would hide the folder's other files from the walk.
    """
    for candidate in (root / "data", root):
        if (candidate / "tweets.js").is_file() or (candidate / "tweet.js").is_file():
            if any(_archive_file(candidate / name) for name in _ARCHIVE_FILES):
                return candidate
    return None


# --------------------------------------------------------------------------- archive access


class _Archive:
    """Uniform access to a folder or a zip: names relative to the data folder, ``open``."""

    def __init__(self, files: dict[str, Any], opener, label: str) -> None:
        self.files = files  # name -> handle for ``opener``
        self._open = opener
        self.label = label

    def open(self, name: str) -> IO[bytes]:
        return self._open(self.files[name])

    def has(self, name: str) -> bool:
        return name in self.files


def _folder_archive(data_dir: Path, only: Path | None = None) -> _Archive:
    files = {}
    for folder in (data_dir, data_dir.parent):
        if folder.is_dir():
            for child in folder.iterdir():
                if child.is_file():
                    files.setdefault(child.name, child)
    if only is not None:  # a single part file: its siblings give account info, not more tweets
        files = {name: p for name, p in files.items() if p == only or not _TWEET_PART.match(name)}
    return _Archive(files, lambda p: open(p, "rb"), str(data_dir))


class _LimitedMember:
    """A zip member's stream that stops (``LimitExceeded``) past the decompressed-size and ratio limits.

    The bytes actually inflated are counted as they come (a header may lie), so a
    zip bomb costs at most the limits, and the posts before the point where it
    breaks one are still read.
    """

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, totals: list[int]) -> None:
        self.name, self.limits, self.totals = info.filename, limits, totals
        self.ratio_cap = max(info.compress_size, 1) * limits.max_ratio
        self.raw = zf.open(info)
        self.size = 0

    def _check(self, size: int) -> None:
        limits, what = self.limits, "inflates to"
        if size > limits.max_member_bytes:
            raise LimitExceeded(
                limits.cause("max_member_bytes", f"member {what} more than {limits.max_member_bytes:,} bytes")
            )
        if size > self.ratio_cap and size > _CHUNK:  # tiny members may compress well: no ratio below 1 MiB
            raise LimitExceeded(
                limits.cause(
                    "max_ratio", f"member {what} more than {limits.max_ratio}x its compressed size (a zip bomb?)"
                )
            )
        if self.totals[0] + size > limits.max_archive_bytes:
            raise LimitExceeded(
                limits.cause(
                    "max_archive_bytes",
                    f"the archive's members inflate to more than {limits.max_archive_bytes:,} bytes together",
                )
            )

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n if n >= 0 else self.limits.max_member_bytes + 1)
        self.size += len(data)
        self._check(self.size)
        self.totals[0] += len(data)
        return data

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> _LimitedMember:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _zip_archive(zf: zipfile.ZipFile, label: str, limits: Limits = DEFAULT_LIMITS) -> _Archive:
    names = [n for n in zf.namelist() if not n.endswith("/")]
    tweets = [n for n in names if _TWEET_PART.match(n.rsplit("/", 1)[-1])]
    # the data folder is where the shallowest tweets part lives (data/ or the zip root or a wrapper folder)
    base = min((n.rsplit("/", 1)[0] + "/" if "/" in n else "" for n in tweets), key=len, default="")
    parent = base.rsplit("/", 2)[0] + "/" if base.count("/") >= 2 else ""
    files = {}
    for name in names:
        for prefix in (base, parent):
            if name.startswith(prefix) and "/" not in name[len(prefix) :]:
                files.setdefault(name[len(prefix) :], name)
    totals = [0]  # bytes inflated from this archive so far
    return _Archive(files, lambda name: _LimitedMember(zf, zf.getinfo(name), limits, totals), label)


# --------------------------------------------------------------------------- owner


@dataclass
class Owner:
    """The archive's account: id, handle and whether its tweets are protected."""

    account_id: str | None = None
    handle: str | None = None
    protected: bool = False


def _load_small(archive: _Archive, name: str) -> Any:
    """A small ``window.YTD.x.part0 = ...`` file as JSON, or None when absent or unreadable."""
    if not archive.has(name):
        return None
    try:
        with archive.open(name) as fh:
            text = fh.read(8 << 20).decode("utf-8")
        return orjson.loads(text[text.index("=") + 1 :])
    except (OSError, zipfile.BadZipFile, *DECODER_ERRORS):  # also encrypted or Deflate64 members
        return None


def _owner(archive: _Archive) -> Owner:
    owner = Owner()
    account = _load_small(archive, "account.js")
    if isinstance(account, list) and account and isinstance(account[0], dict):
        info = account[0].get("account") or {}
        owner.account_id, owner.handle = info.get("accountId"), info.get("username")
    if owner.handle is None and archive.has("README.txt"):
        try:
            with archive.open("README.txt") as fh:
                intro = fh.read(4096).decode("utf-8", "replace")
        except (OSError, zipfile.BadZipFile, *DECODER_ERRORS):
            intro = ""
        handle = re.search(r"@username at the time the archive was generated:\s*(\S+)", intro)
        account_id = re.search(r"Account ID:\s*(\d+)", intro)
        owner.handle = handle.group(1) if handle else None
        owner.account_id = owner.account_id or (account_id.group(1) if account_id else None)
    history = _load_small(archive, "protected-history.js")
    if isinstance(history, list):
        events = [e.get("protectedHistory") or {} for e in history if isinstance(e, dict)]
        events = [e for e in events if isinstance(e, dict) and e.get("action")]
        if events:
            latest = max(events, key=lambda e: str(e.get("protectedAt") or ""))
            owner.protected = str(latest["action"]).lower().startswith("protect")
    return owner


# --------------------------------------------------------------------------- parts


def _part_number(name: str) -> tuple[str, int]:
    match = _TWEET_PART.match(name)
    assert match is not None
    kind = "deleted" if match.group(1).startswith("deleted") else "tweets"
    return kind, int(match.group(2) or 0)


def _manifest_parts(archive: _Archive) -> list[str]:
    """Tweet part file names the archive's manifest promises (empty without a manifest)."""
    manifest = _load_small(archive, "manifest.js")
    names = []
    if isinstance(manifest, dict):
        for key in ("tweets", "deletedTweets"):
            entry = (manifest.get("dataTypes") or {}).get(key) or {}
            for item in entry.get("files") or ():
                if isinstance(item, dict) and isinstance(item.get("fileName"), str):
                    names.append(item["fileName"].rsplit("/", 1)[-1])
    return names


def _plan(archive: _Archive) -> tuple[list[str], list[str]]:
    """(part names present in reading order, names of parts that should exist but do not)."""
    present = sorted((n for n in archive.files if _TWEET_PART.match(n)), key=_part_number)
    missing = [n for n in _manifest_parts(archive) if _TWEET_PART.match(n) and not archive.has(n)]
    for kind in ("tweets", "deleted"):
        numbers = {_part_number(n)[1] for n in present if _part_number(n)[0] == kind}
        stem = "tweets" if kind == "tweets" else "deleted-tweets"
        for gap in sorted(set(range(max(numbers, default=-1) + 1)) - numbers):
            name = f"{stem}.js" if gap == 0 else f"{stem}-part{gap}.js"
            if name not in missing and not (gap == 0 and archive.has(f"{stem[:-1]}.js")):
                missing.append(name)
    return present, missing


class PartError(Exception):
    """A part file cannot be read on from here (truncated, malformed, not UTF-8)."""


@dataclass
class BadElement:
    """An array element skipped whole (it broke a limit or does not decode); the part reads on after it."""

    cause: str


_SEPARATORS = re.compile(r"[ \t\r\n,]*")


def iter_elements(fh: IO[bytes], limits: Limits = DEFAULT_LIMITS) -> Iterator[Any]:
    """Decode ``window.YTD.<x>.partN = [ ... ]`` one array element at a time (flat memory).

    An element nested deeper than ``limits.max_depth`` is yielded as a ``BadElement``
    (found without recursion, so no depth can crash the reader) and the part reads on
    after it; an element that does not decode within ``limits.max_element_bytes``
    ends the part with a ``PartError``.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    raw_decode = json.JSONDecoder().raw_decode
    buf, pos, consumed, eof = "", 0, 0, False
    bad_bytes: str | None = None  # set when a chunk is not UTF-8: what precedes it is still read

    def refill() -> bool:
        """Drop what is decoded, append the next chunk; False once the file is exhausted."""
        nonlocal buf, pos, consumed, eof, bad_bytes
        if bad_bytes:
            raise PartError(bad_bytes)
        if eof:
            return False
        chunk = fh.read(_CHUNK)
        eof = not chunk
        try:
            text = decoder.decode(chunk, final=eof)
        except UnicodeDecodeError as exc:
            text = chunk[: exc.start].decode("utf-8", "ignore")
            bad_bytes = f"not UTF-8 near character {consumed + len(buf) + len(text)}"
        consumed += pos
        buf, pos = buf[pos:] + text, 0
        return True

    while "[" not in buf and len(buf) < 4096 and refill():
        pass
    header = _HEADER.match(buf)
    if header is None or not buf[header.end() :].startswith("["):
        raise PartError("does not start with `window.YTD.<name>.partN = [`")
    pos = header.end() + 1
    while True:
        while True:  # skip separators (at C speed: a part may hold a gigabyte of them), refilling as needed
            pos = _SEPARATORS.match(buf, pos).end()
            if pos < len(buf) or not refill():
                break
        if pos >= len(buf):
            raise PartError(f"truncated: ends at character {consumed + pos} without the closing `]`")
        if buf[pos] == "]":
            return
        try:
            element, end = raw_decode(buf, pos)
        except RecursionError:  # nested past what the decoder can hold: skip it without recursion
            end = json_end(buf, pos)
            if end is None:
                if len(buf) - pos > limits.max_element_bytes or not refill():
                    raise PartError(
                        f"{'truncated' if eof else 'malformed'}: element at character {consumed + pos} does not end"
                    ) from None
                continue
            element = BadElement(limits.cause("max_depth", f"nested deeper than {limits.max_depth} levels"))
        except json.JSONDecodeError:
            at = consumed + pos
            if len(buf) - pos > limits.max_element_bytes:
                raise PartError(
                    limits.cause(
                        "max_element_bytes",
                        f"malformed: element at character {at} does not "
                        f"decode within {limits.max_element_bytes:,} characters",
                    )
                ) from None
            if not refill():
                raise PartError(
                    f"{'truncated' if eof else 'malformed'}: element at character {at} does not decode"
                ) from None
            continue
        else:
            if end - pos > limits.max_element_bytes:
                element = BadElement(limits.cause("max_element_bytes", f"element of {end - pos:,} characters"))
            elif (cause := too_deep(buf[pos:end], limits)) is not None:
                element = BadElement(cause)
        pos = end
        yield element


def _archive_time(value: Any):
    """``Fri Mar 06 13:02:05 +0000 2026`` (archive) or ISO-8601 to an aware datetime."""
    if isinstance(value, str) and value[:3].isalpha():
        return to_utc(datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y"))  # to_utc checks the range
    return to_utc(value)


def _count(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _edit_ids(tweet: dict) -> list:
    """The ids of every version of an edited tweet (empty when never edited); TypeError if malformed."""
    info = tweet.get("edit_info") or {}
    edit = info.get("edit") or {} if isinstance(info, dict) else None
    block = (info.get("initial") or edit.get("editControlInitial") or {}) if isinstance(edit, dict) else None
    ids = block.get("editTweetIds") or [] if isinstance(block, dict) else None
    if not isinstance(ids, list):
        raise TypeError("edit_info is malformed")
    return ids


def _retweeted_id(text: str, entities: dict, media_items) -> str | None:
    """The retweeted tweet's id from media copied from it, when the archive kept any."""
    handle = retweet_handle(text).lower()
    author = next(
        (m.get("id_str") for m in entities.get("user_mentions") or () if str(m.get("screen_name")).lower() == handle),
        None,
    )
    # media bob reused from someone else's tweet names that tweet, not bob's: require bob as its source
    return next(
        (
            m["source_status_id_str"]
            for m in media_items
            if author and m.get("source_user_id_str") == author and m.get("source_status_id_str")
        ),
        None,
    )


def archive_tweet_row(tweet: dict, owner: Owner) -> PostRow:
    """One Post row from an archive tweet (v1.1 shape with string numbers)."""
    post_id = tweet.get("id_str") or tweet["id"]
    if not isinstance(post_id, (str, int)) or isinstance(post_id, bool):
        raise ValueError("tweet id is not a string")
    post_id = str(post_id)
    text = tweet.get("full_text", tweet.get("text"))
    if not isinstance(text, str):
        raise ValueError("tweet has no text")
    text = decode_entities(text)  # the archive escapes & < > as the API does
    entities = tweet.get("entities") or {}
    hashtags = [h["text"] for h in entities.get("hashtags") or ()] or None
    mentions = [m["screen_name"] for m in entities.get("user_mentions") or ()] or None
    urls = [u.get("expanded_url") or u["url"] for u in entities.get("urls") or ()] or None
    media_items = (tweet.get("extended_entities") or {}).get("media") or entities.get("media") or ()
    media = [
        {
            "kind": m.get("type"),
            "url": m.get("media_url_https") or m.get("media_url"),
            "alt_text": m.get("ext_alt_text"),
        }
        for m in media_items
    ] or None
    retweeted = tweet.get("retweeted_status")
    repost_of = retweeted.get("id_str") if isinstance(retweeted, dict) else None
    if repost_of is None and retweet_handle(text):
        repost_of = _retweeted_id(text, entities, media_items) or unseen_original(post_id)
    return PostRow(
        id=post_id,
        platform="x",
        uri=x_uri(owner.handle, post_id),
        author_id=owner.account_id,
        author_handle=owner.handle,
        created_at=_archive_time(tweet.get("created_at")),
        text=text,
        lang=tweet.get("lang"),
        visibility="protected" if owner.protected else "public",
        reply_to=tweet.get("in_reply_to_status_id_str"),
        quote_of=tweet.get("quoted_status_id_str"),
        repost_of=repost_of,
        hashtags=hashtags,
        mentions=mentions,
        urls=urls,
        media=media,
        like_count=_count(tweet.get("favorite_count")),
        repost_count=_count(tweet.get("retweet_count")),
    )


# --------------------------------------------------------------------------- read


def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]:
    """Stream Post batches from an archive folder, .zip or part file."""
    if path.is_dir():
        yield from _read_archive(_folder_archive(data_dir(path) or path), ctx, check_parts=True)
    elif path.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, *DECODER_ERRORS) as exc:
            ctx.stats.read += 1
            ctx.quarantine(f"not a readable zip archive: {exc}", offset=0)
            return
        with zf:
            yield from _read_archive(_zip_archive(zf, str(path), ctx.limits), ctx, check_parts=True)
    else:
        archive = _folder_archive(path.parent, only=path)
        archive.files[path.name] = path
        yield from _read_archive(archive, ctx, check_parts=False, parts=[path.name])


def _read_archive(
    archive: _Archive, ctx: ReadContext, check_parts: bool, parts: list[str] | None = None
) -> Iterator[pa.RecordBatch]:
    owner = _owner(archive)
    if owner.protected and owner.account_id:  # the account's other posts (in API exports too) are private
        ctx.event("user_protect", "x", author_id=str(owner.account_id))
    buffer = RowBuffer(ctx)
    if parts is None:
        parts, missing = _plan(archive)
        for name in missing if check_parts else ():
            ctx.stats.read += 1
            ctx.quarantine(f"archive part {name} is missing (listed in the manifest or a gap in part numbers)")
    for name in parts:
        for full in _read_part(archive, name, owner, buffer, ctx):
            if full:
                batch = buffer.flush()
                if batch is not None:
                    yield batch
    batch = buffer.flush()
    if batch is not None:
        yield batch


def _read_part(archive: _Archive, name: str, owner: Owner, buffer: RowBuffer, ctx: ReadContext) -> Iterator[bool]:
    """Add one part's rows to ``buffer``; yields True whenever the buffer is full."""
    deleted = _part_number(name)[0] == "deleted" if _TWEET_PART.match(name) else False
    stats = ctx.stats
    index = 0
    try:
        with archive.open(name) as fh:
            for index, element in enumerate(iter_elements(fh, ctx.limits), 1):
                if isinstance(element, BadElement):
                    stats.read += 1
                    ctx.quarantine(f"{name}: malformed tweet #{index}: {element.cause}", line=index)
                    continue
                tweet = element.get("tweet", element) if isinstance(element, dict) else None
                read_before = stats.read
                try:
                    if isinstance(tweet, dict) and not deleted:
                        ids = _edit_ids(tweet)
                        if len(ids) > 1 and ids[-1] != tweet.get("id_str", tweet.get("id")):
                            stats.skipped += 1  # an older version of an edited tweet
                            continue
                    stats.read += 1
                    if not isinstance(tweet, dict):
                        raise ValueError("array element is not a tweet object")
                    if deleted:
                        post_id = tweet.get("id_str") or tweet["id"]
                        row = tombstone(str(post_id), owner.account_id)
                    else:
                        row = archive_tweet_row(tweet, owner)
                    # checked here, where the element number is known, not when the batch is built
                    problem = row_problem(row)
                    if problem is not None:
                        raise ValueError(problem)
                except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
                    if stats.read == read_before:  # failed before it was counted: a malformed edit_info
                        stats.read += 1
                    ctx.quarantine(f"{name}: malformed tweet #{index}: {type(exc).__name__}: {exc}", line=index)
                    continue
                yield buffer.append(row, index)  # checked above
    except PartError as exc:
        stats.read += 1
        ctx.quarantine(f"{name}: {exc}; the rest of this part is skipped", line=index + 1)
    except LimitExceeded as exc:
        stats.read += 1
        ctx.quarantine(f"{name}: {exc}; the rest of this part is skipped", line=index + 1)
    except (OSError, zipfile.BadZipFile, *DECODER_ERRORS) as exc:  # encrypted, Deflate64, corrupt stream
        stats.read += 1
        ctx.quarantine(
            f"{name}: cannot be read on ({type(exc).__name__}: {str(exc)[:200]}); the rest of this part is skipped",
            line=index + 1,
        )
