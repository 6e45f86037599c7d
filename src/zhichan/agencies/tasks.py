"""Every night: the annual-report lifecycle as of today (1 April listing, the 60-day warnings, the three-year move
to 严重违法失信, removals), audited as the command line's run (a second run the same day changes nothing); then each
agency's technical fields from the patents imported since (the public directory's filter)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhichan.agencies.actions import do_refresh_fields
from zhichan.agencies.annual_actions import do_run_lifecycle


@db_periodic_task(crontab(minute="10", hour="1"))
def daily_lifecycle() -> None:
    do_run_lifecycle(None, timezone.localdate())
    do_refresh_fields(None)
