"""Writes of the annual-report lifecycle (专利代理管理办法 Art. 35, 37): an agency files its report; the daily job
reconciles the listings with `annual.timeline` as of a date, so running it twice for a date changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhichan.agencies import annual, registry
from zhichan.agencies.access import permit
from zhichan.agencies.credit_actions import record_event
from zhichan.agencies.models import Agency, AnnualReport, LifecycleRun, Listing
from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied, can

REPORT_FIELDS = ("staff", "practitioners", "revenue_wan", "filings", "note")


class NotInWindow(ValueError):
    """The report is for a year whose window has not opened."""


def first_year(agency: Agency) -> int | None:
    start = agency.licensed_on or agency.established_on
    return annual.first_report_year(start) if start else None


def filed_days(agency: Agency) -> dict[int, dt.date]:
    return dict(agency.annual_reports.values_list("year", "filed_on"))


@transaction.atomic
def do_file_annual_report(actor: Any, agency: Agency, year: int, values: dict[str, Any],
                          today: dt.date | None = None) -> AnnualReport:
    """The agency (its own users) or the office files the report on `year`; from 1 March of year + 1 on. A late
    report ends the 经营异常 listing it caused the same day."""
    today = today or timezone.localdate()
    own = actor is not None and registry.agency_of(actor) == agency and can(actor, "agencies.report")
    if actor is not None and not own and not can(actor, "agencies.manage"):
        raise PermissionDenied("agencies.report")
    if today < annual.window(year)[0]:
        raise NotInWindow(year)
    clean = {k: v for k, v in values.items() if k in REPORT_FIELDS}
    clean["revenue_wan"] = Decimal(clean.get("revenue_wan") or 0)
    report, created = AnnualReport.objects.update_or_create(agency=agency, year=year, defaults={
        **clean, **({} if AnnualReport.objects.filter(agency=agency, year=year).exists() else {
            "filed_on": today, "filed_by": actor if getattr(actor, "pk", None) else None})})
    audit.record(actor, "agencies.annual_report" if created else "agencies.annual_report_update", report,
                 summary=f"{agency.name} {year}", changes={k: str(v) for k, v in clean.items()})
    reconcile(actor, agency, today)
    return report


def _notify(agency: Agency, title: str) -> None:
    from django.contrib.auth import get_user_model

    from zhichan.core.models import Organization
    from zhichan.services.actions import notify

    # the organisation linked when the agency was saved, else the one registered since with its credit code
    org_id = agency.organization_id or (Organization.objects.filter(
        credit_code=agency.credit_code, status=Organization.Status.VERIFIED).values_list("pk", flat=True).first()
        if agency.credit_code else None)
    if org_id is None:
        return
    url = reverse("agencies:mine")
    for user in get_user_model().objects.filter(organization_id=org_id, is_active=True):
        notify(user, title, url)


def reconcile(actor: Any, agency: Agency, as_of: dt.date) -> dict[str, int]:
    """Bring the agency's listings, credit marks and status in line with the timeline as of `as_of`."""
    counts = {"listed": 0, "removed": 0, "warned": 0, "serious": 0}
    start = first_year(agency)
    if start is None:
        return counts
    closed = agency.revoked_on
    wanted = annual.timeline(start, filed_days(agency), as_of, closed_on=closed)
    stored = {(row.kind, row.listed_on): row for row in agency.listings.all()}
    for item in wanted:
        row = stored.get((item.kind, item.listed_on))
        if row is None:
            row = Listing.objects.create(agency=agency, kind=item.kind, report_year=item.report_year,
                                         listed_on=item.listed_on, reason=f"未按时报送 {item.report_year} 年度报告")
            counts["serious" if item.kind == annual.SERIOUS else "listed"] += 1
            audit.record(actor, f"agencies.list_{item.kind}", agency, summary=f"{agency.name} {item.listed_on}")
            _notify(agency, f"已列入{row.get_kind_display()}：{row.reason}")
        if item.removed_on and row.removed_on != item.removed_on:
            row.removed_on = item.removed_on
            row.save(update_fields=["removed_on"])
            counts["removed"] += 1
            audit.record(actor, f"agencies.unlist_{item.kind}", agency, summary=f"{agency.name} {item.removed_on}")
        if item.warned_on and row.warned_on is None:
            row.warned_on = item.warned_on
            row.save(update_fields=["warned_on"])
            counts["warned"] += 1
            audit.record(actor, "agencies.serious_warning", agency, summary=f"{agency.name} {item.warned_on}")
            _notify(agency, f"预警：经营异常名录期满三年将列入严重违法失信名单（{row.reason}）")
    for mark in annual.credit_marks(wanted):
        record_event(actor, agency, mark.code, mark.occurred_on, source="annual", source_ref=str(mark.report_year),
                     evidence=f"{mark.report_year} 年度报告")
    _refresh_status(agency, annual.status_on(wanted, as_of), as_of)
    return counts


def _refresh_status(agency: Agency, listed: str, as_of: dt.date) -> None:
    """The stored status: revocation and a running suspension come first, then the listings, else 正常."""
    if agency.status == Agency.Status.REVOKED:
        return
    if agency.status == Agency.Status.SUSPENDED and (agency.suspended_until is None or agency.suspended_until >= as_of):
        return
    status = {annual.SERIOUS: Agency.Status.SERIOUS, annual.ABNORMAL: Agency.Status.ABNORMAL}.get(
        listed, Agency.Status.NORMAL)
    if status != agency.status:
        agency.status, agency.status_since = status, as_of
        agency.save(update_fields=["status", "status_since", "updated_at"])


@transaction.atomic
def do_run_lifecycle(actor: Any, as_of: dt.date) -> LifecycleRun:
    """The 1 April listing, the warnings, the three-year move and the removals for every agency, as of `as_of`;
    idempotent per date (a second run records zero changes)."""
    permit(actor, "agencies.manage")
    totals = {"agencies": 0, "listed": 0, "removed": 0, "warned": 0, "serious": 0}
    for agency in Agency.objects.filter(head=None):
        totals["agencies"] += 1
        for key, value in reconcile(actor, agency, as_of).items():
            totals[key] += value
    run = LifecycleRun.objects.create(as_of=as_of, ran_by=actor if getattr(actor, "pk", None) else None,
                                      result=totals)
    audit.record(actor, "agencies.lifecycle", run, summary=f"{as_of}: {totals}", changes=totals)
    return run
