"""Reading registry spreadsheets (XLSX or CSV): which table a sheet holds, from its header, and each row's values
checked, or the (row, column, reason) that refuses it. Writing is the importer's (importer.py)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from zhichan.core import creditcode
from zhichan.patents import dates
from zhichan.patents.ingest.errors import FileError
from zhichan.patents.ingest.files import read_csv, read_spreadsheet

AGENCIES, PRACTITIONERS, SERVICE = "agencies", "practitioners", "service"

HEADERS: dict[str, dict[str, list[str]]] = {
    AGENCIES: {
        "name": ["机构名称", "专利代理机构名称", "代理机构名称", "名称", "name"],
        "credit_code": ["统一社会信用代码", "信用代码", "credit code"],
        "licence_number": ["执业许可证号", "执业许可证编号", "许可证号", "机构代码", "licence"],
        "form": ["组织形式", "机构类型", "form"],
        "partners": ["合伙人", "股东", "合伙人或股东", "合伙人/股东", "partners"],
        "address": ["地址", "机构地址", "住所", "address"],
        "head": ["总机构", "所属总机构", "head office"],
        "established_on": ["成立日期", "established"],
        "licensed_on": ["许可日期", "执业许可日期", "批准日期", "licensed"],
        "aliases": ["曾用名", "别名", "aliases"],
    },
    PRACTITIONERS: {
        "name": ["姓名", "name"],
        "certificate_number": ["资格证号", "专利代理师资格证号", "资格证书号", "certificate"],
        "filing_number": ["执业备案号", "执业证号", "filing number"],
        "filed_on": ["执业备案日期", "备案日期", "filed on"],
        "agency": ["执业机构", "所在机构", "代理机构", "agency"],
        "started_on": ["执业起始日期", "起始日期", "入职日期", "started on"],
        "is_partner": ["是否合伙人", "合伙人或股东", "partner"],
    },
    SERVICE: {
        "name": ["机构名称", "名称", "name"],
        "credit_code": ["统一社会信用代码", "信用代码", "credit code"],
        "kind": ["机构类别", "类别", "kind"],
        "address": ["地址", "address"],
        "year": ["年度", "year"],
        "offices": ["机构数", "offices"],
        "staff": ["从业人员", "从业人员数", "staff"],
        "revenue_wan": ["营业收入（万元）", "营业收入(万元)", "营收（万元）", "营收(万元)", "营收", "revenue"],
    },
}
REQUIRED = {AGENCIES: ("name",), PRACTITIONERS: ("name", "certificate_number"), SERVICE: ("name", "kind")}
FORMS = {"合伙": "partnership", "普通合伙": "partnership", "特殊普通合伙": "partnership", "合伙企业": "partnership",
         "partnership": "partnership", "有限责任公司": "limited", "有限公司": "limited", "公司": "limited",
         "limited": "limited"}
KINDS = {"评估": "evaluation", "资产评估": "evaluation", "运营": "operation", "知识产权运营": "operation",
         "律所": "law_firm", "律师事务所": "law_firm", "商标代理": "trademark", "咨询": "consulting",
         "其他": "other"}
YES = {"是", "y", "yes", "true", "1", "√"}


@dataclass
class Sheet:
    kind: str
    name: str
    columns: dict[str, int]
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number in the file, cells)


class RowError(ValueError):
    def __init__(self, column: str, reason: str, value: str = "") -> None:
        super().__init__(reason)
        self.column, self.reason, self.value = column, reason, value


def _label(cell: object) -> str:
    return re.sub(r"\s", "", str(cell or "")).lower()


def _columns(header: list[object], kind: str) -> dict[str, int]:
    labels = [_label(c) for c in header]
    found = {}
    for key, spellings in HEADERS[kind].items():
        for spelling in spellings:
            if _label(spelling) in labels and labels.index(_label(spelling)) not in found.values():
                found[key] = labels.index(_label(spelling))
                break
    return found


def kind_of(header: list[object]) -> str | None:
    labels = {_label(c) for c in header}
    if labels & {_label(s) for s in HEADERS[PRACTITIONERS]["certificate_number"]}:
        return PRACTITIONERS
    if labels & {_label(s) for s in HEADERS[SERVICE]["kind"] + HEADERS[SERVICE]["revenue_wan"]}:
        return SERVICE
    if labels & {_label(s) for s in HEADERS[AGENCIES]["name"]}:
        return AGENCIES
    return None


def read(path: Path) -> list[Sheet]:
    """Every sheet the file holds, with its table; FileError when none is a registry table."""
    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        tables = [(path.stem, list(read_csv(path)))]
    else:
        tables = [(name, list(rows)) for name, rows in read_spreadsheet(path)]
    sheets = []
    for name, rows in tables:
        if not rows:
            continue
        kind = kind_of(rows[0])
        if kind is None:
            continue
        columns = _columns(rows[0], kind)
        missing = [k for k in REQUIRED[kind] if k not in columns]
        if missing:
            raise FileError(path.name, _("工作表“%(sheet)s”缺少列：%(columns)s") % {
                "sheet": name, "columns": "、".join(HEADERS[kind][k][0] for k in missing)})
        width = max(columns.values()) + 1
        cells = [(number, [_text(r[i]) if i < len(r) else "" for i in range(width)])
                 for number, r in enumerate(rows[1:], start=2)]
        sheets.append(Sheet(kind, name, columns, [str(c or "") for c in rows[0]],
                            [(n, c) for n, c in cells if any(c)]))
    if not sheets:
        raise FileError(path.name, _("没有可识别的表：表头应含“机构名称”（代理机构）、“资格证号”（专利代理师）或“类别”（其他服务机构）"))
    return sheets


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def column_label(sheet: Sheet, key: str) -> str:
    index = sheet.columns.get(key)
    return sheet.header[index] if index is not None else HEADERS[sheet.kind][key][0]


def date_value(value: str, key: str) -> dt.date | None:
    if not value:
        return None
    try:
        day = dates.parse(value)
    except ValueError as exc:
        raise RowError(key, _("不是可识别的日期：%(reason)s") % {"reason": exc}, value) from exc
    if day is None:
        raise RowError(key, _("不是可识别的日期"), value)
    return day


def credit_code_value(value: str, key: str = "credit_code") -> str | None:
    if not value:
        return None
    try:
        return creditcode.normalize(value)
    except creditcode.CreditCodeError as exc:
        raise RowError(key, str(exc), value) from exc


def int_value(value: str, key: str) -> int:
    text = value.replace(",", "").strip()
    if not text:
        return 0
    if not re.fullmatch(r"\d+", text):
        raise RowError(key, _("应为非负整数"), value)
    return int(text)


def decimal_value(value: str, key: str) -> Decimal:
    text = re.sub(r"(万元|万)$", "", value.replace(",", "").strip())
    if not text:
        return Decimal(0)
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise RowError(key, _("应为以万元计的数字"), value) from exc
    if number < 0 or not number.is_finite():
        raise RowError(key, _("应为以万元计的非负数字"), value)
    return number


def names_value(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[、,，;；|\n]", value) if p.strip()]


def choice(value: str, table: dict[str, str], key: str, allowed: str) -> str:
    if not value:
        return ""
    found = table.get(value.strip()) or table.get(value.strip().lower())
    if found is None:
        raise RowError(key, _("应为%(allowed)s之一") % {"allowed": allowed}, value)
    return found


def yes(value: str) -> bool:
    return value.strip().lower() in YES


def row_values(sheet: Sheet, cells: list[str]) -> dict[str, str]:
    return {key: cells[index] for key, index in sheet.columns.items()}
