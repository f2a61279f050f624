"""``create_app(service)``: the FastAPI application over one DyadService."""

from __future__ import annotations

from importlib import metadata
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse

from dyadwatch.api.config import ApiConfig
from dyadwatch.api.errors import install_error_handlers
from dyadwatch.api.middleware import (
    BodyLimitMiddleware,
    CachedReadMiddleware,
    CatchAllMiddleware,
    JsonBodyMiddleware,
    SecurityHeadersMiddleware,
)
from dyadwatch.api.routes import Gate, router

DESCRIPTION = """\
News articles to PLOVER political event data, and conflict/cooperation between countries.

Successes carry `"ok": true`. Every error has one shape:
`{"ok": false, "error": "a; b", "errors": ["a", "b"], "status": 404}`.
Write endpoints need `Authorization: Bearer TOKEN`; read endpoints too when the server runs
with `--closed-reads`. Pagination: pass the previous page's `next` as `cursor`.
"""


def _version() -> str:
    try:
        return metadata.version("dyadwatch")
    except metadata.PackageNotFoundError:
        return "0.0.0+unknown"


def create_app(service: Any, config: ApiConfig | None = None, *, dashboard: bool = True) -> FastAPI:
    """Build the API (and the dashboard) over ``service``.

    Args:
        service: a :class:`~dyadwatch.service.DyadService`; tests pass one over an in-memory store.
        config: token, read access, body limit and CORS; :meth:`ApiConfig.from_env` when omitted.
        dashboard: also serve the web dashboard at ``/`` and its static files.

    Example:
        >>> from dyadwatch.service import DyadService
        >>> app = create_app(DyadService(store=None))
    """
    config = config or ApiConfig.from_env()
    app = FastAPI(title="dyadwatch", version=_version(), description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.config = config
    app.state.dashboard = dashboard
    app.state.gate = Gate(service, cache_ttl=config.cache_ttl)
    install_error_handlers(app)
    app.include_router(router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI served from this application (web/static/vendor), never from a CDN, started
        # by a script file rather than an inline one, so the page keeps the strict CSP.
        from dyadwatch.web import render

        return render("docs.html", active="docs", title="API")

    if dashboard:
        from dyadwatch.web import mount_dashboard

        mount_dashboard(app)
    else:
        from dyadwatch.web import mount_static

        mount_static(app)

    # Middleware: the last added runs first (outermost).
    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(JsonBodyMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes)
    app.add_middleware(CachedReadMiddleware, cache=app.state.gate.cache, config=config)
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
