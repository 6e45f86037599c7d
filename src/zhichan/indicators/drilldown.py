"""The records behind a computed figure, with the reasons (which high-value criteria each patent meets).
The selection is the same SQL condition the figure used, so the list and the number agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from zhichan.indicators import compute
from zhichan.patents import highvalue
from zhichan.patents.models import PatentAward, PatentFact

LIMIT = 2000


def _date(value: int | None) -> dt.date | None:
    return dt.date(value // 10000, value // 100 % 100, value % 100) if value else None


PER_10K = {"valid_invention_per_10k": "valid_invention", "high_value_per_10k": "high_value_invention"}


def records(code: str, region_code: str, as_of: dt.date, settings: compute.Settings,
            unplaced: bool = False) -> tuple[int, list[dict]]:
    """(how many, the first LIMIT) records behind a computed figure: the same SQL condition, first-holder
    attribution (a city includes its districts). High-value records carry the criteria each one meets.
    `unplaced`: only the region's records that none of the regions under it holds (未定位)."""
    code = PER_10K.get(code, code)
    conditions = compute.conditions(settings)
    if code not in conditions:
        raise KeyError(code)
    if code == "high_value_invention" and not unplaced:
        return high_value(region_code, as_of, settings)
    ids = _ids(conditions[code], region_code, as_of, settings, unplaced)
    facts = PatentFact.objects.filter(pk__in=ids[:LIMIT]).select_related("application").order_by("pk")
    return len(ids), [{"app": f.application, "flags": []} for f in facts]


def _ids(condition: str, region_code: str, as_of: dt.date, settings: compute.Settings,
         unplaced: bool = False) -> list[int]:
    """Placed within the region (LIKE its prefix), or, `unplaced`, placed at the region's own level or coarser:
    a city's records with no district, a province's with no city, 全国's with no province."""
    prefix = compute.prefix_of(region_code)
    params = compute.sql_params(as_of, settings, prefix + "%")
    where = "f.region LIKE %(prefix)s"
    if unplaced:
        params["exact"] = region_code
        where = "(f.region = %(exact)s OR f.region = '')" if region_code == compute.NATION else \
            "f.region = %(exact)s"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT f.application_id FROM patents_patentfact f WHERE {where} "
                       f"AND {condition} ORDER BY f.application_id", params)
        return [row[0] for row in cursor.fetchall()]


def high_value(region_code: str, as_of: dt.date, settings: compute.Settings) -> tuple[int, list[dict[str, Any]]]:
    """(how many, the first LIMIT) high-value patents of the region, with the criteria each one meets."""
    condition = compute.conditions(settings)["high_value_invention"]
    ids = _ids(condition, region_code, as_of, settings)
    awarded = set(PatentAward.objects.filter(year__lte=as_of.year, application_id__in=ids[:LIMIT])
                  .values_list("application_id", flat=True))
    rows = []
    for f in PatentFact.objects.filter(pk__in=ids[:LIMIT]).select_related("application").order_by("pk"):
        evidence = highvalue.Evidence(_date(f.filing), _date(f.grant), f.sei_main, f.sei_any, f.family_abroad,
                                      f.pledge_max_wan, f.application_id in awarded)
        flags = highvalue.flags(evidence, settings.high_value, as_of)
        rows.append({"app": f.application, "flags": [highvalue.LABELS[c] for c in highvalue.CRITERIA if c in flags]})
    return len(ids), rows
