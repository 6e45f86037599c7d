"""绩效评价 of a funded project (pure, no Django): an indicator system of four first-level indicators — output
(产出), effect (效益), satisfaction (满意度) and budget execution (预算执行) — with weights (points) summing to 100,
a score per indicator no higher than its weight, the total, and the grade by the total: 优 ≥ 90, 良 80–89, 中 60–79,
差 < 60 (the four bands the Ministry of Finance's budget department set for performance evaluations; see
docs/projects.md for what was verified). Output and budget execution can be scored from the facts: the share of
acceptance targets met and the share of the grant disbursed."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

OUTPUT, EFFECT, SATISFACTION, BUDGET = "output", "effect", "satisfaction", "budget"
INDICATORS = (OUTPUT, EFFECT, SATISFACTION, BUDGET)
LABELS = {OUTPUT: "产出指标", EFFECT: "效益指标", SATISFACTION: "满意度指标", BUDGET: "预算执行率"}
DEFAULT_WEIGHTS = {OUTPUT: Decimal(40), EFFECT: Decimal(30), SATISFACTION: Decimal(10), BUDGET: Decimal(20)}
GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))
POOR = "差"
CENT = Decimal("0.01")


class IndicatorError(ValueError):
    """Why weights or scores are refused (names the indicator)."""


def _decimal(raw: object, what: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation as exc:
        raise IndicatorError(f"{what}: not a number") from exc
    if not value.is_finite():
        raise IndicatorError(f"{what}: not a number")
    return value


def clean_weights(weights: Mapping[str, object]) -> dict[str, Decimal]:
    """The four weights, each positive, summing to exactly 100."""
    out = {}
    for code in INDICATORS:
        if code not in weights:
            raise IndicatorError(f"{code}: weight missing")
        value = _decimal(weights[code], code)
        if value <= 0:
            raise IndicatorError(f"{code}: weight must be positive")
        out[code] = value
    if sum(out.values()) != 100:
        raise IndicatorError("weights must sum to 100")
    return out


def share_score(weight: Decimal, done: Decimal, of: Decimal) -> Decimal:
    """weight × done / of, capped at the weight, to two decimals (0 when there is nothing to measure against)."""
    if of <= 0:
        return Decimal(0).quantize(CENT)
    return min(Decimal(weight), Decimal(weight) * Decimal(done) / Decimal(of)).quantize(CENT, ROUND_HALF_UP)


def clean_scores(weights: Mapping[str, Decimal], scores: Mapping[str, object]) -> dict[str, Decimal]:
    """Each indicator's score, between 0 and its weight."""
    out = {}
    for code in INDICATORS:
        value = _decimal(scores.get(code, ""), code)
        if value < 0 or value > weights[code]:
            raise IndicatorError(f"{code}: score must be between 0 and the weight")
        out[code] = value.quantize(CENT, ROUND_HALF_UP)
    return out


def total(scores: Mapping[str, Decimal]) -> Decimal:
    return sum((Decimal(v) for v in scores.values()), Decimal(0)).quantize(CENT)


def grade(score: Decimal) -> str:
    """优 for 90 and above, 良 from 80 below 90, 中 from 60 below 80, 差 below 60."""
    for floor, name in GRADES:
        if Decimal(score) >= floor:
            return name
    return POOR


def evaluate(weights: Mapping[str, object], scores: Mapping[str, object]) -> tuple[dict[str, Decimal], Decimal, str]:
    """(clean scores, total, grade)."""
    clean_w = clean_weights(weights)
    clean_s = clean_scores(clean_w, scores)
    t = total(clean_s)
    return clean_s, t, grade(t)
