"""Unicode sparklines for terminal output."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], *, low: float | None = None, high: float | None = None) -> str:
    """One block character per value, scaled between ``low`` and ``high`` (default: min and max).

    Example:
        >>> sparkline([0, 50, 100])
        '▁▅█'
    """
    if not values:
        return ""
    lo = min(values) if low is None else low
    hi = max(values) if high is None else high
    if hi <= lo:
        return BARS[0] * len(values)
    top = len(BARS) - 1
    return "".join(BARS[max(0, min(top, round((v - lo) / (hi - lo) * top)))] for v in values)
