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


def test_accents_are_folded_where_question_words_meet_post_words():
    from townsquare.assistant.evidence import says_all, word_stems
    from townsquare.assistant.text import content_stems, entities, fold

    assert fold("Orbán, café, naïve, Ｆull") == "Orban, cafe, naive, Full"
    assert fold("デ й") == "デ й"  # no Latin base letter: the marks are the letter
    assert content_stems("What do people say about Orbán?") == content_stems("What do people say about Orban?")
    assert says_all(entities("Is Orbán in Brussels?"), "orban flew to Brussels")
    assert "orban" in word_stems("Send Orbán home")


_ORBAN = [
    (
        "halcy",
        "2018-12-17T14:35:27",
        "politics, hungary\n\nhonestly glad that viktor orban is getting pushback, finally\n\n"
        "he is an asshole fascist pig if there ever was one",
    ),
    (
        "dcoderlt@ohai.social",
        "2026-04-11T12:30:46",
        "politics, hungary\n\n@user \nAgreed. Orban needs to eat shit so badly.\n\n"
        "(The election is tomorrow, not today, IIRC.)",
    ),
    (
        "jwildeboer@social.wildeboer.net",
        "2026-04-11T13:26:18",
        "Dear friends in #Hungary that vote tomorrow: Send Orbán and his cronies to Moscow or Washington or even "
        "better to the court in The Hague with your vote. You have been gaslighted for too long. Do the right thing.",
    ),
    ("halcy", "2026-04-11T19:43:58", "not me finding a bug wherein i tolower a base62 string before decoding"),
    ("bazbt3@appdot.net", "2026-04-11T18:44:38", "@user You got rate limited? You? :)"),
    ("halcy", "2026-04-11T17:48:14", "Quote posts tentatively done. Still TODO: Asynchronous refresh, packaging"),
]


def test_an_opinion_of_an_accented_name_reads_the_posts_that_write_it_without(tmp_path):
    from .test_assistant import assistant_of_posts

    # R15-8: "What do people say about Orbán?" quoted the one post that writes "Orbán"; the posts writing
    # "Orban"/"orban" (search finds them: it folds accents) were not on the topic for the assistant
    assistant = assistant_of_posts(tmp_path, _ORBAN)
    accented = assistant.ask("What do people say about Orbán?")
    authors = {c["author"] for c in accented.citations}
    assert {"halcy", "dcoderlt@ohai.social", "jwildeboer@social.wildeboer.net"} <= authors, accented.text
    plain = assistant.ask("What do people say about Orban?")
    assert accented.text == plain.text, (accented.text, plain.text)


def _model_answer(text: str, texts: list[str]):
    from townsquare.assistant.compose import _draft_from_model
    from townsquare.assistant.core import finish
    from townsquare.assistant.evidence import Evidence

    posts = [
        {"id": str(n), "text": t, "author_handle": f"u{n}", "created_at": f"2025-03-0{n + 1}T10:00:00Z"}
        for n, t in enumerate(texts)
    ]
    evidence = [Evidence(post=p, rank=n, coverage=1.0, match=1.0) for n, p in enumerate(posts)]
    draft = _draft_from_model(text, evidence, "remote", 4000)
    return finish("How many homes lost power in the Tuesday storm?", "", draft, evidence, posts, 0)


_STORM = [
    "Utility update: about 2,000 homes lost power in the Tuesday storm.",
    "2,000 homes without power after the Tuesday storm, crews are out.",
    "Only 500 homes lost power in the Tuesday storm, the rest was a brownout.",
]


def test_a_model_answer_keeps_the_dispute_lead_the_extractive_composer_writes():
    # R15-21: through --llm-url (another townsquare) "Posts disagree." was withheld as "no citation", so a dispute
    # read as two agreeing lists
    answer = _model_answer(
        "Posts disagree. 2 posts from 2 authors say: “Utility update: about 2,000 homes lost power in the Tuesday "
        "storm.” [1] [2] 1 post from 1 author says: “Only 500 homes lost power in the Tuesday storm, the rest was "
        "a brownout.” [3]",
        _STORM,
    )
    assert answer.text.startswith("Posts disagree. "), (answer.text, answer.removed)
    assert "[3]" in answer.text and not answer.removed, answer.removed


def test_a_dispute_lead_goes_where_the_check_leaves_one_side():
    # a side the check withholds (its number is in no post) leaves "Posts disagree." framing one side
    answer = _model_answer(
        "Posts disagree. 2 posts from 2 authors say: “Utility update: about 2,000 homes lost power in the Tuesday "
        "storm.” [1] 1 post from 1 author says: “Only 900 homes lost power in the Tuesday storm.” [3]",
        _STORM,
    )
    assert not answer.text.startswith("Posts"), answer.text
    assert len(answer.removed) == 2 and "2,000" in answer.text, (answer.text, answer.removed)
