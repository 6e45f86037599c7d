"""The credit ledger's office pages: the rule versions (view, draft a new one, edit its rules, publish), grades per
period (compute, 公示), and the 异议 / 信用修复 cases with their steps. An agency user acts on its own cases from
/agencies/mine/ (views_mine.py) and the case page here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.agencies import credit_actions, credit_cases, credit_flow
from zhichan.agencies.forms import CaseStepForm, GradesForm, RuleForm, RuleVersionForm
from zhichan.agencies.models import CreditCase, CreditGrade, CreditRuleVersion
from zhichan.core.access import require_page
from zhichan.core.permissions import can
from zhichan.core.workflow import machine as wf


def _rules_page(request: HttpRequest, status: int = 200, **forms: object) -> HttpResponse:
    versions = CreditRuleVersion.objects.prefetch_related("rules")
    periods = (CreditGrade.objects.values_list("period", flat=True).distinct().order_by("-period"))
    return render(request, "agencies/rules.html", {
        "versions": versions, "current": credit_actions.current_version(), "periods": list(periods)[:10],
        "can_manage": can(request.user, "agencies.manage"),
        "version_form": forms.get("version_form") or RuleVersionForm(),
        "rule_form": forms.get("rule_form") or RuleForm(), "rule_version": forms.get("rule_version"),
        "grades_form": forms.get("grades_form") or GradesForm()}, status=status)


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    require_page(request, "agencies.view")
    return _rules_page(request)


@login_required
@require_POST
def new_version(request: HttpRequest) -> HttpResponse:
    require_page(request, "agencies.manage")
    form = RuleVersionForm(request.POST)
    if not form.is_valid():
        return _rules_page(request, 400, version_form=form)
    credit_actions.do_new_rule_version(request.user, **form.cleaned_data)
    return redirect("agencies:rules")


@login_required
@require_POST
def save_rule(request: HttpRequest, version_id: int) -> HttpResponse:
    require_page(request, "agencies.manage")
    version = get_object_or_404(CreditRuleVersion, pk=version_id)
    form = RuleForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            credit_actions.do_save_rule(request.user, version, data.pop("code"), data)
            return redirect("agencies:rules")
        except ValueError:
            form.add_error(None, _("已发布的版本不能修改"))
    return _rules_page(request, 400, rule_form=form, rule_version=version)


@login_required
@require_POST
def publish_version(request: HttpRequest, version_id: int) -> HttpResponse:
    require_page(request, "agencies.manage")
    version = get_object_or_404(CreditRuleVersion, pk=version_id)
    try:
        job = credit_actions.do_publish_rule_version(request.user, version)
    except ValueError:
        return redirect("agencies:rules")
    return redirect("job-detail", job.pk)


@login_required
@require_POST
def publish_grades(request: HttpRequest) -> HttpResponse:
    require_page(request, "agencies.manage")
    form = GradesForm(request.POST)
    if not form.is_valid():
        return _rules_page(request, 400, grades_form=form)
    credit_actions.do_publish_grades(request.user, form.cleaned_data["period"])
    return redirect("agencies:rules")


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    require_page(request, "agencies.view")
    rows = CreditCase.objects.select_related("agency", "event").order_by("-created_at")[:200]
    return render(request, "agencies/cases.html", {"cases": [
        {"case": c, "label": credit_flow.MACHINES[c.kind].label,
         "state": credit_flow.MACHINES[c.kind].states.get(c.state, c.state)} for c in rows]})


@login_required
def case_detail(request: HttpRequest, case_id: int, form: CaseStepForm | None = None,
                status: int = 200) -> HttpResponse:
    case = get_object_or_404(CreditCase.objects.select_related("agency", "event"), pk=case_id)
    roles = credit_cases.roles_on(request.user, case)
    if not roles:
        raise PermissionDenied
    machine = credit_flow.MACHINES[case.kind]
    available = [t for role in (wf.STAFF, wf.APPLICANT) if role in roles for t in machine.available(case.state, role)]
    return render(request, "agencies/case.html", {
        "case": case, "machine": machine, "state": machine.states.get(case.state, case.state),
        "available": available, "form": form or CaseStepForm(), "steps": case.steps.select_related("actor"),
        "fields": [(machine.fields.get(k, k), v) for k, v in case.fields.items()]}, status=status)


@login_required
@require_POST
def case_step(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(CreditCase, pk=case_id)
    form = CaseStepForm(request.POST)
    if not form.is_valid():
        return case_detail(request, case_id, form, 400)
    machine = credit_flow.MACHINES[case.kind]
    name = form.cleaned_data["transition"]
    try:
        transition = machine.transition(name)
        fields = {f: form.cleaned_data["text"] for f in transition.fields}
        credit_cases.do_transition(request.user, case, name, fields)
    except wf.TransitionError as exc:
        form.add_error("text", str(exc))
        return case_detail(request, case_id, form, 400)
    return redirect("agencies:case", case.pk)
