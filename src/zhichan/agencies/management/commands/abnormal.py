"""zhichan abnormal scan [--threshold T] [--shingle K] [--signal S …] [--limit N] [--detail N] [--workers N] [--json]
                      [--save]

Abnormal-application candidates (规范申请专利行为的规定): near-duplicate clusters and signals per applicant, agency,
agent and inventor, each with the records behind it. Read-only unless `--save`: then the scan runs as a recorded job
(agencies/abnormal_actions.py) whose candidates are stored for the office's review, upserted by their key. The
thresholds default to the settings ZHICHAN_ABNORMAL_THRESHOLD / _SHINGLE / _DETAIL; the options override them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from zhichan.agencies import abnormal_actions
from zhichan.agencies.abnormal import candidates as cand
from zhichan.agencies.abnormal import neardup
from zhichan.agencies.abnormal.scan import scan
from zhichan.core import jobs

SIGNALS = list(cand.ORDER_77_TYPES)


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number: {value}") from exc
    if not 0.05 <= number <= 1.0:  # argparse's error: the usage and exit code 2, not a traceback (NaN fails too)
        raise argparse.ArgumentTypeError(f"the threshold is a Jaccard similarity between 0.05 and 1: {value}")
    return number


class Command(BaseCommand):
    help = ("异常申请线索 Abnormal-application candidates: near-duplicate clusters (MinHash/LSH over character "
            "shingles, verified by exact Jaccard) and filing signals per applicant, agency, agent and inventor.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("scan", help="scan every application and print the candidates")
        run.add_argument("--threshold", type=_threshold, default=None,
                         help=f"Jaccard similarity of k-shingle sets (default ZHICHAN_ABNORMAL_THRESHOLD, "
                              f"{neardup.THRESHOLD}, measured)")
        run.add_argument("--shingle", type=int, default=None, choices=range(2, 9),
                         help=f"shingle size in characters (default ZHICHAN_ABNORMAL_SHINGLE, {neardup.SHINGLE})")
        run.add_argument("--signal", action="append", choices=SIGNALS, help="only these signals (repeatable)")
        run.add_argument("--limit", type=int, default=50, help="candidates printed in text mode (default 50)")
        run.add_argument("--detail", type=int, default=None,
                         help="candidates that get their records side by side (default 100, with --save "
                              "ZHICHAN_ABNORMAL_DETAIL; -1 every one)")
        run.add_argument("--workers", type=int, default=1,
                         help="processes signing texts while the database is read (default 1)")
        run.add_argument("--json", action="store_true")
        run.add_argument("--save", action="store_true",
                         help="store the candidates for review (a recorded scan job; re-running duplicates nothing)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["save"]:
            return self._save(options)
        started = time.perf_counter()
        defaults = abnormal_actions.default_options()
        params = neardup.Params(threshold=_pick(options["threshold"], defaults["threshold"]),
                                k=_pick(options["shingle"], defaults["shingle"]))
        options["detail"] = _pick(options["detail"], 100)
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


    def _save(self, options: dict[str, Any]) -> None:
        run = abnormal_actions.do_start_scan(None, {
            "threshold": options["threshold"], "shingle": options["shingle"], "detail": options["detail"],
            "signals": options["signal"] or [], "workers": max(1, options["workers"])}, queue=False)
        job = jobs.run(run.job_id)  # type: ignore[arg-type]
        if job.status != job.Status.DONE:
            raise CommandError(job.message or "the scan failed")
        if options["json"]:
            self.stdout.write(json.dumps({**job.result, "options": run.options}, ensure_ascii=False))
            return
        result = job.result
        self.stdout.write(f"scan={run.pk} found={result['found']} new={result['new']} updated={result['updated']}")
        for signal, count in result["by_signal"].items():
            self.stdout.write(f"  {signal}: {count}")


def _pick(value: Any, default: Any) -> Any:
    return default if value is None else value


def _by_signal(found: list[cand.Candidate]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in found:
        counts[c.signal] = counts.get(c.signal, 0) + 1
    return counts
