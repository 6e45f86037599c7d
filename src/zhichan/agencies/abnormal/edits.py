"""Edited copies of a record, the way abnormal filings rework an earlier text: sentences reordered, words
swapped for synonyms, the title changed, a few claims edited. Pure and deterministic (seeded); the tests plant
these copies among real records and measure what detection finds (docs/agencies.md, 异常申请线索).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

SYNONYMS = {
    "方法": "方式", "装置": "设备", "系统": "体系", "用于": "用来", "包括": "包含", "获取": "获得", "确定": "判定",
    "根据": "依据", "所述": "该", "设置": "设有", "连接": "相连", "进行": "开展", "通过": "经由", "实现": "达成",
    "第一": "首个", "第二": "次个", "提高": "提升", "降低": "减少", "结构": "构造", "模块": "单元", "控制": "调控",
    "数据": "资料", "信息": "讯息", "图像": "影像", "终端": "端设备", "处理": "处置", "检测": "侦测", "生成": "产生",
}
TITLE_PREFIXES = ["一种新型", "一种改进的", "一种高效的", "基于改进方案的"]
_SENTENCE = re.compile(r"(?<=[。；;！？])")
_CLAIM = re.compile(r"(?=(?:^|\n|\s)\d{1,3}\s*[.、．])")


@dataclass(frozen=True)
class Edit:
    reorder: bool = True
    synonym_rate: float = 0.3  # share of the synonym table's words replaced where they occur
    change_title: bool = True
    claims_edited: int = 2


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def _swap(text: str, rng: random.Random, rate: float) -> str:
    for word, other in SYNONYMS.items():
        if word in text and rng.random() < rate:
            text = text.replace(word, other)
    return text


def edited(title: str, abstract: str, claims: str, seed: int, edit: Edit = Edit()) -> tuple[str, str, str]:
    """(title, abstract, claims) of an edited copy."""
    rng = random.Random(seed)
    new_title = title
    if edit.change_title:
        core = title.removeprefix("一种")
        new_title = _swap(rng.choice(TITLE_PREFIXES) + core, rng, 0.5)
        if new_title == title:
            new_title = "一种改进的" + core
    parts = sentences(abstract)
    if edit.reorder and len(parts) > 1:
        head, tail = parts[0], parts[1:]
        rng.shuffle(tail)
        parts = [head, *tail]
    new_abstract = _swap("".join(parts), rng, edit.synonym_rate)
    new_claims = _edit_claims(claims, rng, edit)
    return new_title, new_abstract, new_claims


def _edit_claims(claims: str, rng: random.Random, edit: Edit) -> str:
    if not claims:
        return claims
    items = [c for c in _CLAIM.split(claims) if c.strip()]
    chosen = set(rng.sample(range(len(items)), k=min(edit.claims_edited, len(items))))
    out = []
    for i, item in enumerate(items):
        if i in chosen:
            item = _swap(item, rng, 0.8)
            words = sentences(item)
            if len(words) > 2:  # drop one clause of a long claim
                del words[rng.randrange(1, len(words))]
                item = "".join(words)
        out.append(item)
    return _swap("".join(out), rng, edit.synonym_rate / 2)
