"""What the patents say about an agency: the applications whose 代理机构 (search field AGC) is one of its aliases,
per filing year, their outcomes, technical fields and clients' regions; and the registry-wide figures (how many
agency names on patents are linked, 专利代理率)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q, QuerySet

from zhichan.agencies.models import Agency
from zhichan.patents import record as rec
from zhichan.patents import status
from zhichan.patents.models import Application, Party

DECIDED = (status.VALID, status.LAPSED, status.REJECTED, status.WITHDRAWN)
SECTIONS = "ABCDEFGH"


def applications(agency: Agency) -> QuerySet[Application]:
    keys = list(agency.aliases.values_list("normalized_name", flat=True))
    ids = Party.objects.filter(role=rec.AGENCY, normalized_name__in=keys).values("application_id")
    return Application.objects.filter(pk__in=ids)


def granted_q() -> Q:
    """Granted: a grant date, or a status that only a grant gives (有效; 失效 after a grant date)."""
    return Q(grant_date__isnull=False) | Q(legal_status=status.VALID)


def per_year(apps: QuerySet[Application]) -> list[dict[str, Any]]:
    """Filings per year, and for inventions the grant and rejection rates among the decided ones (granted,
    rejected, withdrawn, or lapsed after a grant) — pending applications are left out of both rates."""
    rows = (apps.exclude(filing_year=None).values("filing_year")
            .annotate(filings=Count("pk"),
                      inventions=Count("pk", filter=Q(patent_type=rec.INVENTION)),
                      granted=Count("pk", filter=Q(patent_type=rec.INVENTION) & granted_q()),
                      rejected=Count("pk", filter=Q(patent_type=rec.INVENTION, legal_status=status.REJECTED)),
                      decided=Count("pk", filter=Q(patent_type=rec.INVENTION) & (
                          granted_q() | Q(legal_status__in=[status.REJECTED, status.WITHDRAWN]))))
            .order_by("filing_year"))
    out = []
    for row in rows:
        decided = row["decided"]
        out.append({"year": row["filing_year"], "filings": row["filings"], "inventions": row["inventions"],
                    "granted": row["granted"], "rejected": row["rejected"], "decided": decided,
                    "grant_rate": round(100 * row["granted"] / decided, 1) if decided else None,
                    "rejection_rate": round(100 * row["rejected"] / decided, 1) if decided else None})
    return out


def ipc_sections(apps: QuerySet[Application]) -> list[dict[str, Any]]:
    counts = Counter(code[:1] for code in apps.exclude(main_ipc="").values_list("main_ipc", flat=True))
    return [{"section": s, "count": counts[s]} for s in SECTIONS if counts[s]]


def sei_industries(apps: QuerySet[Application]) -> list[dict[str, Any]]:
    from zhichan.patents.models import SeiCategory

    counts: Counter[str] = Counter()
    for codes in apps.exclude(sei_codes=[]).values_list("sei_codes", flat=True):
        for industry in {str(c).split(".")[0] for c in codes or []}:
            counts[industry] += 1
    return [{"industry": SeiCategory.INDUSTRIES.get(k, k), "count": n} for k, n in counts.most_common()]


def client_regions(apps: QuerySet[Application], limit: int = 10) -> list[dict[str, Any]]:
    rows = (apps.exclude(region=None).values("region__code", "region__name").annotate(n=Count("pk"))
            .order_by("-n")[:limit])
    return [{"code": r["region__code"], "name": r["region__name"], "count": r["n"]} for r in rows]


def agents(apps: QuerySet[Application]) -> dict[str, int]:
    """代理人 names (search field AGT) on the agency's applications → how many applications name each. Agents are
    matched to the registry's practitioners by name within their agency's filings only (two attorneys of
    different firms may share a name)."""
    from zhichan.patents import names

    rows = (Party.objects.filter(role=rec.AGENT, application__in=apps).values("normalized_name")
            .annotate(n=Count("application_id", distinct=True)))
    return {names.normalize(r["normalized_name"]): r["n"] for r in rows}


def caseload(years: list[dict[str, Any]], practitioners: int) -> dict[str, Any] | None:
    """人均代理量: the latest year's filings per practitioner in office (the credit rule `caseload_excess` weighs
    it against the normal level)."""
    if not years or not practitioners:
        return None
    latest = years[-1]
    return {"year": latest["year"], "per_practitioner": round(latest["filings"] / practitioners, 1)}


def profile(agency: Agency) -> dict[str, Any]:
    from zhichan.patents import names

    apps = applications(agency)
    years = per_year(apps)
    by_agent = agents(apps)
    practitioners = [{"practitioner": p, "filings": by_agent.get(names.normalize(p.name), 0)}
                     for p in agency.practitioners.order_by("name")]
    return {"total": apps.count(), "years": years, "sections": ipc_sections(apps),
            "sei": sei_industries(apps), "regions": client_regions(apps), "practitioners": practitioners,
            "caseload": caseload(years, len(practitioners))}


def section_string(agency: Agency) -> str:
    """The IPC sections of the agency's filings, most first (the directory's technical-field filter)."""
    counts = Counter({row["section"]: row["count"] for row in ipc_sections(applications(agency))})
    return "".join(s for s, _ in counts.most_common())


def linkage() -> dict[str, Any]:
    """How many distinct agency names on patents (normalised) are linked to the registry."""
    keys = set(Party.objects.filter(role=rec.AGENCY).values_list("normalized_name", flat=True).distinct())
    from zhichan.agencies.models import AgencyAlias

    linked = keys & set(AgencyAlias.objects.values_list("normalized_name", flat=True))
    return {"names": len(keys), "linked": len(linked), "unlinked": len(keys - linked)}


def unlinked_names(limit: int = 20) -> list[dict[str, Any]]:
    """The agency names on patents that no alias links, most filings first (for the office to add as aliases)."""
    from zhichan.agencies.models import AgencyAlias

    rows = (Party.objects.filter(role=rec.AGENCY).exclude(
        normalized_name__in=AgencyAlias.objects.values("normalized_name"))
        .values("normalized_name").annotate(n=Count("application_id", distinct=True)).order_by("-n")[:limit])
    return [{"name": r["normalized_name"], "count": r["n"]} for r in rows]


def agency_share(apps: QuerySet[Application]) -> tuple[int, int]:
    """(applications through an agency, all applications) of a set: 专利代理率's two terms."""
    through = apps.filter(pk__in=Party.objects.filter(role=rec.AGENCY).values("application_id")).count()
    return through, apps.count()


def abnormal_share(agency: Agency, office: bool = False) -> dict[str, Any]:
    """The share of the agency's filings a review concluded 非正常 (属于 / 部分属于: the concluded records); for the
    office also the filings under review (flagged, notified, stated) and the candidates behind both. The public
    sees concluded figures only."""
    from zhichan.agencies import abnormal_flow as flow
    from zhichan.agencies.abnormal_models import AbnormalCandidate, AbnormalRecord

    apps = applications(agency)
    total = apps.count()
    concluded = AbnormalRecord.objects.filter(application__in=apps).values("application_id").distinct().count()
    out: dict[str, Any] = {"total": total, "concluded": concluded,
                           "concluded_share": round(100 * concluded / total, 2) if total else None}
    if office:
        reviewing = AbnormalCandidate.objects.filter(state__in=(flow.FLAGGED, flow.NOTIFIED, flow.STATED))
        keys = {k for c in reviewing.only("applications") for k in c.applications}
        under_review = apps.filter(key__in=keys).count() if keys else 0
        out.update({"under_review": under_review,
                    "under_review_share": round(100 * under_review / total, 2) if total else None,
                    "candidates": AbnormalCandidate.objects.filter(
                        concluded__application__in=apps).distinct().order_by("-updated_at")[:20]})
    return out
