"""zhichan export QUERY --output FILE.csv|FILE.xlsx  (QUERY `*` = every record)"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from zhichan.patents.models import Application
from zhichan.search import export, service
from zhichan.search.engine import backend
from zhichan.search.lookup import LOOKUP
from zhichan.search.query.errors import QueryError
from zhichan.search.query.parser import parse

FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


class Command(BaseCommand):
    help = ("导出检索结果 Export the records a query finds (`*` = every record) with the web export's columns "
            "(docs/search.md).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", help="the query language of docs/search.md, or * for every record")
        parser.add_argument("--output", "-o", required=True, help="FILE.csv or FILE.xlsx")
        parser.add_argument("--chunk", type=int, default=export.CHUNK, help="records read from the database at once")
        parser.add_argument("--lang", default="zh-hans", help="language of headers and labels (zh-hans or en)")
        parser.add_argument("--quiet", action="store_true", help="no progress on stderr")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["lang"])
        path = Path(options["output"])
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise CommandError(f"输出文件须为 .csv 或 .xlsx output must end in .csv or .xlsx: {path}")
        if not path.parent.exists():
            raise CommandError(f"目录不存在 folder does not exist: {path.parent}")
        chunk = max(1, options["chunk"])
        query = options["query"].strip()
        if query == "*":
            total = Application.objects.count()
            chunks = export.chunks_all(chunk)
        else:
            try:
                node = parse(query)
                total = service.count(query)
            except QueryError as exc:
                raise CommandError(exc.describe()) from exc
            ids = backend().all_ids(node, LOOKUP, max(total, 1)) if total else []
            total, chunks = len(ids), export.chunks_by_ids(ids, chunk)
        progress = None if options["quiet"] else self._progress
        count = export.write_rows(path, fmt, export.rows(chunks, total, progress))
        if progress:
            sys.stderr.write("\n")
        self.stdout.write(f"{count} 条记录已写入 records written to {path}")

    @staticmethod
    def _progress(done: int, total: int) -> None:
        sys.stderr.write(f"\r导出 exporting {done}/{total}")
        sys.stderr.flush()
