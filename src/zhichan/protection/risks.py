"""The office's dashboard of open risks per district (issue 16 item 4): the open watch-list events counted per
district (the watch list's organisation's region, else the patent's) and kind, the high ones first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from zhichan.core.models import Region
from zhichan.protection.models import WatchEvent


@dataclass
class DistrictRisks:
    code: str
    name: str
    by_kind: dict[str, int] = field(default_factory=dict)
    high: int = 0
    total: int = 0


def per_district() -> list[DistrictRisks]:
    rows: dict[str, DistrictRisks] = {}
    counts = WatchEvent.objects.filter(is_open=True).values("region_code", "kind", "severity") \
        .annotate(n=Count("pk")).order_by()
    names = dict(Region.objects.filter(code__in={c["region_code"] for c in counts}).values_list("code", "name"))
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in counts:
        code = c["region_code"]
        row = rows.setdefault(code, DistrictRisks(code, names.get(code, "")))
        kinds[code][c["kind"]] += c["n"]
        row.total += c["n"]
        if c["severity"] == WatchEvent.Severity.HIGH:
            row.high += c["n"]
    for code, row in rows.items():
        row.by_kind = dict(kinds[code])
    return sorted(rows.values(), key=lambda r: (-r.high, -r.total, r.code))


def top_open(limit: int = 30) -> list[WatchEvent]:
    return list(WatchEvent.objects.filter(is_open=True).select_related("watch_list", "application")
                .order_by("-severity", "-created_at", "pk")[:limit])
