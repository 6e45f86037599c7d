"""zhichan report navigation DB [--format docx|xlsx|pdf] [--data-version N] [--branch ID] [--output PATH]
zhichan report navigation --query QUERY [--format …] [--output PATH]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.navigation import report
from zhichan.navigation.charts import FontMissing
from zhichan.navigation.models import ThematicDatabase


class Command(BaseCommand):
    help = "生成报告：navigation = 专题数据库的产业专利导航报告（DOCX/XLSX/PDF）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["navigation"])
        parser.add_argument("database", nargs="?", help="专题数据库的编号或名称")
        parser.add_argument("--query", help="不用专题数据库，对一个检索式的全部结果出报告")
        parser.add_argument("--format", choices=report.FORMATS, default="docx")
        parser.add_argument("--data-version", dest="data_version", type=int, help="数据版本（默认最新）")
        parser.add_argument("--branch", default="", help="只对一个技术分支（编号）出报告")
        parser.add_argument("--output", help="输出文件（默认在当前目录）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._report(options)
        except FontMissing as exc:
            raise CommandError(str(exc)) from exc

    def _report(self, options: dict[str, Any]) -> None:
        if options["query"]:
            target = Path(options["output"] or f"检索结果-专利导航报告.{options['format']}")
            report.write_query(options["query"], options["format"], path=target)
            self.stdout.write(str(target))
            return
        key = options["database"] or ""
        found = ThematicDatabase.objects.filter(pk=int(key)) if key.isdigit() else ThematicDatabase.objects.filter(name=key)
        db = found.first()
        if db is None:
            raise CommandError(f"没有专题数据库 {key}")
        versions = db.versions.all()
        version = versions.filter(number=options["data_version"]).first() if options["data_version"] else versions.first()
        if version is None:
            raise CommandError(f"专题数据库 {db.name} 还没有数据版本：请先刷新")
        target = Path(options["output"] or f"{db.name}-专利导航报告-第{version.number}版.{options['format']}")
        try:  # written where asked, at once (the web's reports are jobs: navigation/jobs.py)
            report.write(version, options["format"], options["branch"], path=target)
        except KeyError as exc:
            raise CommandError(f"第 {version.number} 版没有技术分支 {options['branch']}") from exc
        self.stdout.write(str(target))
