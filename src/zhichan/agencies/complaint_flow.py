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


def _(text: str) -> str:
    """Marks a label for the catalogue (`make messages`); it is translated where it is shown (`|tr`, gettext)."""
    return text


A, S, V = frozenset({APPLICANT}), frozenset({STAFF, SUPERVISOR}), frozenset({SUPERVISOR})
SUBSTANTIATED, UNSUBSTANTIATED, DECLINED, WITHDRAWN = "substantiated", "unsubstantiated", "declined", "withdrawn"
OPEN_STATES = ("submitted", "accepted", "investigating", "needs_material")

STATES = {"draft": _("草稿"), "submitted": _("待受理"), "accepted": _("已受理"), "investigating": _("核查中"),
          "needs_material": _("待补充材料"), SUBSTANTIATED: _("查实"), UNSUBSTANTIATED: _("查无实据"), DECLINED: _("不予受理"),
          WITHDRAWN: _("已撤回")}
FIELDS = {"subject": _("被投诉举报机构"), "description": _("事实和理由"), "reason": _("理由"), "assignee": _("承办人"),
          "comment": _("说明"), "finding": _("核查结论")}
KINDS = {"description": TEXT, "reason": TEXT, "comment": TEXT, "finding": TEXT, "assignee": STAFF_MEMBER}


@cache
def complaint_machine(accept_days: int, conclude_days: int) -> Machine:
    return Machine(
        "complaint", _("投诉举报"), STATES, "draft",
        (
            Transition("submit", _("提交"), ("draft",), "submitted", A, ("subject", "description"), 0, START),
            Transition("accept", _("受理"), ("submitted",), "accepted", S, (), 0, RESTART, conclude_days),
            Transition("decline", _("不予受理"), ("submitted",), DECLINED, S, ("reason",), 0, STOP),
            Transition("assign", _("分派承办人"), ("accepted", "investigating"), "investigating", V, ("assignee",)),
            Transition("investigate", _("开始核查"), ("accepted",), "investigating", S),
            Transition("request_material", _("要求补充材料"), ("investigating",), "needs_material", S, ("comment",), 0,
                       PAUSE),
            Transition("answer", _("补充材料"), ("needs_material",), "investigating", A, ("comment",), 0, RESUME),
            # no answer (an anonymous filer cannot give one): the office goes on with what it has
            Transition("resume", _("恢复核查"), ("needs_material",), "investigating", S, ("comment",), 0, RESUME),
            Transition("substantiate", _("查实"), ("investigating",), SUBSTANTIATED, S, ("finding",), 0, STOP),
            Transition("dismiss", _("查无实据"), ("investigating",), UNSUBSTANTIATED, S, ("finding",), 0, STOP),
            Transition("withdraw", _("撤回"), ("submitted", "needs_material"), WITHDRAWN, A, (), 0, STOP),
        ),
        accept_days, FIELDS, KINDS)
