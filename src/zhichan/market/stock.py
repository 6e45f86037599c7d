"""存量专利盘活 (docs/market.md): who keeps a stock, the facts the grading reads from a patent's record, the patents
a holder may import from the platform, reading a stock spreadsheet row by row, and the explanations in the
reader's language.

Holders: users with market.offer whose organisation is a university (高校) or an institute (科研院所); the office
(market.review) sees every stock. An enterprise sees only the pushes made to it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichan.core.models import Organization
from zhichan.core.permissions import can
from zhichan.core.spreadsheet import looks_like_formula
from zhichan.market import grading, rules
from zhichan.market.models import StockPatent, StockPush
from zhichan.patents import highvalue, names
from zhichan.patents import record as rec
from zhichan.patents.numbers import NumberError, parse_application_number
from zhichan.patents.validity import term_end, validity

HOLDER_KINDS = (Organization.Kind.UNIVERSITY, Organization.Kind.INSTITUTE)
COLUMNS = {  # spreadsheet header spellings (spaces and case ignored)
    "number": ["申请号", "专利申请号", "专利号", "application number"],
    "prospects": ["前景", "市场前景", "应用前景", "前景自评", "prospects"],
    "trl": ["成熟度", "技术成熟度", "trl", "技术成熟度（trl）", "技术成熟度(trl)"],
    "note": ["备注", "说明", "note"],
}


# ---- who ----------------------------------------------------------------------------------------------------------

def is_holder_org(org: Organization | None) -> bool:
    return org is not None and org.kind in HOLDER_KINDS


def may_keep_stock(user: Any) -> bool:
    """A university's or institute's user with market.offer (a verified organisation)."""
    return can(user, "market.offer") and is_holder_org(getattr(user, "organization", None))


def restrict_stock(user: Any) -> QuerySet[StockPatent]:
    rows = StockPatent.objects.all()
    if can(user, "market.review"):
        return rows
    if may_keep_stock(user):
        return rows.filter(organization_id=user.organization_id)
    return rows.none()


def pushes_to(user: Any) -> QuerySet[StockPush]:
    """The pushes made to the user's organisation (an enterprise's 推送给我的专利)."""
    org = getattr(user, "organization_id", None) if getattr(user, "is_authenticated", False) else None
    if not org or not can(user, "market.offer"):
        return StockPush.objects.none()
    return StockPush.objects.filter(organization_id=org)


# ---- facts --------------------------------------------------------------------------------------------------------

def _events(snap: dict) -> list[str]:
    return [f"{e.get('code', '')} {e.get('description', '')}" for e in snap.get("events", [])]


def facts(application: Any, stock: StockPatent | None = None, today: dt.date | None = None) -> grading.Facts:
    """What the grading reads of a patent: validity and term (patents/validity.py), the Art. 86 bars of the
    listings' checks (market/rules.py: pledge, suspension), family abroad (patents/highvalue.py)."""
    today = today or timezone.localdate()
    snap = application.data or {}
    valid = validity(snap)
    filing = application.filing_date
    bars = rules.bars(snap, today)
    return grading.Facts(
        valid_today=valid.on(today),
        term_end=term_end(application.patent_type, filing) if filing else None,
        claims=snap.get("claims_count"), family_size=snap.get("family_size"),
        family_abroad=highvalue.family_abroad_granted(snap.get("family_members") or []),
        cited_by=snap.get("cited_by_count"),
        restored_lapses=sum(1 for _start, stop in valid.gaps if stop is not None and stop <= today),
        invalidation=any("无效" in text for text in _events(snap)),
        pledged=bars["pledged"], suspended=bars["suspended"],
        sei=tuple(application.sei_codes or ()),
        prospects=stock.prospects if stock else None, trl=stock.trl if stock else None)


def held_patents(org: Organization) -> QuerySet:
    """The platform's patents the organisation holds (its name, in normal form, among the current holders:
    the 专利权人 parties, else the applicants), as market/rules.py checks a listing's holder."""
    from zhichan.patents.models import Application

    wanted = names.normalize(org.name)
    rows = Application.objects.filter(
        parties__normalized_name=wanted, parties__role__in=(rec.HOLDER, rec.APPLICANT)).distinct().order_by("key")
    return rows


def valid_held(org: Organization, today: dt.date | None = None) -> list[Any]:
    today = today or timezone.localdate()
    return [a for a in held_patents(org) if rules.is_holder(a, org) and rules.valid_today(a, today)]


# ---- the spreadsheet ----------------------------------------------------------------------------------------------

@dataclass
class RowProblem:
    row: int
    field: str
    value: str
    reason: str


@dataclass
class Row:
    row: int
    key: str
    prospects: int | None = None
    trl: int | None = None
    note: str = ""


@dataclass
class Sheet:
    rows: list[Row] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _label(cell: object) -> str:
    return re.sub(r"\s", "", str(cell or "")).lower()


def _text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell if cell is not None else "").strip()


def _table(path: Path) -> list[list[object]]:
    from zhichan.patents.ingest.files import read_csv, read_spreadsheet

    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        return list(read_csv(path))
    for _name, rows in read_spreadsheet(path):
        table = list(rows)
        if table:
            return table
    return []


def _scale(raw: str, low: int, high: int, name: str, row: int, out: Sheet) -> int | None:
    if not raw:
        return None
    try:
        number = float(raw)
    except ValueError:
        number = float("nan")
    value = int(number) if number.is_integer() else None
    if value is None or not low <= value <= high:
        out.problems.append(RowProblem(row, name, raw, _("须为 %(low)s 到 %(high)s 的整数") % {"low": low, "high": high}))
        return -1
    return value


def read_sheet(path: Path) -> Sheet:
    """Each data row's application number and self-rating, or the (row, field, reason) that refuses it. Rows are
    numbered as the spreadsheet shows them (the header is row 1). Raises FileError for an unreadable file and
    ValueError when no column holds application numbers."""
    table = _table(path)
    if not table:
        raise ValueError(_("文件是空的"))
    labels = [_label(c) for c in table[0]]
    columns = {key: labels.index(_label(s)) for key, spellings in COLUMNS.items()
               for s in reversed(spellings) if _label(s) in labels}
    if "number" not in columns:
        raise ValueError(_("第 1 行须有“申请号”列"))
    out = Sheet()
    seen: dict[str, int] = {}
    for number, cells in enumerate(table[1:], start=2):
        values = {k: _text(cells[i]) if i < len(cells) else "" for k, i in columns.items()}
        if not any(values.values()):
            continue
        formula = next((k for k, v in values.items() if looks_like_formula(v)), None)
        if formula:
            out.problems.append(RowProblem(number, formula, values[formula],
                                           _("不接受公式：以 = + - @ 开头的内容会在电子表格中作为公式执行")))
            continue
        before = len(out.problems)
        key = _key(values["number"], number, out)
        prospects = _scale(values.get("prospects", ""), 1, 5, "prospects", number, out)
        trl = _scale(values.get("trl", ""), 1, 9, "trl", number, out)
        if key and key in seen:
            out.problems.append(RowProblem(number, "number", values["number"],
                                           _("与第 %(row)s 行重复") % {"row": seen[key]}))
        if len(out.problems) > before or not key:
            continue
        seen[key] = number
        out.rows.append(Row(number, key, prospects, trl, values.get("note", "")[:500]))
    return out


def _key(raw: str, row: int, out: Sheet) -> str:
    if not raw:
        out.problems.append(RowProblem(row, "number", "", _("申请号不能为空")))
        return ""
    try:
        return parse_application_number(raw).key
    except NumberError:
        out.problems.append(RowProblem(row, "number", raw, _("不是有效的专利申请号（请核对校验位）")))
        return ""


FIELD_LABELS = {"number": gettext_lazy("申请号"), "prospects": gettext_lazy("前景"), "trl": gettext_lazy("成熟度"),
                "note": gettext_lazy("备注")}


# ---- explanations -------------------------------------------------------------------------------------------------

def explain(reason: dict[str, Any]) -> str:
    """An indicator's sentence in the reader's language (the grading stores the source sentence and its values)."""
    params = {k: "；".join(_(x) for x in v) if isinstance(v, list) else v
              for k, v in (reason.get("params") or {}).items()}
    try:
        return _(reason.get("why", "")) % params
    except (KeyError, TypeError, ValueError):
        return _(reason.get("why", ""))


def explained(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "label": _(r.get("label", "")), "text": explain(r)} for r in reasons or []]


def within(q: str, rows: QuerySet[StockPatent]) -> QuerySet[StockPatent]:
    if not q:
        return rows
    return rows.filter(Q(application__key__icontains=q) | Q(application__title__icontains=q))
