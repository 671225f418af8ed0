"""The Post record: one Arrow schema shared by every part of townsquare.

Readers fill what their source has; nothing downstream reads a source's raw
JSON. Posts move in ``pyarrow.RecordBatch`` objects of this schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq

VISIBILITIES = ("public", "unlisted", "followers", "direct", "protected")
"""Allowed values of ``visibility``; only ``public`` may ever reach a corpus."""

MEDIA_TYPE = pa.struct(
    [
        pa.field("kind", pa.string()),
        pa.field("url", pa.string()),
        pa.field("alt_text", pa.string()),
    ]
)

POST_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("platform", pa.string(), nullable=False),  # x | mastodon | bluesky | csv | text
        pa.field("uri", pa.string()),  # public link used for citations
        pa.field("author_id", pa.string()),
        pa.field("author_handle", pa.string()),
        pa.field("created_at", pa.timestamp("us", tz="UTC")),
        pa.field("text", pa.string()),
        pa.field("lang", pa.string()),
        pa.field("visibility", pa.string(), nullable=False),
        pa.field("deleted", pa.bool_(), nullable=False),
        pa.field("reply_to", pa.string()),
        pa.field("conversation_id", pa.string()),
        pa.field("quote_of", pa.string()),
        pa.field("repost_of", pa.string()),
        pa.field("hashtags", pa.list_(pa.string())),
        pa.field("mentions", pa.list_(pa.string())),
        pa.field("urls", pa.list_(pa.string())),
        pa.field("media", pa.list_(MEDIA_TYPE)),
        pa.field("like_count", pa.int64()),
        pa.field("repost_count", pa.int64()),
        pa.field("reply_count", pa.int64()),
    ]
)

FIELDS = tuple(POST_SCHEMA.names)
_LIST_FIELDS = frozenset({"hashtags", "mentions", "urls", "media"})


class PostRow(NamedTuple):
    """One post as a tuple in FIELDS order, built by field name: ``PostRow(id="1", platform="x", text=...)``.

    Readers on a hot path build rows with it (a tuple costs less than a dict per post); every field but
    ``id`` and ``platform`` has a default, and ``row._replace(uri=...)`` changes a field by name. Check a
    row with ``row_problem`` and turn rows into a batch with ``batch_from_post_rows``.
    """

    id: str
    platform: str
    uri: str | None = None
    author_id: str | None = None
    author_handle: str | None = None
    created_at: datetime | None = None
    text: str | None = None
    lang: str | None = None
    visibility: str = "public"
    deleted: bool = False
    reply_to: str | None = None
    conversation_id: str | None = None
    quote_of: str | None = None
    repost_of: str | None = None
    hashtags: list[str] | None = None
    mentions: list[str] | None = None
    urls: list[str] | None = None
    media: list[dict[str, Any]] | None = None
    like_count: int | None = None
    repost_count: int | None = None
    reply_count: int | None = None


if PostRow._fields != FIELDS:  # the one place the field order is written twice; keep them in step
    raise ImportError("PostRow's fields are not POST_SCHEMA's, in the same order")


def row_maker(*names: str, **constants: Any) -> Callable[..., PostRow]:
    """A fast ``PostRow`` constructor for a hot path that fills the same fields for every row.

    ``make = row_maker("id", "text", platform="x")`` returns ``make(id_value, text_value)``, the same as
    ``PostRow(id=id_value, text=text_value, platform="x")`` but without matching keywords per row (a
    reader builds millions of rows). Fields are named once, here, and checked: an unknown or repeated
    name raises, and a field the schema gains later takes its default instead of shifting the others.
    """
    unknown = [name for name in (*names, *constants) if name not in _FIELD_INDEX]
    if unknown or len(set(names)) != len(names) or set(names) & set(constants):
        raise ValueError(f"row_maker: unknown or repeated Post fields {unknown or sorted(names)}")
    missing = [name for name in ("id", "platform") if name not in names and name not in constants]
    if missing:
        raise ValueError(f"row_maker: {', '.join(missing)} must be given")
    defaults = PostRow._field_defaults
    values = {name: f"_const[{name!r}]" for name in constants}
    values.update({name: f"_a{i}" for i, name in enumerate(names)})
    body = ", ".join(values.get(name, f"_default[{name!r}]") for name in FIELDS)
    params = ", ".join(f"_a{i}" for i in range(len(names)))
    namespace = {"_new": tuple.__new__, "_cls": PostRow, "_const": dict(constants), "_default": defaults}
    exec(f"def make({params}):\n    return _new(_cls, ({body},))\n", namespace)  # noqa: S102 -- as namedtuple does
    make: Callable[..., PostRow] = namespace["make"]  # type: ignore[assignment]
    make.__doc__ = f"PostRow({', '.join(names)}) with {constants or 'no constants'}"
    return make


_FIELD_INDEX = {name: i for i, name in enumerate(FIELDS)}


EVENT_SCHEMA = pa.schema(
    [
        pa.field("platform", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),  # one of EVENT_KINDS
        pa.field("author_id", pa.string()),  # the account the event is about (user events, observations)
        pa.field("post_id", pa.string()),  # the post it is about (post events)
        pa.field("at", pa.timestamp("us", tz="UTC")),  # when it happened; null: unknown
        pa.field("value", pa.string()),  # kind-specific: the latest id of an edit, a handle, a version key
    ]
)
"""Consent events: what readers learn besides posts (deletions, protection, edits, handles...).

Readers report them beside their Post batches (``ReadContext.event``); the corpus build
folds every event of every input into its consent ledger before deciding any post."""

EVENT_KINDS = {
    # about a post (post_id)
    "delete": "the post was deleted",
    "drop": "the platform took the post from public view (X drop)",
    "undrop": "the post may be shown again (X undrop)",
    "withheld": "the post is withheld in some countries (X status_withheld / withheld)",
    "edit": "an older version of an edited post; value: the id of a newer version (X edit histories)",
    "version": "a version of a post whose id stays the same across edits; at: when this version was "
    "written, value: ``version_key(id, text)`` of the row (Mastodon edited_at, Jetstream update)",
    "alias": "value: another id of the same post on the same platform (a Mastodon status's numeric id on one "
    "instance and its ActivityPub uri, which every copy of it shares): a deletion or opt-out of either is both's",
    "scrub_geo": "the author asked for geodata to be removed (nothing geographic is stored)",
    "not_public": "a row showed the post as not public (its copies elsewhere are private too)",
    "opt_out": "the account or post matched the opt-out list; value: what matched (derived by the build)",
    # about an account (author_id)
    "user_delete": "the account was deleted",
    "user_undelete": "the account is back (X user_undelete)",
    "user_deactivate": "the account was deactivated by its owner",
    "user_takedown": "the account was taken down",
    "user_reactivate": "the account is active again (Bluesky active: true)",
    "user_protect": "the account's posts became visible to followers only",
    "user_unprotect": "public again",
    "user_suspend": "the account was suspended or taken down",
    "user_unsuspend": "no longer suspended",
    "user_withheld": "the account is withheld in some countries",
    "user_unwithheld": "no longer withheld",
    "user_noindex": "the account asks not to be indexed or searched (Mastodon indexable: false, noindex, "
    "discoverable: false, #nobot / #noindex in its bio; Bluesky's !no-unauthenticated profile self-label)",
    "user_index": "the account allows indexing again (a later profile without any of those flags)",
    "handle": "value: the account's handle (from an account object, a post or a Bluesky identity event)",
}


class ConsentEvent(NamedTuple):
    """One row of EVENT_SCHEMA, built by field name."""

    platform: str
    kind: str
    author_id: str | None = None
    post_id: str | None = None
    at: datetime | None = None
    value: str | None = None


def events_table(events: Iterable[ConsentEvent]) -> pa.Table:
    """An EVENT_SCHEMA table from events (empty when there are none)."""
    events = list(events)
    if not events:
        return EVENT_SCHEMA.empty_table()
    columns = list(zip(*events))
    return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, EVENT_SCHEMA)], schema=EVENT_SCHEMA)


def version_key(post_id: str, text: str | None) -> str:
    """Which row of a post id a ``version`` event is about: a short hash of its id and its text as read."""
    import hashlib

    data = f"{post_id}\x1f{text or ''}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
"""``created_at`` must fall in [EARLIEST, LATEST). Outside it a timestamp is a
placeholder or corruption (year 1, year 9999, 1e20 seconds), and storing it would
make it the "earliest" copy that deduplication keeps and, past year 9999 once in
UTC, a value Python cannot read back. 1970 rather than the birth of any network:
CSV and text inputs may be older archives of posts, and epoch seconds start there."""

_INT64_MAX = (1 << 63) - 1
_INT64_MIN = -(1 << 63)


def to_utc(value: datetime | str | float | None, bounded: bool = True) -> datetime | None:
    """Parse an ISO-8601 string, epoch seconds or datetime into an aware UTC datetime.

    Raises ValueError for a string or number that is unparseable or, when
    ``bounded`` (the default, for post timestamps), outside [EARLIEST, LATEST) --
    never OverflowError -- and TypeError for a value of another type (a bool, a
    list): both are the data errors readers quarantine (``base.ROW_ERRORS``). ``bounded=False`` suits query
    limits such as a search's end_time, where year 2200 is a fine "no limit".
    """
    if value is None or value == "":
        return None
    try:
        if isinstance(value, datetime):
            parsed = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            parsed = datetime.fromtimestamp(value, tz=UTC)
        elif isinstance(value, str):
            text = value.strip()
            if text.endswith("Z"):
                text = text[:-1] + "+00:00"
            parsed = datetime.fromisoformat(text)
        else:
            raise TypeError(f"not a timestamp: a {type(value).__name__}")
        parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (OverflowError, OSError) as exc:  # year 0 / 10000 after the UTC shift, 1e20 seconds
        raise ValueError(f"timestamp out of range: {str(value)[:40]!r}") from exc
    if bounded and not EARLIEST <= parsed < LATEST:
        raise ValueError(f"timestamp out of range (1970..2099): {str(value)[:40]!r}")
    return parsed


_STR_FIELDS = (
    "id",
    "platform",
    "uri",
    "author_id",
    "author_handle",
    "text",
    "lang",
    "visibility",
    "reply_to",
    "conversation_id",
    "quote_of",
    "repost_of",
)
_STR_LIST_FIELDS = ("hashtags", "mentions", "urls")
_INT_FIELDS = ("like_count", "repost_count", "reply_count")
_INDEX = {name: i for i, name in enumerate(FIELDS)}
_STR_IDX = tuple(_INDEX[name] for name in _STR_FIELDS)
_STR_LIST_AT = tuple((name, _INDEX[name]) for name in _STR_LIST_FIELDS)
_INT_AT = tuple((name, _INDEX[name]) for name in _INT_FIELDS)
_ID, _PLATFORM, _VISIBILITY, _DELETED, _CREATED, _MEDIA = (
    _INDEX[name] for name in ("id", "platform", "visibility", "deleted", "created_at", "media")
)


def _a(value: Any) -> str:
    name = type(value).__name__
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _bad_string(value: Any) -> str | None:
    if value.__class__ is not str and not isinstance(value, str):
        return f"{_a(value)}, not a string"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates (JSON "\ud800", surrogateescape'd bytes)
            return "not valid Unicode (lone surrogate)"
    return None


def row_problem(values: Sequence[Any]) -> str | None:
    """Why a row (values in FIELDS order, defaults applied) cannot be stored in POST_SCHEMA, or None.

    Checked when a row is added rather than when a batch is built, so one odd
    field costs its own record (quarantined with its line) instead of the batch
    or the file.
    """
    for at in _STR_IDX:
        value = values[at]
        # the common case (None or plain ASCII str) costs two checks
        if value is not None and not (value.__class__ is str and value.isascii()):
            bad = _bad_string(value)
            if bad:
                return f"{FIELDS[at]} is {bad}"
    if not values[_ID] or not values[_PLATFORM]:  # not nullable: Arrow would store a null without a word
        return f"{'id' if not values[_ID] else 'platform'} is empty"
    if values[_VISIBILITY] not in VISIBILITIES:
        return f"visibility {str(values[_VISIBILITY])[:40]!r} is not one of {', '.join(VISIBILITIES)}"
    if values[_DELETED].__class__ is not bool:
        return f"deleted is {_a(values[_DELETED])}, not a boolean"
    created = values[_CREATED]
    if created is not None:
        if not isinstance(created, datetime):
            return f"created_at is {_a(created)}, not a timestamp"
        try:
            aware = created if created.tzinfo is not None else created.replace(tzinfo=UTC)
            in_range = EARLIEST <= aware < LATEST
        except OverflowError:
            in_range = False
        if not in_range:
            return f"created_at {created.isoformat()[:40]} is outside 1970..2099"
    for name, at in _INT_AT:
        value = values[at]
        if value is not None:
            if value.__class__ is bool or not isinstance(value, int):
                return f"{name} is {_a(value)}, not an integer"
            # a count past int64 is corruption (often -1 read as unsigned), not popularity:
            # quarantined rather than clamped so no invented number ranks the post
            if not _INT64_MIN <= value <= _INT64_MAX:
                return f"{name} {str(value)[:30]} does not fit a 64-bit integer"
    for name, at in _STR_LIST_AT:
        items = values[at]
        if items:
            if not isinstance(items, (list, tuple)):
                return f"{name} is {_a(items)}, not a list"
            for item in items:
                if item is not None and not (item.__class__ is str and item.isascii()):
                    bad = _bad_string(item)
                    if bad:
                        return f"{name} holds {bad}"
        elif items is not None and not isinstance(items, (list, tuple)):
            return f"{name} is {_a(items)}, not a list"
    media = values[_MEDIA]
    if media is not None:
        if not isinstance(media, (list, tuple)):
            return f"media is {_a(media)}, not a list"
        for item in media:
            if item is None:
                continue
            if not isinstance(item, dict):
                return f"media holds {_a(item)}, not an object"
            for key in ("kind", "url", "alt_text"):
                value = item.get(key)
                if value is not None:
                    bad = _bad_string(value)
                    if bad:
                        return f"media {key} is {bad}"
    return None


def reject_cause(problem: str, post_id: Any) -> str:
    """The quarantine cause for a row ``row_problem`` refused: the problem, naming the post when it has an id."""
    return f"post {post_id[:80]}: {problem}" if isinstance(post_id, str) and post_id else problem


class PostBuilder:
    """Accumulates posts column by column and emits ``RecordBatch`` objects of POST_SCHEMA.

    Columnar appends keep the hot path cheap: one list append per field, no
    per-post dict or object.
    """

    __slots__ = ("_columns", "batch_size", "on_reject")

    def __init__(
        self, batch_size: int = 8192, on_reject: Callable[[str, int | None, dict[str, Any]], None] | None = None
    ) -> None:
        self.batch_size = batch_size
        self.on_reject = on_reject
        self._columns: list[list[Any]] = [[] for _ in FIELDS]

    def __len__(self) -> int:
        return len(self._columns[0])

    def add(self, **fields: Any) -> bool:
        """Append one post; unknown field names raise. Returns True when a batch is full.

        A row that POST_SCHEMA cannot hold (see ``row_problem``) is not added: it
        goes to ``on_reject(cause, line, fields)`` when the builder has one (readers
        get one from ``ReadContext.builder``), else raises ValueError.
        """
        return self.add_row(fields)

    def add_row(self, fields: dict[str, Any], line: int | None = None) -> bool:
        """``add`` with the row as a dict and the input line, for the rejection report."""
        if not _FIELD_SET.issuperset(fields):
            unknown = next(name for name in fields if name not in _FIELD_SET)
            raise KeyError(f"{unknown!r} is not a Post field; fields are: {', '.join(FIELDS)}")
        values = [fields.get(name) for name in FIELDS]
        if values[_DELETED] is None:
            values[_DELETED] = False
        if values[_VISIBILITY] is None:
            values[_VISIBILITY] = "public"
        problem = row_problem(values)
        if problem is not None:
            problem = reject_cause(problem, values[_ID])
            if self.on_reject is None:
                raise ValueError(problem)
            self.on_reject(problem, line, fields)
            return False
        columns = self._columns
        for column, value in zip(columns, values):
            column.append(value)
        return len(columns[0]) >= self.batch_size

    def flush(self) -> pa.RecordBatch | None:
        """Return the accumulated posts as one batch (None if empty) and start a new one."""
        if not self._columns[0]:
            return None
        columns, self._columns = self._columns, [[] for _ in FIELDS]
        return batch_from_columns(columns)


_TYPES = [field.type for field in POST_SCHEMA]
_FIELD_SET = frozenset(FIELDS)


def batch_from_columns(columns: Iterable[Sequence[Any]]) -> pa.RecordBatch:
    """One POST_SCHEMA batch from its columns in FIELDS order (rows already checked with ``row_problem``)."""
    arrays = [pa.array(column, type=type_) for column, type_ in zip(columns, _TYPES)]
    return pa.RecordBatch.from_arrays(arrays, schema=POST_SCHEMA)


def batch_from_post_rows(rows: Sequence[PostRow]) -> pa.RecordBatch:
    """One POST_SCHEMA batch from ``PostRow`` tuples (each already checked with ``row_problem``)."""
    return batch_from_columns(zip(*rows)) if rows else empty_batch()


def batch_from_rows(rows: Iterable[dict[str, Any]]) -> pa.RecordBatch:
    """Build one batch from dict rows (tests and small inputs; readers use PostBuilder)."""
    builder = PostBuilder(batch_size=1 << 62)
    for row in rows:
        builder.add(**row)
    batch = builder.flush()
    return batch if batch is not None else empty_batch()


def empty_batch() -> pa.RecordBatch:
    """A zero-row batch of POST_SCHEMA."""
    return pa.RecordBatch.from_pylist([], schema=POST_SCHEMA)


def conform(batch: pa.RecordBatch | pa.Table) -> pa.RecordBatch | pa.Table:
    """Reorder/cast a batch or table to POST_SCHEMA, keeping any extra columns at the end."""
    extra = [name for name in batch.schema.names if name not in POST_SCHEMA.names]
    arrays = []
    fields = []
    for field in POST_SCHEMA:
        if field.name in batch.schema.names:
            arrays.append(batch.column(field.name).cast(field.type))
        else:
            arrays.append(pa.nulls(batch.num_rows, field.type))
        fields.append(field)
    for name in extra:
        arrays.append(batch.column(name))
        fields.append(batch.schema.field(name))
    cls = pa.Table if isinstance(batch, pa.Table) else pa.RecordBatch
    return cls.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(
    batches: Iterable[pa.RecordBatch],
    path: str | Path,
    schema: pa.Schema = POST_SCHEMA,
    events: Sequence[ConsentEvent] | None = None,
) -> int:
    """Stream batches into one Parquet file atomically (write to a temp name, then rename). Returns rows.

    ``events`` (a list that may still grow while ``batches`` is consumed: a reader reports them as it
    reads) are stored in the file's footer (``EVENTS_METADATA_KEY``), so a build that reads the file
    later gets them back with its posts.
    """
    from townsquare.io import atomic_path

    rows = 0
    with atomic_path(path) as tmp:  # a failed or interrupted write leaves nothing half-written behind
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            for batch in batches:
                if batch.num_rows:
                    writer.write_batch(batch)
                    rows += batch.num_rows
            if events:
                writer.add_key_value_metadata({EVENTS_METADATA_KEY: encode_events(events)})
    return rows


EVENTS_METADATA_KEY = "townsquare.events"
"""The Parquet footer key under which a Post file carries the consent events its source held."""


def encode_events(events: Iterable[ConsentEvent]) -> str:
    """Consent events as one JSON text (times in ISO 8601)."""
    import json

    return json.dumps(
        [[e.platform, e.kind, e.author_id, e.post_id, e.at.isoformat() if e.at else None, e.value] for e in events],
        ensure_ascii=False,
    )


def decode_events(text: str | bytes) -> list[ConsentEvent]:
    """``encode_events`` read back; raises ValueError when the text is not such a list."""
    import json

    items = json.loads(text)
    if not isinstance(items, list):
        raise ValueError("consent events are not a list")
    out = []
    for item in items:
        if not (
            isinstance(item, list)
            and len(item) == 6
            and all(v is None or isinstance(v, str) for v in item)
            and item[0]
            and item[1]
        ):
            raise ValueError("a consent event is not six strings")
        platform, kind, author, post, at, value = item
        out.append(ConsentEvent(platform, kind, author, post, to_utc(at, bounded=False) if at else None, value))
    return out


def read_parquet(
    paths: str | Path | Iterable[str | Path], columns: list[str] | None = None, batch_size: int = 8192
) -> Iterator[pa.RecordBatch]:
    """Stream batches from Post Parquet files (a file, a folder of part-*.parquet, or a list)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in paths:
        path = Path(path)
        files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
        for file in files:
            yield from pq.ParquetFile(file).iter_batches(batch_size=batch_size, columns=columns)


def read_columns(paths: list[Path], schema: pa.Schema, columns: list[str]) -> pa.Table:
    """``columns`` of every Parquet file, concatenated; typed by ``schema`` even when there is no file."""
    tables = [pq.read_table(path, columns=columns) for path in paths]
    return pa.concat_tables(tables) if tables else schema.empty_table().select(columns)
