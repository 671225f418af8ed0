"""Opt-out lists as people write them: a BOM, a wrong encoding, and Mastodon's two spellings of a handle."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.corpus.build import build
from townsquare.corpus.public_only import OptOut, PublicOnlyStage
from townsquare.errors import InputError
from townsquare.post import batch_from_rows


def test_a_byte_order_mark_does_not_hide_the_first_entry(tmp_path):
    (tmp_path / "opt_out.txt").write_bytes(b"\xef\xbb\xbf@OptOut_Bob\r\nauthor:42\n")
    opt_out = OptOut.from_file(tmp_path / "opt_out.txt")
    assert opt_out.handles == {"optout_bob"} and opt_out.author_ids == {"42"}
    rows = [{"id": "1", "platform": "x", "text": "CANARYBOMOPTOUT28", "author_handle": "OptOut_Bob"}]
    assert PublicOnlyStage(opt_out).apply(batch_from_rows(rows)).kept.num_rows == 0


def test_an_undecodable_list_is_one_clear_error(tmp_path):
    (tmp_path / "opt_out.txt").write_bytes("@bob\n".encode("utf-16"))
    with pytest.raises(InputError, match="not UTF-8"):
        OptOut.from_file(tmp_path / "opt_out.txt")
    (tmp_path / "in.txt").write_text("a public post about the weather in town today\n")
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(tmp_path / "in.txt"),
            "--out",
            str(tmp_path / "corpus"),
            "--opt-out",
            str(tmp_path / "opt_out.txt"),
        ],
    )
    assert result.exit_code == 1 and "not UTF-8" in result.output
    assert "Traceback" not in result.output and "UnicodeDecodeError" not in result.output


@pytest.mark.parametrize("entry", ["@hank", "@hank@town.example", "@Hank@Town.Example", "hank"])
def test_both_mastodon_spellings_match_both_readers(entry):
    rows = [
        {"id": "1", "platform": "mastodon", "text": "api", "author_handle": "hank"},
        {"id": "2", "platform": "mastodon", "text": "outbox", "author_handle": "hank@town.example"},
        {"id": "3", "platform": "mastodon", "text": "other", "author_handle": "gina@town.example"},
    ]
    opt_out = OptOut()
    opt_out.add(entry)
    result = PublicOnlyStage(opt_out).apply(batch_from_rows(rows))
    assert result.kept.column("id").to_pylist() == ["3"]


def test_a_full_mastodon_handle_does_not_match_a_namesake_elsewhere():
    rows = [
        {"id": "1", "platform": "x", "text": "an X user called hank", "author_handle": "hank"},
        {"id": "2", "platform": "mastodon", "text": "hank on another instance", "author_handle": "hank@other.example"},
    ]
    opt_out = OptOut()
    opt_out.add("@hank@town.example")
    assert PublicOnlyStage(opt_out).apply(batch_from_rows(rows)).kept.num_rows == 2


PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
ACTOR = "https://town.example/users/hank"


def _exports(folder):
    outbox = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": 1,
        "orderedItems": [
            {
                "id": ACTOR + "/statuses/1/activity",
                "type": "Create",
                "actor": ACTOR,
                "published": "2025-03-03T10:00:00Z",
                "to": [PUBLIC],
                "cc": [ACTOR + "/followers"],
                "object": {
                    "id": ACTOR + "/statuses/1",
                    "type": "Note",
                    "url": "https://town.example/@hank/1",
                    "to": [PUBLIC],
                    "cc": [ACTOR + "/followers"],
                    "attributedTo": ACTOR,
                    "content": "<p>Outbox post by hank CANARYOUTBOXOPT32 about the community garden</p>",
                },
            }
        ],
    }
    (folder / "outbox.json").write_text(json.dumps(outbox))
    account = {"id": "52", "username": "hank", "acct": "hank", "locked": False}
    status = {
        "id": "3101",
        "created_at": "2025-03-03T10:00:00.000Z",
        "visibility": "public",
        "language": "en",
        "url": "https://town.example/@hank/3101",
        "account": account,
        "reblog": None,
        "spoiler_text": "",
        "content": "<p>API status by hank CANARYAPIOPT33 about the community garden</p>",
        "media_attachments": [],
        "tags": [],
        "mentions": [],
    }
    (folder / "statuses.jsonl").write_text(json.dumps(status) + "\n")
    return [folder / "outbox.json", folder / "statuses.jsonl"]


@pytest.mark.parametrize("entry", ["@hank", "@hank@town.example"])
def test_outbox_and_api_exports_of_one_account_are_both_opted_out(tmp_path, entry):
    inputs = _exports(tmp_path)
    (tmp_path / "opt_out.txt").write_text(entry + "\n")
    out = tmp_path / "corpus"
    summary = build(inputs, out, opt_out=tmp_path / "opt_out.txt")
    assert summary.reconciles and summary.kept == 0
    everything = json.dumps([pq.read_table(p).to_pylist() for p in out.rglob("*.parquet")], default=str)
    assert "CANARYOUTBOXOPT32" not in everything and "CANARYAPIOPT33" not in everything
