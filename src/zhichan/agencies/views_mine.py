"""An agency's own page (agencies.report): its registry facts and status, the annual reports it owes and has filed
(the form files one), its credit file with an objection or repair request per event, and its cases. The agency is
found through the user's verified organisation's 统一社会信用代码."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.agencies import annual, annual_actions, credit_cases, credit_flow, registry
from zhichan.agencies.forms import AnnualReportForm, CaseOpenForm
from zhichan.agencies.models import Agency, CreditEvent
from zhichan.core.access import require_page
from zhichan.core.workflow import machine as wf


def _page(request: HttpRequest, agency: Agency | None, status: int = 200, **forms: Any) -> HttpResponse:
    context: dict[str, Any] = {"agency": agency}
    if agency is not None:
        today = timezone.localdate()
        start = annual_actions.first_year(agency)
        due = annual.due_reports(start, annual_actions.filed_days(agency), today) if start else []
        context.update({
            "due": due, "reports": agency.annual_reports.all(), "listings": agency.listings.all(),
            "events": agency.credit_events.filter(public=True),
            "cases": [{"case": c, "label": credit_flow.MACHINES[c.kind].label,
                       "state": credit_flow.MACHINES[c.kind].states.get(c.state, c.state)}
                      for c in agency.credit_cases.all()],
            "report_form": forms.get("report_form") or AnnualReportForm(initial={"year": due[0] if due else
                                                                                  today.year - 1}),
            "case_form": forms.get("case_form") or CaseOpenForm()})
    return render(request, "agencies/mine.html", context, status=status)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    require_page(request, "agencies.report")
    return _page(request, registry.agency_of(request.user))


@login_required
@require_POST
def file_report(request: HttpRequest) -> HttpResponse:
    require_page(request, "agencies.report")
    agency = registry.agency_of(request.user)
    if agency is None:
        raise PermissionDenied
    form = AnnualReportForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        year = data.pop("year")
        try:
            annual_actions.do_file_annual_report(request.user, agency, year, data)
            return redirect("agencies:mine")
        except annual_actions.NotInWindow:
            form.add_error("year", _("该年度的年度报告自次年 3 月 1 日起报送"))
    return _page(request, agency, 400, report_form=form)


@login_required
@require_POST
def open_case(request: HttpRequest) -> HttpResponse:
    require_page(request, "agencies.report")
    agency = registry.agency_of(request.user)
    if agency is None:
        raise PermissionDenied
    form = CaseOpenForm(request.POST)
    if form.is_valid():
        event = CreditEvent.objects.filter(pk=form.cleaned_data["event"], agency=agency).first()
        kind = form.cleaned_data["kind"]
        if event is None:
            form.add_error(None, _("没有这条信用记录"))
        else:
            field = "reason" if kind == credit_flow.OBJECTION else "measures"
            try:
                case = credit_cases.do_open_case(request.user, kind, event, {field: form.cleaned_data["text"]})
                return redirect("agencies:case", case.pk)
            except wf.TransitionError as exc:
                form.add_error("text", str(exc))
    return _page(request, agency, 400, case_form=form)
