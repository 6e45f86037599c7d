"""/projects/: calls (申报指南) for signed-in users, the office's call editor, an organisation's applications,
staff's formal check, the expert pool, panel draws and an expert's seats. Every write goes through a do_* action;
a refused form comes back with status 400 and its reasons."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.core.access import require_page
from zhichan.core.permissions import can
from zhichan.core.spreadsheet import safe_row
from zhichan.core.workflow import machine as wf
from zhichan.projects import access, actions, credit_forms, eligibility, expert_actions, flow
from zhichan.projects import forms as pf
from zhichan.projects.models import ApplicationFile, Call, Expert, ProjectApplication, ReviewMember
from zhichan.services import uploads as attachment_rules


def _put_errors(form: Any, refused: actions.Refused) -> None:
    for field, reasons in refused.errors.items():
        for reason in reasons:
            form.add_error(field if field in form.fields else None, reason)


def _results(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored rule results in words for the page."""
    return [{"label": _(eligibility.RULE_LABELS.get(r["rule"], r["rule"])), "outcome": r["outcome"],
             "reason": _(r["reason"]) % r["params"] if r.get("params") else _(r["reason"])} for r in rows]


def _rule_words(rules: dict[str, Any]) -> list[dict[str, str]]:
    """A call's rules as (label, value) in words for the page."""
    from zhichan.core.models import Organization

    kinds = dict(Organization.Kind.choices)
    words = {"region_prefix": lambda v: str(v), "kinds": lambda v: "、".join(str(kinds.get(k, k)) for k in v),
             "verified": lambda v: _("是"), "min_grade": lambda v: _("%(grade)s 及以上") % {"grade": v},
             "min_valid_inventions": lambda v: _("不少于 %(n)s 件") % {"n": v},
             "no_serious_dishonesty": lambda v: _("是（按信用中国、国家企业信用信息公示系统的严重失信记录）")}
    return [{"label": _(eligibility.RULE_LABELS[k]), "value": words[k](rules[k])}
            for k in eligibility.RULE_KEYS if rules.get(k)]


# ---- calls ------------------------------------------------------------------------------------------------------

def calls(request: HttpRequest) -> HttpResponse:
    """Public (core/middleware.PUBLIC_PATHS): published calls with their 公示 and results; the office sees drafts."""
    today = timezone.localdate()
    rows = access.calls(request.user).select_related("decision").order_by("-opens_on", "-pk")
    return render(request, "projects/calls.html", {
        "rows": [{"call": c, "open": c.open_on(today), "decision": getattr(c, "decision", None)} for c in rows[:200]],
        "signed_in": request.user.is_authenticated,
        "can_manage": can(request.user, "projects.manage"), "can_apply": can(request.user, "projects.apply"),
        "can_review": can(request.user, "projects.review")})


@login_required
def call_edit(request: HttpRequest, call_id: int | None = None) -> HttpResponse:
    require_page(request, "projects.manage")
    call = get_object_or_404(Call, pk=call_id) if call_id else None
    status = 200
    if request.method == "POST":
        form = credit_forms.CallForm(request.POST)  # pf.CallForm with the 严重失信 rule
        if form.is_valid():
            try:
                saved = actions.do_save_call(request.user, call, form.values())
                return redirect("projects:call", saved.pk)
            except actions.Refused as refused:
                _put_errors(form, refused)
        status = 400
    else:
        form = credit_forms.CallForm(initial=credit_forms.CallForm.initial_from(call) if call else None)
    return render(request, "projects/call_form.html", {"form": form, "call": call}, status=status)


def _call_page(request: HttpRequest, call: Call, status: int = 200, draw_form: Any = None, error: str = ""
               ) -> HttpResponse:
    today = timezone.localdate()
    manage = can(request.user, "projects.manage")
    own = access.applications(request.user, "own").filter(call=call).first()
    preview = []
    if can(request.user, "projects.apply") and request.user.organization_id and own is None:
        from zhichan.projects import facts

        rules = call.rules or {}
        found = eligibility.check(rules, facts.applicant(request.user.organization, today,
                                                         "min_valid_inventions" in rules))
        preview = _results([r.as_dict() for r in found])
    review = getattr(call, "review", None)
    return render(request, "projects/call.html", {
        "call": call, "open": call.open_on(today), "manage": manage, "own": own, "preview": preview,
        "rules": _rule_words(call.rules or {}),
        "applications": call.applications.exclude(state=flow.DRAFT).select_related("organization")
        if manage or can(request.user, "projects.review") else [],
        "states": {k: _(v) for k, v in flow.STATES.items()}, "review": review,
        "draw_form": draw_form or pf.DrawForm(initial={"size": call.panel_size}), "error": error,
        "can_apply": can(request.user, "projects.apply"), "public_url": f"/projects/public/{call.pk}/",
        "own_award": _published_award(own)}, status=status)


def _published_award(application: ProjectApplication | None) -> Any:
    from zhichan.projects.models import Award

    if application is None:
        return None
    return Award.objects.filter(application=application, decision__state="published", status="funded").first()


@login_required
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    return _call_page(request, get_object_or_404(access.calls(request.user), pk=call_id))


@login_required
@require_POST
def call_publish(request: HttpRequest, call_id: int) -> HttpResponse:
    require_page(request, "projects.manage")
    call = get_object_or_404(Call, pk=call_id)
    try:
        actions.do_publish_call(request.user, call)
    except actions.Refused as refused:
        return _call_page(request, call, 400, error=str(refused))
    return redirect("projects:call", call.pk)


@login_required
def applications_csv(request: HttpRequest, call_id: int) -> HttpResponse:
    """The call's submitted applications with their declared values; cells a spreadsheet would run as formulas
    are neutralised (core/spreadsheet)."""
    require_page(request, "projects.review")
    call = get_object_or_404(Call, pk=call_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="applications-{call.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(safe_row([_("申报编号"), _("申报单位"), _("状态"), *(f["label"] for f in call.fields)]))
    rows = access.applications(request.user, "check").filter(call=call).select_related("organization")
    for a in rows.order_by("number")[:10000]:
        writer.writerow(safe_row([a.number, a.organization.name, _(flow.STATES.get(a.state, a.state)),
                                  *(a.values.get(f["code"], "") for f in call.fields)]))
    return response


# ---- applications -----------------------------------------------------------------------------------------------

@login_required
def apply(request: HttpRequest, call_id: int) -> HttpResponse:
    """The organisation's application to the call: a new draft, its draft, or the one returned for 补正."""
    require_page(request, "projects.apply")
    call = get_object_or_404(access.calls(request.user), pk=call_id)
    application = access.applications(request.user, "own").filter(call=call).first()
    if application is not None and application.state not in (flow.DRAFT, flow.CORRECTION):
        return redirect("projects:application", application.pk)
    form_class = pf.application_form(call)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                application = actions.do_save_application(
                    request.user, call, application, form.values(), form.cleaned_data["legal_representative"],
                    form.cleaned_data["key_staff"], form.uploads())
                if "submit" in request.POST and application.state == flow.DRAFT:
                    actions.do_submit_application(request.user, application)
                return redirect("projects:application", application.pk)
            except actions.Refused as refused:
                _put_errors(form, refused)
        status = 400
    else:
        initial = {**(application.values if application else {}),
                   "legal_representative": application.legal_representative if application else "",
                   "key_staff": "\n".join(application.key_staff) if application else ""}
        form = form_class(initial=initial)
    declared = [form[spec["code"]] for spec in call.fields]
    uploads = [form[key] for key in form.requirement_names]
    return render(request, "projects/apply.html", {
        "call": call, "form": form, "declared": declared, "uploads": uploads, "application": application,
        "files": list(application.files.all()) if application else []}, status=status)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    require_page(request, "projects.apply")
    rows = access.applications(request.user, "own").select_related("call").order_by("-created_at")
    return render(request, "projects/mine.html", {"rows": rows, "states": {k: _(v) for k, v in flow.STATES.items()}})


@login_required
def check_list(request: HttpRequest) -> HttpResponse:
    require_page(request, "projects.review")
    rows = access.applications(request.user, "check").select_related("call", "organization").order_by(
        "due", "-submitted_at")
    state = request.GET.get("state", "")
    if state in flow.STATES:
        rows = rows.filter(state=state)
    return render(request, "projects/check.html", {"rows": rows[:500], "states": {k: _(v) for k, v in
                                                                                   flow.STATES.items()}})


def _application_page(request: HttpRequest, application: ProjectApplication, status: int = 200,
                      step_form: Any = None, error: str = "") -> HttpResponse:
    m = actions.machine()
    roles = actions.roles_on(request.user, application)
    steps = [t for t in m.transitions if application.state in t.sources and roles & t.roles and t.name != "submit"]
    call = application.call
    values = [{"label": f["label"], "value": application.values.get(f["code"], "")} for f in call.fields]
    return render(request, "projects/application.html", {
        "application": application, "call": call, "values": values, "files": application.files.all(),
        "eligibility": _results(application.eligibility), "state": _(m.states.get(application.state, "")),
        "history": [{"step": s, "label": _(m.transition(s.transition).label), "state": _(m.states.get(s.to_state, ""))}
                    for s in application.steps.select_related("actor")],
        "steps": [{"name": t.name, "label": _(t.label), "fields": t.fields} for t in steps],
        "own": wf.APPLICANT in roles, "editable": wf.APPLICANT in roles and application.state in
        (flow.DRAFT, flow.CORRECTION), "step_form": step_form or pf.StepForm(), "error": error,
        "standing": wf.STANDING_LABELS[wf.standing(wf.Clock.of(application), timezone.localdate())]}, status=status)


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(access.applications(request.user).select_related("call", "organization"),
                                    pk=application_id)
    return _application_page(request, application)


@login_required
@require_POST
def application_step(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(access.applications(request.user).select_related("call", "organization"),
                                    pk=application_id)
    form = pf.StepForm(request.POST)
    if not form.is_valid():
        return _application_page(request, application, 400, form)
    name = form.cleaned_data["transition"]
    try:
        if name == "submit":
            actions.do_submit_application(request.user, application)
        else:
            t = actions.machine().transition(name)
            actions.do_transition(request.user, application, name, form.fields_for(t.fields))
    except actions.Refused as refused:
        return _application_page(request, application, 400, form, str(refused))
    except wf.TransitionError as exc:
        return _application_page(request, application, 400, form, str(exc))
    return redirect("projects:application", application.pk)


@login_required
def application_file(request: HttpRequest, file_id: int) -> FileResponse:
    item = get_object_or_404(ApplicationFile, pk=file_id,
                             application__in=access.applications(request.user).values("pk"))
    return FileResponse((attachment_rules.folder() / item.stored_as).open("rb"), as_attachment=True,
                        filename=item.name)


# ---- experts and panels -----------------------------------------------------------------------------------------

@login_required
def experts(request: HttpRequest) -> HttpResponse:
    require_page(request, "projects.manage")
    today = timezone.localdate()
    rows = [{"expert": e, "problems": [_(t) % p if p else _(t) for t, p in expert_actions.entry(e, today)]}
            for e in Expert.objects.prefetch_related("relations")[:1000]]
    return render(request, "projects/experts.html", {"rows": rows})


@login_required
def expert_edit(request: HttpRequest, expert_id: int | None = None) -> HttpResponse:
    require_page(request, "projects.manage")
    expert = get_object_or_404(Expert, pk=expert_id) if expert_id else None
    status = 200
    if request.method == "POST":
        form, relations = pf.ExpertForm(request.POST), pf.RelationFormSet(request.POST, prefix="rel")
        if form.is_valid() and relations.is_valid():
            rows = [r for r in relations.cleaned_data if r.get("kind")]
            try:
                expert_actions.do_save_expert(request.user, expert, form.values(), rows)
                return redirect("experts:pool")
            except actions.Refused as refused:
                _put_errors(form, refused)
        status = 400
    else:
        initial = None
        rel_initial = None
        if expert:
            initial = {"name": expert.name, "title": expert.title, "title_name": expert.title_name,
                       "years": expert.years, "birth_year": expert.birth_year, "fields": ", ".join(expert.fields),
                       "organization": expert.organization, "username": expert.user.username if expert.user else ""}
            rel_initial = [{"kind": r.kind, "organization": r.organization, "person": r.person,
                            "started_on": r.started_on, "ended_on": r.ended_on} for r in expert.relations.all()]
        form, relations = pf.ExpertForm(initial=initial), pf.RelationFormSet(initial=rel_initial, prefix="rel")
    from zhichan.projects.rating_actions import flagged

    ratings = expert.ratings.select_related("member__review__call") if expert else []
    return render(request, "projects/expert_form.html", {
        "form": form, "relations": relations, "expert": expert, "ratings": ratings,
        "poor_flag": bool(expert and flagged([expert.pk]))}, status=status)


@login_required
@require_POST
def draw(request: HttpRequest, call_id: int) -> HttpResponse:
    require_page(request, "projects.manage")
    call = get_object_or_404(Call, pk=call_id)
    form = pf.DrawForm(request.POST)
    if not form.is_valid():
        return _call_page(request, call, 400, form)
    try:
        expert_actions.do_draw_panel(request.user, call, form.cleaned_data["seed"], form.cleaned_data["size"])
    except actions.Refused as refused:
        return _call_page(request, call, 400, form, str(refused))
    return redirect("projects:review", call.pk)


@login_required
def review(request: HttpRequest, call_id: int) -> HttpResponse:
    require_page(request, "projects.manage")
    call = get_object_or_404(Call.objects.select_related("review"), pk=call_id, review__isnull=False)
    return _review_page(request, call)


def _review_page(request: HttpRequest, call: Call, form: pf.RatingForm | None = None, rated: int | None = None,
                 status: int = 200) -> HttpResponse:
    from zhichan.projects.rating_actions import scoring_complete

    r = call.review
    return render(request, "projects/review.html", {
        "call": call, "review": r, "draws": r.draws.select_related("replaces"),
        "members": r.members.select_related("expert", "rating"),
        "applications": r.applications.select_related("organization"),
        "names": dict(Expert.objects.values_list("pk", "name")), "can_rate": scoring_complete(r),
        "rating_form": form or pf.RatingForm(), "rated": rated}, status=status)


@login_required
@require_POST
def rate_expert(request: HttpRequest, member_id: int) -> HttpResponse:
    """The office rates one seated expert once the review's scoring is complete (400 with the input kept)."""
    from zhichan.projects.rating_actions import do_rate_expert

    require_page(request, "projects.manage")
    member = get_object_or_404(ReviewMember.objects.select_related("review__call"), pk=member_id)
    form = pf.RatingForm(request.POST)
    if form.is_valid():
        try:
            do_rate_expert(request.user, member, form.cleaned_data["grade"], form.cleaned_data["note"])
            return redirect("projects:review", call_id=member.review.call_id)
        except actions.Refused as refused:
            _put_errors(form, refused)
    return _review_page(request, member.review.call, form, member.pk, status=400)


@login_required
def my_seats(request: HttpRequest) -> HttpResponse:
    expert = access.expert_of(request.user)
    seats = ReviewMember.objects.filter(expert=expert).select_related("review__call") if expert else []
    return render(request, "projects/seats.html", {"seats": seats, "form": pf.SeatForm(), "today": dt.date.today(),
                                                   **_own_record(expert)})


def _own_record(expert: Expert | None) -> dict[str, Any]:
    """An expert's own page (/experts/me/) also shows the ratings the office gave them after each review and the
    relationships they declared (what the recusal checks read), so they can ask the office to correct them."""
    if expert is None:
        return {"expert": None, "ratings": [], "relations": []}
    return {"expert": expert, "ratings": expert.ratings.select_related("member__review__call"),
            "relations": expert.relations.all()}


@login_required
@require_POST
def answer_seat(request: HttpRequest, member_id: int) -> HttpResponse:
    expert = access.expert_of(request.user)
    member = get_object_or_404(ReviewMember, pk=member_id, expert=expert)  # another's seat (or none): 404
    form = pf.SeatForm(request.POST)
    if not form.is_valid():
        seats = ReviewMember.objects.filter(expert=expert).select_related("review__call")
        return render(request, "projects/seats.html", {"seats": seats, "form": form}, status=400)
    answer = form.cleaned_data["answer"]
    try:
        expert_actions.do_answer_seat(request.user, member, answer == "accept", form.cleaned_data["declaration"],
                                      conflict=answer == "conflict")
    except actions.Refused as refused:
        seats = ReviewMember.objects.filter(expert=expert).select_related("review__call")
        return render(request, "projects/seats.html", {"seats": seats, "form": form, "error": str(refused)},
                      status=400)
    return redirect("experts:me")

