"""The one normalised record type every reader produces and the loader stores. Pure Python.

A record describes one application (申请) with its publications, parties, classifications and events. It
turns into a canonical JSON snapshot (`snapshot()`), which is what the loader compares to decide whether an
import created, updated or left an application unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

APPLICANT = "applicant"
HOLDER = "holder"
INVENTOR = "inventor"
AGENCY = "agency"
AGENT = "agent"
PARTY_ROLES = (APPLICANT, HOLDER, INVENTOR, AGENCY, AGENT)

INVENTION = "invention"
UTILITY = "utility"
DESIGN = "design"
OTHER_TYPE = "other"
PATENT_TYPE_LABELS = {INVENTION: "发明", UTILITY: "实用新型", DESIGN: "外观设计", OTHER_TYPE: "其他"}


@dataclass
class PartyRecord:
    role: str
    name: str
    address: str = ""
    country: str = ""
    province: str = ""  # a province column of the source (省市), as written
    region_code: str = ""  # GB/T 2260, when the source states it (国省代码) or a resolver found it
    region_source: str = ""  # code | address | province | name


@dataclass
class PublicationRecord:
    number: str  # CN115438209A
    country: str
    kind: str
    date: dt.date | None = None


@dataclass
class EventRecord:
    date: dt.date | None
    code: str
    description: str


@dataclass
class SourceRow:
    file: str
    row: int  # 1-based row in the file as a spreadsheet shows it, or document index in XML
    raw: dict[str, Any]


@dataclass
class PatentRecord:
    key: str  # canonical application number, e.g. CN202210836006.7
    country: str
    app_number_raw: str = ""
    patent_type: str = OTHER_TYPE
    title: str = ""
    title_en: str = ""
    abstract: str = ""
    abstract_en: str = ""
    claims: str = ""
    description: str = ""
    filing_date: dt.date | None = None
    priority_date: dt.date | None = None
    grant_date: dt.date | None = None
    legal_status: str = ""  # normalised: valid, pending, lapsed, rejected, withdrawn, unknown ("" = not stated)
    legal_status_raw: str = ""
    status_date: dt.date | None = None  # the day the status words describe (the import's status date)
    main_ipc: str = ""
    ipc: list[str] = field(default_factory=list)
    cpc: list[str] = field(default_factory=list)
    claims_count: int | None = None
    cites_count: int | None = None  # references this application cites
    cited_by_count: int | None = None  # times cited by others
    family_id: str = ""
    family_size: int | None = None
    family_members: list[str] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    pct: bool = False
    vendor_sei: str = ""  # 新兴产业分类 as the vendor wrote it
    nic_codes: list[str] = field(default_factory=list)  # 国民经济分类
    group_names: list[str] = field(default_factory=list)  # the vendor's standardised group names (aliases)
    publications: list[PublicationRecord] = field(default_factory=list)
    parties: list[PartyRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    source: SourceRow | None = None

    def snapshot(self) -> dict[str, Any]:
        """Canonical JSON-able form of everything but the source row (hand-written: dataclasses.asdict deep-copies
        and was the slowest step of an import)."""
        values = vars(self)
        data = {name: values[name] for name in _SCALARS}  # declaration order; dates and lists replaced below
        for name in _DATES:
            value = values[name]
            data[name] = value.isoformat() if value is not None else None
        for name in _LISTS:
            data[name] = list(values[name])
        data["publications"] = [_dated(p) for p in self.publications]
        data["events"] = [_dated(e) for e in self.events]
        parties = [dict(vars(p)) for p in self.parties]  # parties hold strings only
        data["parties"] = sorted(parties, key=lambda p: _ROLE_ORDER.get(p["role"], len(_ROLE_ORDER)))  # stable
        data["statuses"] = [{"date": data["status_date"], "status": self.legal_status}] \
            if self.legal_status and data["status_date"] else []
        data["as_of"] = as_of(data)
        return data


_ROLE_ORDER = {role: i for i, role in enumerate(PARTY_ROLES)}


def _dated(item: Any) -> dict[str, Any]:
    """A publication or event: its one date field as ISO text."""
    data = dict(vars(item))
    if data["date"] is not None:
        data["date"] = data["date"].isoformat()
    return data


_SCALARS = [f for f in PatentRecord.__dataclass_fields__ if f not in {"publications", "events", "parties", "source"}]
# The scalar fields by kind, decided once from the annotations: dates become ISO text, lists are copied.
_DATES = [f for f in _SCALARS if "date" in str(PatentRecord.__dataclass_fields__[f].type)]
_LISTS = [f for f in _SCALARS if str(PatentRecord.__dataclass_fields__[f].type).startswith("list")]
_UNION_KEYS = {"publications": ("number",), "events": ("date", "code", "description"),
               "statuses": ("date", "status")}


def as_of(snapshot: dict[str, Any]) -> str:
    """How recent a record's knowledge is: its latest publication, grant or event date (ISO string)."""
    dates = [p.get("date") for p in snapshot.get("publications", [])]
    dates += [e.get("date") for e in snapshot.get("events", [])]
    dates += [s.get("date") for s in snapshot.get("statuses") or []]
    dates += [snapshot.get("grant_date"), snapshot.get("filing_date"), snapshot.get("as_of")]
    return max((d for d in dates if d), default="")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def merge(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """Combine what two sources say about one application.

    Publications and events are united. Other fields: a record that knows a later state of the application (its
    `as_of`, see above) overrides; an older or equally recent one only fills fields that are still empty. So a
    2022-05 export cannot undo the grant a 2022-12 export reported, and merge(merge(a, b), b) == merge(a, b),
    which makes re-imports idempotent whatever the order of files.
    """
    newer = as_of(incoming) > as_of(existing)
    merged = dict(existing)
    for name, value in incoming.items():
        if name in _UNION_KEYS:
            merged[name] = _union(existing.get(name, []), value, _UNION_KEYS[name], newer)
        elif name == "parties":
            merged[name] = _merge_parties(existing.get(name, []), value, newer)
        elif name not in merged or (_empty(merged[name]) and not _empty(value)) or (newer and not _empty(value)):
            merged[name] = value
    merged["as_of"] = max(as_of(existing), as_of(incoming))  # what the application's data is now known as of
    return merged


def _union(old: list[dict], new: list[dict], key: tuple[str, ...], newer: bool) -> list[dict]:
    by_key = {tuple(item.get(k) for k in key): item for item in old}
    for item in new:
        item_key = tuple(item.get(k) for k in key)
        if newer:
            by_key[item_key] = item
        else:
            by_key.setdefault(item_key, item)
    return sorted(by_key.values(), key=lambda item: tuple(str(item.get(k) or "") for k in key))


_PLACE = ("address", "province", "region_code", "region_source", "country")


def _merge_parties(old: list[dict], new: list[dict], newer: bool) -> list[dict]:
    """A newer record's list replaces a role's list (keeping addresses and regions it does not state); an older
    one only supplies roles the application has no parties for yet."""
    old_roles = {p["role"] for p in old}
    new_roles = {p["role"] for p in new}
    replace = new_roles if newer else new_roles - old_roles
    places = {(p["role"], p["name"]): p for p in old}
    result = [p for p in old if p["role"] not in replace]
    for party in new:
        if party["role"] not in replace:
            continue
        party = dict(party)
        before = places.get((party["role"], party["name"]))
        if before and not party.get("region_code") and before.get("region_code"):
            party.update({k: before.get(k, "") for k in _PLACE if not party.get(k) or k.startswith("region")})
        result.append(party)
    return sorted(result, key=lambda p: _ROLE_ORDER.get(p["role"], len(_ROLE_ORDER)))
