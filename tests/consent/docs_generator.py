"""A second, adversarial input generator written from the platforms' documentation (platform_docs.py).

``generate(seed)`` returns a small world of mixed files where consent changes across files, pages and time:
a Post public in one file whose author is protected in another file's ``includes.users``, deleted later by a
compliance event, edited later, suspended, opted out by a URL spelling; Mastodon accounts with ``noindex``,
``indexable: false``, ``#nobot`` and statuses deleted or edited through the streaming API; Bluesky accounts
taken down, deactivated or deleted, handles that change through ``identity`` events, records updated and
deleted. Every post that must stay out carries a unique canary in its text (``Registry.private``); every
signal has a public sibling that must come through (``Registry.public``), so dropping everything fails.

Nothing here reads townsquare's readers: the shapes are the documented ones, the scenarios are what the
platforms' own compliance guidance says a consumer must honour (X: "Compliance Data Objects", recommended
actions; Mastodon: Account ``noindex``/``indexable``/``discoverable``; Bluesky: ``#account`` events).
Where the inputs give no time for a signal (an account object), the most private reading is expected.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from consent_audit import Registry, chatter
from platform_docs import (
    b_account,
    b_delete,
    b_identity,
    b_post,
    b_update,
    b_uri,
    jsonl,
    m_account,
    m_status,
    m_stream,
    twarc_csv,
    x_batch_compliance,
    x_page,
    x_tweet,
    x_tweet_compliance,
    x_tweet_edit_event,
    x_user,
    x_user_compliance,
)


@dataclass
class World:
    files: dict[str, str]
    opt_out: str
    reg: Registry


def _m_ids(instance: str, username: str, status_id: str) -> list[str]:
    return [
        f"mastodon:{status_id}",
        status_id,
        f"https://{instance}/users/{username}/statuses/{status_id}",
        f"https://{instance}/@{username}/{status_id}",
    ]


class _X:
    """X inputs: two search files (A early, C later), a compliance stream, a batch job result, a twarc CSV."""

    def __init__(self, reg: Registry, rng: random.Random):
        self.reg, self.rng = reg, rng
        self.base = 1_910_000_000_000_000_000 + rng.randrange(10**12) * 1000
        self.n = 0
        self.file_a: list[tuple[dict, dict]] = []  # (tweet, user as file A expands it)
        self.file_c: list[tuple[dict, dict]] = []
        self.paged: list[list[tuple[dict, dict | None]]] = [[], []]  # one file, two pages; page 2 expands nobody
        self.stream: list[dict] = []
        self.batch: list[dict] = []
        self.csv_rows: list[tuple[dict, dict]] = []
        self.opt_out: list[str] = []

    def tid(self) -> str:
        self.n += 1
        return str(self.base + self.n * 7919)

    def post(self, author: dict, label: str, private: bool, minutes: int, **kw) -> dict:
        tid = self.tid()
        return x_tweet(tid, author["id"], self.reg.text(label, [tid], private), minutes, **kw)

    def build(self) -> None:
        reg, rng = self.reg, self.rng
        uid = iter(range(40_000 + rng.randrange(1000) * 100, 10**9))

        def user(name: str, protected: bool = False) -> dict:
            return x_user(str(next(uid)), f"{name}_{rng.randrange(100, 999)}", protected)

        # protected later: public in file A, protected in file C; every post of the author goes
        u = user("later_locked")
        self.file_a += [(self.post(u, "x public in A then protected in C", True, 10), u)]
        self.file_c += [(self.post(u, "x protected author in C", True, 300), {**u, "protected": True})]
        # protected on page 1, then a page without includes
        u = user("page_locked", protected=True)
        ctl = user("page_open")
        self.paged[0] += [
            (self.post(u, "x protected on page 1", True, 20), u),
            (self.post(ctl, "x open author page 1", False, 21), ctl),
        ]
        self.paged[1] += [
            (self.post(u, "x page 2 author locked on page 1", True, 22), None),
            (self.post(ctl, "x open author page 2", False, 23), None),
        ]
        # deleted later (stream delete) and dropped; the author's other post stays
        u = user("deleter")
        gone, dropped, stays = (
            self.post(u, "x deleted later", True, 30),
            self.post(u, "x dropped later", True, 31),
            self.post(u, "x sibling of deleted", False, 32),
        )
        self.file_a += [(gone, u), (dropped, u), (stays, u)]
        self.stream += [
            x_tweet_compliance("delete", gone["id"], u["id"], 400),
            x_tweet_compliance("drop", dropped["id"], u["id"], 410),
        ]
        # edited later: v1 in A, v2 in C (edit_history_tweet_ids), and a tweet_edit event for a v2 we never see
        u = user("editor")
        v1 = self.post(u, "x version 1 before the edit", True, 40)
        v2_id = self.tid()
        v2 = x_tweet(
            v2_id, u["id"], reg.text("x version 2 after the edit", [v2_id], False), 45, edits=[v1["id"], v2_id]
        )
        lone = self.post(u, "x edited by tweet_edit event", True, 41)
        self.file_a += [(v1, u), (lone, u)]
        self.file_c += [(v2, u)]
        newest = self.tid()
        self.stream.append(x_tweet_edit_event(newest, [lone["id"], newest], 420))
        # user events of every kind; protect then unprotect (later) is public, unprotect then protect is not
        for kind in ("user_delete", "user_suspend", "user_protect", "user_withheld"):
            u = user(kind)
            self.file_a += [(self.post(u, f"x {kind} later", True, 50), u)]
            self.file_c += [(self.post(u, f"x {kind} later second post", True, 310), u)]
            extra = {"withheld_in_countries": ["DE"]} if kind == "user_withheld" else {}
            self.stream.append(x_user_compliance(kind, u["id"], 430, **extra))
        u = user("toggled_back")
        self.file_a += [(self.post(u, "x protect then unprotect", False, 55), u)]
        self.stream += [
            x_user_compliance("user_protect", u["id"], 440),
            x_user_compliance("user_unprotect", u["id"], 470),
        ]
        u = user("toggled_locked")
        self.file_a += [(self.post(u, "x unprotect then protect", True, 56), u)]
        self.stream += [
            x_user_compliance("user_protect", u["id"], 480),
            x_user_compliance("user_unprotect", u["id"], 450),
        ]
        u = user("undeleted")  # user_delete, then user_undelete within the 30 days: public again
        self.file_a += [(self.post(u, "x delete then undelete", False, 58), u)]
        self.stream += [
            x_user_compliance("user_delete", u["id"], 440),
            x_user_compliance("user_undelete", u["id"], 495),
        ]
        u = user("unsuspended")  # user_suspend "remains true unless the user is subject to an user_unsuspend"
        self.file_c += [(self.post(u, "x suspend then unsuspend", False, 330), u)]
        self.stream += [
            x_user_compliance("user_suspend", u["id"], 442),
            x_user_compliance("user_unsuspend", u["id"], 505),
        ]
        u = user("withheld_post")  # a Post withheld in some countries: the most private reading drops it
        held = self.post(u, "x post withheld in countries", True, 59)
        self.file_a += [(held, u)]
        self.stream.append(x_tweet_compliance("withheld", held["id"], u["id"], 445, withheld_in_countries=["IN"]))
        u = user("dropped_back")
        undropped = self.post(u, "x drop then undrop", False, 57)
        self.file_a += [(undropped, u)]
        self.stream += [
            x_tweet_compliance("drop", undropped["id"], u["id"], 440),
            x_tweet_compliance("undrop", undropped["id"], u["id"], 490),
        ]
        # a retweet by a public user of a post whose author is suspended later: the copy goes too
        author, booster = user("rt_source"), user("rt_booster")
        original = self.post(author, "x original later suspended", True, 60)
        rt_id = self.tid()
        rt = x_tweet(rt_id, booster["id"], f"RT @{author['username']}: {original['text']}", 61)
        rt["referenced_tweets"] = [{"type": "retweeted", "id": original["id"]}]
        reg.planted[-1].ids.append(rt_id)
        self.file_a += [(original, author), (rt, booster)]
        self.stream.append(x_user_compliance("user_suspend", author["id"], 500))
        # batch compliance job rows: a Post id (reason protected) and a user id (reason deactivated)
        u = user("batch")
        batched = self.post(u, "x batch job protected", True, 65)
        # reason "protected" means the account became protected: the author's other Posts go too
        self.file_a += [(batched, u), (self.post(u, "x batch sibling author protected", True, 66), u)]
        v = user("batch_user")
        self.file_c += [(self.post(v, "x batch users job", True, 320), v)]
        self.batch += [
            x_batch_compliance(batched["id"], "protected", 600),
            x_batch_compliance(v["id"], "deactivated", 600),
        ]
        # twarc-csv: author.protected column
        u, w = user("csv_locked", protected=True), user("csv_open")
        self.csv_rows += [
            (self.post(u, "x twarc csv protected author", True, 70), u),
            (self.post(w, "x twarc csv open author", False, 71), w),
        ]
        # opt-out list, as people write it
        spellings = [
            lambda n: f"https://x.com/{n}",
            lambda n: f"https://twitter.com/{n.upper()}",
            lambda n: f"x.com/{n}",
            lambda n: f"\uff20{n}",
            lambda n: f"@{n}\u200b",
            lambda n: f"  @{n.title()}  ",
            lambda n: f"https://mobile.twitter.com/{n}/",
        ]
        for k in rng.sample(range(len(spellings)), 4):
            u = user(f"optout{k}")
            self.file_a += [(self.post(u, f"x opted out spelling {k}", True, 75 + k), u)]
            self.opt_out.append(spellings[k](u["username"]))
        namesake = user("optout")  # shares a prefix with every opted-out name: must stay
        self.file_a += [(self.post(namesake, "x namesake of opted out", False, 90), namesake)]

    def files(self) -> dict[str, str]:
        def pages(pairs: list[tuple[dict, dict | None]], per_page: int) -> list[dict]:
            out = []
            for start in range(0, len(pairs), per_page):
                chunk = pairs[start : start + per_page]
                users = {u["id"]: u for _, u in chunk if u is not None}
                out.append(
                    x_page(
                        [t for t, _ in chunk],
                        list(users.values()) or None,
                        next_token=f"tok{start}" if start + per_page < len(pairs) else None,
                    )
                )
            return out

        self.rng.shuffle(self.file_a)
        paged = [
            x_page([t for t, _ in self.paged[0]], [u for _, u in self.paged[0]], next_token="p2"),
            x_page([t for t, _ in self.paged[1]], None),
        ]
        return {
            "x_search_A.jsonl": jsonl(pages(self.file_a, 6)),
            "x_lookup_C.jsonl": jsonl(pages(self.file_c, 4)),
            "x_timeline_pages.jsonl": jsonl(paged),
            "x_compliance_stream.jsonl": jsonl(self.stream),
            "x_batch_result.json": jsonl(self.batch),
            "x_twarc.csv": twarc_csv(self.csv_rows),
        }


def _mastodon(reg: Registry, rng: random.Random, opt_out: list[str]) -> dict[str, str]:
    instance = "harbour.example"
    first, later, capture = [], [], []
    sid = iter(range(114_000_000_000_000_000 + rng.randrange(10**9) * 1000, 10**19, 37))

    def status(account: dict, label: str, private: bool, minutes: int, gone: bool = True, **kw) -> dict:
        s = str(next(sid))
        return m_status(
            s,
            account,
            reg.text(label, _m_ids(instance, account["username"], s), private, gone),
            minutes,
            instance,
            **kw,
        )

    nobot = (
        '<p>hiker <a href="https://harbour.example/tags/nobot" class="mention hashtag" rel="tag">'
        "#<span>NoBot</span></a></p>"
    )
    flags = {
        "noindex": dict(noindex=True),
        "indexable false": dict(indexable=False),
        "discoverable false": dict(discoverable=False),
        "#nobot bio": dict(note=nobot),
        "#noindex bio": dict(note="<p>#noindex please</p>"),
    }
    for n, (label, flag) in enumerate(flags.items()):
        account = m_account(str(81_000 + n), f"flag{n}_{rng.randrange(100, 999)}", instance, **flag)
        first.append(status(account, f"mastodon {label}", True, 10 + n))
    # the same account, seen without the flag in one file and with noindex in another: most private wins
    plain = m_account("81100", f"changed_{rng.randrange(100, 999)}", instance)
    first.append(status(plain, "mastodon account later noindex", True, 20))
    later.append(status({**plain, "noindex": True}, "mastodon noindex in later file", True, 200))
    # not public visibilities
    walker = m_account("81200", f"walker_{rng.randrange(100, 999)}", instance)
    for visibility in ("unlisted", "private", "direct"):
        first.append(status(walker, f"mastodon visibility {visibility}", True, 25, visibility=visibility))
    # edited later (edited_at), the edit in another file; deleted through the streaming API
    s = str(next(sid))
    ids = _m_ids(instance, walker["username"], s)
    first.append(m_status(s, walker, reg.text("mastodon before edit", ids, True, gone=False), 30, instance))
    later.append(m_status(s, walker, reg.text("mastodon after edit", ids, False), 30, instance, edited_minutes=150))
    deleted = status(walker, "mastodon deleted by stream", True, 31)
    first.append(deleted)
    first.append(status(walker, "mastodon walker public", False, 32))
    # a status.update frame carries an edit of a status first seen in a REST file
    s = str(next(sid))
    ids = _m_ids(instance, walker["username"], s)
    later.append(m_status(s, walker, reg.text("mastodon before streamed edit", ids, True, gone=False), 33, instance))
    capture.append(
        m_stream(
            "status.update",
            m_status(s, walker, reg.text("mastodon streamed edit", ids, False), 33, instance, edited_minutes=160),
        )
    )
    capture.append(m_stream("delete", deleted["id"]))
    # a boost by a public account of a status whose author is noindex: the copy goes too
    quiet = m_account("81300", f"quiet_{rng.randrange(100, 999)}", instance, noindex=True)
    original = status(quiet, "mastodon boosted noindex author", True, 40)
    boost_id = str(next(sid))
    boost = m_status(boost_id, walker, "", 41, instance)
    boost["reblog"], boost["content"] = original, ""
    reg.planted[-1].ids += _m_ids(instance, walker["username"], boost_id)
    later.append(boost)
    # suspended (an Account attribute returned only when suspended)
    banned = {**m_account("81400", f"banned_{rng.randrange(100, 999)}", instance), "suspended": True}
    later.append(status(banned, "mastodon suspended account", True, 210))
    # opted out by profile URL
    leaver = m_account("81500", f"leaver_{rng.randrange(100, 999)}", instance)
    first.append(status(leaver, "mastodon opted out by url", True, 45))
    opt_out.append(rng.choice([f"https://{instance}/@{leaver['username']}", f"@{leaver['username']}@{instance}"]))
    rng.shuffle(first)
    # a collector's capture: REST statuses one per line, then what the streaming API sent (a file of WebSocket
    # frames alone is refused as a whole by today's build; test_issue14_cases covers that shape on its own)
    return {"mastodon_public_1.json": json.dumps(first), "mastodon_capture.jsonl": jsonl(later) + jsonl(capture)}


def _bluesky(reg: Registry, rng: random.Random, opt_out: list[str]) -> dict[str, str]:
    one, two, events = [], [], []
    tag = rng.randrange(10**6)

    def did(name: str) -> str:
        return f"did:plc:{name}{tag:06d}".ljust(32, "x")[:32]

    def post(d: str, label: str, private: bool, minutes: int, gone: bool = True) -> tuple[str, dict]:
        rkey = f"3k{rng.randrange(36**9):09d}"[:13]
        return rkey, b_post(d, rkey, reg.text(label, [b_uri(d, rkey), rkey], private, gone), minutes)

    for status in ("takendown", "suspended", "deleted", "deactivated"):
        d = did(status[:6])
        one.append(post(d, f"bluesky account {status} later", True, 10)[1])
        two.append(post(d, f"bluesky account {status} second post", True, 12)[1])
        events.append(b_account(d, False, status, 300))
    d = did("back")  # deactivated, then active again: public
    one.append(post(d, "bluesky reactivated", False, 14)[1])
    events += [b_account(d, False, "deactivated", 300), b_account(d, True, None, 400, seq=3)]
    # update after create, in two files; a delete in a third
    d = did("editor")
    rkey = f"3ked{tag:09d}"[:13]
    ids = [b_uri(d, rkey), rkey]
    one.append(b_post(d, rkey, reg.text("bluesky before update", ids, True, gone=False), 20))
    two.append(b_update(d, rkey, reg.text("bluesky after update", ids, False), 20, 90))
    rkey, gone = post(d, "bluesky deleted later", True, 21)
    one.append(gone)
    events.append(b_delete(d, rkey, 95))
    # opted out by a handle the author later changed: identity events map both handles to the DID
    d = did("mover")
    one.append(post(d, "bluesky opted out old handle", True, 25)[1])
    events += [b_identity(d, f"mover{tag}.bsky.social", 5), b_identity(d, f"mover{tag}.example.com", 500, seq=9)]
    opt_out.append(rng.choice([f"@mover{tag}.bsky.social", f"https://bsky.app/profile/mover{tag}.bsky.social"]))
    d = did("stayer")
    events.append(b_identity(d, f"mover{tag}x.bsky.social", 6))  # a namesake-like handle stays
    one.append(post(d, "bluesky namesake handle", False, 26)[1])
    return {"jetstream_1.jsonl": jsonl(one), "jetstream_2.jsonl": jsonl(two), "jetstream_accounts.jsonl": jsonl(events)}


def generate(seed: int) -> World:
    rng = random.Random(seed)
    reg = Registry(random.Random(seed + 1000))
    x = _X(reg, rng)
    x.build()
    opt_out = list(x.opt_out)
    files = {**x.files(), **_mastodon(reg, rng, opt_out), **_bluesky(reg, rng, opt_out), **chatter(reg, 30)}
    rng.shuffle(opt_out)
    return World(files, "".join(line + "\n" for line in opt_out), reg)
