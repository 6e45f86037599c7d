"""zhichan indicators facts | compute | publish --region 全国|省|市|区县 (name or code) [--as-of 2025-12-31]
[--attribution first_holder] [--json]   (--city is the older spelling of --region). `publish` puts a computation
on the public statistics page (the same settings as the compute that made it)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from zhichan.core import region_lookup
from zhichan.core.models import Region
from zhichan.indicators import compute
from zhichan.indicators.actions import do_compute_indicators, do_publish_figures, do_rebuild_facts
from zhichan.patents import highvalue


class Command(BaseCommand):
    help = ("指标 Indicators: rebuild the per-patent facts, compute every computed indicator for a region "
            "(全国, a province, a city or a district) and the regions under it, or publish such a computation on "
            "the public statistics page.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["facts", "compute", "publish"])
        parser.add_argument("--region", "--city", dest="region", default="徐州市",
                            help="全国, or a province, city or district by name (徐州市, 泉山区) or 6-digit code")
        parser.add_argument("--as-of", type=_statistics_date,
                            default=dt.date(dt.date.today().year - 1, 12, 31).isoformat(),
                            help="statistics date (default: the end of last year, as the dashboard)")
        parser.add_argument("--attribution", choices=compute.ATTRIBUTIONS, default=compute.FIRST_HOLDER)
        parser.add_argument("--pledge-threshold", type=_amount, default=highvalue.Settings().pledge_threshold_wan)
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

            result: dict[str, Any] = {"facts": do_rebuild_facts(None, progress)}  # audited
        elif options["action"] == "publish":
            region = find_region(options["region"])
            try:
                publication = do_publish_figures(None, region, options["as_of"],
                                                 _settings(options))  # audited
            except ValueError as exc:
                raise CommandError(f"{exc} (run 'zhichan indicators compute' with the same options first)") from exc
            result = {"published": publication.pk, "region": region.name, "code": region.code,
                      "as_of": options["as_of"].isoformat(), "settings": publication.settings,
                      "figures": publication.figures.count()}
        else:
            city = find_region(options["region"])
            settings = _settings(options)
            figures = do_compute_indicators(None, city, options["as_of"], settings)
            names = dict(Region.objects.filter(code__in={f.region_id for f in figures}).values_list("code", "name"))
            table: dict[str, dict[str, Any]] = {}
            by_code: dict[str, dict[str, Any]] = {}  # names repeat (北京市 is a province and a city): codes do not
            unplaced: dict[str, Any] = {}
            grant_unknown: dict[str, Any] = {}
            for f in figures:
                table.setdefault(names[f.region_id], {})[f.indicator_id] = f.value
                by_code.setdefault(f.region_id, {"name": names[f.region_id], "figures": {}})["figures"][
                    f.indicator_id] = f.value
                if f.region_id == city.code and f.unplaced is not None:
                    unplaced[f.indicator_id] = f.unplaced
                if f.region_id == city.code and f.grant_unknown is not None:
                    grant_unknown[f.indicator_id] = f.grant_unknown
            result = {"region": city.name, "code": city.code, "city": city.name, "as_of": options["as_of"].isoformat(),
                      "settings": settings.as_dict(), "figures": table, "regions": by_code, "unplaced": unplaced,
                      "grant_unknown": grant_unknown}
        result["seconds"] = round(time.perf_counter() - started, 3)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=None if options["json"] else 1))


def _settings(options: dict[str, Any]) -> compute.Settings:
    return compute.Settings(options["attribution"], highvalue.Settings(
        options["pledge_threshold"], options["ten_years_from"], options["sei_match"]))


def find_region(text: str) -> Region:
    """全国, a 6-digit code, a name or a path of names (江苏省徐州市泉山区, "徐州市 泉山区"): the shared rule of
    core.regions.resolve. A name several regions share (朝阳区) needs its parent or a code; 北京市 alone is the city."""
    try:
        return region_lookup.find_region(text)
    except region_lookup.RegionNotFound as exc:
        raise CommandError(f"{exc} (unknown or ambiguous region {text!r}: give 全国, a province, city or district "
                           f"name or path, or a code)") from exc


def _statistics_date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"不是日期 not a date (YYYY-MM-DD): {text!r}") from exc
    if not 1985 <= day.year <= 2100:
        raise argparse.ArgumentTypeError(f"统计日应在 1985–2100 年 (statistics date out of range): {text}")
    return day


def _amount(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"不是数字 not a number: {text!r}") from exc
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"应为不小于 0 的有限数 (a finite amount ≥ 0): {text}")
    return value
