"""One post, many ids (review 9 R9-18, R9-5): a Mastodon status has a numeric id on every instance that has it
and one ActivityPub ``uri`` (the author's outbox export keys it by that); an edited tweet has the ids of its
versions. A deletion, ``forget`` or opt-out of any of them removes every copy, in any file order. Also what
``forget`` takes: post links (R9-4), and no index as the corpus (R9-13)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.corpus.build import build
from townsquare.corpus_dir import hash_id

URI = "https://town.example/users/oli/statuses/139000000000000001"
LOCAL_ID = "139000000000000001"  # the author's instance
OTHER_ID = "999000000000000777"  # another instance that federated it
CANARY = "zqxaliasq"
PUBLIC = "Ferry timetable for the winter is out now and looks fine"


def _status(status_id: str, acct: str, text: str, uri: str = URI) -> dict:
    return {
        "id": status_id,
        "created_at": "2026-12-02T10:00:00.000Z",
        "visibility": "public",
        "language": "en",
        "uri": uri,
        "url": "https://town.example/@oli/139000000000000001",
        "content": f"<p>{text}</p>",
        "account": {"id": "77" if acct == "oli" else "5077", "username": "oli", "acct": acct},
    }


def _outbox(*activities: dict) -> str:
    return json.dumps({"id": "outbox.json", "type": "OrderedCollection", "orderedItems": list(activities)})


def _create(uri: str, text: str) -> dict:
    public = ["https://www.w3.org/ns/activitystreams#Public"]
    return {
        "id": f"{uri}/activity",
        "type": "Create",
        "actor": "https://town.example/users/oli",
        "published": "2026-12-02T10:00:00Z",
        "to": public,
        "object": {
            "id": uri,
            "type": "Note",
            "attributedTo": "https://town.example/users/oli",
            "to": public,
            "content": f"<p>{text}</p>",
            "published": "2026-12-02T10:00:00Z",
        },
    }


def _delete(uri: str) -> dict:
    return {
        "id": f"{uri}#delete",
        "type": "Delete",
        "actor": "https://town.example/users/oli",
        "object": {"id": uri, "type": "Tombstone"},
    }


SECRET = f"Winter fair stall list, call me first {CANARY}"
FILES = {
    "api-a.json": json.dumps([_status(LOCAL_ID, "oli", SECRET)]),
    "api-b.json": json.dumps([_status(OTHER_ID, "oli@town.example", SECRET)]),
    "outbox.json": _outbox(_create(URI, SECRET), _create(URI.replace("0001", "0002"), PUBLIC)),
}


def _write(folder: Path, files: dict[str, str]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in files.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _corpus_text(out: Path) -> str:
    """Every byte of the corpus folder that could hold a post's text."""
    text = []
    for path in sorted(out.rglob("*")):
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            text.append(json.dumps(table.to_pylist(), default=str))
        elif path.is_file():
            text.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(text)


def _kept_texts(out: Path) -> list[str]:
    return [
        t for part in sorted((out / "posts").glob("*.parquet")) for t in pq.read_table(part).column("text").to_pylist()
    ]


DELETIONS = {
    "stream": ("stream.txt", f"event: delete\ndata: {LOCAL_ID}\n"),  # the author's instance's streaming API
    "outbox": ("outbox-delete.json", _outbox(_delete(URI))),  # the author's own export
    "other-instance": ("stream-b.txt", f"event: delete\ndata: {OTHER_ID}\n"),
}


@pytest.mark.parametrize("deletion", sorted(DELETIONS))
def test_a_deleted_status_leaves_every_copy_in_every_file_order(tmp_path, deletion):
    name, text = DELETIONS[deletion]
    paths = _write(tmp_path / "in", {**FILES, name: text})
    for n, order in enumerate(itertools.permutations(paths.values())):
        out = tmp_path / f"c{n}"
        summary = build(list(order), out, workers=1)
        assert summary.reconciles
        kept = _kept_texts(out)
        assert PUBLIC in kept, (deletion, [p.name for p in order])  # the control post stays
        assert CANARY not in _corpus_text(out), (deletion, [p.name for p in order])


def test_an_outbox_status_is_deleted_by_its_numeric_id_without_an_api_copy(tmp_path):
    """The outbox alone gives the URI; Mastodon's numeric id on the author's instance is its last segment."""
    paths = _write(tmp_path / "in", {"outbox.json": FILES["outbox.json"], "stream.txt": DELETIONS["stream"][1]})
    for n, order in enumerate(itertools.permutations(paths.values())):
        build(list(order), tmp_path / f"c{n}", workers=1)
        assert CANARY not in _corpus_text(tmp_path / f"c{n}")
        assert PUBLIC in _kept_texts(tmp_path / f"c{n}")


@pytest.mark.parametrize("form", [LOCAL_ID, f"mastodon:{LOCAL_ID}", URI, OTHER_ID])
def test_forget_by_any_id_of_a_status_removes_every_copy_and_a_rebuild_keeps_it_out(tmp_path, form):
    paths = _write(tmp_path / "in", {"outbox.json": FILES["outbox.json"], "api-b.json": FILES["api-b.json"]})
    out = tmp_path / "corpus"
    build(list(paths.values()), out, workers=1)
    assert any(CANARY in t for t in _kept_texts(out))
    (tmp_path / "ids.txt").write_text(form + "\n")
    result = CliRunner().invoke(main, ["forget", "--ids", str(tmp_path / "ids.txt"), "--corpus", str(out)])
    assert result.exit_code == 0, result.output
    assert "matched no post" not in result.output
    assert CANARY not in _corpus_text(out)
    # a later export brings the author's instance's copy (another id): the rebuild drops it too
    paths = {**paths, **_write(tmp_path / "in2", {"api-a.json": FILES["api-a.json"]})}
    for order in (list(paths.values()), list(reversed(paths.values()))):
        rebuilt = build(order, out, workers=1)
        assert rebuilt.reconciles
        assert CANARY not in _corpus_text(out) and PUBLIC in _kept_texts(out)


def test_the_opt_out_list_by_status_id_drops_the_outbox_copy(tmp_path):
    paths = _write(tmp_path / "in", {"outbox.json": FILES["outbox.json"], "api-b.json": FILES["api-b.json"]})
    (tmp_path / "opt_out.txt").write_text(f"{LOCAL_ID}\n")
    for n, order in enumerate(itertools.permutations(paths.values())):
        build(list(order), tmp_path / f"c{n}", workers=1, opt_out=tmp_path / "opt_out.txt")
        assert CANARY not in _corpus_text(tmp_path / f"c{n}")
        assert PUBLIC in _kept_texts(tmp_path / f"c{n}")


def _tweet(tweet_id: str, text: str, history: list[str]) -> dict:
    return {
        "id": tweet_id,
        "text": text,
        "author_id": "2244",
        "created_at": "2026-12-02T10:00:00.000Z",
        "edit_history_tweet_ids": history,
        "lang": "en",
    }


def _x_page(*tweets: dict) -> str:
    return json.dumps(
        {
            "data": list(tweets),
            "includes": {"users": [{"id": "2244", "username": "pub_fay", "name": "Fay"}]},
            "meta": {"result_count": len(tweets)},
        }
    )


EDITED = {
    "old.json": _x_page(_tweet("1600000000000000300", f"Skate park opens Friday {CANARY}", ["1600000000000000300"])),
    "new.json": _x_page(
        _tweet(
            "1600000000000000301", f"Skate park opens Saturday {CANARY}", ["1600000000000000300", "1600000000000000301"]
        ),
        _tweet("1600000000000000302", PUBLIC, ["1600000000000000302"]),
    ),
}


def test_forget_by_the_first_id_of_an_edit_chain_removes_the_latest_version(tmp_path):
    """Only the latest version was captured (an archive's tweets.js, an API page): its history names the first id,
    which is what the author and an X compliance delete give."""
    paths = _write(tmp_path / "in", {"new.json": EDITED["new.json"]})
    out = tmp_path / "corpus"
    build(list(paths.values()), out, workers=1)
    assert any(CANARY in t for t in _kept_texts(out))
    (tmp_path / "ids.txt").write_text("1600000000000000300\n")
    result = CliRunner().invoke(main, ["forget", "--ids", str(tmp_path / "ids.txt"), "--corpus", str(out)])
    assert result.exit_code == 0, result.output
    assert CANARY not in _corpus_text(out) and PUBLIC in _kept_texts(out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert hash_id("1600000000000000301") in manifest["forgotten"][-1]["ids_sha256"]


def test_a_compliance_delete_of_the_original_id_deletes_every_version(tmp_path):
    delete = {"delete": {"status": {"id": "1600000000000000300", "user_id": "2244"}, "timestamp_ms": "1764700000000"}}
    paths = _write(tmp_path / "in", {**EDITED, "compliance.jsonl": json.dumps(delete) + "\n"})
    for n, order in enumerate(itertools.permutations(paths.values())):
        build(list(order), tmp_path / f"c{n}", workers=1)
        assert CANARY not in _corpus_text(tmp_path / f"c{n}"), [p.name for p in order]
        assert PUBLIC in _kept_texts(tmp_path / f"c{n}")


def _three_platforms(tmp_path: Path) -> Path:
    """An X tweet, a Mastodon status and a Bluesky post, each with a canary, and a public control post."""
    jetstream = {
        "did": "did:plc:selfpost",
        "time_us": 1764670000000000,
        "kind": "commit",
        "commit": {
            "rev": "1",
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": "3lpn1",
            "record": {
                "$type": "app.bsky.feed.post",
                "text": "Bluesky skate park note zqxbskyq",
                "createdAt": "2026-12-02T10:00:00.000Z",
                "langs": ["en"],
            },
        },
    }
    paths = _write(
        tmp_path / "in",
        {
            "x.json": _x_page(
                _tweet("1700000000000000011", "Skate park is great for teens zqxtweetq", ["1700000000000000011"]),
                _tweet("1600000000000000302", PUBLIC, ["1600000000000000302"]),
            ),
            "api-a.json": json.dumps(
                [
                    _status(
                        "109000000000000008",
                        "gus",
                        "Mastodon skate park note zqxtootq",
                        uri="https://town.example/users/gus/statuses/109000000000000008",
                    )
                ]
            ),
            "jetstream.jsonl": json.dumps(jetstream) + "\n",
        },
    )
    out = tmp_path / "corpus"
    build(list(paths.values()), out, workers=1)
    assert all(c in _corpus_text(out) for c in ("zqxtweetq", "zqxtootq", "zqxbskyq"))
    return out


def test_forget_takes_the_post_links_the_apis_cite(tmp_path):
    out = _three_platforms(tmp_path)
    (tmp_path / "ids.txt").write_text(
        "https://x.com/pub_fay/status/1700000000000000011  # cited by the chat API\n"
        "https://town.example/@gus/109000000000000008\n"
        "https://bsky.app/profile/did:plc:selfpost/post/3lpn1\n"
    )
    result = CliRunner().invoke(main, ["forget", "--ids", str(tmp_path / "ids.txt"), "--corpus", str(out)])
    assert result.exit_code == 0, result.output
    assert "matched no post" not in result.output
    text = _corpus_text(out)
    assert not any(c in text for c in ("zqxtweetq", "zqxtootq", "zqxbskyq")) and PUBLIC in _kept_texts(out)


@pytest.mark.parametrize(
    "line",
    [
        "https://x.com/pub_fay",
        "https://bsky.app/profile/did:plc:selfpost",
        "https://town.example/@gus",
        "x.com/search?q=skate",
        "skate park post",
    ],
)
def test_forget_names_a_line_that_is_no_post_and_changes_nothing(tmp_path, line):
    out = _three_platforms(tmp_path)
    manifest = (out / "manifest.json").read_bytes()
    (tmp_path / "ids.txt").write_text(f"1700000000000000011\n{line}\n")
    result = CliRunner().invoke(main, ["forget", "--ids", str(tmp_path / "ids.txt"), "--corpus", str(out)])
    assert result.exit_code != 0
    assert "line 2" in result.output and line[:20] in result.output and "Traceback" not in result.output
    assert (out / "manifest.json").read_bytes() == manifest and "zqxtweetq" in _corpus_text(out)


def test_forget_refuses_an_index_given_as_the_corpus_and_writes_nothing(tmp_path):
    out = _three_platforms(tmp_path)
    index = tmp_path / "index"
    assert CliRunner().invoke(main, ["index", str(out), "--out", str(index)]).exit_code == 0
    before = {p: p.read_bytes() for p in index.rglob("*") if p.is_file()}
    (tmp_path / "ids.txt").write_text("1700000000000000011\n")
    result = CliRunner().invoke(main, ["forget", "--ids", str(tmp_path / "ids.txt"), "--corpus", str(index)])
    assert result.exit_code == 1, result.output
    assert "is a search index, not a corpus" in result.output and len(result.output.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in index.rglob("*") if p.is_file()} == before
