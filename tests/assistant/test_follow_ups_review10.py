"""Review 10 (R10-15, R10-3): follow-ups and who-answers: "Who said that?" names the authors the answer before
it quoted, a common word is no speaker, "And American?" asks the earlier question of American, and a follow-up
keeps the earlier turn's window."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

pytest.importorskip("tantivy")


def test_a_common_lower_case_word_before_a_verb_of_saying_is_no_speaker(tmp_path):
    # R10-15: "Who says American Airlines is great?" was "still. [1]" of "I still think American Airlines is great"
    from townsquare.assistant import Assistant
    from townsquare.assistant.text import speaker

    assert speaker("Oh you pensioners who voted #Tories dont complain its cold", "said") is None
    assert speaker("I still think American Airlines is great", "say") is None  # the author
    assert speaker("police say the road is closed", "say") == "police"
    assert speaker("and my hubby says it's just more to love") == "my hubby"
    posts = [
        ("jacquelinewins6", "@user I still think Fernhollow Air is great...I would just like to be treated better."),
        ("sam_b", "Fernhollow Air lost my bag again, terrible."),
    ]
    assistant = Assistant(_index_of(tmp_path, [t for _, t in posts], authors=[a for a, _ in posts]))
    answer = assistant.ask("Who says Fernhollow Air is great?")
    assert answer.short_answer == "@jacquelinewins6", answer.text
