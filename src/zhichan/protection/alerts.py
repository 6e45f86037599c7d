"""Alerts of watch-list events (issue 16 item 4).

- `tell(events)`: the new events of an import are told in the app (services.actions.notify, which also e-mails a
  user with an address) to the list's recipients: the users of its organisation and its custodians (托管: the
  assignee, else the window staff, of every active 知识产权托管 case of that organisation, services/trusteeship.py);
  an office list is told to the user who made it. Deduplicated: one notification per user and list per import,
  however many events and however many ways the user is a recipient; an event is told once (`notified`).
- `weekly_digest(today)`: every recipient with events raised in the last seven days gets one e-mail listing them
  by severity (Django's mail, `DEFAULT_FROM_EMAIL`), once per ISO week (`DigestSent`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.protection.models import DigestSent, WatchEvent, WatchList


def recipients(watch_list: WatchList) -> set[Any]:
    if watch_list.organization_id is None:
        return {watch_list.created_by} if watch_list.created_by and watch_list.created_by.is_active else set()
    from zhichan.services.models import Case

    users = set(get_user_model().objects.filter(organization_id=watch_list.organization_id, is_active=True))
    for case in Case.objects.filter(kind="trusteeship", state="active", organization_id=watch_list.organization_id) \
            .select_related("assignee", "window"):
        users |= {case.assignee} if case.assignee else set(case.window.staff.filter(is_active=True))
    return users


def tell(events: list[WatchEvent]) -> int:
    """Notify the new events; returns the notifications sent."""
    from zhichan.services.actions import notify

    by_list: dict[int, list[WatchEvent]] = defaultdict(list)
    for event in events:
        if not event.notified:
            by_list[event.watch_list_id].append(event)
    sent = 0
    for watch_list in WatchList.objects.filter(pk__in=list(by_list)).select_related("created_by"):
        found = by_list[watch_list.pk]
        high = sum(1 for e in found if e.severity == WatchEvent.Severity.HIGH)
        title = _("监测名单“%(name)s”有 %(count)s 条新预警（高风险 %(high)s 条）") % {
            "name": watch_list.name[:40], "count": len(found), "high": high}
        url = reverse("protection:watch-list", args=[watch_list.pk])
        for user in recipients(watch_list):
            notify(user, title, url)
            sent += 1
    WatchEvent.objects.filter(pk__in=[e.pk for e in events if e.pk]).update(notified=True)
    return sent


def _week(today: dt.date) -> str:
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def _lines(events: list[WatchEvent]) -> list[str]:
    labels = dict(WatchEvent.Kind.choices)
    severities = dict(WatchEvent.Severity.choices)
    out = []
    for e in sorted(events, key=lambda e: (-e.severity, -(e.similarity or 0), e.pk)):
        key = e.evidence.get("key") or e.evidence.get("new", {}).get("key", "")
        out.append(f"[{severities[e.severity]}] {labels[e.kind]} {key} — {e.watch_list.name}")
    return out


def weekly_digest(today: dt.date | None = None) -> int:
    """One e-mail per recipient with events in the last seven days, once per week. Returns the e-mails sent."""
    today = today or timezone.localdate()
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=7), dt.time()))
    per_user: dict[Any, list[WatchEvent]] = defaultdict(list)
    recent = WatchEvent.objects.filter(created_at__gte=since).select_related("watch_list", "watch_list__created_by")
    lists: dict[int, set[Any]] = {}
    for event in recent:
        if event.watch_list_id not in lists:
            lists[event.watch_list_id] = recipients(event.watch_list)
        for user in lists[event.watch_list_id]:
            per_user[user].append(event)
    sent = 0
    for user, found in per_user.items():
        if not user.email:
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, week=_week(today))
        except IntegrityError:
            continue
        subject = _("[知产] 本周监测预警摘要：%(count)s 条") % {"count": len(found)}
        body = "\n".join(_lines(found)[:200])
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)
        sent += 1
    return sent
