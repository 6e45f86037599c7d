"""Spreadsheets an office uploads: population per region and year, reported indicator values. Every bad row is
reported (file, row, column, reason); the good rows are kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext

from zhichan.core import region_lookup, regions
from zhichan.indicators import catalogue, periods
from zhichan.indicators.models import IndicatorDefinition
from zhichan.patents.ingest.errors import FileError
from zhichan.patents.ingest.files import read_csv, read_spreadsheet

COLUMNS = {
    "region": ["地区代码", "行政区划代码", "地区", "地区名称", "region", "region code"],
    "year": ["年份", "年度", "year"],
    "persons": ["常住人口", "常住人口（人）", "常住人口(人)", "人口", "population"],
    "source": ["来源", "来源说明", "数据来源", "source"],
    "indicator": ["指标代码", "指标", "指标名称", "indicator"],
    "period": ["期间", "统计期间", "period"],
    "value": ["数值", "值", "value"],
}


@dataclass
class RowProblem:
    file: str
    row: int
    column: str
    reason: str


def rows_of(path: Path) -> list[list[object]]:
    if path.suffix.lower() in {".csv", ".txt"}:
        return list(read_csv(path))
    for _, rows in read_spreadsheet(path):
        return list(rows)
    raise FileError(path.name, gettext("文件中没有数据"))


def _header(cells: list[object], needed: list[str], name: str) -> dict[str, int]:
    labels = [str(c or "").strip().lower() for c in cells]
    found = {}
    for field in needed:
        index = next((labels.index(s.lower()) for s in COLUMNS[field] if s.lower() in labels), None)
        if index is None:
            raise FileError(name, gettext("缺少列“%(column)s”（第一行应为表头）") % {"column": COLUMNS[field][0]})
        found[field] = index
    for field in ("source",):
        index = next((labels.index(s.lower()) for s in COLUMNS[field] if s.lower() in labels), None)
        if index is not None:
            found[field] = index
    return found


def _cell(row: list[object], index: int | None) -> str:
    if index is None or index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _region(text: str, rows: regions.Table) -> tuple[str | None, str]:
    """(code, "") or (None, why): the shared rule of region input (a code, a name, or a path such as 徐州市泉山区)."""
    try:
        return region_lookup.find_code(text, rows), ""
    except region_lookup.RegionNotFound as exc:
        return None, str(exc)


def population(path: Path, name: str) -> tuple[list[tuple[str, int, int, str]], list[RowProblem]]:
    rows = rows_of(path)
    cols = _header(rows[0] if rows else [], ["region", "year", "persons"], name)
    table = region_lookup.table()
    good, bad = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(_cell(row, i) for i in cols.values()):
            continue
        region, why = _region(_cell(row, cols["region"]), table)
        year, persons = _cell(row, cols["year"]), _cell(row, cols["persons"]).replace(",", "")
        if region is None:
            bad.append(RowProblem(name, number, "地区", gettext("找不到唯一的地区：%(why)s") % {"why": why}))
        elif not re.fullmatch(r"(19|20|21)\d\d", year):
            bad.append(RowProblem(name, number, "年份", gettext("“%(value)s”不是年份") % {"value": year}))
        elif not persons.isdigit() or int(persons) <= 0:
            bad.append(RowProblem(name, number, "常住人口", gettext("“%(value)s”不是正整数（单位：人）") % {"value": persons}))
        else:
            good.append((region, int(year), int(persons), _cell(row, cols.get("source"))))
    return good, bad


def reported(path: Path, name: str) -> tuple[list[tuple[str, str, str, float, str]], list[RowProblem]]:
    rows = rows_of(path)
    cols = _header(rows[0] if rows else [], ["indicator", "region", "period", "value"], name)
    table = region_lookup.table()
    defs = {d.code: d for d in IndicatorDefinition.objects.filter(code__in=catalogue.reportable_codes())}
    by_name = {d.name_zh: d.code for d in defs.values()}
    good, bad = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(_cell(row, i) for i in cols.values()):
            continue
        raw_indicator = _cell(row, cols["indicator"])
        indicator = raw_indicator if raw_indicator in defs else by_name.get(raw_indicator)
        region, why = _region(_cell(row, cols["region"]), table)
        period, value, source = _cell(row, cols["period"]), _cell(row, cols["value"]), _cell(row, cols.get("source"))
        problem = None
        if indicator is None:
            problem = ("指标", gettext("“%(value)s”不是部门填报类指标") % {"value": raw_indicator})
        elif region is None:
            problem = ("地区", gettext("找不到唯一的地区：%(why)s") % {"why": why})
        elif not _period_ok(period):
            problem = ("期间", gettext("“%(value)s”应写作 2025、2025H1 或 2025Q3") % {"value": period})
        elif not re.fullmatch(r"-?\d+(\.\d+)?", value.replace(",", "")):
            problem = ("数值", gettext("“%(value)s”不是数字") % {"value": value})
        elif not source:
            problem = ("来源说明", gettext("请说明数据来源"))
        if problem:
            bad.append(RowProblem(name, number, *problem))
        else:
            good.append((indicator, region, period.upper(), float(value.replace(",", "")), source))  # type: ignore[arg-type]
    return good, bad


def _period_ok(period: str) -> bool:
    try:
        periods.parse(period)
    except ValueError:
        return False
    return True
