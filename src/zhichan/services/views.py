"""Service hall pages: the public catalogue and guides, the applicant portal, the staff workbench, case pages,
attachments (served only to the parties), statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.core.access import require_page as _require
from zhichan.core.models import Region
from zhichan.core.permissions import PermissionDenied as ActionDenied
from zhichan.core.permissions import can
from zhichan.core.workflow import machine as wf
from zhichan.core.workflow.services import MACHINES
from zhichan.services import actions, stats, trusteeship, uploads
from zhichan.services.access import roles_on, visible_cases
from zhichan.services.forms import RateForm, TransitionForm
from zhichan.services.models import Attachment, Case, Notification, ServiceItem, TechnicalField, Window
from zhichan.services.office_forms import FeedIndicatorsForm, GuideForm, TechnicalFieldsForm

GUIDE_FIELDS = actions.GUIDE_FIELDS




def catalogue(request: HttpRequest) -> HttpResponse:
    """Public: the service catalogue (公共服务事项目录)."""
    return render(request, "services/catalogue.html", {
        "items": ServiceItem.objects.filter(published=True), "can_apply": can(request.user, "services.apply"),
        "can_handle": can(request.user, "services.handle")})


def guide(request: HttpRequest, code: str) -> HttpResponse:
    """Public: one item's guide (办事指南)."""
    item = get_object_or_404(ServiceItem, code=code, published=True)
    user = request.user
    return render(request, "services/guide.html", {
        "item": item, "machine": MACHINES.get(code), "can_edit": can(user, "services.manage"),
        # 在线办理 only for those who may apply; a user whose organisation awaits 实名核验 is told why not
        "can_apply": can(user, "services.apply"),
        "unverified": user.is_authenticated and not user.organization_verified})


def edit_guide(request: HttpRequest, code: str) -> HttpResponse:
    _require(request, "services.manage")
    item = get_object_or_404(ServiceItem, code=code)
    form, status = GuideForm.of(item), 200
    if request.method == "POST":
        form = GuideForm(request.POST)
        if form.is_valid():
            actions.do_edit_guide(request.user, item, form.cleaned_data)
            messages.success(request, _("已保存办事指南"))
            return redirect("services:guide", code=code)
        status = 400
    return render(request, "services/edit_guide.html", {"item": item, "form": form}, status=status)


def portal(request: HttpRequest) -> HttpResponse:
    """The applicant's cases and the services they can apply for."""
    _require(request, "services.apply")
    cases = visible_cases(request.user).filter(Q(applicant=request.user) | Q(
        organization_id=request.user.organization_id) if request.user.organization_id else Q(applicant=request.user))
    return render(request, "services/portal.html", {
        "cases": cases.select_related("window")[:200], "items": ServiceItem.objects.filter(published=True),
        "machines": MACHINES})


def apply(request: HttpRequest, kind: str) -> HttpResponse:
    """A window's empty form (a GET writes nothing). 保存草稿 creates the draft and its number; 提交 creates and
    submits the case at once, or nothing when it is refused."""
    _require(request, "services.apply")
    machine = MACHINES.get(kind)
    if machine is None:
        raise Http404
    first = actions.submission(machine)
    entities = actions.registered_entities(request.user.organization_id) \
        if any(machine.kind_of(f) == wf.ENTITY for f in first.accepts) else []
    if request.method != "POST":
        form = TransitionForm(machine, name=first.name, entities=entities, draft=True)
        return render(request, "services/apply.html", {"machine": machine, "form": form, "kind": kind})
    form = TransitionForm(machine, request.POST, request.FILES, name=first.name, entities=entities, draft=True)
    if form.is_valid():
        try:
            if form.saving:
                case = actions.do_open_case(request.user, kind, form.values())
                _saved(request, case)
            else:
                case = actions.do_file_case(request.user, kind, form.values(), form.uploads())
                messages.success(request, _("已提交，受理编号 %(number)s") % {"number": case.number})
            return redirect("services:case", case_id=case.pk)
        except (wf.TransitionError, uploads.UploadRefused, ValueError) as exc:
            form.refuse(exc)
        except ActionDenied:
            raise PermissionDenied from None
    return render(request, "services/apply.html", {"machine": machine, "form": form, "kind": kind}, status=400)


def _saved(request: HttpRequest, case: Case) -> None:
    messages.success(request, _("已保存草稿 %(number)s，可以继续修改后提交") % {"number": case.number})
    if request.FILES.getlist("files"):
        messages.warning(request, _("保存草稿不保存附件，请在提交时上传"))


def _case_for(request: HttpRequest, case_id: int) -> tuple[Case, set[str]]:
    case = get_object_or_404(Case.objects.select_related("window", "applicant", "assignee"), pk=case_id)
    roles = roles_on(request.user, case)
    if not roles:
        raise PermissionDenied
    return case, roles


def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case, roles = _case_for(request, case_id)
    if request.method == "POST":
        return _act(request, case, roles)
    return _page(request, case, roles)


def _options(case: Case, roles: set[str]) -> list[wf.Transition]:
    machine = MACHINES[case.kind]
    return [t for t in machine.transitions if case.state in t.sources and roles & t.roles and t.roles != {wf.SYSTEM}]


def _form(case: Case, roles: set[str], data: Any = None, files: Any = None, name: str | None = None
          ) -> TransitionForm:
    """A transition's form on the case page: the 备案主体 of the case's organisation, the window's staff, what
    the case holds (its draft's fields shown for editing, cross-field checks)."""
    machine = MACHINES[case.kind]
    name = name or (data.get("transition") if data is not None else None)
    chosen = next((t for t in machine.transitions if t.name == name), None)
    accepts = chosen.accepts if chosen else ()
    kinds = {machine.kind_of(f) for f in accepts}
    entities = actions.registered_entities(case.organization_id) if wf.ENTITY in kinds else []
    staff = list(case.window.staff.values_list("username", flat=True)) if wf.STAFF_MEMBER in kinds else []
    draft = case.state == machine.initial and chosen is not None and chosen.name == actions.submission(machine).name
    return TransitionForm(machine, data, files, name=name, entities=entities, staff=staff, stored=case.fields,
                          draft=draft, initial={f: case.fields[f] for f in accepts if f in case.fields})


def _page(request: HttpRequest, case: Case, roles: set[str], bound: TransitionForm | None = None,
          status: int = 200) -> HttpResponse:
    machine = MACHINES[case.kind]
    options = _options(case, roles)
    if bound is not None and bound.chosen not in options:  # not a form of this page: its refusals as messages
        for errors in bound.errors.values():
            for error in errors:
                messages.error(request, error)
    forms = [bound if bound is not None and bound.chosen is t else _form(case, roles, name=t.name) for t in options]
    clock = actions.clock_of(case)
    watched = trusteeship.watch(case.fields.get("portfolio", ""), timezone.localdate()) \
        if case.kind == "trusteeship" else []
    return render(request, "services/case.html", {
        "watched": watched, "alert_labels": trusteeship.ALERT_LABELS,
        "case": case, "machine": machine, "state_label": machine.states[case.state], "forms": forms,
        "roles": roles, "events": _history(case, machine),
        "standing": wf.STANDING_LABELS[wf.standing(clock, timezone.localdate())],
        # the 承办人 is shown once, from the case itself, beside the applicant
        "field_rows": [(machine.fields.get(k, k), v) for k, v in case.fields.items() if k != "assignee"],
        "can_rate": wf.APPLICANT in roles and actions.rateable(case) and not case.rating}, status=status)


def _history(case: Case, machine: wf.Machine) -> list[dict[str, Any]]:
    labels = {t.name: t.label for t in machine.transitions}
    return [{"at": e.at, "label": labels.get(e.transition, e.transition), "actor": e.actor, "comment": e.comment,
             "state": machine.states.get(e.to_state, e.to_state), "attachments": list(e.attachments.all()),
             "changes": [(machine.fields.get(k, k), v) for k, v in e.changes.items() if k != "comment"]}
            for e in case.events.select_related("actor").prefetch_related("attachments")]


def _act(request: HttpRequest, case: Case, roles: set[str]) -> HttpResponse:
    """A transition, a draft saved, or the rating, from the case page. A refusal shows the page again (400) with
    what was typed and each reason beside its field; a malformed POST (an unknown transition, a field the
    transition does not declare) names what was refused."""
    if request.POST.get("transition") == "rate":
        return _rate(request, case, roles)
    form = _form(case, roles, request.POST, request.FILES)
    if form.is_valid():
        try:
            if form.saving:
                actions.do_save_draft(request.user, case, form.values())
                _saved(request, case)
            else:
                actions.do_transition(request.user, case, form.cleaned_data["transition"], form.values(),
                                      form.uploads())
                messages.success(request, _("已办理"))
            return redirect("services:case", case_id=case.pk)
        except (wf.TransitionError, uploads.UploadRefused, ValueError) as exc:
            form.refuse(exc)
        except ActionDenied:
            raise PermissionDenied from None
    return _page(request, case, roles, bound=form, status=400)


def _rate(request: HttpRequest, case: Case, roles: set[str]) -> HttpResponse:
    form = RateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _page(request, case, roles, status=400)
    try:
        actions.do_rate(request.user, case, form.cleaned_data["score"], form.cleaned_data["comment"])
        messages.success(request, _("感谢您的评价"))
    except wf.TransitionError as exc:
        messages.error(request, str(exc))
    except ActionDenied:
        raise PermissionDenied from None
    return redirect("services:case", case_id=case.pk)


def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    item = get_object_or_404(Attachment.objects.select_related("case__window"), pk=attachment_id)
    if not roles_on(request.user, item.case):
        raise PermissionDenied
    return FileResponse((uploads.folder() / item.stored_as).open("rb"), as_attachment=True, filename=item.name)


def workbench(request: HttpRequest) -> HttpResponse:
    """Staff: the queues of their windows, due soon and overdue first, and the workload per person."""
    _require(request, "services.handle")
    windows = Window.objects.all() if can(request.user, "services.manage") else \
        Window.objects.filter(Q(staff=request.user) | Q(supervisor=request.user)).distinct()
    open_cases = Case.objects.filter(window__in=windows, stopped_on=None).exclude(state="draft") \
        .select_related("window", "assignee", "applicant").order_by("due")
    today = timezone.localdate()
    rows = []
    for case in open_cases[:500]:
        rows.append({"case": case, "standing": wf.standing(actions.clock_of(case), today), "state": MACHINES[case.kind].states[case.state]})
    queues = {
        "unclaimed": [r for r in rows if r["case"].assignee_id is None],
        "mine": [r for r in rows if r["case"].assignee_id == request.user.pk],
        "overdue": [r for r in rows if r["standing"] == wf.OVERDUE],
        "due_soon": [r for r in rows if r["standing"] == wf.DUE_SOON],
    }
    workload = open_cases.exclude(assignee=None).values("assignee__username").annotate(n=Count("pk")).order_by("-n")
    return render(request, "services/workbench.html", {"rows": rows, "queues": queues, "workload": workload,
                                                       "labels": wf.STANDING_LABELS, "windows": windows})


def statistics(request: HttpRequest, feed: FeedIndicatorsForm | None = None, status: int = 200) -> HttpResponse:
    _require(request, "services.handle")
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        start, end = dt.date(today.year, 1, 1), today
    return render(request, "services/statistics.html", {
        "rows": stats.window_stats(start, end), "start": start, "end": end, "fields": stats.preexam_by_field()[:30],
        "entities": stats.preexam_by_entity()[:30], "pledges": stats.pledges(start, end),
        "can_manage": can(request.user, "services.manage"),
        "cities": Region.objects.filter(level=2)
        .order_by("code") if can(request.user, "services.manage") else [],
        "feed": feed or FeedIndicatorsForm(initial={"region": "320300", "year": end.year})}, status=status)


def faq(request: HttpRequest) -> HttpResponse:
    """Public: questions answered by the consult window and published as 常见问题."""
    rows = Case.objects.filter(kind="consult", state="published").order_by("-stopped_on")[:200]
    return render(request, "services/faq.html", {"rows": rows})


def notifications(request: HttpRequest) -> HttpResponse:
    """The user's messages, unread ones marked; reading the page changes nothing (a GET never writes): the button
    posts here to mark them read."""
    if request.method == "POST":
        try:
            actions.do_mark_notifications_read(request.user)
        except ActionDenied:
            raise PermissionDenied from None
        return redirect("services:notifications")
    rows = Notification.objects.filter(user=request.user)[:100]
    return render(request, "services/notifications.html", {"rows": rows})


def unread(request: HttpRequest) -> dict[str, Any]:
    """Context processor: unread service notifications for the top bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user, read_at=None).count()}


def technical_fields(request: HttpRequest) -> HttpResponse:
    """Office: the protection centre's technical fields for pre-examination (IPC codes)."""
    _require(request, "services.manage")
    status = 200
    if request.method == "POST":
        form = TechnicalFieldsForm(request.POST)
        if form.is_valid():
            try:
                saved = actions.do_set_technical_fields(request.user, form.cleaned_data["fields"])
            except wf.TransitionError as exc:
                form.add_error("fields", str(exc))
            else:
                messages.success(request, _("已保存 %(n)d 个技术领域") % {"n": len(saved)})
                return redirect("services:fields")
        status = 400
    else:
        form = TechnicalFieldsForm(initial={"fields": "\n".join(f"{f.ipc} {f.name}".strip()
                                                                for f in TechnicalField.objects.order_by("ipc"))})
    return render(request, "services/fields.html", {"form": form}, status=status)


@require_POST
def feed_indicators(request: HttpRequest) -> HttpResponse:
    _require(request, "services.manage")
    form = FeedIndicatorsForm(request.POST)
    if not form.is_valid():
        return statistics(request, feed=form, status=400)
    region = form.cleaned_data["region"]
    rows = actions.do_feed_indicators(request.user, region, form.cleaned_data["year"])
    messages.success(request, _("已生成 %(n)d 项指标填报，待审核") % {"n": len(rows)})
    city = region.code if region.level == Region.Level.CITY else region.parent_id or region.code
    return redirect(f"/indicators/reported/?city={city}")
