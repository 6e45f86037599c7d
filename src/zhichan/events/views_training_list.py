"""/training/ (issue 17): the public list of upcoming training — lectures (讲座) and courses (培训) of the events app,
and any other announced event that carries 学时 — with its hours, seats left and the link to register on the
event's page. Registration, check-in and credit stay the events app's (/events/<id>/); /training/hours/ is 我的学时
(events/views_training.mine, moved from /events/hours/)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhichan.core.permissions import can
from zhichan.events import access, actions, rules
from zhichan.events.models import Event, Registration

TRAINING_KINDS = (Event.Kind.LECTURE, Event.Kind.COURSE)  # the kinds that are training whatever their hours


def training_events() -> Q:
    """Training: a lecture or a course, or any event that credits 学时."""
    return Q(kind__in=TRAINING_KINDS) | Q(hours__isnull=False)


def _row(event: Any, now: Any) -> dict[str, Any]:
    problem = rules.registration_problem(event.status, actions.clock(event), now)
    left = None if event.capacity is None else max(event.capacity - event.seated, 0)
    return {"event": event, "open": problem is None, "closed_reason": actions.REASONS.get(problem or "", ""),
            "left": left}


def training_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = (access.restrict_events(request.user).filter(training_events(), ends_at__gte=now)
            .exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
            .annotate(seated=Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)))
            .select_related("organizer").order_by("starts_at", "id"))
    return render(request, "events/training_list.html", {
        "rows": [_row(e, now) for e in rows[:200]], "can_manage": can(request.user, "events.manage")})
