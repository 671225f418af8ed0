"""Mastodon API statuses -> Post batches (FORMAT ``mastodon``).

Accepts what the REST API returns: one status, an array of statuses (a
timeline page), JSON Lines of statuses, a thread context
(``{"ancestors": [...], "descendants": [...]}``) and any object with a
``statuses`` array (search results, grouped notifications).

Mapping choices (documented here because they are choices):

- ``id`` is the status ``id`` as the API gives it (instance-local), so
  ``reply_to`` (``in_reply_to_id``), ``repost_of`` and ``quote_of`` point at ids
  of the same kind. ``uri`` is the public web link (``url``), falling back to
  the ActivityPub ``uri`` when a status has no ``url``.
- ``visibility`` is carried over exactly: ``public``, ``unlisted``, ``direct``,
  and Mastodon's ``private`` is our ``followers``; ``limited`` (circles /
  limited federation) is also ``followers``. An unknown or missing value
  quarantines the status: guessing could make a private post public.
- A locked account (``account.locked``) only means follows need approval; its
  statuses can still be public, so the status's own visibility decides.
- ``content`` is HTML: tags are dropped, entities unescaped, ``<br>`` and
  paragraph ends become line breaks. A content warning (``spoiler_text``) is
  part of what readers see, so it is kept as the first paragraph of ``text``.
- A boost (``reblog``) becomes a row with ``repost_of`` set and the boosted
  text; the boosted status and a quoted status (``quote.quoted_status``) are
  also emitted as their own rows (each counted as read), with their own
  author, visibility and id, so the corpus judges the original on its own.
  The boost row's visibility is the stricter of the boost's and the boosted
  status's: showing the boost shows the original's text to the boost's
  audience, which must not be wider than the original's.
- ``deleted_at`` (present on statuses returned by delete endpoints and some
  exports) marks the row deleted.
- ``conversation_id``: the root of a context document for every status in it,
  the status itself when it is not a reply, otherwise unknown (null).
- Consent the account object carries (on every status, boosted and quoted ones
  too): ``indexable: false``, ``noindex: true``, ``discoverable: false``, or
  ``#nobot`` / ``#noindex`` in the bio (``note``) -> a ``user_noindex`` event;
  ``suspended: true`` -> a ``user_suspend`` event; the build drops every post of
  that account, in every file.
- Edits keep the id: a status with ``edited_at`` is also a ``version`` event at
  that time, and the build keeps only the newest version of an id whatever the
  file order (an unedited copy is the oldest).
- The streaming API's events (``{"event": "update" | "status.update" | "delete",
  "payload": ...}``, the WebSocket form): an update's payload is a status (a JSON
  string); a delete's payload is the id of a deleted status -> a tombstone row.
  The same events captured from the HTTP server-sent-events stream (``event:`` /
  ``data:`` lines, ``:`` comments) are read alike. Other events (notifications,
  filters, announcements) are not posts: skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa

from townsquare.post import PostBuilder, to_utc, version_key
from townsquare.sources.base import ReadContext
from townsquare.sources.jsonio import iter_json, looks_like_json

FORMAT = "mastodon"

VISIBILITY = {
    "public": "public",
    "unlisted": "unlisted",
    "private": "followers",
    "limited": "followers",
    "direct": "direct",
}
_STRICTNESS = ("public", "unlisted", "followers", "direct")  # each reaches fewer people than the one before


def _stricter(outer: str, inner: Any) -> str:
    """The narrower of a boost's visibility and its boosted status's (an unknown inner one is ``direct``)."""
    inner = VISIBILITY.get(inner, "direct") if isinstance(inner, str) else "direct"
    return max(outer, inner, key=_STRICTNESS.index)


_NO_BOT = re.compile(r"#no(?:bot|index)\b", re.IGNORECASE)
_STREAM_POSTS = frozenset({"update", "status.update"})
_STREAM_EVENT_NAMES = (
    rb"update|delete|status\.update|notification|conversation|announcement[\w.]*|filters_changed|"
    rb"encrypted_message|notifications_merged"
)
_SSE_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?(?:(?::[^\n]*|[ \t]*)\r?\n)*event: ?(?:" + _STREAM_EVENT_NAMES + rb")\r?\n"
)
"""A server-sent-events capture of the streaming API: ``:`` comments, then ``event: <name>`` / ``data: ...``."""


def sniff(path: Path, head: bytes) -> bool:
    """A JSON document or JSONL whose first records look like Mastodon statuses or streaming events."""
    if _SSE_START.match(head):
        return True
    if not looks_like_json(head):
        return False
    if b'"visibility"' in head and b'"account"' in head and b'"content"' in head:
        return True
    if re.search(rb'"event"\s*:\s*"(?:' + _STREAM_EVENT_NAMES + rb')"', head) and b'"payload"' in head:
        return True
    return b'"ancestors"' in head and b'"descendants"' in head


class _HTMLText(HTMLParser):
    """Collects the visible text of Mastodon status HTML plus the link targets."""

    _BREAK_BEFORE: ClassVar[dict[str, str]] = {"p": "\n\n", "br": "\n", "li": "\n", "blockquote": "\n\n", "pre": "\n\n"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, class)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        sep = self._BREAK_BEFORE.get(tag)
        if sep and self.parts:
            self.parts.append(sep)
        if tag == "a":
            attr = dict(attrs)
            if attr.get("href"):
                self.links.append((attr["href"] or "", attr.get("class") or ""))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Plain text of status HTML and the URLs it links to (mentions and hashtags excluded)."""
    parser = _HTMLText()
    parser.feed(html or "")
    parser.close()
    text = "".join(parser.parts)
    # collapse the runs of blank lines that nested paragraphs produce
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    urls = [href for href, cls in parser.links if "mention" not in cls and "hashtag" not in cls]
    return text.strip(), urls


def _media(attachments: Any) -> list[dict[str, Any]]:
    out = []
    for item in attachments or ():
        if isinstance(item, dict):
            out.append(
                {
                    "kind": item.get("type"),
                    "url": item.get("url") or item.get("remote_url"),
                    "alt_text": item.get("description"),
                }
            )
    return out


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str_id(value: Any) -> str | None:
    return None if value is None or isinstance(value, (dict, list)) else str(value)


class _StatusReader:
    """Turns status dicts into builder rows; malformed ones go to quarantine."""

    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.builder: PostBuilder = ctx.builder()

    def add(self, status: Any, line: int | None, root: str | None = None) -> Iterator[pa.RecordBatch]:
        """Add one status (and the statuses embedded in it); yield batches as they fill."""
        ctx = self.ctx
        if isinstance(status, dict) and "acct" in status and "visibility" not in status:
            ctx.stats.skipped += 1  # an account object in a mixed page: valid, not a post
            return
        ctx.stats.read += 1
        problem = self._problem(status)
        if problem:
            ctx.quarantine(problem, line=line, raw=repr(status)[:4096])
            return
        for embedded in self._embedded(status):
            yield from self.add(embedded, line)
        try:
            row = self._row(status, root)
        except (TypeError, ValueError, AttributeError) as exc:
            ctx.quarantine(f"bad status field: {exc}", line=line, raw=repr(status)[:4096])
            return
        self._note_consent(status, row)
        if self.builder.add_row(row, line):  # a row the schema refuses is quarantined with this line
            yield self.builder.flush()

    def _note_consent(self, status: dict, row: dict[str, Any]) -> None:
        """The account's own consent flags, and the version time of an edited status (see the module docstring)."""
        account = status["account"]
        if row["author_id"] is not None:
            if _asks_not_to_be_indexed(account):
                self.ctx.event("user_noindex", "mastodon", author_id=row["author_id"])
            if account.get("suspended") is True:  # present only on a suspended account (Account entity, 3.3)
                self.ctx.event("user_suspend", "mastodon", author_id=row["author_id"])
        uri = status.get("uri")
        if isinstance(uri, str) and uri and uri != row["id"]:
            # every instance gives a status its own numeric id, and the author's outbox export keys it by this
            # uri: the ledger makes them one post, so a deletion by any of them removes every copy
            self.ctx.event("alias", "mastodon", post_id=row["id"], value=uri)
        edited = status.get("edited_at")
        if edited:
            try:
                at = to_utc(edited)
            except (TypeError, ValueError):
                at = None
            # an unreadable edit time still says "edited": the version is kept only if nothing newer is seen
            self.ctx.event(
                "version",
                "mastodon",
                author_id=row["author_id"],
                post_id=row["id"],
                at=at,
                value=version_key(row["id"], row["text"]),
            )

    def delete(self, payload: Any, line: int | None) -> Iterator[pa.RecordBatch]:
        """A streaming ``delete`` event: the payload is the deleted status's id."""
        ctx = self.ctx
        ctx.stats.read += 1
        status_id = _str_id(payload)
        if not status_id:
            ctx.quarantine("Mastodon delete event without a status id", line=line)
            return
        ctx.event("delete", "mastodon", post_id=status_id)
        if self.builder.add_row({"id": status_id, "platform": "mastodon", "deleted": True}, line):
            yield self.builder.flush()

    @staticmethod
    def _problem(status: Any) -> str | None:
        if not isinstance(status, dict):
            return f"not a Mastodon status (a JSON {type(status).__name__})"
        if _str_id(status.get("id")) is None:
            return "Mastodon status without an id"
        visibility = status.get("visibility")
        if visibility not in VISIBILITY:
            return f"unknown Mastodon visibility {str(visibility)[:40]!r}"
        if not isinstance(status.get("account"), dict):
            return "Mastodon status without an account"
        return None

    @staticmethod
    def _embedded(status: dict) -> list[Any]:
        out = []
        if isinstance(status.get("reblog"), dict):
            out.append(status["reblog"])
        quote = status.get("quote")
        if isinstance(quote, dict) and isinstance(quote.get("quoted_status"), dict):
            out.append(quote["quoted_status"])
        return out

    @staticmethod
    def _row(status: dict, root: str | None) -> dict[str, Any]:
        account = status["account"]
        reblog = status.get("reblog") if isinstance(status.get("reblog"), dict) else None
        shown = reblog or status  # a boost shows the boosted status's text
        text, urls = html_to_text(shown.get("content") or "")
        spoiler = shown.get("spoiler_text")
        if spoiler:
            text = f"{spoiler}\n\n{text}" if text else spoiler
        card = status.get("card")
        if isinstance(card, dict) and card.get("url") and card["url"] not in urls:
            urls.append(card["url"])
        quote = status.get("quote")
        quoted = quote.get("quoted_status") if isinstance(quote, dict) else None
        sid = str(status["id"])
        reply_to = _str_id(status.get("in_reply_to_id"))
        return {
            "id": sid,
            "platform": "mastodon",
            "uri": status.get("url") or status.get("uri"),
            "author_id": _str_id(account.get("id")),
            "author_handle": account.get("acct") or account.get("username"),
            "created_at": to_utc(status.get("created_at")),
            "text": text,
            "lang": status.get("language") or shown.get("language"),
            "visibility": _stricter(VISIBILITY[status["visibility"]], reblog.get("visibility"))
            if reblog
            else VISIBILITY[status["visibility"]],
            "deleted": bool(status.get("deleted_at")),
            "reply_to": reply_to,
            "conversation_id": root or (sid if reply_to is None else None),
            "quote_of": _str_id(quoted.get("id")) if isinstance(quoted, dict) else None,
            "repost_of": _str_id(reblog.get("id")) if reblog else None,
            "hashtags": [t["name"] for t in shown.get("tags") or () if isinstance(t, dict) and t.get("name")],
            "mentions": [m["acct"] for m in shown.get("mentions") or () if isinstance(m, dict) and m.get("acct")],
            "urls": urls,
            "media": _media(shown.get("media_attachments")),
            "like_count": _as_int(status.get("favourites_count")),
            "repost_count": _as_int(status.get("reblogs_count")),
            "reply_count": _as_int(status.get("replies_count")),
        }

    def flush(self) -> pa.RecordBatch | None:
        return self.builder.flush()


def _stream_event(statuses: _StatusReader, event: dict, line: int | None) -> Iterator[pa.RecordBatch]:
    """One streaming API event (see the module docstring)."""
    ctx = statuses.ctx
    kind, payload = event.get("event"), event.get("payload")
    if kind == "delete":
        yield from statuses.delete(payload, line)
        return
    if kind not in _STREAM_POSTS:
        ctx.stats.skipped += 1  # a notification, a filter change...: not a post
        return
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError as exc:
            ctx.stats.read += 1
            ctx.quarantine(f"Mastodon {kind} event whose payload is not JSON: {exc}", line=line)
            return
    yield from statuses.add(payload, line)


def _asks_not_to_be_indexed(account: dict) -> bool:
    """Whether an account object says "do not index or search me" (Mastodon's flags, or #nobot / #noindex)."""
    if account.get("indexable") is False or account.get("noindex") is True or account.get("discoverable") is False:
        return True
    note = account.get("note")
    if not isinstance(note, str):
        return False
    lowered = note.lower()  # a cheap test first: the tag is often wrapped in a link (#<span>NoBot</span>)
    return ("nobot" in lowered or "noindex" in lowered) and _NO_BOT.search(html_to_text(note)[0]) is not None


def _context_root(doc: dict) -> str | None:
    ancestors = doc.get("ancestors")
    if isinstance(ancestors, list) and ancestors and isinstance(ancestors[0], dict):
        return _str_id(ancestors[0].get("id"))
    return None


def _sse_events(path: Path, ctx: ReadContext) -> Iterator[tuple[dict, int]]:
    """``({"event", "payload"}, line)`` per event of a server-sent-events capture (the HTTP streaming API)."""
    limit = ctx.limits.max_element_bytes
    name, data, start = None, [], None
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, 1):
            if len(raw) > limit:
                ctx.stats.read += 1
                ctx.quarantine(ctx.limits.cause("max_element_bytes", f"line of {len(raw):,} bytes"), line=number)
                name, data, start = None, [], None
                continue
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("\ufeff"):
                line = line[1:]
            if not line:  # a blank line dispatches the event
                if name is not None or data:
                    yield {"event": name or "message", "payload": "\n".join(data)}, start or number
                name, data, start = None, [], None
                continue
            if line.startswith(":"):
                continue  # a comment: heartbeats such as ":thump"
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if start is None:
                start = number
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
    if name is not None or data:
        yield {"event": name or "message", "payload": "\n".join(data)}, start or 0


def read(path: Path, ctx: ReadContext) -> Iterator[pa.RecordBatch]:
    """Stream Post batches from a file of Mastodon API statuses (or streaming API events)."""
    statuses = _StatusReader(ctx)
    with open(path, "rb") as fh:
        sse = _SSE_START.match(fh.read(64 * 1024)) is not None
    if sse:
        for event, line in _sse_events(path, ctx):
            yield from _stream_event(statuses, event, line)
        batch = statuses.flush()
        if batch is not None:
            yield batch
        return
    for value, line in iter_json(path, ctx):
        if isinstance(value, dict) and "event" in value and "payload" in value and "visibility" not in value:
            yield from _stream_event(statuses, value, line)
            continue
        if (
            isinstance(value, dict)
            and "visibility" not in value
            and ("ancestors" in value or "descendants" in value or "statuses" in value)
        ):
            root = _context_root(value)
            for key in ("ancestors", "descendants", "statuses"):
                items = value.get(key)
                for item in items if isinstance(items, list) else ():
                    yield from statuses.add(item, line, root if key != "statuses" else None)
            continue
        yield from statuses.add(value, line)
    batch = statuses.flush()
    if batch is not None:
        yield batch
