"""zhichan abnormal scan [--threshold T] [--shingle K] [--signal S …] [--limit N] [--detail N] [--workers N] [--json]

Abnormal-application candidates (规范申请专利行为的规定): near-duplicate clusters and signals per applicant, agency,
agent and inventor, each with the records behind it. Read-only: it flags leads for a reviewer, never decides.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from zhichan.agencies.abnormal import candidates as cand
from zhichan.agencies.abnormal import neardup
from zhichan.agencies.abnormal.scan import scan

SIGNALS = list(cand.ORDER_77_TYPES)


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError as exc:
        raise CommandError(f"not a number: {value}") from exc
    if not 0.05 <= number <= 1.0:
        raise CommandError(f"the threshold is a Jaccard similarity between 0.05 and 1: {value}")
    return number


class Command(BaseCommand):
    help = ("异常申请线索 Abnormal-application candidates: near-duplicate clusters (MinHash/LSH over character "
            "shingles, verified by exact Jaccard) and filing signals per applicant, agency, agent and inventor.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("scan", help="scan every application and print the candidates")
        run.add_argument("--threshold", type=_threshold, default=neardup.THRESHOLD,
                         help=f"Jaccard similarity of k-shingle sets (default {neardup.THRESHOLD}, measured)")
        run.add_argument("--shingle", type=int, default=neardup.SHINGLE, choices=range(2, 9),
                         help=f"shingle size in characters (default {neardup.SHINGLE})")
        run.add_argument("--signal", action="append", choices=SIGNALS, help="only these signals (repeatable)")
        run.add_argument("--limit", type=int, default=50, help="candidates printed in text mode (default 50)")
        run.add_argument("--detail", type=int, default=100,
                         help="candidates that get their records side by side (default 100; -1 every one)")
        run.add_argument("--workers", type=int, default=1,
                         help="processes signing texts while the database is read (default 1)")
        run.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        params = neardup.Params(threshold=options["threshold"], k=options["shingle"])
        bar = tqdm(unit="件", desc="扫描 scanning", file=sys.stderr, disable=not sys.stderr.isatty())

        current = {"stage": ""}

        def progress(stage: str, done: int) -> None:
            if current["stage"] != stage:  # a new stage counts from zero
                current["stage"] = stage
                bar.reset()
                bar.set_description(stage)
            bar.update(max(done - bar.n, 0))

        found, stats = scan(params, detail=options["detail"], progress=progress,
                            workers=max(1, options["workers"]))
        bar.close()
        if options["signal"]:
            found = [c for c in found if c.signal in options["signal"]]
        stats["seconds"] = round(time.perf_counter() - started, 2)
        if options["json"]:
            self.stdout.write(json.dumps({
                "threshold": params.threshold, "shingle": params.k, "num_perm": params.num_perm,
                "bands": list(params.bands), "stats": stats,
                "by_signal": _by_signal(found), "candidates": [c.as_dict() for c in found]},
                ensure_ascii=False))
            return
        self.stdout.write(" ".join(f"{k}={v}" for k, v in stats.items()))
        for signal, count in _by_signal(found).items():
            self.stdout.write(f"  {signal}: {count}")
        for c in found[:options["limit"]]:
            similarity = f" similarity={c.similarity}" if c.similarity is not None else ""
            period = f" {c.evidence['period']}" if "period" in c.evidence else ""
            shown = " ".join(c.applications[:8]) + (f" …(+{c.size - 8})" if c.size > 8 else "")
            self.stdout.write(f"{c.key} [{c.order_77_type}] {c.subject}{period} n={c.size}{similarity}: {shown}")


def _by_signal(found: list[cand.Candidate]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in found:
        counts[c.signal] = counts.get(c.signal, 0) + 1
    return counts
