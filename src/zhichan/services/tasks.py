"""Every working morning: reminders for cases due soon, escalation of overdue ones."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhichan.services.actions import remind_and_escalate


@db_periodic_task(crontab(minute="30", hour="8"))
def daily_reminders() -> None:
    remind_and_escalate()
