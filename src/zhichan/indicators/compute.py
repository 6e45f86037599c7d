"""Computed indicators for a city and its districts as of a date: one SQL pass over the indicator facts
(patents.PatentFact), under the attribution and high-value settings, which every figure records."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db import connection

from zhichan.patents import highvalue, names

FIRST_HOLDER, ALL_WHOLE, ALL_FRACTIONAL = "first_holder", "all_holders", "fractional"
ATTRIBUTIONS = (FIRST_HOLDER, ALL_WHOLE, ALL_FRACTIONAL)


@dataclass(frozen=True)
class Settings:
    attribution: str = FIRST_HOLDER
    high_value: highvalue.Settings = field(default_factory=highvalue.Settings)

    def as_dict(self) -> dict:
        return {"attribution": self.attribution, **{f"high_value_{k}": v for k, v in asdict(self.high_value).items()}}


def valid_sql(d: str = "%(d)s") -> str:
    return (f'f."grant" <= {d} AND (f."end" IS NULL OR {d} < f."end")'
            f" AND NOT (f.gap1_from IS NOT NULL AND f.gap1_from <= {d} AND {d} < f.gap1_to)"
            f" AND NOT (f.gap2_from IS NOT NULL AND f.gap2_from <= {d} AND {d} < f.gap2_to)")


def high_value_sql(s: highvalue.Settings) -> str:
    sei = "f.sei_main" if s.sei_match == "main" else "f.sei_any"
    ten = "f.ten_from_filing" if s.ten_years_from == "filing" else "f.ten_from_grant"
    return (f"({sei} OR f.family_abroad OR %(d)s > {ten} OR (%(thr)s > 0 AND f.pledge_max_wan >= %(thr)s)"
            " OR f.application_id IN (SELECT application_id FROM patents_patentaward WHERE year <= %(year)s))")


def sql_params(as_of: dt.date, s: Settings, region_prefix: str) -> dict[str, object]:
    """The parameters every condition uses: D, the year's first day, the year, the threshold, the region."""
    return {"d": as_of.year * 10000 + as_of.month * 100 + as_of.day, "y0": as_of.year * 10000 + 101,
            "year": as_of.year, "thr": s.high_value.pledge_threshold_wan, "prefix": region_prefix}


# code -> SQL condition (each is counted, weighted by the attribution share)
def conditions(s: Settings) -> dict[str, str]:
    inv = "f.patent_type = 'invention'"
    this_year = "%(y0)s <= {col} AND {col} <= %(d)s"
    out = {
        "valid_invention": f"{inv} AND f.domestic AND {valid_sql()}",
        "high_value_invention": f"{inv} AND f.domestic AND {valid_sql()} AND {high_value_sql(s.high_value)}",
        "pct_applications": "f.pct AND " + this_year.format(col="f.filing"),
    }
    for kind in ("invention", "utility", "design"):
        out[f"applications_{kind}"] = f"f.patent_type = '{kind}' AND " + this_year.format(col="f.filing")
        out[f"grants_{kind}"] = f"f.patent_type = '{kind}' AND " + this_year.format(col='f."grant"')
    for kind in (names.ENTERPRISE, names.UNIVERSITY, names.INSTITUTE, names.INDIVIDUAL):
        out[f"applications_by_{kind}"] = f"f.applicant_type = '{kind}' AND " + this_year.format(col="f.filing")
    return out


def counts(city_code: str, as_of: dt.date, s: Settings, city_level: bool = False) -> dict[str, dict[str, float]]:
    """region code (district, or the city itself for records placed only at city level) -> code -> count.
    `city_level` counts each application once per city (whole counting over all holders needs it)."""
    conds = conditions(s)
    if s.attribution == FIRST_HOLDER:
        source, region, weight = "patents_patentfact f", "f.region", "1"
    elif city_level:
        source = ("(SELECT DISTINCT application_id, substr(region, 1, 4) || '00' AS region FROM patents_factregion) r"
                  " JOIN patents_patentfact f ON f.application_id = r.application_id")
        region, weight = "r.region", "1"
    else:
        source = "patents_factregion r JOIN patents_patentfact f ON f.application_id = r.application_id"
        region, weight = "r.region", "r.share" if s.attribution == ALL_FRACTIONAL else "1"
    sums = ", ".join(f"SUM(CASE WHEN {c} THEN {weight} ELSE 0 END)" for c in conds.values())
    sql = f"SELECT {region}, {sums} FROM {source} WHERE {region} LIKE %(prefix)s GROUP BY {region}"
    params = sql_params(as_of, s, city_code[:4] + "%")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {row[0]: {code: float(v or 0) for code, v in zip(conds, row[1:], strict=True)} for row in rows}


def totals(city_code: str, districts: list[str], as_of: dt.date, s: Settings) -> dict[str, dict[str, float]]:
    """Every computed count for the city and each of its districts. Records placed only at city level count
    for the city. With whole counting over all holders, a record held in two districts counts in each of them
    and once for the city."""
    codes = list(conditions(s))
    out = {code: dict.fromkeys(codes, 0.0) for code in [city_code, *districts]}
    for region, values in counts(city_code, as_of, s).items():
        targets = {region} if s.attribution == ALL_WHOLE else {region, city_code}
        for target in targets & set(out):
            for code, v in values.items():
                out[target][code] += v
    if s.attribution == ALL_WHOLE:
        out[city_code] = counts(city_code, as_of, s, city_level=True).get(city_code, out[city_code])
    return out
