"""zhichan deals sync-pledges | link-events [--json]: bring the registered 质押登记 cases and the transfer, licence and
pledge events of the imported legal-status data into the deals register (docs/deals.md). Both are idempotent."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhichan.deals.actions import do_link_legal_events, do_sync_pledges


class Command(BaseCommand):
    help = "交易登记 Deals: sync the pledge window's registrations, recognise deal events in legal-status data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["sync-pledges", "link-events"])
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = do_sync_pledges(None) if options["action"] == "sync-pledges" else do_link_legal_events(None)
        if options["json"]:
            self.stdout.write(json.dumps(counts, ensure_ascii=False))
        else:
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
