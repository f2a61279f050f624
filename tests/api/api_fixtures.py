"""API test data and helpers: a real in-memory DuckDB store behind a real DyadService.

The store is filled with articles written for these tests and events coded by
hand (character offsets computed from the text), so the API tests pin the API's
own behaviour and do not move when the coder's dictionaries change. Tests of
coding through the API (``POST /api/v1/code``, ingest of the sample corpus) run
the real spaCy pipeline and are marked ``model``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient

from dyadwatch.api import ApiConfig, create_app
from dyadwatch.records import Article, CodedArticle, Entity, Event, Evidence, content_hash
from dyadwatch.service import DyadService
from dyadwatch.store import open_store

TOKEN = "test-token-0123456789abcdef"

# (actor words, actor code, sector, event words, recipient words, recipient code, category, cameo, quad, intensity)
Spec = tuple[str, str, str | None, str, str, str, str, str, int, float]

CALM = [
    ("Chinese and Japanese trade officials held talks in Tokyo on seafood exports.",
     ("Chinese", "CHN", "GOV", "held talks", "Japanese", "JPN", "CONSULT", "043", 1, 2.5)),
    ("Japan's Foreign Ministry praised Beijing for reopening a consulate in Osaka.",
     ("Japan's Foreign Ministry", "JPN", "GOV", "praised", "Beijing", "CHN", "SUPPORT", "051", 1, 5.0)),
    ("China's Foreign Ministry criticised Tokyo over new fishing rules.",
     ("China's Foreign Ministry", "CHN", "GOV", "criticised", "Tokyo", "JPN", "ACCUSE", "111", 3, -2.0)),
]
SPIKE = [
    ("China summoned Japan's ambassador over the prime minister's remarks on Taiwan.",
     ("China", "CHN", "GOV", "summoned", "Japan's ambassador", "JPN", "ACCUSE", "111", 3, -2.0)),
    ("Chinese distributors postponed the release of two Japanese films.",
     ("Chinese distributors", "CHN", "BUS", "postponed", "Japanese", "JPN", "SANCTION", "163", 4, -6.0)),
    ("China's coast guard seized a Japanese fishing boat near the islands.",
     ("China's coast guard", "CHN", "COP", "seized", "Japanese", "JPN", "COERCE", "171", 4, -7.0)),
    ("Beijing threatened Tokyo with unspecified countermeasures.",
     ("Beijing", "CHN", "GOV", "threatened", "Tokyo", "JPN", "THREATEN", "130", 3, -3.5)),
    ("China banned imports of Japanese seafood again.",
     ("China", "CHN", "GOV", "banned", "Japanese", "JPN", "SANCTION", "163", 4, -6.0)),
]
OTHER = [
    ("The United States and Vietnam signed a new trade agreement.",
     ("The United States", "USA", "GOV", "signed", "Vietnam", "VNM", "SUPPORT", "057", 1, 5.0)),
    ("Russia shelled Ukrainian towns near Kharkiv overnight.",
     ("Russia", "RUS", "MIL", "shelled", "Ukrainian", "UKR", "ASSAULT", "195", 4, -9.0)),
]
NEGATED = ("Japan did not protest to China about the exercise.",
           ("Japan", "JPN", "GOV", "protest", "China", "CHN", "ACCUSE", "111", 3, -2.0))

FIRST_MONDAY = dt.date(2025, 9, 1)


def _entity(text: str, sentence: str, offset: int, word: str, code: str, sector: str | None) -> Entity:
    start = offset + sentence.index(word)
    assert text[start:start + len(word)] == word
    return Entity(code=code, sector=sector, text=word, start=start, end=start + len(word))


def hand_coded(article_id: str, day: dt.date, title: str,
               sentences: list[tuple[str, Spec]], *, status: str = "asserted") -> CodedArticle:
    """An article made of ``sentences`` and one hand-coded event per sentence."""
    text = " ".join(s for s, _ in sentences) + f" Filed on {day:%A %d %B %Y} ({article_id})."
    events = []
    offset = 0
    for index, (sentence, spec) in enumerate(sentences):
        start = text.index(sentence, offset)
        offset = start + len(sentence)
        a_words, a_code, a_sector, trigger, r_words, r_code, category, cameo, quad, intensity = spec
        t_start = start + sentence.index(trigger)
        evidence = Evidence(sentence=index, start=start, end=start + len(sentence), text=sentence,
                            trigger_start=t_start, trigger_end=t_start + len(trigger))
        events.append(Event(
            id=content_hash(f"{article_id}:{index}"), article_id=article_id, event=category, cameo=cameo,
            quad_class=quad, intensity=intensity,
            actor=(_entity(text, sentence, start, a_words, a_code, a_sector),),
            recipient=(_entity(text, sentence, start, r_words, r_code, "GOV"),),
            date=day.isoformat(), date_precision="day", status=status, evidence=(evidence,),
            published=day.isoformat(), pattern_id=f"test.{category.lower()}", data_version="test"))
    article = Article(id=article_id, text=text, date=day.isoformat(), title=title, source="Test Wire",
                      origin="tests/api")
    return CodedArticle(article=article, events=tuple(events), sentences=len(sentences))


def corpus() -> list[CodedArticle]:
    """Ten calm weeks of China-Japan relations, then a week of escalation, plus other dyads."""
    items = []
    for week in range(10):
        day = FIRST_MONDAY + dt.timedelta(weeks=week, days=1)
        sentence = CALM[week % len(CALM)]
        items.append(hand_coded(f"calm-{week:02d}", day, f"Week {week + 1}: Tokyo and Beijing", [sentence]))
    spike_day = FIRST_MONDAY + dt.timedelta(weeks=10)
    for i, sentence in enumerate(SPIKE):
        items.append(hand_coded(f"spike-{i}", spike_day + dt.timedelta(days=i), "China escalates", [sentence]))
    items.append(hand_coded("other-0", FIRST_MONDAY + dt.timedelta(days=3), "Trade deal", [OTHER[0]]))
    items.append(hand_coded("other-1", FIRST_MONDAY + dt.timedelta(weeks=4), "Overnight shelling",
                            [OTHER[1], OTHER[0]]))
    items.append(hand_coded("negated-0", FIRST_MONDAY + dt.timedelta(weeks=5), "No protest", [NEGATED],
                            status="negated"))
    return items


#: Week start of the escalation week (an alert is expected there).
SPIKE_WEEK = (FIRST_MONDAY + dt.timedelta(weeks=10)).isoformat()


def filled_service(url: str = ":memory:", *, pipeline: Any = None) -> DyadService:
    service = DyadService(store=open_store(url), pipeline=pipeline)
    report = service.ingest_coded(corpus())
    assert report.articles_stored == len(corpus()), report.to_dict()
    return service


def make_client(service: Any, **config: Any) -> TestClient:
    return TestClient(create_app(service, ApiConfig(**config)), raise_server_exceptions=False)


def assert_envelope(resp: Any, status: int) -> dict[str, Any]:
    """The response is the error envelope with this status."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"ok", "error", "errors", "status"}, body
    assert body["ok"] is False and body["status"] == status
    assert body["errors"] and all(isinstance(e, str) and e for e in body["errors"])
    assert body["error"] == "; ".join(body["errors"])
    assert "Traceback" not in resp.text and 'File "' not in resp.text
    return body
