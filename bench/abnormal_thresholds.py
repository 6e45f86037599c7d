"""Measure near-duplicate thresholds: precision and recall against Jaccard threshold and shingle size, on edited
copies (agencies.abnormal.edits) planted among real Chinese patent texts with title, abstract and claims
(../shared/data/raw/cn-patent-small-samples/KPPatent-ZH/test_data_TAC.json, 696 records) and real title +
abstract records of one company (中科创达, 511 records, the importer's own reader). Prints JSON.

Exact Jaccard for every pair of texts comes from a sparse product (scipy) of shingle incidence matrices, so the
figures are exact, not MinHash estimates; the LSH recall of the chosen (threshold, k) is measured separately by
running the pipeline itself.

    python bench/abnormal_thresholds.py
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
RAW = Path(os.environ.get("ZHICHAN_SHARED_RAW", ROOT.parent / "shared" / "data" / "raw"))
TAC = RAW / "cn-patent-small-samples" / "KPPatent-ZH" / "test_data_TAC.json"
THUNDERSOFT = RAW / "cn-patent-container" / "20221219--中科创达--zlfx2022.2" / "中科创达-中国申请库.xlsx"

from zhichan.agencies.abnormal import edits, neardup, text  # noqa: E402

# Edit strengths planted: the default (reorder, 30% synonyms, title changed, two claims edited), the title alone,
# half the synonym table with three claims edited, and a heavy one (70%, five claims).
EDITS = {"default": edits.Edit(), "title_only": edits.Edit(reorder=False, synonym_rate=0.0, claims_edited=0),
         "synonyms": edits.Edit(synonym_rate=0.5, claims_edited=3),
         "heavy": edits.Edit(synonym_rate=0.7, claims_edited=5)}


def tac_records() -> list[tuple[str, str, str]]:
    items = json.loads(TAC.read_text(encoding="utf-8"))
    found = (re.match(r"标题：(.*?)\n摘要：(.*?)\n权利声明：(.*)", i["input"], re.S) for i in items)
    return [m.groups() for m in found if m]


def thundersoft_records() -> list[tuple[str, str, str]]:
    import django

    django.setup()
    from zhichan.patents.ingest.detect import open_file
    from zhichan.patents.record import PatentRecord

    seen: dict[str, tuple[str, str, str]] = {}
    for record in open_file(THUNDERSOFT).results:
        if isinstance(record, PatentRecord):
            seen[record.key] = (record.title, record.abstract, record.claims)
    return list(seen.values())


def planted(records: list[tuple[str, str, str]], every: int) -> tuple[list[str], list[tuple[int, int, str]]]:
    docs = [text.document(*r) for r in records]
    pairs = []
    for i in range(0, len(records), every):
        for j, (name, edit) in enumerate(EDITS.items()):
            pairs.append((i, len(docs), name))
            docs.append(text.document(*edits.edited(*records[i], seed=i * 10 + j, edit=edit)))
    return docs, pairs


def jaccard_matrix(docs: list[str], k: int) -> sparse.csr_matrix:
    rows, cols = [], []
    vocabulary: dict[str, int] = {}
    for i, doc in enumerate(docs):
        for s in text.shingles(doc, k):
            rows.append(i)
            cols.append(vocabulary.setdefault(s, len(vocabulary)))
    incidence = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                                  shape=(len(docs), len(vocabulary)))
    sizes = np.asarray(incidence.sum(axis=1)).ravel()
    inter = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    union = sizes[inter.row] + sizes[inter.col] - inter.data
    return sparse.coo_matrix((inter.data / union, (inter.row, inter.col)), shape=(len(docs), len(docs))).tocsr()


def measure(name: str, docs: list[str], pairs: list[tuple[int, int, str]], ks: list[int],
            thresholds: list[float]) -> dict:
    planted_set = {(a, b) for a, b, _ in pairs}
    group = {}  # an original and its copies: pairs among them are related, not false positives
    for a, b, _ in pairs:
        group[a] = group[b] = a
    eligible = np.array([len(d) >= neardup.MIN_CHARS for d in docs])
    table = []
    for k in ks:
        sim = jaccard_matrix(docs, k).tocoo()
        by_pair = {(int(a), int(b)): float(s) for a, b, s in zip(sim.row, sim.col, sim.data, strict=True)
                   if eligible[a] and eligible[b]}
        planted_sims = {kind: [by_pair.get((a, b), 0.0) for a, b, t in pairs if t == kind] for kind in EDITS}
        for t in thresholds:
            found = {p for p, s in by_pair.items() if s >= t}
            hits = len(found & planted_set)
            other = {(a, b) for a, b in found if group.get(a, -1) != group.get(b, -2)}
            table.append({
                "k": k, "threshold": t, "recall": round(hits / len(planted_set), 4),
                "recall_by_edit": {kind: round(sum(s >= t for s in v) / len(v), 4) for kind, v in planted_sims.items()},
                "found": len(found), "unrelated": len(other),
                "precision": round(1 - len(other) / len(found), 4) if found else None,
            })
        table.append({"k": k, "planted_min_similarity": {kind: round(min(v), 3) for kind, v in planted_sims.items()},
                      "unrelated_similarity_quantiles": [round(float(q), 3) for q in np.quantile(
                          [s for (a, b), s in by_pair.items() if group.get(a, -1) != group.get(b, -2)] or [0.0],
                          [0.5, 0.99, 0.999, 1.0])]})
    return {"corpus": name, "records": len(docs) - len(pairs), "planted": len(pairs), "table": table}


def pipeline_recall(docs: list[str], pairs: list[tuple[int, int, str]], params: neardup.Params) -> dict:
    started = time.perf_counter()
    found = neardup.find_in_memory(docs, params)
    together = {}
    for cluster in found:
        for m in cluster.members:
            together[m] = cluster.members[0]
    hits = sum(together.get(a) is not None and together.get(a) == together.get(b) for a, b, _ in pairs)
    planted_members = {m for a, b, _ in pairs for m in (a, b)}
    extra = [c.members for c in found if not set(c.members) <= planted_members]
    return {"threshold": params.threshold, "k": params.k, "num_perm": params.num_perm, "bands": params.bands,
            "planted_found": hits, "planted": len(pairs), "clusters": len(found),
            "clusters_without_a_planted_pair": extra[:20], "seconds": round(time.perf_counter() - started, 2)}


def main() -> None:
    ks = [int(x) for x in os.environ.get("KS", "2,3,4,5,6").split(",")]
    thresholds = [0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8]
    results = []
    corpora = [("KPPatent-ZH TAC (title+abstract+claims)", tac_records, 5)]
    if THUNDERSOFT.exists():
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichan.settings")
        corpora.append(("中科创达 (title+abstract)", thundersoft_records, 5))
    for name, load, every in corpora:
        docs, pairs = planted(load(), every)
        result = measure(name, docs, pairs, ks, thresholds)
        result["pipeline"] = pipeline_recall(docs, pairs, neardup.Params())
        results.append(result)
        print(f"{name}: done", file=sys.stderr)
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
