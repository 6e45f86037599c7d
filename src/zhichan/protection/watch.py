"""Watch lists (监测名单): who may read and edit which, and the writes. The office (protection.manage) keeps its
own lists and reads every list; a user who belongs to an organisation keeps that organisation's lists. A patent is
named by an application number the platform holds, an IPC area by a valid symbol (H01M, H01M 4/131); enterprises,
competitors and brands by name."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied, can
from zhichan.core.workflow.machine import TransitionError
from zhichan.patents.models import Application
from zhichan.protection.models import WatchEvent, WatchItem, WatchList
from zhichan.services.fieldrules import FieldError, ipc_symbol

MANAGE = "protection.manage"


def visible(user: Any) -> QuerySet[WatchList]:
    if can(user, MANAGE):
        return WatchList.objects.all()
    if getattr(user, "is_authenticated", False) and user.organization_id:
        return WatchList.objects.filter(organization_id=user.organization_id)
    return WatchList.objects.none()


def may_edit(user: Any, watch_list: WatchList) -> bool:
    if watch_list.organization_id is None:
        return can(user, MANAGE)
    return getattr(user, "is_authenticated", False) and user.organization_id == watch_list.organization_id


@transaction.atomic
def do_create_list(actor: Any, name: str) -> WatchList:
    """A new list: the office's when the actor is the office, else the actor's organisation's."""
    if not name.strip():
        raise TransitionError(_("请填写名称"))
    if can(actor, MANAGE):
        organization = None
    elif getattr(actor, "is_authenticated", False) and actor.organization_id:
        organization = actor.organization
    else:
        raise PermissionDenied(MANAGE)
    item = WatchList.objects.create(name=name.strip()[:100], organization=organization, created_by=actor)
    audit.record(actor, "protection.watch_list", item, summary=item.name)
    return item


def _canonical(kind: str, value: str) -> tuple[str, Application | None]:
    text = value.strip()
    if not text:
        raise TransitionError(_("请填写内容"))
    if kind == WatchItem.Kind.PATENT:
        application = Application.objects.filter(key=text.upper()).first()
        if application is None:
            raise TransitionError(_("平台未收录申请号 %(key)s") % {"key": text[:40]})
        return application.key, application
    if kind == WatchItem.Kind.IPC:
        try:
            return ipc_symbol(text), None
        except FieldError as exc:
            raise TransitionError(str(exc)) from None
    if kind not in WatchItem.Kind.values:
        raise TransitionError(_("没有这个类别"))
    return text[:200], None


def do_add_item(actor: Any, watch_list: WatchList, kind: str, value: str, note: str = "") -> WatchItem:
    if not may_edit(actor, watch_list):
        raise PermissionDenied(MANAGE)
    text, application = _canonical(kind, value)
    try:
        with transaction.atomic():
            item = WatchItem.objects.create(watch_list=watch_list, kind=kind, value=text, application=application,
                                            note=note.strip()[:200])
            audit.record(actor, "protection.watch_item", watch_list, summary=f"{watch_list.name} + {kind} {text}")
    except IntegrityError:
        raise TransitionError(_("名单中已有 %(value)s") % {"value": text}) from None
    return item


@transaction.atomic
def do_remove_item(actor: Any, item: WatchItem) -> None:
    if not may_edit(actor, item.watch_list):
        raise PermissionDenied(MANAGE)
    audit.record(actor, "protection.watch_item_remove", item.watch_list,
                 summary=f"{item.watch_list.name} - {item.kind} {item.value}")
    item.delete()


@transaction.atomic
def do_close_event(actor: Any, event: WatchEvent) -> None:
    """The list's keeper marks an event handled (it leaves the office's open risks)."""
    if not may_edit(actor, event.watch_list):
        raise PermissionDenied(MANAGE)
    event.is_open = False
    event.save(update_fields=["is_open"])
    audit.record(actor, "protection.watch_event_close", event.watch_list,
                 summary=f"{event.watch_list.name}: {event.kind} {event.application_id}")
