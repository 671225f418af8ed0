"""A short answer that a hashtag gives is written as the words the hashtag runs together ("Gilmore Girls" of
"#GilmoreGirls"), as a reader would say it; the quoted sentence keeps the post's own spelling, and the verifier
finds the hashtag's words in the post it cites."""

from __future__ import annotations

import pytest

from townsquare.assistant.verify import check_sentence

from .test_assistant import _index_of

pytest.importorskip("tantivy")


def test_a_hashtag_answer_is_written_as_its_words(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Netflix please give us more episodes of #GilmoreGirls, the revival was not enough",
        "Binge watching old sitcoms all weekend, no regrets",
        "New episodes of the cooking show drop on Friday",
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("What show do they want more episodes of?")
    assert answer.short_answer == "Gilmore Girls", answer.text
    assert "#GilmoreGirls" in answer.text, answer.text  # the quote is the post's own words
    assert answer.supported == answer.claims, answer.text


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [("Gilmore Girls. [1]", True), ("Gilmore Boys. [1]", False), ("Oscars 2015. [1]", False)],
)
def test_the_verifier_reads_a_hashtags_words(sentence, supported):
    post = {"text": "we need more #GilmoreGirls episodes #Oscars2016"}
    assert check_sentence(sentence, [post]).supported is supported
