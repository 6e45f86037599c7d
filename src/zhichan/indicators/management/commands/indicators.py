"""zhichan indicators facts | compute --city 徐州市 [--as-of 2025-12-31] [--attribution first_holder] [--json]"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from zhichan.core.models import Region
from zhichan.indicators import compute, facts_rebuild
from zhichan.indicators.actions import do_compute_indicators
from zhichan.patents import highvalue


class Command(BaseCommand):
    help = "指标 Indicators: rebuild the per-patent facts, or compute every computed indicator for a city."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["facts", "compute"])
        parser.add_argument("--city", default="徐州市")
        parser.add_argument("--as-of", default=dt.date(dt.date.today().year - 1, 12, 31).isoformat(),
                            help="statistics date (default: the end of last year, as the dashboard)")
        parser.add_argument("--attribution", choices=compute.ATTRIBUTIONS, default=compute.FIRST_HOLDER)
        parser.add_argument("--pledge-threshold", type=float, default=highvalue.Settings().pledge_threshold_wan)
        parser.add_argument("--ten-years-from", choices=["filing", "grant"], default="filing")
        parser.add_argument("--sei-match", choices=["main", "any"], default="any")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["action"] == "facts":
            bar = tqdm(unit="件", desc="指标事实 facts", file=sys.stderr, disable=not sys.stderr.isatty())

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            result: dict[str, Any] = {"facts": facts_rebuild.rebuild(progress)}
        else:
            city = Region.objects.filter(name=options["city"], level=2).first() or \
                Region.objects.filter(code=options["city"]).first()
            if city is None:
                raise CommandError(f"未知城市 unknown city {options['city']}")
            settings = compute.Settings(options["attribution"], highvalue.Settings(
                options["pledge_threshold"], options["ten_years_from"], options["sei_match"]))
            figures = do_compute_indicators(None, city, dt.date.fromisoformat(options["as_of"]), settings)
            names = dict(Region.objects.filter(code__in={f.region_id for f in figures}).values_list("code", "name"))
            table: dict[str, dict[str, Any]] = {}
            for f in figures:
                table.setdefault(names[f.region_id], {})[f.indicator_id] = f.value
            result = {"city": city.name, "as_of": options["as_of"], "settings": settings.as_dict(), "figures": table}
        result["seconds"] = round(time.perf_counter() - started, 3)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=None if options["json"] else 1))
