"""Ingest benchmark: records per second and peak memory, end to end (parse, normalise, store), each run in a fresh
process against a fresh ZHICHAN_HOME that is already migrated. Prints one JSON object.

    python bench/ingest.py [--repeat 3] [--demo-size 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = Path(os.environ.get("ZHICHAN_SHARED_RAW", ROOT.parent / "shared" / "data" / "raw"))
FILES = {
    "patentics_csv_7805": RAW / "cn-patent-container/20220507--虚拟现实--zlfx2022.1/20220507--CNAPP-TI=虚拟现实.csv",
    "incopat_xlsx_10000": RAW / "cn-patent-container/20230418--通用自动驾驶--zlfx2023.1/10000.xlsx",
}


def _run(home: Path, *args: str) -> tuple[float, dict, int]:
    env = {**os.environ, "ZHICHAN_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "zhichan.cli", *args, "--json"], env=env, capture_output=True,
                          text=True, check=True)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, json.loads(done.stdout.strip().splitlines()[-1]), max(peak_kb, before)


def _fresh_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="zhichan-bench-"))
    env = {**os.environ, "ZHICHAN_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "zhichan.cli", "migrate", "--verbosity", "0"], env=env, check=True)
    return home


def measure(name: str, args: list[str], repeat: int) -> dict:
    times, pipeline, peaks, summary = [], [], [], {}
    for _ in range(repeat):
        elapsed, summary, peak = _run(_fresh_home(), *args)
        times.append(elapsed)
        pipeline.append(summary["seconds"])
        peaks.append(peak)
    median, pipeline_median = statistics.median(times), statistics.median(pipeline)
    return {"name": name, "records": summary["read"], "created": summary["created"], "runs": repeat,
            "pipeline_seconds_median": round(pipeline_median, 3),
            "records_per_second": round(summary["read"] / pipeline_median),
            "command_seconds_median": round(median, 3), "command_seconds_all": [round(t, 3) for t in times],
            "command_records_per_second": round(summary["read"] / median),
            "peak_rss_mb": round(max(peaks) / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--demo-size", type=int, default=100_000)
    options = parser.parse_args()
    results = []
    for name, path in FILES.items():
        if path.exists():
            results.append(measure(name, ["import", str(path)], options.repeat))
    results.append(measure(f"demo_{options.demo_size}", ["demo", "--size", str(options.demo_size)], 1))
    print(json.dumps({"benchmark": "ingest", "machine": {"cpus": os.cpu_count()}, "target_records_per_second": 3000,
                      "note": "records_per_second: read + normalise + store + region resolution, timed by the import "
                              "itself (from the import record's start to its end); command_*: wall time of the whole "
                              "fresh `zhichan` process, interpreter and Django start included; peak RSS of that process",
                      "results": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
