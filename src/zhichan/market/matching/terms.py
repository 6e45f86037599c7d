"""What a demand's text asks for, as search features, and which of its words a record shares. Pure Python.

A demand is prose ("我们需要一种能在低温下保持容量的锂电池正极材料"), not a query: it is cut into features the index
can score with BM25 — each pair of adjacent Chinese characters (a bigram; the index matches it as a two-token phrase)
and each English word of three letters or more — minus the words every demand and every patent uses (一种, 方法, 需要 …),
which would only add noise. The shared terms shown with a match are the longest pieces of the demand's text found
in the record's title or abstract.
"""

from __future__ import annotations

import re

from zhichan.search import text

# Bigrams and words that say nothing about the technology: patent boilerplate and the language of demands.
_STOP_WORDS = """
一种 种能 方法 装置 系统 设备 所述 本发 发明 明提 提供 提出 本申 申请 请提 本公 公开 实用 用新 新型 我们 需要 要一
希望 寻求 目前 现有 有技 技术 术中 问题 解决 存在 进行 通过 包括 用于 其中 以及 能够 可以 实现 一个 具有 并且 从而
以便 使得 由于 因此 所以 相关 领域 涉及 及一 特别 尤其 是一 的是 中的 上的 了一 为了 对于 关于 以上 以下 如何 进一
一步 提高 降低 改善 有效 较高 较低 同时 方面 基于 根据 利用 采用 这种 该方 该装 该系 公司 企业 单位 合作 项目
and the for with from that this are was method system device apparatus using based
"""
STOP = frozenset(_STOP_WORDS.split())

MAX_FEATURES = 160  # features read from a demand; the engine looks up the most selective (ZHICHAN_MATCH_FEATURES)
MAX_SHARED = 12  # shared terms listed per match
MIN_SHARED = 2  # characters (Chinese) in a shared term


def features(value: str) -> list[tuple[str, ...]]:
    """The demand's distinct features in order of first appearance: bigrams (two tokens) and English words (one)."""
    tokens = [t for t in text.tokens(value) if t.isalnum()]
    seen: dict[tuple[str, ...], None] = {}
    for i, token in enumerate(tokens):
        if text.is_word(token):
            if len(token) > 2 and not token.isdigit() and token not in STOP:
                seen.setdefault((token,), None)
        elif i + 1 < len(tokens) and not text.is_word(tokens[i + 1]):
            gram = token + tokens[i + 1]
            if gram not in STOP:
                seen.setdefault((token, tokens[i + 1]), None)
        if len(seen) >= MAX_FEATURES:
            break
    return list(seen)


_EDGE = "的了和与及或在对为是个各每其该本所之将被把从"
_LEAD = re.compile(r"^(?:本|发明|申请|实用新型|公开|提供|涉及|提出|了|一种|一个|所述|及其)+")


def _telling(piece: str) -> bool:
    """Whether a shared piece says something: not a number, not made only of boilerplate bigrams."""
    if len(piece) < MIN_SHARED or piece.isdigit():
        return False
    if piece.isascii():
        return piece not in STOP
    return any(piece[k:k + 2] not in STOP for k in range(len(piece) - 1))


def shared_terms(demand: str, record: str) -> list[str]:
    """The longest pieces of the demand (two characters or more, not boilerplate) that the record's text contains,
    left to right, each once — what the match has in common, for highlighting."""
    haystack = text.normalize(record)
    chars = [c for c in text.normalize(demand) if c.isalnum()]
    found: dict[str, None] = {}
    i = 0
    while i < len(chars) and len(found) < MAX_SHARED:
        best = 0
        for j in range(min(len(chars), i + 16), i + MIN_SHARED - 1, -1):
            piece = "".join(chars[i:j])
            if piece in haystack:
                best = j
                break
        if best:
            piece = _LEAD.sub("", "".join(chars[i:best])).strip(_EDGE)
            if _telling(piece):
                found.setdefault(piece, None)
            i = best
        else:
            i += 1
    return [t for t in found if not any(t != u and t in u for u in found)]


def coverage(demand: str, record: str) -> float:
    """The share of the demand's features the record's text holds (0..1): text relevance without an index, for the
    few published demands a patent is compared with."""
    grams = features(demand)
    if not grams:
        return 0.0
    haystack = " ".join(text.tokens(record))
    flat = haystack.replace(" ", "")
    held = sum(1 for g in grams if ("".join(g) in flat if len(g) == 2 else f" {g[0]} " in f" {haystack} "))
    return round(held / len(grams), 4)
