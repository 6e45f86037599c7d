"""Writes of the indicators app: every one checked and audited."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from zhichan.core import audit
from zhichan.core.models import Job, Region
from zhichan.core.permissions import require
from zhichan.indicators import catalogue, compute
from zhichan.indicators.figures import with_settings
from zhichan.indicators.models import (
    ComputedFigure,
    IndicatorDefinition,
    Population,
    Publication,
    PublishedFigure,
    Report,
    ReportedValue,
)

PER_10K = {"valid_invention_per_10k": "valid_invention", "high_value_per_10k": "high_value_invention"}


@transaction.atomic
def do_set_population(actor: Any, region: Region, year: int, persons: int, source: str = "") -> Population:
    require(actor, "indicators.population")
    if persons <= 0:
        raise ValueError(gettext("常住人口必须大于 0"))
    row, created = Population.objects.update_or_create(region=region, year=year,
                                                       defaults={"persons": persons, "source": source[:200]})
    audit.record(actor, "indicators.population", row, summary=f"{region.name} {year} 年常住人口 {persons}",
                 changes={"region": region.code, "year": year, "persons": persons, "created": created})
    return row


def children_of(region: Region) -> list[str]:
    """The regions a scope's figures are broken down into: provinces for 全国, else the region's own children."""
    if region.code == compute.NATION:
        return list(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", flat=True))
    return list(region.children.values_list("code", flat=True))


def do_compute_indicators(actor: Any, city: Region, as_of: dt.date,
                          settings: compute.Settings | None = None) -> list[ComputedFigure]:
    """Compute every computed indicator for a region (全国, a province, a city or a district) and the regions under
    it as of a date; store the figures with the settings and population they used (a per-capita figure without
    population is stored without a value). The region's own figures also record how many of their records are
    placed in none of the regions under it, and how many are valid from a status date with no grant date."""
    if actor is not None:
        require(actor, "indicators.compute")
    settings = settings or default_settings()
    catalogue.sync()
    codes = list(compute.conditions(settings))
    totals = compute.totals(city.code, children_of(city), as_of, settings)
    unplaced = totals.pop(compute.UNPLACED)
    people = dict(Population.objects.filter(region_id__in=totals, year=as_of.year).values_list("region_id", "persons"))
    defs = {d.code: d for d in IndicatorDefinition.objects.filter(kind=IndicatorDefinition.COMPUTED)}
    figures = []
    for region_code, values in totals.items():
        scope = region_code == city.code
        for code in codes:
            if code in defs:
                figures.append(ComputedFigure(
                    indicator=defs[code], region_id=region_code, as_of=as_of, value=values[code],
                    numerator=values[code], settings=settings.as_dict(), unplaced=unplaced[code] if scope else None,
                    grant_unknown=values[compute.GRANT_UNKNOWN[code]] if code in compute.GRANT_UNKNOWN else None))
        for code, base in PER_10K.items():
            persons = people.get(region_code)
            figures.append(ComputedFigure(
                indicator=defs[code], region_id=region_code, as_of=as_of, numerator=values[base], population=persons,
                value=round(values[base] / (persons / 10_000), 4) if persons else None,
                note="" if persons else f"缺少 {as_of.year} 年常住人口，无法计算", settings=settings.as_dict(),
                unplaced=unplaced[base] if scope else None, grant_unknown=values[compute.GRANT_UNKNOWN[base]]))
    figures += _provided(city, list(totals), as_of, settings, defs)
    with transaction.atomic():
        kept = _delete_same(list(totals), as_of, settings.as_dict())
        for figure in figures:  # a region computed earlier as a scope keeps its 未定位 count
            if figure.unplaced is None:
                figure.unplaced = kept.get((figure.indicator.code, figure.region_id))
        ComputedFigure.objects.bulk_create(figures, batch_size=1000)
        audit.record(actor, "indicators.compute", city, summary=f"计算指标 {city.name} 截至 {as_of}",
                     changes={"as_of": as_of.isoformat(), "settings": settings.as_dict(), "figures": len(figures)})
    return figures


def _provided(city: Region, regions: list[str], as_of: dt.date, settings: compute.Settings,
              defs: dict[str, IndicatorDefinition]) -> list[ComputedFigure]:
    """The figures other apps compute from their own records (indicators/providers.py), for the same regions and
    date, stored with the same settings so that the dashboard shows them with the rest."""
    from zhichan.indicators import providers

    figures = []
    for provider in providers.providers():
        values = provider.totals(city.code, regions[1:], as_of)
        unplaced = values.get(compute.UNPLACED, {})
        for region_code in regions:
            for code in provider.codes:
                if code in defs:
                    value = values.get(region_code, {}).get(code, 0.0)
                    figures.append(ComputedFigure(
                        indicator=defs[code], region_id=region_code, as_of=as_of, value=value, numerator=value,
                        settings=settings.as_dict(), unplaced=unplaced.get(code, 0.0) if region_code == city.code
                        else None))
    return figures


RECOMPUTE_LIMIT = 200  # computations redone after records moved; older what-if runs beyond it are left


def do_recompute_latest(actor: Any, progress: Any = None) -> list[str]:
    """Compute again every stored computation of a region as a scope (each date and set of settings, newest first,
    up to RECOMPUTE_LIMIT): records moved between regions, so none of them holds any more. Published figures are
    copies and stay as published until an office user publishes again. Returns the computations redone."""
    if actor is not None:
        require(actor, "indicators.compute")
    seen: dict[tuple[str, dt.date, str], tuple[Region, dict]] = {}
    for figure in (ComputedFigure.objects.exclude(unplaced=None).select_related("region")
                   .only("region", "as_of", "settings", "computed_at").order_by("-computed_at")):
        key = (figure.region_id, figure.as_of, json.dumps(figure.settings, sort_keys=True))
        if key not in seen and len(seen) < RECOMPUTE_LIMIT:
            seen[key] = (figure.region, figure.settings)
    done = []
    for index, ((code, as_of, _), (region, recorded)) in enumerate(seen.items()):
        do_compute_indicators(None, region, as_of, settings_from(recorded))
        done.append(f"{code}@{as_of}")
        if progress:
            progress(index + 1, len(seen), region.name)
    return done


def default_settings() -> compute.Settings:
    """The settings of a computation that names none: the defaults, with the abnormal-application exclusion when
    ZHICHAN_INDICATORS_EXCLUDE_ABNORMAL is on."""
    from zhichan import conf

    return compute.Settings(exclude_abnormal=bool(conf.value("ZHICHAN_INDICATORS_EXCLUDE_ABNORMAL")))


def settings_from(recorded: dict) -> compute.Settings:
    """The settings a figure recorded (compute.Settings.as_dict), read back."""
    from zhichan.patents import highvalue

    default = highvalue.Settings()
    return compute.Settings(recorded.get("attribution", compute.FIRST_HOLDER), highvalue.Settings(
        float(recorded.get("high_value_pledge_threshold_wan", default.pledge_threshold_wan)),
        recorded.get("high_value_ten_years_from", default.ten_years_from),
        recorded.get("high_value_sei_match", default.sei_match)),
        bool(recorded.get("exclude_abnormal", False)))


def _delete_same(regions: list[str], as_of: dt.date, settings: dict) -> dict[tuple[str, str], float]:
    """A recomputation replaces the figures of the same date and settings (JSON compared in Python: portable).
    Returns the 未定位 counts the replaced figures held."""
    old = with_settings(ComputedFigure.objects.filter(region_id__in=regions, as_of=as_of)
                        .only("pk", "settings", "indicator_id", "region_id", "unplaced"), settings)
    ComputedFigure.objects.filter(pk__in=[f.pk for f in old]).delete()
    return {(f.indicator_id, f.region_id): f.unplaced for f in old if f.unplaced is not None}


@transaction.atomic
def do_publish_figures(actor: Any, region: Region, as_of: dt.date, settings: compute.Settings) -> Publication:
    """Publish one computation (a scope, a statistics date, the settings) on the public statistics page: its figures
    for the scope and the regions under it are copied into the publication, so the public page shows them as they
    were published, whatever is computed afterwards. Only a computation of the scope itself can be published.
    `actor` None is the operator at the command line (`zhichan indicators publish`)."""
    if actor is not None:
        require(actor, "indicators.publish")
    recorded = settings.as_dict()
    regions = [region.code, *children_of(region)]
    figures = with_settings(ComputedFigure.objects.filter(region_id__in=regions, as_of=as_of)
                            .select_related("indicator").order_by("computed_at"), recorded)
    if not any(f.region_id == region.code for f in figures):
        raise ValueError(gettext("%(region)s截至%(date)s尚未按此口径计算，无法发布") % {
            "region": region.name, "date": f"{as_of:%Y-%m-%d}"})
    latest = {(f.region_id, f.indicator_id): f for f in figures}  # one figure each (a recomputation replaces)
    publication = Publication.objects.create(region=region, as_of=as_of, settings=recorded,
                                             published_by=actor if getattr(actor, "pk", None) else None)
    PublishedFigure.objects.bulk_create([
        PublishedFigure(publication=publication, indicator_id=f.indicator_id, region_id=f.region_id, value=f.value,
                        note=f.note) for f in latest.values()], batch_size=1000)
    audit.record(actor, "indicators.publish", publication,
                 summary=f"发布 {region.name} 截至 {as_of:%Y-%m-%d} 的统计数据",
                 changes={"region": region.code, "as_of": as_of.isoformat(), "settings": recorded,
                          "figures": len(latest)})
    return publication


@transaction.atomic
def do_report_value(actor: Any, indicator: IndicatorDefinition, region: Region, period: str, value: float,
                    source_note: str) -> ReportedValue:
    require(actor, "indicators.report")
    if not catalogue.reportable(indicator):
        raise ValueError(gettext("%(name)s 由平台计算，不能填报") % {"name": indicator.name})
    if not source_note.strip():
        raise ValueError(gettext("请说明数据来源"))
    row = ReportedValue.objects.create(indicator=indicator, region=region, period=period, value=value,
                                       source_note=source_note.strip(), entered_by=actor)
    audit.record(actor, "indicators.report", row, summary=f"填报 {indicator.name_zh} {region.name} {period} = {value}",
                 changes={"value": value, "source": source_note})
    return row


@transaction.atomic
def do_approve_value(actor: Any, row: ReportedValue) -> ReportedValue:
    require(actor, "indicators.approve")
    row.status, row.approved_by, row.approved_at = ReportedValue.APPROVED, actor, timezone.now()
    row.save(update_fields=["status", "approved_by", "approved_at"])
    audit.record(actor, "indicators.approve", row, summary=f"审核通过 {row.indicator.name_zh} {row.period}")
    return row


def do_generate_report(actor: Any, city: Region, period: str, progress: Any = None) -> Report:
    """Quarterly / half-year / yearly report for a city: computes the figures as of the period's end if they are
    missing, then writes DOCX and XLSX under ZHICHAN_HOME/reports. `progress(done, total, message)` hears each
    step (the web runs this in a job: do_queue_report)."""
    from zhichan import conf
    from zhichan.indicators import periods, reports

    step = progress or (lambda done, total, message: None)
    if actor is not None:
        require(actor, "indicators.report_generate")
    kind, as_of, label = periods.parse(period)
    if not ComputedFigure.objects.filter(region=city, as_of=as_of).exists():
        step(0, 4, gettext_noop("计算指标"))
        _compute_as(actor, city, as_of)
    step(1, 4, gettext_noop("汇总数据"))
    data = reports.gather(city, period)
    folder = conf.home() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{city.code}-{period}-{timezone.now():%Y%m%d%H%M%S%f}"
    step(2, 4, gettext_noop("写入 Word"))
    reports.docx(data, folder / f"{stem}.docx")
    step(3, 4, gettext_noop("写入 Excel"))
    reports.xlsx(data, folder / f"{stem}.xlsx")
    report = Report.objects.create(city=city, period=period, kind=kind, docx_name=f"{stem}.docx",
                                   xlsx_name=f"{stem}.xlsx", created_by=actor if getattr(actor, "pk", None) else None,
                                   title=f"{city.name}知识产权发展指标{label}{periods.KIND_LABELS[kind]}")
    audit.record(actor, "indicators.report_generate", report, summary=report.title)
    return report


@transaction.atomic
def do_queue_drilldown_export(actor: Any, region: Region, address: dict[str, str]) -> Job:
    """Every record behind a figure as a spreadsheet, written by a job (indicators/exports.py): `address` is the
    drill-down page's query (indicator, date, settings). KeyError for an unknown indicator."""
    from django.utils.translation import get_language

    from zhichan.core import jobs
    from zhichan.indicators import exports

    require(actor, "indicators.view")
    selection = exports.select(region, address)
    job = jobs.create("indicators.export", gettext("导出记录：%(name)s") % {"name": selection.file_name()}, actor,
                      {"region": region.code, "address": address, "language": get_language() or "zh-hans"})
    audit.record(actor, "indicators.export", job, summary=f"导出 {selection.file_name()}（{len(selection.chosen)} 件）",
                 changes={"region": region.code, "address": address})
    jobs.enqueue_on_commit(job)
    return job


@transaction.atomic
def do_queue_report(actor: Any, city: Region, period: str) -> Job:
    """The report generated by a background job (its page shows the steps, then the Word and Excel links)."""
    from zhichan.core import jobs
    from zhichan.indicators import periods

    require(actor, "indicators.report_generate")
    periods.parse(period)  # a bad period is a ValueError now, not a failed job
    job = jobs.create("indicators.report", gettext("生成指标报告：%(city)s %(period)s") % {"city": city.name, "period": period}, actor,
                      {"city": city.code, "period": period})
    audit.record(actor, "indicators.report_queue", job, summary=f"生成指标报告 {city.name} {period}（后台任务）")
    jobs.enqueue_on_commit(job)
    return job


def _compute_as(actor: Any, city: Region, as_of: dt.date) -> None:
    """A report generator may not hold the compute permission: the figures it needs are computed on its behalf."""
    do_compute_indicators(None, city, as_of)


def do_upload_population(actor: Any, path: Any, name: str) -> tuple[int, list]:
    """Population rows from a spreadsheet: the good rows are saved (one transaction), the bad ones returned."""
    from zhichan.indicators import uploads

    require(actor, "indicators.population")
    good, bad = uploads.population(path, name)
    with transaction.atomic():
        for region, year, persons, source in good:
            Population.objects.update_or_create(region_id=region, year=year,
                                                defaults={"persons": persons, "source": source[:200]})
        audit.record(actor, "indicators.population_upload", None, summary=f"上传常住人口 {name}: {len(good)} 行",
                     changes={"file": name, "saved": len(good), "rejected": len(bad)})
    return len(good), bad


def do_upload_reported(actor: Any, path: Any, name: str) -> tuple[int, list]:
    """Reported values from a spreadsheet, saved as drafts for an office user to approve. Re-uploading the same
    file does not duplicate: a draft with the same indicator, region and period is replaced."""
    from zhichan.indicators import uploads

    require(actor, "indicators.report")
    good, bad = uploads.reported(path, name)
    with transaction.atomic():
        for indicator, region, period, value, source in good:
            ReportedValue.objects.filter(indicator_id=indicator, region_id=region, period=period,
                                         status=ReportedValue.DRAFT).delete()
            ReportedValue.objects.create(indicator_id=indicator, region_id=region, period=period, value=value,
                                         source_note=source[:300], entered_by=actor)
        audit.record(actor, "indicators.report_upload", None, summary=f"上传填报数据 {name}: {len(good)} 行",
                     changes={"file": name, "saved": len(good), "rejected": len(bad)})
    return len(good), bad


def do_import_plan(actor: Any, path: Any, name: str, plan_name: str, region: Region, source: str = "") -> tuple:
    """A new plan from a spreadsheet (the layout `plans_io.export` writes). Nothing is created if no row is good."""
    from zhichan.indicators import catalogue, plans, plans_io
    from zhichan.indicators.models import Plan

    require(actor, "indicators.plans")
    items, problems = plans_io.read(path, name)
    if not items:
        return None, problems
    years = [int(p[:4]) for item in items for p in [*item["values"], *item["milestones"]]]
    with transaction.atomic():
        catalogue.sync()
        plan = Plan.objects.create(name=plan_name or name, region=region, start_year=min(years), end_year=max(years),
                                   source=source or f"导入自 {name}")
        plans.fill(plan, {"indicators": items, "key": f"plan-{plan.pk}"})
        audit.record(actor, "indicators.plan_import", plan, summary=f"导入规划 {plan.name}",
                     changes={"file": name, "rows": len(items), "rejected": len(problems)})
    return plan, problems


@transaction.atomic
def do_set_baseline(actor: Any, item: Any, year: int | None, value: float | None) -> Any:
    require(actor, "indicators.plans")
    old = [item.baseline_year, item.baseline_value]
    item.baseline_year, item.baseline_value = year, value
    item.save(update_fields=["baseline_year", "baseline_value"])
    audit.record(actor, "indicators.baseline", item, summary=f"{item.indicator.name_zh} 基期 {year}: {value}",
                 changes={"baseline": [old, [year, value]]})
    return item


@transaction.atomic
def do_set_public(actor: Any, indicator: IndicatorDefinition, public: bool) -> IndicatorDefinition:
    require(actor, "indicators.plans")
    indicator.public = public
    indicator.save(update_fields=["public"])
    audit.record(actor, "indicators.public", indicator,
                 summary=f"{'公开' if public else '不公开'} {indicator.name_zh}", changes={"public": public})
    return indicator


@transaction.atomic
def do_add_award(actor: Any, application: Any, name: str, year: int) -> Any:
    """Record a China Patent Award or national S&T award (high-value criterion 5)."""
    from zhichan.patents.models import PatentAward

    require(actor, "indicators.plans")
    if not name.strip() or not 1985 <= year <= 2100:
        raise ValueError(gettext("请填写奖项名称和年度"))
    award = PatentAward.objects.create(application=application, name=name.strip()[:200], year=year)
    audit.record(actor, "indicators.award", application, summary=f"{application.key} 获 {year} {name}",
                 changes={"name": name, "year": year})
    return award


@transaction.atomic
def do_load_plan_templates(actor: Any, only_if_missing: bool = False) -> list[Any]:
    """Create or refresh the seed plan templates (plans.load_templates; it syncs the indicator catalogue first).
    `actor` None is the system: the migration hook loads them once, when a database has none (`only_if_missing`),
    so no page has to write them on a GET. Refreshing replaces a template's rows, baselines included."""
    from zhichan.indicators import plans
    from zhichan.indicators.models import Plan

    if actor is not None:
        require(actor, "indicators.plans")
    if only_if_missing and Plan.objects.filter(is_template=True).exists():
        return []
    loaded = plans.load_templates()
    audit.record(actor, "indicators.plan_templates", None, summary=f"载入规划模板 {len(loaded)} 个",
                 changes={"templates": [p.template_key for p in loaded]})
    return loaded


def load_reference(**kwargs: Any) -> None:
    """post_migrate: the seed plan templates (and the catalogue) on a database that has none. Skipped while the
    regions they belong to are not there (a flushed test database)."""
    from zhichan.indicators import plans

    regions = {str(plans.read_template(path)["region"]) for path in plans.template_files()}
    if Region.objects.filter(code__in=regions).count() == len(regions):
        do_load_plan_templates(None, only_if_missing=True)


def do_rebuild_facts(actor: Any, progress: Any = None) -> int:
    """Rebuild every application's indicator facts from its snapshot (`zhichan indicators facts`, after an upgrade
    that adds or changes them; `actor` None is the operator at the command line). The facts are written in one
    transaction per chunk of applications, as a single one over every record would hold SQLite's write lock for
    the whole rebuild; the audit record follows in its own transaction with the count."""
    from zhichan.indicators import facts_rebuild

    if actor is not None:
        require(actor, "indicators.compute")
    done = facts_rebuild.rebuild(progress)
    with transaction.atomic():
        audit.record(actor, "indicators.facts", None, summary=f"重建指标事实 {done} 件", changes={"facts": done})
    return done
