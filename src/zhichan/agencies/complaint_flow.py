"""The state machine of a 投诉举报 on the workflow engine (core/workflow). Pure Python: the limits come in as
arguments (the settings ZHICHAN_COMPLAINT_ACCEPT_DAYS and ZHICHAN_COMPLAINT_CONCLUDE_DAYS, read by the actions).

Filing starts the clock with the acceptance limit (受理: 市场监督管理投诉举报处理暂行办法 Art. 14, 7 working days);
acceptance restarts it with the conclusion limit (核查: 市场监督管理行政处罚程序规定 Art. 18, 15 working days); asking
the complainant for material pauses it until they answer; a decision (不予受理, 查实, 查无实据) or a withdrawal
stops it. A substantiated conclusion (查实) is what feeds the agency's credit file (the actions do that).

Roles: the complainant is APPLICANT (only a signed-in one can act after filing: withdraw, answer a request for
material), the office handler STAFF, the office supervisor SUPERVISOR (assigns the handler).
"""

from __future__ import annotations

from functools import cache

from zhichan.core.workflow.machine import (
    APPLICANT,
    PAUSE,
    RESTART,
    RESUME,
    STAFF,
    STAFF_MEMBER,
    START,
    STOP,
    SUPERVISOR,
    TEXT,
    Machine,
    Transition,
)

A, S, V = frozenset({APPLICANT}), frozenset({STAFF, SUPERVISOR}), frozenset({SUPERVISOR})
SUBSTANTIATED, UNSUBSTANTIATED, DECLINED, WITHDRAWN = "substantiated", "unsubstantiated", "declined", "withdrawn"
OPEN_STATES = ("submitted", "accepted", "investigating", "needs_material")

STATES = {"draft": "草稿", "submitted": "待受理", "accepted": "已受理", "investigating": "核查中",
          "needs_material": "待补充材料", SUBSTANTIATED: "查实", UNSUBSTANTIATED: "查无实据", DECLINED: "不予受理",
          WITHDRAWN: "已撤回"}
FIELDS = {"subject": "被投诉举报机构", "description": "事实和理由", "reason": "理由", "assignee": "承办人",
          "comment": "说明", "finding": "核查结论"}
KINDS = {"description": TEXT, "reason": TEXT, "comment": TEXT, "finding": TEXT, "assignee": STAFF_MEMBER}


@cache
def complaint_machine(accept_days: int, conclude_days: int) -> Machine:
    return Machine(
        "complaint", "投诉举报", STATES, "draft",
        (
            Transition("submit", "提交", ("draft",), "submitted", A, ("subject", "description"), 0, START),
            Transition("accept", "受理", ("submitted",), "accepted", S, (), 0, RESTART, conclude_days),
            Transition("decline", "不予受理", ("submitted",), DECLINED, S, ("reason",), 0, STOP),
            Transition("assign", "分派承办人", ("accepted", "investigating"), "investigating", V, ("assignee",)),
            Transition("investigate", "开始核查", ("accepted",), "investigating", S),
            Transition("request_material", "要求补充材料", ("investigating",), "needs_material", S, ("comment",), 0,
                       PAUSE),
            Transition("answer", "补充材料", ("needs_material",), "investigating", A, ("comment",), 0, RESUME),
            # no answer (an anonymous filer cannot give one): the office goes on with what it has
            Transition("resume", "恢复核查", ("needs_material",), "investigating", S, ("comment",), 0, RESUME),
            Transition("substantiate", "查实", ("investigating",), SUBSTANTIATED, S, ("finding",), 0, STOP),
            Transition("dismiss", "查无实据", ("investigating",), UNSUBSTANTIATED, S, ("finding",), 0, STOP),
            Transition("withdraw", "撤回", ("submitted", "needs_material"), WITHDRAWN, A, (), 0, STOP),
        ),
        accept_days, FIELDS, KINDS)
