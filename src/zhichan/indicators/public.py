"""The public statistics: the figures of public indicators as an office user published them (a Publication), per
scope and the regions under it. A computation by itself shows nothing here: what-if runs and recomputations stay
inside the office until someone publishes one."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhichan.core.models import Region
from zhichan.indicators import catalogue, wording
from zhichan.indicators.models import IndicatorDefinition, Publication


def published_regions() -> list[Region]:
    """The scopes with a publication, in code order (the page's region choice)."""
    codes = Publication.objects.values_list("region_id", flat=True).distinct()
    return list(Region.objects.filter(code__in=codes).order_by("code"))


def default_region() -> Region | None:
    """The scope published last."""
    newest = Publication.objects.select_related("region").first()
    return newest.region if newest else None


def latest(city: Region) -> dict[str, Any]:
    """{city, city_code, as_of, published_at, settings, settings_text, indicators: [...],
    rows: [{code, name, values: {indicator: value}}]} of the region's newest publication, or empty."""
    publication = Publication.objects.filter(region=city).first()
    if publication is None:
        return {}
    order = {row[0]: i for i, row in enumerate(catalogue.CATALOGUE)}
    shown = sorted(IndicatorDefinition.objects.filter(public=True, kind=IndicatorDefinition.COMPUTED),
                   key=lambda d: order.get(d.code, len(order)))
    values: dict[str, dict[str, float | None]] = {}
    for region_id, indicator_id, value in publication.figures.filter(indicator__in=shown).values_list(
            "region_id", "indicator_id", "value"):
        values.setdefault(region_id, {})[indicator_id] = value
    names = dict(Region.objects.filter(code__in=values).values_list("code", "name"))
    codes = [city.code, *sorted(code for code in values if code != city.code)]
    return {
        "city": city.name, "city_code": city.code, "as_of": publication.as_of.isoformat(),
        "published_at": timezone.localtime(publication.published_at).isoformat(timespec="seconds"),
        "settings": publication.settings, "settings_text": wording.settings_text(publication.settings),
        "indicators": [{"code": d.code, "name": d.name_zh, "name_en": d.name_en, "unit": d.unit, "formula": d.formula,
                        "label": d.name, "unit_label": d.unit_label, "formula_label": d.formula_label}
                       for d in shown],
        "rows": [{"code": code, "name": names.get(code, city.name), "values": values.get(code, {})} for code in codes],
    }
