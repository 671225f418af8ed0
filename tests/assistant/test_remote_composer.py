"""The remote composer against a real HTTP upstream (a stdlib server answering as a model would, malformed or
not): content as a list of parts, content that is no text, a bad URL, a pasted full endpoint, a runaway answer;
and what every model answer gets after the check: when its posts were written, the closest posts when it
abstains, and never the model's own words that failed the check."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

pytest.importorskip("tantivy")
pytest.importorskip("httpx")

CANARY = "OSPREY-CANARY-7731"
PHONE = "555-201-7788"
WHEN = re.compile(r"The (?:newest )?cited posts? (?:was|were) written (?:on|between) (\d{1,2} \w{3} \d{4})")


def _question(sample_town, qid: str) -> str:
    truth = json.loads((sample_town / "sample" / "truth.json").read_text())["assistant"]["questions"]
    return next(q["question"] for q in truth if q["id"] == qid)


def _ask(*args):
    from townsquare.cli import main

    return CliRunner().invoke(main, ["ask", *map(str, args)], catch_exceptions=False)


def _assistant(sample_town, upstream, **kwargs):
    from townsquare.assistant import Assistant, RemoteComposer

    return Assistant(sample_town / "index", composer=RemoteComposer(upstream.url, **kwargs))


@pytest.mark.parametrize("shape", ["text", "parts"])
def test_a_model_answer_is_kept_whether_content_is_text_or_parts_and_says_when_its_posts_were_written(
    sample_town, upstream, shape
):
    from datetime import datetime

    def content(body):
        quote = upstream.quote(body)
        if shape == "text":
            return quote
        # OpenAI's format allows content as a list of parts; the text parts are the answer, joined
        return [{"type": "text", "text": quote[:10]}, {"type": "text", "text": quote[10:]}]

    upstream.content = content
    answer = _assistant(sample_town, upstream).ask(_question(sample_town, "who"))  # a list raised AttributeError
    assert not answer.abstained and answer.composer == "remote" and answer.text.startswith("@")
    assert answer.supported == answer.claims == 1 and answer.removed == []
    # the model's time sentence is never supported (no post says it), so the checker's own one is added: it was
    # missing, so no model answer said when its evidence was written
    found = WHEN.search(answer.text)
    assert found and found.start() > answer.text.rindex("[1]"), answer.text  # the last sentence, a frame
    stamp = datetime.fromisoformat(answer.citations[0]["created_at"].replace("Z", "+00:00"))
    assert found.group(1) == f"{stamp.day} {stamp.strftime('%b %Y')}"


@pytest.mark.parametrize("content", [5, {"text": "hi"}, [1, 2], [{"type": "text", "text": 5}], True])
def test_content_that_is_no_text_is_one_error_naming_the_model(sample_town, upstream, content):
    from townsquare.errors import ConfigError

    upstream.content = lambda body: content
    with pytest.raises(ConfigError, match="did not answer like /chat/completions"):  # was AttributeError
        _assistant(sample_town, upstream).ask(_question(sample_town, "who"))
    result = _ask(sample_town / "index", _question(sample_town, "who"), "--llm-url", upstream.url)
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error: the model at "), result.output


def test_a_bad_url_is_one_line_and_a_pasted_endpoint_is_its_base(sample_town, upstream):
    question = _question(sample_town, "who")
    for url in ("http://[::1/v1", "ftp://127.0.0.1/v1", "http://127.0.0.1:99999/v1", "127.0.0.1:8000/v1"):
        result = _ask(sample_town / "index", question, "--llm-url", url)  # [::1 raised httpx.InvalidURL
        lines = result.output.strip().splitlines()
        assert result.exit_code == 1 and len(lines) == 1, result.output
        assert lines[0].startswith("Error: the model URL ") and "give the server's base URL" in lines[0]
    upstream.content = upstream.quote
    result = _ask(sample_town / "index", question, "--llm-url", upstream.url + "/chat/completions/")
    assert result.exit_code == 0, result.output
    assert upstream.paths == ["/v1/chat/completions"]  # was /v1/chat/completions/chat/completions (a 404)


@pytest.mark.parametrize("says", ["No public post here answers that.", f"The ferry code is {CANARY}. [1]", ""])
def test_a_model_abstention_lists_the_closest_posts(sample_town, upstream, says):
    upstream.content = lambda body: says
    answer = _assistant(sample_town, upstream).ask(_question(sample_town, "who"))
    assert answer.abstained
    # as the extractive abstention does; it was the bare first sentence, no post to look at
    assert answer.text == "No public post here answers that. The closest public posts are [1] [2] [3]."
    assert [c["n"] for c in answer.citations] == [1, 2, 3]
    assert CANARY not in json.dumps(answer.to_dict())


def test_a_runaway_answer_is_cut_at_max_tokens(sample_town, upstream):
    repeats = 5000  # ~0.6 MB; the reviewer's 10 MB answer was checked for 20 s and served whole
    upstream.content = lambda body: (upstream.quote(body) + " ") * repeats
    answer = _assistant(sample_town, upstream, max_tokens=60).ask(_question(sample_town, "who"))
    body = WHEN.split(answer.text)[0]
    assert len(body) <= 60 * 8, len(answer.text)
    assert not answer.abstained and answer.supported == answer.claims == 1  # said once, the cut sentence dropped
    assert upstream.paths and len(answer.text) < 700


def test_ask_json_never_prints_model_text_that_failed_the_check(sample_town, upstream):
    upstream.content = lambda body: (
        f"{upstream.quote(body)} The ferry code is {CANARY}. [1] Call {PHONE} for the code. [2]"
    )
    result = _ask(sample_town / "index", _question(sample_town, "who"), "--llm-url", upstream.url, "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert CANARY not in result.output and PHONE not in result.output  # "removed" held both, verbatim
    assert answer["claims"] == 3 and answer["supported"] == 1 and len(answer["removed"]) == 2
    assert answer["removed"][0].startswith("sentence 2 of the model's answer, withheld: ")


def test_a_model_lead_made_of_words_of_its_post_is_checked_as_an_answer(tmp_path, upstream):
    """'Winter Market. [1]' for 'Who cancelled the parade?' had every word in the post it cites, so the checker
    passed it (review 7, R7-41); the reader does not find it as an answer to the question there, so it is withheld,
    and the right lead from the same post is kept."""
    from townsquare.assistant import Assistant, RemoteComposer
    from townsquare.assistant.reader import load_reader

    from .test_assistant import _index_of

    if load_reader() is None:
        pytest.skip("the reader needs torch, transformers and the MiniLM package")
    post = (
        "Sad news for everyone who loved last year's lanterns: the council cancelled the Lantern Parade on Main "
        "Street this evening because of the storm warning, and the Winter Market stalls at Church Square will "
        "close early too, so check the town website before heading out tonight."
    )
    assistant = Assistant(_index_of(tmp_path, [post]), composer=RemoteComposer(upstream.url))
    for lead, kept in (("Winter Market. [1]", False), ("The council. [1]", True)):
        upstream.content = lambda body, lead=lead: lead
        answer = assistant.ask("Who cancelled the parade?")
        assert (not answer.abstained) is kept, (lead, answer.text, answer.removed)
        assert answer.removed == (
            []
            if kept
            else ["sentence 1 of the model's answer, withheld: not what its cited posts answer to the question"]
        )
