"""Navigation analytics benchmark (issue 4): the full set of eleven analyses over a thematic database holding every
record of the cached demo corpus (100,000 and 1,000,000 records; three branches; home region 徐州市), cold and
cached, with peak memory; and in the same run a straightforward pandas implementation of the same analyses.

Every measurement runs in a fresh process (after loading jieba's dictionary, a once-per-process start-up that a
running server or worker has already paid; its time is printed apart):
- cold: read the analysis table from disk, select the version's records, run the eleven analyses (no result cache);
- cached: the same request answered from the per-version result cache;
- pandas: the same analyses with pandas over DataFrames already in memory (building them is not timed).
The analysis table itself is built once per corpus (like a search index) and that build is reported separately.

    python bench/analytics.py [--sizes 100000 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ensure, home_for, setup_django

HOME_CITY = "320300"  # 徐州市


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def prepare(size: int) -> dict:
    """The corpus, its analysis table and a thematic database version over every record with three branches."""
    ensure(size)
    import numpy as np

    from zhichan.core.models import Region
    from zhichan.navigation import columns
    from zhichan.navigation.models import ThematicDatabase, Version

    out: dict = {}
    if columns.load() is None:
        started = time.perf_counter()
        columns.table()
        out["table_build_seconds"] = round(time.perf_counter() - started, 1)
    table = columns.table()
    if not Version.objects.filter(database__name="bench").exists():
        db = ThematicDatabase.objects.create(name="bench", region=Region.objects.get(code=HOME_CITY))
        ptr, ids = table.lists["subclasses"]
        top = np.argsort(-np.bincount(ids))[:3]
        rows = columns.csr_rows(ptr)
        members = {str(i): sorted(set(table.pk[rows[ids == code]].tolist())) for i, code in enumerate(top)}
        definition = {"branches": {str(i): {"name": table.dicts["subclass"][code]} for i, code in enumerate(top)}}
        Version.objects.create(database=db, number=1, members=table.pk.tolist(), branch_members=members,
                               definition=definition)
    out["records"] = len(table)
    return out


def child(mode: str) -> dict:
    from zhichan.navigation import results
    from zhichan.navigation.models import Version

    version = Version.objects.get(database__name="bench")
    from zhichan.navigation import keywords

    warm = time.perf_counter()
    keywords.warm()  # process start-up (a server or worker loads jieba once), timed apart
    started = time.perf_counter()
    startup = started - warm
    if mode == "cold":
        from zhichan.navigation import analysis

        result = analysis.run_all(results.of_version(version).frame())
    elif mode == "cached":
        result = results.compute(results.of_version(version))
    else:
        from pandas_peer import run as pandas_run

        result, build = pandas_run(version)
        started += build  # the DataFrames are given to pandas: their construction is not timed
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "jieba_startup_seconds": round(startup, 3), "peak_rss_mb": _peak_mb(), "total": result["total"],
            "top_applicant": result["applicants"][0]["name"], "filings": sum(result["trend"]["filings"])}


def measure(size: int, runs: int) -> dict:
    out = {}
    for mode in ("cold", "cached", "pandas"):
        samples = []
        for _ in range(runs + (mode == "cached")):  # the first cached request fills the cache: not counted
            done = subprocess.run([sys.executable, __file__, "--child", mode, "--size", str(size)], check=True,
                                  capture_output=True, text=True)
            samples.append(json.loads(done.stdout))
        samples = samples[-runs:]
        times = [s["seconds"] for s in samples]
        out[mode] = {"seconds_median": round(statistics.median(times), 3), "seconds_all": [round(t, 3) for t in times],
                     "peak_rss_mb": max(s["peak_rss_mb"] for s in samples), "check": samples[0]}
    out["same_answers"] = all(out["cold"]["check"][k] == out["pandas"]["check"][k]
                              for k in ("total", "top_applicant", "filings"))
    out["pandas_over_cold"] = round(out["pandas"]["seconds_median"] / out["cold"]["seconds_median"], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--size", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        setup_django(home_for(args.size))
        print(json.dumps(child(args.child), ensure_ascii=False))
        return
    report: dict = {"runs": args.runs}
    for size in args.sizes:
        report[str(size)] = {**_prepare_in_child(size), **measure(size, args.runs)}
        report[str(size)]["target_seconds"] = 1 if size <= 100_000 else 5
        report[str(size)]["target_met"] = report[str(size)]["cold"]["seconds_median"] <= report[str(size)][
            "target_seconds"] and report[str(size)]["pandas_over_cold"] > 1
    print(json.dumps(report, ensure_ascii=False, indent=1))


def _prepare_in_child(size: int) -> dict:
    code = ("import sys, json; sys.path.insert(0, 'bench'); import analytics; "
            f"print(json.dumps(analytics.prepare({size})))")
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1])
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
