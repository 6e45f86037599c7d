"""双随机、一公开 pages. Office (inspections.manage): plans, the pool and recusals, a plan's draw and publication.
Inspectors: the inspections they were drawn for, where they record findings. Public (一公开): the published
results with each plan's seed, so anyone can re-run the draw."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.agencies import inspection_actions as actions
from zhichan.agencies.inspection_forms import (
    ConfirmForm,
    DeclareForm,
    DrawForm,
    FindingsForm,
    PlanForm,
    PoolForm,
    RectificationForm,
    RecusalForm,
)
from zhichan.agencies.inspection_models import Inspection, InspectionPlan, InspectorPoolMember, Recusal
from zhichan.core.access import require_page
from zhichan.core.permissions import can

MANAGE = actions.MANAGE


def plans(request: HttpRequest) -> HttpResponse:
    """The plans with their state and deadline (overdue ones flagged), and the form for a new plan."""
    require_page(request, MANAGE)
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.do_create_plan(request.user, **form.values())
            messages.success(request, _("已建立抽查计划"))
            return redirect("supervision:plan", plan_id=plan.pk)
        except actions.InspectionError as exc:
            form.add_error(None, str(exc))
    overdue = set(actions.overdue().values_list("pk", flat=True))
    rows = InspectionPlan.objects.annotate(n=Count("inspections"))
    return render(request, "inspections/plans.html", {"plans": rows, "overdue": overdue, "form": form},
                  status=400 if request.method == "POST" else 200)


def pool(request: HttpRequest) -> HttpResponse:
    """The inspector pool (执法检查人员名录库) and the recorded recusals."""
    require_page(request, MANAGE)
    pool_form, recusal_form = PoolForm(prefix="pool"), RecusalForm(prefix="recusal")
    if request.method == "POST":
        if "pool-user" in request.POST:
            pool_form = PoolForm(request.POST, prefix="pool")
            if pool_form.is_valid():
                return _change_pool(request, pool_form)
        else:
            recusal_form = RecusalForm(request.POST, prefix="recusal")
            if recusal_form.is_valid():
                data = recusal_form.cleaned_data
                actions.do_add_recusal(request.user, data["inspector"], data["agency"], data["reason"], data["note"])
                messages.success(request, _("已记录回避"))
                return redirect("supervision:pool")
    return render(request, "inspections/pool.html", {
        "members": InspectorPoolMember.objects.select_related("user", "user__organization"),
        "recusals": Recusal.objects.select_related("inspector", "agency"),
        "pool_form": pool_form, "recusal_form": recusal_form}, status=400 if request.method == "POST" else 200)


def _change_pool(request: HttpRequest, form: PoolForm) -> HttpResponse:
    user = form.cleaned_data["user"]
    try:
        if form.cleaned_data["remove"]:
            actions.do_remove_inspector(request.user, user)
            messages.success(request, _("已将 %(name)s 移出名录库") % {"name": user.username})
        else:
            actions.do_add_inspector(request.user, user, form.cleaned_data["note"])
            messages.success(request, _("已将 %(name)s 加入名录库") % {"name": user.username})
    except actions.InspectionError as exc:
        messages.error(request, str(exc))
    return redirect("supervision:pool")


def _plan_page(request: HttpRequest, plan: InspectionPlan, draw_form: DrawForm | None = None,
               status: int = 200) -> HttpResponse:
    inspections = plan.inspections.select_related("agency").prefetch_related("inspectors")
    return render(request, "inspections/plan.html", {
        "plan": plan, "inspections": inspections, "draw_form": draw_form or DrawForm(),
        "publish_form": ConfirmForm(), "overdue": actions.overdue().filter(pk=plan.pk).exists(),
        "scope_count": actions.scope(plan).count(), "pool_count": actions.pool().count(),
        "pending": sum(1 for i in inspections if i.result == Inspection.Result.PENDING)}, status=status)


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    require_page(request, MANAGE)
    return _plan_page(request, get_object_or_404(InspectionPlan, pk=plan_id))


@require_POST
def draw(request: HttpRequest, plan_id: int) -> HttpResponse:
    require_page(request, MANAGE)
    plan = get_object_or_404(InspectionPlan, pk=plan_id)
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            plan = actions.do_draw(request.user, plan, form.cleaned_data["seed"] or None)
            messages.success(request, _("已抽取，随机种子 %(seed)s") % {"seed": plan.seed})
            return redirect("supervision:plan", plan_id=plan.pk)
        except actions.InspectionError as exc:
            form.add_error(None, str(exc))
    return _plan_page(request, plan, draw_form=form, status=400)


@require_POST
def publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    require_page(request, MANAGE)
    plan = get_object_or_404(InspectionPlan, pk=plan_id)
    if ConfirmForm(request.POST).is_valid():
        try:
            actions.do_publish_results(request.user, plan)
            messages.success(request, _("已公开抽查结果"))
        except actions.InspectionError as exc:
            messages.error(request, str(exc))
    return redirect("supervision:plan", plan_id=plan.pk)


def mine(request: HttpRequest) -> HttpResponse:
    """The inspections the signed-in user was drawn for; a pool member declares a conflict here (回避申报)."""
    rows = Inspection.objects.filter(inspectors=request.user).select_related("plan", "agency")
    in_pool = InspectorPoolMember.objects.filter(user=request.user, active=True).exists()
    form = DeclareForm(request.POST or None) if in_pool else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            actions.do_add_recusal(request.user, request.user, form.cleaned_data["agency"], Recusal.Reason.DECLARED,
                                   form.cleaned_data["note"])
            messages.success(request, _("已记录回避申报"))
            return redirect("supervision:mine")
    declared = Recusal.objects.filter(inspector=request.user).select_related("agency") if in_pool else []
    return render(request, "inspections/mine.html", {"inspections": rows, "form": form, "declared": declared},
                  status=400 if request.method == "POST" else 200)


def inspection(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """One drawn agency: findings and rectification, by the office or one of the inspectors drawn for it."""
    item = get_object_or_404(Inspection.objects.select_related("plan", "agency"), pk=inspection_id)
    if not (can(request.user, MANAGE) or item.inspectors.filter(pk=request.user.pk).exists()):
        raise PermissionDenied
    findings = FindingsForm(initial={"findings": item.findings, "result": item.result or None,
                                     "inspected_on": item.inspected_on or timezone.localdate()}, prefix="f")
    rectification = RectificationForm(initial={"due": item.rectification_due, "rectification": item.rectification},
                                      prefix="r")
    if request.method == "POST":
        done, findings, rectification = _record(request, item, findings, rectification)
        if done:
            return redirect("supervision:inspection", inspection_id=item.pk)
    return render(request, "inspections/inspection.html", {
        "item": item, "inspectors": item.inspectors.all(), "findings_form": findings,
        "rectification_form": rectification, "can_manage": can(request.user, MANAGE)},
        status=400 if request.method == "POST" else 200)


def _record(request: HttpRequest, item: Inspection, findings: Any, rectification: Any) -> tuple[bool, Any, Any]:
    try:
        if "f-findings" in request.POST:
            findings = FindingsForm(request.POST, prefix="f")
            if findings.is_valid():
                d = findings.cleaned_data
                actions.do_record_findings(request.user, item, d["findings"], d["result"], d["inspected_on"])
                messages.success(request, _("已记录检查情况"))
                return True, findings, rectification
        else:
            rectification = RectificationForm(request.POST, prefix="r")
            if rectification.is_valid():
                d = rectification.cleaned_data
                actions.do_set_rectification(request.user, item, d["due"], d["rectification"], d["result"] or None)
                messages.success(request, _("已记录整改"))
                return True, findings, rectification
    except actions.InspectionError as exc:
        (findings if "f-findings" in request.POST else rectification).add_error(None, str(exc))
    return False, findings, rectification


def public_results(request: HttpRequest) -> HttpResponse:
    """一公开: every published plan with its seed and the result of each inspection."""
    published = Inspection.objects.filter(published=True).select_related("agency").order_by("agency__name")
    rows = (InspectionPlan.objects.filter(state=InspectionPlan.State.PUBLISHED)
            .prefetch_related(Prefetch("inspections", queryset=published)))
    query = request.GET.get("q", "").strip()[:100]
    if query:
        rows = rows.filter(Q(name__contains=query) | Q(inspections__agency__name__contains=query)).distinct()
    return render(request, "inspections/public.html", {"plans": rows, "q": query})
