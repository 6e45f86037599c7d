"""Abnormal-application scan benchmark (issue 14): `zhichan abnormal scan` over the cached demo corpus
(bench/corpus.py). Prints one JSON object: wall time per stage, records/s, peak memory, clusters and candidates.

The demo corpus writes its titles, abstracts and claims from templates (about a hundred distinct texts), so almost
every record repeats another's text exactly; the scan handles those as exact groups. To show the cost of real,
distinct texts the benchmark also signs real patent texts (KPPatent-ZH, title + abstract + claims, ~1,500
characters each) and reports that rate.

    python bench/abnormal.py [--size 1000000]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import RAW, ensure


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def real_text_rate(params, seconds: float = 20.0) -> dict:
    """Signatures per second on real patent texts, each made distinct by an edit."""
    from zhichan.agencies.abnormal import edits, text

    path = RAW / "cn-patent-small-samples" / "KPPatent-ZH" / "test_data_TAC.json"
    if not path.exists():
        return {}
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from abnormal_thresholds import tac_records

    records = tac_records()
    docs = [text.document(*edits.edited(*r, seed=i)) for i, r in enumerate(records * 5)]
    started = time.perf_counter()
    done = 0
    while time.perf_counter() - started < seconds:
        params.keys(docs)
        done += len(docs)
    elapsed = time.perf_counter() - started
    return {"texts": done, "mean_chars": round(sum(map(len, docs)) / len(docs)),
            "signatures_per_second": round(done / elapsed)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--detail", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    ensure(args.size)
    from zhichan.agencies.abnormal import neardup
    from zhichan.agencies.abnormal.scan import scan

    params = neardup.Params()
    stages: dict[str, float] = {}
    started = time.perf_counter()
    last = {"stage": "", "at": started}

    def progress(stage: str, done: int) -> None:
        if stage != last["stage"]:
            now = time.perf_counter()
            if last["stage"]:
                stages[last["stage"]] = round(now - last["at"], 1)
            last.update(stage=stage, at=now)

    baseline = rss_mb()
    found, stats = scan(params, detail=args.detail, progress=progress, workers=args.workers)
    wall = time.perf_counter() - started
    stages[last["stage"] + "+candidates"] = round(time.perf_counter() - last["at"], 1)
    by_signal: dict[str, int] = {}
    for c in found:
        by_signal[c.signal] = by_signal.get(c.signal, 0) + 1
    biggest = max((c.size for c in found if c.signal == "near_duplicate"), default=0)
    out = {"corpus": f"demo {args.size} records (徐州市, seed 2026)", "workers": args.workers,
           "threshold": params.threshold,
           "shingle": params.k, "num_perm": params.num_perm, "bands": list(params.bands),
           "seconds": round(wall, 1), "records_per_second": round(stats["applications"] / wall),
           "stages_seconds": stages, **stats, "by_signal": by_signal, "largest_cluster": biggest,
           "peak_rss_mb": rss_mb(), "rss_before_scan_mb": baseline, "target_met_le_600s": wall <= 600,
           "real_texts": real_text_rate(params)}
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
