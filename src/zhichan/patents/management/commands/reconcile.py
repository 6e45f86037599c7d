"""zhichan reconcile FILE [--json] [--status-date YYYY-MM-DD] [--limit N]"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.patents import reconcile
from zhichan.patents.reconcile_sources import reconcile_file


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期须为 YYYY-MM-DD date must be YYYY-MM-DD: {value!r}") from exc


class Command(BaseCommand):
    help = ("核对 Reconcile an imported vendor export with the platform: validity, SEI, grant date and province, "
            "record by record, against the vendor's own columns (docs/import.md).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a vendor export imported before (xlsx, xls, csv)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON, every disagreement")
        parser.add_argument("--status-date", help="the day the vendor's status words describe (YYYY-MM-DD); "
                                                  "default: the date the import recorded, else one in the file name")
        parser.add_argument("--limit", type=int, default=20, help="disagreements shown per check in text mode")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在 no such file: {path}")
        status_date = _day(options["status_date"]) if options["status_date"] else None
        try:
            report = reconcile_file(path, status_date)
        except Exception as exc:  # any reader's error (calamine, csv, encoding) is the file's, not a crash
            raise CommandError(f"无法读取 cannot read {path.name}: {exc}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
            return
        if report.matched == 0 and report.records:
            self.stderr.write("该文件的记录尚未导入 none of the file's records is imported: run `zhichan import` first")
        self.stdout.write("\n".join(reconcile.table(report, max(0, options["limit"]))))
