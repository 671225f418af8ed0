"""public_only: every non-public, deleted or opted-out post is dropped with its reason and without its text."""

from __future__ import annotations

import pytest

from townsquare.corpus.public_only import OptOut, PublicOnlyStage
from townsquare.errors import InputError
from townsquare.post import batch_from_rows


def _rows():
    return [
        {"id": "1", "platform": "x", "text": "hello", "visibility": "public", "author_id": "a1"},
        {"id": "2", "platform": "x", "text": "dm", "visibility": "direct"},
        {"id": "3", "platform": "mastodon", "text": "fo", "visibility": "followers"},
        {"id": "4", "platform": "mastodon", "text": "un", "visibility": "unlisted"},
        {"id": "5", "platform": "x", "text": "locked", "visibility": "protected"},
        {"id": "6", "platform": "x", "text": "gone", "deleted": True},
        {"id": "7", "platform": "x", "text": "by opted-out author", "author_id": "a9"},
        {"id": "8", "platform": "x", "text": "by opted-out handle", "author_handle": "@Someone"},
        {"id": "9", "platform": "x", "text": "opted-out post"},
        {"id": "10", "platform": "x", "text": "deleted DM", "visibility": "direct", "deleted": True},
    ]


def test_each_reason_and_no_text_in_rejects():
    opt_out = OptOut(author_ids={"a9"}, handles={"someone"}, post_ids={"9"})
    result = PublicOnlyStage(opt_out).apply(batch_from_rows(_rows()))
    assert result.kept.column("id").to_pylist() == ["1"]
    reasons = dict(zip(result.rejected.column("id").to_pylist(), result.rejected.column("reason").to_pylist()))
    assert reasons == {
        "2": "private_visibility_direct",
        "3": "private_visibility_followers",
        "4": "private_visibility_unlisted",
        "5": "private_visibility_protected",
        "6": "deleted",
        "7": "opted_out_author",
        "8": "opted_out_author",
        "9": "opted_out_post",
        "10": "deleted",
    }
    assert result.rejected.column("text").null_count == result.rejected.num_rows
    assert result.counters["dropped_deleted"] == 2


def test_deleted_ids_are_collected_for_the_global_pass():
    stage = PublicOnlyStage()
    stage.apply(batch_from_rows(_rows()))
    stage.apply(batch_from_rows([{"id": "6", "platform": "x", "deleted": True}]))
    deleted = stage.take_deleted()
    assert sorted(zip(deleted.column("platform").to_pylist(), deleted.column("id").to_pylist())) == [
        ("x", "10"),
        ("x", "6"),
    ]
    assert stage.take_deleted().num_rows == 0


def test_opt_out_file_syntax(tmp_path):
    path = tmp_path / "opt_out.txt"
    path.write_text("# comment\nauthor:42\n@Alice  # trailing comment\nhandle:bob@mastodon.social\npost:77\n1234\n\n")
    opt_out = OptOut.from_file(path)
    assert opt_out.author_ids == {"42", "1234"}
    assert opt_out.handles == {"alice", "bob@mastodon.social", "1234"}  # a bare value is matched as every kind
    assert opt_out.post_ids == {"77", "1234"}  # a bare value is both: the safe side


def test_missing_opt_out_file_is_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="cannot read the opt-out list"):
        OptOut.from_file(tmp_path / "nope.txt")


def test_bare_opt_out_value_matches_a_handle_too(tmp_path):
    # Found by the quickstart canary audit: a CSV author listed by bare handle was kept.
    from townsquare.corpus.public_only import OptOut, PublicOnlyStage
    from townsquare.post import batch_from_rows

    path = tmp_path / "opt_out.txt"
    path.write_text("# csv author\numayoung15\n")
    batch = batch_from_rows(
        [
            {"id": "1", "platform": "csv", "author_handle": "umayoung15", "text": "secret"},
            {"id": "2", "platform": "csv", "author_handle": "someone_else", "text": "fine"},
        ]
    )
    result = PublicOnlyStage(OptOut.from_file(path)).apply(batch)
    assert result.kept.column("id").to_pylist() == ["2"]
    assert result.rejected.column("reason").to_pylist() == ["opted_out_author"]
