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
from fastapi.responses import JSONResponse
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


def _validation_messages(exc: RequestValidationError) -> list[str]:
    messages = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ()) if part not in ("body",)]
        where = ".".join(loc) if loc else "request"
        messages.append(f"[DW603] {where}: {err.get('msg', 'invalid value')}")
    return messages or ["[DW603] invalid request"]


def status_for(exc: DyadwatchError) -> int:
    for cls, status in STATUS_FOR_ERROR:
        if isinstance(exc, cls):
            return status
    return 500


def install_error_handlers(app: FastAPI) -> None:
    """Make every error (routing, validation, service, unexpected) answer with the envelope."""

    async def api_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.messages, headers=exc.headers)

    async def http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = "[DW401] no such resource; the API is under /api/v1 (see /docs)"
        elif exc.status_code == 405:
            detail = f"[DW603] method not allowed: {detail}"
        return error_response(exc.status_code, detail, headers=getattr(exc, "headers", None))

    async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(422, _validation_messages(exc))

    async def dyadwatch_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DyadwatchError)
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
            return error_response(status, f"[{exc.code}] the request failed; the server log has the details")
        return error_response(status, str(exc))

    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        log.error("%s %s raised an unexpected error", request.method, request.url.path, exc_info=exc)
        return error_response(500, INTERNAL_ERROR)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(DyadwatchError, dyadwatch_error)
    app.add_exception_handler(Exception, unexpected_error)
