"""Matching benchmark (issue 15): quality on a labelled set built from real exports, and latency on the demo corpus.
Prints one JSON object.

    python bench/matching.py [--size 1000000] [--latency-demands 200] [--rounds 3]

Quality: the real CN exports under ../shared/data/raw (中科创达 with its 背景技术 and family/citation columns, plus
the Toyota, VR and autonomous-driving exports as distractors, ~23,000 applications) are imported once into
bench/.cache/matching-real. Each 中科创达 application with a background section gives one demand
(zhichan.market.matching.evaluation: the problem statement of its background; the field named is its main IPC's
subclass); the relevant set is the application, its family members and the applications it cites, where present.
Measured for the matcher and, in the same run, for plain BM25 search over the same index:

- `search_box`: the project's search with the demand text typed into the simple search box;
- `bm25`: BM25 over title, abstract and claims with the demand's words (its bigrams and English words, OR) — the
  matcher's own text factor, alone;
- `bm25_in_field`: the same, restricted to the demand's IPC subclass (a searcher who also filters by field).

Latency: the same demands (text and field) against the cached demo corpus (bench/corpus.py) of --size records, its
search index built if missing; the matcher (top 10 with explanations) and `bm25` (top 10) timed alternately.
Each part runs in its own process (one ZHICHAN_HOME per Django process).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import RAW, ROOT, ensure, home_for, setup_django

CONTAINER = RAW / "cn-patent-container"
SOURCE = CONTAINER / "20221219--中科创达--zlfx2022.2" / "中科创达-中国申请库.xlsx"
DISTRACTORS = [CONTAINER / "20230321--丰田自动驾驶--zlfx2023.1" / "丰田自动驾驶.xlsx",
               CONTAINER / "20220507--虚拟现实--zlfx2022.1" / "20220507--CNAPP-TI=虚拟现实.csv",
               CONTAINER / "20230418--通用自动驾驶--zlfx2023.1" / "10000.xlsx"]
REAL_HOME = ROOT / "bench" / ".cache" / "matching-real"
K = 10


# -- the labelled set (zhichan.market.matching.labelled) -----------------------------------------------------------

def read_source() -> list[dict[str, str]]:
    from zhichan.market.matching.labelled import read_export

    return read_export(SOURCE)


def labelled_set(rows: list[dict[str, str]], field: str = "subclass") -> list:
    from zhichan.market.matching import labelled

    return labelled.labelled_set(rows, field)


def real_home() -> Path:
    """Import the real exports once (a marker file says it was done) and build their index."""
    setup_django(REAL_HOME)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    marker = REAL_HOME / "real-ready"
    if not marker.exists():
        from zhichan.patents.actions import do_import_patents, do_load_refdata
        from zhichan.search import sync

        do_load_refdata(None, RAW)
        do_import_patents(None, [SOURCE, *DISTRACTORS])
        sync.rebuild()
        marker.write_text("1")
    return REAL_HOME


# -- the systems compared -----------------------------------------------------------------------------------------

def systems():
    from zhichan.market.matching import terms
    from zhichan.market.matching.engine import Need, ipc_query, match, text_query
    from zhichan.patents.models import Application
    from zhichan.search import service
    from zhichan.search.engine import backend
    from zhichan.search.lookup import LOOKUP

    engine = backend()
    keys: dict[int, str] = {}

    def keyed(ids: list[int]) -> list[str]:
        missing = [i for i in ids if i not in keys]
        if missing:
            keys.update(Application.objects.filter(pk__in=missing).values_list("pk", "key"))
        return [keys[i] for i in ids if i in keys]

    def bm25_ids(text: str, field: str = "") -> list[int]:
        import tantivy

        query = text_query(engine, terms.features(text))
        if query is None:
            return []
        if field:
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query),
                                                 (tantivy.Occur.Must, ipc_query(engine, (field,)))])
        searcher = engine.searcher()
        result = searcher.search(query, K)
        return [int(i) for i in searcher.fast_field_values("id", [a for _, a in result.hits])] if result.hits else []

    def search_box(text: str, field: str) -> list[str]:
        try:
            node = service.parse_request(text, simple=True)
        except Exception:  # a demand the query language cannot read finds nothing
            return []
        return keyed(engine.search(node, LOOKUP, limit=K).ids)

    return {
        "matcher": lambda text, field: [r.key for r in match(Need.of(text, [field] if field else []), K,
                                                              explain=False)],
        "matcher_text_only": lambda text, field: [r.key for r in match(Need.of(text), K, explain=False)],
        "search_box": search_box,
        "bm25": lambda text, field: keyed(bm25_ids(text)),
        "bm25_in_field": lambda text, field: keyed(bm25_ids(text, field)),
    }, bm25_ids


def quality(limit: int | None) -> dict:
    real_home()
    from zhichan.market.matching.evaluation import mean, ndcg_at, recall_at
    from zhichan.market.matching.scoring import weights
    from zhichan.patents.models import Application

    rows = read_source()
    labelled = labelled_set(rows)[:limit]
    runs, _ = systems()
    out: dict = {"corpus": {"applications": Application.objects.count(),
                            "files": [p.name for p in (SOURCE, *DISTRACTORS)]},
                 "demands": len(labelled), "pairs": sum(len(x.relevant) for x in labelled),
                 "demands_with_more_than_one_relevant": sum(len(x.relevant) > 1 for x in labelled),
                 "field_named": "IPC subclass of the main IPC", "weights": weights(), "k": K}
    out["held_out"] = {}  # the weights were chosen on the even-numbered demands: the odd ones were not looked at
    for name, run in runs.items():
        ranked = [run(x.text, x.ipc) for x in labelled]
        recall = [recall_at(r, x.relevant, K) for r, x in zip(ranked, labelled, strict=True)]
        ndcg = [ndcg_at(r, x.relevant, K) for r, x in zip(ranked, labelled, strict=True)]
        out[name] = {f"recall@{K}": mean(recall), f"ndcg@{K}": mean(ndcg)}
        out["held_out"][name] = {f"recall@{K}": mean(recall[1::2]), f"ndcg@{K}": mean(ndcg[1::2])}
    out["examples"] = [{"source": x.source, "demand": x.text, "ipc": x.ipc} for x in labelled[:3]]
    return out


# -- latency ------------------------------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1)}


def latency(size: int, demands: list[dict], rounds: int) -> dict:
    ensure(size)
    from zhichan.market.matching.engine import Need, match
    from zhichan.search import sync
    from zhichan.search.engine import backend

    built = None
    if backend().doc_count() < size:
        started = time.perf_counter()
        sync.rebuild()
        built = round(time.perf_counter() - started, 1)
    _, bm25_ids = systems()
    for d in demands[:5]:  # warm-up: the index's files into the page cache
        match(Need.of(d["text"], [d["ipc"]]), K)
        bm25_ids(d["text"])
    matcher_ms, bm25_ms = [], []
    for _ in range(rounds):
        for d in demands:
            started = time.perf_counter()
            match(Need.of(d["text"], [d["ipc"]]), K)
            matcher_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            bm25_ids(d["text"])
            bm25_ms.append((time.perf_counter() - started) * 1000)
    m, b = summary(matcher_ms), summary(bm25_ms)
    return {"records": backend().doc_count(), "index_built_seconds": built, "demands": len(demands), "rounds": rounds,
            "matcher": m, "bm25": b, "ratio_matcher_over_bm25": {"p50": round(m["p50_ms"] / b["p50_ms"], 2),
                                                                "p95": round(m["p95_ms"] / b["p95_ms"], 2)}}


# -- driver -------------------------------------------------------------------------------------------------------

def part(args: list[str]) -> dict:
    """Run one part in a fresh process (its own ZHICHAN_HOME) and read its JSON."""
    env = dict(os.environ)
    env.pop("ZHICHAN_HOME", None)
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--latency-demands", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="quality: the first N demands only")
    parser.add_argument("--part", choices=["quality", "latency"], help=argparse.SUPPRESS)
    parser.add_argument("--demands-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part == "quality":
        out = quality(args.limit)
        setup_demands = labelled_set(read_source())
        out["latency_demands"] = [{"text": x.text, "ipc": x.ipc} for x in setup_demands[:args.latency_demands]]
        print(json.dumps(out, ensure_ascii=False))
        return
    if args.part == "latency":
        demands = json.loads(Path(args.demands_file).read_text(encoding="utf-8"))
        print(json.dumps(latency(args.size, demands, args.rounds), ensure_ascii=False))
        return
    started = time.perf_counter()
    out = part(["--part", "quality", "--latency-demands", str(args.latency_demands)]
               + (["--limit", str(args.limit)] if args.limit else []))
    demands = out.pop("latency_demands")
    path = home_for(args.size).parent / "matching-demands.json"
    path.write_text(json.dumps(demands, ensure_ascii=False), encoding="utf-8")
    out["latency"] = part(["--part", "latency", "--size", str(args.size), "--rounds", str(args.rounds),
                           "--demands-file", str(path)])
    out["latency"]["corpus"] = f"demo {args.size} records (徐州市, seed 2026)"
    m, b = out["matcher"], out["bm25"]
    out["ratios_matcher_over_bm25"] = {f"recall@{K}": round(m[f"recall@{K}"] / (b[f"recall@{K}"] or 1), 3),
                                       f"ndcg@{K}": round(m[f"ndcg@{K}"] / (b[f"ndcg@{K}"] or 1), 3)}
    out["targets_met"] = {"demands_ge_200": out["demands"] >= 200,
                          "matcher_beats_bm25": m[f"recall@{K}"] > b[f"recall@{K}"] and m[f"ndcg@{K}"] > b[f"ndcg@{K}"],
                          "p95_le_300ms": out["latency"]["matcher"]["p95_ms"] <= 300}
    out["seconds"] = round(time.perf_counter() - started)
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
