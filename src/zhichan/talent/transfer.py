"""Excel in and out of the talent database (issue 17).

Export: a 人才清单 (its entries with notes) or the whole database, one row per person and qualification, through
core/spreadsheet (the platform's one writer: text cells that would run as formulas get a leading apostrophe, and no
string becomes a formula, a number or a link).

Import (do_import_list): a spreadsheet (talent/sheet.py columns) into a 人才清单. Each good row is kept, each bad one
reported with the file, row, column and reason; re-importing the same file adds nothing:
- a person is found by a qualification's kind and number already recorded (the same name required), else by the
  same name and workplace (one match), else created (人才类别 required then);
- a qualification already on the person (same kind and number) is not added again;
- a person already on the list is not added again (the note is kept as it was)."""

from __future__ import annotations

import io
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.core import audit, spreadsheet
from zhichan.core.permissions import require
from zhichan.talent import qualification_actions, qualifying, sheet
from zhichan.talent.models import ListEntry, Person, Qualification, TalentList

HEADER = ["姓名", "人才类别", "工作单位", "职称或职务", "专业领域", "资格类别", "证书编号", "发证机关", "有效期起",
          "有效期至", "是否过期", "备注"]


def _table(path: Path) -> list[list[object]]:
    from zhichan.patents.ingest.files import read_csv, read_spreadsheet  # size, zip-bomb and row limits

    most = sheet.HEADER_ROWS + sheet.MAX_ROWS + 1  # enough to tell a table over the limit (sheet.read refuses it)
    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        return list(islice(read_csv(path), most))
    for _name, rows in read_spreadsheet(path):
        table = list(islice(rows, most))
        if table:
            return table
    return []


# ---- export ---------------------------------------------------------------------------------------------------------

def _rows(people: list[tuple[Person, str]], today: Any) -> list[list[object]]:
    out: list[list[object]] = []
    for person, note in people:
        quals = list(person.qualification_list.all()) or [None]
        for q in quals:
            out.append([person.name, str(person.get_kind_display()), person.workplace, person.title, person.fields,
                        q.label if q else "", q.number if q else "", q.issuer if q else "",
                        q.valid_from.isoformat() if q and q.valid_from else "",
                        q.valid_to.isoformat() if q and q.valid_to else ("" if q is None else _("长期")),
                        (_("已过期") if qualifying.expired(q.valid_to, today) else _("有效")) if q else "", note])
    return out


def workbook(title: str, people: list[tuple[Person, str]]) -> bytes:
    out = io.BytesIO()
    book = spreadsheet.workbook(out)
    # Excel's sheet names: 31 characters, none of []:*?/\, not starting or ending with an apostrophe
    name = title.translate(str.maketrans("[]:*?/\\", "（）：＊？／＼"))[:31].strip("'")
    sheet_ = book.add_worksheet(name or "人才")
    bold = book.add_format({"bold": True})
    spreadsheet.write_row(sheet_, 0, 0, [_(h) for h in HEADER], bold)
    for n, values in enumerate(_rows(people, timezone.localdate()), start=1):
        spreadsheet.write_row(sheet_, n, 0, values)
    book.close()
    return out.getvalue()


def export_list(talent_list: TalentList) -> bytes:
    entries = talent_list.entries.select_related("person__organization").prefetch_related(
        "person__qualification_list")
    return workbook(talent_list.name, [(e.person, e.note) for e in entries])


def export_people(rows: Any) -> bytes:
    people = rows.select_related("organization").prefetch_related("qualification_list")
    return workbook(_("人才库"), [(p, "") for p in people])


# ---- import ---------------------------------------------------------------------------------------------------------

def _find(row: sheet.Row) -> tuple[Person | None, str]:
    """The person this row names (or None), or the reason it cannot be placed."""
    q = row.qualification
    if q is not None and q.number:
        held = Qualification.objects.filter(kind=q.kind, number=q.number).select_related("person").first()
        if held is not None:
            if held.person.name != row.name:
                return None, _("该证书编号已登记在“%(name)s”名下") % {"name": held.person.name}
            return held.person, ""
    same = Person.objects.filter(name=row.name)
    if row.workplace:
        same = same.filter(Q(organization__name=row.workplace) | Q(organization_name=row.workplace))
    else:  # no workplace given: only a person recorded without one is the same person
        same = same.filter(organization__isnull=True, organization_name="")
    found = list(same[:2])
    if len(found) > 1:
        return None, _("人才库中有多位同名同单位人员，请在人才库中处理后再导入")
    return (found[0] if found else None), ""


def _person(actor: Any, row: sheet.Row) -> tuple[Person | None, str, bool]:
    person, reason = _find(row)
    if reason:
        return None, reason, False
    if person is not None:
        return person, "", False
    if not row.kind:
        return None, _("人才库中没有此人，新增时须填写人才类别"), False
    from zhichan.core.models import Organization

    org = Organization.objects.filter(name=row.workplace, status=Organization.Status.VERIFIED).first() \
        if row.workplace else None  # a verified platform organisation of that exact name is linked
    person = Person.objects.create(kind=row.kind, name=row.name, organization=org,
                                   organization_name="" if org else row.workplace, title=row.title,
                                   fields=row.fields, created_by=actor)
    audit.record(actor, "talent.create", person, summary=f"{person.name} (import)")
    return person, "", True


def _one(actor: Any, talent_list: TalentList, row: sheet.Row, counts: dict[str, int]) -> str:
    """Write one row (its own savepoint); '' or the reason it was refused."""
    with transaction.atomic():
        person, reason, created = _person(actor, row)
        if person is None:
            return reason
        added = False
        if row.qualification is not None:
            values = {k: getattr(row.qualification, k) for k in qualification_actions.FIELDS}
            _q, added = qualification_actions.add(actor, person, values)
        entered = False
        if not ListEntry.objects.filter(talent_list=talent_list, person=person).exists():
            ListEntry.objects.create(talent_list=talent_list, person=person, note=row.note, added_by=actor)
            entered = True
    counts["people_created"] += created
    counts["qualifications_added"] += added
    counts["entries_added"] += entered
    counts["unchanged"] += not (created or added or entered)
    return ""


def do_import_list(actor: Any, talent_list: TalentList, path: Path, name: str = "") -> dict[str, Any]:
    """Import a spreadsheet into a list: counts and the problems (file, row, column, value, reason). Raises
    FileError for an unreadable file and sheet.SheetError when it has no 姓名 column."""
    require(actor, "talent.manage")
    name = name or path.name
    table = sheet.read(_table(path))
    problems = [{"file": name, "row": p.row, "column": p.column, "value": p.value, "reason": _(p.reason)}
                for p in table.problems]
    counts = {"people_created": 0, "qualifications_added": 0, "entries_added": 0, "unchanged": 0}
    for row in table.rows:
        try:
            reason = _one(actor, talent_list, row, counts)
        except qualification_actions.Refused as refused:
            reason = str(refused)
        if reason:
            problems.append({"file": name, "row": row.row, "column": _("姓名"), "value": row.name, "reason": reason})
    problems.sort(key=lambda p: (p["row"], p["column"]))
    result = {**counts, "rejected": len({p["row"] for p in problems}), "problems": problems, "file": name}
    audit.record(actor, "talent.list_import", talent_list, summary=f"{name} {counts}"[:300],
                 changes={**counts, "rejected": result["rejected"]})
    return result
