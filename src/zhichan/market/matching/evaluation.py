"""Measuring the matcher (bench/matching.py, tests): a labelled set of demand → relevant patents built from real
exports by rules, and the two measures reported (recall@k, nDCG@k). Pure Python.

The demand: an enterprise describes the problem it has, not the solution; a patent's 背景技术 (background) ends with
the problem the prior art leaves open, in the words of someone who has it. So the demand text is the background's
last sentences that do not speak of the invention itself (本发明 / 本申请 …), at most `DEMAND_CHARS` characters. It
shares no field with what the index searches (title, abstract, claims): the matcher is not handed the answer. The
field the enterprise names is the IPC subclass (or class) of the patent's main IPC, as a field menu would offer.

The relevant set: the patent itself and its family members present in the corpus (grade 2), and the patents it cites
present in the corpus (grade 1).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

DEMAND_CHARS = 160
MIN_CHARS = 20
_OWN = re.compile(r"本发明|本申请|本公开|本实用新型|本技术方案|本方案")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]?")


@dataclass(frozen=True)
class Labelled:
    source: str  # the application number the demand was written from
    text: str
    ipc: str  # the field named (subclass or class), "" for text only
    relevant: Mapping[str, int] = field(default_factory=dict)  # application number -> grade (2 or 1)


def clean(value: str) -> str:
    value = html.unescape(_TAG.sub("", value or ""))
    return re.sub(r"\s+", "", value.replace("\u3000", " "))


def demand_text(background: str, limit: int = DEMAND_CHARS) -> str:
    """The problem statement of a background section: its last sentences that are not about the invention."""
    sentences = [s for s in _SENTENCE.findall(clean(background)) if s.strip("。！？；!?;") and not _OWN.search(s)]
    chosen: list[str] = []
    for sentence in reversed(sentences):
        if chosen and len(sentence) + sum(map(len, chosen)) > limit:
            break
        chosen.insert(0, sentence)
        if sum(map(len, chosen)) >= limit // 2:
            break
    text = "".join(chosen)
    if len(text) > limit:  # one long sentence: keep its end, from a clause boundary
        tail = text[-limit:]
        cut = tail.find("，")
        text = tail[cut + 1:] if 0 <= cut < limit // 2 else tail
    return text if len(text) >= MIN_CHARS else ""


def recall_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def ndcg_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    dcg = sum((2 ** relevant.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0
