"""Is a patent valid (有效) on a given date? (domain.md §3). Pure Python.

Valid on day D: granted on or before D, D before the end of its term, and not inside a lapse (终止, 放弃, 无效 …)
that no restoration (恢复) ended by D. Events with dates decide; the current status word is the fallback only
for records without any dated event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from zhichan.patents import record as rec
from zhichan.patents import status

GRANT, LAPSE, RESTORE, PLEDGE, TRANSFER, OTHER = "grant", "lapse", "restore", "pledge", "transfer", "other"
_KINDS = [  # checked in order: the first keyword found decides
    (("恢复",), RESTORE),
    (("质押", "出质"), PLEDGE),
    (("未缴年费", "终止", "期限届满", "届满", "放弃", "全部无效", "宣告无效", "失效"), LAPSE),
    (("转移", "转让"), TRANSFER),
    (("授权", "授予"), GRANT),
]
DESIGN_15_YEARS_FROM = dt.date(2021, 6, 1)


@lru_cache(maxsize=8192)
def event_kind(code: str, description: str = "") -> str:
    text = f"{code} {description}"
    if "质押" in text and ("解除" in text or "注销" in text):
        return OTHER
    for words, kind in _KINDS:
        if any(w in text for w in words):
            return kind
    return OTHER


def term_years(patent_type: str, filing: dt.date | None) -> int:
    if patent_type == rec.INVENTION:
        return 20
    if patent_type == rec.DESIGN and filing is not None and filing >= DESIGN_15_YEARS_FROM:
        return 15
    return 10


def term_end(patent_type: str, filing: dt.date | None) -> dt.date | None:
    """The first day the patent is no longer in force by expiry of its term."""
    if filing is None:
        return None
    years = term_years(patent_type, filing)
    try:
        return filing.replace(year=filing.year + years)
    except ValueError:  # 29 February
        return filing.replace(year=filing.year + years, day=28) + dt.timedelta(days=1)


@dataclass(frozen=True)
class Validity:
    """Everything needed to answer "valid on D?" for any D: the grant, the end of term and the lapse gaps."""

    grant: dt.date | None
    end: dt.date | None  # exclusive
    gaps: tuple[tuple[dt.date, dt.date | None], ...]  # [start, end) lapses; end None = never restored

    def on(self, day: dt.date) -> bool:
        if self.grant is None or day < self.grant:
            return False
        if self.end is not None and day >= self.end:
            return False
        return not any(start <= day and (stop is None or day < stop) for start, stop in self.gaps)


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value[:10]) if value else None


def validity(snap: dict) -> Validity:
    """From a canonical snapshot (patents.record): grant date, term and the dated lapse/restoration events."""
    filing = _date(snap.get("filing_date"))
    grant = _date(snap.get("grant_date"))
    dated = sorted(((d, event_kind(e.get("code", ""), e.get("description", "")))
                    for e in snap.get("events", []) if (d := _date(e.get("date")))), key=lambda x: x[0])
    if grant is None:
        grant = next((d for d, kind in dated if kind == GRANT), None)
    end = term_end(snap.get("patent_type", ""), filing)
    gaps: list[tuple[dt.date, dt.date | None]] = []
    for day, kind in dated:
        if kind == LAPSE and (not gaps or gaps[-1][1] is not None):
            gaps.append((day, None))
        elif kind == RESTORE and gaps and gaps[-1][1] is None:
            gaps[-1] = (gaps[-1][0], day)
    if not dated and grant is not None and snap.get("legal_status") in {status.LAPSED, status.WITHDRAWN}:
        # no dated events: the status word says it has lapsed, but not when; it counts as lapsed from the grant
        gaps.append((grant, None))
    return Validity(grant, end, tuple(gaps))
