"""``build(keep_mentions=...)`` / ``townsquare build --keep-mentions``: an operator keeps the mentions of named public
accounts (review 10, R10-12: on the airline tweets "@united" is the subject of the post), off by default; every
other mention still becomes ``@user``, in every form, and the card says which handles were kept."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from corpus_inputs import parts_table, post, sentence, write_shard

from townsquare.cli import main
from townsquare.corpus.build import build
from townsquare.errors import ConfigError

TEXTS = [
    "@united lost my bag again, thanks @janedoe42",
    ".@AmericanAir why the delay? ask RT@janedoe42",
    "flying \uff20United tomorrow with @janedoe42",
]


def _inputs(tmp_path):
    rng = random.Random(3)
    rows = [post(f"b-{i}", f"{text} {sentence(rng)}", i) for i, text in enumerate(TEXTS)]
    rows += [post(f"b-{100 + i}", sentence(rng), 100 + i) for i in range(10)]
    return write_shard(tmp_path / "in.parquet", rows)


def _texts(out) -> list[str]:
    table = parts_table(out / "posts")
    return [r["text"] for r in table.to_pylist() if int(r["id"].split("-")[1]) < len(TEXTS)]


def test_named_public_accounts_stay_and_everyone_else_becomes_user(tmp_path) -> None:
    out = tmp_path / "corpus"
    assert build([_inputs(tmp_path)], out, workers=1, keep_mentions="united,@AmericanAir").ok
    texts = _texts(out)
    assert texts[0].startswith("@united lost my bag again, thanks @user")
    assert texts[1].startswith(".@AmericanAir why the delay? ask RT@user")
    assert texts[2].startswith("flying \uff20United tomorrow with @user")
    assert not any("janedoe42" in t for t in texts)
    card = (out / "CARD.md").read_text(encoding="utf-8")
    assert "`@americanair`, `@united`" in card
    assert json.loads((out / "manifest.json").read_text())["options"]["keep_mentions"] == ["americanair", "united"]


def test_default_keeps_no_mention(tmp_path) -> None:
    out = tmp_path / "corpus"
    assert build([_inputs(tmp_path)], out, workers=1).ok
    texts = _texts(out)
    assert all(t.startswith(("@user", ".@user", "flying @user")) for t in texts), texts
    assert "except these public accounts" not in (out / "CARD.md").read_text(encoding="utf-8")


def test_cli_option_and_a_bad_handle(tmp_path) -> None:
    out = tmp_path / "corpus"
    result = CliRunner().invoke(
        main, ["build", str(_inputs(tmp_path)), "--out", str(out), "--workers", "1", "--keep-mentions", "united"]
    )
    assert result.exit_code == 0, result.output
    assert _texts(out)[0].startswith("@united lost my bag")
    with pytest.raises(ConfigError, match="not an account handle"):
        build([tmp_path / "in.parquet"], tmp_path / "other", keep_mentions="united airlines")
