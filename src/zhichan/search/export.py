"""A result set written to XLSX or CSV (up to ZHICHAN_EXPORT_LIMIT records), in pages with progress."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import xlsxwriter
from django.utils.translation import gettext as _

from zhichan.patents import ipc
from zhichan.patents import record as rec
from zhichan.patents.models import LEGAL_STATUS_CHOICES, PATENT_TYPE_CHOICES, Application

Progress = Callable[[int, int], None]
_TYPES = dict(PATENT_TYPE_CHOICES)
_STATUS = dict(LEGAL_STATUS_CHOICES)


def headers() -> list[str]:
    return [_("申请号"), _("标题"), _("专利类型"), _("法律状态"), _("申请日"), _("公开日"), _("授权日"), _("主分类号"),
            _("IPC分类号"), _("申请人"), _("专利权人"), _("发明人"), _("地区代码"), _("摘要")]


def _names(snap: dict, role: str) -> str:
    return "; ".join(p["name"] for p in snap.get("parties", []) if p["role"] == role)


def rows(ids: list[int], progress: Progress | None = None, chunk: int = 2000) -> Iterator[list[object]]:
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        apps = Application.objects.in_bulk(part)
        for pk in part:
            app = apps.get(pk)
            if app is None:
                continue
            snap = app.data
            yield [app.key, app.title or app.title_en, str(_TYPES.get(app.patent_type, "")),
                   str(_STATUS.get(app.legal_status, "")), _iso(app.filing_date), _iso(app.publication_date),
                   _iso(app.grant_date), ipc.display(app.main_ipc) if app.main_ipc else "",
                   "; ".join(ipc.display(c) for c in snap.get("ipc", [])), _names(snap, rec.APPLICANT),
                   _names(snap, rec.HOLDER), _names(snap, rec.INVENTOR), app.region_id or "", app.abstract]
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))


def _iso(value: object) -> str:
    return value.isoformat() if value else ""  # type: ignore[attr-defined]


def write(path: Path, fmt: str, ids: list[int], progress: Progress | None = None) -> int:
    count = 0
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel opens it as UTF-8
            writer = csv.writer(handle)
            writer.writerow(headers())
            for row in rows(ids, progress):
                writer.writerow(row)
                count += 1
        return count
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_urls": False})
    sheet = book.add_worksheet(_("检索结果"))
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, headers(), bold)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 50)
    for count, row in enumerate(rows(ids, progress), start=1):
        sheet.write_row(count, 0, row)
    book.close()
    return count
