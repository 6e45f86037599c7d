"""zhichan events remind [--date YYYY-MM-DD] [--json]: the day-before reminders for the events of the day after
`--date` (default today, Asia/Shanghai), each seated person once; zhichan events step: the stored statuses brought in
line with the clock. The evening job (events/tasks.py) runs both; these run them by hand (docs/events.md)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.events.actions import remind_tomorrow, step_statuses


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "活动 Events: the day-before reminders and the status step (docs/events.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="remind everyone holding a seat at tomorrow's events (once each)")
        remind.add_argument("--date", type=_day, default=None, help="today's date (default: today)")
        remind.add_argument("--json", action="store_true")
        step = sub.add_parser("step", help="stored statuses: 报名截止 and 已结束 by the clock")
        step.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            result = {"reminded": remind_tomorrow(options["date"])}
        else:
            result = {"changed": step_statuses()}
        self.stdout.write(json.dumps(result) if options["json"] else
                          " ".join(f"{k}={v}" for k, v in result.items()))
