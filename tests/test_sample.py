"""``townsquare sample``: deterministic, in the real formats, canaries where the registry says, truth that readers reproduce."""

from __future__ import annotations

import csv
import html
import importlib.util
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from townsquare.sample import PII_LABELS, generate_sample, iban_ok, luhn_ok

PRIVATE_KINDS = {"direct", "followers", "unlisted", "deleted", "protected", "opted_out"}
# every kind of non-public post each platform has (X via API pages and the account archive)
EXPECTED_PRIVATE = {
    "x": {"protected", "deleted", "opted_out", "direct"},
    "mastodon": {"unlisted", "followers", "direct", "deleted", "opted_out"},
    "bluesky": {"deleted", "opted_out"},
    "csv": {"opted_out"},
}
DATA_FILES = [
    "exports/x/tweets.jsonl",
    "exports/x/compliance.jsonl",
    "exports/x-archive/data/tweets.js",
    "exports/x-archive/data/deleted-tweets.js",
    "exports/x-archive/data/direct-messages.js",
    "exports/x-archive/data/account.js",
    "exports/mastodon/statuses.jsonl",
    "exports/mastodon/outbox.json",
    "exports/bluesky/jetstream.jsonl",
    "exports/csv/posts.csv",
    "opt_out.txt",
    "canaries.jsonl",
    "pii.jsonl",
    "truth.json",
    "README.md",
]


SECONDS: dict[str, float] = {}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The default-size sample; generating it is also the speed check."""
    out = tmp_path_factory.mktemp("sample")
    # CPU time, not wall time: the test machine is shared, and a loaded box must not fail a fast generator
    started = time.process_time()
    summary = generate_sample(out, n_posts=4000, seed=0)
    SECONDS["default"] = time.process_time() - started
    assert summary.posts == json.loads((out / "truth.json").read_text())["total"]["posts"]
    return out


# --------------------------------------------------------------------- independent parsing of the raw files


def _ytd(path: Path) -> list:
    text = path.read_text("utf-8")
    assert text.startswith("window.YTD."), path
    return json.loads(text[text.index("=") + 1 :])


def _strip_html(content: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", content))


def raw_posts(root: Path) -> list[dict]:
    """Every post-like record in the sample as {file, id, text, ...}, read with json/csv only (no townsquare reader)."""
    posts = []
    for line in (root / "exports/x/tweets.jsonl").read_text("utf-8").splitlines():
        page = json.loads(line)
        users = {u["id"]: u for u in page["includes"]["users"]}
        for t in page["data"]:
            posts.append(
                {
                    "file": "x/tweets.jsonl",
                    "id": t["id"],
                    "text": html.unescape(t["text"]),
                    "protected": users[t["author_id"]]["protected"],
                    "repost": any(r["type"] == "retweeted" for r in t.get("referenced_tweets", [])),
                    "lang": t["lang"],
                }
            )
    for name in ("tweets.js", "deleted-tweets.js"):
        for item in _ytd(root / "exports/x-archive/data" / name):
            t = item["tweet"]
            posts.append({"file": f"x-archive/data/{name}", "id": t["id_str"], "text": html.unescape(t["full_text"])})
    for conv in _ytd(root / "exports/x-archive/data/direct-messages.js"):
        for m in conv["dmConversation"]["messages"]:
            posts.append(
                {
                    "file": "x-archive/data/direct-messages.js",
                    "id": m["messageCreate"]["id"],
                    "text": m["messageCreate"]["text"],
                }
            )
    for line in (root / "exports/mastodon/statuses.jsonl").read_text("utf-8").splitlines():
        s = json.loads(line)
        posts.append(
            {
                "file": "mastodon/statuses.jsonl",
                "id": s["id"],
                "text": _strip_html(s["content"]),
                "visibility": s["visibility"],
                "repost": s["reblog"] is not None,
                "lang": s["language"],
            }
        )
    outbox = json.loads((root / "exports/mastodon/outbox.json").read_text("utf-8"))
    for a in outbox["orderedItems"]:
        if a["type"] == "Create":
            posts.append(
                {
                    "file": "mastodon/outbox.json",
                    "id": a["object"]["id"].rsplit("/", 1)[1],
                    "text": _strip_html(a["object"]["content"]),
                    "to": a["to"],
                    "cc": a["cc"],
                }
            )
    for line in (root / "exports/bluesky/jetstream.jsonl").read_text("utf-8").splitlines():
        e = json.loads(line)
        c = e.get("commit", {})
        if c.get("operation") == "create" and c["collection"] == "app.bsky.feed.post":
            posts.append(
                {
                    "file": "bluesky/jetstream.jsonl",
                    "id": c["rkey"],
                    "text": c["record"]["text"],
                    "lang": c["record"]["langs"][0],
                }
            )
    with open(root / "exports/csv/posts.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            posts.append({"file": "csv/posts.csv", "id": row["tweet_id"], "text": row["text"]})
    return posts


def canaries(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "canaries.jsonl").read_text("utf-8").splitlines()]


def truth(root: Path) -> dict:
    return json.loads((root / "truth.json").read_text("utf-8"))


# --------------------------------------------------------------------- tests


def test_default_sample_is_fast_and_near_the_requested_size(sample):
    total = truth(sample)["total"]["posts"]
    assert 3800 <= total <= 4200
    assert SECONDS["default"] < 5.0  # the default sample must not slow the quickstart


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate_sample(a, n_posts=700, seed=5)
    generate_sample(b, n_posts=700, seed=5)
    generate_sample(c, n_posts=700, seed=6)
    for name in DATA_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "exports/x/tweets.jsonl").read_bytes() != (c / "exports/x/tweets.jsonl").read_bytes()


def test_too_few_posts_is_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from townsquare.cli import main

    result = CliRunner().invoke(main, ["sample", "--out", str(tmp_path), "--posts", "50"])
    assert result.exit_code == 1
    assert "too small" in result.output and "Traceback" not in result.output


def test_cli_writes_the_layout(tmp_path):
    from click.testing import CliRunner

    from townsquare.cli import main

    result = CliRunner().invoke(main, ["sample", "--out", str(tmp_path / "s"), "--posts", "700", "--seed", "2"])
    assert result.exit_code == 0, result.output
    for name in DATA_FILES:
        assert (tmp_path / "s" / name).is_file(), name


def test_every_file_parses_and_has_every_kind_of_post(sample):
    posts = raw_posts(sample)
    assert all(isinstance(p["text"], str) and (p["text"] or p.get("repost")) for p in posts)
    for name in ("exports/x/compliance.jsonl", "canaries.jsonl", "pii.jsonl"):
        for line in (sample / name).read_text("utf-8").splitlines():
            json.loads(line)
    assert _ytd(sample / "exports/x-archive/data/account.js")[0]["account"]["username"]
    vis = Counter(p.get("visibility") for p in posts if p["file"] == "mastodon/statuses.jsonl")
    assert all(vis[v] > 0 for v in ("public", "unlisted", "private", "direct"))
    assert any(p.get("protected") for p in posts) and any(p.get("repost") for p in posts)
    langs = Counter(p.get("lang") for p in posts)
    assert all(langs[lang] >= 20 for lang in ("en", "es", "de", "fr", "pt", "ja"))
    total = truth(sample)["total"]
    assert total["duplicates_planted"] > 20 and total["near_duplicates_planted"] > 20 and total["spam_planted"] > 50
    assert total["replies"] > 200 and all(total["pii_planted"][label] >= 5 for label in PII_LABELS)


def test_outbox_addressing_follows_visibility(sample):
    public = "https://www.w3.org/ns/activitystreams#Public"
    outbox = [p for p in raw_posts(sample) if p["file"] == "mastodon/outbox.json"]
    shapes = Counter(
        (public in p["to"], public in p["cc"], any(a.endswith("/followers") for a in p["to"])) for p in outbox
    )
    # public: Public in to; unlisted: Public in cc; private: followers only; direct: neither
    assert shapes[(True, False, False)] and shapes[(False, True, True)] and shapes[(False, False, True)]
    assert shapes[(False, False, False)]


def test_canary_registry_is_complete_and_exact(sample):
    registry = canaries(sample)
    by_platform: dict[str, set] = {}
    for c in registry:
        if c["kind"] in PRIVATE_KINDS:
            by_platform.setdefault(c["platform"], set()).add(c["kind"])
    assert by_platform == EXPECTED_PRIVATE
    kinds = Counter(c["kind"] for c in registry)
    assert all(kinds[f"pii_{label.lower()}"] == 1 for label in PII_LABELS)
    controls = Counter(c["repeats"] for c in registry if c["kind"] == "control")
    assert controls[1] and controls[4] and controls[16] and controls[64] and controls[0]
    assert len({c["canary"] for c in registry}) == len(registry)
    posts = raw_posts(sample)
    for c in registry:
        assert c["must_not_appear"] == (c["kind"] != "control"), c["id"]
        assert c["canary"].endswith(c["secret"]) or c["kind"].startswith("pii_")
        hits = [p for p in posts if c["canary"] in p["text"]]
        assert sorted(p["id"] for p in hits) == sorted(c["post_ids"]), c["id"]
        assert sorted({p["file"] for p in hits}) == c["files"], c["id"]
        assert c["repeats"] == len(c["post_ids"])
        if c["space"]["kind"] == "words":
            assert len(c["secret"].split()) == c["space"]["length"]
            assert set(c["secret"].split()) <= set(c["space"]["vocab"])


def test_control_repeats_are_not_near_duplicates(sample):
    """Each repeat must survive near-duplicate dedup: different words around the canary."""
    posts = {p["id"]: p["text"] for p in raw_posts(sample)}
    for c in canaries(sample):
        if c["kind"] == "control" and c["repeats"] >= 4:
            texts = [posts[i] for i in c["post_ids"]]
            assert len(set(texts)) == len(texts)
            grams = [{t[i : i + 5] for i in range(len(t) - 4)} for t in texts[:8]]
            for i in range(len(grams)):
                for j in range(i + 1, len(grams)):
                    assert len(grams[i] & grams[j]) / len(grams[i] | grams[j]) < 0.8


def test_private_canaries_sit_in_private_posts(sample):
    """The registry's kind is true of the raw data: a canary is where a reader would see it as private."""
    posts = {(p["file"], p["id"]): p for p in raw_posts(sample)}
    opt_out = {
        line.strip()
        for line in (sample / "opt_out.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    deleted_x = {json.loads(line)["id"] for line in (sample / "exports/x/compliance.jsonl").read_text().splitlines()}
    outbox = json.loads((sample / "exports/mastodon/outbox.json").read_text())
    deleted_ap = {a["object"]["id"].rsplit("/", 1)[1] for a in outbox["orderedItems"] if a["type"] == "Delete"}
    bsky_deleted = set()
    for line in (sample / "exports/bluesky/jetstream.jsonl").read_text().splitlines():
        c = json.loads(line).get("commit", {})
        if c.get("operation") == "delete":
            bsky_deleted.add(c["rkey"])
    for c in canaries(sample):
        for pid in c["post_ids"]:
            (post,) = [p for (f, i), p in posts.items() if i == pid and f in c["files"]]
            kind = c["kind"]
            if kind == "protected":
                assert post["protected"]
            elif kind == "deleted":
                assert pid in deleted_x | deleted_ap | bsky_deleted or post["file"].endswith("deleted-tweets.js")
            elif kind in ("unlisted", "followers", "direct") and post["file"] == "mastodon/statuses.jsonl":
                assert post["visibility"] == {"followers": "private"}.get(kind, kind)
            elif kind == "direct":
                assert post["file"].endswith("direct-messages.js") or not any(
                    "#Public" in a for a in post["to"] + post["cc"]
                )
            elif kind == "opted_out":
                assert pid in opt_out or _author_opted_out(sample, post, opt_out), c["id"]


def _author_opted_out(root: Path, post: dict, opt_out: set[str]) -> bool:
    """Find the post's author ids/handles in the raw file and check them against the opt-out list."""
    if post["file"] == "csv/posts.csv":
        with open(root / "exports/csv/posts.csv", encoding="utf-8", newline="") as fh:
            return any(row["name"] in opt_out for row in csv.DictReader(fh) if row["tweet_id"] == post["id"])
    for line in (root / "exports" / post["file"]).read_text("utf-8").splitlines():
        if f'"{post["id"]}"' in line:
            record = json.loads(line)
            if "data" in record:
                tweet = next(t for t in record["data"] if t["id"] == post["id"])
                return tweet["author_id"] in opt_out
            if "account" in record:
                return record["account"]["id"] in opt_out
            return record["did"] in opt_out
    return False


def test_pii_values_are_valid_and_where_listed(sample):
    import phonenumbers

    texts = {(p["file"], p["id"]): p["text"] for p in raw_posts(sample)}
    items = [json.loads(line) for line in (sample / "pii.jsonl").read_text("utf-8").splitlines()]
    assert Counter(i["label"] for i in items) == Counter(truth(sample)["total"]["pii_planted"])
    for item in items:
        value = item["value"]
        assert value in texts[(item["file"], item["post_id"])]
        if item["label"] == "CARD":
            assert luhn_ok(value) and 13 <= sum(ch.isdigit() for ch in value) <= 19
        elif item["label"] == "IBAN":
            assert iban_ok(value)
        elif item["label"] == "PHONE":
            region = (
                None
                if value.startswith("+")
                else next(
                    r
                    for r in ("US", "GB", "DE", "FR", "ES", "BR")
                    if phonenumbers.is_valid_number(phonenumbers.parse(value, r))
                )
            )
            assert phonenumbers.is_valid_number(phonenumbers.parse(value, region))
        elif item["label"] == "GOV_ID" and "." in value:  # the Brazilian CPF canary
            from townsquare.corpus.pii import cpf_ok

            assert cpf_ok("".join(ch for ch in value if ch.isdigit()))
        elif item["label"] == "GOV_ID":
            area, group, serial = value.split("-")
            assert area not in ("000", "666") and area < "900" and group != "00" and serial != "0000"
    assert not luhn_ok("4539 1488 0343 6468") and not iban_ok("DE89 3704 0044 0532 0130 01")


def test_truth_matches_the_raw_files(sample):
    t = truth(sample)["files"]
    posts = raw_posts(sample)
    per_file = Counter(p["file"] for p in posts)
    for name in (
        "x/tweets.jsonl",
        "x-archive/data/tweets.js",
        "x-archive/data/deleted-tweets.js",
        "x-archive/data/direct-messages.js",
        "mastodon/statuses.jsonl",
        "csv/posts.csv",
    ):
        assert per_file[name] == t[name]["posts"], name
    outbox = json.loads((sample / "exports/mastodon/outbox.json").read_text())
    assert len([a for a in outbox["orderedItems"] if a["type"] != "Delete"]) == t["mastodon/outbox.json"]["posts"]
    deletes = [json.loads(line) for line in (sample / "exports/x/compliance.jsonl").read_text().splitlines()]
    assert len(deletes) == t["x/compliance.jsonl"]["deletion_events"] == t["x/tweets.jsonl"]["deleted"]
    vis = Counter(p["visibility"] for p in posts if p["file"] == "mastodon/statuses.jsonl")
    nonpub = t["mastodon/statuses.jsonl"]["non_public"]
    assert (vis["unlisted"], vis["private"], vis["direct"]) == (
        nonpub["unlisted"],
        nonpub["followers"],
        nonpub["direct"],
    )
    x_langs = Counter(p["lang"] for p in posts if p["file"] == "x/tweets.jsonl" and not p["repost"])
    assert x_langs == Counter(t["x/tweets.jsonl"]["languages"])


# --------------------------------------------------------------------- the readers reproduce the truth

READ_AS = {
    "x/tweets.jsonl": "x-api-v2",
    "x/compliance.jsonl": "x-api-v2",
    "x-archive": "x-archive",
    "mastodon/statuses.jsonl": "mastodon",
    "mastodon/outbox.json": "mastodon-outbox",
    "bluesky/jetstream.jsonl": "bluesky-jetstream",
    "csv/posts.csv": "csv",
}


def _read_unique(path: Path, fmt: str) -> dict[str, dict]:
    """Rows by id as a reader emits them; a post is deleted if any row for its id says so."""
    from townsquare.sources import FORMATS, detect_format, read_file

    if importlib.util.find_spec(FORMATS[fmt]) is None:
        pytest.skip(f"the {fmt} reader is not written yet")
    assert detect_format(path) == fmt
    rows: dict[str, dict] = {}
    for batch in read_file(path):
        for row in batch.select(["id", "visibility", "deleted", "repost_of", "lang"]).to_pylist():
            seen = rows.setdefault(row["id"], dict(row))
            seen["deleted"] = seen["deleted"] or row["deleted"]
            if not row["deleted"]:
                seen["visibility"], seen["repost_of"], seen["lang"] = row["visibility"], row["repost_of"], row["lang"]
    return rows


def _check(rows: dict[str, dict], expected: dict, in_file: bool = False) -> None:
    """Originals (not reposts) must match exactly; reposts too when the reader emits them."""
    originals = [r for r in rows.values() if r["repost_of"] is None]
    want = expected["originals"]
    assert len(originals) == want["posts"]
    reposts = len(rows) - len(originals)
    assert reposts in (0, expected["reposts"])  # Jetstream readers may keep reposts out of the post stream
    assert sum(r["deleted"] for r in originals) == (0 if in_file else want["deleted"])
    vis = Counter(r["visibility"] for r in originals if not r["deleted"])
    assert vis["public"] == want["public_in_file" if in_file else "public"]
    for kind, n in want["non_public"].items():
        assert vis[kind] == n, kind


@pytest.mark.parametrize("name", list(READ_AS))
def test_readers_reproduce_truth(sample, name):
    t = truth(sample)["files"]
    rows = _read_unique(sample / "exports" / name, READ_AS[name])
    if name == "x/compliance.jsonl":
        assert sum(r["deleted"] for r in rows.values()) == t[name]["deletion_events"]
        return
    if name == "x-archive":
        live = [r for r in rows.values() if not r["deleted"] and r["visibility"] != "direct"]
        assert len(live) == t["x-archive/data/tweets.js"]["posts"]
        assert sum(r["deleted"] for r in rows.values()) in (0, t["x-archive/data/deleted-tweets.js"]["posts"])
        assert sum(r["visibility"] == "direct" for r in rows.values()) in (
            0,
            t["x-archive/data/direct-messages.js"]["posts"],
        )
        return
    # a tweets file alone cannot know its deletions: they are in compliance.jsonl
    _check(rows, t[name], in_file=name == "x/tweets.jsonl")


# --------------------------------------------------------------------- shapes match the real exports


def _keys(records) -> set[str]:
    return {k for r in records for k in r}


def test_shapes_match_the_real_samples(sample, shared_data):
    """Every key we write is one the real tools write (and the core keys are all there)."""
    real_x = [
        json.loads(line)
        for f in ("2sets.jsonl", "two_tweets.jsonl", "media_tweet.jsonl")
        for line in (shared_data / "x-api-v2" / f).read_text().splitlines()
        if line.strip()
    ]
    ours_x = [json.loads(line) for line in (sample / "exports/x/tweets.jsonl").read_text().splitlines()]
    assert _keys(ours_x) <= _keys(real_x)
    assert _keys(t for p in ours_x for t in p["data"]) <= _keys(t for p in real_x for t in p["data"])
    assert _keys(u for p in ours_x for u in p["includes"]["users"]) <= _keys(
        u for p in real_x for u in p["includes"]["users"]
    )
    real_c = [
        json.loads(line)
        for line in (shared_data / "x-api-v2/tweets_compliance.jsonl").read_text().splitlines()
        if line.strip()
    ]
    ours_c = [json.loads(line) for line in (sample / "exports/x/compliance.jsonl").read_text().splitlines()]
    assert {"id", "action", "created_at", "reason"} <= _keys(ours_c) <= _keys(real_c)

    real_a = [t["tweet"] for t in _ytd(shared_data / "x-archive/milahu104/tweets.js")]
    ours_a = [t["tweet"] for t in _ytd(sample / "exports/x-archive/data/tweets.js")]
    assert _keys(ours_a) <= _keys(real_a) and {"id_str", "full_text", "created_at"} <= _keys(ours_a)

    yaml = pytest.importorskip("yaml")
    cassette = yaml.safe_load((shared_data / "mastodon/cassettes_entity_tests/test_entity_status.yaml").read_text())
    real_m = [json.loads(i["response"]["body"]["string"]) for i in cassette["interactions"]]
    real_m = [m for m in real_m if isinstance(m, dict) and "visibility" in m]
    ours_m = [json.loads(line) for line in (sample / "exports/mastodon/statuses.jsonl").read_text().splitlines()]
    assert _keys(ours_m) <= _keys(real_m) and _keys(m["account"] for m in ours_m) <= _keys(m["account"] for m in real_m)

    real_j = [
        json.loads(line) for line in (shared_data / "bluesky/jetstream/expected_v1.jsonl").read_text().splitlines()
    ]
    ours_j = [json.loads(line) for line in (sample / "exports/bluesky/jetstream.jsonl").read_text().splitlines()]
    assert _keys(ours_j) <= _keys(real_j)
    assert _keys(e["commit"] for e in ours_j if "commit" in e) <= _keys(e["commit"] for e in real_j if "commit" in e)
    real_posts = [
        e["commit"]["record"]
        for e in real_j
        if e.get("commit", {}).get("collection") == "app.bsky.feed.post" and "record" in e["commit"]
    ]
    ours_posts = [
        e["commit"]["record"]
        for e in ours_j
        if e.get("commit", {}).get("collection") == "app.bsky.feed.post" and "record" in e["commit"]
    ]
    assert _keys(ours_posts) <= _keys(real_posts)

    with open(shared_data / "csv/us_airline_tweets.csv", encoding="utf-8", newline="") as fh:
        real_cols = set(next(csv.reader(fh)))
    with open(sample / "exports/csv/posts.csv", encoding="utf-8", newline="") as fh:
        assert {"text", "name", "tweet_created"} <= set(next(csv.reader(fh))) <= real_cols
