"""Scheduled reports: after each quarter, half-year and year, for every city whose indicators were computed."""

from __future__ import annotations

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhichan.core.models import Region
from zhichan.indicators import periods
from zhichan.indicators.actions import do_generate_report
from zhichan.indicators.models import ComputedFigure


def scheduled_periods(today: dt.date) -> list[str]:
    """The periods that end just before `today` when it is the first day of a quarter."""
    if today.day != 1 or today.month not in {1, 4, 7, 10}:
        return []
    out = [periods.previous(periods.QUARTERLY, today)]
    if today.month in {1, 7}:
        out.append(periods.previous(periods.HALF_YEAR, today))
    if today.month == 1:
        out.append(periods.previous(periods.YEARLY, today))
    return out


@db_periodic_task(crontab(minute="0", hour="6", day="1", month="1,4,7,10"))
def scheduled_reports() -> None:
    cities = Region.objects.filter(level=2, code__in=ComputedFigure.objects.values("region_id").distinct())
    for period in scheduled_periods(dt.date.today()):
        for city in cities:
            do_generate_report(None, city, period)
