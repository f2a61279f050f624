"""Token, closed reads, body size limit, CORS, headers and server errors without tracebacks."""

from __future__ import annotations

import pytest
from api_fixtures import TOKEN, assert_envelope, filled_service, make_client

from dyadwatch.api import ApiConfig
from dyadwatch.errors import ConfigError
from dyadwatch.service import DyadService
from dyadwatch.store import open_store

ARTICLE = {"articles": [{"text": "Short text.", "id": "sec-1"}]}


@pytest.mark.parametrize(("headers", "status", "word"), [
    ({}, 401, "needs a bearer token"),
    ({"Authorization": "Bearer wrong-token-0123456789"}, 403, "wrong"),
    ({"Authorization": f"Bearer {TOKEN}x"}, 403, "wrong"),
    ({"Authorization": f"Basic {TOKEN}"}, 401, "does not start with 'Bearer '"),  # issue 13: not "wrong"
    ({"Authorization": TOKEN}, 401, "does not start with 'Bearer '"),
    ({"Authorization": "Bearer"}, 401, "no token after 'Bearer'"),
])
def test_ingest_refuses_missing_or_wrong_token(client, headers, status, word):
    before = client.get("/api/v1/health").json()
    resp = client.post("/api/v1/articles", json=ARTICLE, headers=headers)
    body = assert_envelope(resp, status)
    assert word in body["error"]
    if status == 401:
        assert resp.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/v1/articles/sec-1").status_code == 404
    assert client.get("/api/v1/health").json() == before


def test_ingest_is_disabled_without_a_configured_token():
    service = DyadService(store=open_store(":memory:"))
    with make_client(service) as c:
        assert c.get("/api/v1/health").json()["ingest"] == "disabled"
        body = assert_envelope(c.post("/api/v1/articles", json=ARTICLE,
                                      headers={"Authorization": f"Bearer {TOKEN}"}), 403)
        assert "disabled" in body["error"]
    service.store.close()


def test_token_check_uses_constant_time_compare():
    import inspect

    from dyadwatch.api import config

    assert "hmac.compare_digest" in inspect.getsource(config.ApiConfig.token_matches)
    cfg = ApiConfig(token=TOKEN)
    assert cfg.token_matches(TOKEN) and not cfg.token_matches(TOKEN[:-1]) and not cfg.token_matches("")


@pytest.mark.parametrize("kwargs", [{"token": "short"}, {"open_reads": False}, {"max_body_bytes": 10}])
def test_bad_server_configuration_is_refused_at_start(kwargs):
    with pytest.raises(ConfigError):
        ApiConfig(**kwargs)


def test_token_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DYADWATCH_TOKEN", TOKEN)
    assert ApiConfig.from_env().token == TOKEN
    assert ApiConfig.from_env(token="flag-token-0123456789").token == "flag-token-0123456789"
    monkeypatch.setenv("DYADWATCH_TOKEN", "")
    assert ApiConfig.from_env().token is None


def test_closed_reads_need_the_token(api_service):
    with make_client(api_service, token=TOKEN, open_reads=False) as c:
        assert_envelope(c.get("/api/v1/events"), 401)
        assert_envelope(c.get("/api/v1/dyads/CHN/JPN/series", headers={"Authorization": "Bearer nope"}), 403)
        ok = c.get("/api/v1/events", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()["total"] > 0
        assert c.get("/api/v1/health").json()["reads"] == "closed"
        assert c.get("/api/v1/health").status_code == 200  # liveness stays open


@pytest.mark.parametrize("chunked", [False, True])
def test_body_over_the_limit_is_413(api_service, chunked):
    big = b'{"text": "' + b"a" * 5000 + b'"}'
    with make_client(api_service, token=TOKEN, max_body_bytes=2048) as c:
        if chunked:
            resp = c.post("/api/v1/code", content=iter([big[:1000], big[1000:]]),
                          headers={"Content-Type": "application/json"})
        else:
            resp = c.post("/api/v1/code", content=big, headers={"Content-Type": "application/json"})
        body = assert_envelope(resp, 413)
        assert "2048 bytes" in body["error"]


@pytest.mark.parametrize(("payload", "word"), [
    ({"text": ""}, "text"),
    ({"txt": "China protested."}, "txt"),
    ({"text": "China protested.", "date": "someday"}, "date"),
    ({"text": "x" * 200_001}, "text"),
])
def test_code_rejects_bad_bodies(client, payload, word):
    body = assert_envelope(client.post("/api/v1/code", json=payload), 422)
    assert word in body["error"]


def test_malformed_json_is_a_422_envelope(client):
    resp = client.post("/api/v1/code", content=b'{"text": ', headers={"Content-Type": "application/json"})
    assert_envelope(resp, 422)


@pytest.mark.parametrize("payload", [{"articles": []}, {"articles": [{"id": "no-text"}]},
                                     {"articles": [{"text": "x"}] * 501}])
def test_ingest_rejects_bad_bodies(client, payload):
    assert_envelope(client.post("/api/v1/articles", json=payload,
                                headers={"Authorization": f"Bearer {TOKEN}"}), 422)


def test_cors_is_off_by_default(client):
    resp = client.get("/api/v1/health", headers={"Origin": "https://example.org"})
    assert "access-control-allow-origin" not in resp.headers
    pre = client.options("/api/v1/events", headers={"Origin": "https://example.org",
                                                     "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers


def test_cors_allows_only_configured_origins(api_service):
    with make_client(api_service, cors_origins=("https://allowed.example",)) as c:
        ok = c.get("/api/v1/health", headers={"Origin": "https://allowed.example"})
        assert ok.headers["access-control-allow-origin"] == "https://allowed.example"
        other = c.get("/api/v1/health", headers={"Origin": "https://other.example"})
        assert "access-control-allow-origin" not in other.headers


def test_security_headers(client):
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    api = client.get("/api/v1/health")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in api.headers


def test_store_failure_is_a_500_envelope_without_internals(caplog):
    service = filled_service()
    service.store.close()  # every query now fails inside DuckDB
    with make_client(service, token=TOKEN) as c:
        body = assert_envelope(c.get("/api/v1/events"), 500)
        assert "DuckDB" not in body["error"] and "SELECT" not in body["error"]
        assert "server log" in body["error"]
    assert any("failed" in r.getMessage() for r in caplog.records)


def test_unexpected_exception_is_a_generic_500_envelope(caplog):
    # A service over something that is not a store: the route hits an AttributeError.
    service = DyadService(store="not-a-store")
    with make_client(service) as c:
        body = assert_envelope(c.get("/api/v1/dyads"), 500)
        assert body["error"] == "[DW604] internal error; the server log has the details"
        assert "AttributeError" not in c.get("/api/v1/events").text
    assert any(r.exc_info for r in caplog.records)


def test_no_store_is_a_503_envelope():
    with make_client(DyadService(store=None)) as c:
        body = assert_envelope(c.get("/api/v1/events"), 503)
        assert "--db" in body["error"]
        assert c.get("/api/v1/health").json()["store"] is None


def test_cached_reads_still_need_the_token_when_reads_are_closed(api_service):
    with make_client(api_service, token=TOKEN, open_reads=False, cache_ttl=60) as c:
        url = "/api/v1/dyads/CHN/JPN/series?freq=month"
        assert c.get(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200  # from the cache
        assert_envelope(c.get(url), 401)
        assert_envelope(c.get(url, headers={"Authorization": "Bearer wrong-token-0123456789"}), 403)


def test_response_cache_expires_and_is_bounded():
    import time

    from dyadwatch.api.routes import ResponseCache

    cache = ResponseCache(ttl=0.05, max_entries=2)
    cache.put("a", b"1")
    assert cache.get("a") == b"1"
    time.sleep(0.06)
    assert cache.get("a") is None
    for key in "xyz":
        cache.put(key, key.encode())
    assert cache.get("x") is None and cache.get("z") == b"z"
    cache.clear()
    assert cache.get("z") is None
    off = ResponseCache(ttl=0)
    off.put("a", b"1")
    assert off.get("a") is None
