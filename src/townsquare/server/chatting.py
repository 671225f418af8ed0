"""The chat API's serving logic: the assistant behind the same keys, quotas and posts cap as search.

``answer`` runs the assistant for one request (in a worker thread: composing is
CPU or network bound); ``completion`` and ``stream`` shape its ``Answer`` as an
OpenAI chat completion or as SSE chunks ending with ``data: [DONE]``. The posts
an answer cites are returned to the caller (``search_results``), so they count
toward the client's posts cap exactly as search results do.
"""

from __future__ import annotations

import logging
import time
import uuid
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import anyio
import orjson

from townsquare.server.antiscrape import log_event
from townsquare.server.chat_protocol import EXTRACTIVE_MODEL, LOCAL_MODEL, REMOTE_MODEL, ChatCompletionRequest, usage
from townsquare.server.problems import ApiError, invalid_request, openai_error, unavailable, usage_capped
from townsquare.server.services import Client, Services

if TYPE_CHECKING:
    from townsquare.assistant.compose import ExtractiveComposer, LocalComposer, RemoteComposer
    from townsquare.assistant.core import Answer

    Composer = ExtractiveComposer | LocalComposer | RemoteComposer

logger = logging.getLogger(__name__)
STREAM_PIECE_WORDS = 6  # words per content chunk: small enough to look live, few enough events to stay cheap


def models(services: Services) -> list[dict[str, Any]]:
    """``/v1/models``: the composers this server can answer with."""
    created = int(services.started)
    cards = [
        {
            "id": EXTRACTIVE_MODEL,
            "object": "model",
            "created": created,
            "owned_by": "townsquare",
            "description": "extractive: answers with cited spans and sentences of public posts; no model",
        }
    ]
    if services.settings.local_model:
        cards.append(
            {
                "id": LOCAL_MODEL,
                "object": "model",
                "created": created,
                "owned_by": "townsquare",
                "description": f"a local causal LM ({services.settings.local_model.name}) over the same evidence",
            }
        )
    if services.settings.llm_url:
        cards.append(
            {
                "id": REMOTE_MODEL,
                "object": "model",
                "created": created,
                "owned_by": "townsquare",
                # not its URL: the operator's internal address is no client's business
                "description": f"a remote model ({services.settings.llm_model}) over the same evidence",
            }
        )
    return cards


def _composer(services: Services, model: str) -> Composer:
    from townsquare.assistant import ExtractiveComposer, LocalComposer, RemoteComposer
    from townsquare.errors import ConfigError

    settings = services.settings
    with services.lock:
        cache = services.composers
        if model in (EXTRACTIVE_MODEL, "extractive", "townsquare"):
            return cache.setdefault(EXTRACTIVE_MODEL, ExtractiveComposer())
        if model in (LOCAL_MODEL, "local") and settings.local_model:
            return cache.setdefault(LOCAL_MODEL, LocalComposer(str(settings.local_model)))
        if model in (REMOTE_MODEL, "remote") and settings.llm_url:
            if REMOTE_MODEL not in cache:
                try:  # `serve` refuses a bad llm_url at start; an app built on other settings says it here
                    cache[REMOTE_MODEL] = RemoteComposer(settings.llm_url, settings.llm_model, settings.llm_key_env)
                except ConfigError as exc:
                    raise unavailable(str(exc)) from None
            return cache[REMOTE_MODEL]
    raise model_not_found(services, model)


def model(services: Services, name: str) -> dict[str, Any]:
    """``/v1/models/{name}``: the card of one model ``/v1/models`` lists (404 model_not_found otherwise)."""
    card = next((card for card in models(services) if card["id"] == name), None)
    if card is None:
        raise model_not_found(services, name)
    return card


def model_not_found(services: Services, model: str) -> ApiError:
    names = ", ".join(card["id"] for card in models(services))
    return ApiError(
        404,
        "Not Found Error",
        f"The model `{model}` does not exist here; choose one of {names}",
        "https://platform.openai.com/docs/guides/error-codes",
        [{"message": f"model {model!r} not found", "code": "model_not_found", "parameters": {"model": [model[:1000]]}}],
    )


def _check_scope(question: str, operators: dict[str, str]) -> None:
    """search_parameters the index refuses, or that leave no room for the question, are the client's 400."""
    from townsquare.assistant.evidence import search_query
    from townsquare.errors import SearchParameterError

    try:
        search_query(question, operators)
    except SearchParameterError as exc:
        given = " ".join(f"{name}:{value}" for name, value in operators.items())
        # the field's name once: "search_parameters: from value 'x:y' is an operator ..."
        message = "search_parameters: " + str(exc).removeprefix("search parameters: ")
        raise invalid_request(message, "search_parameters", given) from None


@dataclass
class Prepared:
    """A request checked before any byte of the response is sent (so its errors keep their HTTP status)."""

    request: ChatCompletionRequest
    question: str
    history: list[str]
    composer: Any
    operators: dict[str, str]
    cap: Any
    posts_left: int  # the answer may cite at most this many posts (what is left of the posts cap)
    base_url: str = "/"  # this server's root as the client reached it: where a post with no URI is looked up
    held: str | None = None  # the earlier answer as the client holds it ("Who said that?" asks about it)


def prepare(services: Services, client: Client, request: ChatCompletionRequest, base_url: str = "/") -> Prepared:
    """Check the request, the index and the client's posts cap; ApiError (400, 404, 429, 503) when it cannot be
    answered."""
    from townsquare.assistant import held_answer, messages_to_turns

    messages = [message.model_dump() for message in request.messages]
    question, history = messages_to_turns(messages)  # cut to MAX_QUESTION characters each, before any work
    if not question.strip():
        raise invalid_request("messages: the conversation has no user message with text", "messages", "")
    composer = _composer(services, request.model)
    operators = request.search_parameters.operators() if request.search_parameters else {}
    _check_scope(question, operators)
    services.check_embedder()  # a damaged index is a 503 here, before a stream's status line is sent
    guard = services.guard
    cap = guard.cap(guard.posts_quota, client.flagged)
    left = _within_cap(client, client.posts or services.limiter.peek(guard.posts_quota, "posts", client.id, cap=cap))
    held = held_answer(messages)
    return Prepared(request, question, history, composer, operators, cap, left, base_url, held)


def _within_cap(client: Client, allowance: Any) -> int:
    """What is left of the client's posts cap; the cap's 429 when nothing is."""
    if not allowance.allowed:
        log_event("posts_capped", client=client.id, limit=allowance.limit, chat=True)
        raise usage_capped(allowance)
    return int(allowance.remaining)


async def answer(services: Services, client: Client, prepared: Prepared) -> Answer:
    """The assistant's ``Answer`` (in a worker thread); the posts it cites are spent from the posts cap."""
    from townsquare.assistant import ExtractiveComposer

    assistant = services.assistant

    def ask() -> Answer:
        if isinstance(prepared.composer, ExtractiveComposer):
            # its models load on the worker's first chat request, not in the first answer that needs each
            prepared.composer.load()
        return assistant.ask(
            prepared.question,
            prepared.history,
            composer=prepared.composer,
            search_parameters=prepared.operators,
            max_posts=prepared.posts_left,
            held=prepared.held,
        )

    guard = services.guard
    async with _one_at_a_time(client.id):
        # a client's answers are composed one after another, each within what the ones before it left of the
        # posts cap: 12 requests at once each saw the whole cap and served 78 posts against 12 (R19-B4). Per
        # worker: with several workers (Redis), each may serve one answer over what is left
        left = services.limiter.peek(guard.posts_quota, "posts", client.id, cap=prepared.cap)
        prepared.posts_left = min(prepared.posts_left, _within_cap(client, left))
        result = await _answered(ask, client, prepared)
        if result.citations:
            spent = await services.limiter.hit_async(
                guard.posts_quota, "posts", client.id, cost=len(result.citations), cap=prepared.cap
            )
            if not spent.allowed:  # another worker spent the rest meanwhile: at most one answer over
                log_event("posts_capped", client=client.id, limit=spent.limit, served=len(result.citations), chat=True)
    return result


_ANSWERING: weakref.WeakValueDictionary[str, anyio.Lock] = weakref.WeakValueDictionary()


def _one_at_a_time(client_id: str) -> anyio.Lock:
    """The lock a client's chat answers take turns on in this worker (dropped when none holds it)."""
    lock = _ANSWERING.get(client_id)
    if lock is None:
        lock = _ANSWERING[client_id] = anyio.Lock()
    return lock


async def _answered(ask: Callable[[], Answer], client: Client, prepared: Prepared) -> Answer:
    """``ask()`` in a worker thread, its failures as the client's errors."""
    from townsquare.errors import InputError, QuerySyntaxError, SearchParameterError, TownsquareError

    try:
        return await anyio.to_thread.run_sync(ask)
    except (InputError, QuerySyntaxError, SearchParameterError) as exc:  # the request's own text or parameters
        raise ApiError(400, "Bad Request", str(exc)) from None
    except TownsquareError as exc:  # the composer's model or server failed
        # the operator's log has the cause (a remote's internal address, its error); the client, that it failed
        log_event("model_failed", client=client.id, model=prepared.request.model, cause=str(exc)[:500])
        raise ApiError(
            502, "Bad Gateway", f"the model {prepared.request.model} could not answer; try again later"
        ) from None


def _truncate(text: str, limit: int | None, stops: list[str] | None = None) -> tuple[str, str]:
    """The answer as the request bounds it: it ends before the first stop sequence, and after ``limit`` words."""
    ends = [found for stop in stops or [] if (found := text.find(stop)) >= 0]
    if ends:
        text = text[: min(ends)]
    words = text.split(" ")
    if limit is None or len(words) <= limit:
        return text, "stop"
    return " ".join(words[:limit]), "length"


def _extras(result: Answer, base_url: str) -> dict[str, Any]:
    return {
        # a post with no link of its own (a CSV or text corpus) is cited by its lookup on this server: "" was no
        # citation a client could follow
        "citations": [c["uri"] or f"{base_url}2/tweets/{quote(c['id'], safe=':')}" for c in result.citations],
        "short_answer": result.short_answer,
        "search_results": [
            {key: c[key] for key in ("id", "uri", "author", "created_at", "snippet")} for c in result.citations
        ],
        "viewpoints": result.viewpoints,
        "verification": {"claims": result.claims, "supported": result.supported, "removed": result.removed},
        "abstained": result.abstained,
    }


def completion(request: ChatCompletionRequest, result: Answer, model: str, base_url: str = "/") -> dict[str, Any]:
    """A ``chat.completion`` body."""
    text, finish = _truncate(result.text, request.word_limit(), request.stops())
    return {
        "id": "chatcmpl-" + uuid.uuid4().hex,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish, "logprobs": None}
        ],
        "usage": usage(result.question, text),
        **_extras(result, base_url),
    }


def _event(body: dict[str, Any]) -> bytes:
    return b"data: " + orjson.dumps(body) + b"\n\n"


async def stream(services: Services, client: Client, prepared: Prepared) -> AsyncIterator[bytes]:
    """SSE: a role chunk at once, the answer in pieces, a final chunk with citations, usage if asked, [DONE]."""
    request = prepared.request
    base = {
        "id": "chatcmpl-" + uuid.uuid4().hex,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": request.model,
    }

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
        return _event(
            {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
        )

    yield chunk({"role": "assistant", "content": ""})
    try:
        result = await answer(services, client, prepared)
    except ApiError as error:
        # the status line is sent already: the error travels as an event, as OpenAI's streams do
        yield _event({"error": openai_error(error)})  # the shape a non-streamed error's "error" has
        yield b"data: [DONE]\n\n"
        return
    except Exception:
        # a bug of ours: logged with its traceback, and the stream still ends as a stream (it was cut mid-body)
        logger.exception("chat stream failed")
        yield _event({"error": openai_error(ApiError(500, "Internal Server Error", "Internal Server Error"))})
        yield b"data: [DONE]\n\n"
        return
    text, finish = _truncate(result.text, request.word_limit(), request.stops())
    words = text.split(" ")
    for start in range(0, len(words), STREAM_PIECE_WORDS):
        piece = " ".join(words[start : start + STREAM_PIECE_WORDS])
        yield chunk({"content": piece if start == 0 else " " + piece})
    yield chunk({}, finish, **_extras(result, prepared.base_url))
    if request.stream_options and request.stream_options.include_usage:
        yield _event({**base, "choices": [], "usage": usage(result.question, text)})
    yield b"data: [DONE]\n\n"
