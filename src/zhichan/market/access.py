"""Who sees what in the market (reads are scoped, like every app):

- listings: the public sees published ones; a holder's organisation its own in every state; the office
  (market.review) all of them;
- demands: the public sees open demands' summaries; the posting organisation and the office see everything;
  a demand's details (the problem in full) are seen only by its organisation, the office and the organisations
  matched to it (market.Match). Every list, search and export reads details through `detail_ids()` so that an
  unmatched user never gets them, not even by searching for words that only the details contain.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhichan.core.permissions import can
from zhichan.market.models import Demand, Listing, Match


def _org(user: Any) -> int | None:
    return getattr(user, "organization_id", None) if getattr(user, "is_authenticated", False) else None


def restrict_listings(user: Any, action: str = "view") -> QuerySet[Listing]:
    rows = Listing.objects.all()
    if action == "review":
        return rows if can(user, "market.review") else rows.none()
    if action == "own":
        org = _org(user)
        return rows.filter(organization_id=org) if org and can(user, "market.offer") else rows.none()
    if can(user, "market.review"):
        return rows
    public = Q(status=Listing.Status.PUBLISHED)
    org = _org(user)
    return rows.filter(public | Q(organization_id=org)) if org else rows.filter(public)


def restrict_demands(user: Any, action: str = "view") -> QuerySet[Demand]:
    """`view`: the demands the user may see the summary of; `details`: those whose details the user may read;
    `own`: the user's organisation's demands (to edit)."""
    rows = Demand.objects.all()
    org = _org(user)
    if action == "own":
        return rows.filter(organization_id=org) if org and can(user, "market.offer") else rows.none()
    if can(user, "market.review"):
        return rows
    if action == "details":
        if not org:
            return rows.none()
        matched = Match.objects.filter(organization_id=org).values("demand_id")
        return rows.filter(Q(organization_id=org) | Q(pk__in=matched))
    public = Q(status=Demand.Status.OPEN)
    return rows.filter(public | Q(organization_id=org)) if org else rows.filter(public)


def detail_ids(user: Any, demands: QuerySet[Demand] | None = None) -> set[int]:
    rows = restrict_demands(user, "details")
    if demands is not None:
        rows = rows.filter(pk__in=demands.values("pk"))
    return set(rows.values_list("pk", flat=True))


def may_see_details(user: Any, demand: Demand) -> bool:
    return restrict_demands(user, "details").filter(pk=demand.pk).exists()


def search_demands(user: Any, q: str) -> QuerySet[Demand]:
    """The visible demands whose title or summary has `q`, or whose details have it when the user may read them."""
    rows = restrict_demands(user, "view")
    if not q:
        return rows
    readable = restrict_demands(user, "details").values("pk")
    return rows.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(details__icontains=q, pk__in=readable))
