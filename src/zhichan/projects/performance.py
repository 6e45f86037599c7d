"""绩效评价 of a funded project (pure, no Django). Two indicator systems, each a set of first-level indicators with
weights (points) summing to 100, set per call by the office:

- 绩效评价 (PERFORMANCE): output (产出), effect (效益), satisfaction (满意度) and budget execution (预算执行);
- 专利导航工程实施评价 (NAVIGATION), for calls flagged as navigation projects: the navigation report's completion
  and quality, the application of its results, patent layout, talent and mechanisms, and the use of the funds.

A score per indicator is no higher than its weight; the grade by the total: 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60 (the
four bands of the Ministry of Finance's evaluations; see docs/projects.md for what was verified and what is the
platform's own practice). Some indicators can be suggested from the facts: the share of acceptance targets met and
the share of the grant scheduled."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

OUTPUT, EFFECT, SATISFACTION, BUDGET = "output", "effect", "satisfaction", "budget"
INDICATORS = (OUTPUT, EFFECT, SATISFACTION, BUDGET)
LABELS = {OUTPUT: "产出指标", EFFECT: "效益指标", SATISFACTION: "满意度指标", BUDGET: "预算执行率"}
DEFAULT_WEIGHTS = {OUTPUT: Decimal(40), EFFECT: Decimal(30), SATISFACTION: Decimal(10), BUDGET: Decimal(20)}
GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))
POOR = "差"
PERFORMANCE, NAVIGATION = "performance", "navigation"
# 专利导航工程实施评价: the indicators named in docs/projects.md (their weights are this platform's practice)
REPORT, APPLICATION, LAYOUT, TALENT, FUNDS = "report", "application", "layout", "talent", "funds"
NAV_INDICATORS = (REPORT, APPLICATION, LAYOUT, TALENT, FUNDS)
NAV_LABELS = {REPORT: "导航报告完成及质量", APPLICATION: "成果应用（决策采纳、布局与产业规划）",
              LAYOUT: "专利布局（新增申请与授权）", TALENT: "人才与机制", FUNDS: "经费使用"}
NAV_DEFAULT_WEIGHTS = {REPORT: Decimal(30), APPLICATION: Decimal(25), LAYOUT: Decimal(20), TALENT: Decimal(10),
                       FUNDS: Decimal(15)}
SYSTEMS = {PERFORMANCE: (INDICATORS, LABELS, DEFAULT_WEIGHTS), NAVIGATION: (NAV_INDICATORS, NAV_LABELS,
                                                                            NAV_DEFAULT_WEIGHTS)}
# the indicator of each system scored from the share of targets met, and from the share of the grant scheduled
FROM_TARGETS = {PERFORMANCE: OUTPUT, NAVIGATION: LAYOUT}
FROM_FUNDS = {PERFORMANCE: BUDGET, NAVIGATION: FUNDS}
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


def indicators(system: str = PERFORMANCE) -> tuple[str, ...]:
    return SYSTEMS[system][0]


def labels(system: str = PERFORMANCE) -> dict[str, str]:
    return SYSTEMS[system][1]


def default_weights(system: str = PERFORMANCE) -> dict[str, Decimal]:
    return dict(SYSTEMS[system][2])


def stored(weights: Mapping[str, Decimal]) -> dict[str, str]:
    """Weights or scores as stored in JSON (strings: exact decimals)."""
    return {k: str(v) for k, v in weights.items()}


def clean_weights(weights: Mapping[str, object], system: str = PERFORMANCE) -> dict[str, Decimal]:
    """The system's weights, each positive with at most two decimals, summing to exactly 100."""
    out = {}
    for code in indicators(system):
        if code not in weights:
            raise IndicatorError(f"{code}: weight missing")
        value = _decimal(weights[code], code)
        if value <= 0:
            raise IndicatorError(f"{code}: weight must be positive")
        if value != value.quantize(CENT) or value > 100:
            raise IndicatorError(f"{code}: at most two decimals, at most 100")
        out[code] = value
    if sum(out.values()) != 100:
        raise IndicatorError(f"weights must sum to 100, not {sum(out.values()).normalize():f}")
    return out


def share_score(weight: Decimal, done: Decimal, of: Decimal) -> Decimal:
    """weight × done / of, capped at the weight, to two decimals (0 when there is nothing to measure against)."""
    if of <= 0:
        return Decimal(0).quantize(CENT)
    return min(Decimal(weight), Decimal(weight) * Decimal(done) / Decimal(of)).quantize(CENT, ROUND_HALF_UP)


def clean_scores(weights: Mapping[str, Decimal], scores: Mapping[str, object], system: str = PERFORMANCE
                 ) -> dict[str, Decimal]:
    """Each indicator's score, between 0 and its weight."""
    out = {}
    for code in indicators(system):
        value = _decimal(scores.get(code, ""), code)
        if value < 0 or value > Decimal(weights[code]):
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


def evaluate(weights: Mapping[str, object], scores: Mapping[str, object], system: str = PERFORMANCE
             ) -> tuple[dict[str, Decimal], Decimal, str]:
    """(clean scores, total, grade) under the system's indicators and these weights."""
    clean_w = clean_weights(weights, system)
    clean_s = clean_scores(clean_w, scores, system)
    t = total(clean_s)
    return clean_s, t, grade(t)
