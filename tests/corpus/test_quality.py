"""Quality stage: one short post per reason asserts the reason; ordinary tweets are kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from townsquare.corpus.quality import QUALITY_REASONS, QualityStage
from townsquare.errors import ConfigError
from townsquare.post import batch_from_rows

T0 = datetime(2024, 5, 1, tzinfo=UTC)


def reasons(*texts: str, authors=None, times=None, **thresholds) -> list[str | None]:
    authors = authors or [None] * len(texts)
    times = times or [T0] * len(texts)
    batch = batch_from_rows(
        {"id": f"p{i}", "platform": "x", "text": text, "author_id": author, "created_at": when}
        for i, (text, author, when) in enumerate(zip(texts, authors, times))
    )
    return QualityStage(**thresholds).run(batch)[1]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("   ", "quality_empty"),
        ("https://t.co/abc123 https://example.com/x", "quality_url_only"),
        ("@user 😂😂😂😂", "quality_emoji_only"),
        ("!!! ?", "quality_too_short"),
        ("word " * 2500, "quality_too_long"),
        ("I liked a @user video from @user Cute cats compilation", "quality_boilerplate"),
        ("FLASH GIVEAWAY! Follow us and RT to win a $100 gift card", "quality_spam_giveaway"),
        ("Claim your free BTC now, airdrop ends tonight", "quality_spam_crypto"),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "quality_repeated_chars"),
        (":-) ;-( ^_^ >_< $ % & * ok", "quality_symbol_ratio"),
        ("nice #love #instagood #photooftheday #cute #happy #follow #fashion", "quality_hashtag_ratio"),
        ("#tbt #throwback", "quality_hashtag_ratio"),
        ("@a @b @c @d @e @f @g hi", "quality_mention_ratio"),
        ("see https://a.co/1 https://b.co/2 https://c.co/3 https://d.co/4", "quality_url_ratio"),
    ],
)
def test_each_rule_names_its_reason(text, reason):
    assert reasons(text) == [reason]


@pytest.mark.parametrize(
    "text",
    [
        "lol",
        "@user Nooooooooooooooooooooo. We have stupid, dismal, lame winters",
        "Just finished the marathon!!! 🏃‍♀️🎉 #running #proud",
        "Have a great weekend ---------------------------------------------- #fbf",
        "@user @user Amen..............",
        "Can't believe I won the raffle at work today, so lucky",
        "Bitcoin dropped 5% overnight, what is going on with the market",
        "Ticket presale for the show starts Friday at 10am",
        "Ich freue mich so sehr auf den Sommer ☀️ <EMAIL>",
        "新しいシーズンが本当に面白い",
    ],
)
def test_ordinary_posts_are_kept(text):
    assert reasons(text) == [None]


def test_bot_rate_drops_the_third_template_post_within_the_window_only():
    texts = [
        "Temperature 21C at 10:00 #weather",
        "Temperature 19C at 11:00 #weather",
        "Temperature 18C at 12:00 #weather",
        "Temperature 18C at 12:00 #weather",
    ]
    authors = ["bot", "bot", "bot", "human"]
    times = [T0, T0 + timedelta(minutes=10), T0 + timedelta(minutes=20), T0]
    assert reasons(*texts, authors=authors, times=times) == [None, None, "quality_bot_rate", None]
    spread = [T0, T0 + timedelta(hours=5), T0 + timedelta(hours=10), T0]
    assert reasons(*texts, authors=authors, times=spread) == [None, None, None, None]


def test_bot_rate_state_carries_across_batches_and_stays_bounded():
    stage = QualityStage(bot_max_templates=2)
    for minute in range(3):
        others = [
            {
                "id": f"{who}{minute}",
                "platform": "x",
                "text": "other words entirely",
                "author_id": f"{who}{minute}",
                "created_at": T0,
            }
            for who in "bc"
        ]
        batch = batch_from_rows(
            others
            + [
                {
                    "id": f"p{minute}",
                    "platform": "x",
                    "text": "Buy my course now",
                    "author_id": "a",
                    "created_at": T0 + timedelta(minutes=minute),
                }
            ]
        )
        result = stage.run(batch)[1]
    assert result[2] is None  # the LRU of 2 evicted author a's template: memory stays bounded
    stage = QualityStage()
    for minute in range(3):
        batch = batch_from_rows(
            [
                {
                    "id": f"p{minute}",
                    "platform": "x",
                    "text": "Buy my course now",
                    "author_id": "a",
                    "created_at": T0 + timedelta(minutes=minute),
                }
            ]
        )
        result = stage.run(batch)[1]
    assert result == ["quality_bot_rate"]


def test_reason_list_is_complete_and_unknown_thresholds_are_rejected():
    assert len(QUALITY_REASONS) == len(set(QUALITY_REASONS)) == 14
    with pytest.raises(ConfigError, match="max_run"):
        QualityStage(max_rnu=3)


def test_a_shard_whose_posts_all_have_empty_text_builds(tmp_path):
    """Media-only Mastodon statuses (content "") left a batch with no characters at all: IndexError."""
    import json

    from townsquare.corpus.build import build

    statuses = [
        {
            "id": str(i),
            "uri": f"https://town.example/users/ann/statuses/{i}",
            "content": "",
            "created_at": "2025-03-01T10:00:00.000Z",
            "visibility": "public",
            "account": {"id": "1", "acct": "ann", "username": "ann"},
            "media_attachments": [{"type": "image", "url": f"https://town.example/m/{i}.png"}],
        }
        for i in (1, 2, 3)
    ]
    src = tmp_path / "media_only.jsonl"
    src.write_text("".join(json.dumps(s) + "\n" for s in statuses), encoding="utf-8")
    summary = build([src], tmp_path / "corpus", workers=1)
    assert summary.ok and summary.reconciles
    assert summary.kept == 0 and summary.read == 3
