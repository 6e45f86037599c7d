"""Risk-report pages: /protection/reports/ (the reports the user may read; the office drafts a new one there),
a report's page (its figures; the office edits the recommendations of a draft and issues it) and its DOCX.
Signed-in users only; what each reads is decided by report_actions.visible."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichan.core.permissions import can
from zhichan.core.workflow.machine import TransitionError
from zhichan.protection import report_actions, report_docx, report_gather
from zhichan.protection.models import RiskReport
from zhichan.protection.report_forms import DraftForm, IssueForm, RecommendationsForm, quarter_label
from zhichan.protection.riskfigures import Quarter

# The figures' labels (written in Chinese by the pure riskfigures.py for the DOCX, an official text) as the page
# shows them, translatable; tests check they cover the pure module's labels.
PAGE_LABELS = {
    "3年以下": gettext_lazy("3年以下"), "3—5年": gettext_lazy("3—5年"), "5—10年": gettext_lazy("5—10年"),
    "10—15年": gettext_lazy("10—15年"), "15年及以上": gettext_lazy("15年及以上"), "1年以下": gettext_lazy("1年以下"),
    "1—3年": gettext_lazy("1—3年"), "10年及以上": gettext_lazy("10年及以上"),
    "expiring": gettext_lazy("12个月内届满"), "terminated": gettext_lazy("年费未缴或权利终止"),
    "invalidation": gettext_lazy("无效宣告"), "pledged": gettext_lazy("质押中"),
}


def _labelled(rows: list) -> list[tuple[str, int]]:
    return [(str(PAGE_LABELS.get(label, label)), n) for label, n in rows]


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    manage = can(request.user, report_actions.MANAGE)
    form = DraftForm(request.POST or None) if manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            subject = report_gather.enterprise(d["organization"], d["name"]) if d["kind"] == "enterprise" \
                else report_gather.industry(d["area"], d["sei"])
            try:
                report, new = report_actions.do_draft_risk_report(request.user, subject, Quarter.parse(d["period"]))
                if not new:
                    messages.info(request, _("该对象本季度的报告已存在"))
                return redirect("protection:report", report_id=report.pk)
            except TransitionError as exc:
                form.add_error(None, str(exc))
    return render(request, "protection/reports.html", {
        "reports": report_actions.visible(request.user).select_related("organization"), "form": form,
        "manage": manage}, status=400 if request.method == "POST" else 200)


def _report(request: HttpRequest, report_id: int) -> RiskReport:
    report = report_actions.visible(request.user).filter(pk=report_id).select_related("organization").first()
    if report is None:
        raise Http404
    return report


@login_required
def report_page(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    manage = can(request.user, report_actions.MANAGE)
    draft = manage and report.state == RiskReport.State.DRAFT
    edit = RecommendationsForm(request.POST if "recommendations" in request.POST else None,
                               initial={"recommendations": report.recommendations}) if draft else None
    issue = IssueForm(request.POST if "confirm" in request.POST else None) if draft else None
    if request.method == "POST":
        if not draft or edit is None or issue is None:
            raise PermissionDenied
        try:
            if "recommendations" in request.POST and edit.is_valid():
                report_actions.do_edit_recommendations(request.user, report, edit.cleaned_data["recommendations"])
                messages.success(request, _("对策建议已保存"))
                return redirect("protection:report", report_id=report.pk)
            if "confirm" in request.POST and issue.is_valid():
                report_actions.do_issue_risk_report(request.user, report)
                messages.success(request, _("报告已发布"))
                return redirect("protection:report", report_id=report.pk)
        except TransitionError as exc:
            (edit if "recommendations" in request.POST else issue).add_error(None, str(exc))
    f = report.figures
    return render(request, "protection/report.html", {
        "report": report, "f": f, "edit": edit, "issue": issue, "period_label": quarter_label(report.period),
        "age": _labelled(f["health"]["age"]), "remaining": _labelled(f["health"]["remaining"]),
        "at_risk": [{**r, "labels": [str(PAGE_LABELS[x]) for x in r["risks"]]} for r in f.get("at_risk", [])],
        "lines": [line for line in report.recommendations.split("\n") if line.strip()]},
        status=400 if request.method == "POST" else 200)


@login_required
def report_file(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(request, report_id)
    response = HttpResponse(report_docx.docx(report), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    name = f"risk-report-{report.period}-{report.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
