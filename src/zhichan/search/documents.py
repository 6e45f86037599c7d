"""An application as the search index sees it: field name → values. Pure Python, so any backend can use it.

Text fields are normalised here (`text.normalize`); code fields carry every level above each code, so that
`IPC=H01M` is one term lookup; facet fields (`f_*`) hold the values counted by facets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhichan.patents import ipc, names
from zhichan.patents import record as rec
from zhichan.search import text
from zhichan.search.query.values import number_forms, region_levels, sei_levels


@dataclass
class Source:
    """What the index needs from the database for one application."""

    pk: int
    snapshot: dict[str, Any]
    region_code: str
    sei_codes: list[str]


def _date(value: str | None) -> int | None:
    return int(value.replace("-", "")) if value else None


def _names(parties: list[dict], role: str) -> list[str]:
    return [p["name"] for p in parties if p["role"] == role and p.get("name")]


def document(src: Source) -> dict[str, Any]:
    snap = src.snapshot
    parties = snap.get("parties", [])
    applicants = _names(parties, rec.APPLICANT)
    holders = _names(parties, rec.HOLDER) or applicants
    codes = snap.get("ipc", [])
    main = snap.get("main_ipc", "")
    pub_dates = [d for d in (_date(p.get("date")) for p in snap.get("publications", [])) if d]
    title = text.normalize(" ".join(filter(None, [snap.get("title", ""), snap.get("title_en", "")])))
    abstract = text.normalize(" ".join(filter(None, [snap.get("abstract", ""), snap.get("abstract_en", "")])))
    claims = text.normalize(snap.get("claims", ""))
    doc: dict[str, Any] = {
        "id": src.pk,
        "ti": title,
        "ab": abstract,
        "cl": claims,
        "dflt": f" {text.BARRIER} ".join([title, title, abstract, claims]),
        "ds": text.normalize(snap.get("description", "")),
        "pa": [text.normalize(n) for n in applicants],
        "ph": [text.normalize(n) for n in holders],
        "inv": [text.normalize(n) for n in _names(parties, rec.INVENTOR)],
        "agc": [text.normalize(n) for n in _names(parties, rec.AGENCY)],
        "agt": [text.normalize(n) for n in _names(parties, rec.AGENT)],
        "addr": [text.normalize(p["address"]) for p in parties if p["role"] == rec.APPLICANT and p.get("address")],
        "ipc": sorted({level for code in codes for level in ipc.ancestors(code)}),
        "mipc": ipc.ancestors(main) if main else [],
        "cpc": sorted({level for code in snap.get("cpc", []) for level in ipc.ancestors(code)}),
        "sei": sorted({level for code in src.sei_codes for level in sei_levels(code)}),
        "an": number_forms(snap["key"]) if snap.get("key") else [],
        "pn": sorted({f for p in snap.get("publications", []) for f in number_forms(p["number"])}),
        "pr": sorted({f for p in snap.get("priorities", []) for f in number_forms(p)}),
        "ad": _date(snap.get("filing_date")),
        "pd": sorted(set(pub_dates)),
        "gd": _date(snap.get("grant_date")),
        "type": snap.get("patent_type") or rec.OTHER_TYPE,
        "ls": snap.get("legal_status") or "unknown",
        "co": snap.get("country", ""),
        "reg": region_levels(src.region_code),
        "cited": snap.get("cited_by_count") or 0,
        "f_year": int(snap["filing_date"][:4]) if snap.get("filing_date") else None,
        "f_ipc": sorted({ipc.subclass(c) for c in codes if c}),
        "f_applicant": sorted({names.normalize(n) for n in applicants if n}),
        "f_province": src.region_code[:2] + "0000" if src.region_code else None,
        "f_city": src.region_code[:4] + "00" if src.region_code and not src.region_code.endswith("0000") else None,
        "f_sei": sorted(set(src.sei_codes)),
    }
    return doc
