"""Issue 13: the API tells the truth at every edge (bounds, validation, messages, exposure).

Each test runs the real app over a real in-memory DuckDB store filled with hand-coded
articles written for these tests (see api_fixtures.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from api_fixtures import TOKEN, assert_envelope, filled_service, hand_coded, make_client

from dyadwatch.analysis import MAX_POINTS
from dyadwatch.records import Article, CodedArticle
from dyadwatch.service import DyadService, known_codes
from dyadwatch.store import open_store

pytestmark = pytest.mark.issue(13)

SERIES = "/api/v1/dyads/CHN/JPN/series"


# -- 1. every range and list is bounded ------------------------------------------------------
def test_series_range_beyond_the_point_limit_is_a_clear_422(client):
    # Was a 500 (OverflowError in the alert look-back before year 1).
    body = assert_envelope(client.get(SERIES, params={"freq": "day", "start": "0001-01-01", "end": "2025-12-31"}),
                           422)
    assert "[DW608]" in body["error"] and "2,025 years" in body["error"]
    assert f"{MAX_POINTS:,} points" in body["error"] and "start=1026-01-01&end=2025-12-31" in body["error"]


@pytest.mark.parametrize(("start", "end", "freq", "used", "count"), [
    ("1826-01-01", "2025-12-31", "day", "year", 200),  # 73,000 days
    ("1677-09-22", "2262-04-11", "day", "year", 586),  # was 200 with 44 MB of JSON
    ("2010-01-01", "2025-12-31", "day", "week", 836),
    ("2025-01-01", "2025-12-31", "day", "day", 365),
])
def test_series_long_range_comes_back_coarser_within_the_limit(client, start, end, freq, used, count):
    resp = client.get(SERIES, params={"freq": freq, "start": start, "end": end})
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert (data["requested_freq"], data["freq"]) == (freq, used)
    assert data["max_points"] == MAX_POINTS and len(data["points"]) == count <= MAX_POINTS
    assert (data["note"] is None) == (used == freq) and (used == freq or used in data["note"])
    assert sum(p["events"] for p in data["points"]) == sum(
        p["events"] for p in client.get(SERIES, params={"freq": "week", "start": "2025-01-01"}).json()["points"])


@pytest.mark.parametrize(("freq", "start", "end"), [
    ("week", "0001-01-01", "0040-01-01"),  # the alert look-back window would start before year 1
    ("month", "9900-01-01", "9999-12-31"),  # the last period ends at the end of the calendar
])
def test_series_at_the_ends_of_the_calendar_answers(client, freq, start, end):
    resp = client.get(SERIES, params={"freq": freq, "start": start, "end": end})
    assert resp.status_code == 200, resp.text
    assert resp.json()["points"] and all(p["events"] == 0 for p in resp.json()["points"])


@pytest.mark.parametrize(("params", "status"), [({"limit": 1}, 200), ({"limit": 0}, 422), ({"limit": 5000}, 422)])
def test_alerts_list_is_bounded(client, params, status):
    resp = client.get("/api/v1/alerts", params=params)
    assert resp.status_code == status, resp.text
    if status == 200:
        assert len(resp.json()["items"]) == 1


# -- 3. text search is literal ----------------------------------------------------------------
LITERAL = [
    ("China cut tariffs on Japanese cars by 100% after the talks.",
     ("China", "CHN", "GOV", "cut tariffs", "Japanese", "JPN", "SUPPORT", "057", 1, 5.0)),
    ("Japan's U_N mission criticised China over the drills.",
     ("Japan's U_N mission", "JPN", "GOV", "criticised", "China", "CHN", "ACCUSE", "111", 3, -2.0)),
    ("Japan's UN mission praised China for the ceasefire.",
     ("Japan's UN mission", "JPN", "GOV", "praised", "China", "CHN", "SUPPORT", "051", 1, 5.0)),
]


@pytest.fixture(scope="module")
def literal_client():
    service = DyadService(store=open_store(":memory:"))
    service.ingest_coded([hand_coded(f"lit-{i}", dt.date(2025, 10, 6 + i), "Literal", [s])
                          for i, s in enumerate(LITERAL)])
    with make_client(service, token=TOKEN) as c:
        yield c
    service.store.close()


@pytest.mark.parametrize(("q", "expected"), [
    ("%", ["100%"]),
    ("100%", ["100%"]),
    ("_", ["U_N"]),
    ("U_N", ["U_N"]),
    ("un mission", ["UN mission"]),  # case-insensitive, and '_' is not "any character"
    ("%%", []),
])
def test_text_search_is_literal(literal_client, q, expected):
    items = literal_client.get("/api/v1/events", params={"q": q, "status": "any"}).json()["items"]
    found = sorted(next(w for w in ("100%", "U_N", "UN mission") if w in e["evidence"][0]["text"]) for e in items)
    assert found == sorted(expected)


# -- 4. one id rule for writes and reads --------------------------------------------------------
@pytest.mark.parametrize("bad_id", ["<img src=x>", "a b", "x" * 201, "a/b"])
def test_ingest_refuses_an_id_the_read_routes_would_refuse(api_service, bad_id):
    before = api_service.store.stats()["articles"]
    with make_client(api_service, token=TOKEN) as c:
        body = assert_envelope(c.post("/api/v1/articles", headers={"Authorization": f"Bearer {TOKEN}"},
                                      json={"articles": [{"id": bad_id, "text": "China protested to Japan."}]}), 422)
    assert "articles.0.id" in body["error"] and "letters, digits" in body["error"]
    assert api_service.store.stats()["articles"] == before


def test_file_ingest_stores_a_breaking_id_under_a_valid_one_and_says_so():
    service = DyadService(store=open_store(":memory:"))
    coded = hand_coded("placeholder", dt.date(2025, 10, 7), "Feed entry", [LITERAL[0]])
    bad = "https://news.example/2025/10/07?id=1"
    events = tuple(dataclasses.replace(e, article_id=bad) for e in coded.events)
    report = service.ingest_coded([CodedArticle(dataclasses.replace(coded.article, id=bad, origin="feed.xml#0"),
                                                events)])
    assert report.articles_stored == 1
    (note,) = [w for w in report.to_dict()["warnings"] if "[DW609]" in w]
    stored_id = note.rsplit("'", 2)[-2]
    with make_client(service) as c:
        art = c.get(f"/api/v1/articles/{stored_id}")
        assert art.status_code == 200, art.text
        assert art.json()["article"]["events"][0]["article_id"] == stored_id
    service.store.close()


# -- 5. articles without a publication date --------------------------------------------------------
def _undated(article_id: str, sentence: tuple) -> CodedArticle:
    coded = hand_coded(article_id, dt.date(2025, 10, 8), "", [sentence])
    events = tuple(dataclasses.replace(e, date=None, date_precision="unknown", published=None) for e in coded.events)
    return CodedArticle(dataclasses.replace(coded.article, date=None, title=None, origin="wire/undated.jsonl:3"),
                        events)


@pytest.fixture(scope="module")
def undated_service():
    service = filled_service()
    report = service.ingest_coded([_undated("undated-0", LITERAL[1])])
    service.undated_report = report  # type: ignore[attr-defined]
    yield service
    service.store.close()


def test_ingest_report_warns_about_articles_without_a_date(undated_service):
    report = undated_service.undated_report.to_dict()
    assert (report["articles_undated"], report["events_undated"]) == (1, 1)
    (warning,) = [w for w in report["warnings"] if "[DW612]" in w]
    assert "undated.jsonl:3" in warning and "'date'" in warning


def test_undated_events_are_apart_and_counts_agree(undated_service):
    with make_client(undated_service) as c:
        points = c.get(SERIES, params={"freq": "week"}).json()["points"]
        dated = c.get("/api/v1/events", params={"dyad": "CHN-JPN", "dated": "true", "limit": 500}).json()
        undated = c.get("/api/v1/events", params={"dyad": "CHN-JPN", "dated": "false"}).json()
        every = c.get("/api/v1/events", params={"dyad": "CHN-JPN", "limit": 500}).json()
    assert sum(p["events"] for p in points) == dated["total"] == len(dated["items"])
    assert undated["total"] == 1 and undated["items"][0]["day"] is None
    assert every["total"] == dated["total"] + undated["total"]


# -- 6. validation is the same everywhere ------------------------------------------------------------
@pytest.mark.parametrize(("path", "params", "code"), [
    ("/api/v1/events", {"dyad": "CHN-CHN"}, "DW607"),
    ("/api/v1/dyads/CHN/CHN/series", {}, "DW607"),
    ("/api/v1/alerts", {"dyad": "CHN-CHN"}, "DW607"),
    ("/api/v1/events", {"dyad": "ZZZ-QQQ"}, "DW605"),
    ("/api/v1/events", {"actor": "ZZZ"}, "DW605"),
    ("/api/v1/events", {"recipient": "QQQ"}, "DW605"),
    ("/api/v1/dyads/ZZZ/QQQ/series", {}, "DW605"),
    ("/api/v1/alerts", {"dyad": "ZZZ-JPN"}, "DW605"),
    ("/api/v1/events", {"category": "BOGUS"}, "DW606"),
])
def test_unknown_codes_and_categories_are_422_everywhere(client, path, params, code):
    body = assert_envelope(client.get(path, params=params), 422)
    assert f"[{code}]" in body["error"]
    assert "send" in body["error"]  # says what to send instead


def test_unknown_category_lists_the_valid_ones(client):
    body = assert_envelope(client.get("/api/v1/events", params={"category": "BOGUS"}), 422)
    assert "ACCUSE" in body["error"] and "ASSAULT" in body["error"]


@pytest.mark.parametrize("params", [{"category": "accuse"}, {"actor": "uno"}, {"dyad": "chn-jpn"}])
def test_valid_codes_in_any_case_still_answer(client, params):
    assert client.get("/api/v1/events", params=params).status_code == 200


def test_known_codes_hold_countries_and_organisations():
    assert {"CHN", "JPN", "UNO", "IGO", "EUR"} <= known_codes() and "ZZZ" not in known_codes()


# -- 7. empty periods are gaps --------------------------------------------------------------------------
def test_empty_periods_have_no_tension_and_latest_tension_skips_them(client):
    data = client.get(SERIES, params={"freq": "week", "start": "2025-09-01", "end": "2025-12-31"}).json()
    points = data["points"]
    empty = [p for p in points if p["events"] == 0]
    assert empty and all(p["tension"] is None for p in empty)
    assert points[-1]["events"] == 0  # the range ends on empty weeks
    last = [p for p in points if p["events"]][-1]
    assert data["latest_tension"] == last["tension"] and data["latest_tension"] is not None


# -- 8. messages say what to send instead --------------------------------------------------------------
@pytest.mark.parametrize(("params", "wanted", "unwanted"), [
    ({"dyad": "CHNJPN"}, "CHN-JPN", "String should match pattern"),
    ({"start": "20251101"}, "YYYY-MM-DD", "zero time"),
    ({"quad_class": "9"}, "1, 2, 3 or 4", None),
    ({"cursor": "not-a-cursor"}, "[DW603]", "DW001"),
    ({"start": "2025-12-01", "end": "2025-11-01"}, "swap them", None),
])
def test_parameter_errors_say_what_to_send(client, params, wanted, unwanted):
    body = assert_envelope(client.get("/api/v1/events", params=params), 422)
    assert wanted in body["error"]
    if unwanted:
        assert unwanted not in body["error"]


def test_malformed_json_says_it_is_not_json(client):
    body = assert_envelope(client.post("/api/v1/code", content=b'{"text": "China protested",}',
                                       headers={"Content-Type": "application/json"}), 422)
    assert "[DW610]" in body["error"] and "not valid JSON" in body["error"]
    assert "JSON decode error" not in body["error"]


@pytest.mark.parametrize(("kwargs", "got"), [
    ({"data": {"text": "China protested to Japan."}}, "application/x-www-form-urlencoded"),
    ({"content": b"China protested to Japan.", "headers": {"Content-Type": "text/plain"}}, "text/plain"),
    ({"content": b'{"text": "x"}', "headers": {"Content-Type": ""}}, "no Content-Type"),
])
def test_a_body_that_is_not_json_is_415(client, kwargs, got):
    body = assert_envelope(client.post("/api/v1/code", **kwargs), 415)
    assert "application/json" in body["error"] and got in body["error"]


def test_a_token_without_bearer_is_not_called_wrong(client):
    body = assert_envelope(client.post("/api/v1/articles", headers={"Authorization": TOKEN},
                                       json={"articles": [{"text": "x"}]}), 401)
    assert "Bearer" in body["error"] and "wrong" not in body["error"]


# -- 9. non-English text -------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "language"), [
    ("Министерство иностранных дел Китая вызвало посла Японии в понедельник в связи с заявлениями премьера.",
     "Cyrillic"),
    ("中国外交部周一召见日本驻华大使，就日本首相的涉台言论提出严正交涉。", "Chinese"),
])
def test_code_says_only_english_is_coded_and_names_the_language(client, text, language):
    resp = client.post("/api/v1/code", json={"text": text})
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert data["count"] == 0 and data["language"]["english"] is False
    assert language in data["language"]["language"]
    assert "only English is coded" in data["note"] and language in data["note"]


# -- 10. the open read API does not show server paths ----------------------------------------------------
def test_article_origin_is_a_file_name_unless_the_token_is_sent(undated_service):
    with make_client(undated_service, token=TOKEN) as c:
        public = c.get("/api/v1/articles/undated-0").json()["article"]
        private = c.get("/api/v1/articles/undated-0", headers={"Authorization": f"Bearer {TOKEN}"}).json()["article"]
        again = c.get("/api/v1/articles/undated-0").json()["article"]
    assert public["origin"] == again["origin"] == "undated.jsonl:3"
    assert private["origin"] == "wire/undated.jsonl:3"


# -- 11. docs and pages for browsers -----------------------------------------------------------------------
def test_openapi_declares_the_bearer_scheme_on_write_routes(client):
    doc = client.get("/openapi.json").json()
    schemes = doc["components"]["securitySchemes"]
    assert any(s.get("type") == "http" and s.get("scheme") == "bearer" for s in schemes.values())
    assert doc["paths"]["/api/v1/articles"]["post"]["security"]


def test_docs_page_has_a_csp_no_inline_script_and_a_way_back(client):
    resp = client.get("/docs")
    assert resp.status_code == 200
    assert "script-src 'self'" in resp.headers["content-security-policy"]
    assert 'href="/"' in resp.text and "<script>" not in resp.text


@pytest.mark.parametrize(("path", "status"), [("/no/such/page", 404), ("/articles/%3Cimg%20src%3Dx%3E", 422)])
def test_a_browser_gets_an_error_page_not_raw_json(client, path, status):
    resp = client.get(path, headers={"Accept": "text/html,application/xhtml+xml"})
    assert resp.status_code == status
    assert resp.headers["content-type"].startswith("text/html")
    assert "content-security-policy" in resp.headers
    assert 'href="/"' in resp.text and "<img src=x>" not in resp.text
    # A program still gets the envelope.
    assert_envelope(client.get(path), status)


def test_service_series_refuses_what_the_api_would_coarsen():
    service = filled_service()
    with pytest.raises(Exception, match="DW608"):
        service.series("CHN", "JPN", freq="day", start="1826-01-01", end="2025-12-31")
    service.store.close()


def test_article_record_has_no_id_rule_bypass():
    # Article ids made by the readers (content hashes) follow the rule.
    from dyadwatch.service import valid_id

    assert valid_id(Article(id="0123abcd", text="x").id) and not valid_id("<img src=x>")
