"""The figures pages: the dashboard (figures by region under the settings chosen in its form), computing and
publishing them, the records behind a figure (paged, and as a spreadsheet) and the public statistics page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from zhichan.core import spreadsheet
from zhichan.core.access import require_page as _require
from zhichan.core.models import Job, Region
from zhichan.core.permissions import can
from zhichan.indicators import compute, drilldown, exports, providers, public, wording
from zhichan.indicators.actions import (
    children_of,
    do_compute_indicators,
    do_publish_figures,
    do_queue_drilldown_export,
)
from zhichan.indicators.figures import with_settings
from zhichan.indicators.forms import DrilldownExportForm, FigureSettingsForm
from zhichan.indicators.models import ComputedFigure, IndicatorDefinition, Publication
from zhichan.patents import highvalue

DASHBOARD = ["valid_invention", "valid_invention_per_10k", "high_value_invention", "high_value_per_10k",
             "grants_invention", "applications_invention", "applications_utility", "applications_design",
             "pct_applications", "ip_transactions", "transfer_licence_count", "pledge_financing"]




def _region(form: FigureSettingsForm) -> Region:
    region = form.chosen()["city"]
    if region is None:  # neither the region asked for nor the default one is in the database
        raise Http404
    return region


def _clean_address(form: FigureSettingsForm) -> str:
    return "/indicators/?" + urlencode(form.query())


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request, "indicators.view")
    form = FigureSettingsForm.from_data(request.GET)
    return _dashboard(request, form)


def _dashboard(request: HttpRequest, form: FigureSettingsForm, status: int = 200) -> HttpResponse:
    city, as_of, settings = _region(form), form.day(), form.settings()
    regions = [city, *Region.objects.filter(code__in=children_of(city)).order_by("code")]
    figures = with_settings(ComputedFigure.objects.filter(region__in=regions, as_of=as_of,
                                                          indicator_id__in=DASHBOARD), settings.as_dict())
    table = {(f.region_id, f.indicator_id): f for f in figures}
    for f in figures:  # a figure another app computes opens that app's records (indicators/providers.py)
        f.records_url = providers.records_url(f.region_id, f.indicator_id, as_of)
    defs = IndicatorDefinition.objects.in_bulk(DASHBOARD)
    rows = [{"region": r, "cells": [table.get((r.code, code)) for code in DASHBOARD]} for r in regions]
    published = Publication.objects.filter(region=city).select_related("published_by").first()
    computed_at = max((f.computed_at for f in figures), default=None)
    # the public page shows this very computation: the same date and settings, published after it was computed
    published_here = (published is not None and computed_at is not None and published.as_of == as_of
                      and published.settings == settings.as_dict() and published.published_at >= computed_at)
    query = form.query()
    return render(request, "indicators/dashboard.html", {
        "form": form, "city": city, "as_of": as_of, "settings": settings, "rows": rows, "computed": bool(figures),
        "settings_text": wording.settings_text(settings.as_dict()),
        "columns": [defs.get(code) for code in DASHBOARD],
        "scopes": scope_choices(city),
        "caveats": _caveats(table, city), "show_map": city.level == Region.Level.CITY,
        "computed_at": computed_at,
        "query": query, "figure_query": urlencode({k: v for k, v in query.items() if k != "city"}),
        "can_compute": can(request.user, "indicators.compute"),
        "can_publish": can(request.user, "indicators.publish"), "published": published,
        "published_here": published_here,
        "published_text": wording.settings_text(published.settings) if published else "",
    }, status=status)


def _caveats(table: dict, scope: Region) -> list[dict]:
    """What the scope's figures hold that a reader should know: records placed in none of the regions under it
    (未定位) and records valid from a status date whose grant date is not in the data (授权日未知)."""
    out = []
    for code in ("valid_invention", "high_value_invention"):
        figure = table.get((scope.code, code))
        if figure is None:
            continue
        if figure.unplaced:
            out.append({"kind": "unplaced", "indicator": figure.indicator, "count": figure.unplaced})
        if figure.grant_unknown:
            out.append({"kind": "grant_unknown", "indicator": figure.indicator, "count": figure.grant_unknown})
    return out


@require_POST
def compute_view(request: HttpRequest) -> HttpResponse:
    """The dashboard's form, posted: 查看 (step=view) shows the figures of the chosen settings, 按以上口径计算 computes
    them first. Either way the answer is a redirect to the dashboard's clean address with the chosen settings."""
    _require(request, "indicators.view")
    form = FigureSettingsForm.from_data(request.POST)
    if not form.is_valid():
        messages.error(request, _("请改正口径设置中的错误"))
        return _dashboard(request, form, status=400)
    if request.POST.get("step") != "view":  # the compute button (step=compute), or a bare POST to this address
        _require(request, "indicators.compute")
        figures = do_compute_indicators(request.user, form.region(), form.day(), form.settings())
        messages.success(request, _("已计算 %(n)d 个指标值") % {"n": len(figures)})
    return redirect(_clean_address(form))


@require_POST
def publish_view(request: HttpRequest) -> HttpResponse:
    """Publish the computation the dashboard shows (scope, date, settings) on the public statistics page."""
    _require(request, "indicators.publish")
    form = FigureSettingsForm.from_data(request.POST)
    if not form.is_valid():
        messages.error(request, _("请改正口径设置中的错误"))
        return _dashboard(request, form, status=400)
    try:
        publication = do_publish_figures(request.user, form.region(), form.day(), form.settings())
    except ValueError:
        messages.error(request, _("尚未按此口径计算，无法发布。请先计算。"))
    else:
        messages.success(request, _("已发布到公开统计页：%(region)s，截至 %(date)s") % {
            "region": publication.region.name, "date": publication.as_of.isoformat()})
    return redirect(_clean_address(form))


def _drilldown(request: HttpRequest, region_code: str) -> tuple:
    _require(request, "indicators.view")
    region = get_object_or_404(Region, code=region_code)
    try:
        chosen = exports.select(region, request.GET)
    except KeyError:
        raise Http404 from None
    return region, chosen.form, chosen.code, chosen.unplaced, chosen.chosen, chosen.indicator


@require_safe
def high_value_list(request: HttpRequest, region_code: str) -> HttpResponse:
    """The records behind a figure (?indicator=…, default the high-value patents, with the criteria each meets),
    PER_PAGE at a time; the page links keep the rest of the address."""
    region, form, code, unplaced, chosen, indicator = _drilldown(request, region_code)
    page = Paginator(chosen, drilldown.PER_PAGE).get_page(request.GET.get("page"))
    keep = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return render(request, "indicators/high_value.html", {
        "region": region, "as_of": form.day(), "indicator": indicator, "total": len(chosen), "page": page,
        "rows": drilldown.rows(code, list(page.object_list), form.day(), form.settings()), "here": keep,
        "high_value": drilldown.counted(code) == "high_value_invention", "unplaced": unplaced,
        "grant_unknown": code.endswith("_grant_unknown"), "labels": highvalue.LABELS})


@require_POST
def high_value_export(request: HttpRequest, region_code: str) -> HttpResponse:
    """导出全部: every record behind the figure the drill-down page shows (its address posted with the form), written
    by a job whose page offers the spreadsheet."""
    _require(request, "indicators.view")
    region = get_object_or_404(Region, code=region_code)
    form = DrilldownExportForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        job = do_queue_drilldown_export(request.user, region, form.values())
    except KeyError:
        raise Http404 from None
    return redirect("job-detail", job_id=job.pk)


@require_safe
def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    """A finished export's spreadsheet: for the user who asked for it, or anyone who may see the indicators."""
    job = get_object_or_404(Job, pk=job_id, kind="indicators.export")
    owner = job.created_by_id is not None and job.created_by_id == request.user.pk
    if not (owner or can(request.user, "indicators.view")):
        raise PermissionDenied
    path = exports.path(job.pk)
    if job.status != Job.Status.DONE or not path.exists():
        raise Http404(_("文件尚未生成。"))
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result["downloads"][0]["name"])


def _public_city(request: HttpRequest) -> Region | None:
    """The region asked for (its page says so when nothing of it is published), else the one published last."""
    code = (request.GET.get("city") or "")[:6]
    return (Region.objects.filter(code=code).first() if code else None) or public.default_region()


def public_statistics(request: HttpRequest, api: bool = False) -> HttpResponse:
    """Open to everyone (no login): the public indicators of the figures the office published last for a region.
    The API always answers JSON."""
    city = _public_city(request)
    data = public.latest(city) if city else {}
    fmt = "json" if api else request.GET.get("format")
    if fmt == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="statistics.csv"'
        response.write("\ufeff")
        writer = spreadsheet.csv_writer(response)  # names are office text: no formula cells
        writer.writerow(["地区代码", "地区", *[f"{i['name']}（{i['unit']}）" for i in data.get("indicators", [])]])
        for row in data.get("rows", []):
            writer.writerow([row["code"], row["name"], *[_blank(row["values"].get(i["code"]))
                                                          for i in data["indicators"]]])
        return response
    return render(request, "indicators/public.html", {"data": data, "city": city,
                                                      "cities": public.published_regions(),
                                                      "published_at": _published_at(data)})


def _published_at(data: dict) -> dt.datetime | None:
    return dt.datetime.fromisoformat(data["published_at"]) if data.get("published_at") else None


def _blank(value: float | None) -> float | int | str:
    """A number stays a number (a negative one is not text to neutralise); whole numbers without ".0"."""
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else round(value, 6)


def scope_choices(scope: Region) -> list[Region]:
    """The regions the scope selector offers: 全国 and every province from 全国; else 全国, the scope's province and
    its cities (and the scope itself when it is a district). The current scope is always among them."""
    found = list(Region.objects.filter(code=compute.NATION))
    if scope.code == compute.NATION:
        found += list(Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"))
    else:
        found += list(Region.objects.filter(code=scope.code[:2] + "0000"))
        found += list(Region.objects.filter(level=Region.Level.CITY, code__startswith=scope.code[:2]).order_by("code"))
    found.append(scope)
    return list({r.code: r for r in found}.values())
