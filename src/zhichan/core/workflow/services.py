"""The online windows (在线窗口) as state machines: 专利预审 (entity filing and per-application requests),
维权援助, 商标业务, 集成电路布图设计, 质押登记, 知识产权托管, 咨询 (domain.md §8, seeds 000, 003, 004)."""

from __future__ import annotations

from zhichan.core.workflow.machine import (
    AMOUNT_WAN,
    APPLICANT,
    APPLICATION_NUMBER,
    APPLICATION_NUMBERS,
    CREDIT_CODE,
    DATE,
    ENTITY,
    IPC,
    PATENT_TYPE,
    PAUSE,
    RESTART,
    RESUME,
    STAFF,
    STAFF_MEMBER,
    START,
    STOP,
    SUPERVISOR,
    SYSTEM,
    TEXT,
    Machine,
    Transition,
)


def _(text: str) -> str:
    """Marks a label for the catalogue (makemessages); the machines keep their Chinese labels and pages show them
    through gettext (this module stays free of Django)."""
    return text


A, S, V, Y = frozenset({APPLICANT}), frozenset({STAFF, SUPERVISOR}), frozenset({SUPERVISOR}), frozenset({SYSTEM})
AS = A | S
# The kinds of the fields most windows share: written answers are multi-line, the handler is one of the staff.
COMMON_KINDS = {"comment": TEXT, "result": TEXT, "reason": TEXT, "outcome": TEXT, "assignee": STAFF_MEMBER}


def _kinds(labels: dict[str, str], kinds: dict[str, str] | None = None) -> dict[str, str]:
    """The kinds of a machine's fields: the common ones it has, and its own."""
    return {k: v for k, v in {**COMMON_KINDS, **(kinds or {})}.items() if k in labels}


def _review(kind: str, label: str, limit: int, submit_fields: tuple[str, ...], attachments: int,
            fields: dict[str, str], done: str = "approved", done_label: str = _("通过"),
            done_fields: tuple[str, ...] = ("result",), extra: tuple[Transition, ...] = (),
            extra_states: dict[str, str] | None = None, kinds: dict[str, str] | None = None,
            files: str = "", ordered: tuple[tuple[str, str], ...] = ()) -> Machine:
    """The common shape: the applicant submits, staff claim and review, may ask for more material (the clock
    pauses until the applicant answers), then decide; the applicant may withdraw while the case is open."""
    states = {"draft": _("草稿"), "submitted": _("已提交"), "in_review": _("办理中"), "needs_material": _("待补正"),
              done: done_label, "rejected": _("不予通过"), "withdrawn": _("已撤回"), **(extra_states or {})}
    transitions = (
        Transition("submit", _("提交"), ("draft",), "submitted", A, submit_fields, attachments, START, files=files),
        Transition("claim", _("认领"), ("submitted",), "in_review", S),
        Transition("assign", _("分派"), ("submitted", "in_review"), "in_review", V, ("assignee",)),
        Transition("request_material", _("要求补正"), ("in_review",), "needs_material", S, ("comment",), 0, PAUSE),
        Transition("answer", _("提交补正材料"), ("needs_material",), "in_review", A, ("comment",), 1, RESUME,
                   files=_("补正材料")),
        Transition("approve", done_label, ("in_review",), done, S, done_fields, 0, STOP),
        Transition("reject", _("不予通过"), ("in_review",), "rejected", S, ("reason",), 0, STOP),
        Transition("withdraw", _("撤回"), ("draft", "submitted", "needs_material"), "withdrawn", A, (), 0, STOP),
        *extra,
    )
    labels = {"assignee": _("承办人"), "comment": _("说明"), "result": _("办理结果"), "reason": _("理由"), **fields}
    return Machine(kind, label, states, "draft", transitions, limit, labels, _kinds(labels, kinds), ordered)


FILING_LIMIT = 10  # working days to file formally after a pre-examination pass (an office setting)

PREEXAM_ENTITY = _review(
    "preexam_entity", _("专利预审主体备案"), 5, ("entity_name", "credit_code", "address", "technical_fields"), 1,
    {"entity_name": _("主体名称"), "credit_code": _("统一社会信用代码"), "address": _("注册地址"), "technical_fields": _("技术领域")},
    done="registered", done_label=_("备案通过"), kinds={"credit_code": CREDIT_CODE, "technical_fields": TEXT},
    files=_("营业执照或法人登记证书"))

PREEXAM = _review(
    "preexam", _("专利预审"), 7, ("entity", "title", "patent_type", "ipc"), 1,
    {"entity": _("备案主体"), "title": _("发明名称"), "patent_type": _("专利类型"), "ipc": _("IPC分类号"),
     "application_number": _("正式申请号")},
    done="passed", done_label=_("预审合格"), extra_states={"filed": _("已正式提交"), "expired": _("逾期未提交")},
    kinds={"entity": ENTITY, "patent_type": PATENT_TYPE, "ipc": IPC, "application_number": APPLICATION_NUMBER},
    files=_("申请文件（请求书、说明书、权利要求书等）"),
    extra=(Transition("record_filing", _("登记正式申请"), ("passed",), "filed", AS, ("application_number",), 0, STOP),
           Transition("expire", _("逾期未提交"), ("passed",), "expired", Y, (), 0, STOP)))
# After a pass the clock restarts with the formal-filing deadline.
PREEXAM = Machine(PREEXAM.kind, PREEXAM.label, PREEXAM.states, PREEXAM.initial, tuple(
    Transition(t.name, t.label, t.sources, t.target, t.roles, t.fields, t.attachments, RESTART, FILING_LIMIT)
    if t.name == "approve" else t for t in PREEXAM.transitions), PREEXAM.limit, PREEXAM.fields, PREEXAM.kinds)

ASSISTANCE_FIELDS = {"subject": _("被投诉或侵权方"), "description": _("情况说明"), "reason": _("理由"), "assignee": _("承办人"),
                     "comment": _("说明"), "outcome": _("结案结果")}
ASSISTANCE = Machine(
    "assistance", _("维权援助"),
    {"draft": _("草稿"), "submitted": _("已提交"), "accepted": _("已受理"), "in_progress": _("援助中"), "needs_material": _("待补正"),
     "declined": _("不予受理"), "closed": _("已结案"), "withdrawn": _("已撤回")},
    "draft",
    (
        # evidence (侵权证据) may come with the submission or later
        Transition("submit", _("提交"), ("draft",), "submitted", A, ("subject", "description"), 0, START,
                   files=_("证据材料（可选：权属证明、侵权证据等）")),
        Transition("accept", _("受理"), ("submitted",), "accepted", S, (), 0, RESTART, 30),
        Transition("decline", _("不予受理"), ("submitted",), "declined", S, ("reason",), 0, STOP),
        Transition("assign", _("分派"), ("accepted", "in_progress"), "in_progress", S, ("assignee",)),
        Transition("record_action", _("记录指导或措施"), ("in_progress",), "in_progress", S, ("comment",)),
        Transition("request_material", _("要求补正"), ("in_progress",), "needs_material", S, ("comment",), 0, PAUSE),
        Transition("answer", _("提交补正材料"), ("needs_material",), "in_progress", A, ("comment",), 1, RESUME,
                   files=_("补正材料")),
        Transition("close", _("结案"), ("in_progress",), "closed", S, ("outcome",), 0, STOP),
        Transition("withdraw", _("撤回"), ("draft", "submitted", "needs_material"), "withdrawn", A, (), 0, STOP),
    ),
    5,
    ASSISTANCE_FIELDS, _kinds(ASSISTANCE_FIELDS, {"description": TEXT}))

TRADEMARK = _review("trademark", _("商标业务"), 5, ("business", "description"), 0,
                    {"business": _("业务类别"), "description": _("事项说明")}, done="done", done_label=_("已办结"),
                    kinds={"description": TEXT}, files=_("业务材料（可选）"))
LAYOUT_DESIGN = _review("layout_design", _("集成电路布图设计"), 5, ("business", "description"), 0,
                        {"business": _("业务类别"), "description": _("事项说明")}, done="done", done_label=_("已办结"),
                        kinds={"description": TEXT}, files=_("登记材料（可选）"))
PLEDGE = _review(
    "pledge", _("质押登记"), 5, ("pledgor", "pledgee", "rights", "amount_wan", "start_date", "end_date"), 1,
    {"pledgor": _("出质人"), "pledgee": _("质权人"), "rights": _("出质的专利或商标"), "amount_wan": _("融资金额（万元）"),
     "start_date": _("起始日"), "end_date": _("到期日"), "registration_number": _("登记号")},
    done="registered", done_label=_("已登记"), done_fields=("registration_number",),
    kinds={"rights": TEXT, "amount_wan": AMOUNT_WAN, "start_date": DATE, "end_date": DATE},
    ordered=(("start_date", "end_date"),), files=_("质押合同、权利证明、身份证明"))
TRUSTEESHIP = Machine(
    "trusteeship", _("知识产权托管"),
    {"draft": _("草稿"), "submitted": _("已提交"), "active": _("托管中"), "declined": _("不予受理"), "ended": _("已终止"),
     "withdrawn": _("已撤回")},
    "draft",
    (
        Transition("submit", _("提交"), ("draft",), "submitted", A, ("enterprise", "portfolio"), 0, START),
        Transition("accept", _("受理并指定托管方"), ("submitted",), "active", S, ("custodian",), 0, STOP),
        Transition("decline", _("不予受理"), ("submitted",), "declined", S, ("reason",), 0, STOP),
        Transition("end", _("终止托管"), ("active",), "ended", AS, ("reason",)),
        Transition("withdraw", _("撤回"), ("draft", "submitted"), "withdrawn", A, (), 0, STOP),
    ),
    5, {"enterprise": _("企业"), "portfolio": _("托管的专利（申请号）"), "custodian": _("托管方（知识产权局或服务机构）"), "reason": _("理由")},
    {"portfolio": APPLICATION_NUMBERS, "reason": TEXT})  # the watcher reads patent application numbers only
CONSULT = Machine(
    "consult", _("咨询"),
    {"draft": _("草稿"), "submitted": _("已提交"), "answered": _("已答复"), "published": _("已公开为常见问题"), "withdrawn": _("已撤回")},
    "draft",
    (
        Transition("submit", _("提问"), ("draft",), "submitted", A, ("question",), 0, START),
        Transition("answer_question", _("答复"), ("submitted",), "answered", S, ("answer",), 0, STOP),
        Transition("publish", _("公开为常见问题"), ("answered",), "published", S),
        Transition("withdraw", _("撤回"), ("draft", "submitted"), "withdrawn", A, (), 0, STOP),
    ),
    3, {"question": _("问题"), "answer": _("答复")}, {"question": TEXT, "answer": TEXT})

MACHINES = {m.kind: m for m in (PREEXAM_ENTITY, PREEXAM, ASSISTANCE, TRADEMARK, LAYOUT_DESIGN, PLEDGE, TRUSTEESHIP,
                                CONSULT)}
