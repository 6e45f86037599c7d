"""zhichan demo [--size N] [--city 徐州市] [--seed S]"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from zhichan.patents.actions import do_load_demo


class Command(BaseCommand):
    help = "生成演示数据 Build a deterministic synthetic patent corpus for a city and import it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=5000)
        parser.add_argument("--city", default="徐州市")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--if-empty", action="store_true", help="only when there are no patents yet")

    def handle(self, *args: Any, **options: Any) -> None:
        from zhichan.patents.models import Application

        if options["if_empty"] and Application.objects.exists():
            self.stdout.write("已有专利数据，跳过演示数据 patents exist; demo data skipped")
            return
        bar = tqdm(total=options["size"], unit="件", desc=f"演示数据 {options['city']}", file=sys.stderr,
                   disable=not sys.stderr.isatty())
        started = time.perf_counter()
        try:
            run = do_load_demo(None, options["size"], options["city"], options["seed"],
                               progress=lambda done, total: bar.update(done - bar.n))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        bar.close()
        # seconds: storing the records (as for `zhichan import`); with_index: until they are searchable too
        stored = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
        summary = {**run.counts, "seconds": round(stored, 2) if stored is not None else None,
                   "seconds_with_index": round(time.perf_counter() - started, 2)}
        self.stdout.write(json.dumps(summary, ensure_ascii=False) if options["json"] else
                          f"演示数据 demo corpus: {summary}")
