"""zhichan market match --text TEXT [--ipc CODE ...] [--sei CODE ...] [--region CODE] [--budget-min W]
[--budget-max W] [--limit 10] [--json]: the patents that fit a technology demand, best first, each with why, and the
agencies working in its field; or --patent NUMBER: the enterprises a patent fits (holders of similar patents,
published demands) (docs/market.md 匹配). The same input gives the same list every time (ties go to the lower
application number, or the name)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zhichan.market.matching.engine import Need, match
from zhichan.market.matching.targets import agencies_for, enterprises_for, experts_for
from zhichan.patents import ipc, numbers


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
        what = m.add_mutually_exclusive_group(required=True)
        what.add_argument("--text", help="the demand in words (the problem to solve)")
        what.add_argument("--patent", help="an application number: the enterprises this patent fits")
        m.add_argument("--ipc", nargs="*", default=[], help="IPC codes of the field (subclass, group or subgroup)")
        m.add_argument("--sei", nargs="*", default=[], help="strategic emerging industry codes (e.g. 1.2)")
        m.add_argument("--region", default="", help="the demand's region code (GB/T 2260, 6 digits)")
        m.add_argument("--budget-min", type=_amount, default=None, help="budget floor in 万元")
        m.add_argument("--budget-max", type=_amount, default=None, help="budget ceiling in 万元")
        m.add_argument("--limit", type=int, default=10)
        m.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["limit"] <= 200:
            raise CommandError(_("条数应在 1 到 200 之间"))
        if options["patent"]:
            self.patent(options)
            return
        if not options["text"].strip():
            raise CommandError(_("需求文字为空"))
        bad = [c for c in options["ipc"] if ipc.normalize(c) is None]
        if bad:
            raise CommandError(_("不是 IPC 分类号：%(codes)s") % {"codes": ", ".join(bad)})
        need = Need.of(options["text"], options["ipc"], sei=tuple(options["sei"]), region=options["region"],
                       budget_min=options["budget_min"], budget_max=options["budget_max"])
        results = match(need, limit=options["limit"])
        agencies, experts = agencies_for(need), experts_for(need)
        if options["json"]:
            out = {"text": need.text, "ipc": list(need.ipc), "sei": list(need.sei), "region": need.region,
                   "results": [r.as_dict() for r in results], "agencies": [a.as_dict() for a in agencies],
                   "experts": [e.as_dict() for e in experts]}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True))
            return
        for rank, r in enumerate(results, 1):
            self.stdout.write(f"{rank:>3} {r.score:.3f} {r.key} {r.title}")
            self.stdout.write(f"      {_('共同词')}: {'、'.join(r.shared_terms) or '—'}  {_reasons(r.factors)}")
        for a in agencies:
            self.stdout.write(f"  {_('服务机构')} {a.score:.3f} {a.name}  {_reasons(a.factors)}")
        for e in experts:
            self.stdout.write(f"  {_('专家')} {e.score:.3f} {e.name}  {_reasons(e.factors)}")

    def patent(self, options: dict[str, Any]) -> None:
        from zhichan.patents.models import Application

        try:
            key = numbers.parse_application_number(options["patent"]).key
        except numbers.NumberError as exc:
            raise CommandError(str(exc)) from exc
        pk = Application.objects.filter(key=key).values_list("pk", flat=True).first()
        if pk is None:
            raise CommandError(_("没有这件专利：%(key)s") % {"key": key})
        targets = enterprises_for(pk, options["limit"])
        if options["json"]:
            out = {"patent": key, "results": [t.as_dict() for t in targets]}
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True))
            return
        for rank, t in enumerate(targets, 1):
            self.stdout.write(f"{rank:>3} {t.score:.3f} {t.name} ({t.kind}) {' '.join(t.patents)}")
            self.stdout.write(f"      {_('共同词')}: {'、'.join(t.shared_terms) or '—'}  {_reasons(t.factors)}")


def _reasons(factors: dict[str, dict[str, Any]]) -> str:
    return "; ".join(f"{name} {part['points']:.3f}" for name, part in factors.items() if part["points"])
