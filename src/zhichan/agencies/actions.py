"""Writes of the agency registry: each checks permission, runs in one transaction and writes the audit record.
The credit ledger's writes are in credit_actions.py, the annual-report lifecycle's in annual_actions.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhichan.agencies import registry
from zhichan.agencies.access import permit
from zhichan.agencies.models import (
    Agency,
    AgencyAlias,
    Employment,
    Practitioner,
    ServiceFigures,
    ServiceOrganization,
    StatusChange,
)
from zhichan.core import audit
from zhichan.core.models import Organization
from zhichan.patents import names

AGENCY_FIELDS = ("name", "credit_code", "licence_number", "form", "partners", "address", "established_on",
                 "licensed_on", "head")


def _changes(obj: Any, values: dict[str, Any]) -> dict[str, list[str]]:
    out = {}
    for key, value in values.items():
        old = getattr(obj, key)
        if old != value:
            out[key] = [str(old) if old is not None else "", str(value) if value is not None else ""]
            setattr(obj, key, value)
    return out


def _alias(agency: Agency, name: str, source: str) -> AgencyAlias | None:
    """Point a spelling at the agency unless it already names another one (an office entry is never moved)."""
    key = names.normalize(name)
    if not key:
        return None
    alias, created = AgencyAlias.objects.get_or_create(normalized_name=key[:200],
                                                       defaults={"name": name[:200], "agency": agency,
                                                                 "source": source})
    return alias if created or alias.agency_id == agency.pk else None


def _link_organization(agency: Agency) -> None:
    if agency.credit_code and agency.organization_id is None:
        org = Organization.objects.filter(credit_code=agency.credit_code).exclude(agency__isnull=False).first()
        if org is not None:
            agency.organization = org


@transaction.atomic
def do_save_agency(actor: Any, values: dict[str, Any], agency: Agency | None = None) -> tuple[Agency, bool]:
    """Create or update an agency from clean values (forms and the import validate them). The registered name is
    an alias; a changed name keeps the former one as an alias. Returns (agency, changed)."""
    permit(actor, "agencies.manage")
    values = {k: v for k, v in values.items() if k in AGENCY_FIELDS}
    creating = agency is None
    agency = agency or Agency(name=values["name"])
    former = "" if creating else agency.name
    if "address" in values and (creating or values["address"] != agency.address):
        agency.region = registry.region_for(values["address"])
    changes = _changes(agency, values)
    agency.normalized_name = names.normalize(agency.name)[:200]
    _link_organization(agency)
    if not creating and not changes:
        return agency, False
    agency.save()
    _alias(agency, agency.name, AgencyAlias.REGISTRY)
    if former and former != agency.name:
        _alias(agency, former, AgencyAlias.FORMER)
    audit.record(actor, "agencies.create" if creating else "agencies.update", agency, summary=agency.name,
                 changes=changes)
    return agency, True


@transaction.atomic
def do_add_alias(actor: Any, agency: Agency, name: str) -> AgencyAlias:
    """The office points a spelling found on patents at an agency (moving it from another if needed)."""
    permit(actor, "agencies.manage")
    key = names.normalize(name)[:200]
    if not key:
        raise ValueError("empty name")
    alias, _ = AgencyAlias.objects.update_or_create(normalized_name=key, defaults={
        "name": name[:200], "agency": agency, "source": AgencyAlias.OFFICE})
    audit.record(actor, "agencies.alias", agency, summary=name)
    return alias


@transaction.atomic
def do_set_status(actor: Any, agency: Agency, status: str, effective_on: dt.date, until: dt.date | None = None,
                  reason: str = "", decision: str = "") -> StatusChange:
    """An office decision on an agency's status (专利代理条例 Art. 25: 责令停止承接新业务 until a date, 吊销). A
    suspension or revocation goes into the credit file."""
    permit(actor, "agencies.manage")
    if status not in Agency.Status.values:
        raise ValueError(status)
    change = StatusChange.objects.create(agency=agency, status=status, effective_on=effective_on, until=until,
                                         reason=reason[:300], decision=decision[:100],
                                         created_by=actor if getattr(actor, "pk", None) else None)
    agency.status, agency.status_since = status, effective_on
    agency.suspended_until = until if status == Agency.Status.SUSPENDED else None
    if status == Agency.Status.REVOKED:
        agency.revoked_on = effective_on
    agency.save(update_fields=["status", "status_since", "suspended_until", "revoked_on", "updated_at"])
    audit.record(actor, "agencies.status", agency, summary=f"{agency.name} {status}",
                 changes={"status": status, "effective_on": str(effective_on), "until": str(until or "")})
    if status in (Agency.Status.SUSPENDED, Agency.Status.REVOKED):
        from zhichan.agencies.credit_actions import record_event

        record_event(actor, agency, status, effective_on, source="decision", source_ref=f"status:{change.pk}",
                     evidence=f"{decision} {reason}".strip())
    return change


def status_today(agency: Agency, today: dt.date) -> str:
    """The status with an expired suspension read as over (the stored one is refreshed by the lifecycle job)."""
    if agency.status == Agency.Status.SUSPENDED and agency.suspended_until and agency.suspended_until < today:
        return Agency.Status.NORMAL
    return agency.status


@transaction.atomic
def do_save_practitioner(actor: Any, values: dict[str, Any], practitioner: Practitioner | None = None
                         ) -> tuple[Practitioner, bool]:
    permit(actor, "agencies.manage")
    allowed = {k: v for k, v in values.items() if k in ("name", "certificate_number", "filing_number", "filed_on")}
    creating = practitioner is None
    practitioner = practitioner or Practitioner(certificate_number=allowed["certificate_number"])
    changes = _changes(practitioner, allowed)
    if not creating and not changes:
        return practitioner, False
    practitioner.save()
    audit.record(actor, "agencies.practitioner_create" if creating else "agencies.practitioner_update",
                 practitioner, summary=practitioner.name, changes=changes)
    return practitioner, True


@transaction.atomic
def do_move_practitioner(actor: Any, practitioner: Practitioner, agency: Agency | None, on: dt.date,
                         is_partner: bool = False) -> Employment | None:
    """A practitioner joins `agency` on `on` (None: leaves practice): the open employment ends that day, so the
    practitioner is in exactly one firm at a time. Joining the current firm again changes nothing."""
    permit(actor, "agencies.manage")
    current = Employment.objects.select_for_update().filter(practitioner=practitioner, ended_on=None).first()
    if current is not None and agency is not None and current.agency_id == agency.pk:
        return current
    if current is not None:
        if on < current.started_on:
            raise ValueError("the new employment starts before the current one")
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    created = None
    if agency is not None:
        created = Employment.objects.create(practitioner=practitioner, agency=agency, started_on=on,
                                            is_partner=is_partner)
    practitioner.agency = agency
    practitioner.save(update_fields=["agency"])
    audit.record(actor, "agencies.practitioner_move", practitioner, summary=practitioner.name,
                 changes={"agency": [current.agency.name if current else "", agency.name if agency else ""],
                          "on": str(on)})
    return created


@transaction.atomic
def do_save_service_organization(actor: Any, values: dict[str, Any],
                                 organization: ServiceOrganization | None = None) -> tuple[ServiceOrganization, bool]:
    permit(actor, "agencies.manage")
    allowed = {k: v for k, v in values.items() if k in ("name", "credit_code", "kind", "address")}
    creating = organization is None
    organization = organization or ServiceOrganization(name=allowed["name"])
    if "address" in allowed and (creating or allowed["address"] != organization.address):
        organization.region = registry.region_for(allowed["address"])
    changes = _changes(organization, allowed)
    if not creating and not changes:
        return organization, False
    organization.save()
    audit.record(actor, "agencies.service_org", organization, summary=organization.name, changes=changes)
    return organization, True


@transaction.atomic
def do_report_service_figures(actor: Any, organization: ServiceOrganization, year: int, offices: int, staff: int,
                              revenue_wan: Decimal) -> tuple[ServiceFigures, bool]:
    """A service organisation's yearly 机构数 / 从业人员 / 营收 (entered by the office or imported)."""
    permit(actor, "agencies.manage")
    row = ServiceFigures.objects.filter(organization=organization, year=year).first()
    values = {"offices": offices, "staff": staff, "revenue_wan": Decimal(revenue_wan)}
    if row is None:
        row = ServiceFigures.objects.create(organization=organization, year=year, **values)
        changes = {k: ["", str(v)] for k, v in values.items()}
    else:
        changes = _changes(row, values)
        if not changes:
            return row, False
        row.save()
    audit.record(actor, "agencies.service_figures", organization, summary=f"{organization.name} {year}",
                 changes=changes)
    return row, True


def do_refresh_fields(actor: Any, progress: Any = None) -> int:
    """Every agency's technical fields (IPC sections of its filings, most first), for the directory's filter."""
    from zhichan.agencies import stats

    permit(actor, "agencies.manage")
    agencies = list(Agency.objects.all())
    changed = 0
    for i, agency in enumerate(agencies):
        sections = stats.section_string(agency)
        if sections != agency.ipc_sections:
            Agency.objects.filter(pk=agency.pk).update(ipc_sections=sections)
            changed += 1
        if progress:
            progress(i + 1, len(agencies), "更新技术领域")
    audit.record(actor, "agencies.fields", None, summary=f"{changed}/{len(agencies)}")
    return changed


def do_feed_indicators(actor: Any, region: Any, year: int) -> list[Any]:
    """The registry feeds the plans' service-industry indicators (服务机构数, 从业人员, 服务业营收, 专利代理率) as drafts
    for the office to approve on the indicators pages (agencies/indicators.py says how each is counted)."""
    from zhichan.agencies import indicators
    from zhichan.indicators import catalogue
    from zhichan.indicators.models import ReportedValue

    permit(actor, "agencies.manage")
    catalogue.sync()
    found = indicators.figures(region.code, year)
    note = f"服务机构名录（{year} 年）"
    rows = []
    with transaction.atomic():
        for code in ("service_institutions", "service_staff", "service_revenue", "patent_agency_rate"):
            if found[code] is None:
                continue
            ReportedValue.objects.filter(indicator_id=code, region=region, period=str(year),
                                         status=ReportedValue.DRAFT, source_note=note).delete()
            rows.append(ReportedValue.objects.create(indicator_id=code, region=region, period=str(year),
                                                     value=found[code], source_note=note,
                                                     entered_by=actor if getattr(actor, "pk", None) else None))
        audit.record(actor, "agencies.feed_indicators", region, summary=f"服务机构名录生成指标填报 {year}",
                     changes={r.indicator_id: r.value for r in rows} | {"detail": found["detail"]})
    return rows
