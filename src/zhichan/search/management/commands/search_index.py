"""zhichan index rebuild | update | status"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from zhichan.search import sync
from zhichan.search.actions import do_rebuild_index
from zhichan.search.engine import backend, index_path


class Command(BaseCommand):
    help = "检索索引 Search index: rebuild it from the database, apply pending updates, or show its status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "update", "status"])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["action"] == "rebuild":
            bar = tqdm(unit="件", desc="重建索引 rebuilding", file=sys.stderr, disable=not sys.stderr.isatty())

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            result: dict[str, Any] = do_rebuild_index(None, progress)  # audited; the operator may rebuild
            bar.close()
        elif options["action"] == "update":
            rebuilt = sync.ensure_built()
            result = sync.drain()
            if rebuilt:
                result["rebuilt"] = rebuilt["indexed"]
        else:
            result = {"documents": backend().doc_count(), "pending": sync.pending(), "path": str(index_path())}
        result["seconds"] = round(time.perf_counter() - started, 2)
        if options["action"] == "rebuild" and result["seconds"]:
            result["records_per_second"] = round(result["indexed"] / result["seconds"])
        self.stdout.write(json.dumps(result, ensure_ascii=False) if options["json"] else
                          " ".join(f"{k}={v}" for k, v in result.items()))
