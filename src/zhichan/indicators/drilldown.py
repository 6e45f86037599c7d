"""The records behind a computed figure, with the reasons (which high-value criteria each patent meets).
The selection is the same SQL condition the figure used, so the list and the number agree. The page shows the
records a page at a time; the spreadsheet holds every one of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import connection

from zhichan.indicators import compute
from zhichan.patents import highvalue
from zhichan.patents.models import PatentAward, PatentFact

PER_PAGE = 50
CHUNK = 2000  # records read at once for the spreadsheet


def _date(value: int | None) -> dt.date | None:
    return dt.date(value // 10000, value // 100 % 100, value % 100) if value else None


PER_10K = {"valid_invention_per_10k": "valid_invention", "high_value_per_10k": "high_value_invention"}


def counted(code: str) -> str:
    """The indicator whose records a figure counts (a per-capita figure: its numerator's)."""
    return PER_10K.get(code, code)


def ids(code: str, region_code: str, as_of: dt.date, settings: compute.Settings, unplaced: bool = False) -> list[int]:
    """Every record behind a computed figure (application ids, in order): the same SQL condition and attribution
    (first holder: the first holder's place is in the region; all holders, whole or by share: any holder's place is
    — a fractional figure sums the shares of these records). `unplaced`: only the region's records that none of the
    regions under it holds (未定位). KeyError for an indicator that is not computed."""
    conditions = compute.conditions(settings)
    condition = conditions[counted(code)]
    prefix = compute.prefix_of(region_code)
    params = compute.sql_params(as_of, settings, prefix + "%")
    column = "f.region" if settings.attribution == compute.FIRST_HOLDER else "r.region"
    where = f"{column} LIKE %(prefix)s"
    if unplaced:  # placed at the region's own level or coarser: a city's records with no district …
        params["exact"] = region_code
        where = f"({column} = %(exact)s OR {column} = '')" if region_code == compute.NATION else \
            f"{column} = %(exact)s"
    if column == "r.region":
        where = f"f.application_id IN (SELECT r.application_id FROM patents_factregion r WHERE {where})"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT f.application_id FROM patents_patentfact f WHERE {where} "
                       f"AND {condition} ORDER BY f.application_id", params)
        return [row[0] for row in cursor.fetchall()]


def rows(code: str, chosen: list[int], as_of: dt.date, settings: compute.Settings) -> list[dict[str, Any]]:
    """The records of the given ids (one page), with the high-value criteria each meets when the figure counts
    high-value patents."""
    high_value = counted(code) == "high_value_invention"
    awarded = set(PatentAward.objects.filter(year__lte=as_of.year, application_id__in=chosen)
                  .values_list("application_id", flat=True)) if high_value else set()
    out = []
    for f in PatentFact.objects.filter(pk__in=chosen).select_related("application").order_by("pk"):
        flags: list[str] = []
        if high_value:
            evidence = highvalue.Evidence(_date(f.filing), _date(f.grant), f.sei_main, f.sei_any, f.family_abroad,
                                          f.pledge_max_wan, f.application_id in awarded)
            met = highvalue.flags(evidence, settings.high_value, as_of)
            flags = [highvalue.LABELS[c] for c in highvalue.CRITERIA if c in met]
        out.append({"app": f.application, "flags": flags})
    return out


def every_row(code: str, chosen: list[int], as_of: dt.date, settings: compute.Settings) -> Iterator[dict[str, Any]]:
    """Every record, read a chunk at a time (the spreadsheet of all of them)."""
    for start in range(0, len(chosen), CHUNK):
        yield from rows(code, chosen[start:start + CHUNK], as_of, settings)
