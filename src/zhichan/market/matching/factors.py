"""The factors of a match, each a number from 0 to 1 with the evidence behind it. Pure Python (docs/market.md 匹配).

A factor the demand says nothing about (no IPC given, no region, no budget) is the same for every candidate, so it
cannot change the order; a factor the candidate says nothing about (a patent without an agency, a listing without a
price) takes the neutral value 0.5, neither rewarded nor punished.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from zhichan.patents import ipc

NEUTRAL = 0.5

# How close two IPC codes are: the deepest level they share (domain.md §6: section › class › subclass › main group ›
# subgroup). Sharing only a section says little (8 sections cover everything), so it counts for nothing.
IPC_LEVELS = (("subgroup", 1.0), ("group", 0.8), ("subclass", 0.5), ("class", 0.2))

# Agency credit grades (专利代理信用评价: A+ … D) as a factor.
CREDIT = {"A+": 1.0, "A": 0.9, "B": 0.7, "C": 0.4, "D": 0.1}

# Region proximity by administrative level (GB/T 2260 codes: 2 digits province, 4 city, 6 district).
REGION = (("district", 6, 1.0), ("city", 4, 0.7), ("province", 2, 0.4))


@dataclass(frozen=True)
class Factor:
    value: float  # 0..1
    shared: tuple[str, ...] = field(default=())  # the evidence: shared codes, the level, the grade …
    note: str = ""


def ipc_level(a: str, b: str) -> tuple[str, float]:
    """The deepest IPC level two normalised codes share, and its weight ("", 0.0: none worth counting)."""
    if "/" in a and a == b:
        return IPC_LEVELS[0]
    if "/" in a and "/" in b and ipc.main_group(a) == ipc.main_group(b):
        # a demand naming a main group (H01M10/00) asks for every subgroup in it
        return ("group", 1.0) if a == ipc.main_group(a) else IPC_LEVELS[1]
    if len(a) >= 4 and a[:4] == b[:4]:
        # a demand naming only a subclass (H01M) asks for the whole subclass: any code in it fits fully
        return ("subclass", 1.0) if len(a) == 4 else IPC_LEVELS[2]
    if len(a) >= 3 and a[:3] == b[:3]:
        return ("class", 1.0) if len(a) == 3 else IPC_LEVELS[3]
    return "", 0.0


def ipc_overlap(wanted: Iterable[str], codes: Iterable[str], note: str = "") -> Factor:
    """Best level shared between any code the demand names and any code of the candidate (main or other)."""
    best, shared = 0.0, []
    codes = [c for c in codes if c]
    for want in wanted:
        for code in codes:
            level, value = ipc_level(want, code)
            if value > 0:
                shared.append(code)
                if value > best:
                    best = value
    return Factor(best, tuple(sorted(set(shared))), note if shared else "")


def sei_overlap(wanted: Iterable[str], codes: Iterable[str]) -> Factor:
    """SEI codes are dotted paths (industry 1, field 1.2, category 1.2.3): the same code or one inside the wanted
    one fits fully, a shared industry or field partly (by the share of the path in common)."""
    best, shared = 0.0, []
    for want in wanted:
        want_parts = want.split(".")
        for code in codes:
            parts = code.split(".")
            common = 0
            for x, y in zip(want_parts, parts, strict=False):
                if x != y:
                    break
                common += 1
            if common == 0:
                continue
            value = 1.0 if common == len(want_parts) else common / len(want_parts)
            shared.append(code)
            best = max(best, value)
    return Factor(round(best, 4), tuple(sorted(set(shared))))


def region_proximity(wanted: str, code: str) -> Factor:
    if not wanted or not code:
        return Factor(0.0)
    for name, digits, value in REGION:
        if wanted[:digits] == code[:digits] and (digits == 6 or not wanted[:digits].endswith("00")):
            return Factor(value, (name,))
    return Factor(0.0)


def credit(grade: str | None) -> Factor:
    if not grade or grade not in CREDIT:
        return Factor(NEUTRAL, (), "unknown")
    return Factor(CREDIT[grade], (grade,))


def price_fit(budget_min: Decimal | float | None, budget_max: Decimal | float | None,
              price: Decimal | float | None) -> Factor:
    """A price within the budget fits (1); above it, the fit falls with the excess (gone at twice the budget); below
    the floor a little less than fully (0.8: cheap may mean less than asked). Unknown on either side: neutral."""
    if price is None or (budget_min is None and budget_max is None):
        return Factor(NEUTRAL, (), "unknown")
    p = float(price)
    low = float(budget_min) if budget_min is not None else 0.0
    high = float(budget_max) if budget_max is not None else None
    if high is not None and p > high:
        return Factor(round(max(0.0, 1 - (p - high) / high), 4) if high > 0 else 0.0, ("above",))
    if p < low:
        return Factor(0.8, ("below",))
    return Factor(1.0, ("within",))
