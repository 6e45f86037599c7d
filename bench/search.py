"""Search benchmark (issue 3): index build rate and size, latency of a fixed query mix (top 20 with 3 facets),
and the same queries against SQLite FTS5 (trigram tokenizer) over the same records. Prints one JSON object.

    python bench/search.py [--size 1000000] [--rounds 7]

The corpus is the cached demo corpus (bench/corpus.py). The query mix is documented in docs/search.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ensure

FACETS = ("year", "type", "applicant")
MIX = {
    "single": ["锂离子电池", "巡检机器人", "瓦斯", "逆变器", "播种装置", "涂层", "臂架", "试剂盒"],
    "and": ["电池 AND 正极", "智能 AND 机器人", "煤矿 AND 监测", "图像 AND 识别方法", "污水 AND 设备",
            "深度学习 AND 控制系统"],
    "phrase": ['"液压支架"', '"保鲜方法"', '"新能源汽车电池包"', '"低能耗的光伏"'],
    "filtered": ["TI=电池 AND AD=2018:2022 AND TYPE=发明", "TI=机器人 AND AD>=20200101 AND LS=有效",
                 "PA=徐州 AND AD=2015:2020 AND IPC=G", "TI=(光伏 OR 逆变器) AND AD=2021 AND LS=有效",
                 "TI=挖掘机 AND AD=2019:2023 AND IPC=B", "REG=泉山区 AND TI=数据 AND AD>=2016"],
}


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def folder_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timings(run, queries: list[str], rounds: int) -> tuple[list[float], dict[str, int]]:
    totals = {q: run(q) for q in queries}  # warm-up round, and the totals
    times = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - started) * 1000)
    return times, totals


def summary(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(percentile(times, 0.95), 2),
            "qps": round(1000 * len(times) / sum(times), 1)}


def build_index() -> dict:
    from zhichan.patents.models import Application
    from zhichan.search import sync
    from zhichan.search.engine import index_path

    shutil.rmtree(index_path(), ignore_errors=True)
    records = Application.objects.count()
    started = time.perf_counter()
    sync.rebuild()
    seconds = time.perf_counter() - started
    return {"records": records, "build_seconds": round(seconds, 1), "records_per_second": round(records / seconds),
            "size_mb": folder_mb(index_path()), "peak_rss_mb_after_build": peak_mb()}


def zhichan_runner():
    from zhichan.search.engine import backend
    from zhichan.search.lookup import LOOKUP
    from zhichan.search.query.parser import parse

    engine = backend()

    def run(query: str) -> int:
        return engine.search(parse(query), LOOKUP, limit=20, facets=FACETS).total

    return run


def service_runner():
    from zhichan.search import service

    def run(query: str) -> int:
        return service.run(service.Request(query, facets=FACETS))["total"]

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    home = ensure(args.size)
    queries = [q for group in MIX.values() for q in group]
    out: dict = {"corpus": f"demo {args.size} records (徐州市, seed 2026)", "queries": len(queries),
                 "rounds": args.rounds, "facets": list(FACETS), "top": 20}
    out["index"] = build_index()
    run = zhichan_runner()
    times, totals = timings(run, queries, args.rounds)
    out["zhichan"] = summary(times)
    per_kind = {}
    for kind, group in MIX.items():
        kind_times, _ = timings(run, group, args.rounds)
        per_kind[kind] = summary(kind_times)
    out["zhichan_by_kind"] = per_kind
    out["zhichan_with_page"] = summary(timings(service_runner(), queries, 3)[0])  # + database rows, highlights
    out["peak_rss_mb_search"] = peak_mb()
    from fts5 import Fts5

    fts = Fts5(home / "bench-fts5.sqlite3")
    out["fts5"] = {"build_seconds": fts.build(), "size_mb": round(fts.path.stat().st_size / 2**20, 1)}
    fts_times, fts_totals = timings(lambda q: fts.search(q, FACETS), queries, args.rounds)
    out["fts5"].update(summary(fts_times))
    out["totals"] = totals
    out["total_mismatches"] = {q: [totals[q], fts_totals[q]] for q in queries if totals[q] != fts_totals[q]}
    out["ratio_fts5_over_zhichan"] = {
        "p50": round(out["fts5"]["p50_ms"] / out["zhichan"]["p50_ms"], 1),
        "p95": round(out["fts5"]["p95_ms"] / out["zhichan"]["p95_ms"], 1),
        "qps": round(out["zhichan"]["qps"] / out["fts5"]["qps"], 1),
    }
    out["targets_met"] = {"p50_le_20ms": out["zhichan"]["p50_ms"] <= 20, "p95_le_100ms": out["zhichan"]["p95_ms"] <= 100,
                          "build_ge_5000_per_s": out["index"]["records_per_second"] >= 5000,
                          "faster_than_fts5": out["zhichan"]["p50_ms"] < out["fts5"]["p50_ms"]}
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
