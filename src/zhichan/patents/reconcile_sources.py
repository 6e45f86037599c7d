"""The two sides of a reconciliation (patents.reconcile): the vendor's cells — read from the file with pandas, apart
from the platform's own readers, or from the stored SourceRecord rows of an imported file — and the platform's
stored view of the same applications."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from zhichan.patents import reconcile as rc
from zhichan.patents import record as rec
from zhichan.patents.validity import validity

Rows = list[tuple[int, dict[str, str]]]
_HEADER_SCAN = 20  # banner rows above the header are skipped (looked for in the first rows)
_CHUNK = 500  # keys per database query (SQLite's variable limit)


def read_vendor_file(path: Path) -> tuple[list[str], Rows]:
    """(headers, [(row number as the spreadsheet shows it, {header: cell})]) of every sheet with an application
    number column."""
    import pandas as pd

    suffix = path.suffix.lower()
    if suffix in {".csv", ".tsv", ".txt"}:
        frames = {"": _read_csv(path, "\t" if suffix in {".tsv", ".txt"} else ",")}
        return _rows_of_framed(frames)
    sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, keep_default_na=False, engine="calamine")
    headers: list[str] = []
    rows: Rows = []
    for frame in sheets.values():
        values = frame.values.tolist()
        at = next((i for i, line in enumerate(values[:_HEADER_SCAN])
                   if rc.first_column([str(c).strip() for c in line], rc.NUMBER_COLUMNS)), None)
        if at is None:
            continue
        names = [str(c).strip() for c in values[at]]
        headers += [n for n in names if n and n not in headers]
        rows += [(at + 2 + i, _cells(names, line)) for i, line in enumerate(values[at + 1:])]
    return headers, rows


def _read_csv(path: Path, sep: str) -> Any:
    import warnings

    import pandas as pd

    with warnings.catch_warnings():  # vendors end every data line with a separator the header lacks: index_col=False
        warnings.simplefilter("ignore", pd.errors.ParserWarning)
        for encoding in ("utf-8-sig", "gb18030", "utf-16"):
            try:
                return pd.read_csv(path, sep=sep, encoding=encoding, index_col=False, dtype=str,
                                   keep_default_na=False)
            except UnicodeError:
                continue
    raise ValueError(f"无法识别文件编码 cannot detect the text encoding of {path.name}")


def _rows_of_framed(frames: Mapping[str, Any]) -> tuple[list[str], Rows]:
    headers: list[str] = []
    rows: Rows = []
    for frame in frames.values():
        names = [str(c).strip() for c in frame.columns]
        headers += [n for n in names if n not in headers]
        rows += [(i + 2, _cells(names, line)) for i, line in enumerate(frame.values.tolist())]
    return headers, rows


def _cells(names: list[str], line: list[Any]) -> dict[str, str]:
    """{header: cell}; of repeated headers the first column counts."""
    cells: dict[str, str] = {}
    for name, value in zip(names, line, strict=False):
        if name and name not in cells:
            cells[name] = "" if value is None else str(value).strip()
    return cells


def stored_rows(import_file: Any) -> tuple[list[str], Rows]:
    """The cells of an imported file as the import kept them (SourceRecord.raw, by header; empty cells omitted).
    Only the columns a check reads are kept in memory."""
    from zhichan.patents.models import SourceRecord

    wanted = set(rc.WANTED_COLUMNS)
    headers: dict[str, None] = {}
    rows: Rows = []
    records = SourceRecord.objects.filter(file_sha256=import_file.sha256).order_by("row", "pk")
    for row, raw in records.values_list("row", "raw").iterator(chunk_size=2000):
        headers.update(dict.fromkeys(raw))
        rows.append((row, {k: "" if v is None else str(v).strip() for k, v in raw.items() if k in wanted}))
    return list(headers), rows


def platform_records(keys: Iterable[str], choose_date: Any) -> tuple[dict[str, rc.PlatformRecord], Counter]:
    """The platform's view of the applications `keys`. choose_date(snapshot) → (status date, its label)."""
    from zhichan.patents.models import Application, Party

    found: dict[str, rc.PlatformRecord] = {}
    used: Counter = Counter()
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), _CHUNK):
        apps = list(Application.objects.filter(key__in=wanted[start:start + _CHUNK])
                    .only("pk", "key", "country", "grant_date", "sei_codes", "data"))
        firsts: dict[int, str] = {}
        for app_id, region in (Party.objects.filter(application__in=[a.pk for a in apps], role=rec.APPLICANT)
                               .order_by("application_id", "seq").values_list("application_id", "region_id")):
            firsts.setdefault(app_id, region or "")
        for app in apps:
            day, label = choose_date(app.data or {})
            used[f"{day.isoformat()} ({label})"] += 1
            found[app.key] = rc.PlatformRecord(
                key=app.key, country=app.country, valid=validity(app.data or {}).on(day), status_date=day,
                sei_codes=tuple(app.sei_codes or ()), grant=app.grant_date, province=firsts.get(app.pk, "")[:2])
    return found, used


def date_chooser(option: dt.date | None, file_date: dt.date | None, names: list[str]) -> Any:
    """The status date of a record: the --status-date option, else the date the import of this file recorded,
    else a yyyymmdd date in the file or folder name, else the one its snapshot records, else today. The file's
    own date comes before the snapshot's because the vendor's words describe the day of this file."""
    named = rc.date_in_names(*names)

    def choose(snap: dict) -> tuple[dt.date, str]:
        if option is not None:
            return option, "option"
        if file_date is not None:
            return file_date, "import"
        if named is not None:  # the vendor's words describe the day of this file, not another import's
            return named, "name"
        stored = snap.get("status_date")
        if stored:
            try:
                return dt.date.fromisoformat(str(stored)[:10]), "snapshot"
            except ValueError:
                pass
        if named is not None:
            return named, "name"
        return dt.date.today(), "today"

    return choose


def _import_date(import_file: Any) -> dt.date | None:
    day = getattr(import_file, "status_date", None)  # recorded by imports since the status-date change
    return day if isinstance(day, dt.date) else None


def reconcile_rows(name: str, headers: list[str], rows: Iterable[tuple[int, Mapping[str, Any]]],
                   choose_date: Any) -> rc.Report:
    columns = rc.Columns.of(headers)
    counted = list(rows)
    vendor = rc.vendor_records(counted, columns) if columns.number else []
    platform, used = platform_records((r.key for r in vendor), choose_date)
    return rc.compare(name, len(counted), columns, vendor, platform, dict(used))


def reconcile_file(path: Path, status_date: dt.date | None = None) -> rc.Report:
    """Reconcile a vendor file (imported before) with the platform."""
    from zhichan.patents.actions import sha256_of
    from zhichan.patents.models import ImportFile

    imported = ImportFile.objects.filter(sha256=sha256_of(path), status="done").order_by("-pk").first()
    headers, rows = read_vendor_file(path)
    chooser = date_chooser(status_date, _import_date(imported), [path.name, path.parent.name])
    return reconcile_rows(path.name, headers, rows, chooser)


def reconcile_import(import_file: Any, status_date: dt.date | None = None) -> rc.Report:
    """Reconcile an imported file from the rows the import kept (the file itself need not be kept)."""
    headers, rows = stored_rows(import_file)
    chooser = date_chooser(status_date, _import_date(import_file), [import_file.name])
    return reconcile_rows(import_file.name, headers, rows, chooser)
