"""Every morning: expired filing deadlines, reminders for cases due soon, escalation of overdue ones,\ntrusteeship alerts."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhichan.services.actions import expire_filing_deadlines, remind_and_escalate, trusteeship_alerts


@db_periodic_task(crontab(minute="30", hour="8"))
def daily_reminders() -> None:
    expire_filing_deadlines()
    remind_and_escalate()
    trusteeship_alerts()
