"""Indicator pages: population, reported values, plans, the catalogue and the periodic reports (the figures pages
are in views_figures)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from zhichan.indicators import catalogue, geo, periods, plans, plans_io, progress, providers
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
from zhichan.indicators.forms import (
    ApproveForm,
    AwardForm,
    BaselineForm,
    PlanImportForm,
    PopulationForm,
    PublicToggleForm,
    ReportedValueForm,
    ReportForm,
    UploadForm,
)
from zhichan.indicators.models import (
    ComputedFigure,
    IndicatorDefinition,
    Plan,
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
    form, upload, problems, status = PopulationForm(initial={"region": city.full_name}), UploadForm(), [], 200
    if request.method == "POST":
        _require(request, "indicators.population")
        if request.POST.get("action") == "upload":
            upload = UploadForm(request.POST, request.FILES)
            problems = _report_upload(request, upload, do_upload_population)
        else:
            form = PopulationForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                do_set_population(request.user, data["region"], data["year"], data["persons"], data["source"])
                messages.success(request, _("已保存 %(name)s 的常住人口") % {"name": data["region"].name})
        if not (problems or form.errors or upload.errors):
            return redirect(f"/indicators/population/?city={city.code}")
        status = 400 if form.errors or upload.errors else 200  # bad rows of a saved upload: the good ones are kept
    regions = [city, *city.children.select_related("parent__parent").order_by("code")]  # full_name: no query each
    rows = Population.objects.filter(region__in=regions).select_related("region").order_by("-year", "region_id")
    return render(request, "indicators/population.html", {"city": city, "regions": regions, "rows": rows,
                                                          "problems": problems, "form": form, "upload": upload},
                  status=status)


def city_geojson(request: HttpRequest, city_code: str) -> HttpResponse:
    _require(request, "indicators.view")
    city = get_object_or_404(Region, code=city_code, level=2)
    districts = tuple(city.children.order_by("code").values_list("code", "name"))
    return HttpResponse(geo.city_map(city.code, districts), content_type="application/geo+json; charset=utf-8")


def plan_list(request: HttpRequest, form: PlanImportForm | None = None, problems: list | None = None,
              status: int = 200) -> HttpResponse:
    _require(request, "indicators.view")  # the seed templates are loaded at migrate (load_reference): a GET reads
    return render(request, "indicators/plans.html", {
        "plans": Plan.objects.select_related("region").order_by("name"), "form": form or PlanImportForm(),
        "problems": problems or [],
        "regions": Region.objects.filter(level__in=[2, 3]).select_related("parent__parent").order_by("code")},
        status=status)


def plan_dashboard(request: HttpRequest, plan_id: int, baseline: BaselineForm | None = None,
                   status: int = 200) -> HttpResponse:
    _require(request, "indicators.view")
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=plan_id)
    items = [plans.status(i) for i in plan.items.select_related("indicator")]
    posted = baseline.data.get("item") if baseline is not None else None
    for s in items:  # each row's 基期 form; the one posted keeps what was typed and says what was wrong
        s.item.baseline_form = baseline if posted == str(s.item.pk) else BaselineForm(
            plan, initial={"item": s.item.pk, "year": s.item.baseline_year, "value": s.item.baseline_value},
            auto_id=f"id_baseline{s.item.pk}_%s")
    city = plan.region if plan.region.level == 2 else plan.region.parent
    computed = [s.item for s in items if s.item.indicator.kind == IndicatorDefinition.COMPUTED]
    return render(request, "indicators/plan.html", {"plan": plan, "items": items, "labels": progress.LABELS,
                                                    "city": city, "can_edit": can(request.user, "indicators.plans"),
                                                    "computed": computed}, status=status)


def reports_page(request: HttpRequest) -> HttpResponse:
    _require(request, "indicators.view")
    city = _city(request)
    suggested = [periods.previous(k, dt.date.today()) for k in (periods.QUARTERLY, periods.HALF_YEAR, periods.YEARLY)]
    form, status = ReportForm(initial={"period": suggested[0]}), 200
    if request.method == "POST":
        _require(request, "indicators.report_generate")
        form = ReportForm(request.POST)
        if form.is_valid():
            job = do_queue_report(request.user, city, form.cleaned_data["period"])
            return redirect("job-detail", job_id=job.pk)
        status = 400
    return render(request, "indicators/reports.html", {
        "city": city, "reports": Report.objects.filter(city=city)[:50], "suggested": suggested, "form": form},
        status=status)


def report_file(request: HttpRequest, report_id: int, fmt: str) -> FileResponse:
    _require(request, "indicators.view")
    report = get_object_or_404(Report, pk=report_id)
    name = report.docx_name if fmt == "docx" else report.xlsx_name
    path = conf.home() / "reports" / name
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{report.title}.{fmt}")


def _saved_upload(upload: Any) -> tuple[Path, str]:
    """The upload written under ZHICHAN_HOME/uploads; UploadTooLarge (a ValueError) over ZHICHAN_MAX_UPLOAD_MB."""
    name = Path(upload.name or "upload.xlsx").name
    path = conf.home() / "uploads" / "indicators" / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    uploads.write(upload, path)  # nothing kept of a file over the limit
    return path, name


def _report_upload(request: HttpRequest, form: UploadForm, action: Callable[..., tuple[int, list]]) -> list:
    """Save an uploaded spreadsheet's good rows; the bad ones are returned (file, row, column, reason). A file that
    cannot be read at all is an error of the form's file field."""
    if not form.is_valid():
        return []
    try:
        saved = _saved_upload(form.cleaned_data["file"])
        count, problems = action(request.user, saved[0], saved[1])
    except (ValueError, FileError) as exc:
        form.add_error("file", str(exc))
        return []
    messages.success(request, _("已保存 %(n)d 行") % {"n": count})
    if problems:
        messages.error(request, _("%(n)d 行未保存，见下表") % {"n": len(problems)})
    return problems


def reported_values(request: HttpRequest) -> HttpResponse:
    _require(request, "indicators.view")
    city = _city(request)
    regions = [city, *city.children.select_related("parent__parent").order_by("code")]  # full_name: no query each
    form, upload, problems, status = ReportedValueForm(initial={"region": city.full_name}), UploadForm(), [], 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "approve":
            _require(request, "indicators.approve")
            approval = ApproveForm(request.POST)
            if not approval.is_valid():
                raise Http404
            do_approve_value(request.user, approval.cleaned_data["id"])
        elif action == "upload":
            _require(request, "indicators.report")
            upload = UploadForm(request.POST, request.FILES)
            problems = _report_upload(request, upload, do_upload_reported)
        else:
            _require(request, "indicators.report")
            form = ReportedValueForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    do_report_value(request.user, data["indicator"], data["region"], data["period"],
                                    float(data["value"]), data["source_note"])
                except ValueError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, _("已填报，待审核"))
        if not (problems or form.errors or upload.errors):
            return redirect(f"/indicators/reported/?city={city.code}")
        status = 400 if form.errors or upload.errors else 200
    values = ReportedValue.objects.filter(region__in=regions).select_related("indicator", "region", "entered_by",
                                                                               "approved_by").order_by("-period")
    return render(request, "indicators/reported.html", {
        "city": city, "regions": regions, "values": values[:500], "problems": problems, "form": form,
        "upload": upload, "can_approve": can(request.user, "indicators.approve"),
        "can_report": can(request.user, "indicators.report"),
        # indicators another app computes that also take reported values: the page says which figure is used
        "computed_too": IndicatorDefinition.objects.filter(code__in=providers.codes()).order_by("code")},
        status=status)


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
    form = PlanImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return plan_list(request, form, status=400)
    data = form.cleaned_data
    try:
        saved = _saved_upload(data["file"])
        plan, problems = do_import_plan(request.user, saved[0], saved[1], data["name"], data["region"])
    except (ValueError, FileError) as exc:
        form.add_error("file", str(exc))
        return plan_list(request, form, status=400)
    if plan is None:  # not one good row: nothing created, every row's reason shown
        form.add_error("file", _("文件中没有可导入的行，见下表"))
        return plan_list(request, form, problems=problems, status=400)
    for p in problems[:20]:
        messages.error(request, _("%(file)s 第 %(row)s 行 %(column)s：%(reason)s") % {
            "file": p.file, "row": p.row, "column": p.column, "reason": p.reason})
    messages.success(request, _("已导入规划“%(name)s”") % {"name": plan.name})
    return redirect("indicators:plan", plan_id=plan.pk)


@require_POST
def plan_baseline(request: HttpRequest, plan_id: int) -> HttpResponse:
    _require(request, "indicators.plans")
    plan = get_object_or_404(Plan, pk=plan_id)
    item_id = request.POST.get("item", "")
    form = BaselineForm(plan, request.POST, auto_id=f"id_baseline{item_id if item_id.isdigit() else 'x'}_%s")
    if not form.is_valid():
        if "item" in form.errors:
            raise Http404
        return plan_dashboard(request, plan_id, baseline=form, status=400)
    data = form.cleaned_data
    value = float(data["value"]) if data["value"] is not None else None
    do_set_baseline(request.user, data["item"], data["year"], value)
    messages.success(request, _("已保存基期"))
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
    status = 200
    if request.method == "POST":
        _require(request, "indicators.plans")
        form = PublicToggleForm(request.POST)
        if form.is_valid():
            do_set_public(request.user, form.cleaned_data["code"], form.cleaned_data["public"])
            return redirect("indicators:catalogue")
        messages.error(request, _("没有这个指标，或公开设置不正确"))
        status = 400
    order = {row[0]: i for i, row in enumerate(catalogue.CATALOGUE)}
    rows = sorted(IndicatorDefinition.objects.all(), key=lambda d: (order.get(d.code, len(order)), d.code))
    plans_by_key = catalogue.plan_names()
    for d in rows:
        d.sources = catalogue.source_names(d.seeds, plans_by_key)
    return render(request, "indicators/catalogue.html", {"rows": rows, "can_edit": can(request.user, "indicators.plans")},
                  status=status)


@require_POST
def add_award(request: HttpRequest, key: str) -> HttpResponse:
    from zhichan.patents import views as patent_views
    from zhichan.patents.models import Application

    _require(request, "indicators.plans")
    app = get_object_or_404(Application, key=key)
    form = AwardForm(app, request.POST)
    if not form.is_valid():
        return patent_views.patent_detail(request, key, award_form=form, status=400)
    do_add_award(request.user, app, form.cleaned_data["name"], form.cleaned_data["year"])
    messages.success(request, _("已登记奖项"))
    return redirect("patents:detail", key=key)
