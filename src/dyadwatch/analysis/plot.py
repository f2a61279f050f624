"""A dyad series as a PNG chart (matplotlib, Agg backend; no display needed)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from dyadwatch.records import DyadPoint

CONFLICT_COLOR = "#c0392b"
COOPERATION_COLOR = "#2e86c1"
TENSION_COLOR = "#222222"


def plot_series(points: Sequence[DyadPoint], path: str | Path, *, title: str | None = None) -> Path:
    """Draw cooperation (up) and conflict (down) weight bars, the tension index line and
    alert periods (shaded, marked ▲) for one dyad; write a PNG to ``path``."""
    import datetime as dt

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from dyadwatch.store.sql import parse_day

    days = [dt.datetime.combine(parse_day(p.period), dt.time()) for p in points]  # type: ignore[arg-type]
    width = 0.8 * ((days[1] - days[0]).days if len(days) > 1 else 1)
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(10, 6.2),
                                      gridspec_kw={"height_ratios": [3, 2]}, constrained_layout=True)
    coop = [p.cooperation for p in points]
    conflict = [-p.conflict for p in points]
    top.bar(days, coop, width=width, color=COOPERATION_COLOR, label="cooperation (quad 1-2)")
    top.bar(days, conflict, width=width, color=CONFLICT_COLOR, label="conflict (quad 3-4)")
    top.axhline(0, color="#888888", linewidth=0.8)
    top.set_ylabel("weight  (Σ |intensity| + 1)")
    top.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=9, frameon=False)
    top.grid(axis="y", alpha=0.3)
    tension = [math.nan if p.tension is None else p.tension for p in points]  # empty periods: gaps
    bottom.plot(days, tension, color=TENSION_COLOR, marker="o", markersize=3,
                linewidth=1.6, label="tension index")
    bottom.axhline(0, color="#888888", linewidth=0.8)
    bottom.set_ylim(-105, 105)
    bottom.set_ylabel("tension (−100 coop … +100 conflict)")
    bottom.grid(axis="y", alpha=0.3)
    alert_days = [(d, p) for d, p in zip(days, points, strict=True) if p.alert]
    for d, _ in alert_days:
        for ax in (top, bottom):
            ax.axvspan(d - _half(width), d + _half(width), color="#f5b041", alpha=0.3, linewidth=0,  # type: ignore[operator]
                       zorder=0)
    if alert_days:
        bottom.scatter([d for d, _ in alert_days], [p.tension for _, p in alert_days], marker="^", s=90,
                       color=CONFLICT_COLOR, zorder=5, label="escalation alert")
    bottom.legend(loc="lower left", fontsize=9, frameon=False)
    top.set_axisbelow(True)
    bottom.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    fig.autofmt_xdate()
    if points:
        default = f"{points[0].actor}–{points[0].recipient}: cooperation, conflict and tension (asserted events)"
        fig.suptitle(title or default)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def _half(width: float):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.timedelta(days=width / 2)
