"""Legal status words from exports, normalised (domain.md §3). Pure Python."""

from __future__ import annotations

VALID = "valid"  # 有效
PENDING = "pending"  # 审中 / 公开 / 实质审查
LAPSED = "lapsed"  # 失效 / 权利终止 / 未缴年费 / 期限届满 / 放弃 / 无效
REJECTED = "rejected"  # 驳回
WITHDRAWN = "withdrawn"  # 撤回 / 视为撤回
UNKNOWN = "unknown"

LABELS = {VALID: "有效", PENDING: "审中", LAPSED: "失效", REJECTED: "驳回", WITHDRAWN: "撤回", UNKNOWN: "未知"}

_WORDS = [
    ("视为撤回", WITHDRAWN), ("撤回", WITHDRAWN), ("驳回", REJECTED), ("权利终止", LAPSED), ("未缴年费", LAPSED),
    ("期限届满", LAPSED), ("放弃", LAPSED), ("全部无效", LAPSED), ("失效", LAPSED), ("无效", LAPSED),
    ("有效", VALID), ("授权", VALID), ("审中", PENDING), ("实质审查", PENDING), ("公开", PENDING), ("PCT", PENDING),
    ("未确认", UNKNOWN),
]
_ENGLISH = {"active": VALID, "alive": VALID, "granted": VALID, "in force": VALID, "pending": PENDING,
            "lapsed": LAPSED, "expired": LAPSED, "dead": LAPSED, "abandoned": WITHDRAWN, "withdrawn": WITHDRAWN,
            "rejected": REJECTED, "refused": REJECTED}


def normalize(word: str) -> str:
    text = str(word or "").strip()
    if not text:
        return UNKNOWN
    for needle, status in _WORDS:
        if needle in text:
            return status
    return _ENGLISH.get(text.lower(), UNKNOWN)


def combine(validity: str, current: str) -> str:
    """incoPat gives 专利有效性 (有效/失效/审中) and 当前法律状态 (授权/公开/驳回/撤回/权利终止 …); the detailed one wins
    unless it contradicts validity (an 授权 patent that is now 失效 is lapsed)."""
    detailed = normalize(current)
    overall = normalize(validity)
    if detailed == VALID and overall == LAPSED:
        return LAPSED
    if detailed == UNKNOWN:
        return overall
    return detailed
