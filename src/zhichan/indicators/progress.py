"""Progress of an indicator against its plan: share of the way from baseline to target, a straight-line
projection to the deadline from the baseline and the latest value, and a status. Pure Python."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ON_TRACK, AT_RISK, BEHIND, ACHIEVED, NO_DATA = "on_track", "at_risk", "behind", "achieved", "no_data"
LABELS = {ON_TRACK: "按进度", AT_RISK: "有风险", BEHIND: "滞后", ACHIEVED: "已完成", NO_DATA: "暂无数据"}
AT_RISK_MARGIN = 0.9  # a projection within 90 % of the way to the target is "at risk", below that "behind"


@dataclass(frozen=True)
class Point:
    day: dt.date
    value: float


@dataclass(frozen=True)
class Progress:
    status: str
    share: float | None  # 0..1+ of the way from baseline to target
    projected: float | None  # value expected at the deadline on the current trend


def assess(baseline: Point | None, target: Point, latest: Point | None, lower_is_better: bool = False) -> Progress:
    if latest is None:
        return Progress(NO_DATA, None, None)
    sign = -1.0 if lower_is_better else 1.0
    if sign * (latest.value - target.value) >= 0:
        return Progress(ACHIEVED, 1.0, latest.value)
    if baseline is None or latest.day <= baseline.day:
        return Progress(NO_DATA if baseline is None else BEHIND, None, None)
    span = target.value - baseline.value
    share = (latest.value - baseline.value) / span if span else None
    rate = (latest.value - baseline.value) / (latest.day - baseline.day).days
    projected = latest.value + rate * (target.day - latest.day).days
    gap_needed = sign * (target.value - baseline.value)
    gap_projected = sign * (projected - baseline.value)
    if gap_projected >= gap_needed:
        status = ON_TRACK
    elif gap_needed > 0 and gap_projected >= AT_RISK_MARGIN * gap_needed:
        status = AT_RISK
    else:
        status = BEHIND
    return Progress(status, share, round(projected, 4))
