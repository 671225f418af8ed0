"""Mentions become ``@user`` in every form a platform links (review 10, R10-11): ".@jane", "today.@jane",
"RT@jane", "(@jane", "“@jane", "w/@jane", fullwidth "＠jane", a zero-width character inside the handle; and a
handle in each of those forms is absent from a built corpus. What is not a mention (an email, a link's path,
"L@@K") stays as it was."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest
from corpus_inputs import all_text, parts_table, post, sentence, write_shard

from townsquare.corpus.build import build
from townsquare.corpus.pii import PiiStage, redact
from townsquare.post import batch_from_rows

HANDLE = "zq7janedoe42"  # the private person's handle; must appear nowhere in a built corpus

GLUED = [
    ".@{h} thanks for the ride home",  # the public-reply idiom
    "great talk today.@{h}",
    "so proud of you...@{h} #win",
    "RT@{h} hello there friends",
    "rt@{h} hello there friends",
    "RT:@{h} hello there friends",
    "(@{h}) was there too",
    "“@{h}: my quote” lol",
    "cc:@{h} see this",
    "out tonight w/@{h} and friends",
    "lovely evening //@{h}",
    "\uff20{h} fullwidth at-sign",
    "\ufe6b{h} small at-sign",
    "@\uff5a\uff51\uff17janedoe42 fullwidth letters",
    "@zq7jane\u200bdoe42 zero-width inside",
    "@{h}'s car broke down",
    "@{h}\u2019s car broke down",
    "@{h}@mastodon.example says hi",
    "@zq7jane-doe42.bsky.social says hi",
    "!@{h} look",
]


@pytest.mark.parametrize("template", GLUED)
def test_glued_mention_becomes_user(template: str) -> None:
    text = template.format(h=HANDLE)
    new_text = redact(text)[0]
    assert "@user" in new_text, new_text
    assert "janedoe42" not in new_text and "doe42" not in new_text, new_text


def test_stage_fast_path_agrees_with_the_python_rule() -> None:
    # the stage rewrites most rows with one RE2 pattern; rows it leaves go to replace_mentions
    texts = [t.format(h=HANDLE) for t in GLUED] + [
        "L@@K at this deal",
        "mail jane@example.com now",
        "see https://town.example/@hank/1234 for more",
        "<SECRET>@files.example",
        "@united-rebooked to OMA",
    ]
    batch = batch_from_rows([{"id": f"p{i}", "platform": "x", "text": t} for i, t in enumerate(texts)])
    kept = PiiStage().apply(batch).kept.column("text").to_pylist()
    assert kept == [redact(t)[0] for t in texts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L@@K at this deal", "L@@K at this deal"),  # a word, not a mention (X does not link it either)
        ("see https://town.example/@hank/1234 for more", "see https://town.example/@hank/1234 for more"),
        ("<SECRET>@files.example", "<SECRET>@files.example"),
        ("smart@thing", "smart@thing"),  # a letter before the sign: not a mention anywhere
        ("@united-rebooked to OMA", "@user-rebooked to OMA"),  # a hyphen joins only a dotted handle
        (".@NASA and RT@bob", ".@NASA and RT@user"),  # the allow list holds in the glued forms too
    ],
)
def test_what_is_not_a_mention_stays(text: str, expected: str) -> None:
    assert redact(text, mention_allow={"nasa"})[0] == expected


def test_allow_list_matches_the_handle_as_read() -> None:
    assert redact("\uff20NASA and \uff20bob", mention_allow={"nasa"})[0] == "\uff20NASA and @user"


def test_handle_in_each_glued_form_is_absent_from_the_built_corpus(tmp_path) -> None:
    rng = random.Random(11)
    rows = [post(f"m-{i}", f"{t.format(h=HANDLE)} {sentence(rng)}", i) for i, t in enumerate(GLUED)]
    rows += [post(f"m-{100 + i}", sentence(rng), 100 + i) for i in range(20)]
    write_shard(tmp_path / "in.parquet", rows)
    out = tmp_path / "corpus"
    summary = build([tmp_path / "in.parquet"], out, workers=1)
    assert summary.ok
    posts = parts_table(out / "posts")
    kept_ids = set(posts.column("id").to_pylist())
    assert {f"m-{i}" for i in range(len(GLUED))} <= kept_ids  # kept, not dropped: the text is what is tested
    text = all_text(out).casefold()
    assert "doe42" not in text
    texts = pa.Table.to_pylist(posts.select(["id", "text"]))
    glued = [r["text"] for r in texts if r["id"].startswith("m-") and int(r["id"][2:]) < len(GLUED)]
    assert all("@user" in t for t in glued), glued
