"""Per-application facts for indicators, derived from the snapshot when the loader writes it (pure Python):
validity as intervals, domestic holding, regional attribution, PCT, and the evidence of the high-value criteria.
Stored in `PatentFact` / `FactRegion` / `FactGap` so that an indicator for every region is one SQL aggregate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhichan.patents import highvalue, names
from zhichan.patents import record as rec
from zhichan.patents.validity import PLEDGE, event_kind, validity

OPEN = 99991231  # an interval that has not ended
FOREIGN_REGIONS = {"71", "81", "82"}  # Taiwan, Hong Kong, Macao: not "domestic" (境内) in the indicators
MUNICIPALITIES = {"11", "12", "31", "50"}  # 北京 天津 上海 重庆: the province is the city
GAP_COLUMNS = 2  # lapses kept on the fact row; any further ones go to FactGap (rare: lapse, restore, lapse …)


def day(value: dt.date | None) -> int | None:
    return value.year * 10000 + value.month * 100 + value.day if value else None


def place(code: str) -> str:
    """A region code as the figures count it: a municipality known only as its province (110000) is known as the
    city (110100), which it is."""
    if code[:2] in MUNICIPALITIES and code.endswith("0000"):
        return code[:2] + "0100"
    return code


@dataclass
class Fact:
    application_id: int
    country: str
    patent_type: str
    domestic: bool
    region: str  # the first holder's region (district, city, or province when no more is known); "" unknown
    holder_regions: list[str]  # every holder's region, in order, without repeats
    applicant_type: str
    filing: int | None
    grant: int | None
    grant_known: bool
    end: int | None
    gaps: list[tuple[int, int]] = field(default_factory=list)  # [from, to) lapses, yyyymmdd; to OPEN = not ended
    ten_from_filing: int | None = None  # the day after which "kept in force more than 10 years" holds
    ten_from_grant: int | None = None
    sei_main: bool = False
    sei_any: bool = False
    family_abroad: bool = False
    pledge_max_wan: float = 0.0
    pct: bool = False  # a PCT international application (WO) of a domestic applicant
    pct_national: bool = False  # a PCT application entering the Chinese national phase (CN type digit 8 or 9)

    def gap(self, index: int) -> tuple[int | None, int | None]:
        return self.gaps[index] if index < len(self.gaps) else (None, None)


def holders(snap: dict) -> list[dict]:
    """Current holders (专利权人), each placed like the applicant of the same name when it has no place of its own;
    the applicants when no holder is recorded."""
    parties = snap.get("parties", [])
    applicants = [p for p in parties if p["role"] == rec.APPLICANT]
    owners = [p for p in parties if p["role"] == rec.HOLDER]
    if not owners:
        return applicants
    placed = {names.normalize(p["name"]): p for p in applicants if p.get("region_code")}
    return [p if p.get("region_code") else placed.get(names.normalize(p["name"]), p) for p in owners]


def is_domestic(party: dict) -> bool:
    """境内 (mainland China): by the party's region when it has one, by its stated country, else by its name."""
    code = party.get("region_code") or ""
    if code:
        return code[:2] not in FOREIGN_REGIONS
    country = party.get("country") or ""
    if country:
        return country == "CN"
    return names.domestic_by_name(party.get("name", ""))


def _pct(snap: dict, first: dict) -> tuple[bool, bool]:
    """(PCT international application of a domestic applicant, national-phase entry into China)."""
    key = snap.get("key", "")
    if snap.get("country") == "WO" or key.startswith("WO"):
        office = key[2:4]
        return office == "CN" or (bool(first) and is_domestic(first)), False
    digits = key[2:].split(".")[0]
    national = snap.get("country") == "CN" and len(digits) in {8, 12} and \
        digits[4 if len(digits) == 12 else 2] in {"8", "9"}
    return False, national


def fact(pk: int, snap: dict, region_codes: set[str], sei_main: bool, sei_any: bool) -> Fact:
    owners = holders(snap)
    regions = list(dict.fromkeys(c for p in owners if (c := place(p.get("region_code") or "")) in region_codes))
    first = owners[0] if owners else {}
    first_region = place(first.get("region_code") or "")
    valid = validity(snap)
    filing = dt.date.fromisoformat(snap["filing_date"]) if snap.get("filing_date") else None
    pledges = [highvalue.pledge_amount_wan(e.get("description", "")) for e in snap.get("events", [])
               if event_kind(e.get("code", ""), e.get("description", "")) == PLEDGE]
    applicant = next((p["name"] for p in snap.get("parties", []) if p["role"] == rec.APPLICANT), "")
    pct, pct_national = _pct(snap, first)
    return Fact(
        application_id=pk, country=snap.get("country", "")[:2], patent_type=snap.get("patent_type", ""),
        domestic=bool(first) and snap.get("country") in {"CN", "WO"} and is_domestic(first) or pct,
        region=first_region if first_region in region_codes else "",
        holder_regions=regions, applicant_type=names.party_type(applicant) if applicant else "",
        filing=day(filing), grant=day(valid.grant), grant_known=valid.grant_known, end=day(valid.end),
        gaps=[(day(a) or 0, day(b) if b else OPEN) for a, b in valid.gaps],
        ten_from_filing=day(highvalue.years_after(filing, 10)) if filing else None,
        ten_from_grant=day(highvalue.years_after(valid.grant, 10)) if valid.grant and valid.grant_known else None,
        sei_main=sei_main, sei_any=sei_any,
        family_abroad=highvalue.family_abroad_granted(snap.get("family_members", [])),
        pledge_max_wan=max(pledges, default=0.0), pct=pct, pct_national=pct_national,
    )


COLUMNS = ["application_id", "country", "patent_type", "domestic", "region", "applicant_type", "filing", "grant", "grant_known",
           "end", "gap1_from", "gap1_to", "gap2_from", "gap2_to", "gaps_more", "ten_from_filing", "ten_from_grant",
           "sei_main", "sei_any", "family_abroad", "pledge_max_wan", "pct", "pct_national"]


def rows(f: Fact) -> tuple[list[object], list[tuple[int, str, float]], list[tuple[int, int, int]]]:
    """The PatentFact row, the FactRegion rows (every holder's region with its share) and the FactGap rows (the
    lapses beyond the first two) of one fact."""
    values = {**vars(f), "gap1_from": f.gap(0)[0], "gap1_to": f.gap(0)[1], "gap2_from": f.gap(1)[0],
              "gap2_to": f.gap(1)[1], "gaps_more": len(f.gaps) > GAP_COLUMNS}
    regions = [(f.application_id, code, 1 / len(f.holder_regions)) for code in f.holder_regions] or \
        [(f.application_id, "", 1.0)]  # not placed: counted for 全国 only
    gaps = [(f.application_id, start, stop) for start, stop in f.gaps[GAP_COLUMNS:]]
    return [values[name] for name in COLUMNS], regions, gaps
