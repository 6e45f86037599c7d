"""Grading a stock patent (存量专利盘活: 市场评价, 分层推广; docs/market.md). Pure Python (conf only reads the
environment).

Seven documented indicators, each a value from 0 to 1 with a weight (settings `ZHICHAN_STOCK_WEIGHT_*`, relative
points divided by their sum so that a score runs from 0 to 100) and a sentence saying why:

| indicator | value |
|---|---|
| term | years of term left (from the filing date and the kind: invention 20, utility model 10, design 10 or 15) ÷ 10, at most 1; 0 when not in force today |
| claims | number of claims ÷ 10, at most 1 |
| family | family members beyond itself ÷ 4, at most 1; 1 with a family member granted abroad |
| citations | times cited by later patents ÷ 5, at most 1 |
| legal | 1, less 0.4 for a lapse later restored, 0.4 for an invalidation event, 0.2 for a pledge in force; 0 while suspended (中止) |
| sei | 1 when the patent falls in a strategic emerging industry (SEI concordance), else 0 |
| self | the holder's own rating: prospects 1–5 as (p − 1) ÷ 4, maturity TRL 1–9 as (t − 1) ÷ 8, their mean |

A fact the record does not hold (claims, family, citations unknown; no self-rating) takes the neutral value 0.5 and
says so. The grade (分层): A from `ZHICHAN_STOCK_GRADE_A` points, B from `_B`, C from `_C`, else D; a patent not in
force today is D whatever its points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zhichan import conf


def _(text: str) -> str:
    """Marks a sentence for the catalogue; pages show it through gettext (this module stays pure)."""
    return text


INDICATORS = ("term", "claims", "family", "citations", "legal", "sei", "self")
SETTING = {name: f"ZHICHAN_STOCK_WEIGHT_{name.upper()}" for name in INDICATORS}
LABELS = {"term": _("剩余保护期"), "claims": _("权利要求数"), "family": _("同族专利"), "citations": _("被引证次数"),
          "legal": _("法律事件"), "sei": _("战略性新兴产业"), "self": _("自评（前景、成熟度）")}
GRADES = ("A", "B", "C", "D")
NEUTRAL = 0.5
TERM_FULL_YEARS = 10  # ten years or more of term left counts fully
CLAIMS_FULL, FAMILY_FULL, CITED_FULL = 10, 4, 5
LAPSE_RESTORED, INVALIDATION, PLEDGE = 0.4, 0.4, 0.2  # deductions of the legal indicator


@dataclass(frozen=True)
class Facts:
    """What the grading reads of one patent (built from its record by market/stock.py)."""

    valid_today: bool
    term_end: dt.date | None  # the first day it is no longer in force by expiry of its term
    claims: int | None = None
    family_size: int | None = None  # members including itself
    family_abroad: bool = False  # a member granted outside China
    cited_by: int | None = None
    restored_lapses: int = 0  # lapses (e.g. unpaid annual fee) later restored
    invalidation: bool = False  # an invalidation request or decision in its legal events
    pledged: bool = False  # a pledge in force
    suspended: bool = False  # 中止 in force
    sei: tuple[str, ...] = ()
    prospects: int | None = None  # self-rating 1–5
    trl: int | None = None  # self-rating 1–9


@dataclass(frozen=True)
class Indicator:
    name: str
    value: float  # 0 … 1
    why: str  # a sentence with %(…)s placeholders, translated by the page
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Grade:
    grade: str
    score: float  # 0 … 100
    reasons: list[dict[str, Any]]  # per indicator: name, label, value, weight, points, why, params; then the verdict


def weights(overrides: dict[str, float] | None = None) -> dict[str, float]:
    raw = {name: float(conf.value(SETTING[name])) for name in INDICATORS}  # type: ignore[arg-type]
    raw.update(overrides or {})
    total = sum(max(0.0, v) for v in raw.values()) or 1.0
    return {name: max(0.0, raw[name]) * 100 / total for name in INDICATORS}


def thresholds() -> tuple[float, float, float]:
    return tuple(float(conf.value(f"ZHICHAN_STOCK_GRADE_{g}")) for g in "ABC")  # type: ignore[return-value]


def years_left(end: dt.date | None, today: dt.date) -> float:
    """Years of term left, to one decimal (365.25 days a year)."""
    if end is None or end <= today:
        return 0.0
    return round((end - today).days / 365.25, 1)


def term(f: Facts, today: dt.date) -> Indicator:
    if not f.valid_today:
        return Indicator("term", 0.0, _("今天不在有效期内"))
    if f.term_end is None:
        return Indicator("term", NEUTRAL, _("申请日不详，无法计算剩余保护期，按中间值计"))
    years = years_left(f.term_end, today)
    return Indicator("term", min(1.0, years / TERM_FULL_YEARS),
                     _("保护期至 %(end)s，剩余 %(years)s 年（满 %(full)s 年记满分）"),
                     {"end": f.term_end.isoformat(), "years": years, "full": TERM_FULL_YEARS})


def _count(name: str, count: int | None, full: int, said: str) -> Indicator:
    if count is None:
        return Indicator(name, NEUTRAL, _("数据中没有此项，按中间值计"))
    return Indicator(name, min(1.0, max(0, count) / full), said, {"count": count, "full": full})


def claims(f: Facts) -> Indicator:
    return _count("claims", f.claims, CLAIMS_FULL, _("%(count)s 项权利要求（%(full)s 项及以上记满分）"))


def family(f: Facts) -> Indicator:
    if f.family_abroad:
        return Indicator("family", 1.0, _("有在境外授权的同族专利"))
    if f.family_size is None:
        return Indicator("family", NEUTRAL, _("数据中没有此项，按中间值计"))
    others = max(0, f.family_size - 1)
    return Indicator("family", min(1.0, others / FAMILY_FULL),
                     _("同族 %(size)s 件（除本件外 %(others)s 件，%(full)s 件及以上记满分）"),
                     {"size": f.family_size, "others": others, "full": FAMILY_FULL})


def citations(f: Facts) -> Indicator:
    return _count("citations", f.cited_by, CITED_FULL, _("被引证 %(count)s 次（%(full)s 次及以上记满分）"))


def legal(f: Facts) -> Indicator:
    if f.suspended:
        return Indicator("legal", 0.0, _("处于中止程序（权属纠纷或保全）"))
    value, found = 1.0, []
    if f.restored_lapses:
        value -= LAPSE_RESTORED
        found.append(_("曾因未缴年费等终止后恢复"))
    if f.invalidation:
        value -= INVALIDATION
        found.append(_("有无效宣告事件"))
    if f.pledged:
        value -= PLEDGE
        found.append(_("处于质押中"))
    if not found:
        return Indicator("legal", 1.0, _("没有不利的法律事件"))
    return Indicator("legal", max(0.0, round(value, 4)), _("不利事件：%(events)s"), {"events": found})


def sei(f: Facts) -> Indicator:
    if f.sei:
        return Indicator("sei", 1.0, _("属于战略性新兴产业 %(codes)s"), {"codes": "、".join(f.sei)})
    return Indicator("sei", 0.0, _("不属于战略性新兴产业"))


def self_rating(f: Facts) -> Indicator:
    parts = []
    if f.prospects is not None:
        parts.append((f.prospects - 1) / 4)
    if f.trl is not None:
        parts.append((f.trl - 1) / 8)
    if not parts:
        return Indicator("self", NEUTRAL, _("尚未自评，按中间值计"))
    return Indicator("self", round(sum(parts) / len(parts), 4), _("自评前景 %(prospects)s / 5，成熟度 TRL %(trl)s / 9"),
                     {"prospects": f.prospects if f.prospects is not None else "—",
                      "trl": f.trl if f.trl is not None else "—"})


def tier(score: float, valid_today: bool, limits: tuple[float, float, float] | None = None) -> str:
    if not valid_today:
        return "D"
    a, b, c = limits or thresholds()
    return "A" if score >= a else "B" if score >= b else "C" if score >= c else "D"


def grade(f: Facts, today: dt.date, share: dict[str, float] | None = None,
          limits: tuple[float, float, float] | None = None) -> Grade:
    """The score (the sum of the indicators' points) and the tier, with every indicator's explanation."""
    share = share or weights()
    found = [term(f, today), claims(f), family(f), citations(f), legal(f), sei(f), self_rating(f)]
    reasons, total = [], 0.0
    for ind in found:
        points = share[ind.name] * ind.value
        total += points
        reasons.append({"name": ind.name, "label": LABELS[ind.name], "value": round(ind.value, 4),
                        "weight": round(share[ind.name], 2), "points": round(points, 2), "why": ind.why,
                        "params": ind.params})
    score = round(total, 1)
    return Grade(tier(score, f.valid_today, limits), score, reasons)
