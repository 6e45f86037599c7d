"""A stored match's reasons made ready for a page (market/stored.py writes them): the factor table with labels, and
the patent's title cut into pieces so the template marks the shared terms (no HTML built here: the template
escapes every piece)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from zhichan.market.matching.scoring import FACTORS


def factor_labels() -> dict[str, str]:
    return {"text": _("文本相关度"), "ipc": _("IPC 分类"), "sei": _("战略性新兴产业"), "region": _("地区"),
            "credit": _("代理机构信用"), "price": _("价格与预算")}


@dataclass
class Explained:
    match: Any
    kind: str
    name: str  # the party (registered organisation, or the holder's name as recorded)
    registered: bool
    score: float
    terms: list[str]
    classes: list[str]
    title_pieces: list[tuple[str, bool]]
    factors: list[dict[str, Any]] = field(default_factory=list)
    via: str = ""
    number: str = ""
    form: Any = None  # the page's answer form for this match (market/views.py), if any


def pieces(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is a shared term) pieces, the longest term first at each position."""
    ordered = sorted({t for t in terms if t}, key=lambda t: (-len(t), t))
    out: list[tuple[str, bool]] = []
    plain, i = "", 0
    while i < len(text):
        hit = next((t for t in ordered if text.startswith(t, i)), "")
        if hit:
            if plain:
                out.append((plain, False))
                plain = ""
            out.append((hit, True))
            i += len(hit)
        else:
            plain += text[i]
            i += 1
    if plain:
        out.append((plain, False))
    return out


def factor_rows(parts: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The factor table: each factor's label, value, weight, points and evidence, in the engine's order."""
    labels = factor_labels()
    notes = {"unknown": _("未知，取中性值"), "inferred": _("领域由最相关的专利推断")}
    factors = []
    for name in FACTORS:
        part = (parts or {}).get(name)
        if part is None:
            continue
        shared = part.get("shared") or []
        factors.append({"name": name, "label": labels[name], "value": part.get("value", 0),
                        "weight": part.get("weight", 0), "points": part.get("points", 0),
                        "shared": "、".join(str(x) for x in shared), "note": notes.get(part.get("note", ""), "")})
    return factors


def explain(match: Any) -> Explained:
    reasons = match.reasons or {}
    factors = factor_rows(reasons.get("factors"))
    registered = reasons.get("registered", True)
    name = match.organization.name if registered else (reasons.get("holder") or reasons.get("name") or "")
    title = reasons.get("title") or (match.application.title if match.application_id else "")
    terms = list(reasons.get("shared_terms") or [])
    return Explained(match, reasons.get("kind", ""), name, bool(registered), match.score, terms,
                     list(reasons.get("shared_classes") or []), pieces(title or reasons.get("name", ""), terms),
                     factors, str(reasons.get("via", "")), str(reasons.get("application_number", "")))


def rows(matches: Any) -> list[Explained]:
    return [explain(m) for m in matches]
