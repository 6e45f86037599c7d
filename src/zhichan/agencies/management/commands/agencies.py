"""zhichan agencies import FILE [--json] | annual [--as-of DATE] [--json] | grades [--period YEAR] [--publish]
[--version N] [--json] | indicators [--region 全国] [--year Y] [--dry-run] [--json]: the service-industry registry from the command line (audited as the other commands)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.patents.ingest.errors import FileError


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = ("服务机构 Agencies: import the registry from a spreadsheet, run the annual-report lifecycle as of a date "
            "(经营异常名录 on 1 April, warnings, 严重违法失信 after three years, removals), compute or publish credit "
            "grades.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import agencies, practitioners or service organisations (XLSX/CSV)")
        imp.add_argument("files", nargs="+", type=Path)
        imp.add_argument("--json", action="store_true")
        ann = sub.add_parser("annual", help="run the annual-report lifecycle as of a date (idempotent per date)")
        ann.add_argument("--as-of", type=_date, default=dt.date.today())
        ann.add_argument("--json", action="store_true")
        grades = sub.add_parser("grades", help="compute every agency's credit grade for a period")
        grades.add_argument("--period", type=int, default=dt.date.today().year)
        grades.add_argument("--version", type=int, help="rule version number (default: the one in force)")
        grades.add_argument("--publish", action="store_true", help="公示 the period's grades")
        grades.add_argument("--json", action="store_true")
        feed = sub.add_parser("indicators", help="服务机构数, 从业人员, 营收, 专利代理率 of a region and year, fed to the "
                                                 "plans' indicators as drafts to approve")
        feed.add_argument("--region", default="全国", help="全国, or a region by name or 6-digit code")
        feed.add_argument("--year", type=int, default=dt.date.today().year - 1)
        feed.add_argument("--dry-run", action="store_true", help="print the figures only")
        feed.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        result = getattr(self, "_" + options["action"])(options)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        else:
            for key, value in result.items():
                if key != "rejected_rows":
                    self.stdout.write(f"{key}: {value}")
            for row in result.get("rejected_rows", []):
                self.stdout.write(f"  {row['sheet']} 第 {row['row']} 行 {row['column']}: {row['reason']} {row['value']}")

    def _import(self, options: dict[str, Any]) -> dict[str, Any]:
        from zhichan.agencies.importer import import_file

        files = []
        for path in options["files"]:
            if not path.exists():
                raise CommandError(f"no such file: {path}")
            try:
                files.append({"file": str(path), **import_file(None, path)})
            except FileError as exc:
                raise CommandError(str(exc)) from exc
        if len(files) == 1:
            return files[0]
        totals = {k: sum(f[k] for f in files) for k in ("read", "created", "updated", "unchanged", "rejected")}
        return {**totals, "files": files}

    def _annual(self, options: dict[str, Any]) -> dict[str, Any]:
        from zhichan.agencies.annual_actions import do_run_lifecycle

        run = do_run_lifecycle(None, options["as_of"])
        return {"as_of": run.as_of.isoformat(), **run.result}

    def _indicators(self, options: dict[str, Any]) -> dict[str, Any]:
        from zhichan.agencies import indicators
        from zhichan.agencies.actions import do_feed_indicators
        from zhichan.core.models import Region

        wanted = options["region"]
        region = Region.objects.filter(code=wanted).first() or Region.objects.filter(name=wanted).order_by(
            "level").first()
        if region is None:
            raise CommandError(f"unknown region: {wanted}")
        found = indicators.figures(region.code, options["year"])
        if not options["dry_run"]:
            do_feed_indicators(None, region, options["year"])
        return {"region": region.name, "code": region.code, "year": options["year"], "fed": not options["dry_run"],
                **found}

    def _grades(self, options: dict[str, Any]) -> dict[str, Any]:
        from zhichan.agencies import credit_actions
        from zhichan.agencies.models import CreditGrade, CreditRuleVersion

        version = (CreditRuleVersion.objects.filter(number=options["version"]).first() if options["version"]
                   else credit_actions.current_version())
        if version is None:
            raise CommandError("no such published rule version")
        count = credit_actions.do_compute_grades(None, version, [options["period"]])
        published = credit_actions.do_publish_grades(None, options["period"]) if options["publish"] else 0
        grades = CreditGrade.objects.filter(period=options["period"], version=version).select_related("agency")
        return {"version": version.number, "period": options["period"], "computed": count, "published": published,
                "grades": {g.agency.name: {"score": str(g.score), "grade": g.grade} for g in grades}}
