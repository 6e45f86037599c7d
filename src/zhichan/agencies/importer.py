"""Importing the registry from a spreadsheet (`zhichan agencies import FILE`): agencies (heads before branches),
practitioners with their firm, other service organisations with their yearly figures. Each row goes through the
registry's actions; a bad row is reported (sheet, row, column, reason) and the rest still imports; importing the
same file again changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.agencies import actions, registry, sheets
from zhichan.agencies.models import Agency, Practitioner, ServiceOrganization
from zhichan.agencies.sheets import RowError, Sheet
from zhichan.core.spreadsheet import looks_like_formula
from zhichan.patents import names


class Report:
    def __init__(self) -> None:
        self.counts = {"read": 0, "created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        self.rejected: list[dict[str, Any]] = []

    def outcome(self, created: bool, changed: bool) -> None:
        self.counts["created" if created else "updated" if changed else "unchanged"] += 1

    def reject(self, sheet: Sheet, row: int, error: RowError) -> None:
        self.counts["rejected"] += 1
        self.rejected.append({"sheet": sheet.name, "row": row, "column": sheets.column_label(sheet, error.column)
                              if error.column in sheet.columns or error.column in sheets.HEADERS[sheet.kind]
                              else error.column, "value": error.value, "reason": error.reason})

    def as_dict(self) -> dict[str, Any]:
        return {**self.counts, "rejected_rows": self.rejected}


def import_file(actor: Any, path: Path) -> dict[str, Any]:
    report = Report()
    order = {sheets.AGENCIES: 0, sheets.PRACTITIONERS: 1, sheets.SERVICE: 2}
    for sheet in sorted(sheets.read(path), key=lambda s: order[s.kind]):
        handle: Callable[[Any, dict[str, str], dict[str, int]], tuple[bool, bool]] = HANDLERS[sheet.kind]
        rows = sheet.rows
        if sheet.kind == sheets.AGENCIES and "head" in sheet.columns:  # heads first, then their branches
            rows = sorted(rows, key=lambda r: bool(r[1][sheet.columns["head"]]))
        seen: dict[str, int] = {}
        for number, cells in rows:
            report.counts["read"] += 1
            try:
                values = sheets.row_values(sheet, cells)
                _refuse_formulas(values)
                with transaction.atomic():  # a row refused after its first write leaves nothing behind
                    report.outcome(*handle(actor, values, seen | {"__row__": number}))
            except RowError as error:
                report.reject(sheet, number, error)
            else:
                seen.update(_keys(sheet, cells, number))
    return report.as_dict()


def _refuse_formulas(values: dict[str, str]) -> None:
    for key, value in values.items():
        if looks_like_formula(value):
            raise RowError(key, _("不接受公式：以 = + - @ 开头的内容会在电子表格中作为公式执行"), value)


def _keys(sheet: Sheet, cells: list[str], number: int) -> dict[str, int]:
    values = sheets.row_values(sheet, cells)
    keys = {"name:" + names.normalize(values.get("name", ""))} if sheet.kind != sheets.PRACTITIONERS else set()
    for key in ("credit_code", "licence_number", "certificate_number"):
        if values.get(key):
            keys.add(f"{key}:{values[key].upper()}")
    if sheet.kind == sheets.SERVICE:  # one organisation has a row per year
        keys = {f"{k}:{values.get('year', '')}" for k in keys}
    return dict.fromkeys(keys, number)


def _duplicate(seen: dict[str, int], key: str, column: str, value: str) -> None:
    if key in seen:
        raise RowError(column, _("与第 %(row)s 行重复") % {"row": seen[key]}, value)


def _agency_row(actor: Any, v: dict[str, str], seen: dict[str, int]) -> tuple[bool, bool]:
    name = v.get("name", "").strip()
    if not name:
        raise RowError("name", _("机构名称不能为空"))
    _duplicate(seen, "name:" + names.normalize(name), "name", name)
    code = sheets.credit_code_value(v.get("credit_code", ""))
    licence = v.get("licence_number", "").strip() or None
    for key, value in (("credit_code", code), ("licence_number", licence)):
        if value:
            _duplicate(seen, f"{key}:{value.upper()}", key, value)
    values: dict[str, Any] = {"name": name}
    if "credit_code" in v:
        values["credit_code"] = code
    if "licence_number" in v:
        values["licence_number"] = licence
    if "form" in v:
        values["form"] = sheets.choice(v["form"], sheets.FORMS, "form", _("合伙、有限责任公司"))
    if "partners" in v:
        values["partners"] = sheets.names_value(v["partners"])
    if "address" in v:
        values["address"] = v["address"][:300]
    for key in ("established_on", "licensed_on"):
        if key in v:
            values[key] = sheets.date_value(v[key], key)
    if v.get("head"):
        head = registry.agency_named(v["head"]) or Agency.objects.filter(licence_number=v["head"]).first()
        if head is None:
            raise RowError("head", _("总机构不在名录中（应先导入总机构）"), v["head"])
        values["head"] = head
    existing = _existing_agency(name, code, licence)
    agency, changed = actions.do_save_agency(actor, values, existing)
    for alias in sheets.names_value(v.get("aliases", "")):
        if registry.agency_named(alias) is None:
            actions.do_add_alias(actor, agency, alias)
            changed = True
    return existing is None, changed


def _existing_agency(name: str, code: str | None, licence: str | None) -> Agency | None:
    """The agency a row describes: by credit code, else licence number, else name. A code or licence already held
    by another agency than the one named is refused (two rows of the registry would describe one firm)."""
    by_code = Agency.objects.filter(credit_code=code).first() if code else None
    by_licence = Agency.objects.filter(licence_number=licence).first() if licence else None
    by_name = Agency.objects.filter(normalized_name=names.normalize(name)).first()
    found = by_code or by_licence or by_name
    if by_code and by_licence and by_code != by_licence:
        raise RowError("licence_number", _("执业许可证号已属于“%(name)s”") % {"name": by_licence.name}, licence or "")
    if found is not None and by_name is not None and by_name != found:
        raise RowError("name", _("名称已属于另一机构（统一社会信用代码 %(code)s）") % {"code": by_name.credit_code or "—"}, name)
    return found


def _practitioner_row(actor: Any, v: dict[str, str], seen: dict[str, int]) -> tuple[bool, bool]:
    certificate = v.get("certificate_number", "").strip().upper()
    if not certificate:
        raise RowError("certificate_number", _("资格证号不能为空"))
    if not v.get("name", "").strip():
        raise RowError("name", _("姓名不能为空"))
    _duplicate(seen, f"certificate_number:{certificate}", "certificate_number", certificate)
    filed_on = sheets.date_value(v.get("filed_on", ""), "filed_on")
    started_on = sheets.date_value(v.get("started_on", ""), "started_on")
    agency = None
    if v.get("agency"):
        agency = registry.agency_named(v["agency"]) or Agency.objects.filter(licence_number=v["agency"]).first()
        if agency is None:
            raise RowError("agency", _("执业机构不在名录中"), v["agency"])
    values: dict[str, Any] = {"name": v["name"].strip()[:50], "certificate_number": certificate}
    if "filing_number" in v:
        values["filing_number"] = v["filing_number"][:40]
    if "filed_on" in v:
        values["filed_on"] = filed_on
    existing = Practitioner.objects.filter(certificate_number=certificate).first()
    practitioner, changed = actions.do_save_practitioner(actor, values, existing)
    if agency is not None and practitioner.agency_id != agency.pk:
        on = started_on or filed_on or timezone.localdate()
        current = practitioner.employments.filter(ended_on=None).first()
        if current is not None and on < current.started_on:
            raise RowError("started_on", _("早于现执业机构的起始日期 %(day)s") % {"day": current.started_on}, str(on))
        actions.do_move_practitioner(actor, practitioner, agency, on, sheets.yes(v.get("is_partner", "")))
        changed = True
    return existing is None, changed


def _service_row(actor: Any, v: dict[str, str], seen: dict[str, int]) -> tuple[bool, bool]:
    name = v.get("name", "").strip()
    if not name:
        raise RowError("name", _("机构名称不能为空"))
    kind = sheets.choice(v.get("kind", ""), sheets.KINDS, "kind", "、".join(sheets.KINDS))
    if not kind:
        raise RowError("kind", _("类别不能为空"))
    year = sheets.int_value(v.get("year", ""), "year") if v.get("year") else None
    if year is not None and not 1980 <= year <= dt.date.today().year:
        raise RowError("year", _("年度不在 1980 至今年之间"), v["year"])
    _duplicate(seen, f"name:{names.normalize(name)}:{v.get('year', '')}", "name", name)
    code = sheets.credit_code_value(v.get("credit_code", ""))
    figures = (sheets.int_value(v.get("offices", "") or "1", "offices"), sheets.int_value(v.get("staff", ""), "staff"),
               sheets.decimal_value(v.get("revenue_wan", ""), "revenue_wan"))
    values: dict[str, Any] = {"name": name, "kind": kind}
    if "credit_code" in v:
        values["credit_code"] = code
    if "address" in v:
        values["address"] = v["address"][:300]
    existing = (ServiceOrganization.objects.filter(credit_code=code).first() if code else None) or \
        ServiceOrganization.objects.filter(name=name).first()
    organization, changed = actions.do_save_service_organization(actor, values, existing)
    if year is not None:
        _row, reported = actions.do_report_service_figures(actor, organization, year, *figures)
        changed = changed or reported
    return existing is None, changed


HANDLERS = {sheets.AGENCIES: _agency_row, sheets.PRACTITIONERS: _practitioner_row, sheets.SERVICE: _service_row}
