"""Watch-list pages: /protection/watch/ (the lists the user may read; a new list) and a list's page (its items,
adding and removing one). Signed-in users only; what each sees is decided by protection/watch.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhichan.core.permissions import PermissionDenied as ActionDenied
from zhichan.core.workflow.machine import TransitionError
from zhichan.protection import watch
from zhichan.protection.forms import WatchItemForm, WatchListForm
from zhichan.protection.models import WatchEvent, WatchItem, WatchList


@login_required
def lists(request: HttpRequest) -> HttpResponse:
    form = WatchListForm(request.POST or None)
    can_create = watch.can(request.user, watch.MANAGE) or bool(request.user.organization_id)
    if request.method == "POST" and form.is_valid():
        try:
            item = watch.do_create_list(request.user, form.cleaned_data["name"])
            return redirect("protection:watch-list", list_id=item.pk)
        except ActionDenied:
            raise PermissionDenied from None
        except TransitionError as exc:
            form.add_error(None, str(exc))
    return render(request, "protection/watch_lists.html", {
        "lists": watch.visible(request.user).select_related("organization"), "form": form if can_create else None},
        status=400 if request.method == "POST" else 200)


@login_required
def watch_list(request: HttpRequest, list_id: int) -> HttpResponse:
    item = watch.visible(request.user).filter(pk=list_id).select_related("organization").first()
    if item is None:
        raise Http404
    editable = watch.may_edit(request.user, item)
    form = WatchItemForm(request.POST if "value" in request.POST else None)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    if request.method == "POST" and "close" in request.POST:
        event = item.events.filter(pk=request.POST.get("close") or 0).first()
        if event is not None:
            watch.do_close_event(request.user, event)
            messages.success(request, _("已标记为已处理"))
        return redirect("protection:watch-list", list_id=item.pk)
    if request.method == "POST" and "remove" in request.POST:
        target = WatchItem.objects.filter(watch_list=item, pk=request.POST.get("remove") or 0).first()
        if target is not None:
            watch.do_remove_item(request.user, target)
            messages.success(request, _("已移除"))
        return redirect("protection:watch-list", list_id=item.pk)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            watch.do_add_item(request.user, item, d["kind"], d["value"], d["note"])
            messages.success(request, _("已加入名单"))
            return redirect("protection:watch-list", list_id=item.pk)
        except TransitionError as exc:
            form.add_error("value", str(exc))
    return render(request, "protection/watch_list.html", {
        "list": item, "items": item.items.select_related("application"), "form": form if editable else None,
        "editable": editable, **_events(item)}, status=400 if request.method == "POST" else 200)


def _events(item: WatchList) -> dict[str, Any]:
    events = item.events.select_related("application", "watched").order_by("-is_open", "-created_at", "-severity")
    similar = item.events.filter(kind=WatchEvent.Kind.SIMILAR, is_open=True).select_related("application", "watched")
    return {"events": events[:200], "similar": similar.order_by("-similarity", "pk")[:50]}
