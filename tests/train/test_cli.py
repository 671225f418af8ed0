from __future__ import annotations

from click.testing import CliRunner

from townsquare.cli import main


def test_train_without_tokens_is_one_clear_line(tmp_path, corpus_factory):
    corpus = corpus_factory(tmp_path / "c", posts=30)
    result = CliRunner().invoke(main, ["train", str(corpus), "--out", str(tmp_path / "run")])
    assert result.exit_code == 1 and "townsquare tokenize" in result.output
    assert "Traceback" not in result.output


def test_unknown_preset_lists_choices(corpus, tmp_path):
    result = CliRunner().invoke(main, ["train", str(corpus), "--preset", "huge", "--out", str(tmp_path / "r")])
    assert result.exit_code == 1 and "choose one of micro, tiny, small, base" in result.output


def test_tokenize_on_a_folder_without_posts(tmp_path):
    result = CliRunner().invoke(main, ["tokenize", str(tmp_path)])
    assert result.exit_code == 1 and "no posts/part-*.parquet" in result.output
