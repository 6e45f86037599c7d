"""Every Monday morning: the weekly digest of watch-list events (protection/alerts.py), once per user and week."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhichan.protection.alerts import weekly_digest


@db_periodic_task(crontab(minute="0", hour="8", day_of_week="1"))
def weekly_watch_digest() -> None:
    weekly_digest()
