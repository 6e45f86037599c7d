"""Watched searches and watched patents: alerts in the app and by e-mail after the index takes in new data."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.patents import status
from zhichan.patents.models import Application
from zhichan.search.lookup import LOOKUP
from zhichan.search.models import Alert, SavedSearch, WatchedPatent
from zhichan.search.query.errors import QueryError
from zhichan.search.query.parser import parse

log = logging.getLogger(__name__)
LISTED = 50  # records listed in one e-mail


def notify(engine: Any, new_ids: list[int], status_changes: dict[int, tuple[str, str]]) -> int:
    """Create the alerts for one drained batch; e-mails go out once the transaction commits."""
    alerts = _new_records(engine, sorted(set(new_ids))) + _status_changes(status_changes)
    for alert in alerts:
        transaction.on_commit(lambda alert=alert: _mail(alert))
    return len(alerts)


def _new_records(engine: Any, new_ids: list[int]) -> list[Alert]:
    if not new_ids:
        return []
    alerts = []
    for saved in SavedSearch.objects.filter(watched=True).select_related("user"):
        try:
            found = engine.matching(parse(saved.query), LOOKUP, new_ids)
        except QueryError:
            continue
        if found:
            alerts.append(Alert.objects.create(
                user=saved.user, kind=Alert.NEW_RECORDS, saved_search=saved, application_ids=found,
                title=_("监控“%(name)s”有 %(count)d 条新记录") % {"name": saved.name, "count": len(found)}))
    return alerts


def _status_changes(changes: dict[int, tuple[str, str]]) -> list[Alert]:
    if not changes:
        return []
    per_user: dict[Any, list[int]] = {}
    for watch in WatchedPatent.objects.filter(application_id__in=list(changes)).select_related("user"):
        per_user.setdefault(watch.user, []).append(watch.application_id)
    alerts = []
    for user, ids in per_user.items():
        words = "；".join(f"{status.LABELS.get(changes[i][0], changes[i][0])}→{status.LABELS.get(changes[i][1], '')}"
                         for i in ids[:3])
        alerts.append(Alert.objects.create(user=user, kind=Alert.STATUS_CHANGE, application_ids=sorted(ids),
                                           title=_("%(count)d 件关注的专利法律状态变化：%(words)s")
                                           % {"count": len(ids), "words": words}))
    return alerts


def _mail(alert: Alert) -> None:
    if not alert.user.email:
        return
    apps = Application.objects.filter(pk__in=alert.application_ids[:LISTED]).order_by("-filing_date")
    lines = [alert.title, ""] + [f"{a.key}  {a.title}  ({status.LABELS.get(a.legal_status, '')})" for a in apps]
    if len(alert.application_ids) > LISTED:
        lines.append(_("……共 %(count)d 条，请登录平台查看。") % {"count": len(alert.application_ids)})
    try:
        send_mail(f"[知产] {alert.title}", "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [alert.user.email])
    except OSError:  # the alert is in the app; a mail server outage must not break the import
        log.exception("alert e-mail to %s failed", alert.user.email)
