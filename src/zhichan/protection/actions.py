"""Writes of dispute cases: filing (the office registers any kind; anyone may file a 投诉举报 or a guidance
request on the public form, a report anonymously), transitions on the case's machine with its statutory clock,
suspension and extension, the collegial panel with its recusal check, evidence with its SHA-256, and the
indicator feed. Each checks the permission, runs in a transaction and writes an audit record."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.agencies.complaint_actions import TooManyComplaints, submitter_key
from zhichan.core import audit
from zhichan.core.permissions import ALL, ROLE_PERMISSIONS, PermissionDenied, can
from zhichan.core.workflow import machine as wf
from zhichan.patents.actions import sha256_of
from zhichan.protection import clocks, flow
from zhichan.protection.marks import Mark
from zhichan.protection.models import CaseTrademark, DisputeCase, Evidence, PanelMember, Party, Step
from zhichan.services import uploads
from zhichan.services.actions import notify

HANDLE, MANAGE = "protection.handle", "protection.manage"
PREFIX = {"adjudication": "CJ", "mediation": "TJ", "report": "JB", "ecommerce": "DS", "guidance": "HW", "fast": "KW"}
PUBLIC_KINDS = (flow.REPORT, flow.GUIDANCE, flow.ADJUDICATION, flow.FAST)  # what the public form takes


class RecusalError(wf.TransitionError):
    """A panel member who must step aside (回避): their organisation or a declared relation is a party."""


def kind(code: str) -> flow.Kind:
    return flow.kind_of(code, int(conf.value("ZHICHAN_COMPLAINT_ACCEPT_DAYS")),  # type: ignore[call-overload]
                        int(conf.value("ZHICHAN_COMPLAINT_CONCLUDE_DAYS")),  # type: ignore[call-overload]
                        (int(conf.value("ZHICHAN_FAST_ACCEPT_DAYS")),  # type: ignore[call-overload]
                         int(conf.value("ZHICHAN_FAST_CONCLUDE_DAYS"))))  # type: ignore[call-overload]


def roles_on(actor: Any, case: DisputeCase) -> set[str]:
    roles = set()
    if getattr(actor, "is_authenticated", False) and case.reporter_id == actor.pk:
        roles.add(wf.APPLICANT)
    if can(actor, HANDLE):
        roles.add(wf.STAFF)
    if can(actor, MANAGE):
        roles |= {wf.STAFF, wf.SUPERVISOR}
    return roles


def reporter_visible(user: Any, case: DisputeCase) -> bool:
    """Who filed a report is shown to the assigned handler (and the filer) only: not to other office users,
    not to administrators, not to the panel."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk in (case.handler_id, case.reporter_id)


def handlers() -> QuerySet[Any]:
    allowed = [r for r, granted in ROLE_PERMISSIONS.items() if ALL in granted or HANDLE in granted]
    return get_user_model().objects.filter(is_active=True, role__in=allowed).order_by("username")


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _number(code: str, today: dt.date) -> str:
    prefix = f"{PREFIX[code]}{today.year}"
    last = DisputeCase.objects.filter(number__startswith=prefix).order_by("-number").values_list(
        "number", flat=True).first()
    return f"{prefix}{int(last[len(prefix):]) + 1 if last else 1:06d}"


def _signed_in(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _on_record(actor: Any, case: DisputeCase) -> Any:
    """Who the steps, the audit trail and the evidence name: nobody for the reporter of a 投诉举报, whose identity
    stays on the case alone (shown to its handler only, `reporter_visible`)."""
    user = _signed_in(actor)
    if user is not None and case.kind == flow.REPORT and case.reporter_id == user.pk:
        return None
    return user


def _rate_limit(key: str) -> None:
    limit = int(conf.value("ZHICHAN_COMPLAINT_HOURLY_LIMIT"))  # type: ignore[call-overload]
    if limit and key and DisputeCase.objects.filter(
            submitter_key=key, created_at__gte=timezone.now() - dt.timedelta(hours=1)).count() >= limit:
        raise TooManyComplaints(_("提交过于频繁，请一小时后再试"))


def do_file_case(actor: Any, code: str, *, title: str, fields: dict[str, str],
                 parties: Sequence[tuple[str, str]] = (), patents: Iterable[Any] = (), files: Sequence[Any] = (),
                 trademarks: Sequence[Mark] = (), anonymous: bool = False, contact_name: str = "", contact: str = "", address: str = "",
                 today: dt.date | None = None) -> tuple[DisputeCase, str]:
    """File a case of kind `code` (the office: any kind; anyone else: a report, a guidance request or a request
    for adjudication or 快速维权, only a report anonymously). `parties` are (side, name); `trademarks` the marks
    the case concerns (protection/marks.py, checked by the form). A 快速维权 request names at least one patent or
    trademark. Returns the case and its query code (shown once)."""
    today = today or timezone.localdate()
    office = can(actor, HANDLE)
    if code not in PREFIX or (code not in PUBLIC_KINDS and not office):
        raise PermissionDenied(HANDLE)
    if anonymous and code != flow.REPORT:
        raise wf.TransitionError(_("只有投诉举报可以匿名提交"))
    patents = list(patents)
    if code == flow.FAST and not (patents or trademarks):
        raise wf.TransitionError(_("快速维权请求须写明涉案专利或商标"))
    k = kind(code)
    role = wf.STAFF if office else wf.APPLICANT
    for f in files:
        uploads.check(f)
    with transaction.atomic():
        key = "" if office else submitter_key(address)
        _rate_limit(key)
        clean = wf.accepted(k.machine, k.machine.transition("submit"), fields)
        state = wf.apply(k.machine, wf.CaseState(k.machine.initial), "submit", role, clean, len(files), today)
        query = secrets.token_urlsafe(9)
        reporter = None if anonymous or office else _signed_in(actor)
        case = DisputeCase(
            number=_number(code, today), kind=code, title=title.strip()[:200], state=state.state, fields=clean,
            reporter=reporter, anonymous=anonymous, contact_name="" if anonymous else contact_name.strip()[:50],
            contact="" if anonymous else contact.strip()[:100], submitter_key=key, query_hash=_hash(query),
            filed_on=today)
        clock = flow.tick(k, wf.Clock(), k.machine.transition("submit"), today, today, clean)
        clock.store(case)
        case.accept_due = clock.due
        case.save()
        case.patents.set(patents)
        CaseTrademark.objects.bulk_create(CaseTrademark(case=case, number=m.number, name=m.name,
                                                        nice_class=m.nice_class, holder=m.holder) for m in trademarks)
        Party.objects.bulk_create(Party(case=case, side=side, name=name.strip()[:200]) for side, name in parties
                                  if name.strip())
        for f in files:
            _store_evidence(actor, case, f)
        Step.objects.create(case=case, transition="submit", from_state=k.machine.initial, to_state=case.state,
                            actor=_on_record(actor, case), role=role, on=today,
                            fields={} if anonymous else {"title": case.title})
        audit.record(_on_record(actor, case), "protection.file", case,
                     summary=f"{case.get_kind_display()} {case.number}")
    return case, query


def find(number: str, code: str) -> DisputeCase | None:
    """The case a filer follows with its number and query code (both must match)."""
    case = DisputeCase.objects.filter(number=number.strip().upper()).first()
    if case is None or not case.query_hash or not hmac.compare_digest(case.query_hash, _hash(code.strip())):
        return None
    return case


def _date(fields: dict[str, str], name: str, labels: dict[str, str]) -> dt.date:
    try:
        return dt.date.fromisoformat(fields.get(name, ""))
    except ValueError:
        raise wf.FieldErrors({name: _("请填写日期，如 2026-10-09")}, labels) from None


def _checks(k: flow.Kind, case: DisputeCase, name: str, fields: dict[str, str], today: dt.date) -> None:
    """The rules the engine does not know: dates in order, the hearing notice, the panel, the 15 days."""
    labels = k.machine.fields
    dates = {f: _date(fields, f, labels) for f in fields if k.machine.kind_of(f) == wf.DATE}
    if any(d > today for f, d in dates.items() if f != "hearing_on"):
        raise wf.FieldErrors({f: _("日期不能晚于今天") for f, d in dates.items() if d > today and f != "hearing_on"},
                             labels)
    if name == "schedule" and not clocks.notice_ok(today, dates["hearing_on"], flow.HEARING_NOTICE):
        earliest = clocks.due(today, flow.HEARING_NOTICE)
        raise wf.FieldErrors({"hearing_on": _("口头审理应至少提前 5 个工作日通知：最早 %(day)s") % {
            "day": earliest.isoformat()}}, labels)
    if name == "decide" and k.panel:
        check_panel(case, list(case.panel.select_related("user__organization")))
    if name == "end_measures" and case.due and today <= case.due:
        raise wf.TransitionError(_("声明到达权利人后 15 日（至 %(day)s）届满前不能终止措施") % {"day": case.due.isoformat()})
    if name == "holder_acted" and case.due and dates["acted_on"] > case.due:
        raise wf.FieldErrors({"acted_on": _("已超过 15 日期限（%(day)s）") % {"day": case.due.isoformat()}}, labels)
    if name == "serve" and case.accepted_on and dates["served_on"] < case.accepted_on:
        raise wf.FieldErrors({"served_on": _("送达不能早于立案（%(day)s）") % {"day": case.accepted_on.isoformat()}},
                             labels)
    if name == "counter" and case.accepted_on and dates["reached_on"] < case.accepted_on:
        raise wf.FieldErrors({"reached_on": _("声明不能早于采取措施")}, labels)


def _role(actor: Any, case: DisputeCase, t: wf.Transition) -> str:
    roles = roles_on(actor, case)
    if not roles:
        raise PermissionDenied(HANDLE)
    usable = roles & t.roles
    if not usable:
        raise wf.TransitionError(_("“%(step)s”不能由您办理") % {"step": _(t.label)})
    return next(r for r in (wf.SUPERVISOR, wf.STAFF, wf.APPLICANT) if r in usable)


@transaction.atomic
def do_transition(actor: Any, case: DisputeCase, name: str, fields: dict[str, str] | None = None,
                  today: dt.date | None = None) -> DisputeCase:
    today = today or timezone.localdate()
    case = DisputeCase.objects.select_for_update().get(pk=case.pk)
    k = kind(case.kind)
    t = k.machine.transition(name)
    role = _role(actor, case, t)
    if case.paused_on is not None and name != "withdraw":
        raise wf.TransitionError(_("案件已中止：恢复后才能继续办理"))
    clean = wf.accepted(k.machine, t, dict(fields or {}))
    state = wf.apply(k.machine, wf.CaseState(case.state, wf.Clock.of(case)), name, role, clean, 0, today)
    _checks(k, case, name, clean, today)
    before = case.state
    case.state = state.state
    flow.tick(k, wf.Clock.of(case), t, today, case.filed_on, clean).store(case)
    case.fields = {**case.fields, **clean}
    if name in k.accepting:
        case.accepted_on = today
        if case.handler_id is None and role != wf.APPLICANT:
            case.handler = actor
    if case.state in k.closed and case.accepted_on:
        case.closed_on = today
    case.save()
    Step.objects.create(case=case, transition=name, from_state=before, to_state=case.state,
                        actor=_on_record(actor, case), role=role, on=today, fields=clean)
    if case.reporter_id and case.reporter_id != getattr(actor, "pk", None):  # the signed-in filer hears of it
        notify(case.reporter, _("案件 %(number)s：%(step)s") % {"number": case.number, "step": _(t.label)},
               _case_url(case))
    audit.record(_on_record(actor, case), f"protection.{name}", case, summary=f"{case.number} {t.label}",
                 changes={"from": before, "to": case.state, **clean})
    return case


def _step(actor: Any, case: DisputeCase, name: str, today: dt.date, fields: dict[str, str]) -> None:
    Step.objects.create(case=case, transition=name, from_state=case.state, to_state=case.state,
                        actor=_signed_in(actor), role=wf.STAFF, on=today, fields=fields)
    audit.record(actor, f"protection.{name}", case, summary=f"{case.number} {name}", changes=fields)


@transaction.atomic
def do_pause(actor: Any, case: DisputeCase, reason: str, today: dt.date | None = None) -> DisputeCase:
    """中止: the clock stops running until the case resumes (its due date then moves by the time it lasted)."""
    today = today or timezone.localdate()
    if not can(actor, HANDLE):
        raise PermissionDenied(HANDLE)
    case = DisputeCase.objects.select_for_update().get(pk=case.pk)
    if case.paused_on is not None or case.stopped_on is not None or case.due is None or not reason.strip():
        raise wf.TransitionError(_("只有计时中的案件可以中止，并须说明理由"))
    clocks.pause(wf.Clock.of(case), today).store(case)
    case.save()
    _step(actor, case, "pause", today, {"reason": reason.strip()})
    return case


@transaction.atomic
def do_resume(actor: Any, case: DisputeCase, comment: str, today: dt.date | None = None) -> DisputeCase:
    today = today or timezone.localdate()
    if not can(actor, HANDLE):
        raise PermissionDenied(HANDLE)
    case = DisputeCase.objects.select_for_update().get(pk=case.pk)
    if case.paused_on is None:
        raise wf.TransitionError(_("案件没有中止"))
    clocks.resume(wf.Clock.of(case), today, kind(case.kind).pause_unit).store(case)
    case.save()
    _step(actor, case, "resume", today, {"comment": comment.strip()})
    return case


@transaction.atomic
def do_extend(actor: Any, case: DisputeCase, reason: str, today: dt.date | None = None) -> DisputeCase:
    """延长 (once, by a supervisor): adjudication +1 month, a complex mediation +1 month."""
    today = today or timezone.localdate()
    if not can(actor, MANAGE):
        raise PermissionDenied(MANAGE)
    case = DisputeCase.objects.select_for_update().get(pk=case.pk)
    k = kind(case.kind)
    if k.extension is None or case.extended or case.accepted_on is None or case.stopped_on or not reason.strip():
        raise wf.TransitionError(_("这个案件不能延长（只能在受理后、结案前延长一次，并须说明理由）"))
    clocks.extend(wf.Clock.of(case), k.limits["accept"], k.extension).store(case)
    case.extended = True
    case.save()
    _step(actor, case, "extend", today, {"reason": reason.strip(), "due": case.due.isoformat() if case.due else ""})
    return case


@transaction.atomic
def do_assign(actor: Any, case: DisputeCase, username: str) -> DisputeCase:
    if not can(actor, MANAGE):
        raise PermissionDenied(MANAGE)
    user = handlers().filter(username=username).first()
    if user is None:
        raise wf.TransitionError(_("“%(name)s”不是案件承办人员") % {"name": username})
    case = DisputeCase.objects.select_for_update().get(pk=case.pk)
    case.handler = user
    case.save(update_fields=["handler", "updated_at"])
    _step(actor, case, "assign", timezone.localdate(), {"assignee": username})
    notify(user, _("您被指定为案件 %(number)s 的承办人") % {"number": case.number}, _case_url(case))
    return case


def _case_url(case: DisputeCase) -> str:
    from django.urls import reverse

    return reverse("protection:case", kwargs={"case_id": case.pk})


def _names(text: str) -> set[str]:
    return {n.strip() for n in text.replace("，", ",").replace("、", ",").replace("\n", ",").split(",") if n.strip()}


def recusal(member_org: str, relations: str, parties: Iterable[str]) -> str:
    """The party a panel member is related to (their organisation or a declared relation), or ''."""
    mine = _names(relations) | ({member_org.strip()} if member_org.strip() else set())
    return next((p for p in parties if p.strip() in mine), "")


def check_panel(case: DisputeCase, members: Sequence[Any]) -> None:
    """A valid panel: an odd number, at least 3, one chief, nobody related to a party."""
    if len(members) < flow.PANEL_MIN or len(members) % 2 == 0:
        raise wf.TransitionError(_("合议组应由 3 名以上单数人员组成（现有 %(n)s 名）") % {"n": len(members)})
    if sum(1 for m in members if m.chief) != 1:
        raise wf.TransitionError(_("合议组应有一名组长"))
    parties = list(case.parties.values_list("name", flat=True))
    for m in members:
        org = m.user.organization.name if getattr(m.user, "organization", None) else ""
        party = recusal(org, m.relations, parties)
        if party:
            raise RecusalError(_("%(member)s 与当事人“%(party)s”有关联，应当回避"), member=m.user.username, party=party)


@transaction.atomic
def do_set_panel(actor: Any, case: DisputeCase, members: Sequence[tuple[str, str]], chief: str,
                 today: dt.date | None = None) -> list[PanelMember]:
    """Name the collegial panel: (username, declared relations) per member, one of them chief. Refused whole
    when it is not an odd number ≥ 3 or a member must step aside."""
    today = today or timezone.localdate()
    if not can(actor, MANAGE):
        raise PermissionDenied(MANAGE)
    case = DisputeCase.objects.select_for_update().get(pk=case.pk)
    if not kind(case.kind).panel or case.stopped_on is not None:
        raise wf.TransitionError(_("这个案件不设合议组"))
    users = {u.username: u for u in handlers().select_related("organization").filter(
        username__in=[n for n, _r in members])}
    unknown = [n for n, _r in members if n not in users]
    if unknown or len({n for n, _r in members}) != len(members):
        raise wf.TransitionError(_("合议组成员须是不重复的案件承办人员：%(names)s") % {"names": "、".join(unknown) or "—"})
    panel = [PanelMember(case=case, user=users[n], chief=n == chief, relations=r.strip()) for n, r in members]
    check_panel(case, panel)
    case.panel.all().delete()
    PanelMember.objects.bulk_create(panel)
    _step(actor, case, "panel", today, {"members": "、".join(n for n, _r in members), "chief": chief})
    return panel


def _store_evidence(actor: Any, case: DisputeCase, upload: Any) -> Evidence:
    uploads.check(upload)
    stored, size = uploads.store(upload)
    digest = sha256_of(uploads.folder() / stored)
    return Evidence.objects.create(case=case, name=uploads.files.name_of(upload)[:200], stored=stored,
                                   sha256=digest, size=size, uploaded_by=_on_record(actor, case))


def do_add_evidence(actor: Any, case: DisputeCase, upload: Any) -> Evidence:
    """An evidence file (its type checked by content, its size bounded), kept with its SHA-256."""
    if not roles_on(actor, case) or case.stopped_on is not None:
        raise PermissionDenied(HANDLE)
    with transaction.atomic():
        item = _store_evidence(actor, case, upload)
        audit.record(_on_record(actor, case), "protection.evidence", case, summary=f"{case.number} {item.name}",
                     changes={"sha256": item.sha256})
    return item


def overdue(today: dt.date) -> QuerySet[DisputeCase]:
    """Cases whose running clock is past its due date (not suspended, not finished)."""
    return DisputeCase.objects.filter(due__lt=today, paused_on=None, stopped_on=None)


def do_feed_indicators(actor: Any, region: Any, year: int) -> list[Any]:
    """The year's cases feed the reported indicators as drafts for the office to approve: 知识产权行政执法办案量
    (adjudication and report cases accepted) and 平均结案时间 (working days from acceptance to closing)."""
    from zhichan.indicators import catalogue
    from zhichan.indicators.models import ReportedValue
    from zhichan.protection import stats

    if not can(actor, MANAGE):
        raise PermissionDenied(MANAGE)
    catalogue.sync()
    figures = stats.period(dt.date(year, 1, 1), dt.date(year, 12, 31), kinds=flow.ENFORCEMENT)
    note = f"纠纷案件数据（{year} 年；平均结案时间按工作日计）"
    rows = []
    with transaction.atomic():
        for code, value in (("enforcement_cases", figures.accepted), ("case_closing_days", figures.average_days)):
            ReportedValue.objects.filter(indicator_id=code, region=region, period=str(year),
                                         status=ReportedValue.DRAFT, source_note=note).delete()
            if value is not None:
                rows.append(ReportedValue.objects.create(indicator_id=code, region=region, period=str(year),
                                                         value=value, source_note=note, entered_by=actor))
        audit.record(actor, "protection.feed_indicators", region, summary=f"纠纷案件数据生成指标填报 {year}",
                     changes={r.indicator_id: r.value for r in rows})
    return rows
