"""X API v2 reader: fixtures cut from ../shared/data/x-api-v2, the full shared samples, bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import orjson
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from townsquare.errors import InputError
from townsquare.post import POST_SCHEMA
from townsquare.sources import detect_format, read_file, x_api
from townsquare.sources.base import Quarantine, SourceStats

FMT = "x-api-v2"


def ingest(path: Path, fmt: str | None = FMT, **kwargs) -> tuple[list[dict], SourceStats, Quarantine]:
    """Read one file fully; returns the rows, the counters and the quarantine."""
    stats, quarantine = SourceStats(str(path), fmt or "?"), Quarantine()
    batches = list(read_file(path, fmt=fmt, stats=stats, quarantine=quarantine, **kwargs))
    for batch in batches:
        assert batch.schema == POST_SCHEMA
    rows = pa.Table.from_batches(batches, schema=POST_SCHEMA).to_pylist()
    assert stats.reconciles, stats
    return rows, stats, quarantine


@pytest.fixture
def xdir(fixtures: Path) -> Path:
    return fixtures / "x"


# --------------------------------------------------------------------------- pages and expansions


def test_page_expands_author_references_and_entities(xdir):
    rows, stats, _ = ingest(xdir / "two_tweets.jsonl")
    assert stats.read == stats.posts == 1
    (post,) = rows  # the retweeted original in includes.tweets is context, not a post
    assert post["id"] == "1394735776701816833"
    assert post["author_handle"] == "LachiVeronica" and post["author_id"] == "1379899464345923590"
    assert post["uri"] == "https://x.com/LachiVeronica/status/1394735776701816833"
    assert post["repost_of"] == "1391677057810288641" and post["reply_to"] is None
    assert post["hashtags"] == ["POIUYTREWQ"] and post["mentions"] == ["bibaigna96"]
    assert post["created_at"] == datetime(2021, 5, 18, 19, 24, 56, tzinfo=UTC)
    assert (post["like_count"], post["repost_count"], post["reply_count"]) == (0, 1, 0)
    assert post["visibility"] == "public" and post["deleted"] is False and post["platform"] == "x"


def test_media_comes_from_includes(xdir):
    (post,), _, _ = ingest(xdir / "media_tweet.jsonl")
    assert post["media"] == [
        {
            "kind": "video",
            "alt_text": None,
            "url": "https://pbs.twimg.com/ext_tw_video_thumb/1558552952549277696/pu/img/7VaQu-AvReI8RHkv.jpg",
        }
    ]
    assert post["urls"] == ["https://twitter.com/IgorBrigadir/status/1558553189766631429/video/1"]
    assert post["lang"] == "en" and post["conversation_id"] == "1558553189766631429"


def test_protected_author_makes_the_post_protected(xdir):
    (post,), stats, _ = ingest(xdir / "protected.jsonl")
    assert post["visibility"] == "protected"
    assert stats.non_public == 1 and stats.public == 0


def test_flattened_tweets_carry_their_author_and_media(xdir):
    rows, stats, _ = ingest(xdir / "flat.jsonl")
    assert stats.posts == 6
    by_id = {row["id"]: row for row in rows}
    assert by_id["1380242611781386245"]["author_handle"] == "Alexandravm12"
    assert by_id["1380242611781386245"]["repost_of"] == "1380175475545362437"
    assert by_id["1380242586288328707"]["reply_to"] == "1380229267770933248"
    with_media = [row for row in rows if row["media"]]
    assert len(with_media) == 1 and with_media[0]["media"][0]["kind"] == "animated_gif"
    assert with_media[0]["media"][0]["url"].startswith("https://pbs.twimg.com/")


def test_pretty_printed_single_page(xdir):
    rows, stats, _ = ingest(xdir / "page_pretty.json")
    assert [row["id"] for row in rows] == ["1558553189766631429"]


# --------------------------------------------------------------------------- edits, withheld, compliance

LATEST = "1576994789110992896"
OLDER = "1576994746135764992"


@pytest.mark.parametrize("name", ["edited.jsonl", "edited_before.jsonl"])
def test_only_the_latest_edit_is_a_post(xdir, name):
    rows, stats, _ = ingest(xdir / name)
    assert [row["id"] for row in rows] == [LATEST]
    assert rows[0]["text"] == "hey :) https://t.co/rnwEIoNuqd"
    assert stats.read == stats.posts == 1


def test_older_version_without_its_latest_edit_is_skipped(xdir, tmp_path):
    page = orjson.loads((xdir / "edited_before.jsonl").read_bytes())
    page["includes"]["tweets"] = [t for t in page["includes"]["tweets"] if t["id"] != LATEST]
    path = tmp_path / "old.jsonl"
    path.write_bytes(orjson.dumps(page) + b"\n")
    rows, stats, _ = ingest(path)
    assert rows == [] and stats.skipped == 1 and stats.read == 0


def test_withheld_tweets_stay_public(xdir):
    rows, stats, _ = ingest(xdir / "withheld.jsonl")
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {"1388424788171841537", "25712847277", "506695756406095872"}
    assert by_id["1388424788171841537"]["visibility"] == "public"  # withheld in IN only
    assert stats.public == 3


def test_compliance_events_become_tombstones(xdir):
    rows, stats, _ = ingest(xdir / "tweets_compliance.jsonl")
    assert [row["id"] for row in rows] == ["1170025343920402432", "1170147183095664640"]
    assert all(row["deleted"] and row["text"] is None and row["visibility"] == "public" for row in rows)
    assert stats.deleted == 2 and stats.public == 0


def test_stream_delete_events_become_tombstones(tmp_path):
    path = tmp_path / "stream.jsonl"
    path.write_text(
        '{"data": {"delete": {"tweet": {"id": "11", "author_id": "7"}, "event_at": "x"}}}\n'
        '{"delete": {"status": {"id_str": "12", "user_id_str": "8"}}}\n'
    )
    rows, stats, _ = ingest(path)
    assert [(row["id"], row["author_id"], row["deleted"]) for row in rows] == [("11", "7", True), ("12", "8", True)]


@pytest.mark.parametrize(
    "name, skipped", [("users.jsonl", 3), ("counts.jsonl", 5), ("lists.jsonl", 6), ("users_compliance.jsonl", 2)]
)
def test_files_without_posts_are_skipped_not_read(xdir, name, skipped):
    rows, stats, quarantine = ingest(xdir / name)
    assert rows == [] and stats.read == 0 and quarantine.count == 0
    assert stats.skipped == skipped


def test_stream_error_line_is_quarantined_and_reading_goes_on(xdir):
    rows, stats, quarantine = ingest(xdir / "streaming_output_with_error.jsonl")
    assert stats.posts == 7 and stats.quarantined == 1 and stats.read == 8
    (record,) = quarantine.records
    assert record.line == 8 and "invalid JSON" in record.cause and record.sha256


@pytest.mark.parametrize(
    "name",
    [
        "two_tweets.jsonl",
        "flat.jsonl",
        "tweets_compliance.jsonl",
        "users.jsonl",
        "page_pretty.json",
        "streaming_output_with_error.jsonl",
    ],
)
def test_format_is_detected(xdir, name):
    assert detect_format(xdir / name) == FMT


# --------------------------------------------------------------------------- bad input


def test_truncated_json_line(xdir, tmp_path):
    good = (xdir / "two_tweets.jsonl").read_bytes()
    path = tmp_path / "cut.jsonl"
    path.write_bytes(good + good[: len(good) // 2])
    rows, stats, quarantine = ingest(path)
    assert len(rows) == 1 and stats.quarantined == 1 and quarantine.records[0].line == 2
    assert quarantine.records[0].offset == len(good)


def test_truncated_pretty_document(xdir, tmp_path):
    path = tmp_path / "cut.json"
    path.write_bytes((xdir / "page_pretty.json").read_bytes()[:3000])
    rows, stats, quarantine = ingest(path)
    assert rows == [] and stats.quarantined == 1 and "truncated" in quarantine.records[0].cause


def test_latin1_bytes_are_quarantined(xdir, tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        '{"id": "1", "text": "caf\u00e9", "author_id": "2"}\n'.encode("latin-1")
        + (xdir / "two_tweets.jsonl").read_bytes()
    )
    rows, stats, quarantine = ingest(path)
    assert [row["id"] for row in rows] == ["1394735776701816833"]
    assert quarantine.records[0].line == 1


def test_binary_garbage(tmp_path):
    path = tmp_path / "garbage.jsonl"
    path.write_bytes(bytes(range(256)) * 40)
    rows, stats, _ = ingest(path)
    assert rows == [] and stats.read == stats.quarantined >= 1


def test_ten_megabyte_single_line(xdir, tmp_path):
    page = orjson.loads((xdir / "two_tweets.jsonl").read_bytes())
    page["data"][0]["text"] = "x" * (10 * 1024 * 1024)
    path = tmp_path / "big.jsonl"
    path.write_bytes(orjson.dumps(page) + b"\n" + b'{"data": [{"id": "1", "text": ' + b"a" * 10_000_000 + b"\n")
    rows, stats, _ = ingest(path)
    assert len(rows) == 1 and len(rows[0]["text"]) == 10 * 1024 * 1024
    assert stats.quarantined == 1


def test_empty_and_blank_files(tmp_path):
    for content in (b"", b"\n\n  \n"):
        path = tmp_path / "empty.json"
        path.write_bytes(content)
        rows, stats, _ = ingest(path)
        assert rows == [] and stats.read == 0


def test_tweet_with_wrong_types_is_quarantined_not_the_batch(tmp_path):
    lines = [
        {"id": "1", "text": "fine", "created_at": "2021-01-01T00:00:00.000Z"},
        {"id": "2", "text": "bad count", "public_metrics": {"like_count": "many"}},
        {"id": "3", "text": "bad date", "created_at": "yesterday"},
        {"id": ["4"], "text": "bad id"},
    ]
    path = tmp_path / "types.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    rows, stats, quarantine = ingest(path)
    assert [row["id"] for row in rows] == ["1"]
    assert stats.quarantined == 3 and {r.line for r in quarantine.records} == {2, 3, 4}


def test_batches_respect_batch_size(xdir):
    batches = list(read_file(xdir / "flat.jsonl", fmt=FMT, batch_size=4))
    assert [b.num_rows for b in batches] == [4, 2]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        list(read_file(tmp_path / "nope.jsonl", fmt=FMT))


# --------------------------------------------------------------------------- the full shared samples

# Expected counts, checked independently of this reader:
#   posts: `jq '.data|length'` summed per file (2sets 100+100, withheld 1+1+1+100+112), `wc -l` for
#     flat.jsonl, 7 parseable lines of the stream file (`python -c json.loads` per line, line 8 fails);
#     unique ids with `jq -r '.data[].id' | sort -u | wc -l` (2sets 200, withheld 215);
#   deleted: the 2 non-blank lines of tweets_compliance.jsonl;
#   non-public: `jq '.includes.users[]|select(.protected==true)'` finds no protected author anywhere;
#   skipped: users 96, counts 169 buckets, lists 4+2, users_compliance 2 events (`jq '.data|length'`).
SHARED_COUNTS = {
    # file: (posts, unique ids, deleted, non_public, quarantined, skipped)
    "2sets.jsonl": (200, 200, 0, 0, 0, 0),
    "withheld.jsonl": (215, 215, 0, 0, 0, 0),
    "flat.jsonl": (100, 100, 0, 0, 0, 0),
    "streaming_output_with_error.jsonl": (7, 7, 0, 0, 1, 0),
    "edited.jsonl": (1, 1, 0, 0, 0, 0),
    "edited_after.jsonl": (1, 1, 0, 0, 0, 0),
    "edited_before.jsonl": (1, 1, 0, 0, 0, 0),
    "media_tweet.jsonl": (1, 1, 0, 0, 0, 0),
    "two_tweets.jsonl": (1, 1, 0, 0, 0, 0),
    "tweets_compliance.jsonl": (2, 2, 2, 0, 0, 0),
    "users_compliance.jsonl": (0, 0, 0, 0, 0, 2),
    "users.jsonl": (0, 0, 0, 0, 0, 96),
    "counts.jsonl": (0, 0, 0, 0, 0, 169),
    "lists.jsonl": (0, 0, 0, 0, 0, 6),
    "empty.json": (0, 0, 0, 0, 0, 0),
}


@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(SHARED_COUNTS))
def test_shared_samples(shared_data, name):
    rows, stats, _ = ingest(shared_data / "x-api-v2" / name)
    posts, unique, deleted, non_public, quarantined, skipped = SHARED_COUNTS[name]
    assert (
        stats.posts,
        len({row["id"] for row in rows}),
        stats.deleted,
        stats.non_public,
        stats.quarantined,
        stats.skipped,
    ) == (posts, unique, deleted, non_public, quarantined, skipped)


@pytest.mark.shared_data
def test_shared_samples_are_all_covered(shared_data):
    assert {p.name for p in (shared_data / "x-api-v2").iterdir()} == set(SHARED_COUNTS)


# --------------------------------------------------------------------------- properties

_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "data",
                    "includes",
                    "id",
                    "text",
                    "users",
                    "tweets",
                    "media",
                    "author_id",
                    "author",
                    "username",
                    "protected",
                    "entities",
                    "hashtags",
                    "mentions",
                    "urls",
                    "tag",
                    "attachments",
                    "media_keys",
                    "media_key",
                    "public_metrics",
                    "like_count",
                    "created_at",
                    "referenced_tweets",
                    "type",
                    "edit_history_tweet_ids",
                    "action",
                    "delete",
                    "tweet",
                    "status",
                    "note_tweet",
                    "errors",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)

_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(tmp_path, data):
    path = tmp_path / "any.jsonl"
    path.write_bytes(data)
    ingest(path)  # asserts the counts reconcile


@_settings
@given(records=st.lists(_json, max_size=6))
def test_arbitrary_json_records_never_crash(tmp_path, records):
    path = tmp_path / "any.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(record) for record in records))
    ingest(path)


def test_pretty_document_larger_than_a_batch(xdir, tmp_path):
    tweets = [json.loads(line) for line in (xdir / "flat.jsonl").read_text().splitlines()]
    path = tmp_path / "array.json"
    path.write_text("[\n" + ",\n".join(json.dumps(t, indent=1) for t in tweets) + "\n]\n")
    batches = list(read_file(path, fmt=FMT, batch_size=4))
    assert [b.num_rows for b in batches] == [4, 2]


# --------------------------------------------------------------------------- typed fast path vs generic path


def _reject(_data):
    raise x_api._Fallback


def both_paths(path: Path, monkeypatch, **kwargs) -> tuple[tuple, tuple]:
    """Read ``path`` as shipped (typed first) and with the typed decoder disabled (generic only)."""
    typed = ingest(path, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(x_api, "_decode_line", _reject)
        patch.setattr(x_api, "_decode_document", _reject)
        generic = ingest(path, **kwargs)
    return typed, generic


def assert_same(typed: tuple, generic: tuple) -> None:
    (rows_t, stats_t, quarantine_t), (rows_g, stats_g, quarantine_g) = typed, generic
    assert rows_t == rows_g
    assert stats_t.as_dict() == stats_g.as_dict()
    assert quarantine_t.records == quarantine_g.records


def _x_fixtures() -> list[str]:
    return sorted(
        p.name for p in (Path(__file__).parents[1] / "data" / "x").iterdir() if p.suffix in (".json", ".jsonl")
    )


@pytest.mark.parametrize("name", _x_fixtures())
def test_typed_path_matches_generic_path_on_fixtures(xdir, monkeypatch, name):
    assert_same(*both_paths(xdir / name, monkeypatch))


@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(SHARED_COUNTS))
def test_typed_path_matches_generic_path_on_shared_samples(shared_data, monkeypatch, name):
    assert_same(*both_paths(shared_data / "x-api-v2" / name, monkeypatch))


def test_typed_path_handles_the_common_shapes_without_orjson(xdir, monkeypatch):
    """Pages, flattened tweets and compliance events never reach the generic parser."""

    def no_orjson(data):
        if bytes(data).strip():  # blank lines may go there: they are not records either way
            raise AssertionError(f"fell back to orjson: {bytes(data)[:80]!r}")
        raise orjson.JSONDecodeError("blank", "", 0)

    # the reader's own orjson only: jsonio's sniffing parses a file's first line once, not per record
    monkeypatch.setattr(x_api, "orjson", SimpleNamespace(loads=no_orjson, JSONDecodeError=orjson.JSONDecodeError))
    for name, posts in (
        ("two_tweets.jsonl", 1),
        ("flat.jsonl", 6),
        ("media_tweet.jsonl", 1),
        ("tweets_compliance.jsonl", 2),
        ("page_pretty.json", 1),
        ("withheld.jsonl", 3),
    ):
        assert ingest(xdir / name)[1].posts == posts, name


def test_lines_the_typed_decoder_rejects_fall_back(xdir, tmp_path, monkeypatch):
    """Odd-but-valid records (an integer id, an older edit, a user) get the generic handling."""
    page = (xdir / "two_tweets.jsonl").read_bytes().strip()
    lines = [
        b'{"id": 42, "text": "integer id"}',  # typed wants a string id
        page,  # typed
        (xdir / "edited_before.jsonl").read_bytes().strip(),  # older version: latest from includes
        b'{"data": [{"id": "9", "name": "n", "username": "u"}]}',  # a user: skipped
        b'{"data": {"delete": {"tweet": {"id": "11"}}}}',  # a stream delete event
        b'{"id": "3", "text": "bad date", "created_at": "yesterday"}',
        b'{"id": "4", "text": "latin-1 in a field we skip", "source": "caf\xe9"}',
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    typed, generic = both_paths(path, monkeypatch)
    assert_same(typed, generic)
    rows, stats, quarantine = typed
    assert [row["id"] for row in rows] == ["42", "1394735776701816833", LATEST, "11"]
    assert stats.skipped == 1 and stats.quarantined == 2
    assert [(r.line, r.cause.split(":")[0]) for r in quarantine.records] == [
        (6, "malformed tweet"),
        (7, "invalid JSON"),
    ]


@pytest.mark.parametrize("block", [1, 7, 300, 5000])
def test_lines_across_read_blocks(xdir, tmp_path, monkeypatch, block):
    """Lines cut by the block reads come out whole, with the same line numbers and offsets."""
    good = (xdir / "flat.jsonl").read_bytes()
    path = tmp_path / "blocks.jsonl"
    path.write_bytes(good + b"\n\n{not json}\n" + good + b'{"id": "1", "text": "no final newline"}')
    whole = ingest(path)
    monkeypatch.setattr(x_api, "_BLOCK_BYTES", block)
    cut = ingest(path)
    assert_same(cut, whole)
    assert cut[1].posts == 13 and cut[2].records[0].line == 9 and cut[2].records[0].offset == len(good) + 2


def _tweet_like(odd: bool) -> st.SearchStrategy:
    """Tweet-ish dicts: well-typed fields (the typed path's ground), or also odd values (its fallbacks)."""

    def field(good, *bad):
        return st.one_of(good, *bad) if odd else good

    user = st.fixed_dictionaries(
        {},
        optional={
            "id": st.sampled_from(["7", "x"]),
            "username": st.text(max_size=3),
            "protected": field(st.booleans(), st.text(max_size=1)),
        },
    )
    ids = {
        "id": field(st.sampled_from(["1", "2", "3"]), st.integers(0, 9), st.none()),
        "text": field(st.text(max_size=5), st.none(), st.integers(0, 9)),
    }
    return st.fixed_dictionaries(
        {} if odd else ids,
        optional={
            **(ids if odd else {}),
            "author_id": field(st.sampled_from(["7", "8"]), st.none(), st.integers(0, 9)),
            "author": field(user, st.just({"other": 1}), st.just({}), st.none(), st.just("")),
            "created_at": field(
                st.sampled_from(["2021-05-18T19:24:56.000Z", "2021-05-18T19:24:56+02:00", "2021-05-18"]),
                st.sampled_from(["x", None, 5]),
            ),
            "lang": field(st.sampled_from(["en", "und"]), st.none(), st.integers(0, 9)),
            "entities": field(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "hashtags": st.lists(st.fixed_dictionaries({"tag": st.text(max_size=3)}), max_size=2),
                        "mentions": st.lists(st.fixed_dictionaries({"username": st.text(max_size=3)}), max_size=2),
                        "urls": st.lists(
                            st.fixed_dictionaries(
                                {},
                                optional={
                                    "url": st.sampled_from(["u", ""]),
                                    "expanded_url": st.sampled_from(["e", ""]),
                                },
                            ),
                            max_size=2,
                        ),
                    },
                ),
                st.just({}),
                st.just([1]),
                st.none(),
                st.just({"hashtags": [{}]}),
            ),
            "note_tweet": field(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "text": st.text(max_size=5),
                        "entities": st.sampled_from([{}, {"annotations": []}, {"hashtags": [{"tag": "n"}]}]),
                    },
                ),
                st.just("note"),
                st.just({"text": None}),
            ),
            "referenced_tweets": field(
                st.lists(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "type": st.sampled_from(["replied_to", "quoted", "retweeted", "other"]),
                            "id": st.sampled_from(["5", "6"]),
                        },
                    ),
                    max_size=3,
                ),
                st.just({}),
                st.none(),
            ),
            "attachments": field(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "media_keys": st.lists(st.sampled_from(["m1", "m2"]), max_size=2),
                        "media": st.lists(
                            st.fixed_dictionaries(
                                {},
                                optional={
                                    "type": st.just("photo"),
                                    "url": st.sampled_from(["", "p"]),
                                    "preview_image_url": st.just("q"),
                                },
                            ),
                            max_size=2,
                        ),
                    },
                ),
                st.just({}),
                st.just({"media_keys": "m1"}),
            ),
            "public_metrics": field(
                st.fixed_dictionaries(
                    {}, optional={"like_count": st.integers(0, 5), "retweet_count": st.integers(0, 5)}
                ),
                st.just({}),
                st.just({"like_count": "many"}),
            ),
            "edit_history_tweet_ids": field(
                st.lists(st.sampled_from(["1", "2", "3"]), max_size=3), st.just("1"), st.none()
            ),
            "action": st.sampled_from(["delete", "other"]),
            "delete": st.just({"tweet": {"id": "9"}}),
        },
    )


def _page_like(odd: bool) -> st.SearchStrategy:
    tweets = _tweet_like(odd)
    includes = st.fixed_dictionaries(
        {},
        optional={
            "users": st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "id": st.sampled_from(["7", "8"]),
                        "username": st.sampled_from(["a", "b"]),
                        "protected": st.booleans(),
                    },
                ),
                max_size=3,
            ),
            "media": st.lists(
                st.fixed_dictionaries({"media_key": st.sampled_from(["m1", "m2"]), "type": st.just("video")}),
                max_size=2,
            ),
            "tweets": st.lists(_tweet_like(True), max_size=2),
        },
    )
    return st.fixed_dictionaries(
        {"data": st.one_of(st.lists(tweets, max_size=3), tweets)},
        optional={"includes": st.one_of(includes, st.just([])) if odd else includes},
    )


_records = st.lists(
    st.one_of(_tweet_like(False), _page_like(False), _tweet_like(True), _page_like(True), _json), max_size=5
)


@_settings
@given(records=_records, pretty=st.booleans())
def test_typed_path_matches_generic_path_on_random_records(tmp_path, monkeypatch, records, pretty):
    path = tmp_path / "any.json"
    if pretty:  # one multi-line document: an array of records
        path.write_bytes(orjson.dumps(records, option=orjson.OPT_INDENT_2))
    else:
        path.write_bytes(b"\n".join(orjson.dumps(record) for record in records))
    assert_same(*both_paths(path, monkeypatch))
