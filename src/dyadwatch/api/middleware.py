"""Pure ASGI middleware: request body size limit, catch-all errors, security headers."""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.exceptions import HTTPException as StarletteHTTPException

from dyadwatch.api.errors import INTERNAL_ERROR, error_body

log = logging.getLogger(__name__)

Scope = dict[str, Any]
Message = dict[str, Any]

#: Content-Security-Policy of the dashboard pages: scripts and styles from this server only.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'")


async def _send_json(send: Any, status: int, body: dict[str, Any],
                     headers: list[tuple[bytes, bytes]] | None = None) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": payload})


class BodyTooLarge(StarletteHTTPException):
    """Raised while a body streams in past the limit; the handlers turn it into a 413 envelope."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, body_limit_message(max_bytes))


def body_limit_message(max_bytes: int) -> str:
    return f"[DW602] request body is larger than the limit of {max_bytes} bytes"


class BodyLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with a 413 envelope.

    The declared ``Content-Length`` is checked first; chunked bodies are counted
    as they stream in, so a client cannot get past the limit by not declaring it.
    """

    def __init__(self, app: Any, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return body_limit_message(self.max_bytes)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _send_json(send, 400, error_body(400, "[DW603] bad Content-Length header"))
                    return
                if declared > self.max_bytes:
                    await _send_json(send, 413, error_body(413, self._message()),
                                     [(b"connection", b"close")])
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message: Message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _send_json(send, 413, error_body(413, self._message()), [(b"connection", b"close")])


class CatchAllMiddleware:
    """Answer any exception that escaped the handlers with the 500 envelope, never a traceback."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:  # noqa: BLE001 - the last line of defence; logged, never shown
            log.exception("%s %s raised an unexpected error", scope.get("method"), scope.get("path"))
            if not started:
                await _send_json(send, 500, error_body(500, INTERNAL_ERROR))


class SecurityHeadersMiddleware:
    """Add nosniff / referrer / frame headers everywhere and a strict CSP on dashboard pages."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        # Every HTML answer (dashboard pages, /docs, error pages) gets the CSP.
        is_page = not (path.startswith("/api/") or path.startswith("/static/") or path == "/openapi.json")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
                if is_page:
                    headers.append((b"content-security-policy", PAGE_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class JsonBodyMiddleware:
    """Answer a POST to the API whose body is not declared as JSON with a 415 envelope.

    A form or text body would otherwise reach validation and get a puzzling 422.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if (scope["type"] == "http" and scope.get("method") in ("POST", "PUT", "PATCH")
                and scope.get("path", "").startswith("/api/")):
            declared = ""
            for name, value in scope.get("headers", ()):
                if name == b"content-type":
                    declared = value.decode("latin-1").split(";")[0].strip().lower()
            if declared != "application/json" and not declared.endswith("+json"):
                got = f"got {declared!r}" if declared else "no Content-Type was sent"
                await _send_json(send, 415, error_body(415, (
                    f"[DW610] send the body as JSON with the header 'Content-Type: application/json' ({got}); "
                    'for example {"text": "China protested to Japan."}')))
                return
        await self.app(scope, receive, send)


class CachedReadMiddleware:
    """Answer a GET that the read cache holds without routing it (the dashboard's hot path).

    Only URLs under /api/v1 that a read route cached are served here; with closed reads
    the bearer token is checked first, exactly as the route's dependency would.
    """

    def __init__(self, app: Any, *, cache: Any, config: Any) -> None:
        self.app = app
        self.cache = cache
        self.config = config

    def _allowed(self, scope: Scope) -> bool:
        if self.config.open_reads:
            return True
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                scheme, _, token = value.decode("latin-1").partition(" ")
                return scheme.lower() == "bearer" and self.config.token_matches(token.strip())
        return False

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if (scope["type"] == "http" and scope.get("method") == "GET" and self.cache.ttl > 0
                and scope.get("path", "").startswith("/api/v1/")):
            if scope["path"].startswith("/api/v1/articles/") and any(
                    name == b"authorization" for name, _ in scope.get("headers", ())):
                await self.app(scope, receive, send)  # a token holder sees the full origin: not the cached body
                return
            key = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")
            body = self.cache.get(key)
            if body is not None and self._allowed(scope):
                await send({"type": "http.response.start", "status": 200,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
