"""The seven reproduced consent leaks of issue 14, each a black-box test over the real CLI, index and API.

Inputs are written from the platforms' documentation (see platform_docs.py), never from our readers. Each
test plants a canary in every post that must stay out and a public control canary that must come through,
runs ``townsquare build`` -> ``tokenize`` -> ``index`` -> the API, and looks everywhere (consent_audit.py).
"""

from __future__ import annotations

import json
import random
import re

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("tantivy")

from consent_audit import Planted, Registry, chatter, run_town, write_inputs  # noqa: E402
from platform_docs import (  # noqa: E402
    b_identity,
    b_post,
    b_update,
    b_uri,
    jsonl,
    m_account,
    m_sse,
    m_status,
    m_stream,
    twarc_csv,
    x_batch_compliance,
    x_page,
    x_tweet,
    x_tweet_compliance,
    x_user,
    x_user_compliance,
)

pytestmark = pytest.mark.slow


def _reconciled(town) -> tuple[int, int, int, int]:
    match = re.search(r"read (\d+) = kept (\d+) \+ rejected (\d+) \+ quarantined (\d+)", town.build_output)
    assert match, town.build_output
    read, kept, rejected, quarantined = map(int, match.groups())
    assert read == kept + rejected + quarantined
    return read, kept, rejected, quarantined


def _assert_private_gone_and_controls_found(town, reg, quarantine_allowed: bool = True) -> None:
    """One verdict listing everything wrong: quarantined event lines, leaked canaries, missing controls."""
    problems = []
    _, _, _, quarantined = _reconciled(town)
    if quarantined and not quarantine_allowed:
        causes = sorted({str(q.get("cause") or q.get("reason") or q)[:120] for q in town.quarantined()})
        problems.append(f"{quarantined} event line(s) quarantined instead of read: {causes}")
    leaks = town.leaks(reg.private)
    if leaks:
        problems.append("private canaries leaked:\n" + json.dumps(leaks, indent=1))
    missing = town.missing(reg.public)
    if missing:
        problems.append("public controls missing (the pipeline drops too much):\n" + json.dumps(missing, indent=1))
    if town.api_errors:  # an answer that is an error hides nothing, but the audit could not look there
        problems.append("API errors:\n" + "\n".join(sorted(set(town.api_errors))[:8]))
    assert not problems, "\n".join(problems)


def _m_ids(instance: str, username: str, status_id: str) -> list[str]:
    """Every spelling a Mastodon status id may take in the API: the API's namespaced id, the raw id, uri, url."""
    return [
        f"mastodon:{status_id}",
        status_id,
        f"https://{instance}/users/{username}/statuses/{status_id}",
        f"https://{instance}/@{username}/{status_id}",
    ]


def _x_id(n: int) -> str:
    return str(1_900_100_000_000_000_000 + n)


# ------------------------------------------------------------------------------------------ 1. X compliance

USER_EVENTS = ["user_delete", "user_protect", "user_suspend", "user_withheld"]


def test_1_x_compliance_events_besides_delete_are_applied(tmp_path):
    """user_delete/protect/suspend/withheld remove every Post of the user, drop removes the Post, scrub_geo is
    read (not quarantined) and its geodata is gone; batch compliance job rows (tweets and users jobs) apply;
    user_protect followed by user_unprotect leaves the user public (the latest state wins)."""
    reg = Registry(random.Random(1))
    users, tweets, events = [], [], []
    for n, kind in enumerate(USER_EVENTS):
        uid = str(5000 + n)
        users.append(x_user(uid, f"compl_{kind}"))
        for k in range(2):
            tid = _x_id(n * 10 + k)
            tweets.append(x_tweet(tid, uid, reg.text(f"stream {kind}", [tid], private=True), 10 + n * 3 + k))
        extra = {"withheld_in_countries": ["DE", "FR"]} if kind == "user_withheld" else {}
        events.append(x_user_compliance(kind, uid, 500 + n, **extra))
    # drop: one Post leaves public view, its author's other Post stays
    users.append(x_user("5100", "compl_drop"))
    dropped, kept = _x_id(100), _x_id(101)
    tweets.append(x_tweet(dropped, "5100", reg.text("stream drop", [dropped], private=True), 40))
    tweets.append(x_tweet(kept, "5100", reg.text("drop neighbour", [kept], private=False), 41))
    events.append(x_tweet_compliance("drop", dropped, "5100", 520))
    # scrub_geo: the event is read; the place it scrubs is nowhere downstream
    users.append(x_user("5200", "compl_geo"))
    geo_tid = _x_id(200)
    tweets.append(x_tweet(geo_tid, "5200", reg.plain(), 45, geo_place="0fc2bbe6f4c7b6e1"))
    places = [
        {
            "id": "0fc2bbe6f4c7b6e1",
            "full_name": "CANARYSCRUBGEOPLACE Heights, Townsville",
            "country": "Nowhere",
            "place_type": "city",
            "name": "CANARYSCRUBGEOPLACE Heights",
        }
    ]
    events.append(x_user_compliance("scrub_geo", "5200", 530, up_to_tweet_id=geo_tid))
    # protect, then unprotect: public again
    users.append(x_user("5300", "compl_toggle"))
    toggled = _x_id(300)
    tweets.append(x_tweet(toggled, "5300", reg.text("protect then unprotect", [toggled], private=False), 46))
    events += [x_user_compliance("user_protect", "5300", 540), x_user_compliance("user_unprotect", "5300", 560)]
    # batch compliance jobs: a tweets job (Post ids) and a users job (user ids)
    users.append(x_user("5400", "compl_batch"))
    batch_protected, batch_suspended = _x_id(400), _x_id(401)
    tweets.append(x_tweet(batch_protected, "5400", reg.text("batch tweets job protected", [batch_protected], True), 47))
    tweets.append(x_tweet(batch_suspended, "5400", reg.text("batch tweets job suspended", [batch_suspended], True), 48))
    users.append(x_user("5500", "compl_batch_user"))
    batch_user_tweets = [_x_id(500), _x_id(501)]
    for k, tid in enumerate(batch_user_tweets):
        tweets.append(x_tweet(tid, "5500", reg.text("batch users job deactivated", [tid], True), 49 + k))

    files = {
        "search_results.jsonl": jsonl([x_page(tweets, users, places=places)]),
        "compliance_stream.jsonl": jsonl(events),
        "compliance_job_result_1.json": jsonl(
            [
                x_batch_compliance(batch_protected, "protected", 600),
                x_batch_compliance(batch_suspended, "suspended", 600),
            ]
        ),
        "compliance_job_result_2.json": jsonl([x_batch_compliance("5500", "deactivated", 600)]),
        **chatter(reg, 24),
    }
    reg.planted.append(Planted("scrub_geo place name", "CANARYSCRUBGEOPLACE", [geo_tid], True, gone=False))
    town = run_town(tmp_path, write_inputs(tmp_path / "in", files))
    _assert_private_gone_and_controls_found(town, reg, quarantine_allowed=False)


# ------------------------------------------------------------------------------------------ 2. protected later


def test_2_protected_learned_in_a_later_file_or_an_earlier_page_applies_to_all_the_authors_posts(tmp_path):
    reg = Registry(random.Random(2))
    public_view = x_user("6001", "changed_mind", protected=False)
    protected_view = x_user("6001", "changed_mind", protected=True)
    early, later = _x_id(1000), _x_id(1001)
    file_a = jsonl(
        [
            x_page(
                [x_tweet(early, "6001", reg.text("public in file A, protected in file C", [early], True), 10)],
                [public_view],
            )
        ]
    )
    file_c = jsonl(
        [x_page([x_tweet(later, "6001", reg.text("protected in file C", [later], True), 300)], [protected_view])]
    )
    # one file, two pages: page 1 expands the protected author, page 2 has no includes at all
    locked, control = x_user("6002", "locked_early", protected=True), x_user("6003", "open_author")
    p1, p2, c1, c2 = _x_id(1100), _x_id(1101), _x_id(1102), _x_id(1103)
    pages = jsonl(
        [
            x_page(
                [
                    x_tweet(p1, "6002", reg.text("protected on page 1", [p1], True), 20),
                    x_tweet(c1, "6003", reg.text("public author page 1", [c1], False), 21),
                ],
                [locked, control],
                next_token="b26v89c19zqg8o3fpzbk",
            ),
            x_page(
                [
                    x_tweet(p2, "6002", reg.text("page 2 author protected on page 1", [p2], True), 22),
                    x_tweet(c2, "6003", reg.text("public author page 2", [c2], False), 23),
                ],
                None,
            ),
        ]
    )
    files = {"a_search.jsonl": file_a, "b_timeline_pages.jsonl": pages, "c_lookup.jsonl": file_c, **chatter(reg, 24)}
    town = run_town(tmp_path, write_inputs(tmp_path / "in", files))
    _assert_private_gone_and_controls_found(town, reg)


# ------------------------------------------------------------------------------------------ 3. twarc-csv


def test_3_twarc_csv_author_protected_column(tmp_path):
    reg = Registry(random.Random(3))
    locked, open_ = x_user("7001", "csv_locked", protected=True), x_user("7002", "csv_open", protected=False)
    rows = []
    for k in range(3):
        tid = _x_id(2000 + k)  # a CSV row's id may be served under its own namespace: try both spellings
        rows.append(
            (
                x_tweet(tid, "7001", reg.text("twarc-csv author.protected True", [tid, f"csv:{tid}"], True), 10 + k),
                locked,
            )
        )
        tid = _x_id(2100 + k)
        rows.append(
            (
                x_tweet(tid, "7002", reg.text("twarc-csv author.protected False", [tid, f"csv:{tid}"], False), 20 + k),
                open_,
            )
        )
    files = {"tweets.csv": twarc_csv(rows), **chatter(reg, 24)}
    town = run_town(tmp_path, write_inputs(tmp_path / "in", files))
    _assert_private_gone_and_controls_found(town, reg)


# ------------------------------------------------------------------------------------------ 4. edits


@pytest.mark.parametrize("edit_first", [False, True], ids=["original-file-first", "edit-file-first"])
def test_4_the_newest_edit_is_kept_whatever_the_file_order(tmp_path, edit_first):
    reg = Registry(random.Random(4))
    instance = "edits.example"
    author = m_account("8001", "editor", instance)
    sid = "113200000000000016"
    ids = _m_ids(instance, "editor", sid)
    original = m_status(sid, author, reg.text("mastodon text before the edit", ids, True, gone=False), 10, instance)
    edited = m_status(
        sid, author, reg.text("mastodon text after the edit", ids, False), 10, instance, edited_minutes=90
    )
    did, rkey = "did:plc:editorbsky0000000000001", "3kedit0000001"
    b_ids = [b_uri(did, rkey), rkey]
    created = b_post(did, rkey, reg.text("bluesky record before update", b_ids, True, gone=False), 10)
    updated = b_update(did, rkey, reg.text("bluesky record after update", b_ids, False), 10, 95)
    first = {"mastodon_timeline.json": json.dumps([original]), "jetstream_1.jsonl": jsonl([created])}
    second = {"mastodon_status_refetch.json": json.dumps([edited]), "jetstream_2.jsonl": jsonl([updated])}
    files = {**(second if edit_first else first), **(first if edit_first else second), **chatter(reg, 24)}
    town = run_town(tmp_path, write_inputs(tmp_path / "in", files))
    _assert_private_gone_and_controls_found(town, reg)
    rejects = town.rejects()
    for short in (sid, rkey):
        reasons = {r["reason"] for i, r in rejects.items() if i.rstrip("/").endswith(short)}
        assert reasons == {"dedup_old_edit"}, (short, reasons)


# ------------------------------------------------------------------------------------------ 5. opt-out spellings


def test_5_opt_out_list_spellings_people_write(tmp_path):
    reg = Registry(random.Random(5))
    names = ["ivan", "judy", "kim", "leo"]
    users = [x_user(str(9000 + n), name) for n, name in enumerate(names)] + [x_user("9100", "ivana_k")]
    tweets = []
    for n, name in enumerate(names):
        for k in range(2):
            tid = _x_id(3000 + n * 10 + k)
            tweets.append(x_tweet(tid, str(9000 + n), reg.text(f"opted out {name}", [tid], True), 10 + n * 2 + k))
    control = _x_id(3100)
    tweets.append(x_tweet(control, "9100", reg.text("namesake not on the list", [control], False), 30))
    did = "did:plc:carolbsky000000000000001"
    b_ids = [b_uri(did, "3kcarol000001"), "3kcarol000001"]
    posts = [b_post(did, "3kcarol000001", reg.text("bluesky handle opted out", b_ids, True), 40)]
    identity = [b_identity(did, "carol.bsky.social", 5)]
    opt_out = "https://x.com/ivan\nx.com/judy\n\uff20kim\n@leo\u200b\n@carol.bsky.social\n"
    files = {
        "x_search.jsonl": jsonl([x_page(tweets, users)]),
        "bsky_posts.jsonl": jsonl(posts),
        "bsky_identity.jsonl": jsonl(identity),
        **chatter(reg, 24),
    }
    town = run_town(tmp_path, write_inputs(tmp_path / "in", files), opt_out=opt_out)
    _assert_private_gone_and_controls_found(town, reg)


# ------------------------------------------------------------------------------------------ 6. Mastodon flags


def test_6_mastodon_consent_flags(tmp_path):
    """indexable: false, noindex: true, discoverable: false, #nobot or #noindex in the bio: nothing is used."""
    reg = Registry(random.Random(6))
    instance = "flags.example"
    nobot = (
        '<p>birdwatcher <a href="https://flags.example/tags/nobot" class="mention hashtag" rel="tag">'
        "#<span>nobot</span></a></p>"
    )
    noindex_tag = (
        '<p>please <a href="https://flags.example/tags/noindex" class="mention hashtag" rel="tag">'
        "#<span>noindex</span></a></p>"
    )
    accounts = {
        "indexable false": m_account("8101", "not_indexable", instance, indexable=False),
        "noindex true": m_account("8102", "noindex_user", instance, noindex=True),
        "discoverable false": m_account("8103", "undiscoverable", instance, discoverable=False),
        "#nobot in bio": m_account("8104", "nobot_bio", instance, note=nobot),
        "#noindex in bio": m_account("8105", "noindex_bio", instance, note=noindex_tag),
    }
    statuses = []
    for n, (label, account) in enumerate(accounts.items()):
        sid = str(113_300_000_000_000_000 + n)
        ids = _m_ids(instance, account["username"], sid)
        statuses.append(m_status(sid, account, reg.text(f"mastodon {label}", ids, True), 10 + n, instance))
    open_account = m_account("8110", "open_walker", instance, note="<p>walks and #photos</p>")
    ctl = "113300000000000100"
    statuses.append(
        m_status(
            ctl,
            open_account,
            reg.text("mastodon consenting account", _m_ids(instance, "open_walker", ctl), False),
            30,
            instance,
        )
    )
    files = {"public_timeline.json": json.dumps(statuses), **chatter(reg, 24)}
    town = run_town(tmp_path, write_inputs(tmp_path / "in", files))
    _assert_private_gone_and_controls_found(town, reg)


@pytest.mark.parametrize("capture", ["websocket-frames-file", "frames-after-statuses", "server-sent-events"])
def test_6_mastodon_streaming_delete(tmp_path, capture):
    """``{"stream": ["public"], "event": "delete", "payload": "<id>"}`` deletes the status read elsewhere."""
    reg = Registry(random.Random(61))
    instance = "stream.example"
    walker = m_account("8210", "open_walker", instance)
    gone, streamed = "113300000000000016", "113300000000000200"
    deleted = m_status(
        gone,
        walker,
        reg.text("mastodon deleted via streaming", _m_ids(instance, "open_walker", gone), True),
        31,
        instance,
    )
    update = m_stream(
        "update",
        m_status(
            streamed,
            walker,
            reg.text("streamed update", _m_ids(instance, "open_walker", streamed), False),
            50,
            instance,
        ),
    )
    delete = m_stream("delete", gone)
    if capture == "websocket-frames-file":
        files = {"home_timeline.json": json.dumps([deleted]), "streaming_public.jsonl": jsonl([update, delete])}
    elif capture == "frames-after-statuses":
        files = {"statuses.jsonl": jsonl([deleted]) + jsonl([update, delete])}
    else:  # curl -N https://instance/api/v1/streaming/public > stream.txt
        files = {"home_timeline.json": json.dumps([deleted]), "stream.txt": m_sse([update, delete])}
    town = run_town(tmp_path, write_inputs(tmp_path / "in", {**files, **chatter(reg, 24)}))
    _assert_private_gone_and_controls_found(town, reg, quarantine_allowed=False)


# ------------------------------------------------------------------------------------------ 7. file names


def test_7_compliance_files_are_read_from_content_whatever_their_name(tmp_path):
    """A batch compliance result or a compliance stream whose file name contains "user" still deletes; the
    same rows (batch results of a tweets job and of a users job look alike) apply to Posts and to users."""
    reg = Registry(random.Random(7))
    users = [x_user("9500", "named_files"), x_user("9501", "gone_user"), x_user("9502", "stays")]
    batch_deleted, stream_deleted = _x_id(4000), _x_id(4001)
    gone = [_x_id(4010), _x_id(4011)]
    control = _x_id(4020)
    tweets = [
        x_tweet(batch_deleted, "9500", reg.text("deleted by users_compliance.jsonl", [batch_deleted], True), 10),
        x_tweet(stream_deleted, "9500", reg.text("deleted by user_stream.jsonl", [stream_deleted], True), 11),
        *[
            x_tweet(t, "9501", reg.text("user deactivated in tweets-named file", [t], True), 12 + k)
            for k, t in enumerate(gone)
        ],
        x_tweet(control, "9502", reg.text("untouched author", [control], False), 15),
    ]
    files = {
        "posts.jsonl": jsonl([x_page(tweets, users)]),
        "users_compliance.jsonl": jsonl([x_batch_compliance(batch_deleted, "deleted", 600)]),
        "user_stream.jsonl": jsonl([x_tweet_compliance("delete", stream_deleted, "9500", 610)]),
        "tweets_compliance.jsonl": jsonl([x_batch_compliance("9501", "deactivated", 620)]),
        **chatter(reg, 24),
    }
    town = run_town(tmp_path, write_inputs(tmp_path / "in", files))
    _assert_private_gone_and_controls_found(town, reg)
