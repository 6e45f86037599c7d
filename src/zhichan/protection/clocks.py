"""Time limits of dispute cases in the units the rules use: working days (工作日, the project's calendar with
holidays and adjusted working weekends), calendar days (日) and months (月). Pure Python.

Days and months are counted as 民法典 Art. 201–203 say: the first day is not counted (Art. 201); a period in months
ends on the corresponding day of the due month, or the month's last day when there is none (Art. 202); a period
whose last day is a holiday or rest day ends on the next working day (Art. 203; an adjusted working Saturday is a
working day). Working days are counted by core/workflow/calendar.py.

A clock is the workflow engine's `Clock` (started, due, paused_on, stopped_on, waited): a pause (中止, a
mediation within a case) moves the due date by the time it lasted, counted in the limit's unit."""

from __future__ import annotations

import calendar as months_calendar
import datetime as dt
from dataclasses import dataclass, replace

from zhichan.core.workflow import calendar
from zhichan.core.workflow.machine import Clock

WORKDAYS, DAYS, MONTHS = "workdays", "days", "months"
UNITS = (WORKDAYS, DAYS, MONTHS)


@dataclass(frozen=True)
class Limit:
    amount: int
    unit: str  # WORKDAYS | DAYS | MONTHS
    source: str = ""  # where the rule comes from, for the docs and the case page

    def __post_init__(self) -> None:
        if self.unit not in UNITS or self.amount < 0:
            raise ValueError(f"bad limit {self.amount} {self.unit}")


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later, or that month's last day (民法典 Art. 202)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, months_calendar.monthrange(year, month)[1]))


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, else the first working day after it (民法典 Art. 203)."""
    while not calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def due(start: dt.date, limit: Limit) -> dt.date:
    """The last day of a period of `limit` beginning on `start` (start itself not counted)."""
    if limit.unit == WORKDAYS:
        return calendar.add_workdays(start, limit.amount)
    end = start + dt.timedelta(days=limit.amount) if limit.unit == DAYS else add_months(start, limit.amount)
    return next_working_day(end)


def elapsed(start: dt.date, end: dt.date, unit: str) -> int:
    """How long a pause from `start` to `end` lasted, in working days for a working-day limit, else in days."""
    if unit == WORKDAYS:
        return calendar.workdays_between(start, end)
    return max((end - start).days, 0)


def shifted(day: dt.date, amount: int, unit: str) -> dt.date:
    """A due date moved on by a pause of `amount` (working days or days)."""
    if unit == WORKDAYS:
        return calendar.add_workdays(day, amount)
    return next_working_day(day + dt.timedelta(days=amount))


def start(today: dt.date, limit: Limit, base: dt.date | None = None) -> Clock:
    """A new clock on `today` for `limit`, counted from `base` when the rule counts from an earlier day (the
    decision's 3 months run from the filing, not from the acceptance)."""
    return Clock(started=base or today, due=due(base or today, limit))


def pause(clock: Clock, today: dt.date) -> Clock:
    if clock.due is None or clock.paused_on is not None or clock.stopped_on is not None:
        return clock
    return replace(clock, paused_on=today)


def resume(clock: Clock, today: dt.date, unit: str) -> Clock:
    if clock.paused_on is None or clock.due is None:
        return clock
    lasted = elapsed(clock.paused_on, today, unit)
    return replace(clock, paused_on=None, due=shifted(clock.due, lasted, unit), waited=clock.waited + lasted)


def extend(clock: Clock, limit: Limit, extension: Limit) -> Clock:
    """The due date after an extension (延长) of a clock started with `limit`: a period in months becomes one of
    limit + extension months from the same start (3 + 1 months from the filing), moved on by the days it was
    suspended; other units move the due date on by the extension."""
    if clock.due is None or clock.started is None:
        return clock
    if limit.unit == MONTHS and extension.unit == MONTHS:
        end = add_months(clock.started, limit.amount + extension.amount) + dt.timedelta(days=clock.waited)
        return replace(clock, due=next_working_day(end))
    if extension.unit == MONTHS:
        return replace(clock, due=next_working_day(add_months(clock.due, extension.amount)))
    return replace(clock, due=shifted(clock.due, extension.amount, extension.unit))


def stop(clock: Clock, today: dt.date) -> Clock:
    return replace(clock, stopped_on=today, paused_on=None)


def notice_ok(notified: dt.date, hearing: dt.date, ahead: Limit) -> bool:
    """Is the hearing at least `ahead` (working days) after the notice? Hearing on the due day itself is fine."""
    return hearing >= due(notified, ahead)
