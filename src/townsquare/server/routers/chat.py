"""``POST /v1/chat/completions`` and ``GET /v1/models``: OpenAI's shapes, the assistant behind them.

Thin: admission (keys, quotas) as for search, then ``chatting``; the wire
format is ``chat_protocol``.
"""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from townsquare.server import chatting
from townsquare.server.chat_protocol import ChatCompletion, ChatCompletionRequest, ChatProblem, ModelCard, ModelList
from townsquare.server.schemas import ERRORS, OK_HEADERS
from townsquare.server.services import admit, get_services

router = APIRouter()
ERRORS_CHAT = {status: {**entry, "model": ChatProblem} for status, entry in ERRORS.items()}


@router.post(
    "/v1/chat/completions",
    response_model=ChatCompletion,
    tags=["assistant"],
    responses={
        **ERRORS_CHAT,
        200: {"headers": OK_HEADERS, "content": {"text/event-stream": {}}},
        404: {"model": ChatProblem, "description": "No such model (see /v1/models)"},
        502: {"model": ChatProblem, "description": "The configured model could not answer"},
    },
    summary="Answer from public posts, every sentence cited and checked (OpenAI chat completions shape)",
)
async def chat_completions(request: Request, body: ChatCompletionRequest) -> Response:
    services = await get_services(request)
    client = await admit(request, services)
    prepared = chatting.prepare(services, client, body, str(request.base_url))
    if body.stream:
        return StreamingResponse(
            chatting.stream(services, client, prepared),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    result = await chatting.answer(services, client, prepared)
    return Response(
        orjson.dumps(chatting.completion(body, result, body.model, prepared.base_url)), media_type="application/json"
    )


@router.get(
    "/v1/models",
    response_model=ModelList,
    tags=["assistant"],
    responses={**ERRORS_CHAT},
    summary="The composers this server answers with",
)
async def list_models(request: Request) -> Response:
    services = await get_services(request)
    await admit(request, services)
    return Response(orjson.dumps({"object": "list", "data": chatting.models(services)}), media_type="application/json")


@router.get(
    "/v1/models/{model}",
    response_model=ModelCard,
    tags=["assistant"],
    responses={**ERRORS_CHAT, 404: {"model": ChatProblem, "description": "No such model (see /v1/models)"}},
    summary="One composer's card (what OpenAI clients' models.retrieve asks for)",
)
async def retrieve_model(request: Request, model: str) -> Response:
    services = await get_services(request)
    await admit(request, services)
    return Response(orjson.dumps(chatting.model(services, model)), media_type="application/json")
