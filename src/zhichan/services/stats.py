"""Office statistics per window and period: volume, handling time in working days, on-time rate, satisfaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from zhichan.core.workflow import calendar
from zhichan.core.workflow.services import MACHINES
from zhichan.services import fieldrules
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
            "kind": window.kind, "name": window.name, "label": gettext(MACHINES[window.kind].label), "submitted": len(cases),
            "finished": len(finished), "open": len(cases) - len(finished),
            "average_days": round(sum(days) / len(days), 1) if days else None,
            "on_time_rate": round(100 * len(on_time) / len(finished), 1) if finished else None,
            "satisfaction": round(sum(ratings) / len(ratings), 2) if ratings else None, "ratings": len(ratings)})
    return rows


def preexam_by_field() -> list[dict[str, Any]]:
    """Pre-examination requests per IPC subclass: requests, passes, pass rate."""
    from zhichan.patents import ipc

    rows: dict[str, dict[str, Any]] = {}
    for case in Case.objects.filter(kind="preexam").exclude(state="draft"):
        code = (ipc.normalize(case.fields.get("ipc", "")) or "")[:4] or "—"
        row = rows.setdefault(code, {"field": code, "requests": 0, "passed": 0})
        row["requests"] += 1
        row["passed"] += case.state in {"passed", "filed", "expired"}
    return sorted(rows.values(), key=lambda r: -r["requests"])


def preexam_by_entity() -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for case in Case.objects.filter(kind="preexam").exclude(state="draft").select_related("organization"):
        name = case.organization.name if case.organization else case.fields.get("entity", "—")
        row = rows.setdefault(name, {"entity": name, "requests": 0, "passed": 0})
        row["requests"] += 1
        row["passed"] += case.state in {"passed", "filed", "expired"}
    return sorted(rows.values(), key=lambda r: -r["requests"])


def pledges(start: dt.date, end: dt.date) -> dict[str, Any]:
    """Registered pledges (质押登记) in the period: count and amount (万元), by pledgee — for the indicators. An
    amount that cannot be read (stored before the forms checked amounts, e.g. "五百万") is not counted as 0 in
    silence: its case number is listed under `unreadable`."""
    total, by_pledgee, unreadable = Decimal(0), {}, []
    cases = Case.objects.filter(kind="pledge", state="registered", stopped_on__gte=start, stopped_on__lte=end)
    for case in cases.order_by("number"):
        try:
            amount = fieldrules.amount_wan(case.fields.get("amount_wan", ""))
        except fieldrules.FieldError:
            unreadable.append(case.number)
            continue
        total += amount
        pledgee = case.fields.get("pledgee", "—")
        by_pledgee[pledgee] = by_pledgee.get(pledgee, Decimal(0)) + amount
    return {"count": cases.count(), "amount_wan": round(float(total), 2), "unreadable": unreadable,
            "by_pledgee": sorted(((k, round(float(v), 2)) for k, v in by_pledgee.items()), key=lambda kv: -kv[1])}
