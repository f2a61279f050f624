"""Live monitoring: follow news sources, code what arrives, deliver escalation alerts.

Public names:

* :func:`load_sources` / :func:`save_sources` -- the TOML sources file (:class:`SourcesFile`);
* :class:`Fetcher` -- polite HTTP (timeouts, size cap, retries, conditional requests,
  per-host delay, robots.txt);
* :class:`Watcher` -- fetch, code, store exactly once, raise and deliver alerts;
* :func:`sign` / :func:`verify_signature` -- the webhook's HMAC-SHA256 signature.

See ``docs/watch.md``.
"""

from __future__ import annotations

from dyadwatch.watch.delivery import sign, verify_signature
from dyadwatch.watch.fetcher import Fetcher, FetchResult
from dyadwatch.watch.sources import (
    Sink,
    Source,
    SourcesFile,
    Watchlist,
    WatchSettings,
    add_source,
    load_sources,
    remove_source,
    save_sources,
)
from dyadwatch.watch.watcher import CycleReport, SourceReport, Watcher

__all__ = [
    "CycleReport",
    "FetchResult",
    "Fetcher",
    "Sink",
    "Source",
    "SourceReport",
    "SourcesFile",
    "WatchSettings",
    "Watcher",
    "Watchlist",
    "add_source",
    "load_sources",
    "remove_source",
    "save_sources",
    "sign",
    "verify_signature",
]
