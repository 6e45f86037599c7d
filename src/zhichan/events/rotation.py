"""轮训 (rotation training), pure Python: a plan trains everyone of a population (the practitioners of the registered
agencies, the IP managers of enterprises) within a cycle of N months; its coverage in a cycle is who has been
trained (training credits dated inside the cycle reaching the plan's minimum hours) and who not, per district.

A cycle k (0, 1, 2 …) runs from the plan's start + k × N months (inclusive) to the start + (k + 1) × N months
(exclusive); a month added to the 31st lands on the month's last day."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

MAX_MONTHS = 60


@dataclass(frozen=True)
class Member:
    """One person the plan must reach: the user account and / or the agencies' practitioner record their training
    credits are kept under."""

    key: str
    name: str
    organization: str
    district: str  # the GB/T 2260 code of the organisation's (agency's) region; "" when unknown
    user_id: int | None = None
    practitioner_id: int | None = None


@dataclass(frozen=True)
class Training:
    """One training credit: whose (user, practitioner), the day the training took place, its hours."""

    credit_id: int
    day: dt.date
    hours: Decimal
    user_id: int | None = None
    practitioner_id: int | None = None


@dataclass
class Row:
    member: Member
    hours: Decimal
    trainings: int
    trained: bool


@dataclass
class District:
    code: str
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def trained(self) -> int:
        return sum(1 for r in self.rows if r.trained)

    @property
    def untrained(self) -> int:
        return self.total - self.trained

    @property
    def rate(self) -> Decimal | None:
        """Trained ÷ everyone, as a percentage to one decimal; None for nobody."""
        return rate(self.trained, self.total)


@dataclass
class Coverage:
    start: dt.date
    end: dt.date  # exclusive
    districts: list[District]

    @property
    def rows(self) -> list[Row]:
        return [r for d in self.districts for r in d.rows]

    @property
    def total(self) -> int:
        return sum(d.total for d in self.districts)

    @property
    def trained(self) -> int:
        return sum(d.trained for d in self.districts)

    @property
    def untrained_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.trained]

    @property
    def rate(self) -> Decimal | None:
        return rate(self.trained, self.total)


def rate(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def cycle(starts_on: dt.date, months: int, index: int) -> tuple[dt.date, dt.date]:
    """(first day, the day after the last) of cycle `index`."""
    if months < 1 or months > MAX_MONTHS:
        raise ValueError("months out of range")
    if index < 0:
        raise ValueError("negative cycle")
    return add_months(starts_on, months * index), add_months(starts_on, months * (index + 1))


def cycle_index(starts_on: dt.date, months: int, today: dt.date) -> int:
    """The cycle `today` falls in (0 before the plan starts)."""
    index = 0
    while cycle(starts_on, months, index)[1] <= today:
        index += 1
    return index


def _mine(member: Member, training: Training) -> bool:
    return (member.user_id is not None and training.user_id == member.user_id) or \
        (member.practitioner_id is not None and training.practitioner_id == member.practitioner_id)


def coverage(members: Iterable[Member], trainings: Iterable[Training], start: dt.date, end: dt.date,
             min_hours: Decimal | None = None) -> Coverage:
    """Each member trained when their credits dated in [start, end) add up to `min_hours` (None: one credit of any
    hours is enough); a credit found both by the user and the practitioner record counts once. Districts in code
    order, the unknown district ("") last; people by name within a district."""
    inside = [t for t in trainings if start <= t.day < end]
    districts: dict[str, District] = {}
    seen: set[str] = set()
    for member in members:
        if member.key in seen:  # the same person reached twice (e.g. on a list and in the registry): once
            continue
        seen.add(member.key)
        own = {t.credit_id: t for t in inside if _mine(member, t)}
        hours = sum((t.hours for t in own.values()), Decimal(0))
        trained = bool(own) and (min_hours is None or hours >= min_hours)
        districts.setdefault(member.district, District(member.district)).rows.append(
            Row(member, hours, len(own), trained))
    for d in districts.values():
        d.rows.sort(key=lambda r: (r.trained, r.member.name, r.member.key))
    ordered = sorted(districts.values(), key=lambda d: (d.code == "", d.code))
    return Coverage(start, end, ordered)
