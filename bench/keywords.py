"""Keyword extraction against KPPatent-ZH's gold keyphrases (issue 4, analysis 11): precision, recall and F1 at 5
and 10, macro-averaged over the documents, for TF-IDF and TextRank. Prints one JSON object.

    python bench/keywords.py [--file test_data_A.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
RAW = Path(os.environ.get("ZHICHAN_SHARED_RAW", ROOT.parent / "shared" / "data" / "raw"))


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    from zhichan.navigation import keywords

    parser = argparse.ArgumentParser()
    parser.add_argument("--file", default="test_data_A.json")
    args = parser.parse_args()
    path = RAW / "cn-patent-small-samples" / "KPPatent-ZH" / args.file
    docs = json.loads(path.read_text("utf-8"))
    out: dict = {"dataset": f"KPPatent-ZH/{args.file}", "documents": len(docs), "matching": "exact"}
    gold = [[g.strip() for g in d["output"].replace("，", ",").split(",") if g.strip()] for d in docs]
    out["gold_keyphrases_per_document"] = round(statistics.mean(len(g) for g in gold), 2)
    phrases = [(w, d["input"]) for d, g in zip(docs, gold, strict=True) for w in g]
    out["gold_found_verbatim_in_text"] = round(sum(w in text for w, text in phrases) / len(phrases), 3)
    out["gold_single_character"] = round(sum(len(w) == 1 for w, _ in phrases) / len(phrases), 3)
    for method in ("tfidf", "textrank"):
        started = time.perf_counter()
        predicted = [keywords.extract(d["input"], 10, method) for d in docs]
        seconds = time.perf_counter() - started
        result = {"seconds": round(seconds, 2)}
        for k in (5, 10):
            pairs = [keywords.score(p, g, k) for p, g in zip(predicted, gold, strict=True)]
            precision = statistics.mean(p for p, _ in pairs)
            recall = statistics.mean(r for _, r in pairs)
            result[f"@{k}"] = {"precision": round(precision, 4), "recall": round(recall, 4),
                               "f1": round(f1(precision, recall), 4)}
        out[method] = result
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
