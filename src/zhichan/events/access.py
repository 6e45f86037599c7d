"""Who sees what: the public sees announced events (not drafts); the office (events.manage) sees all. A registration
is seen by its own user and by the office only: nobody else learns who registered or holds their QR code."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhichan.core.permissions import can
from zhichan.events.models import Event, Registration

ANNOUNCED = (Event.Status.PUBLISHED, Event.Status.CLOSED, Event.Status.ENDED, Event.Status.CANCELLED)


def restrict_events(user: Any) -> QuerySet[Event]:
    rows = Event.objects.all()
    return rows if can(user, "events.manage") else rows.filter(status__in=ANNOUNCED)


def restrict_registrations(user: Any) -> QuerySet[Registration]:
    rows = Registration.objects.all()
    if can(user, "events.manage"):
        return rows
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    return rows.filter(user_id=user.pk)
