"""学时 (continuing-education hours), pure Python: a person's yearly sums by category and the yearly rule of the
专业技术人员继续教育规定 (人社部令第25号) Art. 8: at least 90 学时 a year, of which the professional subjects (专业科目)
generally at least two thirds. Read here as: of the 90 required, at least 60 professional (2/3 × 90); general hours
(公需科目) beyond 30 do not make up for missing professional ones. docs/events.md (Training)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

PROFESSIONAL = "professional"  # 专业科目
GENERAL = "general"  # 公需科目
CATEGORIES = (PROFESSIONAL, GENERAL)
REQUIRED_TOTAL = Decimal(90)
REQUIRED_PROFESSIONAL = REQUIRED_TOTAL * 2 / 3  # 60
MAX_EVENT_HOURS = Decimal(200)  # one course credits at most this (a typo guard)

TOTAL_SHORT = "total_short"
PROFESSIONAL_SHORT = "professional_short"


@dataclass(frozen=True)
class Entry:
    year: int
    hours: Decimal
    category: str


@dataclass(frozen=True)
class YearSum:
    year: int
    professional: Decimal = Decimal(0)
    general: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.professional + self.general

    @property
    def total_missing(self) -> Decimal:
        return max(Decimal(0), REQUIRED_TOTAL - self.total)

    @property
    def professional_missing(self) -> Decimal:
        return max(Decimal(0), REQUIRED_PROFESSIONAL - self.professional)

    @property
    def shortfalls(self) -> list[str]:
        out = []
        if self.total_missing:
            out.append(TOTAL_SHORT)
        if self.professional_missing:
            out.append(PROFESSIONAL_SHORT)
        return out

    @property
    def met(self) -> bool:
        return not self.shortfalls

    # as the pages show them (12, 1.5)
    @property
    def professional_text(self) -> str:
        return plain(self.professional)

    @property
    def general_text(self) -> str:
        return plain(self.general)

    @property
    def total_text(self) -> str:
        return plain(self.total)


def year_sum(entries: Iterable[Entry], year: int) -> YearSum:
    """The hours of one year by category (entries of other years ignored)."""
    professional = general = Decimal(0)
    for entry in entries:
        if entry.year != year:
            continue
        if entry.category == PROFESSIONAL:
            professional += entry.hours
        elif entry.category == GENERAL:
            general += entry.hours
        else:
            raise ValueError(f"unknown category {entry.category!r}")
    return YearSum(year, professional, general)


def by_year(entries: Iterable[Entry]) -> list[YearSum]:
    """Every year with hours, latest first."""
    rows = list(entries)
    return [year_sum(rows, year) for year in sorted({e.year for e in rows}, reverse=True)]


def hours_problem(hours: Decimal | None, category: str) -> str | None:
    """An event's hours: empty (no credit) or more than 0 and at most MAX_EVENT_HOURS, in half hours, with a
    category."""
    if hours is None:
        return None
    if hours <= 0 or hours > MAX_EVENT_HOURS or (hours * 2) % 1:
        return "hours_range"
    if category not in CATEGORIES:
        return "category_missing"
    return None


def plain(hours: Decimal) -> str:
    """12, 1.5 (no trailing zeros)."""
    return format(hours.quantize(Decimal("0.1")).normalize(), "f")
