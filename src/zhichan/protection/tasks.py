"""Every Monday morning: the weekly digest of watch-list events (protection/alerts.py), once per user and week.
The first day of each quarter: a draft risk report for every 重点企业 for the quarter just ended, once
(protection/report_actions.draft_quarterly)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhichan.protection.alerts import weekly_digest
from zhichan.protection.report_actions import draft_quarterly


@db_periodic_task(crontab(minute="0", hour="8", day_of_week="1"))
def weekly_watch_digest() -> None:
    weekly_digest()


@db_periodic_task(crontab(minute="30", hour="6", day="1", month="1,4,7,10"))
def quarterly_risk_reports() -> None:
    draft_quarterly()
