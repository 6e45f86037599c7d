"""Legal status words from exports, normalised (domain.md §3). Pure Python.

Every distinct status word of the shared exports is listed in tests/patents/test_status_words.py with the state it
maps to. The PCT words (PCT-有效期内, PCT-有效期满, 进入国家阶段-PCT有效期满 …) describe the international phase of a
PCT application: they never make a CN patent in force, whatever else they contain ("有效").
"""

from __future__ import annotations

VALID = "valid"  # 有效
PENDING = "pending"  # 审中 / 公开 / 实质审查
LAPSED = "lapsed"  # 失效 / 权利终止 / 未缴年费 / 期限届满 / 放弃 / 无效
REJECTED = "rejected"  # 驳回
WITHDRAWN = "withdrawn"  # 撤回 / 视为撤回
PCT = "pct"  # PCT 国际阶段 (international phase; not a patent of any office)
UNKNOWN = "unknown"

LABELS = {VALID: "有效", PENDING: "审中", LAPSED: "失效", REJECTED: "驳回", WITHDRAWN: "撤回", PCT: "PCT国际阶段",
          UNKNOWN: "未知"}
IN_FORCE = frozenset({VALID})

# checked in order, the first word found decides: PCT before everything (its words contain 有效), then the
# specific lapse and withdrawal words before the generic 有效/无效
_WORDS = [
    ("PCT", PCT), ("视为撤回", WITHDRAWN), ("撤回", WITHDRAWN), ("驳回", REJECTED), ("权利终止", LAPSED),
    ("未缴年费", LAPSED), ("期限届满", LAPSED), ("届满", LAPSED), ("放弃", LAPSED), ("全部无效", LAPSED),
    ("失效", LAPSED), ("无效", LAPSED), ("终止", LAPSED), ("有效", VALID), ("授权", VALID), ("审中", PENDING),
    ("实质审查", PENDING), ("实审", PENDING), ("公开", PENDING), ("未确认", UNKNOWN),
]
_ENGLISH = {"active": VALID, "alive": VALID, "granted": VALID, "in force": VALID, "pending": PENDING,
            "lapsed": LAPSED, "expired": LAPSED, "dead": LAPSED, "abandoned": WITHDRAWN, "withdrawn": WITHDRAWN,
            "rejected": REJECTED, "refused": REJECTED}


def normalize(word: str) -> str:
    text = str(word or "").strip()
    if not text:
        return UNKNOWN
    upper = text.upper()
    for needle, state in _WORDS:
        if needle in upper:
            return state
    return _ENGLISH.get(text.lower(), UNKNOWN)


def combine(validity: str, current: str) -> str:
    """incoPat gives 专利有效性 (有效/失效/审中/PCT-有效期内) and 当前法律状态 (授权/公开/驳回/撤回/权利终止 …); the
    detailed one wins unless it contradicts validity (an 授权 patent that is now 失效 is lapsed). A PCT word in
    either makes the record a PCT international-phase record."""
    detailed = normalize(current)
    overall = normalize(validity)
    if PCT in (detailed, overall):
        return PCT
    if detailed == VALID and overall == LAPSED:
        return LAPSED
    if detailed == UNKNOWN:
        return overall
    return detailed
