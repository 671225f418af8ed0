"""The consent ledger: what every input says about whether an author or a post may be used, over time.

Consent is a state of an account and of a post that events in many files change:
a deletion in a compliance file, an author seen protected on one page, an account
suspended and later restored, a Mastodon profile that asks not to be indexed, an
opt-out entry that names a Bluesky handle which only an identity event maps to
its DID, a post edited after it was captured. Deciding row by row, in the order
files happen to be read, misses most of them, so the build folds every event of
every input into this ledger in its own pass, after reading and before deciding
any post, and then decides every post, copy and repost against it.

Inputs (``post.EVENT_SCHEMA`` rows): the events readers report (``ReadContext.event``)
and those the public_only stage derives from rows (tombstones, protected authors,
opt-out matches); and the opt-out list.

Rules:

* Keys are platform + author id and platform + post id (ids are unique per platform only).
* Each account has independent axes -- deleted, taken down, deactivated, suspended,
  protected, withheld, not to be indexed -- each set by its kind of event and cleared by
  its opposites (``user_protect`` / ``user_unprotect``, X's ``user_undelete``, a Bluesky
  account active again after a takedown, deactivation or suspension; a Bluesky deletion is final). On an axis the latest timed event wins; an event without a time
  (an account object seen protected, a compliance result without ``redacted_at``) cannot
  be ordered, so the most private reading wins: it sets the axis whatever else says.
  Untimed public readings therefore change nothing.
* A post is deleted by any deletion (X calls ``delete`` permanent; a Jetstream delete
  removes the record), withheld by any withholding (permanent too), and dropped by
  ``drop`` at its latest state against ``undrop``.
* Edits: an older X version (its id differs from the newest) is an ``edit`` event; on
  platforms where an edit keeps the id (Mastodon ``edited_at``, Jetstream ``update``) each
  version is a ``version`` event with its time, and only the newest version of an id is
  kept, whatever the file order.
* One post, many ids: an ``alias`` event says two ids of a platform name the same post (a Mastodon
  status's numeric id on an instance and its ActivityPub ``uri``, which every instance and the author's
  outbox export share), and an X ``edit`` links the versions of one tweet. The post axes are decided per
  post, not per id: a deletion, withholding or opt-out of any of its ids makes every id private, in any
  file order. The groups are stored (``consent/aliases.parquet``, hashed ids) for ``forget``.
* Opt-outs: author ids and post ids match directly; handles match the rows that carry them
  (phase 1) and the handle events (Bluesky identity events map a handle to its DID), and
  every post of a matched account goes, also the ones whose rows carry no handle.

The ledger is stored with the corpus (``consent/ledger.parquet``): one row per account or
post with a state, ids SHA-256 hashed (``corpus_dir.hash_id``), no text; ``forget`` and the
card read it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from townsquare.corpus_dir import hash_id
from townsquare.post import EVENT_SCHEMA

if TYPE_CHECKING:
    from townsquare.corpus.public_only import OptOut

SCOPE = "\x1f"  # joins platform and id (a unit separator: in no id)

POST_AXES = (  # (axis, kinds that make it private, kinds that clear it (none: permanent), reject reason)
    ("delete", ("delete",), (), "deleted"),
    ("drop", ("drop",), ("undrop",), "post_dropped"),
    ("withheld", ("withheld",), (), "post_withheld"),
    ("not_public", ("not_public",), (), "private_elsewhere"),  # a copy of a post another row shows as not public
)
AUTHOR_AXES = (
    ("user_delete", ("user_delete",), ("user_undelete",), "account_deleted"),  # Bluesky never undeletes
    ("user_takedown", ("user_takedown",), ("user_reactivate",), "account_deleted"),
    ("user_deactivate", ("user_deactivate",), ("user_reactivate",), "account_deactivated"),
    ("user_suspend", ("user_suspend",), ("user_unsuspend", "user_reactivate"), "account_suspended"),
    ("user_protect", ("user_protect",), ("user_unprotect",), "author_protected"),
    ("user_withheld", ("user_withheld",), ("user_unwithheld",), "author_withheld"),
    ("user_noindex", ("user_noindex",), ("user_index",), "author_noindex"),
    ("opt_out", ("opt_out",), (), "opted_out_author"),
)
REASONS = {reason: axis for axis, _, _, reason in POST_AXES + AUTHOR_AXES}
"""Every reject reason the ledger gives, and the axis behind it."""
_AXIS_OF: dict[str, list[tuple[str, bool]]] = {}
"""event kind -> [(an axis it speaks to, whether it makes the subject private)]: Bluesky's ``active: true``
clears both deleted and suspended"""
for _axes in (POST_AXES, AUTHOR_AXES):
    for _axis, _private, _clear, _ in _axes:
        for _kind in _private + _clear:
            _AXIS_OF.setdefault(_kind, []).append((_axis, _kind in _private))
# a handle a post may be signed with ("lark.bsky.social"): no "@", so never an e-mail address
_HANDLE = re.compile(r"[\w][\w.-]*")
_POST_KINDS = frozenset(kind for _, private, clear, _ in POST_AXES for kind in private + clear)

LEDGER_SCHEMA = pa.schema(
    [
        pa.field("scope", pa.string(), nullable=False),  # author | post
        pa.field("platform", pa.string(), nullable=False),
        pa.field("id_sha256", pa.string(), nullable=False),  # manifest.hash_id of the author or post id
        pa.field("state", pa.string(), nullable=False),  # a reject reason, or "public" (the latest reading was public)
        pa.field("at", pa.timestamp("us", tz="UTC")),  # the time of the event that decided it (null: untimed)
        pa.field("events", pa.int64(), nullable=False),  # how many events spoke about it
    ]
)

ALIAS_SCHEMA = pa.schema(
    [
        pa.field("platform", pa.string(), nullable=False),
        pa.field("post_sha256", pa.string(), nullable=False),  # hash_id of the id that stands for the post
        pa.field("id_sha256", pa.string(), nullable=False),  # hash_id of one of its ids
    ]
)


def scoped(platform: pa.Array | pa.ChunkedArray, ids: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``platform<US>id`` per row (null where the id is null): a key that is unique across platforms."""
    joined = pc.binary_join_element_wise(pc.fill_null(platform, ""), ids, SCOPE)
    return joined.combine_chunks() if isinstance(joined, pa.ChunkedArray) else joined


def handle_matches(entry: str, handle: str, platform: str | None) -> bool:
    """Whether an opt-out handle names an account seen as ``handle`` (both normalised; see public_only)."""
    if handle == entry:
        return True
    if "@" not in entry:  # @hank matches hank@town.example
        return handle.split("@", 1)[0] == entry and "@" in handle
    # @hank@town.example matches the API's local acct hank (a Mastodon account of the exporting instance)
    return platform == "mastodon" and "@" not in handle and entry.split("@", 1)[0] == handle


@dataclass
class _Axis:
    """One account's or post's readings on one axis: untimed private, and the latest timed reading."""

    untimed_private: bool = False
    latest_at: datetime | None = None
    latest_private: bool = False
    events: int = 0

    def add(self, private: bool, at: datetime | None) -> None:
        self.events += 1
        if at is None:
            self.untimed_private |= private
        elif self.latest_at is None or at > self.latest_at or (at == self.latest_at and private):
            self.latest_at, self.latest_private = at, private

    @property
    def private(self) -> bool:
        return self.untimed_private or self.latest_private


@dataclass
class ConsentLedger:
    """The consent state of every account and post the inputs speak about (see the module docstring)."""

    authors: dict[str, dict[str, _Axis]] = field(default_factory=dict)  # scoped author -> axis -> readings
    posts: dict[str, dict[str, _Axis]] = field(default_factory=dict)
    author_posts: dict[str, dict[str, _Axis]] = field(default_factory=dict)  # posts of authors seen private
    edits: dict[str, str] = field(default_factory=dict)  # scoped older X version -> newest id seen
    # scoped author -> the handle its newest handle event gives (a Bluesky identity event: Jetstream's posts have
    # only the DID); a post without a handle is given it
    handles: dict[str, str] = field(default_factory=dict)
    # scoped post id -> the scoped id that stands for its post (union-find parent; the smallest id of the
    # group is its root, so the result does not depend on the file order)
    aliases: dict[str, str] = field(default_factory=dict)
    _groups: dict[str, list[str]] | None = field(default=None, repr=False)  # alias_groups, once asked
    newest_version: pa.Table | None = None  # key (scoped post id), at: the newest version of ids edited in place
    events_by_kind: Counter = field(default_factory=Counter)
    opt_out_lines: int = 0
    opt_out_unmatched: list[int] = field(default_factory=list)  # lines of the opt-out list that matched nothing
    seconds: float = 0.0

    # ------------------------------------------------------------------ building
    @classmethod
    def build(cls, events: pa.Table, opt_out: OptOut | None = None) -> ConsentLedger:
        """Fold events (EVENT_SCHEMA) and the opt-out list into the ledger."""
        ledger = cls()
        # distinct events: the same event (platform, kind, subject, time, value) read from two files, or from
        # a file and the stage that derived it again from rows, happened once
        distinct = events.group_by(EVENT_SCHEMA.names, use_threads=False).aggregate([])
        ledger.events_by_kind = Counter(dict(zip(*_value_counts(distinct.column("kind")))))
        kinds = events.column("kind")
        linked = events.filter(pc.is_in(kinds, value_set=pa.array(["alias", "edit"])))
        for platform, one, other in zip(
            *(linked.column(name).to_pylist() for name in ("platform", "post_id", "value"))
        ):
            if one and other and one != other:
                ledger._link(f"{platform}{SCOPE}{one}", f"{platform}{SCOPE}{other}")
        state = events.filter(pc.is_in(kinds, value_set=pa.array(sorted(_AXIS_OF))))
        for platform, kind, author, post, at in zip(
            *(state.column(name).to_pylist() for name in ("platform", "kind", "author_id", "post_id", "at"))
        ):
            if kind == "opt_out" and post is not None:
                continue  # a post named on the list: dropped by id in both phases
            for axis, private in _AXIS_OF[kind]:
                if kind in _POST_KINDS:
                    if post is not None:
                        ledger.posts.setdefault(ledger.post_key(f"{platform}{SCOPE}{post}"), {}).setdefault(
                            axis, _Axis()
                        ).add(private, at)
                elif author is not None:
                    ledger.authors.setdefault(f"{platform}{SCOPE}{author}", {}).setdefault(axis, _Axis()).add(
                        private, at
                    )
                elif post is not None and private:
                    # an account event known by one of its posts (a batch compliance result of a tweets job
                    # with reason "protected"): the author of that post, whoever the rows say it is
                    ledger.author_posts.setdefault(ledger.post_key(f"{platform}{SCOPE}{post}"), {}).setdefault(
                        axis, _Axis()
                    ).add(True, at)
        named = events.filter(pc.and_(pc.equal(kinds, "handle"), pc.is_valid(events.column("author_id"))))
        newest: dict[str, Any] = {}
        for platform, author, at, handle in zip(
            *(named.column(name).to_pylist() for name in ("platform", "author_id", "at", "value"))
        ):
            handle = (handle or "").strip().lstrip("@").lower()
            if not _HANDLE.fullmatch(handle):
                continue  # no handle a post could be signed with (an e-mail address is none: it stays out)
            key = f"{platform}{SCOPE}{author}"
            when = at.timestamp() if at is not None else float("-inf")
            if key not in newest or (when, handle) >= newest[key]:
                newest[key] = (when, handle)
                ledger.handles[key] = handle
        edits = events.filter(pc.equal(kinds, "edit"))
        for platform, older, newer in zip(
            *(edits.column(name).to_pylist() for name in ("platform", "post_id", "value"))
        ):
            if older and newer and older != newer:
                key = f"{platform}{SCOPE}{older}"
                ledger.edits[key] = max(ledger.edits.get(key, newer), newer, key=lambda i: (len(i), i))
        versions = events.filter(pc.and_(pc.equal(kinds, "version"), pc.is_valid(events.column("at"))))
        if versions.num_rows:
            keyed = pa.table(
                {"key": scoped(versions.column("platform"), versions.column("post_id")), "at": versions.column("at")}
            )
            ledger.newest_version = (
                keyed.group_by("key", use_threads=False).aggregate([("at", "max")]).rename_columns(["key", "at"])
            )
        if opt_out is not None:
            ledger._resolve_opt_out(events, opt_out)
        return ledger

    def post_key(self, key: str) -> str:
        """The scoped id that stands for the post ``key`` (a scoped post id) names: its alias group's root."""
        root = key
        while self.aliases.get(root, root) != root:
            root = self.aliases[root]
        while key != root:  # path compression
            self.aliases[key], key = root, self.aliases[key]
        return root

    def _link(self, one: str, other: str) -> None:
        a, b = self.post_key(one), self.post_key(other)
        if a != b:
            self._groups = None
            a, b = min(a, b), max(a, b)
            self.aliases[b] = a
            self.aliases.setdefault(a, a)

    def alias_groups(self) -> dict[str, list[str]]:
        """root -> every scoped id of that post, for the posts known by more than one id."""
        if self._groups is None:
            groups: dict[str, list[str]] = {}
            for key in list(self.aliases):
                groups.setdefault(self.post_key(key), []).append(key)
            self._groups = {root: sorted(keys) for root, keys in groups.items() if len(keys) > 1}
        return self._groups

    def with_aliases(self, keys: pa.Array) -> pa.Array:
        """Scoped post ids -> the same plus every other id of the same posts."""
        if not self.aliases or not len(keys):
            return keys
        groups = self.alias_groups()
        more = [key for root in {self.post_key(k) for k in keys.to_pylist()} for key in groups.get(root, ())]
        return pc.unique(pa.concat_arrays([keys.cast(pa.string()), pa.array(more, pa.string())])).sort()

    def bare_aliases(self, ids: pa.Array) -> pa.Array:
        """Raw post ids of any platform (the opt-out list's) -> the same plus every other id of those posts."""
        if not self.aliases or not len(ids):
            return ids
        wanted = set(ids.to_pylist())
        more = [
            key.partition(SCOPE)[2]
            for keys in self.alias_groups().values()
            if any(key.partition(SCOPE)[2] in wanted for key in keys)
            for key in keys
        ]
        return pc.unique(pa.concat_arrays([ids.cast(pa.string()), pa.array(more, pa.string())])).sort()

    def alias_table(self) -> pa.Table:
        """The alias groups as stored: one row per id of a post known by several, ids hashed (``hash_id``)."""
        rows: dict[str, list] = {name: [] for name in ALIAS_SCHEMA.names}
        for root, keys in sorted(self.alias_groups().items()):
            for key in keys:
                platform, _, subject = key.partition(SCOPE)
                rows["platform"].append(platform)
                rows["post_sha256"].append(hash_id(root.partition(SCOPE)[2]))
                rows["id_sha256"].append(hash_id(subject))
        return pa.Table.from_pydict(rows, schema=ALIAS_SCHEMA)

    def _resolve_opt_out(self, events: pa.Table, opt_out: OptOut) -> None:
        """Handles on the list -> accounts (through handle events); which lines matched nothing."""
        kinds = events.column("kind")
        matched: set[str] = set()  # what phase 1 matched: author ids, handles, post ids
        hits = events.filter(pc.equal(kinds, "opt_out"))
        for value in hits.column("value").to_pylist():
            if value:
                matched.add(value)
        handles = events.filter(pc.and_(pc.equal(kinds, "handle"), pc.is_valid(events.column("author_id"))))
        resolved: set[str] = set()  # opt-out handles that name an account through a handle event
        if opt_out.handles and handles.num_rows:
            for platform, author, handle in zip(
                *(handles.column(name).to_pylist() for name in ("platform", "author_id", "value"))
            ):
                if not handle:
                    continue
                handle = handle.lstrip("@").lower()
                for entry in opt_out.handles:
                    if handle_matches(entry, handle, platform):
                        self.authors.setdefault(f"{platform}{SCOPE}{author}", {}).setdefault("opt_out", _Axis()).add(
                            True, None
                        )
                        resolved.add(entry)
        self.opt_out_lines = len(opt_out.entries)
        for line, keys in opt_out.entries:
            if not any(self._entry_matched(kind, value, matched, resolved) for kind, value in keys):
                self.opt_out_unmatched.append(line)

    @staticmethod
    def _entry_matched(kind: str, value: str, matched: set[str], resolved: set[str]) -> bool:
        if kind != "handle":
            return value in matched
        if value in resolved or value in matched:
            return True
        return any(handle_matches(value, seen, "mastodon") for seen in matched if not seen.isdigit())

    # ------------------------------------------------------------------ reading
    def private_posts(self) -> list[tuple[str, pa.Array]]:
        """``(reason, scoped post ids)`` for each post reason, in precedence order."""
        return [(reason, self.with_aliases(keys)) for reason, keys in _private(self.posts, POST_AXES)]

    def private_authors_by_post(self) -> list[tuple[str, pa.Array]]:
        """``(reason, scoped post ids)``: account events known only by one of the account's posts."""
        return [(reason, self.with_aliases(keys)) for reason, keys in _private(self.author_posts, AUTHOR_AXES)]

    def private_authors(self) -> list[tuple[str, pa.Array]]:
        """``(reason, scoped author ids)`` for each account reason, in precedence order."""
        return _private(self.authors, AUTHOR_AXES)

    def edit_keys(self) -> tuple[pa.Array, pa.Array]:
        """Scoped ids of older X versions and the newest id of each."""
        items = sorted(self.edits.items())
        return pa.array([k for k, _ in items], pa.string()), pa.array([v for _, v in items], pa.string())

    def state_of_authors(self) -> Counter:
        """Accounts per final state (a reject reason, or "public")."""
        return _states(self.authors, AUTHOR_AXES)

    def state_of_posts(self) -> Counter:
        return _states(self.posts, POST_AXES)

    def summary(self) -> dict[str, Any]:
        """What the card's privacy section says about the ledger."""
        edited_in_place = 0 if self.newest_version is None else self.newest_version.num_rows
        return {
            "events_by_kind": dict(sorted(self.events_by_kind.items())),
            "authors": dict(sorted(self.state_of_authors().items())),
            "posts": dict(sorted(self.state_of_posts().items())),
            "edits_resolved": len(self.edits) + edited_in_place,
            "opt_out": {"entries": self.opt_out_lines, "unmatched_lines": self.opt_out_unmatched},
            "seconds": round(self.seconds, 3),
        }

    def table(self) -> pa.Table:
        """The ledger as stored: one row per account or post with a state; hashed ids, no text."""
        rows: dict[str, list] = {name: [] for name in LEDGER_SCHEMA.names}
        for scope, subjects, axes in (("author", self.authors, AUTHOR_AXES), ("post", self.posts, POST_AXES)):
            for key in sorted(subjects):
                platform, _, subject = key.partition(SCOPE)
                readings = subjects[key]
                state, at = _state(readings, axes)
                rows["scope"].append(scope)
                rows["platform"].append(platform)
                rows["id_sha256"].append(hash_id(subject))
                rows["state"].append(state)
                rows["at"].append(at)
                rows["events"].append(sum(axis.events for axis in readings.values()))
        return pa.Table.from_pydict(rows, schema=LEDGER_SCHEMA)


def _state(readings: dict[str, _Axis], axes: tuple) -> tuple[str, datetime | None]:
    for name, _, _, reason in axes:
        axis = readings.get(name)
        if axis is not None and axis.private:
            return reason, None if axis.untimed_private else axis.latest_at
    latest = [axis.latest_at for axis in readings.values() if axis.latest_at is not None]
    return "public", max(latest) if latest else None


def _states(subjects: dict[str, dict[str, _Axis]], axes: tuple) -> Counter:
    return Counter(_state(readings, axes)[0] for readings in subjects.values())


def _private(subjects: dict[str, dict[str, _Axis]], axes: tuple) -> list[tuple[str, pa.Array]]:
    by_reason: dict[str, list[str]] = {reason: [] for _, _, _, reason in axes}
    for key, readings in subjects.items():
        state, _ = _state(readings, axes)
        if state != "public":
            by_reason[state].append(key)
    return [(reason, pa.array(sorted(keys), pa.string())) for reason, keys in by_reason.items() if keys]


def _value_counts(column: pa.ChunkedArray | pa.Array) -> tuple[list, list]:
    counts = pc.value_counts(column)
    return counts.field("values").to_pylist(), counts.field("counts").to_pylist()


def read_events(paths: list[Path]) -> pa.Table:
    """Every shard's events, concatenated (EVENT_SCHEMA even when there are none)."""
    import pyarrow.parquet as pq

    tables = [pq.read_table(path, schema=EVENT_SCHEMA) for path in paths if path.exists()]
    return pa.concat_tables(tables) if tables else EVENT_SCHEMA.empty_table()
