"""The office part (agencies.view to read, agencies.manage to write): the registry list with the import, an
agency's full file (every event public or not, listings, annual reports, status history, employment history,
aliases, grades under every rule version) and the forms that change it."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhichan import conf
from zhichan.agencies import actions, credit_actions, stats
from zhichan.agencies.forms import AgencyForm, AliasForm, EventForm, FeedForm, ImportForm, StatusForm
from zhichan.agencies.models import Agency, CreditGrade, Employment, LifecycleRun, ServiceOrganization
from zhichan.core import jobs, uploads
from zhichan.core.access import require_page
from zhichan.core.permissions import can

PAGE_SIZE = 50


@login_required
def registry(request: HttpRequest) -> HttpResponse:
    require_page(request, "agencies.view")
    rows = Agency.objects.select_related("region", "head").order_by("name")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        rows = rows.filter(name__icontains=q)
    status = request.GET.get("status", "")
    if status in Agency.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agencies/office_list.html", {
        "page": page, "q": q, "status": status, "statuses": Agency.Status.choices,
        "query": "&".join(f"{k}={v}" for k, v in (("q", q), ("status", status)) if v),
        "import_form": ImportForm(), "feed_form": FeedForm(initial={"year": timezone.localdate().year - 1}),
        "can_manage": can(request.user, "agencies.manage"),
        "linkage": stats.linkage(), "unlinked": stats.unlinked_names(), "runs": LifecycleRun.objects.all()[:5],
        "service_orgs": ServiceOrganization.objects.prefetch_related("figures")[:50]})


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """The registry spreadsheet, imported by a background job; the job page shows the rejected rows."""
    require_page(request, "agencies.manage")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "agencies/office_list.html", {
            "page": Paginator(Agency.objects.order_by("name"), PAGE_SIZE).get_page(1), "import_form": form,
            "can_manage": True, "statuses": Agency.Status.choices, "linkage": stats.linkage()}, status=400)
    upload_file = form.cleaned_data["file"]
    target = conf.home() / "uploads" / "agencies" / f"{uuid.uuid4().hex}-{uploads.name_of(upload_file)}"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        uploads.write(upload_file, target)
    except uploads.UploadTooLarge as exc:
        form.add_error("file", str(exc))
        return render(request, "agencies/office_list.html", {
            "page": Paginator(Agency.objects.order_by("name"), PAGE_SIZE).get_page(1), "import_form": form,
            "can_manage": True, "statuses": Agency.Status.choices, "linkage": stats.linkage()}, status=400)
    job = jobs.create("agencies.import", f"导入服务机构名录 {uploads.name_of(upload_file)}", request.user,
                      {"path": str(target)})
    jobs.enqueue_on_commit(job)
    return redirect("job-detail", job.pk)


def _forms(agency: Agency, post: dict | None = None, which: str = "") -> dict[str, Any]:
    version = credit_actions.current_version()
    rules = list(version.rules.all()) if version else []
    made = {"agency_form": AgencyForm(instance=agency), "status_form": StatusForm(),
            "alias_form": AliasForm(), "event_form": EventForm(rules=rules)}
    if post is not None:
        made[which] = {"agency_form": lambda: AgencyForm(post, instance=agency), "status_form": lambda: StatusForm(post),
                       "alias_form": lambda: AliasForm(post),
                       "event_form": lambda: EventForm(post, rules=rules)}[which]()
    return made


def _office_page(request: HttpRequest, agency: Agency, forms: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "agencies/office_detail.html", {
        "agency": agency, **forms, "can_manage": can(request.user, "agencies.manage"),
        "events": agency.credit_events.select_related("practitioner"),
        "grades": CreditGrade.objects.filter(agency=agency).select_related("version"),
        "listings": agency.listings.all(), "reports": agency.annual_reports.all(),
        "changes": agency.status_changes.all(), "aliases": agency.aliases.all(),
        "employments": Employment.objects.filter(agency=agency).select_related("practitioner"),
        "cases": agency.credit_cases.all(), "abnormal": stats.abnormal_share(agency, office=True)}, status=status)


@login_required
def office_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    require_page(request, "agencies.view")
    agency = get_object_or_404(Agency, pk=agency_id)
    return _office_page(request, agency, _forms(agency))


@login_required
@require_POST
def office_change(request: HttpRequest, agency_id: int, which: str) -> HttpResponse:
    """One of the office's forms on the agency page: registry facts, status decision, alias, credit event."""
    require_page(request, "agencies.manage")
    agency = get_object_or_404(Agency, pk=agency_id)
    key = {"facts": "agency_form", "status": "status_form", "alias": "alias_form", "event": "event_form"}.get(which)
    if key is None:
        return HttpResponse(status=404)
    forms = _forms(agency, request.POST, key)
    form = forms[key]
    if not form.is_valid():
        return _office_page(request, agency, forms, status=400)
    data = form.cleaned_data
    try:
        if key == "agency_form":
            actions.do_save_agency(request.user, form.values(), agency)
        elif key == "status_form":
            actions.do_set_status(request.user, agency, data["status"], data["effective_on"], data["until"],
                                  data["reason"], data["decision"])
        elif key == "alias_form":
            actions.do_add_alias(request.user, agency, data["name"])
        else:
            credit_actions.do_record_event(request.user, agency, data["code"], data["occurred_on"], data["points"],
                                           data["evidence"], data["public"])
    except ValueError as exc:
        form.add_error(None, str(exc))
        return _office_page(request, agency, forms, status=400)
    return redirect(reverse("agencies:office-detail", args=[agency.pk]))


@login_required
@require_POST
def refresh_fields(request: HttpRequest) -> HttpResponse:
    """Recompute every agency's technical fields from the patents (the directory's filter), as a job."""
    require_page(request, "agencies.manage")
    job = jobs.create("agencies.fields", "更新服务机构技术领域", request.user)
    jobs.enqueue_on_commit(job)
    return redirect("job-detail", job.pk)


@login_required
@require_POST
def feed_indicators(request: HttpRequest) -> HttpResponse:
    """The registry's figures of a region and year go to the plans' reported indicators, for approval there."""
    require_page(request, "agencies.manage")
    form = FeedForm(request.POST)
    if not form.is_valid():
        page = Paginator(Agency.objects.order_by("name"), PAGE_SIZE).get_page(1)
        return render(request, "agencies/office_list.html", {
            "page": page, "import_form": ImportForm(), "feed_form": form, "can_manage": True,
            "statuses": Agency.Status.choices, "linkage": stats.linkage()}, status=400)
    actions.do_feed_indicators(request.user, form.cleaned_data["region"], form.cleaned_data["year"])
    return redirect("indicators:reported")
