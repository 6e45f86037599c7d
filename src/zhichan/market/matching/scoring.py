"""The match score: a weighted sum of factors, the weights being settings. Pure Python (conf only reads the
environment)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zhichan import conf
from zhichan.market.matching.factors import Factor

FACTORS = ("text", "ipc", "sei", "region", "credit", "price")
SETTING = {name: f"ZHICHAN_MATCH_WEIGHT_{name.upper()}" for name in FACTORS}


def weights(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Each factor's share of the score: the settings (relative points), divided by their sum so that a score runs
    from 0 to 1 whatever the points add up to."""
    raw = {name: float(conf.value(SETTING[name])) for name in FACTORS}  # type: ignore[arg-type]
    raw.update(overrides or {})
    total = sum(max(0.0, v) for v in raw.values()) or 1.0
    return {name: max(0.0, raw[name]) / total for name in FACTORS}


@dataclass(frozen=True)
class Scored:
    score: float
    parts: dict[str, dict[str, object]]  # factor -> {"value", "weight", "points", "shared"?, "note"?}


def combine(factors: Mapping[str, Factor], share: Mapping[str, float]) -> Scored:
    parts: dict[str, dict[str, object]] = {}
    total = 0.0
    for name in FACTORS:
        factor = factors[name]
        points = share[name] * factor.value
        total += points
        part: dict[str, object] = {"value": round(factor.value, 4), "weight": round(share[name], 4),
                                   "points": round(points, 4)}
        if factor.shared:
            part["shared"] = list(factor.shared)
        if factor.note:
            part["note"] = factor.note
        parts[name] = part
    return Scored(round(total, 6), parts)
