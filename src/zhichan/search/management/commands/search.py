"""zhichan search QUERY [--json] [--count] [--sort S] [--page N] [--size N] [--facets a,b]"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from zhichan.search import service
from zhichan.search.query.errors import QueryError


class Command(BaseCommand):
    help = "检索专利 Search patents with the query language (docs/search.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--json", action="store_true", help="print the same object as the API")
        parser.add_argument("--count", action="store_true", help="print the number of hits only")
        parser.add_argument("--sort", default="relevance")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--size", type=int, default=20)
        parser.add_argument("--facets", default=",".join(service.DEFAULT_FACETS))
        parser.add_argument("--lang", default="zh-hans", help="language of messages (zh-hans or en)")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["lang"])
        try:
            if options["count"]:
                self.stdout.write(str(service.count(options["query"])))
                return
            facets = tuple(f for f in options["facets"].split(",") if f)
            result = service.run(service.Request(options["query"], options["sort"], options["page"],
                                                 options["size"], facets))
        except QueryError as exc:
            raise CommandError(exc.describe()) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"共 {result['total']} 件 total")
        for hit in result["hits"]:
            self.stdout.write(f"{hit['application_number']}\t{hit['filing_date'] or ''}\t{hit['type_label']}\t"
                              f"{hit['legal_status_label']}\t{hit['title']}")
