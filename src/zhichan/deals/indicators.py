"""The indicators the deals register computes (docs/deals.md): for a region and the regions under it, as of a date D,
the deals counted in D's year up to D (Jan 1 – D, by `rules.counted_on`) that were on the record on D (recorded on or
before D, not cancelled on or before D), each for its statistics region (`Deal.region`):

- ip_transactions 知识产权交易额 (亿元): the amounts of transfers, licences and open licences taken;
- transfer_licence_count 专利转让许可次数 (次): how many transfers, licences and open licences (with or without amount,
  those recognised in imported legal events included);
- pledge_financing 知识产权质押融资额 (亿元): the amounts of registered pledges.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from zhichan.deals import rules
from zhichan.indicators.providers import Provider

AMOUNT, COUNT, PLEDGE = "ip_transactions", "transfer_licence_count", "pledge_financing"
CODES = (AMOUNT, COUNT, PLEDGE)
KINDS = {AMOUNT: rules.TRADED, COUNT: rules.TRADED, PLEDGE: (rules.PLEDGE,)}


def on_record(as_of: dt.date) -> Q:
    """The deals the register held on D: recorded by then, not cancelled by then."""
    return Q(recorded_on__lte=as_of) & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=as_of))


def counted(as_of: dt.date) -> list[tuple[str, str, Decimal | None]]:
    """(kind, region code or '', amount) of every deal counted for D's year up to D."""
    from zhichan.deals.models import Deal

    start = dt.date(as_of.year, 1, 1)
    dated = Q(effective_on__range=(start, as_of)) | Q(contract_date__range=(start, as_of))
    rows = Deal.objects.filter(on_record(as_of), dated).values_list("kind", "effective_on", "contract_date",
                                                                  "region_id", "amount_wan")
    out = []
    for kind, effective_on, contract_date, region, amount in rows:
        day = rules.counted_on(kind, effective_on, contract_date)
        if day is not None and start <= day <= as_of:
            out.append((kind, region or "", amount))
    return out


def _values(deals: list[tuple[str, Decimal | None]]) -> dict[str, float]:
    traded = [amount or Decimal(0) for kind, amount in deals if kind in rules.TRADED]
    pledged = [amount or Decimal(0) for kind, amount in deals if kind == rules.PLEDGE]
    return {AMOUNT: rules.yuan_yi(sum(traded, Decimal(0))), COUNT: float(len(traded)),
            PLEDGE: rules.yuan_yi(sum(pledged, Decimal(0)))}


def totals(scope: str, children: list[str], as_of: dt.date) -> dict[str, dict[str, float]]:
    """The scope, each child and UNPLACED (the scope's deals whose region lies in none of the children, or that
    have no region: those count for 全国 only)."""
    from zhichan.indicators.compute import UNPLACED, prefix_of

    scope_prefix = prefix_of(scope)
    child_prefixes = {prefix_of(c): c for c in children}
    groups: dict[str, list[tuple[str, Decimal | None]]] = {key: [] for key in [scope, *children, UNPLACED]}
    for kind, region, amount in counted(as_of):
        if not region.startswith(scope_prefix) or (scope_prefix and not region):
            continue
        groups[scope].append((kind, amount))
        child = next((c for p, c in child_prefixes.items() if region and region.startswith(p)), UNPLACED)
        groups[child].append((kind, amount))
    return {key: _values(deals) for key, deals in groups.items()}


def records_url(region: str, code: str, as_of: dt.date) -> str:
    query = {"region": region, "start": f"{as_of.year}-01-01", "end": as_of.isoformat(), "as_of": as_of.isoformat(),
             "group": "pledge" if code == PLEDGE else "traded"}
    return reverse("deals:list") + "?" + urlencode(query)


PROVIDER = Provider(CODES, totals, records_url)
