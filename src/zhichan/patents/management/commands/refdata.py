"""zhichan refdata load DIR — IPC titles (Chinese, English) and the SEI concordance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.patents.actions import do_load_refdata


class Command(BaseCommand):
    help = "加载参考数据 Load reference data (IPC titles, SEI concordance) from a folder such as shared/data/raw."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["load"])
        parser.add_argument("folder", type=Path)
        parser.add_argument("--if-empty", action="store_true", help="only when no IPC titles are loaded yet")

    def handle(self, *args: Any, **options: Any) -> None:
        from zhichan.patents.models import IpcTitle

        folder: Path = options["folder"]
        if options["if_empty"] and IpcTitle.objects.exists():
            self.stdout.write("参考数据已加载，跳过 reference data already loaded; skipped")
            return
        if not folder.exists():
            raise CommandError(f"文件夹不存在 folder not found: {folder}")
        counts = do_load_refdata(None, folder, progress=lambda m: self.stderr.write(m))
        if not any(counts.values()):
            raise CommandError(f"{folder} 中没有找到参考数据 no reference data found (IPC_Tree.tar.gz, all_ipc.csv, "
                               "sei.jsonl, ipc-sei.jsonl)")
        self.stdout.write(json.dumps(counts, ensure_ascii=False))
