"""Consent as state: events anywhere in the input, in any file order, decide every copy of a post.

Inputs are written in the shapes the platforms document (X compliance streams and batch
compliance, API v2 pages, twarc-csv columns, Mastodon REST and streaming, Jetstream).
"""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from townsquare.corpus.build import build
from townsquare.corpus.consent import LEDGER_SCHEMA

TEXT = "about the farmers market opening this weekend with music and food stalls"


def _tweet(tweet_id: str, author: str, canary: str = "") -> dict:
    return {
        "id": tweet_id,
        "author_id": author,
        "text": f"Tweet {canary} {TEXT}",
        "lang": "en",
        "created_at": "2025-03-02T10:00:00.000Z",
        "edit_history_tweet_ids": [tweet_id],
    }


def _page(tweets: list[dict], users: list[dict] | None = None) -> str:
    page = {"data": tweets, "meta": {"result_count": len(tweets)}}
    if users is not None:
        page["includes"] = {"users": users}
    return json.dumps(page) + "\n"


def _everything(out) -> str:
    chunks = [json.dumps(pq.read_table(p).to_pylist(), default=str) for p in out.rglob("*.parquet")]
    return "\n".join(chunks + [p.read_text(errors="replace") for p in out.rglob("*") if p.suffix in (".json", ".md")])


def _kept(out) -> list[str]:
    return sorted(pq.read_table(out / "posts").column("id").to_pylist())


def _reasons(out) -> dict[str, str]:
    return {r["id"]: r["reason"] for p in (out / "rejects").glob("*.parquet") for r in pq.read_table(p).to_pylist()}


def _build_every_order(tmp_path, files: dict[str, str], **options):
    """Build the inputs in several file orders (every order of two files; each rotation, forwards and
    backwards, of more); yield (out, summary) for each."""
    paths = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_text(content)
        paths.append(path)
    rotations = [paths[i:] + paths[:i] for i in range(len(paths))]
    orders = list(dict.fromkeys(tuple(o) for r in rotations for o in (r, r[::-1])))
    for number, order in enumerate(orders):
        out = tmp_path / f"corpus{number}"
        summary = build(list(order), out, **options)
        assert summary.reconciles
        yield out, summary


# ---------------------------------------------------------------- case 1: X compliance events of every kind


@pytest.mark.parametrize(
    "kind, reason",
    [
        ("user_protect", "author_protected"),
        ("user_suspend", "account_suspended"),
        ("user_delete", "account_deleted"),
        ("user_withheld", "author_withheld"),
    ],
)
def test_x_user_compliance_events_drop_every_post_of_the_user(tmp_path, kind, reason):
    event = {"data": {kind: {"user": {"id": "16"}, "event_at": "2025-04-01T00:00:00.000Z"}}}
    files = {
        "tweets.jsonl": _page([_tweet("501", "16", "CANARYXUSEREVT41"), _tweet("502", "17")]),
        "events.jsonl": json.dumps(event) + "\n",
    }
    for out, summary in _build_every_order(tmp_path, files):
        assert _kept(out) == ["502"] and _reasons(out)["501"] == reason
        assert "CANARYXUSEREVT41" not in _everything(out)
        assert summary.quarantined == 0  # not "malformed tweet: KeyError: 'id'"


@pytest.mark.parametrize(
    "event",
    [
        {"data": {"drop": {"tweet": {"id": "501", "author_id": "16"}, "event_at": "2025-04-01T00:00:00.000Z"}}},
        {
            "data": {
                "withheld": {
                    "tweet": {"id": "501", "author_id": "16"},
                    "withheld_in_countries": ["DE"],
                    "event_at": "2025-04-01T00:00:00.000Z",
                }
            }
        },
        {"status_withheld": {"id": 501, "user_id": 16, "withheld_in_countries": ["DE"]}},
        {"data": {"delete": {"tweet": {"id": "501", "author_id": "16"}, "event_at": "2025-04-01T00:00:00.000Z"}}},
    ],
)
def test_x_post_compliance_events_drop_the_post(tmp_path, event):
    files = {
        "tweets.jsonl": _page([_tweet("501", "16", "CANARYXPOSTEVT42"), _tweet("502", "16")]),
        "events.jsonl": json.dumps(event) + "\n",
    }
    for out, _ in _build_every_order(tmp_path, files):
        assert _kept(out) == ["502"]
        assert "CANARYXPOSTEVT42" not in _everything(out)


def test_the_latest_state_wins_and_an_untimed_reading_is_the_most_private(tmp_path):
    def event(kind, at):
        body = {"user": {"id": "16"}}
        if at:
            body["event_at"] = at
        return json.dumps({"data": {kind: body}}) + "\n"

    tweets = _page([_tweet("501", "16")])
    cases = [
        ([("user_protect", "2025-04-01T00:00:00.000Z"), ("user_unprotect", "2025-04-02T00:00:00.000Z")], ["501"]),
        ([("user_unprotect", "2025-04-01T00:00:00.000Z"), ("user_protect", "2025-04-02T00:00:00.000Z")], []),
        ([("user_protect", None), ("user_unprotect", "2025-04-02T00:00:00.000Z")], []),
        (
            [
                ("user_suspend", "2025-04-01T00:00:00.000Z"),
                ("user_unsuspend", "2025-04-03T00:00:00.000Z"),
                ("user_protect", "2025-04-02T00:00:00.000Z"),
                ("user_unprotect", "2025-04-04T00:00:00.000Z"),
            ],
            ["501"],
        ),
    ]
    for number, (events, kept) in enumerate(cases):
        folder = tmp_path / f"case{number}"
        folder.mkdir()
        files = {"tweets.jsonl": tweets}
        files.update({f"e{i}.jsonl": event(kind, at) for i, (kind, at) in enumerate(events)})
        for out, _ in _build_every_order(folder, files):
            assert _kept(out) == kept, (events, out.name)


# ---------------------------------------------------------------- case 2: protected learned anywhere applies everywhere


def test_an_author_protected_in_a_later_file_or_an_earlier_page_loses_every_post(tmp_path):
    users_public = [{"id": "16", "username": "ann", "protected": False}]
    users_protected = [{"id": "16", "username": "ann", "protected": True}]
    files = {
        "public.jsonl": _page([_tweet("501", "16", "CANARYPROT43")], users_public),
        # a page that marks ann protected, then a page of the same file without includes
        "later.jsonl": _page([_tweet("503", "18")], users_protected + [{"id": "18", "username": "cy"}])
        + _page([_tweet("502", "16", "CANARYPROT44")]),
    }
    for out, _ in _build_every_order(tmp_path, files):
        assert _kept(out) == ["503"]
        assert _reasons(out)["501"] == "author_protected"
        everything = _everything(out)
        assert "CANARYPROT43" not in everything and "CANARYPROT44" not in everything


# ---------------------------------------------------------------- case 3: twarc-csv


def test_twarc_csv_author_protected_column(tmp_path):
    header = "id,conversation_id,author_id,author.id,author.username,author.protected,text,created_at,lang\n"
    files = {
        "tweets.csv": header
        + f"601,601,16,16,ann,True,Private tweet CANARYTWARC45 {TEXT},2025-03-02T10:00:00.000Z,en\n"
        + f"602,602,17,17,bo,False,Public tweet {TEXT},2025-03-02T10:00:00.000Z,en\n",
        "more.csv": "id,author_id,text,created_at\n"
        + f"603,16,Another of ann CANARYTWARC46 {TEXT},2025-03-02T11:00:00.000Z\n",
    }
    for out, _ in _build_every_order(tmp_path, files):
        assert _kept(out) == ["602"]
        assert "CANARYTWARC45" not in _everything(out) and "CANARYTWARC46" not in _everything(out)


def test_an_author_protected_in_twarc_csv_loses_their_x_json_posts(tmp_path):
    """twarc-csv is X data: its rows are platform x, so the account its author.protected column protects is
    the X account of the API pages too (the ledger keys accounts by platform + author id), and a tweet in
    both files is one post."""
    header = "id,conversation_id,author_id,author.id,author.username,author.protected,text,created_at,lang\n"
    files = {
        "twarc.csv": header
        + f"601,601,16,16,ann,True,Private tweet {TEXT},2025-03-02T10:00:00.000Z,en\n"
        + f"602,602,17,17,bo,False,Public tweet {TEXT},2025-03-02T10:00:00.000Z,en\n",
        "search.jsonl": _page([_tweet("701", "16", "CANARYTWARCX47"), _tweet("602", "17")]),
    }
    for out, _ in _build_every_order(tmp_path, files):
        assert _kept(out) == ["602"]
        assert pq.read_table(out / "posts").column("platform").to_pylist() == ["x"]
        assert _reasons(out)["701"] == "author_protected"
        assert "CANARYTWARCX47" not in _everything(out)


def test_an_author_protected_in_a_flattened_v1_1_csv_loses_their_x_json_posts(tmp_path):
    """X API v1.1 tweets flattened to CSV (the user object's fields as ``user.*`` columns, ``id`` damaged by
    a float) are X data too: ``user.protected`` protects the X account of the API pages, and the id is
    ``id_str``, so the tweet in both files is one post."""
    header = "created_at,id,id_str,full_text,lang,user.id,user.id_str,user.screen_name,user.protected\n"
    stamp = "Sun Mar 02 10:00:00 +0000 2025"
    files = {
        "v1.csv": header
        + f"{stamp},1.85041795041233E+18,1850417950412330017,Private tweet {TEXT},en,16,16,ann,True\n"
        + f"{stamp},1.85041795041233E+18,1850417950412330018,Public tweet {TEXT},en,17,17,bo,False\n",
        "search.jsonl": _page(
            [_tweet("1850417950412330019", "16", "CANARYV11X48"), _tweet("1850417950412330018", "17")]
        ),
    }
    for out, _ in _build_every_order(tmp_path, files):
        assert _kept(out) == ["1850417950412330018"]
        assert pq.read_table(out / "posts").column("platform").to_pylist() == ["x"]
        assert _reasons(out)["1850417950412330019"] == "author_protected"
        assert "CANARYV11X48" not in _everything(out)


# ---------------------------------------------------------------- case 4: the newest version of an edited post


def _status(status_id: str, text: str, edited_at: str | None, account: dict | None = None) -> dict:
    return {
        "id": status_id,
        "created_at": "2025-03-03T10:00:00.000Z",
        "edited_at": edited_at,
        "visibility": "public",
        "language": "en",
        "url": f"https://town.example/@ann/{status_id}",
        "account": account or {"id": "16", "username": "ann", "acct": "ann"},
        "content": f"<p>{text}</p>",
        "media_attachments": [],
        "tags": [],
        "mentions": [],
    }


def test_mastodon_keeps_the_newest_edit_whatever_the_order(tmp_path):
    files = {
        "before.jsonl": json.dumps(_status("100", f"First draft CANARYEDIT47 {TEXT}", None)) + "\n",
        "edit1.jsonl": json.dumps(_status("100", f"Second draft CANARYEDIT48 {TEXT}", "2025-03-03T11:00:00.000Z"))
        + "\n",
        "edit2.jsonl": json.dumps(_status("100", f"Final words {TEXT}", "2025-03-03T12:00:00.000Z")) + "\n",
    }
    for out, _ in _build_every_order(tmp_path, files):
        table = pq.read_table(out / "posts")
        assert table.column("text").to_pylist() == [f"Final words {TEXT}"]
        rejects = [r for p in (out / "rejects").glob("*.parquet") for r in pq.read_table(p).to_pylist()]
        assert sorted(r["reason"] for r in rejects) == ["dedup_old_edit", "dedup_old_edit"]
        everything = _everything(out)
        assert "CANARYEDIT47" not in everything and "CANARYEDIT48" not in everything


def test_jetstream_update_after_create_wins_in_any_order(tmp_path):
    did = "did:plc:editor0000000000000001"

    def commit(op, text, t):
        return (
            json.dumps(
                {
                    "did": did,
                    "time_us": 1740000000000000 + t,
                    "kind": "commit",
                    "commit": {
                        "rev": str(t),
                        "operation": op,
                        "collection": "app.bsky.feed.post",
                        "rkey": "3kedit",
                        "cid": f"bafy{t}",
                        "record": {
                            "$type": "app.bsky.feed.post",
                            "text": text,
                            "createdAt": "2025-03-04T10:00:00.000Z",
                            "langs": ["en"],
                        },
                    },
                }
            )
            + "\n"
        )

    files = {
        "update.jsonl": commit("update", f"Fixed post {TEXT}", 5),
        "create.jsonl": commit("create", f"Typo post CANARYEDIT49 {TEXT}", 1),
    }
    for out, _ in _build_every_order(tmp_path, files):
        assert pq.read_table(out / "posts").column("text").to_pylist() == [f"Fixed post {TEXT}"]
        assert "CANARYEDIT49" not in _everything(out)


# ---------------------------------------------------------------- case 6: Mastodon's own consent flags


@pytest.mark.parametrize(
    "flags",
    [
        {"indexable": False},
        {"noindex": True},
        {"discoverable": False},
        {"note": '<p>Artist. <a href="https://t.example/tags/nobot">#<span>NoBot</span></a></p>'},
        {"note": "<p>#noindex</p>"},
    ],
)
def test_mastodon_accounts_that_ask_not_to_be_indexed(tmp_path, flags):
    ann = {"id": "16", "username": "ann", "acct": "ann", **flags}
    files = {
        "a.jsonl": json.dumps(_status("100", f"Flagged CANARYNOIDX50 {TEXT}", None, ann))
        + "\n"
        + json.dumps(
            _status(
                "101",
                f"Other {TEXT}",
                None,
                {"id": "17", "username": "bo", "acct": "bo", "indexable": True, "discoverable": True},
            )
        )
        + "\n",
        # ann's account object without the flag, in another file: the most private reading wins
        "b.jsonl": json.dumps(
            _status("102", f"Also ann CANARYNOIDX51 {TEXT}", None, {"id": "16", "username": "ann", "acct": "ann"})
        )
        + "\n",
    }
    for out, _ in _build_every_order(tmp_path, files):
        assert _kept(out) == ["101"]
        everything = _everything(out)
        assert "CANARYNOIDX50" not in everything and "CANARYNOIDX51" not in everything


def test_mastodon_streaming_delete(tmp_path):
    files = {
        "statuses.jsonl": json.dumps(_status("16", f"Soon deleted CANARYSTREAM52 {TEXT}", None))
        + "\n"
        + json.dumps(_status("17", f"Stays {TEXT}", None))
        + "\n",
        "stream.jsonl": json.dumps({"stream": ["public"], "event": "delete", "payload": "16"}) + "\n",
    }
    for out, summary in _build_every_order(tmp_path, files):
        assert _kept(out) == ["17"] and summary.quarantined == 0
        assert "CANARYSTREAM52" not in _everything(out)


# ---------------------------------------------------------------- case 7: formats from content, not names


@pytest.mark.parametrize("name", ["users_compliance.jsonl", "user_deletes.jsonl", "tweets.jsonl"])
def test_a_compliance_file_named_user_still_deletes_tweets(tmp_path, name):
    result = {
        "id": "1170025343920402432",
        "action": "delete",
        "created_at": "2019-09-06T17:25:54.667Z",
        "reason": "deleted",
    }
    tweet = _tweet("1170025343920402432", "16", "CANARYNAME53")
    tweet["created_at"] = "2019-09-06T17:25:54.667Z"
    files = {"page.jsonl": _page([tweet, _tweet("502", "17")]), name: json.dumps(result) + "\n"}
    for out, _ in _build_every_order(tmp_path, files):
        assert _kept(out) == ["502"]
        assert "CANARYNAME53" not in _everything(out)


# ---------------------------------------------------------------- the ledger itself


def test_the_ledger_is_stored_hashed_and_reported_in_the_card(tmp_path):
    event = {"data": {"user_protect": {"user": {"id": "16"}, "event_at": "2025-04-01T00:00:00.000Z"}}}
    (tmp_path / "t.jsonl").write_text(_page([_tweet("501", "16"), _tweet("502", "17")]) + json.dumps(event) + "\n")
    out = tmp_path / "corpus"
    build([tmp_path / "t.jsonl"], out)
    ledger = pq.read_table(out / "consent" / "ledger.parquet")
    assert ledger.schema.equals(LEDGER_SCHEMA)
    rows = ledger.to_pylist()
    assert [(r["scope"], r["platform"], r["state"]) for r in rows] == [("author", "x", "author_protected")]
    assert rows[0]["id_sha256"] != "16" and len(rows[0]["id_sha256"]) == 64
    card = (out / "CARD.md").read_text()
    assert "### Consent ledger" in card and "| `user_protect` | 1 |" in card
    assert "authors protected: 1" in card


def test_the_card_counts_an_event_read_from_two_files_once(tmp_path):
    """The same compliance event (platform, kind, account, time) in two files is one event; another time
    of the same kind is another."""
    protect = {"data": {"user_protect": {"user": {"id": "16"}, "event_at": "2025-04-01T00:00:00.000Z"}}}
    later = {"data": {"user_protect": {"user": {"id": "16"}, "event_at": "2025-05-01T00:00:00.000Z"}}}
    (tmp_path / "tweets.jsonl").write_text(_page([_tweet("501", "16"), _tweet("502", "17")]))
    (tmp_path / "stream-a.jsonl").write_text(json.dumps(protect) + "\n")
    (tmp_path / "stream-b.jsonl").write_text(json.dumps(protect) + "\n" + json.dumps(later) + "\n")
    out = tmp_path / "corpus"
    build([tmp_path / "tweets.jsonl", tmp_path / "stream-a.jsonl", tmp_path / "stream-b.jsonl"], out)
    card = (out / "CARD.md").read_text()
    assert "| `user_protect` | 2 |" in card, card
    consent = json.loads((out / "stats" / "global.json").read_text())["consent"]
    assert consent["events_by_kind"]["user_protect"] == 2


# ---------------------------------------------------------------- forget reads events through the same ledger


def test_forget_removes_the_posts_of_an_author_a_later_compliance_event_protects(tmp_path):
    from townsquare.forget import forget, read_ids

    tweets = tmp_path / "tweets.jsonl"
    other = _tweet("502", "17")
    other["text"] = "A different post entirely: the council votes on the new library hours next Tuesday evening"
    tweets.write_text(_page([_tweet("501", "16", "CANARYFORGET54"), other]))
    out = tmp_path / "corpus"
    build([tweets], out)
    assert _kept(out) == ["501", "502"]
    events = tmp_path / "later_events.jsonl"  # arrives after the build
    events.write_text(
        json.dumps({"data": {"user_protect": {"user": {"id": "16"}, "event_at": "2025-04-01T00:00:00.000Z"}}}) + "\n"
    )
    assert read_ids(events, out) == ["501"]
    forget(out, read_ids(events, out))
    assert _kept(out) == ["502"]
    assert "CANARYFORGET54" not in _everything(out)


def test_ingest_keeps_the_consent_events_for_a_later_build(tmp_path):
    """``ingest`` writes Post Parquet; the events of its inputs travel in the parts' footers to ``build``."""
    from townsquare.sources.ingest import ingest

    other = _tweet("502", "17")
    other["text"] = "A different post entirely: the council votes on the new library hours next Tuesday evening"
    (tmp_path / "tweets.jsonl").write_text(_page([_tweet("501", "16", "CANARYINGEST55"), other]))
    (tmp_path / "events.jsonl").write_text(
        json.dumps({"data": {"user_protect": {"user": {"id": "16"}, "event_at": "2025-04-01T00:00:00.000Z"}}}) + "\n"
    )
    ingest([tmp_path / "tweets.jsonl", tmp_path / "events.jsonl"], tmp_path / "ingested")
    out = tmp_path / "corpus"
    assert build([tmp_path / "ingested"], out).reconciles
    assert _kept(out) == ["502"] and _reasons(out)["501"] == "author_protected"
    assert "CANARYINGEST55" not in _everything(out)


# ---------------------------------------------------------------- Bluesky's own consent label (review 9, R9-1)


def _jetstream(did: str, collection: str, rkey: str, record: dict | None, t: int, op: str = "create") -> str:
    commit = {"rev": str(t), "operation": op, "collection": collection, "rkey": rkey, "cid": f"bafy{t}"}
    if record is not None:
        commit["record"] = record
    return json.dumps({"did": did, "time_us": 1740000000000000 + t, "kind": "commit", "commit": commit}) + "\n"


def _profile(labels: list[str]) -> dict:
    record = {"$type": "app.bsky.actor.profile", "displayName": "Kim"}
    if labels:
        record["labels"] = {"$type": "com.atproto.label.defs#selfLabels", "values": [{"val": v} for v in labels]}
    return record


def _bsky_post(text: str) -> dict:
    return {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2025-03-04T10:00:00.000Z", "langs": ["en"]}


def test_a_bluesky_account_that_asks_to_be_hidden_from_logged_out_users_loses_every_post(tmp_path):
    # "!no-unauthenticated" on the profile is the user's request that logged-out viewers not see their content;
    # everything here is served to anonymous API clients and trained on, so it is Mastodon's noindex twin
    hidden, other = "did:plc:nounauth000000000000001", "did:plc:public00000000000000001"
    files = {
        "posts.jsonl": _jetstream(
            hidden, "app.bsky.feed.post", "3lhid1", _bsky_post(f"Hidden CANARYNOAUTH53 {TEXT}"), 9
        )
        + _jetstream(other, "app.bsky.feed.post", "3lpub1", _bsky_post(f"Public {TEXT}"), 9),
        # the profile comes in another file, before or after the posts
        "profile.jsonl": _jetstream(hidden, "app.bsky.actor.profile", "self", _profile(["!no-unauthenticated"]), 2),
    }
    for out, _ in _build_every_order(tmp_path, files):
        assert _kept(out) == [f"at://{other}/app.bsky.feed.post/3lpub1"]
        assert _reasons(out) == {f"at://{hidden}/app.bsky.feed.post/3lhid1": "author_noindex"}
        assert "CANARYNOAUTH53" not in _everything(out)


def test_a_bluesky_profile_updated_without_the_label_makes_the_account_public_again(tmp_path):
    did = "did:plc:relabel00000000000000001"
    files = {
        "posts.jsonl": _jetstream(did, "app.bsky.feed.post", "3lre1", _bsky_post(f"Back {TEXT}"), 9),
        "labelled.jsonl": _jetstream(did, "app.bsky.actor.profile", "self", _profile(["!no-unauthenticated"]), 2),
        "cleared.jsonl": _jetstream(did, "app.bsky.actor.profile", "self", _profile([]), 5, op="update"),
    }
    for out, _ in _build_every_order(tmp_path, files):
        assert _kept(out) == [f"at://{did}/app.bsky.feed.post/3lre1"]


def test_a_bluesky_repository_export_whose_profile_asks_to_be_hidden_gives_no_post(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
    import hostile_files as car

    profile = car.cbor(_profile(["!no-unauthenticated"]))
    post = car.cbor(_bsky_post(f"Hidden in a CAR CANARYNOAUTH54 {TEXT}"))
    node = car.cbor(
        {
            "l": None,
            "e": [
                {"p": 0, "k": b"app.bsky.actor.profile/self", "v": car.cid(profile), "t": None},
                {"p": 9, "k": b"feed.post/3aaa", "v": car.cid(post), "t": None},
            ],
        }
    )
    path = car._repo(tmp_path / "repo.car", [node], car.cid(node), [profile, post])
    summary = build([path], tmp_path / "corpus")
    assert summary.reconciles
    assert _kept(tmp_path / "corpus") == []
    assert _reasons(tmp_path / "corpus") == {"at://did:plc:hostile/app.bsky.feed.post/3aaa": "author_noindex"}
    assert "CANARYNOAUTH54" not in _everything(tmp_path / "corpus")
