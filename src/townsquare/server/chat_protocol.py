"""The chat API's wire format, in one place: OpenAI's chat completions shapes plus citations.

Requests and responses follow OpenAI's ``/v1/chat/completions`` and
``/v1/models`` so any OpenAI client works; answers add what Perplexity's API
adds: ``citations`` (the cited posts' URIs, ``[n]`` in the text is
``citations[n-1]``; a post with no URI of its own, from a CSV or text corpus, is
its ``/2/tweets/{id}`` lookup on this server) and ``search_results`` (id, uri,
author, created_at, snippet). townsquare adds ``short_answer`` (the answer's
lead, as ``ask --json`` gives it; for why/how, the cited words the answer rests on; None where it opens on a
dispute), ``viewpoints`` (when posts disagree), ``verification``
(sentences checked and supported) and ``abstained``. ``search_parameters``
scopes the evidence with X query operators (``{"from": "alice", "lang": "en",
"since": "2025-03-01"}``; also ``until``, ``url``, ``in_reply_to_tweet_id``,
``conversation_id`` and ``quotes_of_tweet_id``). Errors are OpenAI's ``{"error": {"message", "type",
"param", "code"}}`` (``ChatProblem``; a stream sends the same object as an event),
beside X's problem fields that the search API uses.

``usage`` counts whitespace-separated words: the extractive composer has no
tokenizer, and a word count is what it can honestly report.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from townsquare.server.schemas import Problem

EXTRACTIVE_MODEL = "townsquare-extractive"
LOCAL_MODEL = "townsquare-local"
REMOTE_MODEL = "townsquare-remote"
MESSAGES_READ = 64  # the latest messages of a conversation that are read
MESSAGES_SENT = 10_000  # the most a request may hold (a body is at most 4 MiB anyway)


class _Lenient(BaseModel):
    # OpenAI clients send fields we do not use (logprobs, seed, tools...): accepted and ignored
    model_config = ConfigDict(extra="ignore")


class ContentPart(_Lenient):
    type: str = "text"
    text: str = ""

    @field_validator("type")
    @classmethod
    def _text_only(cls, value: str) -> str:
        # a photo beside the question was dropped, and the answer was about something else (R19-B9)
        if value != "text":
            raise ValueError(f"these models read text only, not {value[:40]!r} parts")
        return value


class ChatMessage(_Lenient):
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None
    name: str | None = None


class StreamOptions(_Lenient):
    include_usage: bool = False


class SearchParameters(BaseModel):
    """X query operators that scope the evidence; each value may hold several space-separated items."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: str | None = Field(None, alias="from", max_length=200, description="author handle(s), as from:")
    lang: str | None = Field(None, max_length=50, description="language code(s), as lang:")
    since: str | None = Field(None, max_length=40, description="YYYY-MM-DD, as since:")
    until: str | None = Field(None, max_length=40, description="YYYY-MM-DD (exclusive), as until:")
    url: str | None = Field(None, max_length=400, description="a link or its words the posts hold, as url:")
    in_reply_to_tweet_id: str | None = Field(None, max_length=200, description="replies to these posts")
    conversation_id: str | None = Field(None, max_length=200, description="posts of these conversations")
    quotes_of_tweet_id: str | None = Field(None, max_length=200, description="posts quoting these posts")

    def operators(self) -> dict[str, str]:
        values = {
            "from": self.from_,
            "lang": self.lang,
            "since": self.since,
            "until": self.until,
            "url": self.url,
            "in_reply_to_tweet_id": self.in_reply_to_tweet_id,
            "conversation_id": self.conversation_id,
            "quotes_of_tweet_id": self.quotes_of_tweet_id,
        }
        return {name: value for name, value in values.items() if value}


class ChatCompletionRequest(_Lenient):
    model: str = Field(EXTRACTIVE_MODEL, max_length=200)
    # a chat page sends the whole conversation every turn: past MESSAGES_READ, the oldest are left unread (a
    # 65th message was a 400, and a long session stopped at turn 33, R19-B8); the body limit bounds the rest
    messages: list[ChatMessage] = Field(..., min_length=1, max_length=MESSAGES_SENT)
    modalities: list[str] | None = Field(None, description="['text'] only")
    audio: dict[str, Any] | None = Field(None, description="none: answers are text")
    stream: bool = False
    stream_options: StreamOptions | None = None
    max_tokens: int | None = Field(None, ge=1, le=4096)
    max_completion_tokens: int | None = Field(None, ge=1, le=4096)
    temperature: float | None = Field(None, ge=0, le=2, allow_inf_nan=False)
    top_p: float | None = Field(None, ge=0, le=1, allow_inf_nan=False)
    n: int = Field(1, ge=1, le=1, description="one answer per request")
    stop: str | list[str] | None = Field(None, description="up to 4 sequences; the answer ends before the first")
    user: str | None = None
    search_parameters: SearchParameters | None = None
    # what this server cannot honour is refused, not ignored: a JSON-mode client would fail to parse cited prose
    response_format: dict[str, Any] | None = Field(None, description="only {'type': 'text'}")
    tools: list[Any] | None = Field(None, description="none: these models call no tools")
    functions: list[Any] | None = Field(None, description="none: these models call no functions")
    logprobs: bool | None = Field(None, description="false only: these answers have no token log-probabilities")
    top_logprobs: int | None = Field(None, ge=0, le=20, description="0 only, as logprobs")

    @field_validator("messages")
    @classmethod
    def _latest(cls, value: list[ChatMessage]) -> list[ChatMessage]:
        return value[-MESSAGES_READ:]

    @field_validator("modalities")
    @classmethod
    def _text_out(cls, value: list[str] | None) -> list[str] | None:
        if value and set(value) != {"text"}:
            raise ValueError("answers are text only")
        return value

    @field_validator("audio")
    @classmethod
    def _no_audio(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value:
            raise ValueError("answers are text only: no audio")
        return value

    @field_validator("logprobs", "top_logprobs")
    @classmethod
    def _no_logprobs(cls, value: bool | int | None) -> bool | int | None:
        if value:
            raise ValueError("answers are cited prose built from posts: they have no token log-probabilities")
        return value

    @field_validator("response_format")
    @classmethod
    def _text_only(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        kind = (value or {}).get("type", "text")
        if kind != "text":
            raise ValueError(f"answers are cited prose: only type 'text' is given, not {str(kind)[:40]!r}")
        return value

    @field_validator("tools", "functions")
    @classmethod
    def _no_tools(cls, value: list[Any] | None) -> list[Any] | None:
        if value:
            raise ValueError("these models answer from posts and call no tools")
        return value

    @field_validator("stop")
    @classmethod
    def _stops(cls, value: str | list[str] | None) -> str | list[str] | None:
        if isinstance(value, list) and len(value) > 4:
            raise ValueError("at most 4 stop sequences")
        return value

    def word_limit(self) -> int | None:
        return self.max_completion_tokens or self.max_tokens

    def stops(self) -> list[str]:
        return [s for s in ([self.stop] if isinstance(self.stop, str) else self.stop or []) if s]


class SearchResult(BaseModel):
    id: str
    uri: str | None = None
    author: str | None = None
    created_at: str | None = None
    snippet: str = ""


class Viewpoint(BaseModel):
    label: str
    summary: str
    posts: int
    authors: int
    citations: list[int]


class Verification(BaseModel):
    claims: int = Field(description="sentences checked against their cited posts")
    supported: int = Field(description="of which supported")
    removed: list[str] = Field(
        default_factory=list,
        description="unsupported sentences taken out of the answer (a model's are withheld: named by place and reasons)",
    )


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ResponseMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: ResponseMessage
    finish_reason: Literal["stop", "length"] = "stop"
    logprobs: None = None


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    citations: list[str]
    short_answer: str | None = None
    search_results: list[SearchResult]
    viewpoints: list[Viewpoint] = Field(default_factory=list)
    verification: Verification
    abstained: bool = False


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: Literal["stop", "length"] | None = None
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    """One SSE event; the last content chunk carries finish_reason, citations and search_results."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None
    citations: list[str] | None = None
    short_answer: str | None = None
    search_results: list[SearchResult] | None = None
    viewpoints: list[Viewpoint] | None = None
    verification: Verification | None = None
    abstained: bool | None = None


class ErrorObject(BaseModel):
    """OpenAI's error object: what OpenAI clients show (``e.message``, ``e.type``, ``e.param``, ``e.code``)."""

    message: str
    type: str  # invalid_request_error, requests (429), server_error (5xx)
    param: str | None = None  # the request field at fault (``model``, ``n``, ``messages``)
    code: str | None = None  # model_not_found, invalid_api_key, rate_limit_exceeded, ...


class ChatProblem(Problem):
    """An error of the chat routes: OpenAI's ``error`` beside X's problem fields (``problems.render``)."""

    error: ErrorObject


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "townsquare"
    description: str = ""


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


def words(text: str) -> int:
    return len(text.split())


def usage(prompt: str, completion: str) -> dict[str, Any]:
    p, c = words(prompt), words(completion)
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}
