"""Pages of the abnormal-application review. Office (agencies.view to read, agencies.manage to act): the candidate
list filtered by signal and state with the scan form and the latest scans; a candidate's page with its records side
by side (the passages they share with the first one highlighted) and the review's forms. An organisation notified
of a candidate (a respondent) sees it on /agencies/abnormal/mine/ and files its statement on the candidate's page,
which then shows it only the records, the notice and its own statement."""

from __future__ import annotations

import difflib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.agencies import abnormal_actions as actions
from zhichan.agencies import abnormal_flow as flow
from zhichan.agencies.abnormal.candidates import ORDER_77_TYPES
from zhichan.agencies.abnormal_forms import ExclusionForm, ReviewForm, ScanForm
from zhichan.agencies.abnormal_models import AbnormalCandidate, AbnormalScan
from zhichan.core.access import require_page
from zhichan.core.permissions import PermissionDenied as ActionDenied
from zhichan.core.permissions import can
from zhichan.core.workflow import machine as wf
from zhichan.patents.models import Application

PAGE_SIZE = 50
SIDE_BY_SIDE = 6  # records shown with their texts
TEXT_CHARS = 2000
MIN_SHARED = 8  # characters: a shared passage shorter than this is not highlighted


@login_required
def candidates(request: HttpRequest) -> HttpResponse:
    require_page(request, "agencies.view")
    rows = AbnormalCandidate.objects.all()
    signal = request.GET.get("signal", "")
    if signal in ORDER_77_TYPES:
        rows = rows.filter(signal=signal)
    state = request.GET.get("state", "open")
    if state == "open":
        rows = rows.filter(state__in=flow.OPEN_STATES)
    elif state in flow.STATES:
        rows = rows.filter(state=state)
    page = Paginator(rows.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    m = actions.machine()
    return render(request, "agencies/abnormal_list.html", {
        "page": page, "rows": [{"c": c, "state": m.states.get(c.state, c.state)} for c in page],
        "signal": signal, "state": state, "signals": list(ORDER_77_TYPES), "states": m.states,
        "query": "&".join(f"{k}={v}" for k, v in (("signal", signal), ("state", state)) if v),
        "scans": AbnormalScan.objects.select_related("job", "started_by")[:5],
        "scan_form": ScanForm(initial=actions.default_options()) if can(request.user, "agencies.manage") else None})


@login_required
@require_POST
def start_scan(request: HttpRequest) -> HttpResponse:
    require_page(request, "agencies.manage")
    form = ScanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("扫描参数不正确：%(errors)s") % {"errors": "；".join(
            str(e) for errors in form.errors.values() for e in errors)})
        return redirect("agencies:abnormal")
    run = actions.do_start_scan(request.user, {**form.cleaned_data, "signals": form.cleaned_data["signals"]})
    return redirect("job-detail", job_id=run.job_id)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The candidates the user's organisation was notified of (none for most users)."""
    organization = getattr(request.user, "organization_id", None)
    rows = AbnormalCandidate.objects.none() if not organization else \
        AbnormalCandidate.objects.filter(respondents=organization).exclude(state=flow.LEAD)
    m = actions.machine()
    return render(request, "agencies/abnormal_mine.html", {
        "rows": [{"c": c, "state": m.states.get(c.state, c.state)} for c in rows.order_by("due", "pk")]})


def shared_segments(anchor: str, other: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both texts cut into (text, shared) segments: passages of at least MIN_SHARED characters they share."""
    blocks = [b for b in difflib.SequenceMatcher(None, anchor, other, autojunk=False).get_matching_blocks()
              if b.size >= MIN_SHARED]

    def cut(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
        out, at = [], 0
        for start, size in spans:
            if start > at:
                out.append((text[at:start], False))
            out.append((text[start:start + size], True))
            at = start + size
        if at < len(text):
            out.append((text[at:], False))
        return out

    return cut(anchor, [(b.a, b.size) for b in blocks]), cut(other, [(b.b, b.size) for b in blocks])


def side_by_side(candidate: AbnormalCandidate) -> list[dict[str, Any]]:
    """The first records with their stored view (applicants, agencies, similarity) and their title and abstract,
    the passages shared with the first record marked."""
    stored = {r["key"]: r for r in candidate.data.get("records", [])}
    keys = [r["key"] for r in candidate.data.get("records", [])] or candidate.applications
    keys = keys[:SIDE_BY_SIDE]
    apps = {a.key: a for a in Application.objects.filter(key__in=keys).prefetch_related("parties")}
    texts = {k: f"{apps[k].title}\n{apps[k].abstract}"[:TEXT_CHARS] if k in apps else "" for k in keys}
    out = []
    for i, key in enumerate(keys):
        app = apps.get(key)
        view = stored.get(key, {})
        segments = [(texts[key], False)]
        if i and candidate.signal != "burst" and texts[keys[0]] and texts[key]:
            _, segments = shared_segments(texts[keys[0]], texts[key])
        out.append({"key": key, "app": app, "view": view, "segments": segments,
                    "applicants": view.get("applicants") or ([p.name for p in app.parties.all()
                                                              if p.role == "applicant"] if app else []),
                    "agencies": view.get("agencies") or ([p.name for p in app.parties.all()
                                                          if p.role == "agency"] if app else [])})
    if len(out) > 1:  # the first record marked against the second
        first, _ = shared_segments(texts[keys[0]], texts[keys[1]])
        out[0]["segments"] = first
    return out


@login_required
def candidate(request: HttpRequest, candidate_id: int) -> HttpResponse:
    item = get_object_or_404(AbnormalCandidate, pk=candidate_id)
    roles = actions.roles_on(request.user, item)
    office = can(request.user, "agencies.view")
    if not roles and not office:
        raise PermissionDenied
    m = actions.machine()
    bound = None
    if request.method == "POST" and "exclusion" in request.POST:
        return _exclusion(request, item)
    if request.method == "POST":
        bound = _form_for(item, roles, request.POST)
        if bound is not None and bound.is_valid():
            try:
                actions.do_transition(request.user, item, bound.chosen.name, bound.values(),
                                      exclude=bool(bound.cleaned_data.get("exclude")))
                messages.success(request, _("已办理：%(step)s") % {"step": _(bound.chosen.label)})
                return redirect("agencies:abnormal-candidate", candidate_id=item.pk)
            except wf.FieldErrors as exc:
                for field, reason in exc.errors.items():
                    bound.add_error(field if field in bound.fields else None, reason)
            except wf.TransitionError as exc:
                bound.add_error(None, str(exc))
            except ActionDenied:
                raise PermissionDenied from None
        elif bound is None:
            messages.error(request, _("这个操作现在不能办理"))
    acting = {wf.STAFF} if wf.STAFF in roles else roles
    forms = [bound if bound is not None and bound.chosen is t else ReviewForm(m, t.name)
             for t in m.transitions if item.state in t.sources and t.roles & acting]
    staff = wf.STAFF in roles or office
    steps = item.steps.select_related("actor")
    if not staff:  # a respondent sees the notice and the statements, not the office's internal reasons
        steps = steps.filter(transition__in=("notify", "state", "record_statement", *flow.CONCLUSIONS))
    labels = {t.name: t.label for t in m.transitions}
    return render(request, "agencies/abnormal_detail.html", {
        "item": item, "state_label": m.states.get(item.state, item.state), "forms": forms, "office": staff,
        "records": side_by_side(item), "evidence": item.data.get("evidence", {}),
        "order_type": ORDER_77_TYPES.get(item.signal, ("3(9)", ""))[1],
        "steps": [{"s": s, "label": labels.get(s.transition, s.transition),
                   "fields": [(m.fields.get(k, k), v) for k, v in s.fields.items()]} for s in steps],
        "agencies": actions.linked_agencies(item.applications) if staff else [],
        "respondents": item.respondents.all() if staff else [],
        "exclusion_form": ExclusionForm(initial={"excluded": item.fields.get("excluded", False)})
        if staff and can(request.user, "agencies.manage") and item.state in flow.CONCLUDED_ABNORMAL else None,
        "standing": wf.STANDING_LABELS[wf.standing(wf.Clock.of(item), timezone.localdate())]},
        status=400 if request.method == "POST" else 200)


def _exclusion(request: HttpRequest, item: AbnormalCandidate) -> HttpResponse:
    require_page(request, "agencies.manage")
    form = ExclusionForm(request.POST)
    if form.is_valid():
        try:
            actions.do_set_exclusion(request.user, item, form.cleaned_data["excluded"])
            messages.success(request, _("已保存"))
        except wf.TransitionError as exc:
            messages.error(request, str(exc))
    return redirect("agencies:abnormal-candidate", candidate_id=item.pk)


def _form_for(item: AbnormalCandidate, roles: set[str], data: Any) -> ReviewForm | None:
    m = actions.machine()
    for t in m.transitions:
        if f"{t.name}-transition" in data and item.state in t.sources and roles & t.roles:
            return ReviewForm(m, t.name, data)
    return None
