"""Every evening: the stored statuses stepped (报名截止, 已结束) and the day-before reminders to everyone holding a
seat at tomorrow's events (once each: a rerun sends nothing)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhichan.events.actions import remind_tomorrow, step_statuses


@db_periodic_task(crontab(minute="0", hour="18"))
def daily_reminders() -> None:
    step_statuses()
    remind_tomorrow()
