"""The dispute cases on the workflow engine (core/workflow/machine.py): one machine per kind, and each kind's
time limits in the units its rules use (protection/clocks.py). Pure Python.

The engine checks states, roles and fields (wf.apply); the clock of a protection case is computed here, because
its limits run in calendar days and months as well as working days: a transition whose engine clock is START or
RESTART starts the limit named for it in `Kind.limits`, PAUSE/RESUME/STOP act as in the engine. Suspension (中止)
and extension (延长) are not transitions: they keep the case where it is (protection/actions.py).

Roles: the requester or reporter is APPLICANT; office handlers STAFF; protection.manage holders SUPERVISOR."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhichan.core.workflow import machine as wf
from zhichan.core.workflow.machine import (
    APPLICANT,
    DATE,
    RESTART,
    STAFF,
    START,
    STOP,
    SUPERVISOR,
    TEXT,
    Machine,
    Transition,
)
from zhichan.protection import clocks
from zhichan.protection.clocks import DAYS, MONTHS, WORKDAYS, Limit


def _(text: str) -> str:
    """Marks a label for the catalogue; pages show it through gettext (this module stays free of Django)."""
    return text


A, S, V = frozenset({APPLICANT}), frozenset({STAFF, SUPERVISOR}), frozenset({SUPERVISOR})
AS = A | S
ADJUDICATION, MEDIATION, REPORT, ECOMMERCE, GUIDANCE = "adjudication", "mediation", "report", "ecommerce", "guidance"
FAST = "fast"

# The rules (docs/protection.md lists each with its source).
ADJ_ACCEPT = Limit(5, WORKDAYS, _("立案：收到请求之日起 5 个工作日内（issue 16）"))
ADJ_DECIDE = Limit(3, MONTHS, _("裁决：自请求之日起 3 个月内（issue 16）"))
ADJ_EXTEND = Limit(1, MONTHS, _("延长：经批准延长不超过 1 个月（issue 16）"))
SERVE = Limit(5, WORKDAYS, _("送达：立案后 5 个工作日内将请求书副本送达被请求人（issue 16）"))
DEFENCE = Limit(15, DAYS, _("答辩：被请求人收到副本之日起 15 日内（issue 16）"))
HEARING_NOTICE = Limit(5, WORKDAYS, _("口头审理通知：至少提前 5 个工作日（issue 16）"))
MED_ACCEPT = Limit(5, WORKDAYS, _("受理：5 个工作日内（issue 16）"))
MED_DECIDE = Limit(2, MONTHS, _("调解：受理之日起 2 个月内（issue 16）"))
MED_EXTEND = Limit(1, MONTHS, _("复杂案件延长 1 个月，共 3 个月（issue 16）"))
ECOM_ACT = Limit(2, WORKDAYS, _("采取必要措施并转送：法律要求“及时”（电子商务法第四十二条），平台默认 2 个工作日"))
ECOM_WAIT = Limit(15, DAYS, _("声明到达权利人后 15 日内未收到投诉或起诉通知的，终止措施（电子商务法第四十三条）"))
GUIDE_ACCEPT = Limit(5, WORKDAYS, _("受理：平台服务承诺 5 个工作日（无法定时限）"))
GUIDE_ANSWER = Limit(20, WORKDAYS, _("指导意见：平台服务承诺 20 个工作日（无法定时限）"))
EVIDENCE = _("证据材料（可选）")
PANEL_MIN = 3  # a collegial panel: an odd number, at least 3 (issue 16)


@dataclass(frozen=True)
class Kind:
    machine: Machine
    limits: dict[str, Limit]  # transition name -> the limit it starts
    from_filing: frozenset[str] = frozenset()  # transitions whose limit counts from the filing day
    from_field: dict[str, str] = field(default_factory=dict)  # transition -> date field the limit counts from
    accepting: frozenset[str] = frozenset({"accept"})  # transitions that accept (立案/受理) the case
    extension: Limit | None = None  # 延长, once, by a supervisor
    pause_unit: str = MONTHS  # the unit a suspension is counted in (the running limit's)
    panel: bool = False  # needs a collegial panel before its decision
    declined: frozenset[str] = frozenset({"declined"})  # final states that are not 结案 (never accepted)

    @property
    def kind(self) -> str:
        return self.machine.kind

    @property
    def closed(self) -> set[str]:
        return self.machine.final_states - set(self.declined)


COMMON = {"reason": _("理由"), "comment": _("说明"), "assignee": _("承办人")}
COMMON_KINDS = {"reason": TEXT, "comment": TEXT}


def _machine(kind: str, label: str, states: dict[str, str], transitions: tuple[Transition, ...],
             fields: dict[str, str], kinds: dict[str, str], limit: Limit) -> Machine:
    labels = {**COMMON, **fields}
    all_kinds = {**COMMON_KINDS, **kinds}
    return Machine(kind, label, states, "draft", transitions, limit.amount, labels,
                   {k: v for k, v in all_kinds.items() if k in labels})


ADJUDICATION_KIND = Kind(_machine(
    ADJUDICATION, _("专利侵权纠纷行政裁决"),
    {"draft": _("草稿"), "submitted": _("待立案"), "accepted": _("已立案"), "served": _("已送达被请求人"),
     "hearing_set": _("已通知口头审理"), "heard": _("已口头审理"), "decided": _("已裁决"), "declined": _("不予受理"),
     "withdrawn": _("已撤回")},
    (Transition("submit", _("提交请求"), ("draft",), "submitted", AS, ("claims",), 0, START, files=EVIDENCE),
     Transition("accept", _("立案"), ("submitted",), "accepted", S, (), 0, RESTART),
     Transition("decline", _("不予受理"), ("submitted",), "declined", S, ("reason",), 0, STOP),
     Transition("serve", _("送达请求书副本"), ("accepted",), "served", S, ("served_on",)),
     Transition("schedule", _("通知口头审理"), ("served", "hearing_set"), "hearing_set", S, ("hearing_on", "place")),
     Transition("hear", _("口头审理"), ("hearing_set",), "heard", S, ("record",)),
     Transition("decide", _("作出裁决"), ("heard",), "decided", S, ("finding", "decision"), 0, STOP),
     Transition("withdraw", _("撤回请求"), ("submitted", "accepted", "served", "hearing_set", "heard"), "withdrawn",
                AS, ("reason",), 0, STOP)),
    {"claims": _("请求事项和理由"), "served_on": _("被请求人收到副本日期"), "hearing_on": _("口头审理日期"),
     "place": _("口头审理地点"), "record": _("口头审理记录"), "finding": _("侵权是否成立"), "decision": _("裁决内容")},
    {"claims": TEXT, "served_on": DATE, "hearing_on": DATE, "record": TEXT, "decision": TEXT}, ADJ_ACCEPT),
    {"submit": ADJ_ACCEPT, "accept": ADJ_DECIDE}, from_filing=frozenset({"accept"}), extension=ADJ_EXTEND,
    pause_unit=MONTHS, panel=True)

MEDIATION_KIND = Kind(_machine(
    MEDIATION, _("专利纠纷调解"),
    {"draft": _("草稿"), "submitted": _("待受理"), "accepted": _("调解中"), "settled": _("调解成功"), "failed": _("调解不成"),
     "declined": _("不予受理"), "withdrawn": _("已撤回")},
    (Transition("submit", _("提交请求"), ("draft",), "submitted", AS, ("claims",), 0, START, files=EVIDENCE),
     Transition("accept", _("受理"), ("submitted",), "accepted", S, (), 0, RESTART),
     Transition("decline", _("不予受理"), ("submitted",), "declined", S, ("reason",), 0, STOP),
     Transition("settle", _("达成调解协议"), ("accepted",), "settled", S, ("agreement",), 0, STOP),
     Transition("fail", _("调解不成"), ("accepted",), "failed", S, ("reason",), 0, STOP),
     Transition("withdraw", _("撤回请求"), ("submitted", "accepted"), "withdrawn", AS, ("reason",), 0, STOP)),
    {"claims": _("调解事项"), "agreement": _("调解协议")}, {"claims": TEXT, "agreement": TEXT}, MED_ACCEPT),
    {"submit": MED_ACCEPT, "accept": MED_DECIDE}, extension=MED_EXTEND, pause_unit=MONTHS)

REPORT_KIND_LABELS = {"counterfeit": _("假冒专利"), "infringement": _("侵权线索"), "other": _("其他")}


def report_kind(accept_days: int, conclude_days: int) -> Kind:
    """投诉举报: the limits are the office's complaint settings (ZHICHAN_COMPLAINT_ACCEPT_DAYS and
    ZHICHAN_COMPLAINT_CONCLUDE_DAYS, the same as for complaints against agencies), in working days."""
    accept = Limit(accept_days, WORKDAYS, _("受理：ZHICHAN_COMPLAINT_ACCEPT_DAYS 个工作日"))
    conclude = Limit(conclude_days, WORKDAYS, _("核查：ZHICHAN_COMPLAINT_CONCLUDE_DAYS 个工作日"))
    return Kind(_machine(
        REPORT, _("投诉举报"),
        {"draft": _("草稿"), "submitted": _("待受理"), "accepted": _("核查中"), "substantiated": _("查实"),
         "unsubstantiated": _("查无实据"), "declined": _("不予受理"), "withdrawn": _("已撤回")},
        (Transition("submit", _("提交"), ("draft",), "submitted", AS, ("category", "claims"), 0, START, files=EVIDENCE),
         Transition("accept", _("受理"), ("submitted",), "accepted", S, (), 0, RESTART),
         Transition("decline", _("不予受理"), ("submitted",), "declined", S, ("reason",), 0, STOP),
         Transition("substantiate", _("查实"), ("accepted",), "substantiated", S, ("finding",), 0, STOP),
         Transition("dismiss", _("查无实据"), ("accepted",), "unsubstantiated", S, ("finding",), 0, STOP),
         Transition("withdraw", _("撤回"), ("submitted",), "withdrawn", A, (), 0, STOP)),
        {"category": _("类别"), "claims": _("事实和理由"), "finding": _("核查结论")}, {"claims": TEXT, "finding": TEXT},
        accept),
        {"submit": accept, "accept": conclude}, pause_unit=WORKDAYS)


ECOMMERCE_KIND = Kind(_machine(
    ECOMMERCE, _("电子商务知识产权通知与声明"),
    {"draft": _("草稿"), "submitted": _("已收到通知"), "measures": _("已采取必要措施"), "countered": _("已收到不侵权声明"),
     "maintained": _("权利人已投诉或起诉，措施继续"), "ended": _("措施已终止"), "rejected": _("通知不予采纳")},
    (Transition("submit", _("提交通知"), ("draft",), "submitted", AS, ("listing", "claims"), 1, START,
                files=_("构成侵权的初步证据")),
     Transition("take_measures", _("采取必要措施并转送经营者"), ("submitted",), "measures", S, ("measures",), 0, STOP),
     Transition("reject", _("不予采纳（无初步证据）"), ("submitted",), "rejected", S, ("reason",), 0, STOP),
     Transition("counter", _("登记不侵权声明"), ("measures",), "countered", S, ("reached_on",), 0, RESTART),
     Transition("holder_acted", _("权利人已投诉或起诉"), ("countered",), "maintained", S, ("acted_on", "comment"), 0,
                STOP),
     Transition("end_measures", _("终止措施"), ("countered",), "ended", S, (), 0, STOP)),
    {"listing": _("商品或服务链接"), "claims": _("侵权事实"), "measures": _("采取的措施"),
     "reached_on": _("声明到达权利人日期"), "acted_on": _("投诉或起诉日期")},
    {"claims": TEXT, "measures": TEXT, "reached_on": DATE, "acted_on": DATE}, ECOM_ACT),
    {"submit": ECOM_ACT, "counter": ECOM_WAIT}, from_field={"counter": "reached_on"},
    accepting=frozenset({"take_measures"}), pause_unit=DAYS, declined=frozenset({"rejected"}))

GUIDANCE_KIND = Kind(_machine(
    GUIDANCE, _("海外知识产权纠纷应对指导"),
    {"draft": _("草稿"), "submitted": _("待受理"), "accepted": _("指导中"), "answered": _("已出具指导意见"),
     "declined": _("不予受理"), "withdrawn": _("已撤回")},
    (Transition("submit", _("提交请求"), ("draft",), "submitted", AS, ("country", "claims"), 0, START, files=EVIDENCE),
     Transition("accept", _("受理"), ("submitted",), "accepted", S, (), 0, RESTART),
     Transition("decline", _("不予受理"), ("submitted",), "declined", S, ("reason",), 0, STOP),
     Transition("answer", _("出具指导意见"), ("accepted",), "answered", S, ("advice",), 0, STOP),
     Transition("withdraw", _("撤回"), ("submitted",), "withdrawn", A, (), 0, STOP)),
    {"country": _("国家或地区"), "claims": _("纠纷情况"), "advice": _("指导意见")}, {"claims": TEXT, "advice": TEXT},
    GUIDE_ACCEPT),
    {"submit": GUIDE_ACCEPT, "accept": GUIDE_ANSWER}, pause_unit=WORKDAYS)



def fast_kind(accept_days: int, conclude_days: int) -> Kind:
    """快速维权 at the protection centre (mostly 外观设计 and trademark disputes of a market or fair): a fast clock in
    working days, the settings ZHICHAN_FAST_ACCEPT_DAYS (2) and ZHICHAN_FAST_CONCLUDE_DAYS (10): the centres'
    published service commitments, per practice, not statute (docs/protection.md)."""
    accept = Limit(accept_days, WORKDAYS, _("受理：ZHICHAN_FAST_ACCEPT_DAYS 个工作日（保护中心服务承诺，非法定时限）"))
    conclude = Limit(conclude_days, WORKDAYS,
                     _("办结：受理后 ZHICHAN_FAST_CONCLUDE_DAYS 个工作日（保护中心服务承诺，非法定时限）"))
    return Kind(_machine(
        FAST, _("快速维权"),
        {"draft": _("草稿"), "submitted": _("待受理"), "accepted": _("快速处理中"), "concluded": _("快速处理完毕"),
         "declined": _("不予受理"), "withdrawn": _("已撤回")},
        (Transition("submit", _("提交快速维权请求"), ("draft",), "submitted", AS, ("claims",), 0, START,
                    files=EVIDENCE),
         Transition("accept", _("受理"), ("submitted",), "accepted", S, (), 0, RESTART),
         Transition("decline", _("不予受理"), ("submitted",), "declined", S, ("reason",), 0, STOP),
         Transition("conclude", _("出具意见，快速处理完毕"), ("accepted",), "concluded", S, ("finding", "opinion"), 0,
                    STOP),
         Transition("withdraw", _("撤回请求"), ("submitted", "accepted"), "withdrawn", AS, ("reason",), 0, STOP)),
        {"claims": _("请求事项和理由"), "finding": _("侵权是否成立"), "opinion": _("处理意见")},
        {"claims": TEXT, "opinion": TEXT}, accept),
        {"submit": accept, "accept": conclude}, pause_unit=WORKDAYS)


STATIC_KINDS = {k.kind: k for k in (ADJUDICATION_KIND, MEDIATION_KIND, ECOMMERCE_KIND, GUIDANCE_KIND)}
KIND_ORDER = (ADJUDICATION, MEDIATION, REPORT, FAST, ECOMMERCE, GUIDANCE)
ENFORCEMENT = (ADJUDICATION, REPORT)  # the kinds counted as 行政执法办案 (indicator enforcement_cases)


def kind_of(code: str, accept_days: int = 7, conclude_days: int = 15, fast: tuple[int, int] = (2, 10)) -> Kind:
    """The kind `code`; the report and 快速维权 kinds take their limits from the settings (read by the actions)."""
    if code == REPORT:
        return report_kind(accept_days, conclude_days)
    if code == FAST:
        return fast_kind(*fast)
    return STATIC_KINDS[code]


def tick(kind: Kind, clock: wf.Clock, t: Transition, today: dt.date, filed_on: dt.date | None,
         fields: dict[str, str]) -> wf.Clock:
    """The case's clock after transition `t` on `today`."""
    if t.clock in (START, RESTART):
        limit = kind.limits[t.name]
        base = filed_on if t.name in kind.from_filing else None
        if t.name in kind.from_field:
            base = dt.date.fromisoformat(fields[kind.from_field[t.name]])
        return clocks.start(today, limit, base)
    if t.clock == STOP:
        return clocks.stop(clock, today)
    return clock
