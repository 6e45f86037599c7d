"""Analyses of a thematic database version (or any set of applications): each returns the table behind a chart.
The records behind every number can be found again with `records_for`. This first version reads the rows from
the database; the columnar cache the 1,000,000-record target needs comes next (see the issue note)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from zhichan.navigation.models import ApplicantAlias
from zhichan.patents import ipc, names
from zhichan.patents import record as rec
from zhichan.patents.models import Application
from zhichan.patents.validity import GRANT, LAPSE, PLEDGE, TRANSFER, event_kind

PUBLICATION_LAG_MONTHS = 18


@dataclass
class Row:
    pk: int
    year: int | None
    grant_year: int | None
    country: str
    province: str
    city: str
    status: str
    applicant: str  # the first applicant, normalised and merged through the alias table
    applicant_type: str
    subclasses: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


def load(ids: list[int]) -> list[Row]:
    aliases = dict(ApplicantAlias.objects.values_list("name", "group"))
    rows = []
    for start in range(0, len(ids), 5000):
        chunk = Application.objects.filter(pk__in=ids[start:start + 5000]).values_list(
            "pk", "filing_year", "grant_date", "country", "province_code", "city_code", "legal_status", "data")
        for pk, year, grant, country, province, city, status, data in chunk:
            first = next((p["name"] for p in data.get("parties", []) if p["role"] == rec.APPLICANT), "")
            name = names.normalize(first) if first else ""
            events = [event_kind(e.get("code", ""), e.get("description", "")) for e in data.get("events", [])]
            rows.append(Row(pk, year, grant.year if grant else None, country, province, city, status,
                            aliases.get(name, name), names.party_type(first) if first else "",
                            sorted({ipc.subclass(c) for c in data.get("ipc", []) if c}), events))
    return rows


def trend(rows: list[Row], today: dt.date | None = None) -> dict[str, Any]:
    """Filings and grants by year; the years within the publication lag are marked incomplete."""
    today = today or dt.date.today()
    filings = Counter(r.year for r in rows if r.year)
    grants = Counter(r.grant_year for r in rows if r.grant_year)
    years = sorted(set(filings) | set(grants))
    lag_from = (today.year * 12 + today.month - PUBLICATION_LAG_MONTHS) // 12
    return {"years": years, "filings": [filings[y] for y in years], "grants": [grants[y] for y in years],
            "incomplete_from": lag_from}


def life_cycle(rows: list[Row]) -> list[dict[str, int]]:
    """Per filing year: applications and distinct applicants (the technology life-cycle chart)."""
    by_year: dict[int, set[str]] = defaultdict(set)
    counts: Counter[int] = Counter()
    for r in rows:
        if r.year:
            counts[r.year] += 1
            if r.applicant:
                by_year[r.year].add(r.applicant)
    return [{"year": y, "filings": counts[y], "applicants": len(by_year[y])} for y in sorted(counts)]


def top_applicants(rows: list[Row], n: int = 20) -> list[dict[str, Any]]:
    counts = Counter(r.applicant for r in rows if r.applicant)
    kinds = {r.applicant: r.applicant_type for r in rows}
    total = len(rows) or 1
    years: dict[str, Counter[int]] = defaultdict(Counter)
    for r in rows:
        if r.applicant and r.year:
            years[r.applicant][r.year] += 1
    return [{"name": name, "count": c, "share": round(c / total, 4), "type": kinds.get(name, ""),
             "by_year": dict(sorted(years[name].items()))} for name, c in counts.most_common(n)]


def geography(rows: list[Row]) -> dict[str, list[tuple[str, int]]]:
    return {"countries": Counter(r.country for r in rows).most_common(),
            "provinces": Counter(r.province for r in rows if r.province).most_common(),
            "cities": Counter(r.city for r in rows if r.city).most_common()}


def ipc_composition(rows: list[Row], n: int = 20) -> dict[str, Any]:
    """Records per IPC subclass (a record counts once in each of its subclasses), and subclass × year."""
    counts = Counter(s for r in rows for s in r.subclasses)
    top = [s for s, _ in counts.most_common(n)]
    years = sorted({r.year for r in rows if r.year})
    matrix = {s: [sum(1 for r in rows if r.year == y and s in r.subclasses) for y in years] for s in top}
    return {"subclasses": counts.most_common(n), "years": years, "matrix": matrix}


def legal_status(rows: list[Row]) -> dict[str, Any]:
    ops = Counter(kind for r in rows for kind in set(r.events) if kind in {TRANSFER, PLEDGE, LAPSE, GRANT})
    return {"status": Counter(r.status for r in rows).most_common(), "operations": dict(ops)}
