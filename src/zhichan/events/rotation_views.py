"""The office's 轮训 pages (events.manage): the plans with their current coverage, a plan's page (coverage per
district in a cycle, the people not yet trained), the not-yet-trained as Excel, and the plan form."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.core import spreadsheet
from zhichan.core.access import require_page
from zhichan.events import rotation, rotation_actions, rotation_data
from zhichan.events.models import RotationPlan
from zhichan.events.rotation_forms import CycleForm, PlanForm


def current(plan: RotationPlan) -> int:
    return rotation.cycle_index(plan.starts_on, plan.months, timezone.localdate())


def _cycle(request: HttpRequest, plan: RotationPlan) -> int:
    """The cycle asked for (?cycle=n, counted from 1), else the one today falls in (0-based)."""
    form = CycleForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["cycle"]:
        return form.cleaned_data["cycle"] - 1
    return current(plan)


def summaries() -> list[dict[str, Any]]:
    """Every plan with its current cycle's coverage (for the plans list and the training page)."""
    out = []
    for plan in RotationPlan.objects.select_related("region", "talent_list"):
        cov = rotation_data.coverage(plan, current(plan))
        out.append({"plan": plan, "cycle": current(plan) + 1, "coverage": cov})
    return out


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    require_page(request, "events.manage")
    return render(request, "events/rotation_plans.html", {"plans": summaries()})


@login_required
def edit(request: HttpRequest, plan_id: int | None = None) -> HttpResponse:
    require_page(request, "events.manage")
    plan = get_object_or_404(RotationPlan, pk=plan_id) if plan_id else None
    status = 200
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                saved = rotation_actions.do_save_rotation_plan(request.user, plan, form.cleaned_data)
                return redirect("events:rotation", saved.pk)
            except rotation_actions.PlanRefused as refused:
                form.add_error(refused.field if refused.field in form.fields else None, _("请检查填写的内容"))
        status = 400
    else:
        form = PlanForm(initial=PlanForm.initial_from(plan) if plan else None)
    return render(request, "events/rotation_form.html", {"form": form, "plan": plan}, status=status)


@login_required
def detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    require_page(request, "events.manage")
    plan = get_object_or_404(RotationPlan.objects.select_related("region", "talent_list"), pk=plan_id)
    index = _cycle(request, plan)
    cov = rotation_data.coverage(plan, index)
    names = rotation_data.district_names([d.code for d in cov.districts])
    return render(request, "events/rotation_plan.html", {
        "plan": plan, "coverage": cov, "cycle": index + 1, "current": current(plan) + 1,
        "last_day": cov.end - dt.timedelta(days=1),
        "districts": [{"d": d, "name": names.get(d.code, d.code)} for d in cov.districts],
        "untrained": [{"r": r, "district": names.get(r.member.district, r.member.district)}
                      for r in cov.untrained_rows]})


@login_required
def export(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The people not yet trained in the cycle, as Excel (formula-like text neutralised)."""
    require_page(request, "events.manage")
    plan = get_object_or_404(RotationPlan.objects.select_related("region"), pk=plan_id)
    index = _cycle(request, plan)
    cov = rotation_data.coverage(plan, index)
    names = rotation_data.district_names([d.code for d in cov.districts])
    out = io.BytesIO()
    book = spreadsheet.workbook(out)
    sheet = book.add_worksheet(_("未轮训人员"))
    bold = book.add_format({"bold": True})
    spreadsheet.write_row(sheet, 0, 0, [_("区县"), _("区划代码"), _("单位"), _("姓名"), _("本轮学时")], bold)
    for n, row in enumerate(cov.untrained_rows, start=1):
        m = row.member
        spreadsheet.write_row(sheet, n, 0, [names.get(m.district, ""), m.district, m.organization, m.name,
                                            float(row.hours)])
    book.close()
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="rotation-{plan.pk}-cycle-{index + 1}-untrained.xlsx"'
    return response
