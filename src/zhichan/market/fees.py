"""The payment method and standard of an open-licence declaration (专利法实施细则 Art. 85), checked against CNIPA's
open-licence fee guidance (《专利开放许可使用费估算指引（试行）》): a lump sum, a royalty, or an entry fee plus a
royalty; a fixed fee generally not above ¥2000万; a royalty generally not above 20% of net sales or 40% of profit.
The limits are settings (conf.py ZHICHAN_OPEN_LICENSE_*), passed in as `Limits`. Pure Python.

`check()` returns problems as (field, code, params); the caller words them (market/rules.py) so that this module
stays free of Django and translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

LUMP_SUM, ROYALTY, ENTRY_ROYALTY, NEGOTIABLE = "lump_sum", "royalty", "entry_royalty", "negotiable"
MODES = (LUMP_SUM, ROYALTY, ENTRY_ROYALTY, NEGOTIABLE)
NET_SALES, PROFIT = "net_sales", "profit"

# problem codes
MISSING = "missing"  # a field the mode needs is empty
NOT_POSITIVE = "not_positive"  # an amount or rate of 0 or less
OVER_FIXED = "over_fixed"  # a fixed fee over the limit (params: limit)
OVER_RATE = "over_rate"  # a royalty over the limit for its base (params: limit, base)
UNUSED = "unused"  # a field the mode does not take (an entry fee with a lump sum …)
NEGOTIABLE_OPEN = "negotiable_open"  # an open licence must publish its fee: 面议 is no standard
UNKNOWN_MODE = "unknown_mode"
UNKNOWN_BASE = "unknown_base"


@dataclass(frozen=True)
class Limits:
    max_fixed_wan: Decimal = Decimal(2000)
    max_sales_pct: Decimal = Decimal(20)
    max_profit_pct: Decimal = Decimal(40)


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    params: tuple[tuple[str, str], ...] = ()


def _fixed(field: str, amount: Decimal | None, limits: Limits, open_licence: bool) -> list[Problem]:
    if amount is None:
        return [Problem(field, MISSING)]
    if amount <= 0:
        return [Problem(field, NOT_POSITIVE)]
    if open_licence and amount > limits.max_fixed_wan:
        return [Problem(field, OVER_FIXED, (("limit", f"{limits.max_fixed_wan:f}"),))]
    return []


def _royalty(base: str, rate: Decimal | None, limits: Limits, open_licence: bool) -> list[Problem]:
    problems = []
    if not base:
        problems.append(Problem("royalty_base", MISSING))
    elif base not in (NET_SALES, PROFIT):
        problems.append(Problem("royalty_base", UNKNOWN_BASE))
    if rate is None:
        return problems + [Problem("royalty_rate", MISSING)]
    if rate <= 0:
        return problems + [Problem("royalty_rate", NOT_POSITIVE)]
    limit = limits.max_profit_pct if base == PROFIT else limits.max_sales_pct
    if open_licence and base in (NET_SALES, PROFIT) and rate > limit:
        problems.append(Problem("royalty_rate", OVER_RATE, (("limit", f"{limit:f}"), ("base", base))))
    if rate > 100:
        problems.append(Problem("royalty_rate", OVER_RATE, (("limit", "100"), ("base", base))))
    return problems


def check(mode: str, *, lump_sum_wan: Decimal | None = None, entry_fee_wan: Decimal | None = None,
          royalty_base: str = "", royalty_rate: Decimal | None = None, open_licence: bool = True,
          limits: Limits | None = None) -> list[Problem]:
    """Every problem of a fee statement; empty when it is acceptable. The guidance limits apply to open licences;
    other listings get the same checks of form (the fields the mode needs, positive amounts)."""
    limits = limits or Limits()
    if mode not in MODES:
        return [Problem("price_mode", UNKNOWN_MODE)]
    if mode == NEGOTIABLE:
        return [Problem("price_mode", NEGOTIABLE_OPEN)] if open_licence else []
    problems: list[Problem] = []
    if mode == LUMP_SUM:
        problems += _fixed("lump_sum_wan", lump_sum_wan, limits, open_licence)
        problems += [Problem(f, UNUSED) for f, v in (("entry_fee_wan", entry_fee_wan), ("royalty_rate", royalty_rate))
                     if v is not None]
    elif mode == ROYALTY:
        problems += _royalty(royalty_base, royalty_rate, limits, open_licence)
        problems += [Problem(f, UNUSED) for f, v in (("lump_sum_wan", lump_sum_wan), ("entry_fee_wan", entry_fee_wan))
                     if v is not None]
    else:
        problems += _fixed("entry_fee_wan", entry_fee_wan, limits, open_licence)
        problems += _royalty(royalty_base, royalty_rate, limits, open_licence)
        if lump_sum_wan is not None:
            problems.append(Problem("lump_sum_wan", UNUSED))
    return problems
