"""Writes of 投诉举报: filing on the public form (anyone, rate-limited per address) and the office's handling on the
workflow engine (agencies/complaint_flow.py) with its time limits. A substantiated complaint against a registered
agency becomes an event in its credit file through the credit ledger's public action
(credit_actions.do_record_event), with the rule code the handler chose."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.agencies import complaint_flow as flow
from zhichan.agencies import credit_actions
from zhichan.agencies.complaint_models import Complaint, ComplaintStep
from zhichan.agencies.models import Agency, CreditRule, ServiceOrganization
from zhichan.core import audit
from zhichan.core.permissions import ALL, ROLE_PERMISSIONS, PermissionDenied, can
from zhichan.core.workflow import machine as wf

HANDLE = "complaints.handle"
CREDIT_SOURCE = "complaint"  # CreditEvent.source of the events complaints feed
PREFIX = {Complaint.Kind.COMPLAINT: "TS", Complaint.Kind.REPORT: "JB"}


class TooManyComplaints(ValueError):
    """The public form's limit per address and hour (ZHICHAN_COMPLAINT_HOURLY_LIMIT) is reached."""


def limits() -> tuple[int, int]:
    """(acceptance, conclusion) limits in working days, from the settings."""
    return (int(conf.value("ZHICHAN_COMPLAINT_ACCEPT_DAYS")),  # type: ignore[call-overload]
            int(conf.value("ZHICHAN_COMPLAINT_CONCLUDE_DAYS")))  # type: ignore[call-overload]


def machine() -> wf.Machine:
    return flow.complaint_machine(*limits())


def roles_on(actor: Any, complaint: Complaint) -> set[str]:
    """The engine's roles the actor holds on this complaint: the signed-in complainant is the applicant, the
    office (complaints.handle) both handler and supervisor."""
    roles = set()
    if getattr(actor, "is_authenticated", False) and complaint.complainant_id == actor.pk:
        roles.add(wf.APPLICANT)
    if can(actor, HANDLE):
        roles |= {wf.STAFF, wf.SUPERVISOR}
    return roles


def handlers() -> QuerySet[Any]:
    """The users who may handle complaints (the 承办人 a supervisor may assign)."""
    allowed = [role for role, granted in ROLE_PERMISSIONS.items() if ALL in granted or HANDLE in granted]
    return get_user_model().objects.filter(is_active=True, role__in=allowed).order_by("username")


def credit_codes(on: dt.date | None = None) -> list[tuple[str, str]]:
    """The rule codes (code, label) of the credit rule version in force: what a substantiated complaint records."""
    version = credit_actions.current_version(on)
    if version is None:
        return []
    return list(CreditRule.objects.filter(version=version, points__lt=0).values_list("code", "label"))


def submitter_key(address: str) -> str:
    """A keyed hash of the filer's address: enough to count filings, useless to find the filer."""
    if not address:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def _query_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _number(kind: str, today: dt.date) -> str:
    prefix = f"{PREFIX[kind]}{today.year}"
    last = Complaint.objects.filter(number__startswith=prefix).order_by("-number").values_list(
        "number", flat=True).first()
    return f"{prefix}{int(last[len(prefix):]) + 1 if last else 1:06d}"


def do_file_complaint(actor: Any, *, kind: str, subject_name: str, description: str, agency: Agency | None = None,
                      service_organization: ServiceOrganization | None = None, contact_name: str = "",
                      contact: str = "", address: str = "", today: dt.date | None = None) -> tuple[Complaint, str]:
    """File a complaint or report (anyone may: anonymous when not signed in). Returns it with its query code
    (shown once: with the number it lets the filer follow the case without an account)."""
    today = today or timezone.localdate()
    if kind not in PREFIX:
        raise ValueError(f"unknown kind {kind!r}")
    key = submitter_key(address)
    limit = int(conf.value("ZHICHAN_COMPLAINT_HOURLY_LIMIT"))  # type: ignore[call-overload]
    with transaction.atomic():
        if limit and key and Complaint.objects.filter(
                submitter_key=key, created_at__gte=timezone.now() - dt.timedelta(hours=1)).count() >= limit:
            raise TooManyComplaints(_("提交过于频繁，请一小时后再试"))
        m = machine()
        subject = (agency.name if agency else service_organization.name if service_organization else
                   subject_name.strip())
        state = wf.apply(m, wf.CaseState(m.initial), "submit", wf.APPLICANT,
                         {"subject": subject, "description": description}, today=today)
        code = secrets.token_urlsafe(9)
        signed_in = getattr(actor, "is_authenticated", False)
        complaint = Complaint(
            number=_number(kind, today), kind=kind, agency=agency, service_organization=service_organization,
            subject_name=subject[:200], description=description.strip(), complainant=actor if signed_in else None,
            contact_name=contact_name.strip(), contact=contact.strip(), submitter_key=key,
            query_hash=_query_hash(code), state=state.state)
        state.clock.store(complaint)
        complaint.save()
        ComplaintStep.objects.create(complaint=complaint, transition="submit", from_state=m.initial,
                                     to_state=state.state, actor=actor if signed_in else None, role=wf.APPLICANT,
                                     fields={"subject": subject})
        audit.record(actor, "complaints.file", complaint, summary=f"{complaint.get_kind_display()} {complaint.number}"
                     f" {subject}")
    return complaint, code


@transaction.atomic
def do_link_subject(actor: Any, complaint: Complaint, agency: Agency | None = None,
                    service_organization: ServiceOrganization | None = None) -> Complaint:
    """The office links an open complaint to the registered agency or service organisation it is about (the filer
    may have typed a variant of the name); only a complaint linked to an agency can feed its credit file."""
    if not can(actor, HANDLE):
        raise PermissionDenied(HANDLE)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.state not in flow.OPEN_STATES:
        raise wf.TransitionError(_("已办结的投诉举报不能再关联机构"))
    before = complaint.agency.name if complaint.agency else complaint.service_organization.name \
        if complaint.service_organization else ""
    complaint.agency, complaint.service_organization = agency, None if agency else service_organization
    complaint.save(update_fields=["agency", "service_organization", "updated_at"])
    after = agency.name if agency else service_organization.name if service_organization else ""
    audit.record(actor, "complaints.link", complaint, summary=f"{complaint.number} → {after or '—'}",
                 changes={"subject": [before, after]})
    return complaint


def find(number: str, code: str) -> Complaint | None:
    """The complaint a filer follows with its number and query code (both must match)."""
    complaint = Complaint.objects.filter(number=number.strip().upper()).first()
    if complaint is None or not complaint.query_hash or \
            not hmac.compare_digest(complaint.query_hash, _query_hash(code.strip())):
        return None
    return complaint


def _extra_checks(complaint: Complaint, name: str, fields: dict[str, str], today: dt.date) -> None:
    errors: dict[str, str] = {}
    if name == "assign" and not handlers().filter(username=fields.get("assignee", "")).exists():
        errors["assignee"] = _("“%(name)s”不是投诉举报的承办人员") % {"name": fields.get("assignee", "")}
    if name == "substantiate" and complaint.agency_id:
        code = fields.get("credit_code", "")
        if code not in dict(credit_codes(today)):
            errors["credit_code"] = _("“%(code)s”不是现行信用评价规则中的扣分事项") % {"code": code}
    if errors:
        raise wf.FieldErrors(errors, {**machine().fields, "credit_code": "信用事项"})


@transaction.atomic
def do_transition(actor: Any, complaint: Complaint, name: str, fields: dict[str, str] | None = None,
                  today: dt.date | None = None) -> Complaint:
    """Take a transition of the complaint's machine as the role the actor holds on it. A substantiation of a
    complaint against a registered agency takes `credit_code` too (the rule of the credit table it falls under)
    and records that event in the agency's credit file."""
    today = today or timezone.localdate()
    m = machine()
    t = m.transition(name)
    roles = roles_on(actor, complaint) & t.roles
    if not roles:
        if not roles_on(actor, complaint):
            raise PermissionDenied(HANDLE)
        raise wf.TransitionError(_("“%(step)s”不能由您办理") % {"step": t.label})
    role = next(r for r in (wf.SUPERVISOR, wf.STAFF, wf.APPLICANT) if r in roles)
    posted = dict(fields or {})
    credit_code = posted.pop("credit_code", "").strip() if name == "substantiate" else ""
    clean = wf.accepted(m, t, posted)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _extra_checks(complaint, name, {**clean, "credit_code": credit_code}, today)
    before = complaint.state
    state = wf.apply(m, wf.CaseState(complaint.state, wf.Clock.of(complaint)), name, role, clean, today=today)
    complaint.state = state.state
    state.clock.store(complaint)
    complaint.fields = {**complaint.fields, **clean}
    if name == "assign":
        complaint.handler = handlers().get(username=clean["assignee"])
    elif name in ("accept", "investigate") and complaint.handler_id is None and role != wf.APPLICANT:
        complaint.handler = actor
    if name == "substantiate" and complaint.agency_id:
        event = credit_actions.do_record_event(
            actor, complaint.agency, credit_code, today, evidence=clean["finding"], source=CREDIT_SOURCE,
            source_ref=complaint.number)
        complaint.credit_event_ref = str(event.pk)
        complaint.fields["credit_code"] = credit_code
    complaint.save()
    ComplaintStep.objects.create(complaint=complaint, transition=name, from_state=before, to_state=complaint.state,
                                 actor=actor if getattr(actor, "is_authenticated", False) else None, role=role,
                                 fields={**clean, **({"credit_code": credit_code} if credit_code else {})})
    audit.record(actor, f"complaints.{name}", complaint, summary=f"{complaint.number} {t.label}",
                 changes={"from": before, "to": complaint.state, **clean})
    return complaint


def overdue(today: dt.date | None = None) -> QuerySet[Complaint]:
    """Open complaints past their due date (the clock not paused)."""
    today = today or timezone.localdate()
    return Complaint.objects.filter(state__in=flow.OPEN_STATES, due__lt=today, paused_on=None, stopped_on=None)
