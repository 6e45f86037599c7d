"""Indicator benchmark (issue 5): recompute every computed indicator for 徐州市 and all its districts on the cached
1,000,000-record demo corpus, under each attribution rule. Prints one JSON object.

    python bench/indicators.py [--size 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ensure


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ensure(args.size)
    from zhichan.core.models import Region
    from zhichan.indicators import compute, facts_rebuild
    from zhichan.indicators.actions import do_compute_indicators
    from zhichan.patents.models import Application, PatentFact

    out: dict = {"corpus": f"demo {args.size} records (徐州市, seed 2026)", "runs": args.runs}
    if PatentFact.objects.count() != Application.objects.count():
        started = time.perf_counter()
        out["facts_built"] = facts_rebuild.rebuild()
        out["facts_seconds"] = round(time.perf_counter() - started, 1)
    city = Region.objects.get(name="徐州市", level=2)
    out["districts"] = city.children.count()
    as_of = dt.date(2025, 12, 31)
    for attribution in compute.ATTRIBUTIONS:
        settings = compute.Settings(attribution)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            figures = do_compute_indicators(None, city, as_of, settings)
            times.append(time.perf_counter() - started)
        values = {f.indicator_id: f.value for f in figures if f.region_id == city.code}
        out[attribution] = {"seconds_median": round(statistics.median(times), 3),
                            "seconds_all": [round(t, 3) for t in times], "figures": len(figures),
                            "city_valid_invention": values["valid_invention"],
                            "city_high_value_invention": values["high_value_invention"]}
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["target_met_le_5s"] = all(out[a]["seconds_median"] <= 5 for a in compute.ATTRIBUTIONS)
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
