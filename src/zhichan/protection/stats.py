"""Case statistics per period: 受理 (cases accepted in the period), 结案 (cases closed in the period), 结案率 =
closed ÷ accepted in the period, 平均办案周期 = the mean of working days from acceptance to closing over the cases
closed in the period (core/workflow/calendar.py: holidays and adjusted working weekends counted as they are)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from zhichan.core.workflow import calendar
from zhichan.protection.models import DisputeCase


@dataclass(frozen=True)
class Figures:
    accepted: int
    closed: int
    rate: float | None  # closed ÷ accepted, None when nothing was accepted
    average_days: float | None  # working days, None when nothing was closed


def figures(accepted: int, cycles: list[int]) -> Figures:
    closed = len(cycles)
    return Figures(accepted, closed, round(closed / accepted, 4) if accepted else None,
                   round(sum(cycles) / closed, 1) if closed else None)


def _of(rows: QuerySet[DisputeCase], start: dt.date, end: dt.date) -> Figures:
    accepted = rows.filter(accepted_on__gte=start, accepted_on__lte=end).values("pk").distinct().count()
    closed = rows.filter(closed_on__gte=start, closed_on__lte=end).values_list("pk", "accepted_on", "closed_on")
    return figures(accepted, [calendar.workdays_between(a, c) for _pk, a, c in closed.distinct()])


def period(start: dt.date, end: dt.date, kinds: Iterable[str] | None = None) -> Figures:
    rows = DisputeCase.objects.all()
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    return _of(rows, start, end)


PATENT, TRADEMARK = "patent", "trademark"  # the object of a case (专利 / 商标)


def by_object(start: dt.date, end: dt.date, obj: str) -> Figures:
    """The figures of the cases concerning at least one patent, or at least one trademark (a case naming both is
    counted under each; a case naming neither under none)."""
    rows = DisputeCase.objects.filter(patents__isnull=False) if obj == PATENT else \
        DisputeCase.objects.filter(trademarks__isnull=False)
    return _of(rows, start, end)


def by_kind(start: dt.date, end: dt.date) -> dict[str, Figures]:
    return {code: period(start, end, [code]) for code in DisputeCase.Kind.values}
