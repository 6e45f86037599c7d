"""Plans: the seed templates (plan_templates/*.yaml, transcribed from the seed plans), and each plan item's
progress from the latest computed or approved reported value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from zhichan.indicators import catalogue, periods, progress
from zhichan.indicators.models import (
    ComputedFigure,
    IndicatorDefinition,
    Plan,
    PlanIndicator,
    PlanTarget,
    ReportedValue,
)

TEMPLATES = Path(__file__).parent / "plan_templates"
LOWER_IS_BETTER = {"case_closing_days"}


def template_files() -> list[Path]:
    return sorted(TEMPLATES.glob("*.yaml"))


def read_template(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text("utf-8"))


@transaction.atomic
def load_templates() -> list[Plan]:
    """Create or refresh the template plans (idempotent)."""
    catalogue.sync()
    plans = []
    for path in template_files():
        data = read_template(path)
        plan, _ = Plan.objects.update_or_create(template_key=data["key"], is_template=True, defaults={
            "name": data["name"], "region_id": data["region"], "start_year": data["start_year"],
            "end_year": data["end_year"], "source": data["source"]})
        fill(plan, data)
        plans.append(plan)
    return plans


def fill(plan: Plan, data: dict[str, Any]) -> Plan:
    """Replace a plan's rows with those of `data` (the template structure, also produced by plans_io)."""
    plan.items.all().delete()
    for order, item in enumerate(data["indicators"]):
        _define(item, data.get("key", plan.name))
        row = PlanIndicator.objects.create(plan=plan, indicator_id=item["code"], order=order,
                                           number=item.get("no"), target_kind=item.get("kind", "absolute"),
                                           wording=item.get("wording", ""), baseline_year=item.get("baseline_year"),
                                           baseline_value=item.get("baseline_value"))
        PlanTarget.objects.bulk_create(_targets(row, item))
    return plan


@dataclass
class ItemStatus:
    item: PlanIndicator
    target: PlanTarget | None
    target_value: float | None
    latest: progress.Point | None
    assessed: progress.Progress
    milestone: str = ""  # the plan's own words for its last period
    history: list[progress.Point] = field(default_factory=list)  # the values over time (trend)


def history(item: PlanIndicator) -> list[progress.Point]:
    """One value per date: computed figures (the latest computation of each date), or approved reported values."""
    from zhichan.indicators import providers

    region = item.plan.region_id
    points: dict[dt.date, float] = {}
    if item.indicator.kind == IndicatorDefinition.COMPUTED:
        for as_of, value in (ComputedFigure.objects.filter(indicator=item.indicator, region_id=region)
                             .exclude(value=None).order_by("as_of", "computed_at").values_list("as_of", "value")):
            points[as_of] = value
        if item.indicator_id not in providers.codes():
            return [progress.Point(d, v) for d, v in sorted(points.items())]
    # reported values; for an indicator another app computes, an approved reported value is the official figure
    # of its period's last day and takes the place of the computed one there (docs/indicators.md)
    rows = (ReportedValue.objects.filter(indicator=item.indicator, region_id=region, status=ReportedValue.APPROVED)
            .order_by("pk").values_list("period", "value"))
    points.update({periods.parse(p)[1]: v for p, v in rows})  # the last approved value of each period counts
    return [progress.Point(d, v) for d, v in sorted(points.items())]


def status(item: PlanIndicator, as_of: dt.date | None = None) -> ItemStatus:
    """The item's progress from its latest value (by `as_of` when given: a report of a past period)."""
    final = item.targets.exclude(value=None).order_by("-period").first()
    last_words = item.targets.order_by("-period").values_list("text", flat=True).first() or ""
    points = [p for p in history(item) if as_of is None or p.day <= as_of]
    latest = points[-1] if points else None
    baseline = (progress.Point(dt.date(item.baseline_year, 12, 31), item.baseline_value)
                if item.baseline_year and item.baseline_value is not None else None)
    target_value = final.value if final else None
    if final and item.target_kind != PlanIndicator.ABSOLUTE:
        factor = 1 + final.value / 100 if item.target_kind == PlanIndicator.GROWTH else 1 - final.value / 100
        target_value = baseline.value * factor if baseline else None
    if final is None or target_value is None:
        return ItemStatus(item, final, None, latest, progress.Progress(progress.NO_DATA, None, None), last_words,
                          points)
    deadline = progress.Point(dt.date(int(final.period[:4]), 12, 31), target_value)
    lower = item.indicator_id in LOWER_IS_BETTER or item.target_kind == PlanIndicator.REDUCTION
    return ItemStatus(item, final, target_value, latest, progress.assess(baseline, deadline, latest, lower),
                      last_words, points)


def _define(item: dict, plan_key: str) -> None:
    """A plan row that names an indicator not in the catalogue brings its definition (reported by a department,
    or a task with milestones only)."""
    if IndicatorDefinition.objects.filter(code=item["code"]).exists():
        return
    kind = IndicatorDefinition.REPORTED if item.get("values") or item.get("targets") else IndicatorDefinition.TASK
    IndicatorDefinition.objects.create(code=item["code"], name_zh=item.get("name") or item["wording"][:100],
                                       name_en="", unit=item.get("unit", ""), kind=kind,
                                       formula=item["wording"], levels=["city"], seeds=[plan_key])


def _targets(row: PlanIndicator, item: dict) -> list[PlanTarget]:
    """`targets` (numbers) or `values` plus `milestones` (the plan's own words per year)."""
    numbers = {str(k): float(v) for k, v in (item.get("targets") or item.get("values") or {}).items()}
    words = {str(k): str(v) for k, v in (item.get("milestones") or {}).items()}
    return [PlanTarget(item=row, period=p, value=numbers.get(p), text=words.get(p, "")[:300])
            for p in sorted(set(numbers) | set(words))]
