"""The state machines of 异议 (an agency objects to a published grade or an event of its credit file) and 信用修复
(an agency asks that a bad record stop counting after it has put things right), on the workflow engine. Pure Python.

Both start the clock when the agency submits (OBJECTION_DAYS / REPAIR_DAYS working days for the office's answer);
asking for material pauses it. An objection upheld withdraws the event (it never counted); a repair granted ends it
on the day of the decision (the actions do both and recompute the grades).
Roles: the agency's users are APPLICANT, the office (agencies.manage) STAFF.
"""

from __future__ import annotations

from zhichan.core.workflow.machine import (
    APPLICANT,
    PAUSE,
    RESUME,
    STAFF,
    START,
    STOP,
    TEXT,
    Machine,
    Transition,
)

OBJECTION, REPAIR = "objection", "repair"
OBJECTION_DAYS = 15  # working days (the office's own commitment; the 办法 leaves the limit to the office)
REPAIR_DAYS = 15
A, S = frozenset({APPLICANT}), frozenset({STAFF})
UPHELD, GRANTED = "upheld", "granted"

FIELDS = {"reason": "异议理由", "measures": "整改情况", "comment": "说明", "decision": "处理决定"}
KINDS = {"reason": TEXT, "measures": TEXT, "comment": TEXT, "decision": TEXT}

OBJECTION_MACHINE = Machine(
    OBJECTION, "信用异议",
    {"draft": "草稿", "submitted": "待核查", "needs_material": "待补充材料", UPHELD: "异议成立",
     "dismissed": "异议不成立", "withdrawn": "已撤回"},
    "draft",
    (
        Transition("submit", "提出异议", ("draft",), "submitted", A, ("reason",), 0, START),
        Transition("request_material", "要求补充材料", ("submitted",), "needs_material", S, ("comment",), 0, PAUSE),
        Transition("answer", "补充材料", ("needs_material",), "submitted", A, ("comment",), 0, RESUME),
        Transition("uphold", "异议成立", ("submitted",), UPHELD, S, ("decision",), 0, STOP),
        Transition("dismiss", "异议不成立", ("submitted",), "dismissed", S, ("decision",), 0, STOP),
        Transition("withdraw", "撤回", ("submitted", "needs_material"), "withdrawn", A, (), 0, STOP),
    ),
    OBJECTION_DAYS, FIELDS, KINDS)

REPAIR_MACHINE = Machine(
    REPAIR, "信用修复",
    {"draft": "草稿", "submitted": "待审核", "needs_material": "待补充材料", GRANTED: "准予修复",
     "refused": "不予修复", "withdrawn": "已撤回"},
    "draft",
    (
        Transition("submit", "申请信用修复", ("draft",), "submitted", A, ("measures",), 0, START),
        Transition("request_material", "要求补充材料", ("submitted",), "needs_material", S, ("comment",), 0, PAUSE),
        Transition("answer", "补充材料", ("needs_material",), "submitted", A, ("comment",), 0, RESUME),
        Transition("grant", "准予修复", ("submitted",), GRANTED, S, ("decision",), 0, STOP),
        Transition("refuse", "不予修复", ("submitted",), "refused", S, ("decision",), 0, STOP),
        Transition("withdraw", "撤回", ("submitted", "needs_material"), "withdrawn", A, (), 0, STOP),
    ),
    REPAIR_DAYS, FIELDS, KINDS)

MACHINES = {OBJECTION: OBJECTION_MACHINE, REPAIR: REPAIR_MACHINE}
