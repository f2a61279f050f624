"""dyadwatch: news articles to PLOVER political event data, and conflict/cooperation
between countries over time.

From Python (notebooks)::

    >>> import dyadwatch
    >>> events = dyadwatch.code("China urged Japan to withdraw its remarks.", date="2025-11-18")
    >>> events[0].event, events[0].actor_codes, events[0].recipient_codes
    ('REQUEST', ('CHN',), ('JPN',))
    >>> df = dyadwatch.to_dataframe(events)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dyadwatch.errors import DyadwatchError
from dyadwatch.records import Article, Attribution, CodedArticle, DyadPoint, Entity, Event, Evidence, Location

__version__ = "0.1.0"

_PIPELINE: Any = None


def code(text: str, *, date: str | None = None, article_id: str | None = None, title: str | None = None) -> list[Event]:
    """Code one article's text into typed event records (the pipeline loads once per process).

    Args:
        text: the article (a dateline such as ``BEIJING, Nov 18 (Reuters) -`` is read too).
        date: publication date ``YYYY-MM-DD``, used for relative dates ("on Tuesday").
    """
    global _PIPELINE
    if _PIPELINE is None:
        from dyadwatch.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE.code_text(text, date=date, article_id=article_id, title=title)


def to_dataframe(events: Iterable[Event]) -> Any:
    """One row per event, actors and recipients as 'CODE/SECTOR' strings, for pandas users."""
    import pandas as pd

    rows = []
    for ev in events:
        row = ev.to_row()
        row["actor"] = "; ".join(f"{e.code}/{e.sector}" for e in ev.actor)
        row["recipient"] = "; ".join(f"{e.code}/{e.sector}" for e in ev.recipient)
        row["mode"] = "; ".join(ev.mode)
        row["context"] = "; ".join(ev.context)
        row["location"] = ev.location.name if ev.location else None
        row["attribution"] = ev.attribution.text if ev.attribution else None
        row["evidence"] = ev.evidence[0].text if ev.evidence else None
        rows.append(row)
    columns = list(Event.__dataclass_fields__) if not rows else None
    return pd.DataFrame(rows, columns=[c for c in (columns or []) if c != "extra"] or None)


__all__ = [
    "Article",
    "Attribution",
    "CodedArticle",
    "DyadPoint",
    "DyadwatchError",
    "Entity",
    "Event",
    "Evidence",
    "Location",
    "code",
    "to_dataframe",
]
