"""Building the large, long-lived indexes (actor and pattern dictionaries, the gazetteer) fast.

Loading creates a few hundred thousand small objects that live as long as the process. While
they are being made, Python's cyclic garbage collector runs again and again and walks all of
them each time, for nothing: they are all alive, and none of them is in a reference cycle that
needs the collector. Pausing it while they are built halves the start-up time; afterwards the
objects are moved out of the collector's view (``gc.freeze``), so that later full collections
during coding do not walk the dictionaries either. Objects are still freed by reference
counting when the last reference goes (a dictionary reloaded by a long-running process).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_DEPTH = 0
_RESUME = False


@contextmanager
def bulk_build() -> Iterator[None]:
    """Pause the cyclic garbage collector while a long-lived index is built (nests; thread-safe)."""
    global _DEPTH, _RESUME
    with _LOCK:
        if _DEPTH == 0:
            _RESUME = gc.isenabled()
            gc.disable()
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0 and _RESUME:
                gc.freeze()
                gc.enable()


__all__ = ["bulk_build"]
