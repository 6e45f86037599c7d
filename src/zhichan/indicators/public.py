"""The public statistics: the latest computed figures of public indicators, per city and district."""

from __future__ import annotations

from typing import Any

from zhichan.core.models import Region
from zhichan.indicators import catalogue
from zhichan.indicators.figures import latest_computation
from zhichan.indicators.models import ComputedFigure, IndicatorDefinition


def latest(city: Region) -> dict[str, Any]:
    """{as_of, settings, indicators: [...], rows: [{code, name, values: {indicator: value}}]} or empty."""
    regions = {r.code: r for r in [city, *city.children.order_by("code")]}
    order = {row[0]: i for i, row in enumerate(catalogue.CATALOGUE)}
    public = sorted(IndicatorDefinition.objects.filter(public=True, kind=IndicatorDefinition.COMPUTED),
                    key=lambda d: order.get(d.code, len(order)))
    chosen = latest_computation(ComputedFigure.objects.filter(region_id__in=regions, indicator__in=public))
    if not chosen:
        return {}
    newest = chosen[0]
    values: dict[str, dict[str, float | None]] = {}
    for f in chosen:
        values.setdefault(f.region_id, {})[f.indicator_id] = f.value
    return {
        "city": city.name, "city_code": city.code, "as_of": newest.as_of.isoformat(), "settings": newest.settings,
        "indicators": [{"code": d.code, "name": d.name_zh, "name_en": d.name_en, "unit": d.unit, "formula": d.formula}
                       for d in public],
        "rows": [{"code": code, "name": regions[code].name, "values": values.get(code, {})} for code in regions],
    }
