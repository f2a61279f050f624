"""The one error envelope every API route answers with, and the handlers that build it.

Every error body has this shape (STYLE.md §6)::

    {"ok": false, "error": "a; b", "errors": ["a", "b"], "status": 404}

No handler ever puts a traceback or an exception's internals into a response:
unexpected exceptions are logged here and answered with a generic 500.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyadwatch.errors import (
    ConfigError,
    DataFileError,
    DyadwatchError,
    InputError,
    NotFoundError,
)

log = logging.getLogger(__name__)

INTERNAL_ERROR = "[DW604] internal error; the server log has the details"

#: Status code for each DyadwatchError subclass (first match wins); anything else is 500.
STATUS_FOR_ERROR: tuple[tuple[type[DyadwatchError], int], ...] = (
    (NotFoundError, 404),
    (InputError, 422),
    (DataFileError, 500),
    # Per request, a ConfigError comes from a value the client chose (a cursor, a day, a period);
    # the server's own settings are checked when it starts.
    (ConfigError, 422),
)


class ApiError(Exception):
    """An error a route raises on purpose: status code, messages, optional headers."""

    def __init__(self, status: int, messages: str | Sequence[str], *,
                 headers: Mapping[str, str] | None = None) -> None:
        self.status = status
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        self.headers = dict(headers or {})
        super().__init__("; ".join(self.messages))


def error_body(status: int, messages: str | Sequence[str]) -> dict[str, Any]:
    """Build the error envelope (the only place its shape is written)."""
    errors = [messages] if isinstance(messages, str) else [str(m) for m in messages]
    if not errors:
        errors = [f"HTTP {status}"]
    return {"ok": False, "error": "; ".join(errors), "errors": errors, "status": status}


def error_response(status: int, messages: str | Sequence[str], *,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The error envelope as a JSON response."""
    return JSONResponse(error_body(status, messages), status_code=status, headers=dict(headers or {}))


_CODE = "a three-letter country code, for example CHN"
_DAY = "a day as YYYY-MM-DD, for example 2025-11-01"
#: What to send instead, by parameter or field name (the last part of the error's location).
HINTS: dict[str, str] = {
    "dyad": "two three-letter country codes joined by '-', for example CHN-JPN",
    "actor": _CODE, "recipient": _CODE, "a": _CODE, "b": _CODE,
    "start": _DAY, "end": _DAY, "date": _DAY,
    "freq": "day, week, month or year",
    "status": "asserted, negated, hypothetical, future, historical or any",
    "quad_class": "1, 2, 3 or 4",
    "limit": "a whole number within the limits above",
    "cursor": "the 'next' value of the previous page",
    "category": "a PLOVER category such as ACCUSE or PROTEST",
    "text": "the article text (1 to 200,000 characters)",
    "articles": 'a list of 1 to 500 objects such as {"text": "...", "date": "2025-11-17"}',
    "q": "1 to 200 characters to find in the evidence sentence",
    "dated": "true or false",
}
_ID_HINT = "an id of 1-200 letters, digits and _ . : ~ - (for example reuters-2025-11-17-001)"
for _name in ("id", "article_id", "event_id"):
    HINTS[_name] = _ID_HINT


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _validation_message(err: Mapping[str, Any]) -> str:
    """One validation error as a sentence: where, the value received, and what to send instead."""
    kind = str(err.get("type", ""))
    loc = [str(part) for part in err.get("loc", ()) if part != "body"]
    where = ".".join(loc) if loc else "request"
    if kind == "json_invalid":
        ctx = err.get("ctx") or {}
        position = loc[-1] if loc and loc[-1].isdigit() else None
        at = f" at character {position}" if position else ""
        return (f"[DW610] the body is not valid JSON ({ctx.get('error', 'cannot be decoded')}{at}); "
                'send a JSON object such as {"text": "China protested to Japan."}')
    name = next((part for part in reversed(loc) if not part.isdigit()), "")
    hint = HINTS.get(name)
    if kind == "missing":
        return f"[DW603] {where} is missing; send {hint}" if hint else f"[DW603] {where} is missing"
    if kind == "extra_forbidden":
        return f"[DW603] {where} is not a field of this request; leave it out"
    got = f"got {_shown(err['input'])}" if "input" in err and not isinstance(err["input"], (dict, list)) else ""
    if kind.startswith(("string_pattern", "date_", "datetime_", "bool_", "int_", "literal")) and hint:
        return f"[DW603] {where}: {got or 'bad value'}; send {hint}"
    msg = str(err.get("msg", "invalid value"))
    return f"[DW603] {where}: {msg}" + (f" ({got})" if got else "") + (f"; send {hint}" if hint else "")


def _validation_messages(exc: RequestValidationError) -> list[str]:
    messages = [_validation_message(err) for err in exc.errors()]
    return messages or ["[DW603] invalid request"]


def wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API, not a static file): errors are shown as a page."""
    path = request.url.path
    if path.startswith(("/api/", "/static/")) or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def page_or_json(request: Request, status: int, messages: str | Sequence[str], *,
                 headers: Mapping[str, str] | None = None) -> Response:
    """The error envelope, or for a browser on a page URL an error page saying the same."""
    if wants_page(request) and getattr(request.app.state, "dashboard", False):
        from dyadwatch.web import error_page

        return error_page(status, [messages] if isinstance(messages, str) else list(messages))
    return error_response(status, messages, headers=headers)


def status_for(exc: DyadwatchError) -> int:
    for cls, status in STATUS_FOR_ERROR:
        if isinstance(exc, cls):
            return status
    return 500


def install_error_handlers(app: FastAPI) -> None:
    """Make every error (routing, validation, service, unexpected) answer with the envelope."""

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return page_or_json(request, exc.status, exc.messages, headers=exc.headers)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            if wants_page(request):
                detail = (f"[DW401] there is no page at {request.url.path}; go to the dashboard (/), the alerts "
                          "(/alerts) or the API documentation (/docs)")
            else:
                detail = "[DW401] no such resource; the API is under /api/v1 (see /docs for every route)"
        elif exc.status_code == 405:
            allowed = (getattr(exc, "headers", None) or {}).get("Allow")
            detail = f"[DW603] method {request.method} is not allowed here" + (f"; use {allowed}" if allowed else "")
        return page_or_json(request, exc.status_code, detail, headers=getattr(exc, "headers", None))

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return page_or_json(request, 422, _validation_messages(exc))

    async def dyadwatch_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DyadwatchError)
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
            return error_response(status, f"[{exc.code}] the request failed; the server log has the details")
        return page_or_json(request, status, str(exc))

    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        log.error("%s %s raised an unexpected error", request.method, request.url.path, exc_info=exc)
        return error_response(500, INTERNAL_ERROR)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(DyadwatchError, dyadwatch_error)
    app.add_exception_handler(Exception, unexpected_error)
