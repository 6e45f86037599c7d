"""Office statistics per window and period: volume, handling time in working days, on-time rate, satisfaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhichan.core.workflow import calendar
from zhichan.core.workflow.services import MACHINES
from zhichan.services.models import Case, Window


def window_stats(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Cases submitted in [start, end]: how many, how many finished, average working days from submission to
    the end (waiting for the applicant excluded), the share finished on time, average rating."""
    rows = []
    for window in Window.objects.order_by("kind"):
        cases = list(Case.objects.filter(window=window, clock_started__gte=start, clock_started__lte=end))
        finished = [c for c in cases if c.stopped_on]
        days = [calendar.workdays_between(c.clock_started, c.stopped_on) - c.waited for c in finished
                if c.clock_started]
        on_time = [c for c in finished if c.due and c.stopped_on <= c.due]
        ratings = [c.rating for c in cases if c.rating]
        rows.append({
            "kind": window.kind, "name": window.name, "label": MACHINES[window.kind].label, "submitted": len(cases),
            "finished": len(finished), "open": len(cases) - len(finished),
            "average_days": round(sum(days) / len(days), 1) if days else None,
            "on_time_rate": round(100 * len(on_time) / len(finished), 1) if finished else None,
            "satisfaction": round(sum(ratings) / len(ratings), 2) if ratings else None, "ratings": len(ratings)})
    return rows
