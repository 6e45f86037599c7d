"""`zhichan inspections draw PLAN --seed S [--json] [--save]`: the 双随机 draw of a plan (its id or name). Without
--save nothing is written and the same seed prints the same draw every time (as long as the scope, the pool and
the recusals are unchanged: the inputs digest says so); --save records it as the office's draw would.
`zhichan inspections list [--json]`: the plans, their seeds and whether their publication is overdue."""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhichan.agencies import draw as rand
from zhichan.agencies import inspection_actions as actions
from zhichan.agencies.inspection_models import InspectionPlan
from zhichan.agencies.models import Agency

SEED = re.compile(r"[0-9A-Za-z_-]{1,64}")  # as the office's form takes it (inspection_forms.DrawForm)


def find_plan(ref: str) -> InspectionPlan:
    # isdigit() also passes "²" and other digits int() refuses; an id beyond the database's integer is no id
    plan = (InspectionPlan.objects.filter(pk=int(ref)).first()
            if ref.isascii() and ref.isdecimal() and len(ref) < 10 else None)
    plan = plan or InspectionPlan.objects.filter(name=ref).order_by("-pk").first()
    if plan is None:  # a usage error like argparse's own: exit code 2
        raise CommandError(f"没有抽查计划 {ref}", returncode=2)
    return plan


def _seed(value: str) -> str:
    if not SEED.fullmatch(value):
        raise argparse.ArgumentTypeError(f"the seed is 1 to 64 letters, digits, _ or -: {value[:80]!r}")
    return value


class Command(BaseCommand):
    help = "双随机、一公开: reproduce or record a plan's draw; list the plans."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        d = sub.add_parser("draw", help="the draw of PLAN with --seed (nothing written without --save)")
        d.add_argument("plan", help="the plan's id or name")
        d.add_argument("--seed", type=_seed, help="the seed; the plan's recorded seed when left out")
        d.add_argument("--json", action="store_true")
        d.add_argument("--save", action="store_true", help="record the draw (refused after publication)")
        ls = sub.add_parser("list", help="the plans")
        ls.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            return self._list(options["json"])
        plan = find_plan(options["plan"])
        seed = options["seed"] or plan.seed
        if not seed:
            raise CommandError("请用 --seed 给出随机种子（该计划尚未抽取）", returncode=2)
        try:
            if options["save"]:
                plan = actions.do_draw(None, plan, seed)
                result = plan.draw
            else:
                result = actions.plan_draw(plan, seed).as_dict()
        except (rand.DrawError, actions.InspectionError) as exc:
            raise CommandError(str(exc)) from exc
        out = {"plan": plan.pk, "name": plan.name, "saved": bool(options["save"]),
               **{k: v for k, v in result.items() if k not in ("previous", "inputs")}}
        if options["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False, sort_keys=True))
            return
        names = dict(Agency.objects.filter(pk__in=[o["id"] for o in out["objects"]]).values_list("pk", "name"))
        people = dict(get_user_model().objects.filter(
            pk__in=[i for o in out["objects"] for i in o["inspectors"]]).values_list("pk", "username"))
        self.stdout.write(f"{plan.name}  seed={out['seed']}  {out['sample_size']}/{out['population']}  "
                          f"digest={out['inputs_digest'][:16]}")
        for o in out["objects"]:
            inspectors = "、".join(people.get(i, str(i)) for i in o["inspectors"])
            self.stdout.write(f"  {names.get(o['id'], o['id'])} [{o['grade'] or '-'}] {inspectors}")

    def _list(self, as_json: bool) -> None:
        overdue = set(actions.overdue(timezone.localdate()).values_list("pk", flat=True))
        rows = [{"plan": p.pk, "name": p.name, "year": p.year, "state": p.state, "seed": p.seed,
                 "publish_by": p.publish_by.isoformat(), "overdue": p.pk in overdue}
                for p in InspectionPlan.objects.all()]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for r in rows:
            flag = "  逾期未公开" if r["overdue"] else ""
            self.stdout.write(f"{r['plan']:>4}  {r['name']}  {r['state']}  seed={r['seed'] or '-'}  "
                              f"公开期限 {r['publish_by']}{flag}")
