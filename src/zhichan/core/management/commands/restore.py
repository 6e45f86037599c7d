"""zhichan restore DIR — put a `zhichan backup` back onto this ZHICHAN_HOME, then rebuild what derives from it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.core import recovery
from zhichan.core.actions import do_restore
from zhichan.core.backup import BackupError


class Command(BaseCommand):
    help = ("恢复 Restore a backup made by `zhichan backup` onto this ZHICHAN_HOME (stop the web server and workers "
            "first): database, files and secret key, checked against the backup's manifest; then migrations, "
            "unfinished jobs marked interrupted, and the search index rebuilt.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--force", action="store_true", help="replace a home that already holds data")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        def say(message: str) -> None:
            print(message, file=sys.stderr)

        try:
            report = do_restore(None, options["directory"].expanduser().resolve(), options["force"], say)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        say("应用数据库迁移 applying migrations")
        call_command("migrate", interactive=False, verbosity=0)
        from huey.contrib.djhuey import HUEY

        HUEY.flush()  # tasks of the replaced database's jobs; the restored jobs are recovered below
        report["interrupted_jobs"] = len(recovery.recover(all_hosts=True))
        say("重建检索索引 rebuilding the search index")
        call_command("search_index", "rebuild", "--json", stdout=sys.stderr)
        self.stdout.write(json.dumps(report, ensure_ascii=False) if options["json"] else
                          " ".join(f"{k}={v}" for k, v in report.items()))
        if report["secret_key_from_environment"]:
            self.stderr.write("注意 note: the backed-up home took its secret key from ZHICHAN_SECRET_KEY; set the "
                              "same value here.")
