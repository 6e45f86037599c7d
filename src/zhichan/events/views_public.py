"""/events/: announced events for everyone (upcoming and past, by kind), an event's page with its agenda of presented
demands and listings, registration for any signed-in user, an organisation's proposal of its own demand or listing,
and each user's registrations with their QR codes. Every write goes through a do_* action; a refused form comes back
with status 400 and the reasons beside the fields."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhichan.core.permissions import can
from zhichan.events import access, actions, qr, rules
from zhichan.events import forms as ef
from zhichan.events.models import Event, EventItem, Registration

PAGE_SIZE = 20


def put_errors(form: Any, refused: actions.Refused) -> None:
    for field, reasons in refused.errors.items():
        for reason in reasons:
            form.add_error(field if field in form.fields else None, reason)


def event_list(request: HttpRequest) -> HttpResponse:
    form = ef.FilterForm(request.GET or None)
    rows = access.restrict_events(request.user).exclude(status=Event.Status.DRAFT).select_related("organizer")
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    if kind:
        rows = rows.filter(kind=kind)
    now = timezone.now()
    upcoming = rows.filter(ends_at__gte=now).order_by("starts_at", "id")
    past = Paginator(rows.filter(ends_at__lt=now).order_by("-starts_at", "-id"), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    return render(request, "events/list.html", {
        "form": form, "upcoming": upcoming[:100], "past": past, "page": past, "now": now,
        "query": f"kind={kind}" if kind else "", "can_manage": can(request.user, "events.manage")})


def _detail(request: HttpRequest, event: Event, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    mine = Registration.objects.filter(event=event, user=user).first() if user.is_authenticated else None
    now = timezone.now()
    clock = actions.clock(event)
    proposer = can(user, "market.offer") and not can(user, "events.manage")
    items = event.items.select_related("demand", "listing", "listing__application", "presenter")
    own_org = getattr(user, "organization_id", None) if user.is_authenticated else None
    return render(request, "events/detail.html", {
        "event": event, "phase_label": Event.Status(rules.phase(event.status, clock, now)).label,
        "agenda": [i for i in items if i.status == EventItem.Status.ACCEPTED],
        "my_items": [i for i in items if own_org and i.presenter_id == own_org and i.status != EventItem.Status.ACCEPTED],
        "registration_closed": actions.REASONS.get(rules.registration_problem(event.status, clock, now) or "", ""),
        "can_cancel": mine is not None and mine.status != Registration.Status.CANCELLED
        and mine.checked_in_at is None and rules.cancellation_problem(event.status, clock, now) is None,
        "mine": mine, "can_manage": can(user, "events.manage"), "proposer": proposer,
        "register_form": forms.get("register_form") or ef.RegistrationForm(initial=_person(user)),
        "propose_form": forms.get("propose_form") or (ef.ProposeItemForm(organization_id=own_org) if proposer
                                                      else None),
        "error": forms.get("error", "")}, status=status)


def _person(user: Any) -> dict[str, str]:
    if not user.is_authenticated:
        return {}
    return {"name": f"{user.last_name}{user.first_name}".strip() or user.username}


def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(access.restrict_events(request.user).select_related("organizer", "chain", "region"),
                              pk=event_id)
    return _detail(request, event)


@login_required
@require_POST
def register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(access.restrict_events(request.user), pk=event_id)
    form = ef.RegistrationForm(request.POST)
    if form.is_valid():
        try:
            actions.do_register(request.user, event, form.cleaned_data)
            return redirect("events:mine")
        except actions.Refused as refused:
            put_errors(form, refused)
    return _detail(request, event, 400, register_form=form)


@login_required
@require_POST
def cancel_registration(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = get_object_or_404(access.restrict_registrations(request.user), pk=registration_id)
    form = ef.CheckInForm(request.POST)  # the registration's own token, sent back: a confirmation, not a guess
    if not form.is_valid() or not rules.token_matches(registration.token, form.cleaned_data["token"]):
        return _detail(request, registration.event, 400, error=str(actions.REASONS[rules.BAD_TOKEN]))
    try:
        actions.do_cancel_registration(request.user, registration)
    except actions.Refused as refused:
        return _detail(request, registration.event, 400, error=str(refused))
    return redirect("events:mine")


@login_required
@require_POST
def propose(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(access.restrict_events(request.user), pk=event_id)
    if not can(request.user, "market.offer"):
        raise PermissionDenied
    form = ef.ProposeItemForm(request.POST, organization_id=request.user.organization_id)
    if form.is_valid():
        try:
            actions.do_add_item(request.user, event, demand=form.cleaned_data["demand"],
                                listing=form.cleaned_data["listing"], note=form.cleaned_data["note"])
            return redirect("events:detail", event.pk)
        except actions.Refused as refused:
            put_errors(form, refused)
    return _detail(request, event, 400, propose_form=form)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    rows = Registration.objects.filter(user=request.user).select_related("event").order_by("-event__starts_at")
    return render(request, "events/mine.html", {"rows": rows, "now": timezone.now()})


@login_required
def qr_code(request: HttpRequest, registration_id: int) -> HttpResponse:
    """The QR code of the user's own registration: the address of its check-in page, for staff to scan."""
    registration = get_object_or_404(Registration.objects.filter(user=request.user), pk=registration_id)
    if registration.status != Registration.Status.REGISTERED:
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("events:checkin", args=[registration.event_id, registration.token]))
    response = HttpResponse(qr.svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
