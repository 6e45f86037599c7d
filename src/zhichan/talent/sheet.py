"""Reading a 人才清单 spreadsheet (issue 17): the table's rows (header in row 1) become people with an optional
qualification and a note, or a problem naming the row, the column and the reason. Pure Python: the import action
(talent/transfer.py) reads the file and writes the rows; this module only reads cells.

Columns (header spellings below; spaces and case ignored, any order, unknown columns ignored): 姓名 (required),
人才类别, 工作单位, 职称或职务, 专业领域, 资格类别, 证书编号, 发证机关, 有效期起, 有效期至, 备注. A qualification's fields
need its 资格类别. A cell starting like a formula (= @, or + - not followed by a plain number such as -1 or a phone
number +86 516 1234) is refused, not stored: "-2+3+cmd|..." is a formula to a spreadsheet though it starts with a
digit. The header is the first of the first HEADER_ROWS rows holding 姓名 (a title row, merged or not, may stand
above it). A list is hundreds of rows and the import is synchronous: a table over MAX_ROWS data rows is refused."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from zhichan.core.spreadsheet import looks_like_formula
from zhichan.talent import qualifying


def _(text: str) -> str:
    return text


COLUMNS = {  # field → header spellings (the first is the one the export writes)
    "name": ["姓名", "name"],
    "kind": ["人才类别", "类别", "kind"],
    "workplace": ["工作单位", "单位", "单位名称", "workplace"],
    "title": ["职称或职务", "职称", "职务", "title"],
    "fields": ["专业领域", "领域", "fields"],
    "qualification": ["资格类别", "资格", "资质类别", "qualification"],
    "number": ["证书编号", "资格证号", "证书号", "number"],
    "issuer": ["发证机关", "发证单位", "issuer"],
    "valid_from": ["有效期起", "发证日期", "valid from"],
    "valid_to": ["有效期至", "有效期止", "valid to"],
    "note": ["备注", "说明", "note"],
}
PERSON_KINDS = {"practitioner": ["专利代理师", "practitioner"], "manager": ["企业知识产权管理人员", "知识产权管理人员",
                "manager"], "expert": ["专家", "评审专家", "expert"]}
LIMITS = {"name": 50, "workplace": 200, "title": 100, "fields": 300, "number": 60, "issuer": 100, "note": 500}
HEADER_ROWS = 10
MAX_ROWS = 5000
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the header as the file spells it
    value: str
    reason: str  # a message (marked for the catalogue)


@dataclass(frozen=True)
class Row:
    row: int
    name: str
    kind: str  # a Person.Kind code, or "" (the person must then already be in the database)
    workplace: str = ""
    title: str = ""
    fields: str = ""
    qualification: qualifying.Qualification | None = None
    note: str = ""


@dataclass
class Sheet:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class SheetError(ValueError):
    """The table cannot be read at all (empty, no 姓名 column)."""


def _label(cell: object) -> str:
    return re.sub(r"\s", "", str(cell or "")).lower()


def text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell if cell is not None else "").strip()


def date_of(raw: str) -> dt.date | None:
    """A date written as 2026-01-31, 2026/1/31, 2026.1.31 or 2026年1月31日; ValueError otherwise."""
    m = DATE.match(raw.strip())
    if not m:
        raise ValueError(raw)
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def person_kind(raw: str) -> str | None:
    key = _label(raw)
    return next((k for k, spellings in PERSON_KINDS.items() if key in {_label(s) for s in spellings}), None)


def columns(header: list[object]) -> dict[str, int]:
    labels = [_label(c) for c in header]
    found = {key: labels.index(_label(s)) for key, spellings in COLUMNS.items()
             for s in reversed(spellings) if _label(s) in labels}
    if "name" not in found:
        raise SheetError(_("表头（前 10 行之一）须有“姓名”列"))
    return found


def _header_row(table: list[list[object]]) -> int:
    """The index of the header: the first of the first HEADER_ROWS rows with a 姓名 column (else row 1's error)."""
    for index, cells in enumerate(table[:HEADER_ROWS]):
        try:
            columns(cells)
            return index
        except SheetError:
            continue
    columns(table[0])
    return 0


def read(table: list[list[object]]) -> Sheet:
    """Every data row as a Row, or its problems (a row with any problem is left out whole)."""
    if not table:
        raise SheetError(_("文件是空的"))
    top = _header_row(table)
    if len(table) - top - 1 > MAX_ROWS:
        raise SheetError(_("超过 %(n)s 行，请分成几个文件导入") % {"n": MAX_ROWS})
    where = columns(table[top])
    headers = {key: text(table[top][i]) for key, i in where.items()}
    out = Sheet()
    seen: dict[tuple[str, str, str], int] = {}
    for number, cells in enumerate(table[top + 1:], start=top + 2):
        values = {k: text(cells[i]) if i < len(cells) else "" for k, i in where.items()}
        if not any(values.values()):
            continue
        found = _problems(values)
        if not found:
            row = _row(number, values, found)
        if found:
            out.problems.extend(Problem(number, headers.get(k, COLUMNS[k][0]), values.get(k, ""), r) for k, r in found)
            continue
        key = (row.name, row.workplace, row.qualification.number if row.qualification else "")
        if key in seen:
            out.problems.append(Problem(number, headers["name"], row.name,
                                        _("与第 %(row)s 行重复") % {"row": seen[key]}))
            continue
        seen[key] = number
        out.rows.append(row)
    return out


def _problems(values: dict[str, str]) -> list[tuple[str, str]]:
    found = [(k, _("不接受公式：以 = + - @ 开头的内容会在电子表格中作为公式执行"))
             for k, v in values.items() if looks_like_formula(v)]
    if found:
        return found
    if not values.get("name"):
        found.append(("name", _("姓名不能为空")))
    found += [(k, _("超过 %(n)s 个字") % {"n": n}) for k, n in LIMITS.items() if len(values.get(k, "")) > n]
    if values.get("kind") and person_kind(values["kind"]) is None:
        found.append(("kind", _("人才类别须为 专利代理师、企业知识产权管理人员 或 专家")))
    return found


def _row(number: int, values: dict[str, str], found: list[tuple[str, str]]) -> Row:
    return Row(number, values["name"], person_kind(values.get("kind", "")) or "", values.get("workplace", ""),
               values.get("title", ""), values.get("fields", ""), _qualification(values, found),
               values.get("note", ""))


def _qualification(values: dict[str, str], found: list[tuple[str, str]]) -> qualifying.Qualification | None:
    named = values.get("qualification", "")
    if not any(values.get(k) for k in ("qualification", "number", "issuer", "valid_from", "valid_to")):
        return None
    dates: dict[str, dt.date | None] = {}
    for k in ("valid_from", "valid_to"):
        try:
            dates[k] = date_of(values[k]) if values.get(k) else None
        except ValueError:
            found.append((k, _("不是日期（如 2026-01-31）")))
    if not named:
        found.append(("qualification", _("填写了证书信息但没有资格类别")))
    if found:
        return None
    kind = qualifying.kind_of(named) or qualifying.OTHER  # an unknown name is 其他, named as written
    q = qualifying.Qualification(kind, named[:100] if kind == qualifying.OTHER else "", values.get("number", ""),
                                 values.get("issuer", ""), dates["valid_from"], dates["valid_to"])
    found.extend(qualifying.problems(q).items())
    return None if found else q
