"""A form sent twice is one record. A double click or a reload after a slow answer sends the same POST again; the
actions that create records a figure counts (demands, listings, deals, follow-ups, progress reports, people, lists)
look for the row the same user made moments ago with the same fields and return it instead of making a twin.
Two identical records on purpose are made more than WINDOW_SECONDS apart, or with any field different."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

WINDOW_SECONDS = 120


def window_start() -> dt.datetime:
    """The earliest creation time a resent form's first record can have."""
    return timezone.now() - dt.timedelta(seconds=WINDOW_SECONDS)


def recent(rows: QuerySet, at: str = "created_at", **same: Any) -> Any:
    """The newest of `rows` made within the window (by its `at` time) with every field of `same`, or None."""
    return rows.filter(**{f"{at}__gte": window_start()}, **same).order_by("-pk").first()
