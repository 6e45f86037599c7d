"""The matching engine's results stored as matches (docs/market.md 页面中的匹配): a published demand's best patents
(with their published listings) and service agencies, each a `Match` row whose `reasons` keep the engine's
explanation (shared terms, shared classes, each factor's value, weight and points).

Who a stored match opens the demand's details to: the patent's holder **only if** the holder is a registered
platform organisation (verified, names compared in the normal form of patents/names, as market/rules.py does). A
match to a holder not on the platform is stored under the demand's own organisation with `registered` false: the
office and the demand's owner see it; it opens the details to no one else (Match.organization cannot be empty).

Storing again is idempotent: the same demand and patent (or agency) is one row, its score and reasons updated; the
office's own matches, answered ones (有意向/无意向) and those the alerts created are never removed; engine rows that
fell out of the top and were never answered are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F

from zhichan import conf
from zhichan.core.models import Organization
from zhichan.market.models import Demand, Match
from zhichan.patents import names

PARTY_KINDS = (Organization.Kind.ENTERPRISE, Organization.Kind.UNIVERSITY, Organization.Kind.INSTITUTE,
               Organization.Kind.AGENCY, Organization.Kind.OTHER)
AGENCIES = 5  # service agencies stored per demand


@dataclass
class Proposed:
    key: tuple[str, int]  # ("patent", application id) or ("agency", agency id)
    organization: Organization | None  # the registered party, None: not on the platform
    score: float
    reasons: dict[str, Any]
    application_id: int | None = None
    listing_id: int | None = None


def registered(names_wanted: set[str]) -> dict[str, Organization]:
    """normalised name → the verified platform organisation of that name (office organisations left out)."""
    if not names_wanted:
        return {}
    rows = Organization.objects.filter(status=Organization.Status.VERIFIED, kind__in=PARTY_KINDS)
    found: dict[str, Organization] = {}
    for org in rows.filter(name__in=names_wanted) | rows.filter(name__in=_raw_forms(names_wanted)):
        found[names.normalize(org.name)] = org
    return found


def _raw_forms(wanted: set[str]) -> set[str]:
    """Registered names are typed by people: full-width brackets are the usual difference from the normal form."""
    return {n.replace("(", "（").replace(")", "）") for n in wanted}


def holder_org(application: Any) -> Organization | None:
    """The registered organisation among the patent's current holders (the first by name when several are)."""
    from zhichan.market.rules import holder_names

    held = registered(holder_names(application))
    return held[min(held)] if held else None


def need_of(demand: Demand) -> Any:
    """The demand as the engine reads it: its title, summary and details (the results go only to those who may
    read the details), its IPC, SEI, region and budget."""
    from zhichan.market.matching.engine import Need

    text = "。".join(t for t in (demand.title, demand.summary, demand.details) if t)
    return Need.of(text, [demand.ipc] if demand.ipc else [], sei=(demand.sei,) if demand.sei else (),
                   region=demand.region_id or "", budget_min=demand.budget_min_wan, budget_max=demand.budget_max_wan)


def propose(demand: Demand, limit: int | None = None) -> list[Proposed]:
    """The engine's best patents and agencies for the demand, with who each would open the details to."""
    from zhichan.market.matching.engine import match
    from zhichan.market.matching.targets import agencies_for
    from zhichan.patents.models import Application

    limit = limit or int(conf.value("ZHICHAN_MATCH_STORE"))  # type: ignore[call-overload]
    need = need_of(demand)
    results = match(need, limit=limit)
    apps = {a.pk: a for a in Application.objects.filter(pk__in=[r.pk for r in results])}
    out = []
    for r in results:
        org = holder_org(apps[r.pk]) if r.pk in apps else None
        if org is not None and org.pk == demand.organization_id:
            continue  # the demand's own patent
        reasons = {"kind": "patent", **r.as_dict(), "registered": org is not None}
        out.append(Proposed(("patent", r.pk), org, r.score, reasons, application_id=r.pk,
                            listing_id=(r.listing or {}).get("id")))
    out += _agencies(demand, agencies_for(need, AGENCIES))
    return out


def _agencies(demand: Demand, targets: list[Any]) -> list[Proposed]:
    from zhichan.agencies.models import Agency

    orgs = dict(Agency.objects.filter(pk__in=[t.ref for t in targets], organization__status=Organization.Status
                                      .VERIFIED).values_list("pk", "organization"))
    by_pk = Organization.objects.in_bulk([o for o in orgs.values() if o])
    out = []
    for t in targets:
        org = by_pk.get(orgs.get(t.ref))
        if org is not None and org.pk == demand.organization_id:
            continue
        reasons = {"kind": "agency", **t.as_dict(), "shared_classes": t.factors["ipc"].get("shared", []),
                   "registered": org is not None}
        out.append(Proposed(("agency", t.ref), org, t.score, reasons))
    return out


def key_of(row: Match) -> tuple[str, int] | None:
    kind = (row.reasons or {}).get("kind")
    if row.application_id:
        return ("patent", row.application_id)
    if kind == "agency":
        return ("agency", int(row.reasons.get("id") or 0))
    return None


def store(demand: Demand, proposed: list[Proposed]) -> dict[str, Any]:
    """Write the proposals as the demand's matches (idempotent). Returns the counts and the newly matched
    registered organisations (to be told)."""
    existing: dict[tuple[str, int], Match] = {}
    for row in demand.matches.order_by("pk"):
        key = key_of(row)
        if key is not None:
            existing.setdefault(key, row)
    created, updated, told = 0, 0, []
    for p in proposed:
        row = existing.pop(p.key, None)
        org = p.organization or demand.organization
        if row is None:
            Match.objects.create(demand=demand, organization=org, application_id=p.application_id,
                                 listing_id=p.listing_id, score=p.score, reasons=p.reasons,
                                 source=Match.Source.ENGINE)
            created += 1
            if p.organization is not None:
                told.append(p.organization)
            continue
        row.score, row.reasons = p.score, {**p.reasons, **_kept(row)}
        row.listing_id = p.listing_id or row.listing_id
        if row.source == Match.Source.ENGINE and not row.interest:
            row.organization = org  # the holder may have registered since
        row.save(update_fields=["score", "reasons", "listing", "organization"])
        updated += 1
    stale = [r.pk for r in existing.values() if removable(r)]
    Match.objects.filter(pk__in=stale).delete()
    return {"created": created, "updated": updated, "removed": len(stale), "told": told}


def _kept(row: Match) -> dict[str, Any]:
    return {"via": row.reasons["via"]} if (row.reasons or {}).get("via") else {}


def removable(row: Match) -> bool:
    return row.source == Match.Source.ENGINE and not row.interest and not (row.reasons or {}).get("via")


def parties(rows: Any) -> Any:
    """The matches that name a party other than the demand's own organisation (those a party sees and answers)."""
    return rows.exclude(organization_id=F("demand__organization_id"))
