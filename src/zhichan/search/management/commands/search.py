"""zhichan search QUERY [--json] [--count] [--sort S] [--page N] [--size N] [--facets a,b]

A malformed query or a parameter out of bounds is one line on stderr and exit status 2. Printed values never carry
a terminal control or bidi override character: records come from outside and may hold them (issue 12)."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from zhichan.search import service
from zhichan.search.query.errors import QueryError

# C0 and C1 controls (with DEL), and the characters that reorder or isolate text (bidi overrides, marks, isolates)
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}]")  # json.dumps already escapes C0 inside strings
_NAMED = {"\t": r"\t", "\n": r"\n", "\r": r"\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(value: object) -> str:
    """The value as one line of text safe on a terminal: controls and bidi characters written as escapes."""
    return _UNSAFE.sub(_escape, str(value))


def json_printable(text: str) -> str:
    """JSON text with the characters json.dumps leaves raw (C1 controls, bidi) as \\u escapes: the same JSON value."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
        except (QueryError, service.RequestError) as exc:
            raise CommandError(printable(exc.describe()), returncode=2) from exc
        if options["json"]:
            self.stdout.write(json_printable(json.dumps(result, ensure_ascii=False, indent=1)))
            return
        self.stdout.write(f"共 {result['total']} 件 total")
        for hit in result["hits"]:
            self.stdout.write("\t".join(printable(hit[name] or "") for name in (
                "application_number", "filing_date", "type_label", "legal_status_label", "title")))
