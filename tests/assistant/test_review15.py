"""Review 15: answers the independent command-line review found wrong (/work/coord/review15.md)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")


def test_a_fediverse_byline_is_supported_by_its_own_post():
    from townsquare.assistant.verify import check_sentence

    # R15-2: "@ines_hughes75@millbrook.social wrote: ..." was removed as naming "ines_hughes75", a name no run of
    # letters and digits of the handle is ("ines", "hughes75"); a handle without "_" passed
    post = {
        "id": "1",
        "text": "Got the Lumen Watch today. Battery is great.",
        "author_handle": "ines_hughes75@millbrook.social",
        "author_id": "https://millbrook.social/users/ines_hughes75",
        "created_at": "2025-03-04T00:15:02Z",
    }
    sentence = "@ines_hughes75@millbrook.social wrote: “Got the Lumen Watch today. Battery is great.” [1]"
    assert check_sentence(sentence, [post]).supported
    # someone else's handle is still no name the post gives
    other = "@wen_nakamura16@chaos.example wrote: “Got the Lumen Watch today. Battery is great.” [1]"
    assert not check_sentence(other, [post]).supported


def test_what_a_mastodon_account_with_an_underscore_says_is_its_posts(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Got the Lumen Watch today. Battery is great, camera is fine.",
        "Heatwave again, 17 degrees by noon. The library is the only cool place left.",
        "The bus to Ashby was late again this morning.",
        "Bin collection moves to Thursdays from next week.",
    ]
    authors = ["ines_hughes75@millbrook.social", "ines_hughes75@millbrook.social", "u2", "u3"]
    answer = Assistant(_index_of(tmp_path, texts, authors=authors)).ask("What does @ines_hughes75 say?")
    assert not answer.abstained and not answer.removed, (answer.text, answer.removed)
    assert "Lumen Watch" in answer.text or "library" in answer.text, answer.text
