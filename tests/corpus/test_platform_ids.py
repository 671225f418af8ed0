"""Ids are unique per platform only: deletions and same-id dedup never cross platforms (or CSV files)."""

from __future__ import annotations

import json

import pyarrow.parquet as pq

from townsquare.corpus.build import build


def _csv(path, rows):
    path.write_text(
        "id,screen_name,text,created_at\n" + "".join(f"{i},{u},{t},2025-03-01T00:00:00Z\n" for i, u, t in rows)
    )
    return path


def _kept(out) -> list[tuple[str, str]]:
    table = pq.read_table(out / "posts")
    return sorted(zip(table.column("platform").to_pylist(), table.column("id").to_pylist()))


def _reasons(out) -> dict:
    return {r["id"]: r["reason"] for p in (out / "rejects").glob("*.parquet") for r in pq.read_table(p).to_pylist()}


def test_an_x_deletion_does_not_remove_a_csv_post_with_the_same_id(tmp_path):
    posts = _csv(
        tmp_path / "posts.csv", [("2", "csv_ivy", "The town fair opens on Saturday with music and food stalls")]
    )
    tweets = tmp_path / "x.jsonl"
    tweets.write_text(
        json.dumps(
            {
                "data": [
                    {
                        "id": "3",
                        "author_id": "10",
                        "text": "Town hall meeting tonight about the new bus routes, everyone is welcome",
                        "edit_history_tweet_ids": ["3"],
                        "created_at": "2025-03-02T10:00:00.000Z",
                    }
                ]
            }
        )
        + "\n"
        + json.dumps({"id": "2", "action": "delete", "created_at": "2025-04-01T00:00:00.000Z", "reason": "deleted"})
        + "\n"
        + json.dumps({"id": "3", "action": "delete", "created_at": "2025-04-01T00:00:00.000Z", "reason": "deleted"})
        + "\n"
    )
    out = tmp_path / "corpus"
    summary = build([posts, tweets], out)
    assert summary.reconciles
    assert _kept(out) == [("csv", "2")]  # X tweet 3 is deleted; CSV post 2 is not X tweet 2


def test_two_csv_files_with_the_same_id_are_two_posts(tmp_path):
    a = _csv(tmp_path / "a.csv", [("1", "csv_ivy", "The town fair opens on Saturday with music and food stalls")])
    b = _csv(tmp_path / "b.csv", [("1", "csv_jo", "Road works on the bridge all next week, take the ferry instead")])
    out = tmp_path / "corpus"
    summary = build([a, b], out)
    assert summary.reconciles and summary.kept == 2
    assert "dedup_same_id" not in _reasons(out).values()


def test_the_same_tweet_in_two_exports_is_still_one_post(tmp_path):
    line = (
        json.dumps(
            {
                "data": [
                    {
                        "id": "5",
                        "author_id": "10",
                        "text": "Town hall meeting tonight about the new bus routes, everyone is welcome",
                        "edit_history_tweet_ids": ["5"],
                        "created_at": "2025-03-02T10:00:00.000Z",
                    }
                ]
            }
        )
        + "\n"
    )
    (tmp_path / "a.jsonl").write_text(line)
    (tmp_path / "b.jsonl").write_text(line)
    out = tmp_path / "corpus"
    build([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], out)
    assert _kept(out) == [("x", "5")] and _reasons(out) == {"5": "dedup_same_id"}
