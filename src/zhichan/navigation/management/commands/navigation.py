"""zhichan navigation list | refresh DB | demo  — thematic databases from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.core.models import Region
from zhichan.navigation.actions import do_add_branch, do_create_database, do_refresh
from zhichan.navigation.models import ThematicDatabase

# The demo database over the demo corpus (patents.demo topics): 徐州's equipment-manufacturing industry.
DEMO = ("徐州装备制造", ["TI=液压支架 OR TI=起重机 OR TI=挖掘机 OR TI=巡检机器人", "TI=控制系统"],
        [("矿山装备", "TI=液压支架 OR TI=巡检机器人", [("智能巡检", "TI=巡检机器人")]),
         ("工程机械", "TI=起重机 OR TI=挖掘机 OR TI=控制系统", [("起重机械", "TI=起重机"), ("挖掘机械", "TI=挖掘机")])])


class Command(BaseCommand):
    help = "专题数据库：list 列出；refresh DB 刷新（生成新版本）；demo 建立演示专题数据库（已有则跳过）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "refresh", "demo"])
        parser.add_argument("database", nargs="?", help="专题数据库的编号或名称（refresh）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for db in ThematicDatabase.objects.order_by("pk"):
                latest = db.versions.first()
                count = f"第 {latest.number} 版 {len(latest.members)} 件" if latest else "未刷新"
                self.stdout.write(f"{db.pk}\t{db.name}\t{count}")
        elif options["action"] == "refresh":
            key = options["database"] or ""
            db = (ThematicDatabase.objects.filter(pk=int(key)) if key.isdigit()
                  else ThematicDatabase.objects.filter(name=key)).first()
            if db is None:
                raise CommandError(f"没有专题数据库 {key}")
            self._refresh(db)
        else:
            self._demo()

    def _refresh(self, db: ThematicDatabase) -> None:
        version = do_refresh(None, db)
        self.stdout.write(f"{db.name} 第 {version.number} 版：{len(version.members)} 件"
                          f"（新增 {len(version.added)}，移出 {len(version.removed)}）")

    def _demo(self) -> None:
        name, queries, branches = DEMO
        if ThematicDatabase.objects.filter(name=name).exists():
            return
        db = do_create_database(None, name, queries, region=Region.objects.filter(code="320300").first())
        for branch, query, children in branches:
            parent = do_add_branch(None, db, branch, query)
            for child, child_query in children:
                do_add_branch(None, db, child, child_query, parent)
        self._refresh(db)
