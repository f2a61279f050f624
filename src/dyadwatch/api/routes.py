"""Routes under /api/v1: each parses its input, calls one DyadService method and renders it.

Stability: every route here is **stable** within /api/v1 (fields may be added,
never removed or renamed), except ``POST /api/v1/code``, whose event fields
follow the coder and are **unstable** until 1.0. See docs/api.md.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.security import HTTPBearer

from dyadwatch.api.config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ApiConfig
from dyadwatch.api.errors import ApiError
from dyadwatch.api.schemas import (
    AlertsResponse,
    ArticleResponse,
    CodeRequest,
    CodeResponse,
    DyadsResponse,
    EventPage,
    EventResponse,
    Freq,
    HealthResponse,
    IngestRequest,
    IngestResponse,
    SeriesResponse,
    to_plain,
)
from dyadwatch.errors import ConfigError
from dyadwatch.records import Article, content_hash
from dyadwatch.service import ID_PATTERN, MAX_ALERTS

T = TypeVar("T")

COUNTRY = r"^[A-Za-z]{3}$"
DYAD = r"^[A-Za-z]{3}[-,:][A-Za-z]{3}$"
ID = ID_PATTERN
STATUS = Literal["asserted", "negated", "hypothetical", "future", "historical", "any"]


class ResponseCache:
    """Serialized read responses by URL for ``ttl`` seconds; emptied by every write.

    Dashboards ask the same few URLs again and again. With DuckDB the server is the
    only writer, so clearing on ingest keeps the cache exact; with PostgreSQL, other
    writers' changes show within ``ttl`` seconds. ``ttl`` 0 turns it off.
    """

    def __init__(self, ttl: float, max_entries: int = 2048) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        #: Bumped by every clear: a body built from data read before a write is not kept.
        self.generation = 0

    def get(self, key: str) -> bytes | None:
        if self.ttl <= 0:
            return None
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] < time.monotonic():
                return None
            return hit[1]

    def put(self, key: str, body: bytes, generation: int | None = None) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            if generation is not None and generation != self.generation:
                return
            self._items[key] = (time.monotonic() + self.ttl, body)
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.generation += 1


class Gate:
    """The service plus the locks that keep the store and the spaCy pipeline single-threaded.

    FastAPI runs sync routes on a thread pool; a spaCy pipeline and a PostgreSQL
    connection are not meant to be used from several threads at once. A store with
    ``concurrent_reads`` (DuckDB: a cursor per thread) serves reads in parallel, and
    they do not wait for an ingest (they see the data committed before it).
    """

    def __init__(self, service: Any, *, cache_ttl: float = 0.0) -> None:
        self.service = service
        self.store_lock = threading.Lock()
        self.nlp_lock = threading.Lock()
        self.cache = ResponseCache(cache_ttl)

    def read(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if getattr(self.service, "store", None) is None:
            raise ApiError(503, "[DW301] no store is open; start the server with --db")
        if getattr(self.service.store, "concurrent_reads", False):
            return func(*args, **kwargs)
        with self.store_lock:
            return func(*args, **kwargs)

    def code(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.nlp_lock:
            return func(*args, **kwargs)

    def write(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if getattr(self.service, "store", None) is None:
            raise ApiError(503, "[DW301] no store is open; start the server with --db")
        try:
            with self.nlp_lock, self.store_lock:
                return func(*args, **kwargs)
        finally:
            self.cache.clear()


def cached_json(request: Request, gate: Gate, build: Callable[[], dict[str, Any]]) -> Response:
    """A read response: from the cache, or built, serialized once and cached.

    Routes return the body already shaped as their ``response_model`` documents it, so
    the JSON is written directly (no second validation pass on every request).
    """
    key = request.scope["path"] + "?" + request.scope.get("query_string", b"").decode("latin-1")
    body = gate.cache.get(key)
    if body is None:
        generation = gate.cache.generation
        # orjson: the same JSON as json.dumps (UTF-8 instead of \u escapes), several times faster;
        # anything it does not know natively goes through to_plain.
        body = orjson.dumps({"ok": True, **build()}, default=to_plain)
        gate.cache.put(key, body, generation)
    return Response(body, media_type="application/json")


async def _gate(request: Request) -> Gate:
    gate: Gate = request.app.state.gate
    return gate


def _bearer(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header; None when there is no header."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        # Not "wrong": the token may be right and only the scheme missing.
        what = "has no token after 'Bearer'" if scheme.lower() == "bearer" else "does not start with 'Bearer '"
        raise ApiError(401, f"[DW601] the Authorization header {what}; send 'Authorization: Bearer TOKEN' "
                            "(the word Bearer, a space, then the token)",
                       headers={"WWW-Authenticate": "Bearer"})
    return value.strip()


def holds_token(request: Request) -> bool:
    """Whether the request carries the server's token (never raises)."""
    config: ApiConfig = request.app.state.config
    try:
        given = _bearer(request)
    except ApiError:
        return False
    return given is not None and config.token_matches(given)


def _check_token(request: Request, what: str) -> None:
    config: ApiConfig = request.app.state.config
    given = _bearer(request)
    if config.token is None:
        raise ApiError(403, f"[DW601] {what} is disabled: the server was started without a token "
                            "(--token or DYADWATCH_TOKEN)")
    if given is None:
        raise ApiError(401, f"[DW601] {what} needs a bearer token: send 'Authorization: Bearer TOKEN'",
                       headers={"WWW-Authenticate": "Bearer"})
    if not config.token_matches(given):
        raise ApiError(403, "[DW601] the bearer token is wrong",
                       headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


async def require_read(request: Request) -> None:
    """Reads are open unless the server was started with --closed-reads."""
    config: ApiConfig = request.app.state.config
    if not config.open_reads:
        _check_token(request, "reading")


#: Declares the bearer scheme in /openapi.json, so /docs has an Authorize button; the check
#: itself is ``_check_token`` (one message set for every route).
bearer_scheme = HTTPBearer(auto_error=False, description="the server's token (--token or DYADWATCH_TOKEN)")


BearerScheme = Annotated[Any, Depends(bearer_scheme)]


async def require_write(request: Request, _scheme: BearerScheme = None) -> None:
    _check_token(request, "ingest")


Read = Depends(require_read)
Write = Depends(require_write)
GateDep = Annotated[Gate, Depends(_gate)]
Start = Annotated[dt.date | None, Query(description="first day, YYYY-MM-DD")]
End = Annotated[dt.date | None, Query(description="last day, YYYY-MM-DD")]


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and start > end:
        raise ApiError(422, f"[DW613] start {start} is after end {end}; swap them")


def _dyad(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    a, b = value.replace(",", "-").replace(":", "-").split("-")
    return a.upper(), b.upper()


def _check_cursor(cursor: str | None) -> None:
    from dyadwatch.store.sql import decode_cursor

    try:
        decode_cursor(cursor)
    except ConfigError as exc:
        raise ApiError(422, f"[DW603] {exc.message}") from exc


def _public_origin(origin: Any) -> Any:
    """The file name of an article's origin (``/srv/in/feed.jsonl:12`` → ``feed.jsonl:12``)."""
    if not isinstance(origin, str):
        return origin
    return origin.replace("\\", "/").rsplit("/", 1)[-1]


router = APIRouter(prefix="/api/v1")


@router.get("/health", response_model=HealthResponse, tags=["meta"],
            summary="Liveness, version and how the server is guarded (stable)")
def health(request: Request) -> dict[str, Any]:
    config: ApiConfig = request.app.state.config
    store = getattr(request.app.state.gate.service, "store", None)
    kind = getattr(store, "dialect", None) or (type(store).__name__ if store is not None else None)
    return {"version": request.app.version, "store": kind,
            "reads": "open" if config.open_reads else "closed",
            "ingest": "enabled" if config.token else "disabled"}


@router.post("/code", response_model=CodeResponse, tags=["coding"], dependencies=[Read],
             summary="Code one text without storing it (unstable fields)")
def code_text(body: CodeRequest, gate: GateDep) -> dict[str, Any]:
    article_id = body.article_id or content_hash(body.text)
    result = gate.code(gate.service.code_result, body.text, date=_day(body.date), article_id=article_id,
                       title=body.title)
    items = [to_plain(e) for e in result.events]
    return {"article_id": article_id, "text": body.text, "count": len(items), "events": items,
            "published": result.published, "published_from": result.published_from,
            "language": result.language, "note": result.note}


@router.post("/articles", response_model=IngestResponse, tags=["store"], dependencies=[Write],
             summary="Code and store articles (needs the bearer token) (stable)")
def ingest(body: IngestRequest, gate: GateDep) -> dict[str, Any]:
    articles = [Article(id=a.id or content_hash(a.text), text=a.text, date=_day(a.date), title=a.title,
                        url=a.url, source=a.source, origin="api")
                for a in body.articles]
    report = gate.write(gate.service.ingest_articles, articles)
    return {"report": to_plain(report)}


@router.get("/events", response_model=EventPage, tags=["store"], dependencies=[Read],
            summary="List events, filtered and paginated (stable)")
def list_events(
    request: Request,
    gate: GateDep,
    dyad: Annotated[str | None, Query(pattern=DYAD, description="either direction: CHN-JPN")] = None,
    actor: Annotated[str | None, Query(pattern=COUNTRY, description="actor country code")] = None,
    recipient: Annotated[str | None, Query(pattern=COUNTRY, description="recipient country code")] = None,
    category: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{2,40}$",
                                          description="PLOVER category, e.g. PROTEST")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    status: Annotated[STATUS, Query(description="'any' for every status")] = "asserted",
    start: Start = None,
    end: End = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200,
                                   description="words in the evidence sentence (literal, case-insensitive)")] = None,
    dated: Annotated[bool | None, Query(description="true: only events with a day; false: only events "
                                                    "without one (articles without a date)")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=500, description="the previous page's next")] = None,
) -> Response:
    _check_period(start, end)
    _check_cursor(cursor)
    query = build_event_query(dyad=_dyad(dyad), actor=actor.upper() if actor else None,
                              recipient=recipient.upper() if recipient else None,
                              event=category.upper() if category else None, quad_class=quad_class,
                              status=status, start=_day(start), end=_day(end), text=q, dated=dated)
    gate.read(gate.service.check_query, query)  # may ask the store about a code it does not ship

    def build() -> dict[str, Any]:
        page = gate.read(gate.service.events, query, limit=limit, cursor=cursor)
        # Items are already JSON values (the stored record plus strings and numbers).
        return {"items": page.items, "total": page.total, "next": page.next}

    return cached_json(request, gate, build)


@router.get("/events/{event_id}", response_model=EventResponse, tags=["store"], dependencies=[Read],
            summary="One event with its evidence (stable)")
def get_event(request: Request, gate: GateDep, event_id: Annotated[str, Path(pattern=ID)]) -> Response:
    return cached_json(request, gate, lambda: {"event": to_plain(gate.read(gate.service.event, event_id))})


@router.get("/articles/{article_id}", response_model=ArticleResponse, tags=["store"],
            dependencies=[Read], summary="One article: text, metadata, events and evidence (stable)")
def get_article(request: Request, gate: GateDep, article_id: Annotated[str, Path(pattern=ID)]) -> Response:
    if holds_token(request):
        # The full origin (a server path) is for the token holder only; not cached under the open URL.
        return Response(orjson.dumps({"ok": True, "article": to_plain(gate.read(gate.service.article, article_id))}),
                        media_type="application/json")

    def build() -> dict[str, Any]:
        article = to_plain(gate.read(gate.service.article, article_id))
        article["origin"] = _public_origin(article.get("origin"))
        return {"article": article}

    return cached_json(request, gate, build)


@router.get("/dyads", response_model=DyadsResponse, tags=["analysis"], dependencies=[Read],
            summary="The most active dyads in a period (stable)")
def top_dyads(request: Request, gate: GateDep, start: Start = None, end: End = None,
              limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20) -> Response:
    _check_period(start, end)
    return cached_json(request, gate, lambda: {"items": to_plain(
        gate.read(gate.service.dyads, start=_day(start), end=_day(end), limit=limit))})


@router.get("/dyads/{a}/{b}/series", response_model=SeriesResponse, tags=["analysis"],
            dependencies=[Read], summary="Per-period counts, intensity and tension of a dyad (stable)")
def dyad_series(request: Request, gate: GateDep, a: Annotated[str, Path(pattern=COUNTRY)],
                b: Annotated[str, Path(pattern=COUNTRY)], freq: Freq = "week",
                start: Start = None, end: End = None) -> Response:
    _check_period(start, end)
    a, b = a.upper(), b.upper()

    def build() -> dict[str, Any]:
        from dyadwatch.analysis import MAX_POINTS, latest_tension

        used, points = gate.read(gate.service.bounded_series, a, b, freq=freq, start=_day(start), end=_day(end))
        note = None if used == freq else (f"shown by {used}: the range holds more than {MAX_POINTS:,} "
                                          f"{freq}s, the most a series returns")
        return {"actor": a, "recipient": b, "freq": used, "requested_freq": freq, "max_points": MAX_POINTS,
                "note": note, "start": _day(start), "end": _day(end), "latest_tension": latest_tension(points),
                # DyadPoint is a plain dataclass: orjson writes it natively (no per-field conversion pass).
                "points": points}

    return cached_json(request, gate, build)


@router.get("/alerts", response_model=AlertsResponse, tags=["analysis"], dependencies=[Read],
            summary="Escalation alerts, each with the events behind it (stable)")
def list_alerts(request: Request, gate: GateDep, start: Start = None, end: End = None,
                dyad: Annotated[str | None, Query(pattern=DYAD, description="CHN-JPN")] = None,
                freq: Freq = "week",
                limit: Annotated[int, Query(ge=1, le=MAX_ALERTS, description="newest first")] = 200) -> Response:
    _check_period(start, end)
    return cached_json(request, gate, lambda: {"items": to_plain(
        gate.read(gate.service.alerts, start=_day(start), end=_day(end), dyad=_dyad(dyad), freq=freq,
                  limit=limit))})


def build_event_query(**filters: Any) -> Any:
    """The service's EventQuery from the API's filters (None values left out)."""
    from dyadwatch.store import EventQuery

    return EventQuery(**{k: v for k, v in filters.items() if v is not None})


__all__ = ["Gate", "build_event_query", "router"]
