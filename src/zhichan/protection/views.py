"""Protection pages. Public (/protection/): how to file a complaint or ask for overseas guidance, the form
(anonymous allowed for a report, limited per address and hour), the follow-up by number and query code. Office
(/protection/office/, protection.handle): the case list with clocks, a new case, a case's page (clock, parties,
panel, hearing, evidence, the transitions the engine offers, suspension, extension), the decision as DOCX, and the
statistics per period (protection.manage feeds the indicators)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N
from django.views.decorators.http import require_POST

from zhichan.core.access import require_page
from zhichan.core.models import Region
from zhichan.core.permissions import PermissionDenied as ActionDenied
from zhichan.core.permissions import can
from zhichan.core.workflow import machine as wf
from zhichan.patents.models import Application
from zhichan.protection import actions, decision, flow, publish_actions, stats
from zhichan.protection.forms import (
    ActionForm,
    AssignForm,
    EvidenceForm,
    FeedForm,
    FollowForm,
    NewCaseForm,
    PanelForm,
    PeriodForm,
    PublicForm,
    PublishForm,
    ReasonForm,
)
from zhichan.protection.models import DisputeCase
from zhichan.services.uploads import UploadRefused


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def index(request: HttpRequest) -> HttpResponse:
    """How to file: the kinds of cases, their time limits, where to go."""
    kinds = [{"label": actions.kind(code).machine.label,
              "limits": [limit.source for limit in actions.kind(code).limits.values()]} for code in flow.KIND_ORDER]
    return render(request, "protection/index.html", {"kinds": kinds})


def _patents(form: Any) -> list[Application] | None:
    """The applications the form names, or None (with the form's error) when the platform lacks one."""
    found = list(Application.objects.filter(key__in=form.keys()))
    missing = sorted(set(form.keys()) - {a.key for a in found})
    if missing:
        form.add_error("patents", _("平台未收录：%(keys)s") % {"keys": "、".join(missing)})
        return None
    return found


def file_case(request: HttpRequest) -> HttpResponse:
    form = PublicForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (patents := _patents(form)) is not None:
        d = form.cleaned_data
        try:
            case, code = actions.do_file_case(
                request.user, d["kind"], title=d["title"], fields=form.fields_for_case(), parties=form.parties(),
                patents=patents if d["kind"] != flow.REPORT else [], trademarks=d["trademarks"],
                anonymous=d["anonymous"], contact_name=d["contact_name"], contact=d["contact"],
                address=_address(request))
        except actions.TooManyComplaints as exc:
            form.add_error(None, str(exc))
            return render(request, "protection/form.html", {"form": form}, status=429)
        except wf.TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "protection/filed.html", {"case": case, "code": code})
    return render(request, "protection/form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST or None)
    case = None
    if request.method == "POST" and form.is_valid():
        case = actions.find(form.cleaned_data["number"], form.cleaned_data["code"])
        if case is None:
            form.add_error(None, _("编号或查询码不正确"))
    return render(request, "protection/follow.html", {
        "form": form, "case": case, "state": _state(case) if case else "", "steps": _steps(case) if case else []},
        status=400 if request.method == "POST" and case is None else 200)


def _state(case: DisputeCase) -> str:
    return actions.kind(case.kind).machine.states.get(case.state, case.state)


STEP_LABELS = {"pause": N("中止"), "resume": N("恢复"), "extend": N("延长期限"), "panel": N("组成合议组"), "assign": N("指定承办人")}
PUBLIC_FIELDS = ("reason", "finding", "decision", "agreement", "advice", "hearing_on")


def _steps(case: DisputeCase, *, office: bool = False) -> list[dict[str, Any]]:
    m = actions.kind(case.kind).machine
    labels = {**{t.name: t.label for t in m.transitions}, **STEP_LABELS}
    return [{"on": s.on, "label": labels.get(s.transition, s.transition), "state": m.states.get(s.to_state, ""),
             "actor": s.actor.username if office and s.actor else "",
             "fields": [(m.fields.get(k, k), v) for k, v in s.fields.items()
                        if office and k not in ("title",) or k in PUBLIC_FIELDS]}
            for s in case.steps.select_related("actor")]


@login_required
def office_list(request: HttpRequest) -> HttpResponse:
    require_page(request, actions.HANDLE)
    rows = DisputeCase.objects.select_related("handler")
    kind = request.GET.get("kind", "")
    today = timezone.localdate()
    if request.GET.get("open", "1") == "1":
        rows = rows.filter(stopped_on=None)
    elif request.GET.get("open") == "overdue":
        rows = actions.overdue(today).select_related("handler")
    if kind in DisputeCase.Kind.values:
        rows = rows.filter(kind=kind)
    listed = [{"c": c, "state": _state(c), "standing": wf.standing(wf.Clock.of(c), today)} for c in rows[:500]]
    for row in listed:
        row["standing_label"] = wf.STANDING_LABELS[row["standing"]]
    return render(request, "protection/list.html", {"rows": listed, "kind": kind, "kinds": DisputeCase.Kind.choices,
                                                    "open": request.GET.get("open", "1"),
                                                    "overdue_count": actions.overdue(today).count(),
                                                    "can_manage_risks": can(request.user, actions.MANAGE)})


@login_required
def office_new(request: HttpRequest) -> HttpResponse:
    require_page(request, actions.HANDLE)
    form = NewCaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        found = _patents(form)
        if found is not None:
            try:
                case, _code = actions.do_file_case(
                    request.user, d["kind"], title=d["title"], fields=form.fields_for_case(),
                    parties=[("requester", d["requester"]), ("respondent", d["respondent"])], patents=found,
                    trademarks=d["trademarks"], files=d["files"])
                return redirect("protection:case", case_id=case.pk)
            except (wf.TransitionError, UploadRefused) as exc:
                form.add_error(None, str(exc))
    return render(request, "protection/new.html", {"form": form}, status=400 if request.method == "POST" else 200)


def _case_forms(case: DisputeCase, roles: set[str], bound: Any = None) -> list[ActionForm]:
    m = actions.kind(case.kind).machine
    acting = roles - {wf.APPLICANT} if roles & {wf.STAFF, wf.SUPERVISOR} else roles
    return [bound if bound is not None and bound.chosen is t else ActionForm(m, t.name)
            for t in m.transitions if case.state in t.sources and t.roles & acting]


OPS = ("panel", "pause", "resume", "extend", "assign", "evidence", "publish")


def _other_op(request: HttpRequest, case: DisputeCase, op: str) -> tuple[str, Any]:
    """Run one of the non-transition operations; returns (op, its bound form when refused)."""
    forms_by_op = {"panel": PanelForm, "pause": ReasonForm, "resume": ReasonForm, "extend": ReasonForm,
                   "evidence": EvidenceForm, "publish": PublishForm}
    if op == "assign":
        form: Any = AssignForm(request.POST, handlers=actions.handlers().values_list("username", flat=True),
                               prefix=op)
    else:
        form = forms_by_op[op](request.POST, request.FILES, prefix=op)
    if not form.is_valid():
        return op, form
    d = form.cleaned_data
    try:
        if op == "panel":
            actions.do_set_panel(request.user, case, form.rows(), d["chief"].strip())
        elif op == "pause":
            actions.do_pause(request.user, case, d["reason"])
        elif op == "resume":
            actions.do_resume(request.user, case, d["reason"])
        elif op == "extend":
            actions.do_extend(request.user, case, d["reason"])
        elif op == "assign":
            actions.do_assign(request.user, case, d["assignee"])
        elif op == "publish":
            publish_actions.do_publish_notice(request.user, case, d["publish"])
        else:
            actions.do_add_evidence(request.user, case, d["file"])
    except (wf.TransitionError, UploadRefused) as exc:
        form.add_error(None, str(exc))
        return op, form
    return op, None


@login_required
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(DisputeCase.objects.select_related("handler", "reporter"), pk=case_id)
    roles = actions.roles_on(request.user, case)
    if not roles:
        raise PermissionDenied
    office = bool(roles & {wf.STAFF, wf.SUPERVISOR})
    m = actions.kind(case.kind).machine
    bound, refused = None, {}
    try:
        if request.method == "POST" and request.POST.get("op") in OPS:
            if not office and request.POST["op"] != "evidence":  # the filer may add evidence, nothing else
                raise PermissionDenied
            op, form = _other_op(request, case, request.POST["op"])
            if form is None:
                messages.success(request, _("已办理"))
                return redirect("protection:case", case_id=case.pk)
            refused[op] = form
        elif request.method == "POST":
            name = request.POST.get("transition", "")
            t = next((t for t in m.transitions if t.name == name and case.state in t.sources and roles & t.roles),
                     None)
            if t is None:
                messages.error(request, _("这个操作现在不能办理"))
            else:
                bound = ActionForm(m, t.name, request.POST)
                if bound.is_valid():
                    try:
                        actions.do_transition(request.user, case, t.name, bound.values())
                        messages.success(request, _("已办理：%(step)s") % {"step": _(t.label)})
                        return redirect("protection:case", case_id=case.pk)
                    except wf.FieldErrors as exc:
                        for field, reason in exc.errors.items():
                            bound.add_error(field if field in bound.fields else None, reason)
                    except wf.TransitionError as exc:
                        bound.add_error(None, str(exc))
    except ActionDenied:
        raise PermissionDenied from None
    case.refresh_from_db()
    return render(request, "protection/case.html", _case_context(request, case, roles, office, bound, refused),
                  status=400 if request.method == "POST" else 200)


def _case_context(request: HttpRequest, case: DisputeCase, roles: set[str], office: bool, bound: Any,
                  refused: dict[str, Any]) -> dict[str, Any]:
    k = actions.kind(case.kind)
    today = timezone.localdate()
    served = case.fields.get("served_on")
    handlers = actions.handlers().values_list("username", flat=True)
    manage = can(request.user, actions.MANAGE)
    return {
        "case": case, "state": _state(case), "office": office, "manage": manage,
        "standing": wf.STANDING_LABELS[wf.standing(wf.Clock.of(case), today)],
        "show_reporter": actions.reporter_visible(request.user, case),
        "defence_due": flow.clocks.due(dt.date.fromisoformat(served), flow.DEFENCE) if served else None,
        "serve_due": flow.clocks.due(case.accepted_on, flow.SERVE) if case.accepted_on and k.panel else None,
        "limits": [limit.source for limit in k.limits.values()] + ([k.extension.source] if k.extension else []),
        "forms": _case_forms(case, roles, bound), "steps": _steps(case, office=office),
        "parties": case.parties.all(), "patents": case.patents.all(), "evidence": case.evidence.all(),
        "trademarks": case.trademarks.all(),
        "publish_form": PublishForm(initial={"publish": "0" if case.published_on else "1"}, prefix="publish")
        if manage and case.kind == flow.ECOMMERCE and case.state not in publish_actions.UNHANDLED else None,
        "publish_refused": refused.get("publish"),
        "typical_link": manage and case.closed_on is not None,
        "panel": case.panel.select_related("user__organization") if k.panel else None,
        "panel_form": refused.get("panel") or PanelForm(prefix="panel") if office and manage and k.panel and not case.stopped_on
        else None,
        "pause_form": refused.get("pause") or ReasonForm(prefix="pause") if office and case.due and not case.paused_on
        and not case.stopped_on else None,
        "resume_form": refused.get("resume") or ReasonForm(prefix="resume") if office and case.paused_on else None,
        "extend_form": refused.get("extend") or ReasonForm(prefix="extend") if manage and k.extension and not case.extended
        and case.accepted_on and not case.stopped_on else None,
        "assign_form": refused.get("assign") or AssignForm(handlers=handlers, prefix="assign") if manage and not case.stopped_on
        else None,
        "evidence_form": refused.get("evidence") or EvidenceForm(prefix="evidence") if roles and not case.stopped_on
        else None,
        "decision": office and case.kind == flow.ADJUDICATION and case.state == "decided",
    }


@login_required
def decision_docx(request: HttpRequest, case_id: int) -> HttpResponse:
    require_page(request, actions.HANDLE)
    case = get_object_or_404(DisputeCase, pk=case_id, kind=flow.ADJUDICATION, state="decided")
    response = HttpResponse(decision.docx(case), content_type="application/vnd.openxmlformats-officedocument."
                                                                "wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="{case.number}.docx"'
    return response


def _period(request: HttpRequest) -> tuple[PeriodForm, dt.date, dt.date]:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    if request.GET and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    start = dt.date(today.year, 1, 1)
    return PeriodForm(initial={"start": start, "end": today}), start, today


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    require_page(request, actions.HANDLE)
    form, start, end = _period(request)
    rows = [(label, stats.period(start, end, [code])) for code, label in DisputeCase.Kind.choices]
    objects = [(_("专利"), stats.by_object(start, end, stats.PATENT)),
               (_("商标"), stats.by_object(start, end, stats.TRADEMARK))]
    return render(request, "protection/stats.html", {
        "form": form, "start": start, "end": end, "rows": rows, "total": stats.period(start, end),
        "objects": objects,
        "feed": FeedForm(initial={"year": end.year}) if can(request.user, actions.MANAGE) else None},
        status=400 if request.GET and not form.is_valid() else 200)


@login_required
@require_POST
def feed(request: HttpRequest) -> HttpResponse:
    require_page(request, actions.MANAGE)
    form = FeedForm(request.POST)
    region = Region.objects.filter(code=request.POST.get("region", "")).first()
    if not form.is_valid() or region is None:
        messages.error(request, _("请填写已有的地区代码和年度"))
        return redirect("protection:stats")
    rows = actions.do_feed_indicators(request.user, region, form.cleaned_data["year"])
    messages.success(request, _("已生成 %(n)s 项指标填报草稿") % {"n": len(rows)})
    return redirect("protection:stats")


@login_required
def risks(request: HttpRequest) -> HttpResponse:
    from zhichan.protection import risks as risk_board
    from zhichan.protection.models import WatchEvent

    require_page(request, actions.MANAGE)
    kinds = WatchEvent.Kind.choices
    rows = [(r, [r.by_kind.get(code, 0) for code, _label in kinds]) for r in risk_board.per_district()]
    return render(request, "protection/risks.html", {"rows": rows, "kinds": kinds, "top": risk_board.top_open()})
