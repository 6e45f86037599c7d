"""The rules of a deal that need no database (docs/deals.md cites their sources). Pure Python."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

TRANSFER, LICENCE, OPEN_LICENCE, PLEDGE, INSURANCE = "transfer", "licence", "open_licence", "pledge", "insurance"
TRADED = (TRANSFER, LICENCE, OPEN_LICENCE)  # 知识产权交易额 and 专利转让许可次数
LICENCES = (LICENCE, OPEN_LICENCE)
# registration is what makes them: 专利法 Art. 10 (transfer), 民法典 Art. 444 and the 2021 办法 (pledge)
TAKES_EFFECT_ON_REGISTRATION = (TRANSFER, PLEDGE)
RECORDAL_MONTHS = 3  # 专利法实施细则 (2023) Art. 15: a licence contract recorded within 3 months of taking effect
MAX_AMOUNT_WAN = Decimal("9999999999")  # 10 digits of 万元 (a trillion yuan): more is a typing error


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (2025-11-30 + 3 → 2026-02-28)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def recordal_deadline(contract_date: dt.date) -> dt.date:
    return add_months(contract_date, RECORDAL_MONTHS)


def late_recordal(kind: str, contract_date: dt.date | None, recorded: dt.date | None) -> bool:
    """A licence recorded after the three months of 细则 Art. 15 (known only when both dates are)."""
    if kind not in LICENCES or contract_date is None or recorded is None:
        return False
    return recorded > recordal_deadline(contract_date)


def counted_on(kind: str, effective_on: dt.date | None, contract_date: dt.date | None) -> dt.date | None:
    """The day a deal counts for in the indicators. A transfer or a pledge takes effect when registered, so only
    its registration date counts (an unregistered one is not yet a deal); a licence, an open licence or an insurance
    takes effect by contract, recorded or not: the recordal (start) date, else the contract date."""
    if kind in TAKES_EFFECT_ON_REGISTRATION:
        return effective_on
    return effective_on or contract_date


def amount_problem(amount: Decimal | None) -> str:
    """Why an amount (万元) cannot be recorded, or ''."""
    if amount is None:
        return ""
    if not amount.is_finite():
        return "金额不是数字"
    if amount < 0:
        return "金额不能为负数"
    if amount > MAX_AMOUNT_WAN:
        return "金额过大，请核对单位（万元）"
    return ""


def yuan_yi(total_wan: Decimal) -> float:
    """万元 → 亿元, summed exactly in Decimal and rounded to the 元 (8 places of 亿元) only at the end."""
    return float((total_wan / Decimal(10000)).quantize(Decimal("0.00000001")))
