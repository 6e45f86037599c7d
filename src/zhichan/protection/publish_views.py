"""Published pages of protection. Public: the e-commerce notices, counter-notices and results (电子商务法 Art. 44,
/protection/ecommerce/, natural persons masked) and the typical cases (/protection/cases/, an unpublished or open
case answers 404). Office (protection.manage): a closed case's typical-case summary, edited and published
(/protection/office/<id>/typical/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhichan.core.access import require_page
from zhichan.core.permissions import PermissionDenied as ActionDenied
from zhichan.core.workflow import machine as wf
from zhichan.protection import actions, anonymise, flow, publish_actions
from zhichan.protection.forms import PublishForm, TypicalForm
from zhichan.protection.models import DisputeCase, TypicalCase

COUNTERED = ("countered", "maintained", "ended")


def _persons_masked(case: DisputeCase) -> dict[str, str]:
    return {n: anonymise.mask_person(n) for n in publish_actions.names_of(case) if not anonymise.is_organisation(n)}


def notice_row(case: DisputeCase) -> dict[str, Any]:
    """What the public page shows of one e-commerce case: the notice, the counter-notice and the result."""
    masked = _persons_masked(case)
    machine = actions.kind(case.kind).machine
    f = case.fields
    parties = list(case.parties.all())
    return {
        "number": case.number, "notice_on": case.filed_on, "published_on": case.published_on,
        "holders": "、".join(anonymise.mask_person(p.name) for p in parties if p.side == "requester"),
        "sellers": "、".join(anonymise.mask_person(p.name) for p in parties if p.side == "respondent"),
        "patents": [f"{a.key} {a.title}" for a in case.patents.all()],
        "trademarks": [f"{m.number} {m.name}（第 {m.nice_class} 类）" for m in case.trademarks.all()],
        "listing": anonymise.anonymise(f.get("listing", ""), masked),
        "counter_on": f.get("reached_on", "") if case.state in COUNTERED else "",
        "result": machine.states.get(case.state, case.state),
        "measures": anonymise.anonymise(f.get("measures", ""), masked),
        "reason": anonymise.anonymise(f.get("reason", ""), masked),
        "acted_on": f.get("acted_on", ""),
    }


def ecommerce(request: HttpRequest) -> HttpResponse:
    cases = DisputeCase.objects.filter(kind=flow.ECOMMERCE, published_on__isnull=False).exclude(
        state__in=publish_actions.UNHANDLED).prefetch_related("parties", "patents", "trademarks")
    return render(request, "protection/ecommerce.html",
                  {"rows": [notice_row(c) for c in cases.order_by("-published_on", "-pk")[:200]]})


def typical_list(request: HttpRequest) -> HttpResponse:
    return render(request, "protection/typical_list.html", {"rows": publish_actions.published_typical()[:200]})


def typical_detail(request: HttpRequest, typical_id: int) -> HttpResponse:
    typical = get_object_or_404(publish_actions.published_typical(), pk=typical_id)
    return render(request, "protection/typical.html", {"t": typical,
                                                       "kind": typical.case.get_kind_display()})


def _typical_post(request: HttpRequest, case: DisputeCase, typical: TypicalCase | None) -> tuple[Any, Any]:
    """Save the summary (drafting it first) or publish it; returns the bound forms refused, (None, None) when done."""
    if request.POST.get("op") == "publish" and typical is not None:
        publish = PublishForm(request.POST, prefix="publish")
        if publish.is_valid():
            try:
                publish_actions.do_publish_typical(request.user, typical, publish.cleaned_data["publish"])
                return None, None
            except wf.TransitionError as exc:
                publish.add_error(None, str(exc))
        return None, publish
    form = TypicalForm(request.POST)
    if form.is_valid():
        try:
            typical = typical or publish_actions.do_draft_typical(request.user, case)
            publish_actions.do_save_typical(request.user, typical, **form.cleaned_data)
            return None, None
        except wf.TransitionError as exc:
            form.add_error(None, str(exc))
    return form, None


@login_required
def typical_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    require_page(request, actions.MANAGE)
    case = get_object_or_404(DisputeCase, pk=case_id, closed_on__isnull=False)
    typical = TypicalCase.objects.filter(case=case).first()
    form, publish = None, None
    if request.method == "POST":
        try:
            form, publish = _typical_post(request, case, typical)
        except ActionDenied:
            raise PermissionDenied from None
        if form is None and publish is None:
            messages.success(request, _("已保存"))
            return redirect("protection:typical-edit", case_id=case.pk)
    if form is None:
        initial = ({"title": typical.title, "facts": typical.facts, "outcome": typical.outcome,
                    "significance": typical.significance} if typical else publish_actions.draft_texts(case))
        form = TypicalForm(initial=initial)
    return render(request, "protection/typical_edit.html", {
        "case": case, "typical": typical, "form": form,
        "publish": publish or (PublishForm(initial={"publish": "0" if typical.published_on else "1"},
                                           prefix="publish") if typical else None),
        "placeholders": publish_actions.mapping_of(case)},
        status=400 if request.method == "POST" else 200)
