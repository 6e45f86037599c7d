"""zhichan projects verify-draw REVIEW_ID [--json]: re-run every recorded draw of a review's panel (the first and
each replacement) from its record — pool, exclusions, size, seed — and say whether it gives the same experts and
the same inputs digest (docs/projects.md). Exit status 1 when one does not."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.projects.expert_actions import reproduce
from zhichan.projects.models import Review


class Command(BaseCommand):
    help = "项目评审 Projects: re-run a review's recorded expert draws from their seeds (docs/projects.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        v = sub.add_parser("verify-draw", help="re-run a review's recorded draws and compare")
        v.add_argument("review", type=int)
        v.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        review = Review.objects.filter(pk=options["review"]).first()
        if review is None:
            raise CommandError(f"no review {options['review']}")
        rows = []
        for record in review.draws.order_by("round"):
            same, again = reproduce(record)
            rows.append({"round": record.round, "seed": again.seed, "recorded": record.picked,
                         "rerun": list(again.picked), "digest": again.inputs_digest, "same": same})
        if options["json"]:
            self.stdout.write(json.dumps({"review": review.pk, "draws": rows}, ensure_ascii=False))
        else:
            for r in rows:
                self.stdout.write(f"round {r['round']} seed {r['seed']}: recorded {r['recorded']} "
                                  f"re-run {r['rerun']} {'same' if r['same'] else 'DIFFERENT'}")
        if not all(r["same"] for r in rows):
            raise SystemExit(1)
