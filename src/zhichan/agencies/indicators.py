"""The service-industry figures of 000 (服务机构数, 从业人员, 服务业营收, 专利代理率) for a region and a year, from the
registry, the annual reports, the service organisations' reported figures and the patents' 代理机构 column. They
feed the plans' reported indicators as drafts for the office to approve (actions.do_feed_indicators), as the service
hall's records do.

- 知识产权服务机构数量: patent agencies (head offices and branches) located in the region, licensed (or founded) by
  the year's end and not revoked before it, plus the other service organisations' reported 机构数 for the year.
- 知识产权服务业从业人员: per agency, the staff of its annual report on the year, else its practitioners in office
  at the year's end; plus the service organisations' reported staff.
- 知识产权服务收入 (亿元): the agencies' reported revenue plus the service organisations', in 万元 ÷ 10,000.
- 专利代理率 (%): of the CN applications filed in the year whose (first applicant's) place is in the region — every CN
  application for 全国 — the share naming a 代理机构.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from zhichan.agencies.models import Agency, AnnualReport, Employment, ServiceFigures, ServiceOrganization
from zhichan.patents import record as rec
from zhichan.patents.models import Application, Party

NATION = "100000"


def prefix_of(code: str) -> str:
    if code == NATION:
        return ""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def agencies_in(code: str, year: int) -> QuerySet[Agency]:
    end = dt.date(year, 12, 31)
    rows = Agency.objects.filter(Q(licensed_on__lte=end) | Q(licensed_on=None, established_on__lte=end)
                                 | Q(licensed_on=None, established_on=None))
    rows = rows.exclude(revoked_on__lte=end)
    prefix = prefix_of(code)
    return rows.filter(region__code__startswith=prefix) if prefix else rows


def organizations_in(code: str) -> QuerySet[ServiceOrganization]:
    prefix = prefix_of(code)
    rows = ServiceOrganization.objects.all()
    return rows.filter(region__code__startswith=prefix) if prefix else rows


def staff_of(agency: Agency, year: int) -> int:
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    if report is not None and report.staff:
        return report.staff
    end = dt.date(year, 12, 31)
    return Employment.objects.filter(agency=agency, started_on__lte=end).filter(
        Q(ended_on=None) | Q(ended_on__gt=end)).count()


def agency_rate(code: str, year: int) -> tuple[int, int]:
    """(CN applications of the year through an agency, all of them) in the region."""
    apps = Application.objects.filter(country="CN", filing_year=year)
    prefix = prefix_of(code)
    if prefix:
        apps = apps.filter(region__code__startswith=prefix)
    through = apps.filter(pk__in=Party.objects.filter(role=rec.AGENCY).values("application_id")).count()
    return through, apps.count()


def figures(code: str, year: int) -> dict[str, Any]:
    agencies = list(agencies_in(code, year))
    figures_of_year = ServiceFigures.objects.filter(organization__in=organizations_in(code), year=year)
    others = figures_of_year.aggregate(offices=Sum("offices"), staff=Sum("staff"), revenue=Sum("revenue_wan"))
    reported = AnnualReport.objects.filter(agency__in=agencies, year=year).aggregate(revenue=Sum("revenue_wan"))
    revenue_wan = (reported["revenue"] or Decimal(0)) + (others["revenue"] or Decimal(0))
    through, total = agency_rate(code, year)
    return {
        "service_institutions": len(agencies) + (others["offices"] or 0),
        "service_staff": sum(staff_of(a, year) for a in agencies) + (others["staff"] or 0),
        "service_revenue": round(float(revenue_wan) / 10000, 4),
        "patent_agency_rate": round(100 * through / total, 2) if total else None,
        "detail": {"agencies": len(agencies), "organizations_offices": others["offices"] or 0,
                   "applications": total, "through_agency": through},
    }
