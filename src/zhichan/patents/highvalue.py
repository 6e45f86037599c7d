"""High-value invention patents (高价值发明专利, domain.md §5). Pure Python.

A valid invention patent with a domestic holder is high-value when it meets any one of five criteria. The open
points are settings, recorded with every figure: the pledge threshold (万元), whether "kept in force for more
than 10 years" counts from filing or from grant, and whether SEI matching uses the main IPC or any IPC.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass


def _(text: str) -> str:
    """Marks a label for the catalogue (makemessages); pages show it through gettext (this module stays pure)."""
    return text

SEI, FAMILY_ABROAD, TEN_YEARS, PLEDGE, AWARD = "sei", "family_abroad", "ten_years", "pledge", "award"
CRITERIA = (SEI, FAMILY_ABROAD, TEN_YEARS, PLEDGE, AWARD)
LABELS = {SEI: _("属于战略性新兴产业"), FAMILY_ABROAD: _("有海外同族专利权"), TEN_YEARS: _("维持年限超过10年"),
          PLEDGE: _("质押融资金额较高"), AWARD: _("获中国专利奖或国家科学技术奖")}
# grant kinds of other offices: B*/C* (EP, JP, KR, DE B3 and B4, RU C1/C2 …); US reissues E
FOREIGN_GRANT_KINDS = {"B", "B1", "B2", "B3", "B4", "B8", "B9", "C", "C1", "C2", "C3", "E"}


@dataclass(frozen=True)
class Settings:
    pledge_threshold_wan: float = 1000.0  # 万元; an office setting
    ten_years_from: str = "filing"  # filing | grant
    sei_match: str = "any"  # main | any

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Evidence:
    """What the criteria look at for one patent (from patents.facts)."""

    filing: dt.date | None
    grant: dt.date | None
    sei_main: bool
    sei_any: bool
    family_abroad_granted: bool
    pledge_max_wan: float
    award: bool


def years_after(start: dt.date, years: int) -> dt.date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def flags(ev: Evidence, settings: Settings, as_of: dt.date) -> set[str]:
    """The criteria met on `as_of` (the caller checks validity, type and domestic holding)."""
    found = set()
    if ev.sei_main if settings.sei_match == "main" else ev.sei_any:
        found.add(SEI)
    if ev.family_abroad_granted:
        found.add(FAMILY_ABROAD)
    start = ev.filing if settings.ten_years_from == "filing" else ev.grant
    if start is not None and as_of > years_after(start, 10):
        found.add(TEN_YEARS)
    if ev.pledge_max_wan >= settings.pledge_threshold_wan > 0:
        found.add(PLEDGE)
    if ev.award:
        found.add(AWARD)
    return found


_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(亿|万)?元")
_GROUPED = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")


def pledge_amount_wan(text: str) -> float:
    """A pledge amount written in an event, in 万元 (质押金额 500 万元, 5,000万元, 1.2亿元); 0 when none is stated."""
    best = 0.0
    for number, unit in _AMOUNT.findall(_GROUPED.sub("", text)):
        value = float(number) * (10000 if unit == "亿" else 1 if unit == "万" else 0.0001)
        best = max(best, value)
    return best


def family_abroad_granted(members: list[str]) -> bool:
    """Family members granted outside China: a publication number of another office with a grant kind."""
    for member in members:
        m = re.fullmatch(r"([A-Z]{2})\d+([A-Z]\d?)", member.replace(" ", "").upper())
        if m and m.group(1) not in {"CN", "HK", "MO", "TW"} and m.group(2) in FOREIGN_GRANT_KINDS:
            return True
    return False
