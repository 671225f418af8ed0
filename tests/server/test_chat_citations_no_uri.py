"""Review 10 (R10-19): a post with no link of its own (a CSV or text corpus) is cited by its lookup on the server.

The chat API's ``citations`` were ``""`` for such posts, so a client scripting answers over a CSV corpus could
follow none of them; ``ask --json``'s ``short_answer`` was missing from the API.
"""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("tantivy")

from tests.assistant.test_assistant import _index_of  # noqa: E402

TEXTS = [
    "United offered me a $200 travel certificate after the cancelled flight",
    "Snow again at the airport this morning",
]


def test_a_csv_posts_citation_is_its_lookup_on_this_server(tmp_path, make_client):
    fields = {n: {"platform": "csv", "id": f"row{n}", "uri": None} for n in range(len(TEXTS))}
    client = make_client(index=_index_of(tmp_path, TEXTS, fields=fields))
    body = {"messages": [{"role": "user", "content": "How much was the travel certificate United offered?"}]}
    answer = client.post("/v1/chat/completions", json=body).json()
    cited = answer["search_results"][0]
    assert cited["id"].endswith("row0") and cited["uri"] is None
    citation = answer["citations"][0]
    assert citation == f"http://testserver/2/tweets/{cited['id']}"  # was ""
    looked_up = client.get(citation)
    assert looked_up.status_code == 200 and looked_up.json()["data"]["text"] == TEXTS[0]
    assert answer["short_answer"] == "$200"  # as `ask --json` gives it
