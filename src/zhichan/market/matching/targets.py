"""The other way round and the other kinds of target (docs/market.md 匹配):

- patent → enterprises: the holders of the most similar patents (the patent's own title and abstract as the demand,
  its main IPC as the field, its region), each with its best-matching patents; and the organisations whose published
  demands the patent fits (the demand's public title and summary, never its confidential details);
- demand → service agencies: patent agencies working in the demand's IPC section, by published credit grade and
  region;
- demand → experts: active experts of the review pool (projects app) whose declared fields (IPC symbols or SEI
  codes) meet the demand's, by the same IPC and SEI levels as patents.

The order is the score, then the name: the same input gives the same list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zhichan.market.matching import factors as fx
from zhichan.market.matching import terms
from zhichan.market.matching.engine import Need, match
from zhichan.market.matching.scoring import combine, weights
from zhichan.patents import names

POOL = 100  # similar patents read to find their holders


@dataclass
class Target:
    kind: str  # "holder" (of similar patents), "demand" (a published demand), "agency", "expert"
    name: str
    score: float
    factors: dict[str, dict[str, object]]
    patents: list[str] = field(default_factory=list)  # the holder's matching application numbers, best first
    shared_terms: list[str] = field(default_factory=list)
    ref: int | None = None  # the demand's, the agency's or the expert's id

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "id": self.ref, "score": round(self.score, 4),
                "patents": self.patents, "shared_terms": self.shared_terms, "factors": self.factors}


def need_of_patent(pk: int) -> tuple[Need, str, str]:
    """The patent as a demand, its application number and its first applicant's normalised name."""
    from zhichan.patents.models import Application

    app = Application.objects.get(pk=pk)
    need = Need.of(f"{app.title}。{app.abstract}", [app.main_ipc] if app.main_ipc else [],
                   sei=tuple(app.sei_codes or ()), region=app.region_id or "")
    return need, app.key, names.normalize(app.first_applicant or "")


def enterprises_for(pk: int, limit: int = 10, share: dict[str, float] | None = None) -> list[Target]:
    need, key, own = need_of_patent(pk)
    share = share or weights()
    best: dict[str, Target] = {}
    for result in match(need, POOL, share, explain=False, exclude=frozenset({pk})):
        holder = names.normalize(result.holder or "")
        if result.key == key or not holder or holder == own:
            continue
        target = best.get(holder)
        if target is None:
            best[holder] = Target("holder", result.holder, result.score, result.factors, [result.key])
        elif len(target.patents) < 3:
            target.patents.append(result.key)
    found = list(best.values()) + demands_for(need, share)
    found.sort(key=lambda t: (-t.score, t.kind, t.name))
    top = found[:limit]
    for t in top:
        if t.kind == "holder" and not t.shared_terms:
            t.shared_terms = _shared_with(need.text, t.patents[0])
    return top


def _shared_with(text: str, key: str) -> list[str]:
    from zhichan.patents.models import Application

    row = Application.objects.filter(key=key).values("title", "abstract").first() or {}
    return terms.shared_terms(text, f"{row.get('title', '')} {row.get('abstract', '')}")


def demands_for(need: Need, share: dict[str, float], rows: Any = None) -> list[Target]:
    """Published (征集中) demands the patent fits: text as the share of the demand's words the patent's text holds.
    `rows`: a narrower queryset of demands (the market's alerts leave out the holder's own)."""
    try:
        from zhichan.market.models import Demand
    except ImportError:  # pragma: no cover
        return []
    out = []
    rows = (rows if rows is not None else Demand.objects.all()).filter(status=Demand.Status.OPEN) \
        .select_related("organization").order_by("pk")
    for demand in rows:
        words = f"{demand.title}。{demand.summary}"
        found = {
            "text": fx.Factor(terms.coverage(words, need.text)),
            "ipc": fx.ipc_overlap([demand.ipc] if demand.ipc else [], need.ipc),
            "sei": fx.sei_overlap([demand.sei] if demand.sei else [], need.sei),
            "region": fx.region_proximity(demand.region_id or "", need.region),
            "credit": fx.credit(None),
            "price": fx.price_fit(None, None, None),
        }
        if found["text"].value == 0 and found["ipc"].value == 0:
            continue
        scored = combine(found, share)
        out.append(Target("demand", demand.organization.name, scored.score, scored.parts, [],
                          terms.shared_terms(words, need.text), demand.pk))
    return out


def agencies_for(need: Need, limit: int = 5, share: dict[str, float] | None = None) -> list[Target]:
    """Patent agencies whose main fields (IPC sections, most filings first) include the demand's, by their published
    credit grade and their region."""
    from zhichan.agencies.models import Agency
    from zhichan.agencies.views_public import with_public_grade

    sections = sorted({c[:1] for c in need.ipc if c})
    if not sections:
        return []
    share = share or weights()
    out = []
    rows = with_public_grade(Agency.objects.filter(status=Agency.Status.NORMAL, head=None)).order_by("pk")
    for agency in rows:
        fields = agency.ipc_sections or ""
        at = min((fields.find(s) for s in sections if s in fields), default=-1)
        if at < 0:
            continue
        found = {
            "text": fx.Factor(0.0),
            "ipc": fx.Factor(1.0 if at == 0 else 0.5, tuple(s for s in sections if s in fields)),
            "sei": fx.Factor(0.0),
            "region": fx.region_proximity(need.region, agency.region_id or ""),
            "credit": fx.credit(agency.public_grade),
            "price": fx.price_fit(None, None, None),
        }
        scored = combine(found, share)
        out.append(Target("agency", agency.name, scored.score, scored.parts, ref=agency.pk))
    out.sort(key=lambda t: (-t.score, t.name))
    return out[:limit]


def _is_sei(code: str) -> bool:
    return bool(code) and all(part.isdigit() for part in code.split("."))


def experts_for(need: Need, limit: int = 5, share: dict[str, float] | None = None) -> list[Target]:
    """Active experts whose fields meet the demand's IPC codes or SEI category (an expert with neither in common is
    left out): ipc and sei as for patents, the other factors neutral or nothing (an expert has no region, grade or
    price here)."""
    from zhichan.projects.models import Expert

    if not need.ipc and not need.sei:
        return []
    share = share or weights()
    out = []
    for expert in Expert.objects.filter(active=True).order_by("pk"):
        fields = [str(f) for f in expert.fields or []]
        found = {
            "text": fx.Factor(0.0),
            "ipc": fx.ipc_overlap(need.ipc, [f for f in fields if not _is_sei(f)]),
            "sei": fx.sei_overlap(need.sei, [f for f in fields if _is_sei(f)]),
            "region": fx.Factor(0.0),
            "credit": fx.credit(None),
            "price": fx.price_fit(None, None, None),
        }
        if found["ipc"].value == 0 and found["sei"].value == 0:
            continue
        scored = combine(found, share)
        out.append(Target("expert", expert.name, scored.score, scored.parts, ref=expert.pk))
    out.sort(key=lambda t: (-t.score, t.name, t.ref or 0))
    return out[:limit]
