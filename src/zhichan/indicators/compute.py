"""Computed indicators for a region (全国, a province, a city or a district) and each region under it, as of a
date: one SQL pass over the indicator facts (patents.PatentFact), under the attribution and high-value settings,
which every figure records.

A record counts for the region of its holder (docs/indicators.md): for every region that contains that place.
A record placed only at a coarser level than the regions under the scope (a province-only address in a province's
figures, a city-only one in a city's) counts for the scope and is reported as not placed (未定位) below it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db import connection

from zhichan.patents import highvalue, names

FIRST_HOLDER, ALL_WHOLE, ALL_FRACTIONAL = "first_holder", "all_holders", "fractional"
ATTRIBUTIONS = (FIRST_HOLDER, ALL_WHOLE, ALL_FRACTIONAL)
NATION = "100000"  # 全国: every domestic record, placed or not
UNPLACED = "unplaced"  # the key of the records of a scope that none of the regions under it holds
GRANT_UNKNOWN = {"valid_invention": "valid_invention_grant_unknown",
                 "high_value_invention": "high_value_invention_grant_unknown"}


@dataclass(frozen=True)
class Settings:
    attribution: str = FIRST_HOLDER
    high_value: highvalue.Settings = field(default_factory=highvalue.Settings)
    # leave out the applications an abnormal-application review concluded 非正常 and marked for exclusion
    # (agencies.AbnormalRecord.excluded; the setting ZHICHAN_INDICATORS_EXCLUDE_ABNORMAL turns it on)
    exclude_abnormal: bool = False

    def as_dict(self) -> dict:
        recorded = {"attribution": self.attribution,
                    **{f"high_value_{k}": v for k, v in asdict(self.high_value).items()}}
        if self.exclude_abnormal:  # recorded only when on: figures computed before the option keep their settings
            recorded["exclude_abnormal"] = True
        return recorded


# The exclusion list the abnormal-application review keeps (agencies/abnormal_models.AbnormalRecord).
EXCLUDED_ABNORMAL_SQL = "f.application_id NOT IN (SELECT application_id FROM agencies_abnormalrecord WHERE excluded)"


def prefix_of(code: str) -> str:
    """The code prefix every place inside a region shares: 320000 → 32, 320300 → 3203, 320311 → 320311, 全国 → ''."""
    if code == NATION:
        return ""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def valid_sql(d: str = "%(d)s") -> str:
    return (f'f."grant" <= {d} AND (f."end" IS NULL OR {d} < f."end")'
            f" AND NOT (f.gap1_from IS NOT NULL AND f.gap1_from <= {d} AND {d} < f.gap1_to)"
            f" AND NOT (f.gap2_from IS NOT NULL AND f.gap2_from <= {d} AND {d} < f.gap2_to)"
            f" AND (NOT f.gaps_more OR NOT EXISTS (SELECT 1 FROM patents_factgap g WHERE"
            f" g.application_id = f.application_id AND g.start <= {d} AND {d} < g.stop))")


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
    valid_invention = f"{inv} AND f.domestic AND {valid_sql()}"
    high_value = f"{valid_invention} AND {high_value_sql(s.high_value)}"
    out = {
        "valid_invention": valid_invention,
        "valid_invention_grant_unknown": f"{valid_invention} AND NOT f.grant_known",
        "valid_invention_foreign": f"{inv} AND f.country = 'CN' AND NOT f.domestic AND {valid_sql()}",
        "high_value_invention": high_value,
        "high_value_invention_grant_unknown": f"{high_value} AND NOT f.grant_known",
        "pct_applications": "f.pct AND " + this_year.format(col="f.filing"),
        "pct_national_phase": "f.pct_national AND f.domestic AND " + this_year.format(col="f.filing"),
    }
    national = "f.domestic AND NOT f.pct"  # applications at CNIPA: a PCT international application is not one
    for kind in ("invention", "utility", "design"):
        out[f"applications_{kind}"] = f"f.patent_type = '{kind}' AND {national} AND " + \
            this_year.format(col="f.filing")
        out[f"grants_{kind}"] = f"f.patent_type = '{kind}' AND {national} AND f.grant_known AND " + \
            this_year.format(col='f."grant"')
    for kind in (names.ENTERPRISE, names.UNIVERSITY, names.INSTITUTE, names.INDIVIDUAL):
        out[f"applications_by_{kind}"] = f"f.applicant_type = '{kind}' AND {national} AND " + \
            this_year.format(col="f.filing")
    return out


_JOINED = "patents_factregion r JOIN patents_patentfact f ON f.application_id = r.application_id"
_IN_SCOPE = "r.region LIKE %(prefix)s"


def _source(prefix: str, s: Settings, group_len: int) -> tuple[str, str, str, str]:
    """(FROM, place expression, weight, WHERE) of the aggregate for the attribution rule."""
    if s.attribution == FIRST_HOLDER:
        return "patents_patentfact f", "f.region", "1", "f.region LIKE %(prefix)s"
    if s.attribution == ALL_FRACTIONAL:
        return _JOINED, "r.region", "r.share", _IN_SCOPE
    if group_len >= 6:  # whole counting per district: a holder place is recorded once per application
        return _JOINED, "r.region", "1", _IN_SCOPE
    if group_len <= len(prefix):  # whole counting for the scope itself: every application held in it, once
        return ("patents_patentfact f", "substr(f.region, 1, 0)", "1",  # '', grouped as one
                "f.application_id IN (SELECT application_id FROM patents_factregion WHERE region LIKE %(prefix)s)")
    distinct = (f"(SELECT DISTINCT application_id, substr(region, 1, {int(group_len)}) AS region"
                " FROM patents_factregion WHERE region LIKE %(prefix)s) r"
                " JOIN patents_patentfact f ON f.application_id = r.application_id")
    return distinct, "r.region", "1", "1 = 1"


def counts(prefix: str, as_of: dt.date, s: Settings, group_len: int = 6) -> dict[str, dict[str, float]]:
    """place code (as recorded: district, city, province, or '' unknown) -> code -> count, for the records placed
    under `prefix`. Whole counting over all holders counts an application once per distinct place cut to
    `group_len` characters (so a record held in two districts counts once for their city; with `group_len` the
    prefix's own length, once for the scope, under the place '')."""
    conds = conditions(s)
    source, region, weight, where = _source(prefix, s, group_len)
    if s.exclude_abnormal:
        where = f"({where}) AND {EXCLUDED_ABNORMAL_SQL}"
    sums = ", ".join(f"SUM(CASE WHEN {c} THEN {weight} ELSE 0 END)" for c in conds.values())
    sql = f"SELECT {region}, {sums} FROM {source} WHERE {where} GROUP BY {region}"
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params(as_of, s, prefix + "%"))
        rows = cursor.fetchall()
    return {row[0] or "": {code: float(v or 0) for code, v in zip(conds, row[1:], strict=True)} for row in rows}


def totals(scope: str, children: list[str], as_of: dt.date, s: Settings) -> dict[str, dict[str, float]]:
    """Every computed count for the scope, each region under it, and UNPLACED: the scope's records that none of
    the children holds (placed only at the scope's own level or coarser, or not placed at all for 全国)."""
    codes = list(conditions(s))
    keys = [scope, *children, UNPLACED]
    out = {key: dict.fromkeys(codes, 0.0) for key in keys}
    child_prefixes = {prefix_of(c): c for c in children}
    scope_prefix = prefix_of(scope)
    child_len = max((len(p) for p in child_prefixes), default=len(scope_prefix) or 2)
    for place, values in counts(scope_prefix, as_of, s, child_len).items():
        child = next((c for p, c in child_prefixes.items() if place.startswith(p)), UNPLACED)
        for code, v in values.items():
            out[child][code] += v
            if s.attribution != ALL_WHOLE:
                out[scope][code] += v
    if s.attribution == ALL_WHOLE:  # once per application for the scope itself
        for values in counts(scope_prefix, as_of, s, len(scope_prefix)).values():
            for code, v in values.items():
                out[scope][code] += v
    return out
