"""The sentences of the periodic reports, in Chinese (a report is an official document, written in Chinese whatever
the reader's interface language). Every sentence is complete whatever is missing: a figure not computed, a
per-capita figure without population, a plan target that needs a baseline, a plan row without any value yet.
Pure Python: plain values in, text out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ON_TRACK, AT_RISK, BEHIND, ACHIEVED, NO_DATA = "on_track", "at_risk", "behind", "achieved", "no_data"
ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Figure:
    """One figure as a sentence needs it: the value (None: not computable) and whether it was computed at all."""

    name: str
    unit: str
    value: float | None = None
    computed: bool = True


def number(value: float) -> str:
    """3.0 → 3, 0.0512 → 0.05, 12345.678 → 12,345.68."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (section numbers)."""
    if n <= 10:
        return ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else ORDINALS[tens - 1]) + "十" + (ORDINALS[ones - 1] if ones else "")


def _clauses(figures: list[Figure], verb: str = "") -> tuple[list[str], list[Figure], list[Figure]]:
    """(clauses of the known values, figures lacking population, figures not computed)."""
    known = [f"{f.name}{verb}{number(f.value)}{f.unit}" for f in figures if f.computed and f.value is not None]
    no_people = [f for f in figures if f.computed and f.value is None]
    missing = [f for f in figures if not f.computed]
    return known, no_people, missing


def overview(scope: str, as_of: dt.date, stocks: list[Figure], per_capita: list[Figure], flows: list[Figure]) -> str:
    """The overview paragraph: holdings at the date, per-capita holdings, the year's flows. `scope`: 全市, or a
    region's name."""
    if not any(f.computed for f in [*stocks, *per_capita, *flows]):
        return f"截至{day(as_of)}，{scope}尚无指标计算结果。"
    out = []
    known, _, missing = _clauses(stocks)
    if known:
        out.append(f"截至{day(as_of)}，{scope}{'，'.join(known)}。")
    known, no_people, more_missing = _clauses(per_capita)
    missing += more_missing
    if known:
        out.append(f"{'，'.join(known)}。")
    if no_people:
        names = "和".join(f.name for f in no_people)
        out.append(f"{names}：{as_of.year}年常住人口数据未录入，暂无法计算。")
    known, _, more_missing = _clauses([Figure(f.name.removesuffix("量"), f.unit, f.value, f.computed)
                                       for f in flows])
    missing += more_missing
    if known:
        out.append(f"{as_of.year}年以来，{'，'.join(known)}。")
    if missing:
        out.append(f"{'、'.join(f.name for f in missing)}尚未计算。")
    return "".join(out)


def missing_population(names: list[str], year: int) -> str:
    return f"{'、'.join(names)}{year}年常住人口数据未录入，其每万人口指标暂无法计算。"


@dataclass(frozen=True)
class PlanRow:
    """A plan row's state, as plans.ItemStatus holds it, in plain values."""

    name: str
    unit: str
    target_kind: str = "absolute"  # absolute | growth | reduction
    target_year: str = ""  # the year (or period) of the final target
    target_number: float | None = None  # as the plan writes it: a value, or a percent for growth / reduction
    target_value: float | None = None  # the value to reach (a percent target needs the baseline)
    milestone: str = ""  # the plan's own words for its last period
    latest_day: dt.date | None = None
    latest_value: float | None = None
    status: str = NO_DATA
    has_baseline: bool = False


STATUS_WORDS = {ACHIEVED: "已完成目标", ON_TRACK: "按当前进度可如期完成", AT_RISK: "按当前进度存在完不成的风险",
                BEHIND: "进度滞后"}


def _target(row: PlanRow) -> str:
    year = f"{row.target_year[:4]}年" if row.target_year else ""
    if row.target_number is None:
        return f"{year}目标为“{row.milestone}”" if row.milestone else "未设定量化目标"
    if row.target_kind == "absolute":
        return f"{year}目标为{number(row.target_number)}{row.unit}"
    change = "增长" if row.target_kind == "growth" else "下降"
    if row.target_value is None:
        return f"{year}目标为较基期{change}{number(row.target_number)}%，基期值未录入，暂无法换算为目标值"
    return f"{year}目标为较基期{change}{number(row.target_number)}%，即{number(row.target_value)}{row.unit}"


def plan_row(row: PlanRow) -> str:
    """One sentence per plan row: target, latest value and progress, each said even when it is missing."""
    parts = [_target(row)]
    if row.latest_value is None or row.latest_day is None:
        parts.append("尚无统计数据" + ("，暂无法评估进度" if row.target_number is not None else ""))
    else:
        latest = f"截至{day(row.latest_day)}为{number(row.latest_value)}{row.unit}"
        if row.status in STATUS_WORDS:
            latest += f"，{STATUS_WORDS[row.status]}"
        elif row.target_number is not None and row.target_value is None:
            latest += "，暂无法评估进度"
        elif row.target_number is not None and not row.has_baseline:
            latest += "，基期值未录入，暂无法评估进度"
        parts.append(latest)
    return f"{row.name}：{'；'.join(parts)}。"


def plan_heading(number_: int, region: str, plan: str, start: int, end: int) -> str:
    """（一）泉山区：《徐州市泉山区……实施方案》（2024—2026年）"""
    return f"（{ordinal(number_)}）{region}：《{plan.strip('《》')}》（{start}—{end}年）"


def no_plans(scope: str, year: int) -> str:
    return f"{scope}及所辖地区尚未设定覆盖{year}年的规划目标。"
