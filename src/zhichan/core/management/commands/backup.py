"""zhichan backup DIR — database, uploads, attachments, reports and the secret key, safe while the platform runs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.core.actions import do_backup
from zhichan.core.backup import BackupError


class Command(BaseCommand):
    help = ("备份 Back up this ZHICHAN_HOME into DIR (absent or empty): the database (SQLite online backup or "
            "pg_dump), uploads/, attachments/, reports/ and the secret key, with a manifest of row counts and file "
            "digests. Restore with `zhichan restore DIR`.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--json", action="store_true", help="print the manifest's summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["directory"].expanduser().resolve()
        try:
            manifest = do_backup(None, target, say=lambda message: print(message, file=sys.stderr))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        summary = {"directory": str(target), "engine": manifest["database"]["engine"],
                   "tables": len(manifest["database"]["tables"]), "rows": sum(manifest["database"]["tables"].values()),
                   "files": len(manifest["files"]), "secret_key": bool(manifest["secret_key"])}
        self.stdout.write(json.dumps(summary, ensure_ascii=False) if options["json"] else
                          " ".join(f"{k}={v}" for k, v in summary.items()))
        if manifest["secret_key_from_environment"]:
            self.stderr.write("注意 note: ZHICHAN_SECRET_KEY comes from the environment; keep it with the backup.")
