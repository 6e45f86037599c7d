"""One selection of deals for the list page, its totals and its spreadsheet (deals.forms.DealFilterForm)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Case, F, Q, QuerySet, When
from django.db.models.functions import Coalesce

from zhichan.deals import indicators, rules
from zhichan.deals.models import Deal


def with_counted_on(rows: QuerySet[Deal]) -> QuerySet[Deal]:
    """`counted`: the day each deal counts for (rules.counted_on, in SQL)."""
    return rows.annotate(counted=Case(When(kind__in=rules.TAKES_EFFECT_ON_REGISTRATION, then=F("effective_on")),
                                      default=Coalesce("effective_on", "contract_date")))


def select(data: dict[str, Any]) -> QuerySet[Deal]:
    rows = with_counted_on(Deal.objects.select_related("application", "region", "from_organization",
                                                       "to_organization"))
    if data.get("kind"):
        rows = rows.filter(kind=data["kind"])
    if data.get("group"):
        rows = rows.filter(kind__in=rules.TRADED if data["group"] == "traded" else (rules.PLEDGE,))
    if data.get("source"):
        rows = rows.filter(source=data["source"])
    if data.get("status"):
        rows = rows.filter(status=data["status"])
    if data.get("start"):
        rows = rows.filter(counted__gte=data["start"])
    if data.get("end"):
        rows = rows.filter(counted__lte=data["end"])
    if data.get("as_of"):
        rows = rows.filter(indicators.on_record(data["as_of"]))
    if data.get("region"):
        from zhichan.indicators.compute import prefix_of

        prefix = prefix_of(data["region"])
        rows = rows.filter(region_id__startswith=prefix) if prefix else rows
    if data.get("q"):
        q = data["q"].strip()
        rows = rows.filter(Q(from_name__icontains=q) | Q(to_name__icontains=q) | Q(right__icontains=q)
                           | Q(application__key__icontains=q) | Q(recordal_number__icontains=q))
    return rows.order_by(F("counted").desc(nulls_last=True), "-pk")


def totals(rows: QuerySet[Deal]) -> dict[str, Any]:
    """How many deals, and their amounts (万元, exact) overall and by kind."""
    by_kind: dict[str, dict[str, Any]] = {}
    total = Decimal(0)
    for kind, amount in rows.values_list("kind", "amount_wan"):
        row = by_kind.setdefault(kind, {"kind": kind, "label": Deal.Kind(kind).label, "count": 0,
                                        "amount_wan": Decimal(0)})
        row["count"] += 1
        row["amount_wan"] += amount or Decimal(0)
        total += amount or Decimal(0)
    return {"count": sum(r["count"] for r in by_kind.values()), "amount_wan": total,
            "by_kind": [by_kind[k] for k in Deal.Kind.values if k in by_kind]}
