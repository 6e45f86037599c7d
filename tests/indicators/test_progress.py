"""Plan progress: share, straight-line projection and status, against hand-computed values."""

from __future__ import annotations

import datetime as dt

from zhichan.indicators.progress import ACHIEVED, AT_RISK, BEHIND, NO_DATA, ON_TRACK, Point, assess

BASE = Point(dt.date(2023, 12, 31), 30.0)
TARGET = Point(dt.date(2026, 12, 31), 46.0)


def test_on_track_at_risk_behind_achieved():
    # one year in (365 of 1096 days), +6 → projected 30 + 6 * 1096 / 366 ≈ 47.97 ≥ 46
    on = assess(BASE, TARGET, Point(dt.date(2024, 12, 31), 36.0))
    assert on.status == ON_TRACK and round(on.share, 3) == 0.375 and 47.9 < on.projected < 48.0
    risky = assess(BASE, TARGET, Point(dt.date(2024, 12, 31), 34.9))  # projects to ≈ 44.7: within 90 % of +16
    assert risky.status == AT_RISK
    behind = assess(BASE, TARGET, Point(dt.date(2024, 12, 31), 33.0))  # projects to ≈ 39: under 90 %
    assert behind.status == BEHIND
    assert assess(BASE, TARGET, Point(dt.date(2025, 6, 30), 46.5)).status == ACHIEVED
    assert assess(BASE, TARGET, None).status == NO_DATA


def test_lower_is_better():
    base, target = Point(dt.date(2023, 12, 31), 100.0), Point(dt.date(2026, 12, 31), 80.0)  # 平均结案时间 缩短 20%
    assert assess(base, target, Point(dt.date(2024, 12, 31), 92.0), lower_is_better=True).status == ON_TRACK
    assert assess(base, target, Point(dt.date(2024, 12, 31), 99.0), lower_is_better=True).status == BEHIND
    assert assess(base, target, Point(dt.date(2025, 12, 31), 79.0), lower_is_better=True).status == ACHIEVED


def test_status_words_are_translated():
    from django.utils import translation
    from django.utils.translation import gettext

    from zhichan.indicators import progress
    from zhichan.indicators.models import PROGRESS_LABELS

    assert {str(x) for x in PROGRESS_LABELS} == set(progress.LABELS.values())
    with translation.override("en"):
        assert gettext(progress.LABELS[progress.BEHIND]) == "Behind"
