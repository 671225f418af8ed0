"""Review 15: disputes and sides the independent review found wrong (/work/coord/review15.md)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

_TOWN = [
    "The bus to Ashby was late again this morning.",
    "Bin collection moves to Thursdays from next week.",
    "Lovely walk by the river today, the ducks are back.",
]


def test_a_price_is_disputed_only_by_another_price(tmp_path):
    from townsquare.assistant import Assistant

    # R15-9: "How much is petrol now?" set the price "£1.35" against "20% ethanol blending" as "Posts give
    # different numbers"; a percentage is no price
    texts = [
        "Remember when everyone lost their minds when petrol crept over a £1. Good times £1.35 now. 👎🏻 #Brexit",
        "@user govt itslef claiming 20% eth ol blending in petrol by 2024-25, and 5% blending in diesel too.",
        *_TOWN,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("How much is petrol now?")
    assert answer.text.startswith("£1.35. [1]"), answer.text
    assert "different numbers" not in answer.text and "[2]" not in answer.text, answer.text


def test_two_prices_are_still_a_dispute(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Petrol is £1.35 a litre at the Ashby garage now.",
        "No way, petrol is £1.52 a litre at the Ashby garage now.",
        "@user govt claiming 20% ethanol blending in petrol by 2024-25.",
        *_TOWN,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("How much is petrol at the Ashby garage?")
    assert answer.text.startswith("Posts disagree."), answer.text
    assert "£1.35" in answer.text and "£1.52" in answer.text and "20%" not in answer.text, answer.text
