"""Writes of the service hall: each checks who may act (the engine's roles resolved per case), runs in a
transaction, keeps the case's history and the audit trail, and notifies the other side."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied, require
from zhichan.core.workflow import machine as wf
from zhichan.core.workflow.services import MACHINES
from zhichan.patents import ipc
from zhichan.services import fieldrules, uploads
from zhichan.services.access import roles_on
from zhichan.services.models import Attachment, Case, CaseEvent, Notification, TechnicalField, Window

PREFIX = {"preexam_entity": "BA", "preexam": "YS", "assistance": "WQ", "trademark": "SB", "layout_design": "BT",
          "pledge": "ZY", "trusteeship": "TG", "consult": "ZX"}


def _number(kind: str, today: dt.date) -> str:
    prefix = f"{PREFIX[kind]}{today.year}"
    last = Case.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    return f"{prefix}{int(last[len(prefix):]) + 1 if last else 1:06d}"


def submission(machine: wf.Machine) -> wf.Transition:
    """The applicant's transition out of a draft that carries the filing (提交, 提问)."""
    return next(t for t in machine.available(machine.initial, wf.APPLICANT) if t.fields)


def _draft_fields(machine: wf.Machine, fields: dict[str, str] | None, stored: dict[str, str] | None = None
                  ) -> dict[str, str]:
    """What a draft may hold: the submission's fields, each checked for its kind when filled in (fieldrules);
    empty ones are left out."""
    first = submission(machine)
    extra = sorted(set(fields or {}) - set(first.accepts))
    if extra:
        raise wf.UndeclaredFields(first.label, extra, machine.fields)
    clean, errors = fieldrules.check(machine, fields or {}, stored)
    fieldrules.refuse(machine, errors)
    return clean


@transaction.atomic
def do_open_case(actor: Any, kind: str, fields: dict[str, str] | None = None) -> Case:
    """A draft case, numbered; `fields` may pre-fill what the submission takes, nothing else. The pages call this
    only when the user saves a draft (or submits: do_file_case), never to show the empty form."""
    require(actor, "services.apply")
    machine = MACHINES[kind]
    clean = {k: v for k, v in _draft_fields(machine, fields).items() if v}
    window = Window.objects.get(kind=kind)
    case = Case.objects.create(number=_number(kind, timezone.localdate()), kind=kind, window=window,
                               organization_id=actor.organization_id, applicant=actor, state=machine.initial,
                               fields=clean)
    audit.record(actor, "services.open", case, summary=f"{machine.label} {case.number}")
    return case


@transaction.atomic
def do_save_draft(actor: Any, case: Case, fields: dict[str, str]) -> Case:
    """Save the applicant's changes to a draft: the submission's fields, checked for their kinds; a field sent
    empty is cleared."""
    machine = MACHINES[case.kind]
    if wf.APPLICANT not in roles_on(actor, case):
        raise PermissionDenied("services.case")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.state != machine.initial:
        raise wf.TransitionError(gettext_noop("只有草稿可以保存修改"))
    clean = _draft_fields(machine, fields, case.fields)
    before = dict(case.fields)
    case.fields = {k: v for k, v in {**case.fields, **clean}.items() if v}
    case.save(update_fields=["fields", "updated_at"])
    audit.record(actor, "services.save_draft", case, summary=f"{case.number} 保存草稿",
                 changes={k: [before.get(k, ""), case.fields.get(k, "")] for k in clean
                          if before.get(k, "") != case.fields.get(k, "")})
    return case


def do_file_case(actor: Any, kind: str, fields: dict[str, str], files: list[Any] | None = None,
                 today: dt.date | None = None) -> Case:
    """Open a case and submit it in one go (the empty form's 提交): if the submission is refused, no case and no
    number remain."""
    with transaction.atomic():
        case = do_open_case(actor, kind)
        return do_transition(actor, case, submission(MACHINES[kind]).name, fields, files, today)


def clock_of(case: Case) -> wf.Clock:
    return wf.Clock.of(case)


def _state(case: Case) -> wf.CaseState:
    return wf.CaseState(case.state, clock_of(case))


def registered_entities(organization_id: int | None) -> list[str]:
    """The names of an organisation's entities whose pre-examination filing (专利预审主体备案) passed."""
    if organization_id is None:
        return []
    rows = Case.objects.filter(kind="preexam_entity", state="registered", organization_id=organization_id)
    return sorted({name for name in (c.fields.get("entity_name", "") for c in rows.only("fields")) if name})


def _extra_checks(case: Case, name: str, fields: dict[str, str]) -> None:
    """What the state machine and the field kinds cannot know: who the handler may be, and the pre-examination
    rules (domain.md §8): the 备案主体 is one of the organisation's registered entities, the IPC symbol is in the
    protection centre's technical fields."""
    errors: dict[str, fieldrules.FieldError] = {}
    if name == "assign" and fields.get("assignee") and \
            not case.window.staff.filter(username=fields["assignee"]).exists():
        errors["assignee"] = fieldrules.FieldError(gettext_noop("“%(name)s”不是本窗口的工作人员"), name=fields["assignee"])
    if case.kind == "preexam" and name == "submit":
        entities = registered_entities(case.organization_id)
        if not entities:
            errors["entity"] = fieldrules.FieldError(gettext_noop("请先办理专利预审主体备案，备案通过后才能提交预审请求"))
        elif fields.get("entity") not in entities:
            errors["entity"] = fieldrules.FieldError(gettext_noop("“%(name)s”不是本单位备案通过的主体（备案通过的有：%(names)s）"),
                                                     name=fields.get("entity", ""), names="、".join(entities))
        code = ipc.normalize(fields.get("ipc", "")) or ""
        allowed = list(TechnicalField.objects.values_list("ipc", flat=True))
        if allowed and not any(level in allowed for level in ipc.ancestors(code)):
            errors["ipc"] = fieldrules.FieldError(gettext_noop("分类号 %(code)s 不在保护中心的预审技术领域内"),
                                                  code=fields.get("ipc", ""))
    fieldrules.refuse(MACHINES[case.kind], errors)


def do_transition(actor: Any, case: Case, name: str, fields: dict[str, str] | None = None,
                  files: list[Any] | None = None, today: dt.date | None = None) -> Case:
    """Take a transition of the case's state machine with the fields it declares. Raises PermissionDenied (not a
    party to the case), wf.UndeclaredFields (a field the transition does not take: nothing is stored),
    wf.FieldErrors (a value not of its field's kind, dates out of order, an unregistered entity …),
    wf.TransitionError (not allowed now, missing field or attachment) or uploads.UploadRefused."""
    machine = MACHINES[case.kind]
    transition = machine.transition(name)
    roles = roles_on(actor, case) if actor is not None else {wf.SYSTEM}
    if not roles:
        raise PermissionDenied("services.case")
    role = next((r for r in (wf.SUPERVISOR, wf.STAFF, wf.APPLICANT, wf.SYSTEM) if r in roles and r in
                 transition.roles), next(iter(roles)))
    fields = wf.accepted(machine, transition, fields or {})
    kinds = [uploads.check(f) for f in files or []]
    today = today or timezone.localdate()
    stored: list[str] = []
    try:
        return _transition(actor, case, machine, transition, role, fields, files or [], kinds, today, stored)
    except BaseException:
        uploads.discard(stored)  # the transaction rolled back: no attachment of it stays on disk
        raise


def _transition(actor: Any, case: Case, machine: wf.Machine, transition: wf.Transition, role: str,
                fields: dict[str, str], files: list[Any], kinds: list[str], today: dt.date,
                stored: list[str]) -> Case:
    name = transition.name
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        fields, errors = fieldrules.check(machine, fields, case.fields)  # each value of its kind, in its stored form
        fieldrules.refuse(machine, errors)
        merged = {**case.fields, **{k: v for k, v in fields.items() if k != "comment"}}  # comments stay per event
        _extra_checks(case, name, merged)
        after = wf.apply(machine, _state(case), name, role, {**merged, **fields}, len(kinds), today)
        event = CaseEvent.objects.create(case=case, transition=name, from_state=case.state, to_state=after.state,
                                         actor=actor, role=role, comment=fields.get("comment", ""),
                                         changes={k: v for k, v in fields.items() if case.fields.get(k) != v})
        for upload, kind in zip(files, kinds, strict=True):
            stored_as, size = uploads.store(upload)
            stored.append(stored_as)
            Attachment.objects.create(case=case, event=event, name=(upload.name or "")[:255], stored_as=stored_as,
                                      size=size, kind=kind, uploaded_by=actor)
        if name == "assign" and fields.get("assignee"):
            case.assignee = case.window.staff.filter(username=fields["assignee"]).first() or case.assignee
        if name == "claim" and actor is not None:
            case.assignee = actor
        case.state, case.fields = after.state, merged
        after.clock.store(case)
        case.save()
        audit.record(actor, f"services.{name}", case, summary=f"{case.number} {transition.label}",
                     changes={"from": event.from_state, "to": event.to_state, **event.changes})
        _notify_other_side(case, role, f"{machine.label} {case.number}：{transition.label}")
        if name == "assign" and case.assignee is not None and case.assignee != actor:
            # the handler a supervisor chose learns of it here, not by chancing on the workbench
            notify(case.assignee, f"{machine.label} {case.number}：分派给您办理", f"/services/cases/{case.pk}/")
    return case


def _notify_other_side(case: Case, role: str, title: str) -> None:
    if role == wf.APPLICANT:
        users = [case.assignee] if case.assignee else list(case.window.staff.all())
    else:
        users = [case.applicant]
    for user in users:
        notify(user, title, f"/services/cases/{case.pk}/")


def notify(user: Any, title: str, url: str) -> None:
    Notification.objects.create(user=user, title=title[:300], url=url)
    if user.email:
        transaction.on_commit(lambda: send_mail(f"[知产] {title}", f"{title}\n\n{url}", settings.DEFAULT_FROM_EMAIL,
                                                [user.email], fail_silently=True))


DECIDED = {"preexam": {"passed"}}  # a result the applicant can rate before the case ends (the filing comes later)


def rateable(case: Case) -> bool:
    return case.state in MACHINES[case.kind].final_states or case.state in DECIDED.get(case.kind, set())


@transaction.atomic
def do_rate(actor: Any, case: Case, score: int, comment: str = "") -> Case:
    if wf.APPLICANT not in roles_on(actor, case):
        raise PermissionDenied("services.rate")
    if not rateable(case):
        raise wf.TransitionError(gettext_noop("办结后才能评价"))
    if not 1 <= score <= 5:
        raise wf.TransitionError(gettext_noop("满意度为 1 到 5 分"))
    case.rating, case.rating_comment = score, comment.strip()[:500]
    case.save(update_fields=["rating", "rating_comment", "updated_at"])
    audit.record(actor, "services.rate", case, summary=f"{case.number} 评价 {score} 分")
    return case


def remind_and_escalate(today: dt.date | None = None) -> dict[str, int]:
    """Reminders to the handler when a case is due soon; escalation to the window's supervisor when overdue.
    Each is sent once per case (reminded_at, escalated_at)."""
    today = today or timezone.localdate()
    counts = {"reminded": 0, "escalated": 0}
    running = Case.objects.filter(stopped_on=None, paused_on=None).exclude(due=None).select_related("window")
    for case in running:
        standing = wf.standing(_state(case).clock, today)
        if standing == wf.DUE_SOON and case.reminded_at is None:
            for user in [case.assignee] if case.assignee else case.window.staff.all():
                notify(user, f"即将到期：{case.number}（{case.due:%Y-%m-%d}）", f"/services/cases/{case.pk}/")
            Case.objects.filter(pk=case.pk).update(reminded_at=timezone.now())
            counts["reminded"] += 1
        elif standing == wf.OVERDUE and case.escalated_at is None and case.window.supervisor:
            notify(case.window.supervisor, f"已超期：{case.number}（应于 {case.due:%Y-%m-%d} 办结）",
                   f"/services/cases/{case.pk}/")
            Case.objects.filter(pk=case.pk).update(escalated_at=timezone.now())
            audit.record(None, "services.escalate", case, summary=f"{case.number} 超期上报")
            counts["escalated"] += 1
    return counts


def expire_filing_deadlines(today: dt.date | None = None) -> int:
    """A pre-examination that passed but was not filed formally in time ends as 逾期未提交 (the system acts)."""
    today = today or timezone.localdate()
    expired = 0
    for case in Case.objects.filter(kind="preexam", state="passed", due__lt=today):
        do_transition(None, case, "expire", today=today)
        expired += 1
    return expired


def trusteeship_alerts(today: dt.date | None = None) -> int:
    """Reminders for watched portfolios: annual fees due within 30 days, lapses, terms ending; once per patent
    and alert per day (the notification title is the key)."""
    from zhichan.services import trusteeship

    today = today or timezone.localdate()
    sent = 0
    for case in Case.objects.filter(kind="trusteeship", state="active").select_related("applicant"):
        for w in trusteeship.watch(case.fields.get("portfolio", ""), today):
            if not w.alert:
                continue
            title = f"托管提醒 {case.number}：{w.key} {trusteeship.ALERT_LABELS[w.alert]}" + \
                (f"（{w.next_fee:%Y-%m-%d}）" if w.alert == "fee_due" and w.next_fee else "")
            for user in {case.applicant, *case.window.staff.all()}:
                if not Notification.objects.filter(user=user, title=title).exists():
                    notify(user, title, f"/services/cases/{case.pk}/")
                    sent += 1
    return sent


@transaction.atomic
def do_set_technical_fields(actor: Any, text: str) -> list[str]:
    """Replace the protection centre's technical fields (one IPC code per line, any level, optional name)."""
    require(actor, "services.manage")
    rows = []
    for line in text.splitlines():
        parts = line.strip().split(maxsplit=1)
        if not parts:
            continue
        code = ipc.normalize(parts[0]) or parts[0].upper()
        if not code[:1].isalpha():
            raise wf.TransitionError(gettext_noop("“%(code)s”不是分类号"), code=parts[0])
        rows.append(TechnicalField(ipc=code, name=parts[1] if len(parts) > 1 else ""))
    old = list(TechnicalField.objects.values_list("ipc", flat=True))
    TechnicalField.objects.all().delete()
    TechnicalField.objects.bulk_create(rows)
    audit.record(actor, "services.fields", None, summary=f"预审技术领域 {len(rows)} 项",
                 changes={"before": old, "after": [r.ipc for r in rows]})
    return [r.ipc for r in rows]


def do_feed_indicators(actor: Any, region: Any, year: int) -> list[Any]:
    """The service records feed the plans' reported indicators as drafts for the office to approve:
    维权援助服务企业数, 知识产权托管服务覆盖企业数, 知识产权质押融资额 (亿元)."""
    from zhichan.indicators import catalogue
    from zhichan.indicators.models import ReportedValue
    from zhichan.services import stats

    require(actor, "services.manage")
    catalogue.sync()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    assisted = Case.objects.filter(kind="assistance", state="closed", stopped_on__gte=start, stopped_on__lte=end) \
        .exclude(organization=None).values("organization").distinct().count()
    trusteed = Case.objects.filter(kind="trusteeship", state__in=["active", "ended"], clock_started__lte=end) \
        .exclude(organization=None).values("organization").distinct().count()
    pledged = stats.pledges(start, end)["amount_wan"] / 10000
    note = f"一站式服务平台办件数据（{year} 年）"
    rows = []
    with transaction.atomic():
        for code, value in (("assistance_enterprises", assisted), ("trusteeship_enterprises", trusteed),
                            ("pledge_financing", round(pledged, 4))):
            ReportedValue.objects.filter(indicator_id=code, region=region, period=str(year),
                                         status=ReportedValue.DRAFT, source_note=note).delete()
            rows.append(ReportedValue.objects.create(indicator_id=code, region=region, period=str(year), value=value,
                                                     source_note=note, entered_by=actor))
        audit.record(actor, "services.feed_indicators", region, summary=f"办件数据生成指标填报 {year}",
                     changes={r.indicator_id: r.value for r in rows})
    return rows


GUIDE_FIELDS = ["summary", "who", "conditions", "materials", "steps", "time_limit", "fee", "place"]


@transaction.atomic
def do_edit_guide(actor: Any, item: Any, values: dict[str, str]) -> Any:
    """Rewrite a service item's guide (办事指南): the fields of GUIDE_FIELDS, each cut to its column's length (2,000
    characters for the long texts); a field not given is emptied, as the guide form sends every field. The audit
    record keeps what changed, before and after."""
    require(actor, "services.manage")
    unknown = sorted(set(values) - set(GUIDE_FIELDS))
    if unknown:
        raise ValueError(f"办事指南没有这些栏目：{', '.join(unknown)}")
    before = {f: getattr(item, f) for f in GUIDE_FIELDS}
    for f in GUIDE_FIELDS:
        setattr(item, f, str(values.get(f, "")).strip()[:item._meta.get_field(f).max_length or 2000])
    item.save(update_fields=GUIDE_FIELDS)
    audit.record(actor, "services.guide", item, summary=f"修改办事指南 {item.name}",
                 changes={f: [before[f], getattr(item, f)] for f in GUIDE_FIELDS if before[f] != getattr(item, f)})
    return item


@transaction.atomic
def do_mark_notifications_read(actor: Any, ids: list[int] | None = None) -> int:
    """Mark the actor's unread notifications read (all of them, or those of `ids`); returns how many. Only the
    actor's own: another user's ids are ignored."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("services.notifications")
    unread = Notification.objects.filter(user=actor, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    marked = unread.update(read_at=timezone.now())
    if marked:
        audit.record(actor, "services.notifications_read", None, summary=f"{marked} 条消息标为已读",
                     changes={"marked": marked, "ids": ids})
    return marked
