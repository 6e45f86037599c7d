"""知识产权托管: for every active trusteeship, the enterprise's patents are watched — the next annual-fee
deadline (the filing-date anniversary), the end of term, lapses — and reminders go to the enterprise and the
custodian (office or agency) before a deadline and when a patent lapses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

from zhichan.patents import numbers, status
from zhichan.patents.models import Application
from zhichan.patents.validity import term_end

REMIND_DAYS = 30


@dataclass
class Watch:
    key: str
    title: str
    status: str
    next_fee: dt.date | None
    term_end: dt.date | None
    alert: str  # "" | fee_due | lapsed | expiring


def keys(portfolio: str) -> list[str]:
    """Application numbers written in the portfolio field, in any usual form."""
    return numbers.application_keys(portfolio)[0]


def next_anniversary(filing: dt.date, today: dt.date) -> dt.date:
    for year in (today.year, today.year + 1):
        try:
            day = filing.replace(year=year)
        except ValueError:
            day = dt.date(year, 3, 1)
        if day >= today:
            return day
    return filing.replace(year=today.year + 1)


def watch(portfolio: str, today: dt.date) -> list[Watch]:
    apps = {a.key: a for a in Application.objects.filter(key__in=keys(portfolio))}
    out = []
    for key in keys(portfolio):
        app = apps.get(key)
        if app is None:
            out.append(Watch(key, "（平台中没有这件专利的数据）", "", None, None, ""))
            continue
        end = term_end(app.patent_type, app.filing_date)
        fee = next_anniversary(app.filing_date, today) if app.filing_date and app.grant_date and \
            app.legal_status == status.VALID and (end is None or today < end) else None
        if fee and end and fee >= end:
            fee = None  # no annual fee for a year the term does not reach
        alert = ""
        if app.legal_status == status.LAPSED:
            alert = "lapsed"
        elif fee and (fee - today).days <= REMIND_DAYS:
            alert = "fee_due"
        elif end and 0 <= (end - today).days <= 180:
            alert = "expiring"
        out.append(Watch(key, app.title, app.legal_status, fee, end, alert))
    return out


ALERT_LABELS = {"fee_due": _("年费即将到期"), "lapsed": _("已失效"), "expiring": _("保护期即将届满")}
