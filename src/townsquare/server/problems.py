"""X-style error bodies: ``{"errors": [...], "title", "detail", "type", "status"}``.

Every error the API returns (bad parameters, bad token, not found, over quota)
is an ``ApiError`` rendered by one handler, so clients written for X API v2
read ours the same way. On the OpenAI-shaped routes (``/v1/...``) the body also
carries OpenAI's ``{"error": {"message", "type", "param", "code"}}``, which is
what OpenAI clients read (``openai``'s ``e.message``, ``e.code``, ``e.param``);
the X fields stay beside it (the two share no key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

if TYPE_CHECKING:
    from fastapi.exceptions import RequestValidationError

    from townsquare.server.ratelimit import Decision

PROBLEMS = "https://api.twitter.com/2/problems/"


class ApiError(Exception):
    """An error response; ``errors`` are X's per-problem entries."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        type_: str = "about:blank",
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.type = status, title, detail, type_
        self.errors = errors if errors is not None else [{"message": detail}]
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {
            "errors": self.errors,
            "title": self.title,
            "detail": self.detail,
            "type": self.type,
            "status": self.status,
        }


def invalid_request(message: str, parameter: str | None = None, value: Any = None, **extra: Any) -> ApiError:
    """400 Invalid Request, naming the parameter (and, for queries, the position)."""
    error: dict[str, Any] = {"message": message}
    if parameter:
        error["parameters"] = {parameter: [_echo(value if isinstance(value, str) else str(value))]}
    error.update(extra)
    return ApiError(400, "Invalid Request", GENERIC_DETAIL, PROBLEMS + "invalid-request", [error])


def not_found(post_id: str) -> ApiError:
    detail = f"Could not find tweet with id: [{post_id}]."
    return ApiError(
        404,
        "Not Found Error",
        detail,
        PROBLEMS + "resource-not-found",
        [
            {
                "value": post_id,
                "detail": detail,
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "id",
                "resource_id": post_id,
                "type": PROBLEMS + "resource-not-found",
            }
        ],
    )


def unauthorized(detail: str = "Unauthorized") -> ApiError:
    return ApiError(401, "Unauthorized", detail, "about:blank", headers={"WWW-Authenticate": "Bearer"})


def too_many_requests(detail: str = "Too Many Requests") -> ApiError:
    return ApiError(429, "Too Many Requests", detail, "about:blank")


def usage_capped(decision: Decision) -> ApiError:
    """429 for a spent posts cap: X's usage-capped problem, with the cap's own rate-limit headers."""
    detail = "Usage cap exceeded: this client has been served its posts for this window"
    headers = {name.decode(): value.decode() for name, value in decision.headers()}
    return ApiError(429, "UsageCapExceeded", detail, PROBLEMS + "usage-capped", headers=headers)


def unavailable(detail: str) -> ApiError:
    """503: the server's own index cannot serve the request (not an index yet, a damaged embedder)."""
    return ApiError(503, "Service Unavailable", detail)


OPENAI_PREFIX = "/v1/"
# OpenAI's error type and default code per status (its API sends 401 as an invalid_request_error too)
_OPENAI_KINDS: dict[int, tuple[str, str | None]] = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("permission_error", None),
    404: ("invalid_request_error", None),
    405: ("invalid_request_error", None),
    413: ("invalid_request_error", None),
    429: ("requests", "rate_limit_exceeded"),
}
GENERIC_DETAIL = "One or more parameters to your request was invalid."


def openai_error(error: ApiError) -> dict[str, Any]:
    """The error as OpenAI's ``{"message", "type", "param", "code"}``: the specific messages (not X's generic
    detail), the first parameter named, the entry's own code where it has one (``model_not_found``)."""
    messages = [str(entry["message"]) for entry in error.errors if entry.get("message")]
    message = "; ".join(messages) if error.detail == GENERIC_DETAIL and messages else error.detail
    first = error.errors[0] if error.errors else {}
    parameters = first.get("parameters")
    param = next(iter(parameters), None) if isinstance(parameters, dict) else first.get("parameter")
    kind, code = _OPENAI_KINDS.get(error.status, ("server_error", None))
    if isinstance(first.get("code"), str):
        code = first["code"]
    return {"message": message, "type": kind, "param": param, "code": code}


def render(error: ApiError, openai: bool = False) -> Response:
    """The error's body (X's problem fields; with ``openai``, OpenAI's ``error`` object beside them)."""
    body = error.body()
    if openai:
        body["error"] = openai_error(error)
    return Response(orjson.dumps(body), status_code=error.status, headers=error.headers, media_type="application/json")


def _is_openai(request: Request) -> bool:
    return request.url.path.startswith(OPENAI_PREFIX)


async def api_error_handler(request: Request, exc: ApiError) -> Response:
    return render(exc, _is_openai(request))


ECHO_LIMIT = 1000
"""At most this many characters of a rejected value are echoed back (a 2 MB request is not sent back whole)."""


def _echo(value: object) -> str:
    """A rejected value as text for ``parameters``, cut at ``ECHO_LIMIT`` characters."""
    text = value if isinstance(value, str) else _as_text(value)
    return text if len(text) <= ECHO_LIMIT else text[: ECHO_LIMIT - 1] + "…"


def _as_text(value: object) -> str:
    """A rejected JSON value, echoed as text (JSON bodies may hold integers orjson cannot write)."""
    try:
        return orjson.dumps(value, default=str).decode()
    except TypeError:
        import json

        return json.dumps(value, default=str)[: ECHO_LIMIT + 1]


async def validation_error_handler(request: Request, exc: RequestValidationError) -> Response:
    """FastAPI's 422 becomes X's 400 with one entry per bad parameter."""
    errors: list[dict[str, Any]] = []
    for item in exc.errors():
        location = [str(part) for part in item.get("loc", ())]
        if location and location[0] in ("query", "path", "header", "body"):  # where it came from, not its name
            location = location[1:]
        name = ".".join(location) or "request"
        value = item.get("input")
        message = f"{name}: {item.get('msg', 'invalid value')}"
        if item.get("type") == "json_invalid":  # its location is a character offset ("1"), not a name
            name, value = "body", ""
            message = f"body: JSON decode error ({item.get('ctx', {}).get('error', 'not JSON')} at {location[0]})"
        elif not location and isinstance(value, bytes | bytearray):
            # a body sent as another type (curl -d sends a form) is not read as JSON: say so, not its bytes' repr
            # ("request: Input should be a valid dictionary" with b'{...}' echoed, R19-B7)
            name, value = "body", ""
            message = "body: not read as JSON: send it with Content-Type: application/json"
        errors.append({"parameters": {name: [_echo(value)]}, "message": message})
    error = ApiError(
        400, "Invalid Request", GENERIC_DETAIL, PROBLEMS + "invalid-request", errors or [{"message": "invalid request"}]
    )
    return render(error, _is_openai(request))


async def http_error_handler(request: Request, exc: HTTPException) -> Response:
    """Starlette's own errors (404 route, 405 method) in the same shape."""
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", None) or "Error"
    titles = {404: "Not Found Error", 405: "Method Not Allowed", 413: "Payload Too Large"}
    return render(
        ApiError(
            status, titles.get(status, "Error"), str(detail), "about:blank", headers=getattr(exc, "headers", None)
        ),
        _is_openai(request),
    )


MAX_BODY_BYTES = 4 << 20
"""The largest request body read: a long conversation fits many times over; a 20 MB message
is refused before it is parsed (the assistant reads a question's first ``MAX_QUESTION`` characters anyway)."""


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is a 413 (OpenAI's error shape under /v1/), whether
    its Content-Length says so up front or a chunked body grows past it while it is read."""

    def __init__(self, app: Any, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit
        self.detail = f"the request body is larger than {limit:,} bytes"

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            error = ApiError(
                413, "Payload Too Large", self.detail, errors=[{"message": self.detail, "parameter": "body"}]
            )
            response = render(error, openai=scope.get("path", "").startswith(OPENAI_PREFIX))
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                # raised while FastAPI reads the body, which lets an HTTPException through (any other error
                # there becomes its 400 "error parsing the body"); http_error_handler renders it
                raise HTTPException(413, self.detail)
            return message

        await self.app(scope, counted, send)
