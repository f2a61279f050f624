"""The web dashboard: Jinja page shells and static JS/CSS that read the JSON API only.

Every script and style (uPlot for the chart, Swagger UI for /docs) is served
from ``web/static`` by the application itself, so the dashboard works offline.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape

from dyadwatch.api.routes import ID

PAGES = {"dashboard": "Dashboard", "alerts": "Alerts", "code": "Code a text"}

_env = Environment(loader=PackageLoader("dyadwatch.web", "templates"),
                   autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def static_dir() -> Path:
    """The folder of static assets shipped inside the package."""
    return Path(str(resources.files("dyadwatch.web") / "static"))


def render(template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    page = _env.get_template(template).render(pages=PAGES, **context)
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-cache"})


def error_page(status: int, messages: list[str]) -> HTMLResponse:
    """An error as a page (for a browser on a page URL): the same messages as the JSON envelope."""
    heading = {404: "Not found", 422: "That address is not valid", 405: "Not allowed"}.get(status, "Error")
    return render("error.html", status=status, active="", title=heading, heading=heading, messages=messages,
                  code=status)


def mount_static(app: FastAPI) -> None:
    """Serve web/static at /static (Swagger UI needs it even without the dashboard)."""
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")


def mount_dashboard(app: FastAPI) -> None:
    """Add the dashboard pages (``/``, ``/alerts``, ``/code``, ``/articles/{id}``, ``/events/{id}``)."""
    mount_static(app)

    @app.get("/", include_in_schema=False)
    def dashboard() -> HTMLResponse:
        return render("dashboard.html", active="dashboard", title="Dyad dashboard")

    @app.get("/alerts", include_in_schema=False)
    def alerts() -> HTMLResponse:
        return render("alerts.html", active="alerts", title="Escalation alerts")

    @app.get("/code", include_in_schema=False)
    def code() -> HTMLResponse:
        from dyadwatch.api.schemas import MAX_TEXT_CHARS

        return render("code.html", active="code", title="Code a text", max_chars=MAX_TEXT_CHARS)

    @app.get("/articles/{article_id}", include_in_schema=False)
    def article(article_id: str = PathParam(pattern=ID)) -> HTMLResponse:
        return render("article.html", active="", title="Article", article_id=article_id)

    @app.get("/events/{event_id}", include_in_schema=False)
    def event(event_id: str = PathParam(pattern=ID)) -> HTMLResponse:
        return render("event.html", active="", title="Event", event_id=event_id)


__all__ = ["PAGES", "error_page", "mount_dashboard", "mount_static", "render", "static_dir"]
