"""Is a patent valid (有效) on a given date? (domain.md §3). Pure Python.

Valid on day D: granted on or before D, D before the end of its term, and not inside a lapse (终止, 放弃, 无效 …)
that no restoration (恢复) ended by D. Dated events decide. Status words are dated too: an import records the date
its status words describe (the status date), and the snapshot keeps every dated status it was told
(`statuses`). A record that says it is in force (有效/授权) with no known grant is valid from the first status date
that says so (its grant date unknown: the figures say how many such records they count); a later status that
says lapsed ends it. Without dated events, a lapse word with no earlier valid observation counts from the grant.
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

    grant: dt.date | None  # the grant, or the first status date that says "in force" when the grant is unknown
    end: dt.date | None  # exclusive
    gaps: tuple[tuple[dt.date, dt.date | None], ...]  # [start, end) lapses; end None = never restored
    grant_known: bool = True  # False: valid from a status date, the grant date itself is not in the data

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


def statuses(snap: dict) -> list[tuple[dt.date, str]]:
    """The dated status observations of a snapshot, oldest first. Snapshots written before status dates were
    recorded carry only `legal_status`: it is dated by the snapshot's `as_of` (what the data was known as of)."""
    seen = [(d, s["status"]) for s in snap.get("statuses") or [] if (d := _date(s.get("date"))) and s.get("status")]
    undated = snap.get("as_of") or snap.get("grant_date") or snap.get("filing_date")
    if not seen and snap.get("legal_status") and (d := _date(undated or None)):
        seen = [(d, snap["legal_status"])]
    return sorted(seen)


def _status_gaps(observed: list[tuple[dt.date, str]], grant: dt.date | None) -> list[tuple[dt.date, dt.date | None]]:
    """Lapses told only by status words: from the first non-valid word after a valid one until a valid one again;
    a lapse word with no valid word before it counts from the grant (when it lapsed is not known)."""
    gaps: list[tuple[dt.date, dt.date | None]] = []
    was_valid = False
    for day, state in observed:
        if state in status.IN_FORCE:
            if gaps and gaps[-1][1] is None and gaps[-1][0] < day:
                gaps[-1] = (gaps[-1][0], day)  # in force again (restored)
            was_valid = True
        elif state in {status.LAPSED, status.WITHDRAWN} and (not gaps or gaps[-1][1] is not None):
            start = day if was_valid else grant
            if start is not None:
                gaps.append((start, None))
    return gaps


def validity(snap: dict) -> Validity:
    """From a canonical snapshot (patents.record): grant date, term, dated lapse/restoration events and dated
    status words."""
    filing = _date(snap.get("filing_date"))
    grant = _date(snap.get("grant_date"))
    dated = sorted(((d, event_kind(e.get("code", ""), e.get("description", "")))
                    for e in snap.get("events", []) if (d := _date(e.get("date")))), key=lambda x: x[0])
    if grant is None:
        grant = next((d for d, kind in dated if kind == GRANT), None)
    observed = statuses(snap)
    grant_known = grant is not None
    if grant is None:
        grant = next((d for d, state in observed if state in status.IN_FORCE), None)
    end = term_end(snap.get("patent_type", ""), filing)
    gaps: list[tuple[dt.date, dt.date | None]] = []
    for day, kind in dated:
        if kind == LAPSE and (not gaps or gaps[-1][1] is not None):
            gaps.append((day, None))
        elif kind == RESTORE and gaps and gaps[-1][1] is None:
            gaps[-1] = (gaps[-1][0], day)
    if not any(kind in {LAPSE, RESTORE} for _, kind in dated):
        gaps = _status_gaps(observed, grant)
    return Validity(grant, end, tuple(gaps), grant_known)
