"""zhichan import FILE... [--format auto|patentics|incopat|uspto|epo|mapping:FILE.yaml] [--json]"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from zhichan.patents.actions import do_import_patents
from zhichan.patents.ingest import statusdate


class Command(BaseCommand):
    help = "导入专利数据 Import patent data files (Patentics, incoPat, any spreadsheet via mapping, USPTO XML, EPO XML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--format", default="auto",
                            help="auto | patentics | incopat | spreadsheet | uspto | epo | mapping:FILE.yaml")
        parser.add_argument("--status-date", type=statusdate.parse_option, default=None,
                            help="the day the files' status words (有效/失效 …) describe, YYYY-MM-DD; default: a date "
                                 "in the file or folder name, else the latest date in the file")
        parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        bar: tqdm | None = None
        show = not options["no_progress"] and sys.stderr.isatty() or options.get("verbosity", 1) > 1

        def progress(index: int, count: int, done: int, total: int, message: str) -> None:
            nonlocal bar
            if not show:
                return
            if bar is None or bar.desc != message:
                if bar is not None:
                    bar.close()
                bar = tqdm(total=total or None, desc=message, unit="件", file=sys.stderr, leave=False)
            bar.total = total or bar.total
            bar.n = done
            bar.refresh()

        run = do_import_patents(None, options["files"], options["format"], progress=progress,
                                status_date=options["status_date"])
        if bar is not None:
            bar.close()
        files = list(run.files.all())
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
        summary = {**run.counts, "files": len(files), "run": run.pk, "seconds": seconds,
                   "details": [{"file": f.name, "format": f.format, "status": f.status, "error": f.error,
                                "status_date": f.status_date.isoformat() if f.status_date else None,
                                "status_date_source": f.status_date_source, **f.counts} for f in files],
                   "rejections": [{"file": f.name, "row": r.row, "column": r.column, "value": r.value,
                                   "reason": r.reason} for f in files for r in f.rejected_rows.all()[:1000]]}
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self._print(summary)
        if any(f.status == "failed" for f in files):
            sys.exit(1)

    def _print(self, s: dict) -> None:
        for d in s["details"]:
            state = "失败 FAILED: " + d["error"] if d["status"] == "failed" else d["format"]
            self.stdout.write(f"{d['file']}: {state}  读取 read {d.get('read', 0)}, 新增 created {d.get('created', 0)}, "
                              f"更新 updated {d.get('updated', 0)}, 未变 unchanged {d.get('unchanged', 0)}, "
                              f"拒绝 rejected {d.get('rejected', 0)}")
        for r in s["rejections"][:50]:
            self.stdout.write(f"  ✗ {r['file']} 行 row {r['row']} [{r['column']}] {r['reason']} {r['value'][:60]!r}")
        if len(s["rejections"]) > 50:
            self.stdout.write(f"  … {len(s['rejections']) - 50} more rejected rows (see --json or the web import page)")
        self.stdout.write(f"合计 total: {s['files']} files, read {s['read']}, created {s['created']}, updated "
                          f"{s['updated']}, unchanged {s['unchanged']}, rejected {s['rejected']}")
