"""Per-application facts for indicators, derived from the snapshot when the loader writes it (pure Python):
validity as intervals, domestic holding, regional attribution, and the evidence of the high-value criteria.
Stored in `PatentFact` / `FactRegion` so that an indicator for every district is one SQL aggregate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhichan.patents import highvalue, names
from zhichan.patents import record as rec
from zhichan.patents.validity import PLEDGE, event_kind, validity

OPEN = 99991231  # an interval that has not ended
FOREIGN_REGIONS = {"71", "81", "82"}  # Taiwan, Hong Kong, Macao: not "domestic" (国内) in the indicators


def day(value: dt.date | None) -> int | None:
    return value.year * 10000 + value.month * 100 + value.day if value else None


@dataclass
class Fact:
    application_id: int
    patent_type: str
    domestic: bool
    region: str  # district (or city) of the first holder; "" unknown
    holder_regions: list[str]  # every holder's region, in order, without repeats
    applicant_type: str
    filing: int | None
    grant: int | None
    end: int | None
    gap1_from: int | None
    gap1_to: int | None
    gap2_from: int | None
    gap2_to: int | None
    ten_from_filing: int | None  # the day after which "kept in force more than 10 years" holds
    ten_from_grant: int | None
    sei_main: bool
    sei_any: bool
    family_abroad: bool
    pledge_max_wan: float
    pct: bool


def holders(snap: dict) -> list[dict]:
    """Current holders (专利权人); the applicants when no holder is recorded."""
    parties = snap.get("parties", [])
    return [p for p in parties if p["role"] == rec.HOLDER] or [p for p in parties if p["role"] == rec.APPLICANT]


def is_domestic(party: dict) -> bool:
    code = party.get("region_code") or ""
    if code[:2] in FOREIGN_REGIONS:
        return False
    country = party.get("country") or ""
    return country in {"", "CN"} and (bool(code) or country == "CN")


def fact(pk: int, snap: dict, region_codes: set[str], sei_main: bool, sei_any: bool) -> Fact:
    owners = holders(snap)
    regions = list(dict.fromkeys(c for p in owners if (c := p.get("region_code") or "") in region_codes))
    first = owners[0] if owners else {}
    valid = validity(snap)
    gaps = [(day(a), day(b) if b else OPEN) for a, b in valid.gaps[:2]] + [(None, None)] * 2
    filing = dt.date.fromisoformat(snap["filing_date"]) if snap.get("filing_date") else None
    pledges = [highvalue.pledge_amount_wan(e.get("description", "")) for e in snap.get("events", [])
               if event_kind(e.get("code", ""), e.get("description", "")) == PLEDGE]
    applicant = next((p["name"] for p in snap.get("parties", []) if p["role"] == rec.APPLICANT), "")
    return Fact(
        application_id=pk, patent_type=snap.get("patent_type", ""),
        domestic=bool(first) and snap.get("country") == "CN" and is_domestic(first),
        region=(first.get("region_code") or "") if (first.get("region_code") or "") in region_codes else "",
        holder_regions=regions, applicant_type=names.party_type(applicant) if applicant else "",
        filing=day(filing), grant=day(valid.grant), end=day(valid.end),
        gap1_from=gaps[0][0], gap1_to=gaps[0][1], gap2_from=gaps[1][0], gap2_to=gaps[1][1],
        ten_from_filing=day(highvalue.years_after(filing, 10)) if filing else None,
        ten_from_grant=day(highvalue.years_after(valid.grant, 10)) if valid.grant else None,
        sei_main=sei_main, sei_any=sei_any,
        family_abroad=highvalue.family_abroad_granted(snap.get("family_members", [])),
        pledge_max_wan=max(pledges, default=0.0), pct=bool(snap.get("pct")),
    )


COLUMNS = ["application_id", "patent_type", "domestic", "region", "applicant_type", "filing", "grant", "end",
           "gap1_from", "gap1_to", "gap2_from", "gap2_to", "ten_from_filing", "ten_from_grant", "sei_main",
           "sei_any", "family_abroad", "pledge_max_wan", "pct"]


def rows(f: Fact) -> tuple[list[object], list[tuple[int, str, float]]]:
    """The PatentFact row and the FactRegion rows (every holder's region with its share) of one fact."""
    return [getattr(f, name) for name in COLUMNS], [(f.application_id, code, 1 / len(f.holder_regions))
                                                    for code in f.holder_regions]
