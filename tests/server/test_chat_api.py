"""The chat API: the real ``openai`` client against a real ``townsquare serve``; SSE shape; keys, quotas and the
posts cap; canaries, forgotten posts and the remote composer through a second real server."""

from __future__ import annotations

import json
import shutil

import pytest

pytestmark = pytest.mark.slow


def _truth(sample_town) -> dict:
    return json.loads((sample_town / "sample" / "truth.json").read_text())["assistant"]


def _question(sample_town, qid: str) -> dict:
    return next(q for q in _truth(sample_town)["questions"] if q["id"] == qid)


def _key(keys_db, quota: str = "1000/15min") -> str:
    from townsquare.server.auth import KeyStore

    return KeyStore(keys_db).create("tester", quota)[1]


def test_openai_client_streams_an_answer_with_citations(start_server, sample_town, tmp_path):
    openai = pytest.importorskip("openai")
    keys = tmp_path / "keys.sqlite"
    token = _key(keys)
    base = start_server(sample_town / "index", keys_db=keys)
    client = openai.OpenAI(base_url=base + "/v1", api_key=token, max_retries=0)
    assert "townsquare-extractive" in [model.id for model in client.models.list()]

    spec = _question(sample_town, "who")
    stream = client.chat.completions.create(
        model="townsquare-extractive",
        stream=True,
        stream_options={"include_usage": True},
        messages=[{"role": "user", "content": spec["question"]}],
    )
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.split(". [1]")[0].endswith(spec["short_answer"])  # the short answer first, cited
    final = next(c for c in chunks if c.choices and c.choices[0].finish_reason)
    assert final.choices[0].finish_reason == "stop"
    extra = final.model_extra
    assert (
        extra["citations"][0].startswith("https://x.com/")
        and extra["citations"][0].endswith(spec["posts"][0])
        or extra["search_results"][0]["id"] in spec["posts"]
    )
    assert {r["id"] for r in extra["search_results"]} <= set(spec["posts"])
    assert extra["verification"]["claims"] == extra["verification"]["supported"] >= 2
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == len(text.split())

    reply = client.chat.completions.create(
        model="townsquare-extractive", messages=[{"role": "user", "content": spec["question"]}]
    )
    assert reply.choices[0].message.content == text
    assert reply.model_extra["citations"] == extra["citations"]

    # a follow-up is rewritten with the earlier question's topic
    follow = client.chat.completions.create(
        model="townsquare-extractive",
        messages=[
            {"role": "user", "content": "What do people say about the bus lane on Harbor Road?"},
            {"role": "assistant", "content": "Posts disagree."},
            {"role": "user", "content": "and who is against it?"},
        ],
    )
    assert "harbor" in follow.choices[0].message.content.lower()

    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=base + "/v1", api_key="wrong", max_retries=0).models.list()
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="gpt-9", messages=[{"role": "user", "content": "hi"}])


def test_sse_wire_format_and_search_parameters(make_client, sample_town, tmp_path):
    client = make_client(index=sample_town / "index", keys_db=tmp_path / "k.sqlite")
    spec = _question(sample_town, "opinion")
    body = {"messages": [{"role": "user", "content": spec["question"]}], "stream": True}
    with client.stream("POST", "/v1/chat/completions", json=body) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        assert "x-rate-limit-remaining" in response.headers
        raw = response.read().decode()
    events = [block[len("data: ") :] for block in raw.split("\n\n") if block]
    assert events[-1] == "[DONE]" and all(block.startswith("data: ") for block in raw.split("\n\n") if block)
    chunks = [json.loads(e) for e in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"} and len({c["id"] for c in chunks}) == 1
    final = chunks[-1]
    assert final["choices"][0]["finish_reason"] == "stop"
    assert sorted((v["label"], v["posts"]) for v in final["viewpoints"]) == [("against", 3), ("for", 5)]
    assert len(final["citations"]) == len(final["search_results"]) == 8

    # search_parameters scope the evidence with X operators
    author = final["search_results"][0]["author"]
    scoped = client.post(
        "/v1/chat/completions", json={"messages": body["messages"], "search_parameters": {"from": author}}
    ).json()
    assert {r["author"] for r in scoped["search_results"]} == {author}
    bad = client.post(
        "/v1/chat/completions", json={"messages": body["messages"], "search_parameters": {"since": "yesterday"}}
    )
    assert bad.status_code == 400 and "search_parameters" in bad.text
    assert client.post("/v1/chat/completions", json={"messages": []}).status_code == 400
    # a question longer than a search query may be (512 characters) is answered from its first words (was a 502)
    long = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": spec["question"] * 12}]})
    assert long.status_code == 200 and long.json()["citations"]
    limited = client.post("/v1/chat/completions", json={"messages": body["messages"], "max_tokens": 5}).json()
    assert limited["choices"][0]["finish_reason"] == "length"
    assert len(limited["choices"][0]["message"]["content"].split()) == 5


def test_search_parameters_that_leave_no_room_for_the_question_are_a_400_naming_them(make_client):
    client = make_client()

    def crowd(count: int) -> str:  # two-letter handles
        return " ".join(f"{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(count))

    question = [{"role": "user", "content": "Is the Eastport ferry running?"}]
    for params in (
        {"from": crowd(60)},  # 179 characters as sent, 658 as OR'ed operators: was a 502 "Bad Gateway"
        {"from": crowd(46), "lang": "en"},  # 512 as operators: no room for the question (was answered without it)
    ):
        for stream in (False, True):
            body = {"messages": question, "search_parameters": params, "stream": stream}
            response = client.post("/v1/chat/completions", json=body)
            assert response.status_code == 400, response.text
            error = response.json()["errors"][0]
            assert "search_parameters" in error["parameters"] and error["message"].startswith("search_parameters: ")


def test_cited_posts_count_toward_the_posts_cap(make_client, sample_town, tmp_path):
    client = make_client(index=sample_town / "index", keys_db=tmp_path / "k.sqlite", posts_quota="10/15min")
    question = {"messages": [{"role": "user", "content": _question(sample_town, "opinion")["question"]}]}
    first = client.post("/v1/chat/completions", json=question)
    assert first.status_code == 200 and len(first.json()["citations"]) == 8
    second = client.post("/v1/chat/completions", json=question)  # 2 posts left: served, then spent past the cap
    assert second.status_code == 200
    third = client.post("/v1/chat/completions", json=question)
    assert third.status_code == 429 and "Usage cap" in third.text
    streamed = client.post("/v1/chat/completions", json={**question, "stream": True})
    assert streamed.status_code == 429  # refused before the stream starts, with a real status
    searched = client.get("/2/tweets/search/recent", params={"query": "bus"})
    assert searched.status_code == 429  # one cap for search and chat


def test_no_canary_in_any_chat_response_streamed_or_not(make_client, sample_town, tmp_path):
    client = make_client(index=sample_town / "index", keys_db=tmp_path / "k.sqlite")
    registry = [json.loads(line) for line in (sample_town / "sample" / "canaries.jsonl").read_text().splitlines()]
    secrets = [entry["canary"] for entry in registry if entry["must_not_appear"]]
    questions = [f"what is {entry.get('prefix') or entry['canary'][:20]}?" for entry in registry]
    questions += [q["question"] for q in _truth(sample_town)["questions"]]
    for question in questions:
        body = {"messages": [{"role": "user", "content": question}]}
        plain = client.post("/v1/chat/completions", json=body).text
        with client.stream("POST", "/v1/chat/completions", json={**body, "stream": True}) as response:
            streamed = response.read().decode()
        for secret in secrets:
            assert secret not in plain and secret not in streamed


def test_a_post_forgotten_while_the_server_runs_is_never_cited_again(start_server, sample_town, tmp_path):
    import httpx

    from townsquare.index import forget

    index = tmp_path / "index"
    shutil.copytree(sample_town / "index", index)
    base = start_server(index)
    spec = _question(sample_town, "who")
    body = {"messages": [{"role": "user", "content": spec["question"]}]}
    first = httpx.post(base + "/v1/chat/completions", json=body, timeout=60).json()
    cited = first["search_results"][0]["id"]
    forget(index, [cited])
    for stream in (False, True):
        again = httpx.post(base + "/v1/chat/completions", json={**body, "stream": stream}, timeout=60).text
        assert cited not in again


def test_remote_composer_against_a_second_real_server(start_server, sample_town, tmp_path):
    """Server A answers with ``--llm-url`` pointing at server B (a real townsquare over HTTP): B's answer comes
    back through A's verification, its citations renumbered to A's evidence by URI."""
    import httpx

    b = start_server(sample_town / "index")
    a = start_server(sample_town / "index", "--llm-url", b + "/v1", "--llm-model", "townsquare-extractive")
    models = [m["id"] for m in httpx.get(a + "/v1/models", timeout=30).json()["data"]]
    assert models == ["townsquare-extractive", "townsquare-remote"]
    spec = _question(sample_town, "who")
    reply = httpx.post(
        a + "/v1/chat/completions",
        timeout=120,
        json={"model": "townsquare-remote", "messages": [{"role": "user", "content": spec["question"]}]},
    ).json()
    text = reply["choices"][0]["message"]["content"]
    assert "Dana Whitfield" in text and "[1]" in text
    assert {r["id"] for r in reply["search_results"]} <= set(spec["posts"])
    assert reply["verification"]["supported"] >= 1
    unanswerable = httpx.post(
        a + "/v1/chat/completions",
        timeout=120,
        json={
            "model": "townsquare-remote",
            "messages": [{"role": "user", "content": _question(sample_town, "unanswerable_chess")["question"]}],
        },
    ).json()
    assert unanswerable["abstained"] and unanswerable["choices"][0]["message"]["content"].startswith("No public post")
    # privacy holds through the remote composer too, streamed or not
    registry = [json.loads(line) for line in (sample_town / "sample" / "canaries.jsonl").read_text().splitlines()]
    secrets = [entry["canary"] for entry in registry if entry["must_not_appear"]]
    for entry in [e for e in registry if e["must_not_appear"]][:6]:
        body = {
            "model": "townsquare-remote",
            "messages": [{"role": "user", "content": f"what is {entry.get('prefix') or entry['canary'][:20]}?"}],
        }
        texts = [
            httpx.post(a + "/v1/chat/completions", json=body, timeout=120).text,
            httpx.post(a + "/v1/chat/completions", json={**body, "stream": True}, timeout=120).text,
        ]
        assert not any(secret in text for secret in secrets for text in texts)


def test_search_parameters_take_x_s_url_and_reply_operators(make_client, tmp_path):
    from tests.assistant.test_assistant import _index_of

    texts = [
        "Ferry timetable for the winter is out https://example.org/ferry/winter",
        "The winter ferry timetable cuts the 6am sailing, says the harbour office.",
        "Good, the 6am ferry was always empty in winter.",
        "Cutting the 6am ferry strands every early shift worker at the harbour.",
    ]
    fields = {n: {"reply_to": "1", "conversation_id": "1"} for n in (2, 3)}
    index = _index_of(tmp_path, texts, ["harbour_office", "ferry_news", "rower_ann", "nurse_bo"], fields=fields)
    client = make_client(index=index, keys_db=tmp_path / "k.sqlite")
    question = [{"role": "user", "content": "What do people say about the winter ferry timetable?"}]
    for params, authors in (
        ({"url": "https://example.org/ferry/winter"}, {"harbour_office"}),
        ({"url": "example.org"}, {"harbour_office"}),
        ({"in_reply_to_tweet_id": "1"}, {"rower_ann", "nurse_bo"}),
        ({"conversation_id": "1"}, {"rower_ann", "nurse_bo"}),
    ):
        response = client.post("/v1/chat/completions", json={"messages": question, "search_parameters": params})
        # was a 400: "search_parameters: Extra inputs are not permitted" (review 7, R7-19)
        assert response.status_code == 200, response.text
        assert {r["author"] for r in response.json()["search_results"]} == authors, (params, response.text)


def test_a_remote_townsquares_own_time_sentence_is_no_removed_claim(start_server, tmp_path):
    """Through another townsquare as the composer, its "The cited post was written on 1 Jul 2025." was checked as
    a claim with no citation and withheld: "removed: 1" on every answer (review 8, R8-32). It is a frame the
    answer writes again itself, from the posts it still cites."""
    import httpx
    from tests.assistant.test_assistant import _index_of

    texts = [
        "About 400 people came to the Lantern Parade on Main Street last night.",
        "The library opens late on Fridays this winter.",
    ]
    index = _index_of(tmp_path, texts, ["gazette", "library"])
    b = start_server(index)
    a = start_server(index, "--llm-url", b + "/v1", "--llm-model", "townsquare-extractive")
    reply = httpx.post(
        a + "/v1/chat/completions",
        timeout=120,
        json={
            "model": "townsquare-remote",
            "messages": [{"role": "user", "content": "How many people came to the Lantern Parade?"}],
        },
    ).json()
    text = reply["choices"][0]["message"]["content"]
    assert "400" in text and "[1]" in text
    assert reply["verification"]["removed"] == [], reply["verification"]
    assert reply["verification"]["supported"] == reply["verification"]["claims"]
    assert text.count("written on") == 1  # the answer's own time sentence, once
