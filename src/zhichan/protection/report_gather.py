"""What a risk report is about and its figures, read from the platform's records (the computations are in
protection/riskfigures.py).

Subjects:
- an enterprise: an organisation (by its normalised name as applicant or holder) or a 重点企业 named on a watch list
  by name only; its watch lists are the organisation's own and those naming it as 重点企业; its competitors and
  watched areas are theirs;
- an industry: an IPC area (every record with an IPC code in it) or a 战略性新兴产业 class (every record classified in
  it or below it); its "competitors" are the busiest applicants of the quarter's new filings in it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from zhichan.core.models import Organization
from zhichan.patents.models import Application, IpcAssignment, LegalEvent, Party
from zhichan.patents.names import normalize as name_key
from zhichan.protection import detect, riskfigures
from zhichan.protection.models import RiskReport, WatchEvent, WatchItem, WatchList
from zhichan.protection.riskfigures import Filing, Held, Quarter

OWNER_ROLES = ("applicant", "holder")
MOST_AT_RISK = 200


@dataclass
class Subject:
    kind: str  # RiskReport.Kind
    key: str  # subject_key
    name: str
    organization: Organization | None = None
    names: set[str] = field(default_factory=set)  # normalised names (enterprise)
    area: str = ""  # an IPC symbol (industry)
    sei: str = ""  # a SEI code (industry)


def enterprise(organization: Organization | None = None, name: str = "") -> Subject:
    if organization is not None:
        return Subject(RiskReport.Kind.ENTERPRISE, f"org:{organization.pk}", organization.name, organization,
                       {name_key(organization.name)})
    key = name_key(name)
    match = organizations_by_name().get(key)
    if match is not None:
        return enterprise(match)
    return Subject(RiskReport.Kind.ENTERPRISE, f"name:{key}"[:320], name.strip()[:300], None, {key})


def industry(area: str = "", sei: str = "", name: str = "") -> Subject:
    if area:
        return Subject(RiskReport.Kind.INDUSTRY, f"ipc:{area}", name or f"IPC {area}", area=area)
    return Subject(RiskReport.Kind.INDUSTRY, f"sei:{sei}", name or sei, sei=sei)


def organizations_by_name() -> dict[str, Organization]:
    return {name_key(o.name): o for o in Organization.objects.all()}


def key_enterprises() -> list[Subject]:
    """Every enterprise named 重点企业 on a watch list, once (an organisation's when its name is one's)."""
    out: dict[str, Subject] = {}
    orgs = organizations_by_name()
    for value in WatchItem.objects.filter(kind=WatchItem.Kind.ENTERPRISE).order_by("pk").values_list("value",
                                                                                                   flat=True):
        org = orgs.get(name_key(value))
        subject = enterprise(org) if org is not None else enterprise(name=value)
        out.setdefault(subject.key, subject)
    return list(out.values())


def enterprises_with_lists() -> list[Organization]:
    return list(Organization.objects.filter(watch_lists__isnull=False).distinct().order_by("name"))


# ---- the records --------------------------------------------------------------------------------------------

def _held_ids(subject: Subject) -> list[int]:
    if subject.kind == RiskReport.Kind.ENTERPRISE:
        return list(Party.objects.filter(normalized_name__in=subject.names, role__in=OWNER_ROLES)
                    .values_list("application_id", flat=True).distinct())
    if subject.area:
        return _in_area(subject.area)
    prefix = f'"{subject.sei}'
    return [pk for pk, codes in Application.objects.filter(sei_codes__icontains=prefix)
            .values_list("pk", "sei_codes") if any(c == subject.sei or c.startswith(subject.sei + ".")
                                                   for c in codes or [])]


def _in_area(area: str) -> list[int]:
    stem = area.split("/")[0]
    rows = IpcAssignment.objects.filter(code__startswith=stem).values_list("application_id", "code")
    return sorted({pk for pk, code in rows if detect.ipc_covers(area, code)})


def _chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def held(ids: list[int]) -> list[Held]:
    events: dict[int, list[tuple[dt.date | None, str, str]]] = defaultdict(list)
    out = []
    for chunk in _chunks(ids):
        for app_id, day, code, words in LegalEvent.objects.filter(application_id__in=chunk) \
                .values_list("application_id", "date", "code", "description"):
            events[app_id].append((day, code, words))
        for pk, key, title, kind, legal, filing, grant in Application.objects.filter(pk__in=chunk) \
                .values_list("pk", "key", "title", "patent_type", "legal_status", "filing_date", "grant_date"):
            out.append(Held(key, title, kind, legal, filing, grant, tuple(events[pk])))
    return sorted(out, key=lambda h: h.key)


# ---- watch lists and their events -----------------------------------------------------------------------------

def watch_lists(subject: Subject) -> list[int]:
    if subject.kind != RiskReport.Kind.ENTERPRISE:
        return []
    named = [pk for pk, value in WatchItem.objects.filter(kind=WatchItem.Kind.ENTERPRISE)
             .values_list("watch_list_id", "value") if name_key(value) in subject.names]
    own = Q(organization=subject.organization) if subject.organization is not None else Q(pk__in=[])
    return sorted(set(WatchList.objects.filter(own | Q(pk__in=named)).values_list("pk", flat=True)))


def _in_quarter(quarter: Quarter) -> Q:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(quarter.start, dt.time(), tz)
    end = dt.datetime.combine(quarter.end + dt.timedelta(days=1), dt.time(), tz)
    return Q(created_at__gte=start, created_at__lt=end)


def events_of(subject: Subject, lists: list[int], ids: set[int], quarter: Quarter) -> Any:
    """The quarter's watch events about the subject: its lists' events (enterprise), or the events of any list
    about a record in the industry."""
    events = WatchEvent.objects.filter(_in_quarter(quarter))
    if subject.kind == RiskReport.Kind.ENTERPRISE:
        return events.filter(watch_list_id__in=lists)
    about = [pk for pk, app, watched in events.values_list("pk", "application_id", "watched_id")
             if app in ids or watched in ids]
    return WatchEvent.objects.filter(pk__in=about)


def similar(events: Any, ids: set[int]) -> list[dict]:
    """The similar-publication events against one of the subject's records, ranked by similarity."""
    pairs = []
    for sim, evidence, watched in events.filter(kind=WatchEvent.Kind.SIMILAR) \
            .values_list("similarity", "evidence", "watched_id"):
        if watched in ids and evidence.get("new") and evidence.get("watched"):
            pairs.append({"similarity": float(sim or evidence.get("similarity") or 0), "new": evidence["new"],
                          "watched": evidence["watched"]})
    return riskfigures.rank_similar(pairs)


def event_counts(events: Any) -> list[tuple[str, int]]:
    labels = dict(WatchEvent.Kind.choices)
    counts: dict[str, int] = defaultdict(int)
    for kind in events.values_list("kind", flat=True):
        counts[kind] += 1
    return [(str(labels[k]), counts[k]) for k in labels if counts.get(k)]


# ---- competitors ----------------------------------------------------------------------------------------------

def _filings(ids: list[int], owner_of: dict[int, str]) -> list[Filing]:
    codes: dict[int, list[str]] = defaultdict(list)
    out = []
    for chunk in _chunks(ids):
        for app_id, code in IpcAssignment.objects.filter(application_id__in=chunk).values_list("application_id",
                                                                                               "code"):
            codes[app_id].append(code)
        for pk, key, title, filing, published in Application.objects.filter(pk__in=chunk) \
                .values_list("pk", "key", "title", "filing_date", "publication_date"):
            out.append(Filing(key, title, owner_of[pk], filing, published, tuple(sorted(codes[pk]))))
    return out


def _new_in(quarter: Quarter) -> Q:
    return Q(filing_date__range=(quarter.start, quarter.end)) | \
        Q(publication_date__range=(quarter.start, quarter.end))


def competitors(subject: Subject, lists: list[int], ids: list[int], quarter: Quarter) -> tuple[list[dict], list[str]]:
    if subject.kind == RiskReport.Kind.INDUSTRY:
        in_industry = set(ids)
        owner_of = {pk: name for pk, name in Application.objects.filter(_new_in(quarter))
                    .values_list("pk", "first_applicant") if pk in in_industry}
        return riskfigures.competitor_activity(_filings(sorted(owner_of), owner_of), [], quarter), []
    items = WatchItem.objects.filter(watch_list_id__in=lists)
    areas = sorted(set(items.filter(kind=WatchItem.Kind.IPC).values_list("value", flat=True)))
    rivals = {name_key(v): v for v in items.filter(kind=WatchItem.Kind.COMPETITOR).values_list("value", flat=True)}
    rivals = {k: v for k, v in rivals.items() if k not in subject.names}
    owner_of = {}
    new = Application.objects.filter(_new_in(quarter)).values("pk")
    for app_id, name in Party.objects.filter(normalized_name__in=list(rivals), role__in=OWNER_ROLES,
                                             application_id__in=new).values_list("application_id", "normalized_name"):
        owner_of.setdefault(app_id, rivals[name])
    return riskfigures.competitor_activity(_filings(sorted(owner_of), owner_of), areas, quarter), areas


# ---- the figures ----------------------------------------------------------------------------------------------

def figures(subject: Subject, quarter: Quarter) -> dict:
    """Everything the report shows, as JSON (kept on the report: the DOCX is written from it)."""
    ids = _held_ids(subject)
    records = held(ids)
    id_set = set(ids)
    lists = watch_lists(subject)
    events = events_of(subject, lists, id_set, quarter)
    at_risk = riskfigures.at_risk(records, quarter)
    rivals, areas = competitors(subject, lists, ids, quarter)
    out = {
        "period": quarter.code, "period_label": quarter.label, "as_of": quarter.end.isoformat(),
        "start": quarter.start.isoformat(),
        "subject": subject.name, "kind": subject.kind, "area": subject.area, "sei": subject.sei,
        "drafted": timezone.localdate().isoformat(),
        "health": riskfigures.health(records, quarter.end),
        "at_risk": at_risk[:MOST_AT_RISK], "at_risk_total": len(at_risk),
        "risk_counts": riskfigures.risk_counts(at_risk),
        "competitors": rivals, "areas": areas,
        "competitor_events": events.filter(kind=WatchEvent.Kind.COMPETITOR).count(),
        "similar": similar(events, id_set),
        "events": event_counts(events), "lists": len(lists),
    }
    return out
