"""PII detection and redaction: each type in several formats, the hard negatives posts are full of,
the corpus stage on a batch, the audit CLI, and recall/precision on a small labeled fixture."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.corpus.pii import PiiStage, find_pii, redact
from townsquare.errors import ConfigError
from townsquare.post import batch_from_rows

POSITIVES = {
    "EMAIL": [
        "jane.doe@gmail.com",
        "j_smith+news@mail.example.co.uk",
        "john [at] example [dot] com",
        "maria(at)web.de",
        "lucas.garcia AT yahoo DOT com",
        "jane.doe99 at gmail dot com",
    ],
    "PHONE": [
        "+1 (415) 555-2671",
        "415-555-2671",
        "(330)369-2313",
        "4155552671",
        "+44 20 7946 0958",
        "020 7946 0958",
        "07700 900123",
        "+49 30 901820",
        "0049 30 901820",
        "+33 1 42 68 53 00",
        "01 42 68 53 00",
        "+91 98765 43210",
    ],
    "CARD": [
        "4111 1111 1111 1111",
        "5500-0000-0000-0004",
        "378282246310005",
        "3782 822463 10005",
        "6011000990139424",
        "3566 0020 2036 0505",
    ],
    "IBAN": [
        "DE89 3704 0044 0532 0130 00",
        "GB29NWBK60161331926819",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91ABNA0417164300",
    ],
    "IP": [
        "192.168.1.10",
        "8.8.8.8",
        "203.0.113.77",
        "2001:db8:85a3::8a2e:370:7334",
        "2001:0db8:0000:0000:0000:ff00:0042:8329",
        "fe80::1ff:fe23:4567:890a",
    ],
    "GOV_ID": [
        "123-45-6788",
        "078 05 1121",
        "AB 12 34 56 C",
        "JG103759A",
        "12345678Z",
        "X1234567L",
        "2341 2341 2346",
        "1 85 05 78 006 084 91",
        "RSSMRA85T10A562S",
        "529.982.247-25",
        "130 692 544",
    ],
    "ADDRESS": [
        "123 Main St, Springfield, IL 62704",
        "4560 Hill Court San Jose, CA 95112",
        "221B Baker Street, London NW1 6XE",
        "70 oak rd, suite 300",
        "Hauptstraße 12, 10115 Berlin",
        "12 rue de Rivoli, 75001 Paris",
        "Calle Mayor 5",
        "Via Roma 10",
        "Keizersgracht 123",
    ],
    "SECRET": [
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
        "xoxb-12345678901-12345678901-AbCdEfGhIjKlMnOpQrStUvWx",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "sk-proj-Ab3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7s",
        "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    ],
}


@pytest.mark.parametrize("label,value", [(label, v) for label, values in POSITIVES.items() for v in values])
def test_each_type_is_found_in_a_post(label: str, value: str) -> None:
    text = f"ok so here it is {value} thanks!! #blessed"
    spans = find_pii(text)
    assert [(text[s.start : s.end], s.label) for s in spans] == [(value, label)]


def test_secrets_after_keywords_and_in_urls_keep_the_keyword() -> None:
    text = (
        "password: Summer2019! and api_key=8fe8ef37c40565daae9cf0f4b2e740ed via postgres://admin:s3cr3tPw@db.host/app"
    )
    found = [(text[s.start : s.end], s.label) for s in find_pii(text)]
    assert found == [
        ("Summer2019", "SECRET"),
        ("8fe8ef37c40565daae9cf0f4b2e740ed", "SECRET"),
        ("admin:s3cr3tPw", "SECRET"),
    ]


def test_private_key_block_is_one_secret() -> None:
    text = "oops -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq\n-----END RSA PRIVATE KEY----- sorry"
    (span,) = find_pii(text)
    assert span.label == "SECRET" and text[span.start : span.end].endswith("PRIVATE KEY-----")


HARD_NEGATIVES = [
    "v3.54.82.60 is out, update now",
    "version 10.0.19041.1 broke my wifi",
    "iOS 17.2.1 battery drain",
    "see you 2017-10-12 at 12:30",
    "12/10/2017 was the best day",
    "on 12.10.2017 we met",
    "#10292017",
    "born 20171012",
    "only $1,299.99 today",
    "€1.299,00 or £450",
    "1,234,567 views!!",
    "45% off",
    "Order #4412345678 still not here",
    "order no. 89541102040",
    "invoice 4155552671",
    "tracking 1Z999AA10123456784",
    "USPS tracking 9400111899223100012345",
    "FedEx tracking 449044304137821",
    "https://twitter.com/someone/status/1234567890123456789",
    "1234567890123456789",
    "@user123456 said hi",
    "#2129441850 lol",
    "we won 3-1!!",
    "final score 105-98",
    "in 2019 and 2020",
    "ISBN 978-3-16-148410-0",
    "40.7, -74.0",
    "open 24/7, 9-5 weekdays",
    "at 12:30:45 exactly",
    "10:00-12:00 meeting",
    "password is wrong again",
    "the key to success",
    "token of appreciation",
    "top 10 best places",
    "5 Star Place",
    "2 miles down the road",
    "Route 66 trip",
    "3 Doors Down",
    "happy at home dot com?",
    "Flight UA1234 delayed",
    "::",
    "Room 326",
    "2015-2019 were rough",
    "4.5 million people",
    "1.1.1 release notes",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_are_left_alone(text: str) -> None:
    assert find_pii(text) == []


def test_redact_uses_typed_placeholders_and_counts() -> None:
    text = "@bob mail jane.doe@gmail.com, call +44 20 7946 0958, card 4111 1111 1111 1111, ip 8.8.8.8"
    new_text, counts = redact(text)
    assert new_text == "@user mail <EMAIL>, call <PHONE>, card <CARD>, ip <IP>"
    assert counts == Counter({"EMAIL": 1, "PHONE": 1, "CARD": 1, "IP": 1})


def test_mentions_can_be_kept_or_allow_listed() -> None:
    text = "@NASA and @bob and @alice@mastodon.social"
    assert redact(text)[0] == "@user and @user and @user"
    assert redact(text, mention_allow={"nasa"})[0] == "@NASA and @user and @user"
    assert redact(text, mentions="keep")[0] == text
    with pytest.raises(ConfigError, match="user, keep"):
        redact(text, mentions="drop")


def _batch(texts: list[str | None]) -> pa.RecordBatch:
    return batch_from_rows([{"id": f"p{i}", "platform": "x", "text": t} for i, t in enumerate(texts)])


def test_stage_rewrites_text_keeps_order_and_counts() -> None:
    texts = [
        "nothing to see 2019",
        "@bob email me: a.b@c.org or +1 415-555-2671",
        None,
        "SSN 123-45-6788 and 123-45-6788",
        "just a tweet @NASA",
    ]
    stage = PiiStage(mention_allow={"@nasa"})
    result = stage.apply(_batch(texts))
    assert result.kept.column("id").to_pylist() == ["p0", "p1", "p2", "p3", "p4"]
    assert result.kept.column("text").to_pylist() == [
        "nothing to see 2019",
        "@user email me: <EMAIL> or <PHONE>",
        None,
        "SSN <GOV_ID> and <GOV_ID>",
        "just a tweet @NASA",
    ]
    assert result.rejected.num_rows == 0
    assert result.counters == Counter(
        {"posts_with_pii": 2, "redacted_EMAIL": 1, "redacted_PHONE": 1, "redacted_GOV_ID": 2}
    )
    assert stage.counters() == Counter()  # counters reset after reading


def test_stage_vectorised_mentions_match_python_path() -> None:
    texts = ["@a, @b_1 hi", "x @c.bsky.social y", "mail@host.com", "(@d) and @e@inst.social!"]
    kept = PiiStage().apply(_batch(texts)).kept.column("text").to_pylist()
    assert kept == [redact(t)[0] for t in texts]
    assert kept[0] == "@user, @user hi" and kept[2] == "<EMAIL>"


def test_stage_drop_on_rejects_without_text() -> None:
    stage = PiiStage(drop_on={"secret"})
    result = stage.apply(_batch(["my key AKIAIOSFODNN7EXAMPLE", "fine", "call 415-555-2671"]))
    assert result.kept.column("id").to_pylist() == ["p1", "p2"]
    assert result.rejected.column("reason").to_pylist() == ["pii_secret"]
    assert result.rejected.column("text").to_pylist() == [None]
    assert result.counters["dropped_pii_secret"] == 1


def test_stage_rejects_unknown_options() -> None:
    with pytest.raises(ConfigError, match="EMAIL"):
        PiiStage(drop_on={"SURNAME"})
    with pytest.raises(ConfigError):
        PiiStage(mentions="hash")


def test_cli_spans_round_trip(tmp_path: Path) -> None:
    posts = [
        {"id": "1", "text": "mail bob@x.com or call +44 20 7946 0958"},
        {"id": "2", "text": "nothing here, v1.2.3.4 on 2019-01-01"},
        {"id": "3", "text": "I live at 123 Main St, Springfield, IL 62704 🏠"},
    ]
    src = tmp_path / "in.jsonl"
    lines = [json.dumps(p, ensure_ascii=False) for p in posts]
    src.write_text("\n".join(lines[:1] + ["{broken", '{"id": "x"}'] + lines[1:]) + "\n", encoding="utf-8")
    out = tmp_path / "spans.jsonl"
    result = CliRunner().invoke(main, ["pii", str(src), "--spans", str(out)])
    assert result.exit_code == 0, result.output
    assert "in.jsonl:2:" in result.stderr and "in.jsonl:3:" in result.stderr
    assert "3 posts scanned" in result.stdout and "2 bad lines" in result.stdout
    texts = {p["id"]: p["text"] for p in posts}
    spans = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(s["id"], texts[s["id"]][s["start"] : s["end"]], s["label"]) for s in spans] == [
        ("1", "bob@x.com", "EMAIL"),
        ("1", "+44 20 7946 0958", "PHONE"),
        ("3", "123 Main St, Springfield, IL 62704", "ADDRESS"),
    ]


def test_cli_unreadable_file_is_one_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["pii", str(tmp_path / "missing.jsonl"), "--spans", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "cannot read" in result.output and "Traceback" not in result.output


def test_labeled_fixture_recall_and_precision(fixtures: Path) -> None:
    """Real tweets with inserted PII and hard negatives (built by bench/pii_labeled_set.py --fixture)."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for line in (fixtures / "pii" / "labeled_small.jsonl").read_text(encoding="utf-8").splitlines():
        example = json.loads(line)
        gold = [tuple(s) for s in example["spans"]]
        matched = set()
        for span in find_pii(example["text"]):
            hit = next(
                (
                    i
                    for i, (s, e, lab) in enumerate(gold)
                    if i not in matched and lab == span.label and s < span.end and span.start < e
                ),
                None,
            )
            if hit is None:
                fp[span.label] += 1
            else:
                matched.add(hit)
                tp[span.label] += 1
        fn.update(lab for i, (_, _, lab) in enumerate(gold) if i not in matched)
    for label in sorted({label for label in tp} | {label for label in fn}):  # the fixture predates DOB, GEO, ...
        assert tp[label] >= 20, label  # every type is really exercised
        precision = tp[label] / (tp[label] + fp[label])
        recall = tp[label] / (tp[label] + fn[label])
        floor = 0.90 if label in ("ADDRESS", "SECRET") else 0.97
        assert precision >= floor and recall >= floor, (label, precision, recall)


def test_stage_scrubs_mentions_column_and_media_alt_text():
    from townsquare.corpus.pii import PiiStage
    from townsquare.post import batch_from_rows

    batch = batch_from_rows(
        [
            {
                "id": "1",
                "platform": "x",
                "text": "hi @alice and @NASA",
                "mentions": ["alice", "NASA"],
                "media": [
                    {"kind": "photo", "url": "https://e.x/1.jpg", "alt_text": "note: mail me at ana.lee@example.org"}
                ],
            },
            {"id": "2", "platform": "x", "text": "nothing here"},
        ]
    )
    result = PiiStage(mention_allow={"nasa"}).apply(batch)
    rows = result.kept.to_pylist()
    assert rows[0]["text"] == "hi @user and @NASA"
    assert rows[0]["mentions"] == ["NASA"]
    assert "ana.lee@example.org" not in rows[0]["media"][0]["alt_text"]
    assert "<EMAIL>" in rows[0]["media"][0]["alt_text"]
    assert rows[1]["mentions"] is None or rows[1]["mentions"] == []


# Review findings: each canary value survived redaction before (snake_case secret names, obfuscated
# emails with any TLD, dotted cards and SSNs, numbers in wa.me/tel: links, %40 and fullwidth at-signs,
# webhook URLs, Telegram bot tokens).
LEAKED_BEFORE = [
    ("aws_secret_access_key=CanaryTxtAws09wJalrXUtnFEMIK7MDENGbPxRfiCY", "CanaryTxtAws09", "SECRET"),
    ("DB_PASSWORD=CanaryTxtPw10abc7", "CanaryTxtPw10abc7", "SECRET"),
    ("GITHUB_TOKEN: Xk2jd8Hd72kdLs0pQ9zzA1b2", "Xk2jd8Hd72kdLs0pQ9zzA1b2", "SECRET"),
    ("STRIPE_SECRET_KEY_PROD=Zx8Kq2mN7pL4vR1tY6wB9", "Zx8Kq2mN7pL4vR1tY6wB9", "SECRET"),
    ("stripeApiKey='Zx8Kq2mN7pL4vR1tY6wB'", "Zx8Kq2mN7pL4vR1tY6wB", "SECRET"),
    ("client_secret=Zx8Kq2mN7pL4vR1tY6wC9", "Zx8Kq2mN7pL4vR1tY6wC9", "SECRET"),
    ("passwd=hunter2x", "hunter2x", "SECRET"),
    ("canary11 [at] example [dot] xyz", "canary11", "EMAIL"),
    ("canary12(at)example.museum", "canary12", "EMAIL"),
    ("4111.1111.1111.1111", "4111.1111", "CARD"),
    ("4111/1111/1111/1111", "4111/1111", "CARD"),
    ("ssn 123.45.6789", "123.45.6789", "GOV_ID"),
    ("https://wa.me/14155552671", "14155552671", "PHONE"),
    ("tel:+1-415-555-2671", "415-555-2671", "PHONE"),
    ("https://api.whatsapp.com/send?phone=14155552671&text=hi", "14155552671", "PHONE"),
    ("https://example.com/signup?email=bob%40example.com", "bob%40example", "EMAIL"),
    ("alice＠example.com", "alice＠example", "EMAIL"),
    ("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "T00000000/B0", "SECRET"),
    (
        "https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyzABCDEF_-12",
        "abcdefghijklmnop",
        "SECRET",
    ),
    ("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw7", "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw7", "SECRET"),
    ("https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw7/getMe", "AAHdqTcv", "SECRET"),
]


@pytest.mark.parametrize("value,canary,label", LEAKED_BEFORE)
def test_forms_that_leaked_before_are_redacted(value: str, canary: str, label: str) -> None:
    new_text, counts = redact(f"oops pasted {value} lol")
    assert canary not in new_text
    assert counts == Counter({label: 1}), new_text


@pytest.mark.parametrize(
    "text",
    [
        "monkey=Zx8Kq2mN7pL4vR1tY6wB9",
        "tokenizer: gpt2-medium",
        "on 2019.10.12 at 10.30",
        "build 2024.1105.0001.23",
        "https://x.com/someone/status/1234567890123456789/photo/1",
        "see you (at) noon.",
        "keyboard: Keychron K2 v2",
        "https://hooks.slack.com/",
        "score 12:30",
    ],
)
def test_new_detectors_leave_look_alikes_alone(text: str) -> None:
    assert find_pii(text) == []


def test_stage_removes_links_with_personal_data_and_author_emails() -> None:
    batch = batch_from_rows(
        [
            {
                "id": "1",
                "platform": "csv",
                "text": "new bakery opening",
                "author_handle": "jane.canary29@example.com",
                "uri": "https://forum.example/u/jane?email=jane.canary29%40example.com",
                "author_id": "jane.canary29@example.com",
                "urls": [
                    "mailto:canary.urlmail04@example.com",
                    "https://admin:CanaryUrlPw05x9@intranet.example.com/login",
                    "https://wa.me/14155552671",
                    "https://shop.example/?email=canary%40example.com",
                    "https://x.com/bakery/status/1234567890123456789",
                ],
                "media": [
                    {
                        "kind": "photo",
                        "url": "https://cdn.example/p.jpg?token=CanaryMediaTok8Hd72kdLs0pQ9zz",
                        "alt_text": "aws_secret_access_key=CanaryAltAws07wJalrXUtnFEMIK7MDENGbPxRfiCY",
                    }
                ],
            },
            {
                "id": "2",
                "platform": "mastodon",
                "text": "hi",
                "author_handle": "alice@mastodon.social",
                "uri": "https://mastodon.social/@alice/110000000000000001",
                "urls": ["https://mastodon.social/@alice/110000000000000001"],
            },
            {
                "id": "3",
                "platform": "x",
                "text": "hi",
                "author_handle": "bob",
                "author_id": "4155552671",
                "uri": "https://x.com/bob/status/1234567890123456789",
            },
        ]
    )
    result = PiiStage().apply(batch)
    rows = result.kept.to_pylist()
    assert "canary" not in json.dumps(rows).lower()
    assert rows[0]["urls"] == ["https://x.com/bakery/status/1234567890123456789"]
    assert rows[0]["author_handle"] is None and rows[0]["author_id"] is None
    assert rows[0]["media"][0]["url"] is None
    assert rows[0]["media"][0]["alt_text"] == "aws_secret_access_key=<SECRET>"
    assert rows[0]["uri"] is None
    # a fediverse handle is public, an X numeric id is not a phone number, ordinary links stay
    assert rows[1]["author_handle"] == "alice@mastodon.social"
    assert rows[1]["urls"] == ["https://mastodon.social/@alice/110000000000000001"]
    assert (rows[2]["author_handle"], rows[2]["author_id"]) == ("bob", "4155552671")
    assert [row["uri"] for row in rows[1:]] == [
        "https://mastodon.social/@alice/110000000000000001",
        "https://x.com/bob/status/1234567890123456789",
    ]
    assert result.counters["urls_removed"] == 6 and result.counters["author_emails_removed"] == 2


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_build_keeps_no_canary_from_links_alt_text_or_author_column(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    tweet = {
        "data": [
            {
                "id": "1005",
                "author_id": "10",
                "text": "Photo of the new bakery on main road, opening soon",
                "created_at": "2025-03-02T10:00:00.000Z",
                "lang": "en",
                "attachments": {"media_keys": ["3_1"]},
                "entities": {
                    "urls": [
                        {"url": "https://t.co/a", "expanded_url": "mailto:canary.urlmail04@example.com"},
                        {
                            "url": "https://t.co/b",
                            "expanded_url": "https://admin:CanaryUrlPw05x9@intranet.example.com/login",
                        },
                    ]
                },
            }
        ],
        "includes": {
            "users": [{"id": "10", "username": "pub_alice", "protected": False}],
            "media": [
                {
                    "media_key": "3_1",
                    "type": "photo",
                    "url": "https://pbs.twimg.com/media/x.jpg",
                    "alt_text": "Screenshot: aws_secret_access_key=CanaryAltAws07wJalrXUtnFEMIK7M",
                }
            ],
        },
    }
    (tmp_path / "x.jsonl").write_text(json.dumps(tweet) + "\n", encoding="utf-8")
    (tmp_path / "posts.csv").write_text(
        'user,text,date\njane.canary29@example.com,"Great meeting about the new park yesterday, thanks all",'
        "2025-03-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "corpus"
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "x.jsonl"), str(tmp_path / "posts.csv"), "--out", str(out), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    rows = [row for part in sorted((out / "posts").glob("*.parquet")) for row in pq.read_table(part).to_pylist()]
    assert len(rows) == 2  # both posts are kept; only the personal data left them
    found = [s for row in rows for s in _strings(row) if "anary" in s]
    assert found == []


# Issue 15: forms an adversarial review reproduced end to end, local phone formats in contact context,
# every card length with card context, the new types, and links whose query strings are personal.
ISSUE_15 = [
    ("card no. 4111 1111 1111 1111", "4111 1111 1111 1111", "CARD"),
    ("card #4111111111111111", "4111111111111111", "CARD"),
    ("tel 0044 7700 900123", "0044 7700 900123", "PHONE"),
    ("jane at gmail.com", "jane at gmail.com", "EMAIL"),
    ("jane dot doe at gmail dot com", "jane dot doe at gmail dot com", "EMAIL"),
    ("wohne Am Markt 3, 04109 Leipzig", "Am Markt 3, 04109 Leipzig", "ADDRESS"),
    ("Phone:\n555 0142", "555 0142", "PHONE"),
    ("call me on 12 345 678", "12 345 678", "PHONE"),
    ("(21) 555-014 whatsapp", "(21) 555-014", "PHONE"),
    ("fax 12-34-56-78", "12-34-56-78", "PHONE"),
    ("Desk: +44 (0)20 7946 0018", "+44 (0)20 7946 0018", "PHONE"),
    ("Mobile: 01.23.45.67.89", "01.23.45.67.89", "PHONE"),
    ("Handy: (03507) 891757", "(03507) 891757", "PHONE"),
    ("my maestro card 6304 0000 0000", "6304 0000 0000", "CARD"),  # 12 digits: only with card words
    ("card number 180001114819725", "180001114819725", "CARD"),  # 15-digit JCB 1800
    ("cc: 4111 1111 1111 1111 003", "4111 1111 1111 1111 003", "CARD"),  # 19-digit Visa
    ("born 12 March 1987", "12 March 1987", "DOB"),
    ("DOB: 03/12/87", "03/12/87", "DOB"),
    ("geboren am 12.03.1987", "12.03.1987", "DOB"),
    ("né le 12 mars 1987", "12 mars 1987", "DOB"),
    ("passport no. C01234567", "C01234567", "PASSPORT"),
    ("Reisepassnummer: C4J7X9K21", "C4J7X9K21", "PASSPORT"),
    ("driving licence MORGA753116SM9IJ", "MORGA753116SM9IJ", "DRIVER_LICENSE"),
    ("Führerschein-Nr. B072RRE2I55", "B072RRE2I55", "DRIVER_LICENSE"),
    ("meet me at 40.7128, -74.0060", "40.7128, -74.0060", "GEO"),
    ("NI number AB 12 34 56 C", "AB 12 34 56 C", "GOV_ID"),
    ("Steuer-ID 86095742719", "86095742719", "GOV_ID"),
    ("aadhaar 2341 2341 2346", "2341 2341 2346", "GOV_ID"),
    ("PAN: ABCPE1234F", "ABCPE1234F", "GOV_ID"),
    ("CPF 529.982.247-25", "529.982.247-25", "GOV_ID"),
    ("BSN 111222333", "111222333", "GOV_ID"),
    (
        "seed phrase: abandon ability able about above absent absorb abstract absurd abuse access accident",
        "abandon ability able about above absent absorb abstract absurd abuse access accident",
        "SECRET",
    ),
]


@pytest.mark.parametrize("text,value,label", ISSUE_15)
def test_issue_15_forms(text: str, value: str, label: str) -> None:
    assert [(text[s.start : s.end], s.label) for s in find_pii(text)] == [(value, label)]


@pytest.mark.parametrize(
    "text,name",
    [
        ("Kontakt: Fredy Birnbaum, Tel. 0341 1234567", "Fredy Birnbaum"),
        ("Jane Porter\n+44 20 7946 0958\njane.porter@example.com", "Jane Porter"),
        ("Questions? Ask Georgina Roberts at charlie24@example.org", "Georgina Roberts"),
        ("Laetitia Bertrand-Charpentier — née le 16/11/1960", "Laetitia Bertrand-Charpentier"),
    ],
)
def test_a_name_in_a_contact_block_goes_with_its_data(text: str, name: str) -> None:
    found = [(text[s.start : s.end], s.label) for s in find_pii(text)]
    assert (name, "NAME") in found and len(found) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "Just finished the new book by Margaret Atwood",
        "Lionel Messi scored twice tonight",
        "concert on 12/03/2024, doors at 19:30",
        "Bestellnummer 1234567890 noch nicht da",
        "pedido 40549439173",
        "673 299 261 Aufrufe",
        "versión 7.8.14.14 ya disponible",
        "September 22 1960, Born on this day, Joan Jett",
        "To Address Malnutrition In Hodeidah, Yemen",
        "look at google.com",
        "final score 105-98",
        "the quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat",
    ],
)
def test_issue_15_look_alikes_stay(text: str) -> None:
    assert find_pii(text) == []


def test_context_words_are_data_for_every_language() -> None:
    from townsquare.corpus.pii_context import KINDS, LANGUAGES, load_words

    for kind in KINDS:
        words = load_words(kind)
        assert set(words) == set(LANGUAGES), kind
        assert all(word == word.lower() for items in words.values() for word in items), kind


def test_stage_removes_links_with_session_tokens_or_phone_numbers() -> None:
    batch = batch_from_rows(
        [
            {
                "id": "1",
                "platform": "x",
                "text": "see link",
                "urls": [
                    "https://shop.example/cart?session=9f8a7b6c5d4e3f2a1b0c",
                    "https://example.org/callback?phone=%2B14155552671",
                    "https://example.org/page?sid=a1b2c3d4e5f6",
                    "https://x.com/bakery/status/1234567890123456789",
                ],
            }
        ]
    )
    result = PiiStage().apply(batch)
    assert result.kept.to_pylist()[0]["urls"] == ["https://x.com/bakery/status/1234567890123456789"]
    assert result.counters["urls_removed"] == 3


# Obfuscated emails as people write them in each language, and in contact blocks (issue 15, second pass).
OBFUSCATED_EMAILS = [
    ("meine Adresse ist hmueller at firma.de", "hmueller at firma.de"),
    ("mon adresse mail cdupont at orange.fr", "cdupont at orange.fr"),
    ("mi correo: juan arroba gmail punto com", "juan arroba gmail punto com"),
    ("scrivimi: mario chiocciola libero punto it", "mario chiocciola libero punto it"),
    ("écris-moi à pierre arobase free point fr", "pierre arobase free point fr"),
    ("mail an hans ät gmx punkt de", "hans ät gmx punkt de"),
    ("jan apenstaartje ziggo punt nl", "jan apenstaartje ziggo punt nl"),
]


@pytest.mark.parametrize("text,value", OBFUSCATED_EMAILS)
def test_obfuscated_emails_in_each_language(text: str, value: str) -> None:
    assert [(text[s.start : s.end], s.label) for s in find_pii(text)] == [(value, "EMAIL")]


def test_obfuscated_email_in_a_contact_block_under_other_lines() -> None:
    text = "Jane Smith\n+1 555 201 3344\njsmith at example.org"
    found = [(text[s.start : s.end], s.label) for s in find_pii(text)]
    assert ("jsmith at example.org", "EMAIL") in found and ("Jane Smith", "NAME") in found
    # under a name, but a sentence goes on after it on its line: not an address
    assert find_pii("Bob Lee\nlooking at example.com today") == []


PLATES = [
    ("Kennzeichen B-MW 1234, steht jeden Abend vor unserem Haus", "B-MW 1234"),
    ("the white van with plate AB12 CDE has been outside my house all week", "AB12 CDE"),
    ("la voiture immatriculée AB-123-CD bloque notre portail", "AB-123-CD"),
    ("matrícula 1234 BCD, aparcado delante de mi casa", "1234 BCD"),
    ("minha placa: ABC-1D23", "ABC-1D23"),
    ("targa AB 123 CD, parcheggiata sotto casa mia", "AB 123 CD"),
    ("kenteken 12-ABC-3, staat elke avond voor ons huis", "12-ABC-3"),
    ("our neighbour's car (KL79 LKO) again across my gate", "KL79 LKO"),  # a car word: a national form
    ("AB12 CDE is my plate", "AB12 CDE"),
]


@pytest.mark.parametrize("text,value", PLATES)
def test_licence_plates_with_their_words(text: str, value: str) -> None:
    assert [(text[s.start : s.end], s.label) for s in find_pii(text)] == [(value, "PLATE")]


@pytest.mark.parametrize(
    "text",
    [
        "my car (BMW X5) is parked outside",
        "new car! Audi A4 2.0 TDI",
        "the A380 plate in the museum",
        "placa base B550 por 79.85 €",
        "a plate of 12 wings for $9.99",
        "reg 2024 results",
        "AB12 CDE",
        "I love my car, 10/10",
        "home plate, inning 9, 3-2",
        # two real tweets (TweetEval) a first version flagged: an event and a year, a phone model after "Car"
        "Miss Teen USA 2017 registration in my @user !!",
        "AUKEY Car Charger with Quick Charge 3.0 for LG G5, Samsung Galaxy S7/S6/Edge, Note 7/5/4",
    ],
)
def test_plate_look_alikes_stay(text: str) -> None:
    assert [s for s in find_pii(text) if s.label == "PLATE"] == []


# After an address word ("moved to", "lives at") the address runs to its house number or postcode; a word
# with digits glued to it (a code word, a canary) is not one. The consent audit once had to move
# its canaries away from "moved to the square" because this redacted "the square Code word CANARY...001".
@pytest.mark.parametrize(
    "text",
    [
        "Update: the fair moved to the square Code word CANARYPROTECTED001. after the storm last week.",
        "Meeting moved to the square. Code word is bluebird7",
        "moved to the square Code word bluebird7.",
        "Meeting moved to the square Code word is bluebird7",
    ],
)
def test_a_word_with_digits_after_an_address_word_is_not_an_address(text: str) -> None:
    assert find_pii(text) == []


# A date after "moved to" is no address: "Vote moved to <ADDRESS>." made the assistant give the old date (review 6)
@pytest.mark.parametrize(
    "text",
    [
        "Ashby council budget vote moved to Dec 9th.",
        "Vote moved to December 9th.",
        "Meeting moved to Jan 12th at the hall.",
        "The fair moved to 9 December.",
        "Story time moved to Friday.",
    ],
)
def test_a_date_after_an_address_word_is_not_an_address(text: str) -> None:
    assert find_pii(text) == []


def test_an_address_after_an_address_word_is_still_one_beside_a_date() -> None:
    assert [s.label for s in find_pii("We moved to 44 Mayfair Road on Dec 9th.")] == ["ADDRESS"]


@pytest.mark.parametrize(
    "text,value",
    [
        ("we moved to 14bis rue de Rivoli, 75004 Paris", "14bis rue de Rivoli, 75004 Paris"),
        ("moved to Hauptstraße 12a, 10115 Berlin", "Hauptstraße 12a, 10115 Berlin"),
        ("send it to flat 4B, 22 Baker St, London NW1 6XE", "flat 4B, 22 Baker St, London NW1 6XE"),
        ("moved to the square Code word bluebird7, 22 Baker St", "the square Code word bluebird7, 22 Baker St"),
    ],
)
def test_addresses_after_an_address_word_still_end_at_their_number(text: str, value: str) -> None:
    assert [(text[s.start : s.end], s.label) for s in find_pii(text)] == [(value, "ADDRESS")]
