"""The review of an abnormal-application candidate on the workflow engine (core/workflow). Pure Python: the
statement limit comes in as an argument (the setting ZHICHAN_ABNORMAL_STATEMENT_DAYS, read by the actions).

线索 (lead) → 标记 (flagged: the office takes it up, with its reason) → 通知 (notified: the applicant or agency is
told and given a deadline for its statement; the clock starts) → 陈述 (stated: filed by the organisation's user on
its own page, or recorded by the office from a letter; the clock stops) → 结论: 正常, 属于非正常申请 (with the type of
规范申请专利行为的规定 Art. 3), 部分属于 (the applications concerned named). A lead the office does not take up is
closed (不予标记). The office may conclude without a statement only once the deadline has passed (the actions check
it); a conclusion of 非正常 feeds the agencies' credit files and may take the records out of the indicators.

Roles: the office (agencies.manage) is STAFF; a user of an organisation notified (respondent) is APPLICANT.
"""

from __future__ import annotations

from functools import cache

from zhichan.core.workflow.machine import APPLICANT, STAFF, START, STOP, TEXT, Machine, Transition


def _(text: str) -> str:
    """Marks a label for the catalogue (`make messages`); it is translated where it is shown (`|tr`, gettext)."""
    return text


A, S = frozenset({APPLICANT}), frozenset({STAFF})
LEAD, FLAGGED, NOTIFIED, STATED = "lead", "flagged", "notified", "stated"
NORMAL, ABNORMAL, PARTLY, CLOSED = "normal", "abnormal", "partly", "closed"
OPEN_STATES = (LEAD, FLAGGED, NOTIFIED, STATED)
CONCLUDED_ABNORMAL = (ABNORMAL, PARTLY)
CONCLUSIONS = ("conclude_normal", "conclude_abnormal", "conclude_partly")

STATES = {LEAD: _("线索"), FLAGGED: _("已标记"), NOTIFIED: _("已通知，待陈述"), STATED: _("已陈述"),
          NORMAL: _("结论：正常"), ABNORMAL: _("结论：属于非正常申请"), PARTLY: _("结论：部分属于非正常申请"),
          CLOSED: _("不予标记")}
FIELDS = {"reason": _("理由"), "notice": _("通知内容"), "statement": _("陈述意见"), "finding": _("结论和理由"),
          "order_type": _("规定第三条所列情形"), "applications": _("属于非正常申请的申请号")}
KINDS = {"reason": TEXT, "notice": TEXT, "statement": TEXT, "finding": TEXT}

# 规范申请专利行为的规定 (CNIPA Order No. 77, 2023) Art. 3, items (一)–(九), as a conclusion names them.
ORDER_77 = {
    "3(1)": _("（一）同时或者先后提交发明创造内容明显相同、或者实质上由不同发明创造特征或要素简单组合变化而形成的多件专利申请"),
    "3(2)": _("（二）所提交专利申请存在编造、伪造或变造发明创造内容、实验数据或技术效果，或者抄袭、简单替换、拼凑现有技术等"),
    "3(3)": _("（三）所提交专利申请的发明创造与申请人、发明人实际研发能力及资源条件明显不符"),
    "3(4)": _("（四）所提交多件专利申请的发明创造内容系主要利用计算机程序或者其他技术随机生成"),
    "3(5)": _("（五）所提交专利申请的发明创造系为规避可专利性审查目的而故意形成的明显不符合技术改进常理的变劣、堆砌、非必要缩限保护范围"),
    "3(6)": _("（六）为逃避查处，将实质上与特定单位、个人或地址关联的多件专利申请分散、先后或异地提交"),
    "3(7)": _("（七）不以实施专利技术、设计或其他正当目的倒买倒卖专利申请权或专利权，或者虚假变更发明人、设计人"),
    "3(8)": _("（八）专利代理机构、专利代理师，或者其他机构或个人，代理、诱导、教唆、帮助他人或者与之合谋实施各类非正常申请专利行为"),
    "3(9)": _("（九）违反诚实信用原则、扰乱正常专利工作秩序的其他非正常申请专利行为"),
}


@cache
def review_machine(statement_days: int) -> Machine:
    concluding = (FLAGGED, NOTIFIED, STATED)
    return Machine(
        "abnormal", _("非正常申请线索核查"), STATES, LEAD,
        (
            Transition("flag", _("标记"), (LEAD,), FLAGGED, S, ("reason",)),
            Transition("close", _("不予标记"), (LEAD,), CLOSED, S, ("reason",)),
            Transition("notify", _("通知陈述意见"), (FLAGGED,), NOTIFIED, S, ("notice",), 0, START),
            Transition("state", _("提交陈述意见"), (NOTIFIED,), STATED, A, ("statement",), 0, STOP),
            Transition("record_statement", _("登记陈述意见"), (NOTIFIED,), STATED, S, ("statement",), 0, STOP),
            Transition("conclude_normal", _("结论：正常"), concluding, NORMAL, S, ("finding",), 0, STOP),
            Transition("conclude_abnormal", _("结论：属于非正常申请"), concluding, ABNORMAL, S,
                       ("finding", "order_type"), 0, STOP),
            Transition("conclude_partly", _("结论：部分属于非正常申请"), concluding, PARTLY, S,
                       ("finding", "order_type", "applications"), 0, STOP),
        ),
        statement_days, FIELDS, KINDS)
