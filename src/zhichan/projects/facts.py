"""What the platform knows of an applying organisation, for the eligibility rules (projects/eligibility.py).

Valid inventions held: the platform has no single function counting one organisation's valid inventions, so this
composes the pieces the other apps use — the parties' normalised names (patents.names.normalize, stored as
Party.normalized_name, as core/homes.py finds an organisation's patents), the current holders of a record
(patents.facts.holders: a granted patent's holders, vendor group names excluded) and its validity on a date
(patents.validity.validity over the dated events and status words, as the indicators and the market's checks use).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhichan.patents import names
from zhichan.patents import record as rec
from zhichan.patents.facts import holders
from zhichan.patents.models import Application
from zhichan.patents.validity import validity
from zhichan.projects.eligibility import Applicant, Dishonesty


def valid_inventions(name: str, on: dt.date) -> int:
    """Invention patents valid on `on` of which an organisation of this name is a current holder."""
    key = names.normalize(name)
    rows = Application.objects.filter(patent_type=rec.INVENTION, parties__normalized_name=key,
                                      parties__role__in=[rec.APPLICANT, rec.HOLDER]).distinct()
    count = 0
    for data in rows.values_list("data", flat=True).iterator():
        snap = data or {}
        if key in {names.normalize(p["name"]) for p in holders(snap)} and validity(snap).on(on):
            count += 1
    return count


def credit_grade(organization: Any) -> str | None:
    """The published credit grade of the organisation where the platform keeps one: patent agencies (the agencies
    app's ledger). None for every other organisation — the hook for an enterprise credit source."""
    agency = getattr(organization, "agency", None) if organization.pk else None
    return (agency.grade or None) if agency is not None else None


def dishonesty(organization: Any, on: dt.date) -> tuple[Dishonesty, ...]:
    """The serious dishonesty records in force on `on` that the office entered for this organisation (from 信用中国 /
    国家企业信用信息公示系统: projects/credit_models.py), latest first. The platform's record is the source: a record
    the office has not entered is not known here."""
    from zhichan.projects.credit_models import DishonestyRecord

    if organization.pk is None:
        return ()
    rows = DishonestyRecord.objects.filter(organization_id=organization.pk, listed_on__lte=on)
    return tuple(fact for fact in (r.as_fact() for r in rows) if fact.active_on(on))


def applicant(organization: Any, on: dt.date, count_inventions: bool = True) -> Applicant:
    return Applicant(
        name=organization.name, kind=organization.kind, region_code=organization.region_id or "",
        registered=organization.pk is not None, verified=organization.verified,
        grade=credit_grade(organization),
        valid_inventions=valid_inventions(organization.name, on) if count_inventions else None,
        dishonesty=dishonesty(organization, on))
