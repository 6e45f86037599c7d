"""Keyword hotspots: jieba segmentation with TF-IDF (or TextRank), patent boilerplate removed. Pure Python
(jieba is pure Python too). `bench/keywords.py` measures it against KPPatent-ZH's gold keyphrases."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import jieba
import jieba.analyse

jieba.setLogLevel(logging.WARNING)

# Words every patent abstract uses: they say nothing about the technology.
BOILERPLATE = set(["本发明", "本实用新型", "本申请", "新型", "基于", "外观设计", "外观", "发明", "实用新型", "公开", "涉及", "提供", "一种", "所述", "包括", "包含", "其中", "具有", "用于", "设置", "位于", "连接", "进行", "实现", "通过", "采用", "能够", "可以", "以及", "及其", "方法", "装置", "系统", "设备", "步骤", "技术领域", "领域", "技术", "效果", "问题", "解决", "目的", "特征", "结构", "部分", "端部", "一端", "另一端", "本体", "相对", "分别", "至少", "多个", "若干", "第一", "第二", "第三", "上述", "该", "此", "其", "并", "且", "或", "和", "与", "对", "在", "为", "由", "将", "使", "从", "到", "后", "中", "上", "下", "内", "外", "时", "个"])
_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _tfidf() -> jieba.analyse.TFIDF:
    extractor = jieba.analyse.TFIDF()
    return extractor


def warm() -> None:
    """Load jieba's dictionary and the IDF table (about a second, once per process)."""
    jieba.initialize()
    _tfidf().extract_tags("预热", topK=1)


def _keep(word: str) -> bool:
    return len(word) >= 2 and word not in BOILERPLATE and bool(_CJK.search(word)) and not word.isdigit()


def extract(text: str, k: int = 10, method: str = "tfidf") -> list[str]:
    """The k most characteristic Chinese keywords of one text."""
    text = re.sub(r"^摘要[:：]", "", text.strip())
    if method == "textrank":
        found = jieba.analyse.textrank(text, topK=k * 3, allowPOS=("n", "nz", "vn", "v", "an", "nr", "ns", "nt"))
    else:
        found = _tfidf().extract_tags(text, topK=k * 3)
    return [w for w in found if _keep(w)][:k]


def hotspots(texts: Iterable[str], k: int = 30) -> list[tuple[str, int]]:
    """Keywords of a set of records (e.g. one period): how many records name each, most frequent first."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(extract(text, 10)))
    return counts.most_common(k)


def score(predicted: list[str], gold: list[str], k: int) -> tuple[float, float]:
    """(precision, recall) at k, exact match."""
    top = predicted[:k]
    hits = len(set(top) & set(gold))
    return (hits / len(top) if top else 0.0, hits / len(gold) if gold else 0.0)
