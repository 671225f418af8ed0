"""Language stage: known sentences, furniture stripped, short -> und, source tags, keep list."""

from __future__ import annotations

import pytest

from townsquare.corpus.language import LANGUAGE_EXCLUDED, LanguageStage, canonical_code, clean_for_detection
from townsquare.errors import ConfigError
from townsquare.post import batch_from_rows


def posts(*texts: str, langs: list[str | None] | None = None):
    langs = langs or [None] * len(texts)
    return batch_from_rows(
        {"id": f"p{i}", "platform": "x", "text": text, "lang": lang} for i, (text, lang) in enumerate(zip(texts, langs))
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I can't believe how good the new season is, watching it all weekend", "en"),
        ("Ich kann nicht glauben, wie gut die neue Staffel ist, ich schaue sie das ganze Wochenende", "de"),
        ("No puedo creer lo buena que es la nueva temporada, la veré todo el fin de semana", "es"),
        ("Je n'arrive pas à croire à quel point la nouvelle saison est bonne", "fr"),
        ("新しいシーズンが本当に面白くて、週末ずっと見ています", "ja"),
    ],
)
def test_known_sentences(text, code):
    assert LanguageStage().detect([text]) == [code]


def test_links_mentions_hashtags_and_placeholders_do_not_decide_the_language():
    text = "@user @someone Das ist wirklich eine gute Nachricht für alle #breaking #news https://t.co/x <EMAIL>"
    assert clean_for_detection([text]) == ["Das ist wirklich eine gute Nachricht für alle"]
    assert LanguageStage().detect([text]) == ["de"]


@pytest.mark.parametrize("text", ["ok 👍", "@user https://t.co/abc", "#tbt", "", None, "123 456!!"])
def test_short_or_empty_posts_are_undetermined(text):
    assert LanguageStage().detect([text]) == ["und"]


def test_fills_lang_and_keeps_credible_source_tags():
    batch, reasons = LanguageStage().run(
        posts(
            "Das Wetter ist heute wirklich schön und warm",  # detected
            "this one the platform says is Dutch",  # trusted source tag
            "Und hier sagt die Plattform nur qme",  # not a language: re-detected
            langs=[None, "nl", "qme"],
        )
    )
    assert batch.column("lang").to_pylist() == ["de", "nl", "de"]
    assert reasons == [None, None, None]


def test_trust_source_false_redetects():
    batch, _ = LanguageStage(trust_source=False).run(
        posts("this one the platform says is Dutch but it is English", langs=["nl"])
    )
    assert batch.column("lang").to_pylist() == ["en"]


def test_keep_list_drops_other_languages_and_und():
    stage = LanguageStage(keep={"en", "de"})
    result = stage.apply(
        posts(
            "The weather is lovely and warm today in the park",
            "Das Wetter ist heute wirklich schön und warm",
            "El tiempo está precioso y cálido hoy en el parque",
            "ok 👍",
        )
    )
    assert result.kept.column("id").to_pylist() == ["p0", "p1"]
    assert result.rejected.column("reason").to_pylist() == [LANGUAGE_EXCLUDED] * 2
    assert result.counters["lang_es"] == 1 and result.counters["lang_und"] == 1


def test_canonical_codes():
    assert [canonical_code(c) for c in ("en-US", "in", "iw", "zh-Hant", None, "qme")] == [
        "en",
        "id",
        "he",
        "zh",
        "und",
        "qme",
    ]


def test_unknown_detector_lists_choices():
    with pytest.raises(ConfigError, match="pycld2"):
        LanguageStage(detector="nope")


def test_an_unknown_lang_code_is_one_error_line(tmp_path):
    from click.testing import CliRunner

    from townsquare.cli import main

    src = tmp_path / "posts.txt"
    src.write_text("the harbour festival starts at noon with music\n", encoding="utf-8")
    for bad in ("english", "qq"):
        result = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "c"), "--lang", f"en,{bad}"])
        assert result.exit_code == 1 and f"--lang: '{bad}' is not a language code" in result.output, result.output
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "c"), "--lang", "en,de,und"])
    assert result.exit_code == 0, result.output
