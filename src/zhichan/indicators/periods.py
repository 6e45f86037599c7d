"""Report periods: 2025Q4 (季报告), 2025H1 (半年通报), 2025 (年度报告). Pure Python."""

from __future__ import annotations

import calendar
import datetime as dt
import re

QUARTERLY, HALF_YEAR, YEARLY = "quarterly", "half_year", "yearly"
KIND_LABELS = {QUARTERLY: "季度报告", HALF_YEAR: "半年通报", YEARLY: "年度发展报告"}


def parse(period: str) -> tuple[str, dt.date, str]:
    """(kind, last day, Chinese label) of a period string; ValueError if it is not one."""
    m = re.fullmatch(r"(\d{4})(?:(Q)([1-4])|(H)([12]))?", period.strip().upper())
    if not m:
        raise ValueError(f"期间格式应为 2025、2025H1 或 2025Q3：{period}")
    year = int(m.group(1))
    if m.group(2):
        quarter = int(m.group(3))
        month = quarter * 3
        return QUARTERLY, dt.date(year, month, calendar.monthrange(year, month)[1]), f"{year}年第{'一二三四'[quarter - 1]}季度"
    if m.group(4):
        half = int(m.group(5))
        return HALF_YEAR, dt.date(year, 6 if half == 1 else 12, 30 if half == 1 else 31), \
            f"{year}年{'上' if half == 1 else '下'}半年"
    return YEARLY, dt.date(year, 12, 31), f"{year}年"


def previous(kind: str, today: dt.date) -> str:
    """The last complete period of a kind before `today` (for the scheduled reports)."""
    if kind == QUARTERLY:
        quarter = (today.month - 1) // 3
        return f"{today.year - 1}Q4" if quarter == 0 else f"{today.year}Q{quarter}"
    if kind == HALF_YEAR:
        return f"{today.year - 1}H2" if today.month <= 6 else f"{today.year}H1"
    return str(today.year - 1)
