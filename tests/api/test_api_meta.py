"""Meta-test: every API route answers every kind of error with the one envelope."""

from __future__ import annotations

import pytest
from api_fixtures import TOKEN, assert_envelope, make_client

from dyadwatch.api import create_app
from dyadwatch.service import DyadService

AUTH = {"Authorization": f"Bearer {TOKEN}"}

# One valid request per route: (method, URL, JSON body). A new route must add a line here.
VALID = {
    "/api/v1/health": ("GET", "/api/v1/health", None),
    "/api/v1/code": ("POST", "/api/v1/code", {"text": "China protested to Japan."}),
    "/api/v1/articles": ("POST", "/api/v1/articles", {"articles": [{"text": "China protested to Japan."}]}),
    "/api/v1/events": ("GET", "/api/v1/events?dyad=CHN-JPN", None),
    "/api/v1/events/{event_id}": ("GET", "/api/v1/events/abc", None),
    "/api/v1/articles/{article_id}": ("GET", "/api/v1/articles/abc", None),
    "/api/v1/dyads": ("GET", "/api/v1/dyads", None),
    "/api/v1/dyads/{a}/{b}/series": ("GET", "/api/v1/dyads/CHN/JPN/series", None),
    "/api/v1/alerts": ("GET", "/api/v1/alerts", None),
}
OPEN_ROUTES = {"/api/v1/health"}  # liveness answers without a token even with closed reads
NO_FAILURE = {"/api/v1/health"}  # touches neither the store nor the pipeline


def api_routes() -> dict[str, set[str]]:
    """Every public API route (path → methods), as the OpenAPI document lists them."""
    spec = create_app(DyadService(store=None)).openapi()
    return {path: {m.upper() for m in ops} for path, ops in spec["paths"].items()}


def test_every_route_has_a_case():
    routes = api_routes()
    assert set(routes) == set(VALID)
    for path, (method, _, _) in VALID.items():
        assert routes[path] == {method}


@pytest.mark.parametrize("path", sorted(VALID))
def test_wrong_method_is_a_405_envelope(client, path):
    method, url, _ = VALID[path]
    other = "DELETE" if method == "GET" else "GET"
    if path == "/api/v1/articles" and other == "GET":
        other = "DELETE"  # GET /api/v1/articles/{id} exists; the bare collection has no GET
    assert_envelope(client.request(other, url.split("?")[0]), 405)


@pytest.mark.parametrize("path", sorted(set(VALID) - OPEN_ROUTES))
def test_missing_token_is_a_401_envelope(api_service, path):
    method, url, body = VALID[path]
    with make_client(api_service, token=TOKEN, open_reads=False) as c:
        assert_envelope(c.request(method, url, json=body), 401)


@pytest.mark.parametrize("path", sorted(set(VALID) - NO_FAILURE))
def test_server_failure_is_a_500_envelope(path):
    broken = DyadService(store="not-a-store", pipeline="not-a-pipeline")  # type: ignore[arg-type]
    method, url, body = VALID[path]
    with make_client(broken, token=TOKEN) as c:
        body_ = assert_envelope(c.request(method, url, json=body, headers=AUTH), 500)
        assert body_["error"].startswith("[DW604]")


@pytest.mark.parametrize("path", sorted(VALID))
def test_too_large_is_a_413_envelope(api_service, path):
    method, url, _ = VALID[path]
    with make_client(api_service, token=TOKEN, max_body_bytes=1024) as c:
        resp = c.request(method, url, content=b"{" + b" " * 2000 + b"}",
                         headers=AUTH | {"Content-Type": "application/json"})
        assert_envelope(resp, 413)


@pytest.mark.parametrize("path", sorted(VALID))
def test_successes_carry_ok_true(client, path):
    method, url, body = VALID[path]
    if method == "POST" or "{" in path:
        pytest.skip("covered by the route's own tests (needs the coder or a stored id)")
    resp = client.request(method, url, json=body)
    assert resp.status_code == 200 and resp.json()["ok"] is True
