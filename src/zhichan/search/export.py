"""A result set written to XLSX or CSV, in chunks with progress: the web export (a job, up to
ZHICHAN_EXPORT_LIMIT records) and `zhichan export` write the same columns (COLUMNS, defined once here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichan.core import spreadsheet
from zhichan.core.spreadsheet import FORMULA_STARTS, neutralise  # noqa: F401  (the export's own names, kept)
from zhichan.patents import ipc
from zhichan.patents import record as rec
from zhichan.patents.models import LEGAL_STATUS_CHOICES, PATENT_TYPE_CHOICES, Application
from zhichan.patents.validity import validity

Progress = Callable[[int, int], None]
Cell = Callable[[Application, dict, dt.date], object]
CHUNK = 2000
_TYPES = dict(PATENT_TYPE_CHOICES)
_STATUS = dict(LEGAL_STATUS_CHOICES)


def _names(snap: dict, role: str) -> str:
    return "; ".join(p["name"] for p in snap.get("parties", []) if p["role"] == role)


def _iso(value: object) -> str:
    return value.isoformat() if value else ""  # type: ignore[attr-defined]


def valid_label(app: Application, today: dt.date) -> str:
    """有效 when the patent is in force today (domain.md §3, from the canonical snapshot), else 非有效 (not 无效, which
    means invalidated)."""
    return str(_("有效") if validity(app.data).on(today) else _("非有效"))


# (header, cell) — one definition for the web export and the command
COLUMNS: list[tuple[Any, Cell]] = [
    (gettext_lazy("申请号"), lambda app, snap, today: app.key),
    (gettext_lazy("标题"), lambda app, snap, today: app.title or app.title_en),
    (gettext_lazy("专利类型"), lambda app, snap, today: str(_TYPES.get(app.patent_type, ""))),
    (gettext_lazy("法律状态"), lambda app, snap, today: str(_STATUS.get(app.legal_status, ""))),
    (gettext_lazy("有效性"), lambda app, snap, today: valid_label(app, today)),
    (gettext_lazy("申请日"), lambda app, snap, today: _iso(app.filing_date)),
    (gettext_lazy("公开日"), lambda app, snap, today: _iso(app.publication_date)),
    (gettext_lazy("授权日"), lambda app, snap, today: _iso(app.grant_date)),
    (gettext_lazy("主分类号"), lambda app, snap, today: ipc.display(app.main_ipc) if app.main_ipc else ""),
    (gettext_lazy("IPC分类号"), lambda app, snap, today: "; ".join(ipc.display(c) for c in snap.get("ipc", []))),
    (gettext_lazy("战略性新兴产业"), lambda app, snap, today: "; ".join(app.sei_codes or [])),
    (gettext_lazy("申请人"), lambda app, snap, today: _names(snap, rec.APPLICANT)),
    (gettext_lazy("专利权人"), lambda app, snap, today: _names(snap, rec.HOLDER)),
    (gettext_lazy("发明人"), lambda app, snap, today: _names(snap, rec.INVENTOR)),
    (gettext_lazy("地区代码"), lambda app, snap, today: app.region_id or ""),
    (gettext_lazy("摘要"), lambda app, snap, today: app.abstract),
]


def headers() -> list[str]:
    return [str(header) for header, _cell in COLUMNS]


def row(app: Application, today: dt.date) -> list[object]:
    snap = app.data or {}
    return [neutralise(cell(app, snap, today)) for _header, cell in COLUMNS]


def chunks_by_ids(ids: list[int], chunk: int = CHUNK) -> Iterator[list[Application]]:
    """The applications of a result set, in its order, `chunk` at a time."""
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        apps = Application.objects.in_bulk(part)
        yield [apps[pk] for pk in part if pk in apps]


def chunks_all(chunk: int = CHUNK) -> Iterator[list[Application]]:
    """Every application by primary key, `chunk` at a time (keyset pages: memory stays flat at any size)."""
    last = 0
    while True:
        part = list(Application.objects.filter(pk__gt=last).order_by("pk")[:chunk])
        if not part:
            return
        yield part
        last = part[-1].pk


def rows(chunks: Iterable[list[Application]], total: int, progress: Progress | None = None,
         today: dt.date | None = None) -> Iterator[list[object]]:
    today = today or dt.date.today()
    done = 0
    for part in chunks:
        for app in part:
            yield row(app, today)
        done += len(part)
        if progress:
            progress(min(done, total), total)


def write(path: Path, fmt: str, ids: list[int], progress: Progress | None = None) -> int:
    """The web export: the applications `ids` (a search result) in that order."""
    return write_rows(path, fmt, rows(chunks_by_ids(ids), len(ids), progress))


def write_rows(path: Path, fmt: str, data: Iterable[list[object]]) -> int:
    """Stream rows to CSV (UTF-8 with BOM) or XLSX (constant memory); returns the number of data rows."""
    count = 0
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel opens it as UTF-8
            writer = spreadsheet.csv_writer(handle)
            writer.writerow(headers())
            for values in data:
                writer.writerow(values)
                count += 1
        return count
    book = spreadsheet.workbook(str(path), {"constant_memory": True})  # strings stay strings (no formulas)
    sheet = book.add_worksheet(_("检索结果"))
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, headers(), bold)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 50)
    for count, values in enumerate(data, start=1):
        spreadsheet.write_row(sheet, count, 0, values)
    book.close()
    return count
