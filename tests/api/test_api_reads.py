"""Read endpoints over a real in-memory DuckDB store (hand-coded events, see conftest)."""

from __future__ import annotations

import pytest
from api_fixtures import SPIKE_WEEK, assert_envelope


def test_health_reports_store_and_guards(client):
    body = client.get("/api/v1/health").json()
    assert body["ok"] is True and body["status"] == "ok"
    assert body["store"] == "duckdb"
    assert body["reads"] == "open" and body["ingest"] == "enabled"


def test_openapi_lists_every_route(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/health", "/api/v1/code", "/api/v1/articles", "/api/v1/events",
            "/api/v1/events/{event_id}", "/api/v1/articles/{article_id}", "/api/v1/dyads",
            "/api/v1/dyads/{a}/{b}/series", "/api/v1/alerts"} <= paths
    assert all(p.startswith("/api/v1/") for p in paths)


def test_docs_page_is_served_without_a_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_events_lists_newest_first_with_total(client):
    body = client.get("/api/v1/events", params={"dyad": "CHN-JPN", "limit": 100}).json()
    assert body["ok"] is True
    assert body["total"] == 15 and len(body["items"]) == 15 and body["next"] is None
    days = [e["date"] for e in body["items"]]
    assert days == sorted(days, reverse=True)
    first = body["items"][0]
    assert {"id", "article_id", "event", "quad_class", "intensity", "actor", "recipient", "evidence"} <= set(first)


@pytest.mark.parametrize(("params", "expected"), [
    ({"dyad": "JPN-CHN"}, 15),
    ({"dyad": "chn,jpn"}, 15),
    ({"actor": "CHN"}, 12),
    ({"actor": "JPN", "recipient": "CHN"}, 3),
    ({"category": "sanction"}, 2),
    ({"quad_class": 4}, 4),
    ({"status": "negated"}, 1),
    ({"status": "any", "dyad": "CHN-JPN"}, 16),
    ({"start": SPIKE_WEEK}, 5),
    ({"start": "2025-09-01", "end": "2025-09-07"}, 2),
    ({"q": "coast guard"}, 1),
    ({"actor": "RUS", "recipient": "UKR"}, 1),
])
def test_events_filters(client, params, expected):
    body = client.get("/api/v1/events", params={**params, "limit": 500}).json()
    assert body["total"] == expected, body
    assert len(body["items"]) == expected


def test_events_pagination_walks_every_event_once(client):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"dyad": "CHN-JPN", "limit": 4} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/events", params=params).json()
        seen += [e["id"] for e in body["items"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
        assert not cursor.isdigit()  # opaque, not a bare offset
    assert pages == 4 and len(seen) == 15 and len(set(seen)) == 15


def test_event_has_evidence_and_reports(client):
    listed = client.get("/api/v1/events", params={"q": "coast guard"}).json()["items"][0]
    body = client.get(f"/api/v1/events/{listed['id']}").json()
    event = body["event"]
    assert event["id"] == listed["id"] and event["event"] == "COERCE"
    ev = event["evidence"][0]
    assert ev["text"].startswith("China's coast guard seized")
    assert ev["text"][ev["trigger_start"] - ev["start"]:ev["trigger_end"] - ev["start"]] == "seized"
    assert event["reports"][0]["article_id"] == "spike-2"


def test_article_has_text_and_offsets_that_land_on_the_words(client):
    article = client.get("/api/v1/articles/spike-1").json()["article"]
    text = article["text"]
    assert article["title"] == "China escalates" and article["date"] == "2025-11-11"
    (event,) = article["events"]
    actor, recipient, evidence = event["actor"][0], event["recipient"][0], event["evidence"][0]
    assert text[actor["start"]:actor["end"]] == "Chinese distributors"
    assert text[recipient["start"]:recipient["end"]] == "Japanese"
    assert text[evidence["trigger_start"]:evidence["trigger_end"]] == "postponed"
    assert text[evidence["start"]:evidence["end"]] == evidence["text"]
    assert article["evidence"] == [{"start": evidence["start"], "end": evidence["end"], "text": evidence["text"]}]


def test_dyads_lists_most_active_first(client):
    items = client.get("/api/v1/dyads", params={"limit": 2}).json()["items"]
    assert len(items) == 2
    assert (items[0]["a"], items[0]["b"]) == ("CHN", "JPN") and items[0]["events"] == 15
    only_spike = client.get("/api/v1/dyads", params={"start": SPIKE_WEEK}).json()["items"]
    assert [(d["a"], d["b"], d["events"]) for d in only_spike] == [("CHN", "JPN", 5)]


@pytest.mark.parametrize("freq", ["day", "week", "month"])
def test_series_counts_every_event_once(client, freq):
    body = client.get("/api/v1/dyads/chn/jpn/series", params={"freq": freq}).json()
    assert body["actor"] == "CHN" and body["recipient"] == "JPN" and body["freq"] == freq
    points = body["points"]
    assert sum(p["events"] for p in points) == 15
    assert sum(p["quad3"] + p["quad4"] for p in points) == 8
    assert [p["period"] for p in points] == sorted(p["period"] for p in points)


def test_series_marks_the_escalation_week(client):
    points = client.get("/api/v1/dyads/CHN/JPN/series", params={"freq": "week"}).json()["points"]
    alerted = [p["period"] for p in points if p["alert"]]
    assert alerted == [SPIKE_WEEK]
    spike = next(p for p in points if p["period"] == SPIKE_WEEK)
    assert spike["quad3"] + spike["quad4"] == 5 and spike["tension"] > points[0]["tension"]


def test_series_period_window(client):
    points = client.get("/api/v1/dyads/CHN/JPN/series",
                        params={"start": "2025-10-01", "end": "2025-10-31", "freq": "week"}).json()["points"]
    assert points and all("2025-09-29" <= p["period"] <= "2025-10-31" for p in points)


def test_alerts_link_the_events_that_drove_them(client):
    items = client.get("/api/v1/alerts").json()["items"]
    assert len(items) == 1
    alert = items[0]
    assert alert["dyad"] == ["CHN", "JPN"] and alert["period"] == SPIKE_WEEK and alert["score"] >= 3
    assert len(alert["event_ids"]) == 5
    for event_id in alert["event_ids"]:
        event = client.get(f"/api/v1/events/{event_id}").json()["event"]
        assert event["quad_class"] in (3, 4)
    assert client.get("/api/v1/alerts", params={"dyad": "USA-VNM"}).json()["items"] == []
    assert client.get("/api/v1/alerts", params={"start": "2025-12-01"}).json()["items"] == []


@pytest.mark.parametrize("path", ["/api/v1/events/no-such-event", "/api/v1/articles/no-such-article",
                                  "/api/v1/nothing-here", "/nothing-here"])
def test_not_found_is_a_404_envelope(client, path):
    assert_envelope(client.get(path), 404)


@pytest.mark.parametrize(("path", "params", "word"), [
    ("/api/v1/events", {"limit": 0}, "limit"),
    ("/api/v1/events", {"limit": 100000}, "limit"),
    ("/api/v1/events", {"quad_class": 5}, "quad_class"),
    ("/api/v1/events", {"status": "rumoured"}, "status"),
    ("/api/v1/events", {"dyad": "CHINA-JAPAN"}, "dyad"),
    ("/api/v1/events", {"actor": "C'; DROP TABLE events; --"}, "actor"),
    ("/api/v1/events", {"start": "2025-13-40"}, "start"),
    ("/api/v1/events", {"start": "2025-10-10", "end": "2025-10-01"}, "after"),
    ("/api/v1/events", {"cursor": "not-a-cursor"}, "cursor"),
    ("/api/v1/dyads/CHN/JPN/series", {"freq": "fortnight"}, "freq"),
    ("/api/v1/dyads/CHN/CHN/series", {}, "two different"),
    ("/api/v1/dyads/CH/JPN/series", {}, "a"),
    ("/api/v1/dyads", {"limit": -1}, "limit"),
    ("/api/v1/alerts", {"dyad": "CHN"}, "dyad"),
    ("/api/v1/alerts", {"end": "yesterday"}, "end"),
])
def test_bad_parameters_are_422_envelopes(client, path, params, word):
    body = assert_envelope(client.get(path, params=params), 422)
    assert word in body["error"]


def test_text_search_is_a_parameter_not_sql(client):
    """A quote in the search text is data: the query runs and simply matches nothing."""
    body = client.get("/api/v1/events", params={"q": "x' OR '1'='1"}).json()
    assert body["ok"] is True and body["total"] == 0
    assert client.get("/api/v1/events").json()["total"] > 0
