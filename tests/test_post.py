"""The Post record: schema, builder, Parquet round trip."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
import pytest

from townsquare.post import (
    POST_SCHEMA,
    PostBuilder,
    batch_from_rows,
    conform,
    empty_batch,
    read_parquet,
    to_utc,
    write_parquet,
)


def test_schema_has_the_design_fields_in_order():
    assert POST_SCHEMA.names == [
        "id",
        "platform",
        "uri",
        "author_id",
        "author_handle",
        "created_at",
        "text",
        "lang",
        "visibility",
        "deleted",
        "reply_to",
        "conversation_id",
        "quote_of",
        "repost_of",
        "hashtags",
        "mentions",
        "urls",
        "media",
        "like_count",
        "repost_count",
        "reply_count",
    ]
    assert POST_SCHEMA.field("created_at").type == pa.timestamp("us", tz="UTC")


def test_builder_defaults_and_batches():
    builder = PostBuilder(batch_size=2)
    assert not builder.add(id="1", platform="x", text="hello", created_at=to_utc("2024-01-02T03:04:05Z"))
    assert builder.add(
        id="2",
        platform="x",
        text="bye",
        visibility="direct",
        media=[{"kind": "photo", "url": "https://e.x/1.jpg", "alt_text": "a cat"}],
    )
    batch = builder.flush()
    assert batch.num_rows == 2 and builder.flush() is None
    rows = batch.to_pylist()
    assert rows[0]["visibility"] == "public" and rows[0]["deleted"] is False
    assert rows[0]["created_at"] == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert rows[1]["media"][0]["alt_text"] == "a cat"


def test_builder_rejects_unknown_fields():
    with pytest.raises(KeyError, match="not a Post field"):
        PostBuilder().add(id="1", platform="x", body="oops")


def test_to_utc_forms():
    assert to_utc("2024-05-01T10:00:00+02:00") == datetime(2024, 5, 1, 8, tzinfo=UTC)
    assert to_utc(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert to_utc(None) is None and to_utc("") is None


def test_parquet_round_trip_is_atomic(tmp_path):
    batch = batch_from_rows([{"id": str(i), "platform": "text", "text": f"post {i}"} for i in range(5)])
    path = tmp_path / "posts" / "part-00000.parquet"
    assert write_parquet([batch, empty_batch()], path) == 5
    assert not list(path.parent.glob(".*tmp"))
    back = pa.Table.from_batches(list(read_parquet(path.parent)))
    assert back.column("text").to_pylist() == [f"post {i}" for i in range(5)]


def test_conform_fills_missing_columns_and_keeps_extras():
    table = pa.table(
        {"text": ["a"], "id": ["1"], "platform": ["x"], "visibility": ["public"], "deleted": [False], "extra": [1]}
    )
    out = conform(table)
    assert out.schema.names[: len(POST_SCHEMA)] == POST_SCHEMA.names
    assert out.schema.names[-1] == "extra" and out.column("uri").null_count == 1
