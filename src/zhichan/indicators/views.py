"""Indicator pages: population, reported values, plans, the catalogue and the periodic reports (the figures pages
are in views_figures)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan import conf
from zhichan.core import uploads
from zhichan.core.access import require_page as _require
from zhichan.core.models import Region
from zhichan.core.permissions import can
from zhichan.indicators import catalogue, geo, periods, plans, plans_io, progress
from zhichan.indicators.actions import (
    do_add_award,
    do_approve_value,
    do_import_plan,
    do_queue_report,
    do_report_value,
    do_set_baseline,
    do_set_population,
    do_set_public,
    do_upload_population,
    do_upload_reported,
)
from zhichan.indicators.forms import ReportForm
from zhichan.indicators.models import (
    ComputedFigure,
    IndicatorDefinition,
    Plan,
    PlanIndicator,
    Population,
    Report,
    ReportedValue,
)
from zhichan.indicators.views_figures import public_statistics  # the project's urls.py routes it from here
from zhichan.patents.ingest.errors import FileError

__all__ = ["public_statistics"]




def _city(request: HttpRequest) -> Region:
    """The scope of the figures: 全国, a province, a city (the default view) or a district."""
    code = request.GET.get("city") or request.POST.get("city") or "320300"
    return get_object_or_404(Region, code=str(code)[:6])


def population(request: HttpRequest) -> HttpResponse:
    _require(request, "indicators.view")
    city = _city(request)
    if request.method == "POST" and request.POST.get("action") == "upload":
        _require(request, "indicators.population")
        problems = _report_upload(request, do_upload_population)
        if problems:
            regions = [city, *city.children.order_by("code")]
            rows = Population.objects.filter(region__in=regions).select_related("region").order_by("-year")
            return render(request, "indicators/population.html", {"city": city, "regions": regions, "rows": rows,
                                                                  "problems": problems})
        return redirect(f"/indicators/population/?city={city.code}")
    if request.method == "POST":
        _require(request, "indicators.population")
        region = get_object_or_404(Region, code=request.POST.get("region"))
        try:
            do_set_population(request.user, region, int(request.POST["year"]), int(request.POST["persons"]),
                              request.POST.get("source", ""))
            messages.success(request, _("已保存 %(name)s 的常住人口") % {"name": region.name})
        except (KeyError, ValueError):
            messages.error(request, _("请填写年份和常住人口（正整数）"))
        return redirect(f"/indicators/population/?city={city.code}")
    regions = [city, *city.children.order_by("code")]
    rows = Population.objects.filter(region__in=regions).select_related("region").order_by("-year", "region_id")
    return render(request, "indicators/population.html", {"city": city, "regions": regions, "rows": rows})


def city_geojson(request: HttpRequest, city_code: str) -> HttpResponse:
    _require(request, "indicators.view")
    city = get_object_or_404(Region, code=city_code, level=2)
    districts = tuple(city.children.order_by("code").values_list("code", "name"))
    return HttpResponse(geo.city_map(city.code, districts), content_type="application/geo+json; charset=utf-8")


def plan_list(request: HttpRequest) -> HttpResponse:
    _require(request, "indicators.view")  # the seed templates are loaded at migrate (load_reference): a GET reads
    return render(request, "indicators/plans.html", {
        "plans": Plan.objects.select_related("region").order_by("name"),
        "regions": Region.objects.filter(level__in=[2, 3]).order_by("code")})


def plan_dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    _require(request, "indicators.view")
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=plan_id)
    items = [plans.status(i) for i in plan.items.select_related("indicator")]
    city = plan.region if plan.region.level == 2 else plan.region.parent
    computed = [s.item for s in items if s.item.indicator.kind == IndicatorDefinition.COMPUTED]
    return render(request, "indicators/plan.html", {"plan": plan, "items": items, "labels": progress.LABELS,
                                                    "city": city, "can_edit": can(request.user, "indicators.plans"),
                                                    "computed": computed})


def reports_page(request: HttpRequest) -> HttpResponse:
    _require(request, "indicators.view")
    city = _city(request)
    if request.method == "POST":
        _require(request, "indicators.report_generate")
        form = ReportForm(request.POST)
        if form.is_valid():
            job = do_queue_report(request.user, city, form.cleaned_data["period"])
            return redirect("job-detail", job_id=job.pk)
        messages.error(request, "；".join(form.errors["period"]))
        return redirect(f"/indicators/reports/?city={city.code}")
    return render(request, "indicators/reports.html", {
        "city": city, "reports": Report.objects.filter(city=city)[:50],
        "suggested": [periods.previous(k, dt.date.today()) for k in (periods.QUARTERLY, periods.HALF_YEAR,
                                                                     periods.YEARLY)]})


def report_file(request: HttpRequest, report_id: int, fmt: str) -> FileResponse:
    _require(request, "indicators.view")
    report = get_object_or_404(Report, pk=report_id)
    name = report.docx_name if fmt == "docx" else report.xlsx_name
    path = conf.home() / "reports" / name
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{report.title}.{fmt}")


def _saved_upload(request: HttpRequest) -> tuple[Path, str] | None:
    upload = request.FILES.get("file")
    if upload is None:
        return None
    name = Path(upload.name or "upload.xlsx").name
    if Path(name).suffix.lower() not in {".xlsx", ".xls", ".csv"}:
        raise ValueError(_("只支持 xlsx、xls、csv 文件"))
    path = conf.home() / "uploads" / "indicators" / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    uploads.write(upload, path)  # UploadTooLarge (a ValueError) over ZHICHAN_MAX_UPLOAD_MB, nothing kept
    return path, name


def _report_upload(request: HttpRequest, action: Callable[..., tuple[int, list]]) -> list:
    try:
        saved = _saved_upload(request)
        if saved is None:
            messages.error(request, _("请选择文件"))
            return []
        count, problems = action(request.user, saved[0], saved[1])
    except (ValueError, FileError) as exc:
        messages.error(request, str(exc))
        return []
    messages.success(request, _("已保存 %(n)d 行") % {"n": count})
    if problems:
        messages.error(request, _("%(n)d 行未保存，见下表") % {"n": len(problems)})
    return problems


def reported_values(request: HttpRequest) -> HttpResponse:
    _require(request, "indicators.view")
    city = _city(request)
    regions = [city, *city.children.order_by("code")]
    problems: list = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "approve":
            _require(request, "indicators.approve")
            row = get_object_or_404(ReportedValue, pk=request.POST.get("id"))
            do_approve_value(request.user, row)
        elif action == "upload":
            _require(request, "indicators.report")
            problems = _report_upload(request, do_upload_reported)
        else:
            _require(request, "indicators.report")
            try:
                do_report_value(request.user, get_object_or_404(IndicatorDefinition, code=request.POST.get("indicator")),
                                get_object_or_404(Region, code=request.POST.get("region")),
                                request.POST.get("period", "").upper(), float(request.POST.get("value", "")),
                                request.POST.get("source_note", ""))
                messages.success(request, _("已填报，待审核"))
            except ValueError as exc:
                messages.error(request, str(exc))
        if not problems:
            return redirect(f"/indicators/reported/?city={city.code}")
    values = ReportedValue.objects.filter(region__in=regions).select_related("indicator", "region", "entered_by",
                                                                               "approved_by").order_by("-period")
    return render(request, "indicators/reported.html", {
        "city": city, "regions": regions, "values": values[:500], "problems": problems,
        "indicators": IndicatorDefinition.objects.filter(kind=IndicatorDefinition.REPORTED),
        "can_approve": can(request.user, "indicators.approve"), "can_report": can(request.user, "indicators.report")})


def plan_export(request: HttpRequest, plan_id: int) -> FileResponse:
    _require(request, "indicators.view")
    plan = get_object_or_404(Plan, pk=plan_id)
    folder = conf.home() / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = plans_io.export(plan, folder / f"plan-{plan.pk}-{uuid.uuid4().hex[:8]}.xlsx")
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{plan.name}.xlsx")


@require_POST
def plan_import(request: HttpRequest) -> HttpResponse:
    _require(request, "indicators.plans")
    region = get_object_or_404(Region, code=request.POST.get("region", ""))
    try:
        saved = _saved_upload(request)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("indicators:plans")
    if saved is None:
        messages.error(request, _("请选择文件"))
        return redirect("indicators:plans")
    try:
        plan, problems = do_import_plan(request.user, saved[0], saved[1], request.POST.get("name", ""), region)
    except FileError as exc:
        messages.error(request, str(exc))
        return redirect("indicators:plans")
    for p in problems[:20]:
        messages.error(request, f"{p.file} 第 {p.row} 行 {p.column}：{p.reason}")
    if plan is None:
        return redirect("indicators:plans")
    messages.success(request, _("已导入规划“%(name)s”") % {"name": plan.name})
    return redirect("indicators:plan", plan_id=plan.pk)


@require_POST
def plan_baseline(request: HttpRequest, plan_id: int) -> HttpResponse:
    _require(request, "indicators.plans")
    item = get_object_or_404(PlanIndicator, pk=request.POST.get("item"), plan_id=plan_id)
    try:
        year = int(request.POST["year"]) if request.POST.get("year") else None
        value = float(request.POST["value"]) if request.POST.get("value") else None
    except ValueError:
        messages.error(request, _("基期年份和基期值须为数字"))
        return redirect("indicators:plan", plan_id=plan_id)
    do_set_baseline(request.user, item, year, value)
    return redirect("indicators:plan", plan_id=plan_id)


def plan_map_data(request: HttpRequest, plan_id: int) -> JsonResponse:
    """The latest computed value of one of the plan's indicators for each district of the plan's city."""
    _require(request, "indicators.view")
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=plan_id)
    city = plan.region if plan.region.level == 2 else plan.region.parent
    code = request.GET.get("indicator", "")
    districts = dict(city.children.values_list("code", "name"))
    figures = ComputedFigure.objects.filter(indicator_id=code, region_id__in=districts).order_by("as_of", "computed_at")
    latest: dict[str, ComputedFigure] = {}
    for f in figures:
        latest[f.region_id] = f
    as_of = max((f.as_of for f in latest.values()), default=None)
    return JsonResponse({
        "as_of": as_of.isoformat() if as_of else None, "home": plan.region.code,
        "regions": [{"name": name, "code": c, "value": latest[c].value if c in latest and latest[c].as_of == as_of
                     else None} for c, name in districts.items()]}, json_dumps_params={"ensure_ascii": False})


def catalogue_page(request: HttpRequest) -> HttpResponse:
    """The indicator catalogue; office users choose which indicators the public statistics page shows."""
    _require(request, "indicators.view")
    if request.method == "POST":
        _require(request, "indicators.plans")
        indicator = get_object_or_404(IndicatorDefinition, code=request.POST.get("code"))
        do_set_public(request.user, indicator, request.POST.get("public") == "1")
        return redirect("indicators:catalogue")
    order = {row[0]: i for i, row in enumerate(catalogue.CATALOGUE)}
    rows = sorted(IndicatorDefinition.objects.all(), key=lambda d: (order.get(d.code, len(order)), d.code))
    plans_by_key = catalogue.plan_names()
    for d in rows:
        d.sources = catalogue.source_names(d.seeds, plans_by_key)
    return render(request, "indicators/catalogue.html", {"rows": rows, "can_edit": can(request.user, "indicators.plans")})


@require_POST
def add_award(request: HttpRequest, key: str) -> HttpResponse:
    from zhichan.patents.models import Application

    _require(request, "indicators.plans")
    app = get_object_or_404(Application, key=key)
    try:
        do_add_award(request.user, app, request.POST.get("name", ""), int(request.POST.get("year") or 0))
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("patents:detail", key=key)
