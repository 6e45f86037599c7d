"""After the review: the office's decision page (approve, 公示, objections, reconsideration, publication), the
public call, 公示 and results pages, and a funded project's page (tranches, progress, acceptance, 绩效评价, the
report as DOCX)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhichan.core.access import require_page
from zhichan.core.permissions import can
from zhichan.projects import (
    actions,
    funding_actions,
    outcome,
    outcome_navigation,
    performance,
    report,
    score_actions,
)
from zhichan.projects import forms_outcome as fo
from zhichan.projects import outcome_actions as oa
from zhichan.projects.models import Award, Call, Decision, Objection
from zhichan.projects.views import _put_errors

# ---- the office's decision -------------------------------------------------------------------------------------

def _decision_page(request: HttpRequest, call: Call, form: Any = None, status: int = 200, error: str = ""
                   ) -> HttpResponse:
    decision = Decision.objects.filter(call=call).first()
    rows = score_actions.results(call.review) if decision is None else []
    form = form or (fo.approve_form(rows)() if decision is None else None)
    return render(request, "projects/decision.html", {
        "call": call, "decision": decision, "form": form, "error": error,
        "rows": [{**r, "field": form[f"amount_{r['application'].pk}"]} for r in rows] if form else [],
        # one form per row, each with its own element ids (auto_id), the field names unchanged
        "awards": [{"a": a, "form": fo.ReconsiderForm(auto_id=f"award{a.pk}_%s")}
                   for a in decision.awards.select_related("application__organization")] if decision else [],
        "objections": [{"o": o, "form": fo.AnswerForm(auto_id=f"objection{o.pk}_%s")}
                       for o in decision.objections.select_related("award__application")] if decision else [],
        "over": decision is not None and decision.publicity_end is not None
        and outcome.publicity_over(decision.publicity_end, timezone.localdate())}, status=status)


@login_required
def decision(request: HttpRequest, call_id: int) -> HttpResponse:
    require_page(request, "projects.manage")
    call = get_object_or_404(Call.objects.select_related("review"), pk=call_id, review__isnull=False)
    if request.method == "POST":
        if Decision.objects.filter(call=call).exists():
            return _decision_page(request, call, status=400)
        form = fo.approve_form(score_actions.results(call.review))(request.POST)
        if form.is_valid():
            try:
                oa.do_approve(request.user, call, form.amounts(), form.cleaned_data["note"])
                return redirect("projects:decision", call.pk)
            except actions.Refused as refused:
                _put_errors(form, refused)
        return _decision_page(request, call, form, 400)
    return _decision_page(request, call)


@login_required
@require_POST
def decision_step(request: HttpRequest, call_id: int) -> HttpResponse:
    require_page(request, "projects.manage")
    decision = get_object_or_404(Decision.objects.select_related("call"), call_id=call_id)
    form = fo.StepForm(request.POST)
    if not form.is_valid():
        return _decision_page(request, decision.call, status=400)
    try:
        if form.cleaned_data["step"] == "publicity":
            oa.do_start_publicity(request.user, decision)
        else:
            oa.do_publish_results(request.user, decision)
    except actions.Refused as refused:
        return _decision_page(request, decision.call, status=400, error=str(refused))
    return redirect("projects:decision", call_id)


@login_required
@require_POST
def objection_answer(request: HttpRequest, objection_id: int) -> HttpResponse:
    require_page(request, "projects.manage")
    objection = get_object_or_404(Objection.objects.select_related("decision__call"), pk=objection_id)
    form = fo.AnswerForm(request.POST)
    if form.is_valid():
        try:
            oa.do_answer_objection(request.user, objection, form.cleaned_data["upheld"], form.cleaned_data["answer"])
            return redirect("projects:decision", objection.decision.call_id)
        except actions.Refused as refused:
            return _decision_page(request, objection.decision.call, status=400, error=str(refused))
    return _decision_page(request, objection.decision.call, status=400, error=str(form.errors.as_text()))


@login_required
@require_POST
def award_reconsider(request: HttpRequest, award_id: int) -> HttpResponse:
    require_page(request, "projects.manage")
    award = get_object_or_404(Award.objects.select_related("decision__call", "application"), pk=award_id)
    form = fo.ReconsiderForm(request.POST)
    if form.is_valid():
        try:
            oa.do_reconsider(request.user, award, form.cleaned_data["fund"], form.cleaned_data["amount"])
            return redirect("projects:decision", award.decision.call_id)
        except actions.Refused as refused:
            return _decision_page(request, award.decision.call, status=400, error=str(refused))
    return _decision_page(request, award.decision.call, status=400, error=str(form.errors.as_text()))


# ---- public pages ----------------------------------------------------------------------------------------------

def _published(call_id: int) -> Call:
    return get_object_or_404(Call, pk=call_id, status=Call.Status.PUBLISHED)


def public_call(request: HttpRequest, call_id: int) -> HttpResponse:
    """A published call for anyone: the guide and dates; the funded list once the results are published."""
    call = _published(call_id)
    decision = Decision.objects.filter(call=call).first()
    published = decision is not None and decision.state == Decision.State.PUBLISHED
    return render(request, "projects/public_call.html", {
        "call": call, "decision": decision, "open": call.open_on(timezone.localdate()),
        "awards": oa.public_awards(decision) if published else []})


def publicity(request: HttpRequest, call_id: int) -> HttpResponse:
    """公示: the approved list and its period; a signed-in user files an objection (others are asked to sign in)."""
    call = _published(call_id)
    decision = get_object_or_404(Decision, call=call, state__in=[Decision.State.PUBLICITY, Decision.State.PUBLISHED])
    form, status = fo.ObjectionForm(), 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/login/?next={request.path}")
        form = fo.ObjectionForm(request.POST)
        if form.is_valid():
            award = get_object_or_404(Award, pk=form.cleaned_data["award"], decision=decision)
            try:
                oa.do_object(request.user, award, form.cleaned_data["reasons"])
                return redirect("projects:publicity", call.pk)
            except actions.Refused as refused:
                _put_errors(form, refused)
        status = 400
    today = timezone.localdate()
    return render(request, "projects/publicity.html", {
        "call": call, "decision": decision, "awards": oa.public_awards(decision), "form": form,
        "open": decision.state == Decision.State.PUBLICITY
        and outcome.objections_open(decision.publicity_start, decision.publicity_end, today),  # type: ignore[arg-type]
        "mine": decision.objections.filter(filed_by=request.user) if request.user.is_authenticated else []},
        status=status)


# ---- a funded project ------------------------------------------------------------------------------------------

GRADE_WORDS = {"优": gettext_lazy("优"), "良": gettext_lazy("良"), "中": gettext_lazy("中"), "差": gettext_lazy("差")}
INDICATOR_WORDS = fo.INDICATOR_WORDS
FORMS = {"tranche": fo.TrancheForm, "progress": fo.ProgressForm}


def _award(request: HttpRequest, award_id: int) -> Award:
    award = get_object_or_404(Award.objects.select_related("decision__call", "application__organization"),
                              pk=award_id, decision__state=Decision.State.PUBLISHED)
    if not funding_actions.may_see(request.user, award):
        raise Http404
    return award


def _run(request: HttpRequest, award: Award, which: str, form: Any) -> None:
    d = form.cleaned_data
    if which == "tranche":
        funding_actions.do_add_tranche(request.user, award, d["due_on"], d["amount"], d["note"])
    elif which == "progress":
        funding_actions.do_report_progress(request.user, award, d["period"], d["text"], d["spent"])
    elif which == "accept":
        funding_actions.do_accept(request.user, award, {c: d[c] for c in form.codes if d[c] is not None},
                                  d["comment"])
    else:
        funding_actions.do_evaluate(request.user, award, form.scores(), d["comment"], d.get("navigation_database"))


def _evaluation_form(award: Award) -> type[fo.EvaluationBase]:
    call = award.decision.call
    navigation = call.evaluation_system == performance.NAVIGATION
    return fo.evaluation_form(call.evaluation_system, call.evaluation_weights(),
                              outcome_navigation.choices() if navigation else None)


@login_required
def award(request: HttpRequest, award_id: int) -> HttpResponse:
    award = _award(request, award_id)
    targets = funding_actions.targets(award)
    classes = {**FORMS, "accept": fo.acceptance_form(targets), "evaluate": _evaluation_form(award)}
    forms = {k: c() for k, c in classes.items()}
    status = 200
    if request.method == "POST":
        which = request.POST.get("form", "")
        if which not in classes:
            return HttpResponse(status=400)
        forms[which] = form = classes[which](request.POST)
        if form.is_valid():
            try:
                _run(request, award, which, form)
                return redirect("projects:award", award.pk)
            except actions.Refused as refused:
                _put_errors(form, refused)
        status = 400
    manage = can(request.user, "projects.manage")
    evaluation = getattr(award, "evaluation", None)
    call = award.decision.call
    hints = funding_actions.suggested(award) if manage else {}
    return render(request, "projects/award.html", {
        "award": award, "manage": manage, "forms": forms, "targets": targets,
        "accept_fields": [forms["accept"][c] for c in forms["accept"].codes],
        "tranches": award.tranches.all(), "reports": award.reports.all(),
        "acceptance": getattr(award, "acceptance", None), "evaluation": evaluation,
        "navigation": call.navigation, "weights": call.evaluation_weights(),
        "suggested": [{"label": INDICATOR_WORDS[k], "score": v} for k, v in hints.items()],
        "grade": GRADE_WORDS.get(evaluation.grade, "") if evaluation else "",
        "evidence": evaluation.evidence if evaluation else {},
        "evidence_link": can(request.user, "navigation.view"),
        "scored": [{"label": INDICATOR_WORDS[k], "weight": evaluation.weights[k], "score": evaluation.scores[k]}
                   for k in performance.indicators(evaluation.system)] if evaluation else []}, status=status)


@login_required
def award_report(request: HttpRequest, award_id: int) -> HttpResponse:
    require_page(request, "projects.manage")
    award = _award(request, award_id)
    if not hasattr(award, "evaluation"):
        raise Http404
    response = HttpResponse(report.docx(award), content_type="application/vnd.openxmlformats-officedocument."
                                                             "wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="performance-{award.application.number}.docx"'
    return response
