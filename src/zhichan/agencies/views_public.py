"""The public part (no sign-in): the directory of agencies at /agencies/ (by name, technical field and published
grade) and each agency's public page (registry facts, practitioners, filings and outcomes, its published grade
with the public events behind it). Only published grades (公示) and public events are shown."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from zhichan.agencies import stats
from zhichan.agencies.forms import DirectoryFilter
from zhichan.agencies.models import Agency, CreditEvent, CreditGrade
from zhichan.core.permissions import can

PAGE_SIZE = 30


def published_grades() -> QuerySet[CreditGrade]:
    return CreditGrade.objects.exclude(published_on=None).order_by("-period", "-version__number")


def with_public_grade(rows: QuerySet[Agency]) -> QuerySet[Agency]:
    latest = published_grades().filter(agency=OuterRef("pk"))
    return rows.annotate(public_grade=Subquery(latest.values("grade")[:1]),
                         public_score=Subquery(latest.values("score")[:1]),
                         public_period=Subquery(latest.values("period")[:1]))


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilter(request.GET or None)
    rows = with_public_grade(Agency.objects.select_related("region"))
    if form.is_valid():
        if form.cleaned_data["q"]:
            rows = rows.filter(name__icontains=form.cleaned_data["q"])
        if form.cleaned_data["field"]:
            rows = rows.filter(ipc_sections__contains=form.cleaned_data["field"])
        if form.cleaned_data["grade"]:
            rows = rows.filter(public_grade=form.cleaned_data["grade"])
    page = Paginator(rows.order_by("name"), PAGE_SIZE).get_page(request.GET.get("page"))
    # the pager keeps the valid filters only, encoded (a raw "&" or 10,000 characters of q would break the links)
    query = urlencode({k: v for k, v in form.cleaned_data.items() if v}) if form.is_valid() else ""
    return render(request, "agencies/directory.html", {"form": form, "page": page, "query": query,
                                                       "office": can(request.user, "agencies.view")})


def public_events(agency: Agency, grade: CreditGrade | None) -> list[dict[str, Any]]:
    """The public events counted in the published grade, with their points."""
    if grade is None:
        return []
    points = {line["event"]: line["points"] for line in grade.lines}
    labels = dict(grade.version.rules.values_list("code", "label"))
    events = CreditEvent.objects.filter(pk__in=points, public=True).order_by("-occurred_on")
    return [{"event": e, "label": labels.get(e.code, e.code), "points": points[e.pk]} for e in events]


def detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("region", "head"), pk=agency_id)
    grade = published_grades().filter(agency=agency).select_related("version").first()
    profile = stats.profile(agency)
    return render(request, "agencies/detail.html", {
        "agency": agency, "grade": grade, "events": public_events(agency, grade), "profile": profile,
        "abnormal": stats.abnormal_share(agency),
        "branches": agency.branches.order_by("name"),
        "office": can(request.user, "agencies.view"),
        "chart": {"years": profile["years"], "sections": profile["sections"], "regions": profile["regions"]}})
