"""Scoring sheets, aggregation, ranking and outlier flags of an expert review. Pure Python.

A call's scoring sheet is a list of criteria (label, maximum points); an expert gives each application points per
criterion (0 to its maximum) with a comment. The application's result is the aggregate of the experts' totals by
the call's rule:

- ``mean``: the arithmetic mean of the totals;
- ``trimmed``: the highest and the lowest total dropped (one each), the mean of the rest (the common 去掉一个最高分
  和一个最低分 rule); with fewer than three totals nothing can be dropped and the mean is taken, and the result
  says so (`trimmed` False).

Ranking: by aggregate, highest first; equal aggregates share a rank and the next rank skips (1, 2, 2, 4).
Outliers: an expert's total is flagged when it lies further than `threshold` (a share of the sheet's maximum,
e.g. 0.2) from the median of the experts' totals for the same application (the median, so that one stray total
does not drag the reference and flag its colleagues) — a prompt to look, not a verdict.
Amounts are Decimals rounded half up to two places, so that the page, the export and a hand check agree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MEAN, TRIMMED = "mean", "trimmed"
RULES = (MEAN, TRIMMED)
MAX_CRITERIA, MAX_POINTS = 30, 1000
CENT = Decimal("0.01")


class SheetError(ValueError):
    """A scoring sheet or a score that cannot be used (in English for the log; forms say it in the user's words)."""


def clean_sheet(declared: object) -> list[dict[str, object]]:
    """The sheet (JSON text or list) in stored form: [{"code": "c1", "label": …, "max": int}], or SheetError."""
    if isinstance(declared, str):
        try:
            declared = json.loads(declared or "[]")
        except json.JSONDecodeError as exc:
            raise SheetError(f"not JSON: {exc.msg}") from exc
    if not isinstance(declared, list) or len(declared) > MAX_CRITERIA:
        raise SheetError(f"a list of at most {MAX_CRITERIA} criteria is required")
    out = []
    for i, item in enumerate(declared, start=1):
        if not isinstance(item, dict):
            raise SheetError(f"criterion {i}: an object is required")
        label = " ".join(str(item.get("label") or "").split())[:100]
        try:
            top = int(item.get("max"))  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise SheetError(f"criterion {i}: max must be a whole number") from exc
        if not label or not 0 < top <= MAX_POINTS:
            raise SheetError(f"criterion {i}: a label and a max between 1 and {MAX_POINTS} are required")
        out.append({"code": f"c{i}", "label": label, "max": top})
    return out


def sheet_max(sheet: Sequence[Mapping[str, object]]) -> int:
    return sum(int(c["max"]) for c in sheet)  # type: ignore[call-overload]


def clean_points(sheet: Sequence[Mapping[str, object]], given: Mapping[str, object]) -> dict[str, str]:
    """Points per criterion code as stored text ("12.5"), every criterion given, each within 0..max; SheetError
    names the first criterion that is not."""
    out = {}
    for c in sheet:
        code = str(c["code"])
        try:
            value = Decimal(str(given.get(code, "")).strip())
        except InvalidOperation as exc:
            raise SheetError(f"{code}: a number is required") from exc
        if not value.is_finite() or value < 0 or value > Decimal(int(c["max"])):  # type: ignore[call-overload]
            raise SheetError(f"{code}: between 0 and {c['max']}")
        text = format(value.quantize(CENT, ROUND_HALF_UP), "f")
        out[code] = text.rstrip("0").rstrip(".") if "." in text else text
    return out


def total(points: Mapping[str, str]) -> Decimal:
    return sum((Decimal(v) for v in points.values()), Decimal(0))


@dataclass(frozen=True)
class Result:
    application: int
    aggregate: Decimal | None  # None: no score yet
    count: int
    trimmed: bool  # the highest and lowest were dropped
    rank: int | None = None


def aggregate(totals: Sequence[Decimal], rule: str) -> tuple[Decimal | None, bool]:
    if rule not in RULES:
        raise SheetError(f"unknown rule {rule!r}")
    if not totals:
        return None, False
    values = sorted(totals)
    dropped = rule == TRIMMED and len(values) >= 3
    if dropped:
        values = values[1:-1]
    mean = sum(values, Decimal(0)) / len(values)
    return mean.quantize(CENT, ROUND_HALF_UP), dropped


def rank(totals_by_application: Mapping[int, Sequence[Decimal]], rule: str) -> list[Result]:
    """Every application's aggregate and rank (competition ranking; unscored ones last, without a rank)."""
    results = []
    for app, ts in totals_by_application.items():
        value, dropped = aggregate(list(ts), rule)
        results.append(Result(app, value, len(ts), dropped))
    scored = sorted((r for r in results if r.aggregate is not None), key=lambda r: (-r.aggregate, r.application))
    out, previous, place = [], None, 0
    for i, r in enumerate(scored, start=1):
        if r.aggregate != previous:
            place, previous = i, r.aggregate
        out.append(Result(r.application, r.aggregate, r.count, r.trimmed, place))
    return out + sorted((r for r in results if r.aggregate is None), key=lambda r: r.application)


def outliers(totals_by_expert: Mapping[int, Decimal], maximum: int, threshold: float) -> set[int]:
    """The experts whose total lies further than threshold × maximum from the median of all the totals."""
    if len(totals_by_expert) < 2 or maximum <= 0:
        return set()
    values = sorted(totals_by_expert.values())
    middle = len(values) // 2
    median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    limit = Decimal(str(threshold)) * maximum
    return {e for e, v in totals_by_expert.items() if abs(v - median) > limit}
