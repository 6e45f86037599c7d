"""zhichan market match --text TEXT [--ipc CODE ...] [--sei CODE ...] [--region CODE] [--budget-min W]
[--budget-max W] [--limit 10] [--json]: the patents that fit a technology demand, best first, each with why
(docs/market.md 匹配). The same input gives the same list every time (ties go to the lower application number)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zhichan.market.matching.engine import Need, match
from zhichan.patents import ipc


def _amount(value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise CommandError(_("不是金额（万元）：%(value)s") % {"value": value}) from exc


class Command(BaseCommand):
    help = "技术市场 Market: match a technology demand against the patents (docs/market.md 匹配)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        m = sub.add_parser("match", help="patents that fit a demand, best first, with the reasons")
        m.add_argument("--text", required=True, help="the demand in words (the problem to solve)")
        m.add_argument("--ipc", nargs="*", default=[], help="IPC codes of the field (subclass, group or subgroup)")
        m.add_argument("--sei", nargs="*", default=[], help="strategic emerging industry codes (e.g. 1.2)")
        m.add_argument("--region", default="", help="the demand's region code (GB/T 2260, 6 digits)")
        m.add_argument("--budget-min", type=_amount, default=None, help="budget floor in 万元")
        m.add_argument("--budget-max", type=_amount, default=None, help="budget ceiling in 万元")
        m.add_argument("--limit", type=int, default=10)
        m.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["text"].strip():
            raise CommandError(_("需求文字为空"))
        if not 1 <= options["limit"] <= 200:
            raise CommandError(_("条数应在 1 到 200 之间"))
        bad = [c for c in options["ipc"] if ipc.normalize(c) is None]
        if bad:
            raise CommandError(_("不是 IPC 分类号：%(codes)s") % {"codes": ", ".join(bad)})
        need = Need.of(options["text"], options["ipc"], sei=tuple(options["sei"]), region=options["region"],
                       budget_min=options["budget_min"], budget_max=options["budget_max"])
        results = match(need, limit=options["limit"])
        if options["json"]:
            out = {"text": need.text, "ipc": list(need.ipc), "sei": list(need.sei), "region": need.region,
                   "results": [r.as_dict() for r in results]}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True))
            return
        for rank, r in enumerate(results, 1):
            reasons = "; ".join(f"{k} {v['points']:.3f}" for k, v in r.factors.items() if v["points"])
            self.stdout.write(f"{rank:>3} {r.score:.3f} {r.key} {r.title}")
            self.stdout.write(f"      {_('共同词')}: {'、'.join(r.shared_terms) or '—'}  {reasons}")
