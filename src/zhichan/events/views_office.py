"""The office's pages (events.manage): every event with its figures, the event form, one event's management page
(publish, cancel, agenda, registrations and attendance, follow-ups, statistics), the registrations as Excel, and the
check-in page that staff open by scanning a registrant's QR code."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.core import spreadsheet
from zhichan.core.access import require_page
from zhichan.events import actions, rules, stats
from zhichan.events import forms as ef
from zhichan.events.models import Event, EventItem, Registration
from zhichan.events.views_public import put_errors


@login_required
def office(request: HttpRequest) -> HttpResponse:
    require_page(request, "events.manage")
    form = ef.FilterForm(request.GET or None)
    rows = Event.objects.select_related("organizer").order_by("-starts_at", "-id")
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    if kind:
        rows = rows.filter(kind=kind)
    return render(request, "events/office.html", {"form": form, "rows": stats.per_event(rows)[:200],
                                                  "figures": stats.figures(rows)})


@login_required
def edit(request: HttpRequest, event_id: int | None = None) -> HttpResponse:
    require_page(request, "events.manage")
    event = get_object_or_404(Event, pk=event_id) if event_id else None
    if request.method == "POST":
        form = ef.EventForm(request.POST)
        if form.is_valid():
            try:
                saved = actions.do_save_event(request.user, event, form.cleaned_data)
                return redirect("events:manage", saved.pk)
            except actions.Refused as refused:
                put_errors(form, refused)
        status = 400
    else:
        form = ef.EventForm(initial=ef.EventForm.initial_from(event) if event else None)
        status = 200
    return render(request, "events/form.html", {"form": form, "event": event}, status=status)


def _manage(request: HttpRequest, event: Event, status: int = 200, **forms: Any) -> HttpResponse:
    registrations = event.registrations.select_related("organization").order_by("registered_at", "id")
    return render(request, "events/manage.html", {
        "event": event, "phase_label": Event.Status(rules.phase(event.status, actions.clock(event),
                                                                timezone.now())).label,
        "registrations": registrations, "figures": stats.figures(Event.objects.filter(pk=event.pk)),
        "items": event.items.select_related("demand", "listing", "presenter", "listing__application"),
        "follow_ups": event.follow_ups.select_related("item__demand", "item__listing", "party_a", "party_b"),
        "cancel_form": forms.get("cancel_form") or ef.CancelEventForm(),
        "item_form": forms.get("item_form") or ef.ProposeItemForm(office=True),
        "follow_up_form": forms.get("follow_up_form") or ef.FollowUpForm(
            event=event, initial={"occurred_on": timezone.localdate()}),
        "decide_form": ef.DecideItemForm(), "error": forms.get("error", "")}, status=status)


@login_required
def manage(request: HttpRequest, event_id: int) -> HttpResponse:
    require_page(request, "events.manage")
    return _manage(request, get_object_or_404(Event.objects.select_related("organizer", "chain"), pk=event_id))


@login_required
@require_POST
def step(request: HttpRequest, event_id: int, name: str) -> HttpResponse:
    """publish, cancel, item (the office adds a demand or listing to the agenda), follow-up."""
    require_page(request, "events.manage")
    event = get_object_or_404(Event, pk=event_id)
    try:
        if name == "publish":
            actions.do_publish_event(request.user, event)
        elif name == "cancel":
            form = ef.CancelEventForm(request.POST)
            if not form.is_valid():
                return _manage(request, event, 400, cancel_form=form)
            actions.do_cancel_event(request.user, event, form.cleaned_data["reason"])
        elif name == "item":
            form = ef.ProposeItemForm(request.POST, office=True)
            if not form.is_valid():
                return _manage(request, event, 400, item_form=form)
            actions.do_add_item(request.user, event, demand=form.cleaned_data["demand"],
                                listing=form.cleaned_data["listing"], note=form.cleaned_data["note"])
        elif name == "follow-up":
            form = ef.FollowUpForm(request.POST, event=event)
            if not form.is_valid():
                return _manage(request, event, 400, follow_up_form=form)
            actions.do_record_follow_up(request.user, event, form.cleaned_data)
        else:
            raise Http404
    except actions.Refused as refused:
        event.refresh_from_db()
        forms: dict[str, Any] = {"error": str(refused)}
        if name == "follow-up":
            put_errors(form, refused)
            forms = {"follow_up_form": form}
        return _manage(request, event, 400, **forms)
    return redirect("events:manage", event.pk)


@login_required
@require_POST
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    require_page(request, "events.manage")
    item = get_object_or_404(EventItem, pk=item_id)
    form = ef.DecideItemForm(request.POST)
    if not form.is_valid():
        return _manage(request, item.event, 400, error=_("请选择确认或不采纳"))
    actions.do_decide_item(request.user, item, form.cleaned_data["decision"] == "accept")
    return redirect("events:manage", item.event_id)


@login_required
def export(request: HttpRequest, event_id: int) -> HttpResponse:
    """The registrations of one event as an Excel workbook (names and phones: the office only)."""
    require_page(request, "events.manage")
    event = get_object_or_404(Event, pk=event_id)
    out = io.BytesIO()
    book = spreadsheet.workbook(out)
    sheet = book.add_worksheet(_("报名名单"))
    bold = book.add_format({"bold": True})
    spreadsheet.write_row(sheet, 0, 0, [_("姓名"), _("单位"), _("职务"), _("手机号码"), _("状态"), _("报名时间"),
                                        _("签到时间")], bold)
    for n, r in enumerate(event.registrations.select_related("organization").order_by("registered_at", "id"), 1):
        spreadsheet.write_row(sheet, n, 0, [
            r.name, r.organization.name if r.organization else "", r.role, r.phone, r.get_status_display(),
            f"{timezone.localtime(r.registered_at):%Y-%m-%d %H:%M}",
            f"{timezone.localtime(r.checked_in_at):%Y-%m-%d %H:%M}" if r.checked_in_at else ""])
    book.close()
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-registrations.xlsx"'
    return response


@login_required
def checkin(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    """Staff scan the registrant's QR code and land here: who it is, and a button that checks them in (a GET never
    writes). Anyone else gets 403, so that a stolen QR code tells nothing."""
    require_page(request, "events.manage")
    event = get_object_or_404(Event, pk=event_id)
    registration = Registration.objects.filter(event=event, token=token).select_related("organization").first()
    status, error = 200, ""
    if request.method == "POST":
        form = ef.CheckInForm(request.POST)
        if form.is_valid():
            try:
                actions.do_check_in(request.user, event, form.cleaned_data["token"])
                return redirect("events:checkin", event.pk, token)
            except actions.Refused as refused:
                error = str(refused)
        else:
            error = str(actions.REASONS[rules.BAD_TOKEN])
        status = 400
        if registration is not None:
            registration.refresh_from_db()
    elif registration is None:
        status, error = 404, str(actions.REASONS[rules.BAD_TOKEN])
    return render(request, "events/checkin.html", {
        "event": event, "registration": registration, "error": error,
        "form": ef.CheckInForm(initial={"token": token}),
        "window": rules.checkin_window(actions.clock(event))}, status=status)
