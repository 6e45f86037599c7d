"""The annual-report lifecycle of a patent agency (专利代理管理办法 Art. 35, 37). Pure Python over dates.

An agency reports on year Y between 1 and 31 March of Y + 1. One that has not reported by then is listed in the
经营异常名录 on 1 April of Y + 1 and removed on the day it files the missing report. A listing still open three years
after it began moves the agency to the 严重违法失信名单 on that day; 60 days before, the agency is warned. The credit
ledger counts the listing as `annual_report_missing`, or `annual_report_late` when the report came within a month.

`timeline` gives the whole state as of a date from the facts alone (when the agency was licensed, when it filed
each report), so that a job reconciling the database with it is idempotent and tests can walk any calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from zhichan.agencies.credit import add_months

ABNORMAL, SERIOUS = "abnormal", "serious"
MISSING, LATE = "annual_report_missing", "annual_report_late"
WARNING_DAYS = 60
YEARS_TO_SERIOUS = 3


@dataclass(frozen=True)
class Listing:
    kind: str
    report_year: int
    listed_on: dt.date
    removed_on: dt.date | None = None
    warned_on: dt.date | None = None  # abnormal listings only: the 60-day warning before 严重违法失信

    def open_on(self, day: dt.date) -> bool:
        return self.listed_on <= day and (self.removed_on is None or day < self.removed_on)


@dataclass(frozen=True)
class CreditMark:
    """The credit event a listing gives: its code and date, keyed by the report year."""

    code: str
    report_year: int
    occurred_on: dt.date


def window(year: int) -> tuple[dt.date, dt.date]:
    """The filing window of the report on `year`."""
    return dt.date(year + 1, 3, 1), dt.date(year + 1, 3, 31)


def listing_day(year: int) -> dt.date:
    return dt.date(year + 1, 4, 1)


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def report_years(first_year: int, as_of: dt.date) -> range:
    """The years whose reports fell due by `as_of` (a window closed before it)."""
    last = as_of.year - 1 if as_of >= listing_day(as_of.year - 1) else as_of.year - 2
    return range(first_year, last + 1)


def first_report_year(licensed_on: dt.date) -> int:
    """An agency licensed in year Y first reports on Y (in March of Y + 1)."""
    return licensed_on.year


def timeline(first_year: int, filed: Mapping[int, dt.date], as_of: dt.date,
             closed_on: dt.date | None = None) -> list[Listing]:
    """Every listing of the agency as it stands on `as_of`. `filed`: report year → the day it was filed (reports
    filed after `as_of` are not known yet). `closed_on`: the licence ended (revoked, deregistered): nothing new
    is listed from that day."""
    known = {year: day for year, day in filed.items() if day <= as_of}
    out: list[Listing] = []
    for year in report_years(first_year, as_of):
        listed_on = listing_day(year)
        if closed_on is not None and listed_on >= closed_on:
            break
        filed_on = known.get(year)
        if filed_on is not None and filed_on < listed_on:
            continue  # on time (or early)
        serious_on = add_years(listed_on, YEARS_TO_SERIOUS)
        warn_on = serious_on - dt.timedelta(days=WARNING_DAYS)
        removed_on = filed_on  # filing the missing report ends the abnormal listing (not a serious one)
        warned = warn_on if warn_on <= as_of and (removed_on is None or warn_on < removed_on) else None
        out.append(Listing(ABNORMAL, year, listed_on, removed_on, warned))
        if serious_on <= as_of and (removed_on is None or removed_on >= serious_on):
            out.append(Listing(SERIOUS, year, serious_on))
    return out


def credit_marks(listings: list[Listing]) -> list[CreditMark]:
    """The credit events the abnormal listings give: 20 points, 10 when the report came within a month."""
    marks = []
    for listing in listings:
        if listing.kind != ABNORMAL:
            continue
        late = listing.removed_on is not None and listing.removed_on <= add_months(listing.listed_on, 1)
        marks.append(CreditMark(LATE if late else MISSING, listing.report_year, listing.listed_on))
    return marks


def status_on(listings: list[Listing], day: dt.date) -> str:
    """The listing part of an agency's status: serious, abnormal or '' (normal)."""
    open_kinds = {listing.kind for listing in listings if listing.open_on(day)}
    if SERIOUS in open_kinds:
        return SERIOUS
    return ABNORMAL if ABNORMAL in open_kinds else ""


def due_reports(first_year: int, filed: Mapping[int, dt.date], as_of: dt.date) -> list[int]:
    """The report years the agency still owes on `as_of` (the current window's year included when it is open)."""
    years = list(report_years(first_year, as_of))
    opened, _ = window(as_of.year - 1)
    if as_of >= opened and as_of.year - 1 >= first_year and as_of.year - 1 not in years:
        years.append(as_of.year - 1)
    return [year for year in years if not (year in filed and filed[year] <= as_of)]
