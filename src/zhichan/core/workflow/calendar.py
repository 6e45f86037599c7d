"""Working days (工作日) with the Chinese public-holiday calendar, adjusted working weekends included (PyPI
`chinese-calendar`). Pure Python. For years the calendar does not cover yet, Monday to Friday are working days
and `covered()` says so, so that a due date can be shown as provisional."""

from __future__ import annotations

import datetime as dt

import chinese_calendar


def covered(day: dt.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The day on which `days` working days after `start` have passed (start itself not counted): a request
    received on a Friday with a 1-working-day limit is due on Monday."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_workday(day):
            count += 1
    return count
