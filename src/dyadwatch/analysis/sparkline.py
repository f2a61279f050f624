"""Unicode sparklines for terminal output."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"


GAP = " "


def sparkline(values: Sequence[float | None], *, low: float | None = None, high: float | None = None) -> str:
    """One block character per value, scaled between ``low`` and ``high`` (default: min and max);
    a None (a period without events) is a gap.

    Example:
        >>> sparkline([0, 50, None, 100])
        '▁▅ █'
    """
    known = [v for v in values if v is not None]
    if not known:
        return GAP * len(values)
    lo = min(known) if low is None else low
    hi = max(known) if high is None else high
    top = len(BARS) - 1

    def bar(v: float | None) -> str:
        if v is None:
            return GAP
        if hi <= lo:
            return BARS[0]
        return BARS[max(0, min(top, round((v - lo) / (hi - lo) * top)))]

    return "".join(bar(v) for v in values)
