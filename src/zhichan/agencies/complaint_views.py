"""投诉举报 pages. Public: the form (anyone, signed in or not; limited per address and hour) and the follow-up by
number and query code. Office (complaints.handle): the list with due dates and overdue ones, a complaint's page
with the transitions the engine offers. A signed-in complainant sees their own complaint's page and may answer a
request for material or withdraw."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.agencies import complaint_actions as actions
from zhichan.agencies.complaint_flow import OPEN_STATES
from zhichan.agencies.complaint_forms import ComplaintActionForm, ComplaintForm, FollowForm, LinkForm
from zhichan.agencies.complaint_models import Complaint
from zhichan.agencies.models import Agency, AgencyAlias, ServiceOrganization
from zhichan.core.access import require_page
from zhichan.core.permissions import PermissionDenied as ActionDenied
from zhichan.core.workflow import machine as wf


def _address(request: HttpRequest) -> str:
    # the direct peer: a proxy's forwarded-for header is only as trustworthy as the proxy (docs/operations.md)
    return str(request.META.get("REMOTE_ADDR", ""))


def _subject(name: str) -> tuple[Agency | None, ServiceOrganization | None]:
    """The registered agency (by name or a known alias) or service organisation the filer named, if any."""
    agency = Agency.objects.filter(name=name).first()
    if agency is None:
        alias = AgencyAlias.objects.filter(name=name).select_related("agency").first()
        agency = alias.agency if alias else None
    organization = None if agency else ServiceOrganization.objects.filter(name=name).first()
    return agency, organization


def file_complaint(request: HttpRequest) -> HttpResponse:
    """The public form. A successful filing shows the number and the query code once (no redirect: the code is
    not kept in a readable form)."""
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency, organization = _subject(data["subject"].strip())
        try:
            complaint, code = actions.do_file_complaint(
                request.user, kind=data["kind"], subject_name=data["subject"], description=data["description"],
                agency=agency, service_organization=organization, contact_name=data["contact_name"],
                contact=data["contact"], address=_address(request))
        except actions.TooManyComplaints as exc:
            form.add_error(None, str(exc))
            return render(request, "complaints/form.html", {"form": form, "names": _names()}, status=429)
        return render(request, "complaints/filed.html", {"complaint": complaint, "code": code})
    return render(request, "complaints/form.html", {"form": form, "names": _names()},
                  status=400 if request.method == "POST" else 200)


def _names() -> list[str]:
    """The registered names the form suggests (a datalist: the browser completes, nothing is sent back)."""
    agencies = Agency.objects.exclude(status=Agency.Status.REVOKED).values_list("name", flat=True)[:3000]
    others = ServiceOrganization.objects.values_list("name", flat=True)[:1000]
    return sorted({*agencies, *others})


def follow(request: HttpRequest) -> HttpResponse:
    """Follow a complaint with its number and query code: its state and the office's decisions."""
    form = FollowForm(request.POST or None)
    complaint = None
    if request.method == "POST" and form.is_valid():
        complaint = actions.find(form.cleaned_data["number"], form.cleaned_data["code"])
        if complaint is None:
            form.add_error(None, _("编号或查询码不正确"))
    return render(request, "complaints/follow.html", {
        "form": form, "complaint": complaint, "state_label": _state_label(complaint) if complaint else "",
        "steps": _steps(complaint) if complaint else []},
        status=400 if request.method == "POST" and complaint is None else 200)


def _state_label(complaint: Complaint) -> str:
    return actions.machine().states.get(complaint.state, complaint.state)


def _steps(complaint: Complaint, *, office: bool = False) -> list[dict[str, Any]]:
    """The history; the public sees what was decided, the office also who did it and the comments."""
    m = actions.machine()
    labels = {t.name: t.label for t in m.transitions}
    shown = ("reason", "finding", "comment") if office else ("reason", "finding")
    return [{"at": s.at, "label": labels.get(s.transition, s.transition), "state": m.states.get(s.to_state, ""),
             "actor": s.actor.username if office and s.actor else "",
             "fields": [(m.fields.get(k, k), v) for k, v in s.fields.items() if k in shown]}
            for s in complaint.steps.select_related("actor")]


def complaints(request: HttpRequest) -> HttpResponse:
    """The office's list: open ones first with their due dates, overdue ones marked; filter by state."""
    require_page(request, actions.HANDLE)
    state = request.GET.get("state", "open")
    rows = Complaint.objects.select_related("agency", "handler")
    if state == "open":
        rows = rows.filter(state__in=OPEN_STATES).order_by("due", "pk")
    elif state == "overdue":
        rows = actions.overdue().order_by("due", "pk")
    elif state in actions.machine().states:
        rows = rows.filter(state=state)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        rows = rows.filter(Q(number__icontains=query) | Q(subject_name__contains=query))
    today = timezone.localdate()
    m = actions.machine()
    listed = [{"c": c, "state": m.states.get(c.state, c.state),
               "standing": wf.STANDING_LABELS[wf.standing(wf.Clock.of(c), today)],
               "late": wf.standing(wf.Clock.of(c), today) == wf.OVERDUE} for c in rows[:500]]
    return render(request, "complaints/list.html", {
        "rows": listed, "state": state, "q": query, "states": m.states, "overdue_count": actions.overdue().count()})


def complaint(request: HttpRequest, complaint_id: int) -> HttpResponse:
    item = get_object_or_404(Complaint.objects.select_related("agency", "service_organization", "handler",
                                                              "complainant"), pk=complaint_id)
    roles = actions.roles_on(request.user, item)
    if not roles:
        raise PermissionDenied
    bound, link = None, LinkForm(initial={"link": item.subject_name})
    if request.method == "POST" and "link" in request.POST:
        link, done = _link(request, item, roles)
        if done:
            return redirect("supervision:complaint", complaint_id=item.pk)
    elif request.method == "POST":
        bound = _form_for(item, roles, request.POST)
        if bound is not None and bound.is_valid():
            try:
                actions.do_transition(request.user, item, bound.chosen.name, bound.values())
                messages.success(request, _("已办理：%(step)s") % {"step": _(bound.chosen.label)})
                return redirect("supervision:complaint", complaint_id=item.pk)
            except wf.FieldErrors as exc:
                for field, reason in exc.errors.items():
                    bound.add_error(field if field in bound.fields else None, reason)
            except wf.TransitionError as exc:
                bound.add_error(None, str(exc))
            except ActionDenied:
                raise PermissionDenied from None
        elif bound is None:
            messages.error(request, _("这个操作现在不能办理"))
    m = actions.machine()
    office = wf.STAFF in roles
    # the office takes the office's steps; a complainant who is also office staff answers from their account
    acting = {wf.STAFF, wf.SUPERVISOR} if office else {wf.APPLICANT}
    forms = [bound if bound is not None and bound.chosen is t else _form(item, t.name)
             for t in m.transitions if item.state in t.sources and t.roles & acting]
    return render(request, "complaints/detail.html", {
        "item": item, "state_label": _state_label(item), "forms": forms, "office": office,
        "link_form": link if office and item.state in OPEN_STATES else None,
        "steps": _steps(item, office=office),
        "standing": wf.STANDING_LABELS[wf.standing(wf.Clock.of(item), timezone.localdate())]},
        status=400 if request.method == "POST" else 200)


def _link(request: HttpRequest, item: Complaint, roles: set[str]) -> tuple[LinkForm, bool]:
    if wf.STAFF not in roles:
        raise PermissionDenied
    form = LinkForm(request.POST)
    if form.is_valid():
        agency, organization = _subject(form.cleaned_data["link"].strip())
        if agency is None and organization is None:
            form.add_error("link", _("没有这个登记名称的机构"))
            return form, False
        try:
            actions.do_link_subject(request.user, item, agency, organization)
        except wf.TransitionError as exc:
            form.add_error(None, str(exc))
            return form, False
        messages.success(request, _("已关联机构"))
        return form, True
    return form, False


def _form(item: Complaint, name: str, data: Any = None) -> ComplaintActionForm:
    m = actions.machine()
    return ComplaintActionForm(m, name, data, handlers=actions.handlers().values_list("username", flat=True),
                               credit_codes=actions.credit_codes(), with_credit=item.agency_id is not None)


def _form_for(item: Complaint, roles: set[str], data: Any) -> ComplaintActionForm | None:
    """The form of the transition posted, if the actor may take it now."""
    m = actions.machine()
    for t in m.transitions:
        if f"{t.name}-transition" in data and item.state in t.sources and roles & t.roles:
            return _form(item, t.name, data)
    return None
