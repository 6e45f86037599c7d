"""Writes of calls and applications: each checks permission, runs in one transaction, keeps the history and
writes the audit record. Experts and panels: projects/expert_actions.py."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.core import audit
from zhichan.core import uploads as files
from zhichan.core.permissions import PermissionDenied, require
from zhichan.core.workflow import machine as wf
from zhichan.projects import eligibility, facts, flow, performance, scoring
from zhichan.projects import fields as declared
from zhichan.projects.models import ApplicationFile, ApplicationStep, Call, ProjectApplication
from zhichan.services import uploads as attachment_rules

ALL = "__all__"
MAX_KEY_STAFF = 20


class Refused(ValueError):
    """Refused for reasons the user can fix: `errors` maps form fields (ALL: the whole) to reasons."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(r for reasons in errors.values() for r in reasons))
        self.errors = errors


def machine() -> wf.Machine:
    return flow.application_machine(int(conf.value("ZHICHAN_PROJECTS_CHECK_DAYS")))  # type: ignore[call-overload]


# ---- calls ------------------------------------------------------------------------------------------------------

def _call_values(values: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    out = {k: values[k] for k in ("title", "guide", "opens_on", "closes_on", "panel_size") if k in values}
    for key, clean in (("rules", eligibility.clean_rules), ("fields", declared.clean_fields),
                       ("requirements", declared.clean_requirements), ("sheet", scoring.clean_sheet)):
        if key not in values:
            continue
        try:
            out[key] = clean(values[key] or ({} if key == "rules" else []))
        except (eligibility.RuleError, declared.FieldListError, scoring.SheetError) as exc:
            errors[key] = [str(exc)]
    if "expert_fields" in values:
        out["expert_fields"] = [str(c).strip() for c in values["expert_fields"] or [] if str(c).strip()][:50]
    for key, system in (("performance_weights", performance.PERFORMANCE), ("navigation_weights", performance.NAVIGATION)):
        if key in values:
            try:
                out[key] = performance.stored(performance.clean_weights(values[key] or {}, system))
            except performance.IndicatorError as exc:
                errors[key] = [_("指标权重有误：%(reason)s") % {"reason": str(exc)}]
    if "navigation" in values:
        out["navigation"] = bool(values["navigation"])
    if "aggregation" in values:
        if values["aggregation"] not in scoring.RULES:
            errors["aggregation"] = [_("未知的计分规则")]
        out["aggregation"] = values["aggregation"]
    if out.get("opens_on") and out.get("closes_on") and out["closes_on"] < out["opens_on"]:
        errors["closes_on"] = [_("截止日期不能早于开始日期")]
    if errors:
        raise Refused(errors)
    return out


@transaction.atomic
def do_save_call(actor: Any, call: Call | None, values: Mapping[str, Any]) -> Call:
    require(actor, "projects.manage")
    clean = _call_values(values)
    created = call is None
    call = call or Call(created_by=actor)
    if not created and ("rules" in values or "fields" in values) and \
            call.applications.exclude(state=flow.DRAFT).exists():
        raise Refused({ALL: [_("已有单位提交申报，申报条件和申报表不能再修改")]})
    for key, value in clean.items():
        setattr(call, key, value)
    call.save()
    audit.record(actor, "projects.call_create" if created else "projects.call_edit", call, summary=call.title)
    return call


@transaction.atomic
def do_publish_call(actor: Any, call: Call) -> Call:
    require(actor, "projects.manage")
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != Call.Status.DRAFT:
        raise Refused({ALL: [_("只有草稿可以发布")]})
    if call.closes_on < timezone.localdate():  # nobody could apply: move the deadline first
        raise Refused({"closes_on": [_("申报截止日期已过，请修改截止日期后再发布")]})
    call.status, call.published_at = Call.Status.PUBLISHED, timezone.now()
    call.save(update_fields=["status", "published_at"])
    audit.record(actor, "projects.call_publish", call, summary=call.title)
    return call


# ---- applications -----------------------------------------------------------------------------------------------

def _number(today: dt.date) -> str:
    prefix = f"XM{today.year}"
    last = ProjectApplication.objects.filter(number__startswith=prefix).order_by("-number").values_list(
        "number", flat=True).first()
    return f"{prefix}{int(last[len(prefix):]) + 1 if last else 1:06d}"


def _applicant_org(actor: Any) -> Any:
    require(actor, "projects.apply")
    if getattr(actor, "organization_id", None) is None:
        raise PermissionDenied("projects.apply")  # an organisation applies, not a person alone
    return actor.organization


def _persons(legal_representative: str, key_staff: list[str] | str) -> tuple[str, list[str]]:
    staff = key_staff.splitlines() if isinstance(key_staff, str) else list(key_staff)
    names = [" ".join(str(n).split())[:50] for n in staff if str(n).strip()]
    if len(names) > MAX_KEY_STAFF:
        raise Refused({"key_staff": [_("主要人员最多 %(n)s 人") % {"n": MAX_KEY_STAFF}]})
    return " ".join(legal_representative.split())[:50], list(dict.fromkeys(names))


def _store_files(actor: Any, application: ProjectApplication, uploads: Mapping[str, Any], stored: list[str]) -> None:
    """Each upload under the requirement it answers: type by content, size bounded (services/uploads), written by
    core/uploads within the limit, its SHA-256 kept. A new file for a requirement replaces the earlier one."""
    unknown = sorted(set(uploads) - set(application.call.requirements))
    if unknown:
        raise Refused({ALL: [_("申报指南没有要求这些材料：%(names)s") % {"names": "、".join(unknown)}]})
    for requirement, upload in uploads.items():
        try:
            kind = attachment_rules.check(upload)
            stored_as, size = attachment_rules.store(upload)
        except attachment_rules.UploadRefused as exc:
            raise Refused({"files": [str(exc)]}) from exc
        stored.append(stored_as)
        digest = hashlib.sha256()
        with (attachment_rules.folder() / stored_as).open("rb") as handle:
            for chunk in iter(lambda h=handle: h.read(1 << 20), b""):
                digest.update(chunk)
        replaced = list(application.files.filter(requirement=requirement).values_list("stored_as", flat=True))
        application.files.filter(requirement=requirement).delete()
        transaction.on_commit(lambda names=replaced: attachment_rules.discard(names))  # the earlier file
        ApplicationFile.objects.create(application=application, requirement=requirement,
                                       name=files.name_of(upload)[:255], stored_as=stored_as, size=size, kind=kind,
                                       sha256=digest.hexdigest(), uploaded_by=actor)


def do_save_application(actor: Any, call: Call, application: ProjectApplication | None, values: Mapping[str, Any],
                        legal_representative: str = "", key_staff: list[str] | str = "",
                        uploads: Mapping[str, Any] | None = None, today: dt.date | None = None
                        ) -> ProjectApplication:
    """Create or update the organisation's application to the call: a draft, or one returned for correction."""
    today = today or timezone.localdate()
    org = _applicant_org(actor)
    stored: list[str] = []
    try:
        with transaction.atomic():
            application = _save(actor, org, call, application, values, legal_representative, key_staff, today)
            _store_files(actor, application, uploads or {}, stored)
            return application
    except BaseException:
        attachment_rules.discard(stored)
        raise


def _save(actor: Any, org: Any, call: Call, application: ProjectApplication | None, values: Mapping[str, Any],
          legal_representative: str, key_staff: list[str] | str, today: dt.date) -> ProjectApplication:
    if application is None:
        if not call.open_on(today):
            raise Refused({ALL: [_("该项目不在申报期内")]})
        if ProjectApplication.objects.filter(call=call, organization=org).exists():
            raise Refused({ALL: [_("本单位已申报该项目")]})
        application = ProjectApplication(number=_number(today), call=call, organization=org, applicant=actor,
                                         state=flow.DRAFT)
    else:
        application = ProjectApplication.objects.select_for_update().get(pk=application.pk)
        if application.organization_id != org.pk:
            raise PermissionDenied("projects.apply")
        if application.state not in (flow.DRAFT, flow.CORRECTION):
            raise Refused({ALL: [_("已提交的申报不能修改")]})
    clean, errors = declared.clean_values(call.fields, values, complete=False)
    if errors:
        raise Refused({code: [_field_error(reason)] for code, reason in errors.items()})
    application.values = clean
    application.legal_representative, application.key_staff = _persons(legal_representative, key_staff)
    application.save()
    audit.record(actor, "projects.application_save", application, summary=f"{application.number} {call.title}")
    return application


def _field_error(reason: str) -> str:
    return {"required": _("必填"), "number": _("请填写数字"), "date": _("请填写日期（年-月-日）"),
            "choice": _("请从选项中选择"), "text": _("内容过长")}.get(reason, reason)


def _complete(application: ProjectApplication) -> None:
    call = application.call
    _clean, errors = declared.clean_values(call.fields, application.values, complete=True)
    problems = {code: [_field_error(reason)] for code, reason in errors.items()}
    have = set(application.files.values_list("requirement", flat=True))
    missing = [r for r in call.requirements if r not in have]
    if missing:
        problems["files"] = [_("缺少材料：%(names)s") % {"names": "、".join(missing)}]
    if not application.legal_representative:
        problems["legal_representative"] = [_("必填")]
    if problems:
        raise Refused(problems)


def check_eligibility(application: ProjectApplication, today: dt.date) -> list[eligibility.RuleResult]:
    rules = application.call.rules or {}
    applicant = facts.applicant(application.organization, today, "min_valid_inventions" in rules)
    return eligibility.check(rules, applicant)


def _reason_words(result: eligibility.RuleResult) -> str:
    return _(result.reason) % result.params if result.params else _(result.reason)


@transaction.atomic
def do_submit_application(actor: Any, application: ProjectApplication, today: dt.date | None = None
                          ) -> ProjectApplication:
    """Submit before the deadline: every required field and attachment present, no eligibility rule failing."""
    today = today or timezone.localdate()
    _applicant_org(actor)
    application = ProjectApplication.objects.select_for_update().select_related("call", "organization").get(
        pk=application.pk)
    if application.organization_id != actor.organization_id:
        raise PermissionDenied("projects.apply")
    if application.state != flow.DRAFT:
        raise Refused({ALL: [_("该申报已提交")]})
    if not application.call.open_on(today):
        raise Refused({ALL: [_("申报已截止，不能提交")]})
    _complete(application)
    results = check_eligibility(application, today)
    if not eligibility.eligible(results):
        raise Refused({ALL: [_reason_words(r) for r in results if r.outcome == eligibility.FAIL]})
    application.eligibility = [r.as_dict() for r in results]
    application.submitted_at = timezone.now()
    return _step(actor, application, "submit", wf.APPLICANT, {}, today)


def _step(actor: Any, application: ProjectApplication, name: str, role: str, fields: dict[str, str],
          today: dt.date) -> ProjectApplication:
    m = machine()
    before = application.state
    state = wf.apply(m, wf.CaseState(before, wf.Clock.of(application)), name, role, fields, today=today)
    application.state = state.state
    state.clock.store(application)
    application.fields = {**application.fields, **fields}
    application.save()
    ApplicationStep.objects.create(application=application, transition=name, from_state=before,
                                   to_state=application.state, actor=actor, role=role, fields=fields)
    audit.record(actor, f"projects.{name}", application, summary=f"{application.number} {m.transition(name).label}",
                 changes={"from": before, "to": application.state, **fields})
    _notify(application, role, m.transition(name).label)
    return application


def _notify(application: ProjectApplication, role: str, label: str) -> None:
    from zhichan.services.actions import notify

    if role != wf.APPLICANT:
        notify(application.applicant, f"{application.number}：{label}", f"/projects/applications/{application.pk}/")


def roles_on(actor: Any, application: ProjectApplication) -> set[str]:
    from zhichan.core.permissions import can

    roles = set()
    if can(actor, "projects.apply") and actor.organization_id == application.organization_id:
        roles.add(wf.APPLICANT)
    if can(actor, "projects.review"):
        roles |= {wf.STAFF, wf.SUPERVISOR}
    return roles


@transaction.atomic
def do_transition(actor: Any, application: ProjectApplication, name: str, fields: dict[str, str] | None = None,
                  today: dt.date | None = None) -> ProjectApplication:
    """The formal check's steps after submission (claim, return for correction, resubmit, pass, reject,
    withdraw), each by the role the machine names."""
    today = today or timezone.localdate()
    m = machine()
    t = m.transition(name)
    if name == "submit":
        raise Refused({ALL: [_("请使用提交申报")]})
    held = roles_on(actor, application)
    roles = held & t.roles
    if not roles:
        if not held:
            raise PermissionDenied("projects.review")
        raise wf.TransitionError(_("“%(step)s”不能由您办理") % {"step": _(t.label)})
    role = next(r for r in (wf.SUPERVISOR, wf.STAFF, wf.APPLICANT) if r in roles)
    clean = wf.accepted(m, t, fields or {})
    application = ProjectApplication.objects.select_for_update().select_related("call", "organization").get(
        pk=application.pk)
    if name == "resubmit":
        _complete(application)
    return _step(actor, application, name, role, clean, today)
