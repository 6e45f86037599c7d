"""Writes of the 异议 and 信用修复 cases (credit_flow.py): the agency's users open and answer them, the office
decides; each step is checked by the engine (state, role, fields), kept in the case's history and audited. An
upheld objection withdraws the event, a granted repair ends it; grades are recomputed in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.agencies import credit_actions, credit_flow, registry
from zhichan.agencies.models import CreditCase, CreditCaseStep, CreditEvent
from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied, can
from zhichan.core.workflow import machine as wf

PREFIX = {credit_flow.OBJECTION: "YY", credit_flow.REPAIR: "XF"}


def roles_on(actor: Any, case: CreditCase) -> set[str]:
    roles = set()
    if actor is not None and can(actor, "agencies.report") and registry.agency_of(actor) == case.agency:
        roles.add(wf.APPLICANT)
    if actor is not None and can(actor, "agencies.manage"):
        roles.add(wf.STAFF)
    return roles


def _number(kind: str, today: dt.date) -> str:
    prefix = f"{PREFIX[kind]}{today.year}"
    last = (CreditCase.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    return f"{prefix}{int(last[len(prefix):]) + 1 if last else 1:05d}"


def clock_of(case: CreditCase) -> wf.Clock:
    return wf.Clock.of(case)


@transaction.atomic
def do_open_case(actor: Any, kind: str, event: CreditEvent, fields: dict[str, str],
                 today: dt.date | None = None) -> CreditCase:
    """The agency objects to an event of its file (or asks for its repair) and submits at once."""
    agency = registry.agency_of(actor)
    if not can(actor, "agencies.report") or agency is None or event.agency_id != agency.pk:
        raise PermissionDenied("agencies.report")
    if kind == credit_flow.REPAIR and not event.public and event.ends_on is not None:
        raise wf.TransitionError(_("该记录已不计分"))
    if CreditCase.objects.filter(event=event, kind=kind).exclude(state__in=credit_flow.MACHINES[kind].final_states
                                                                  ).exists():
        raise wf.TransitionError(_("该记录已有办理中的申请"))
    today = today or timezone.localdate()
    machine = credit_flow.MACHINES[kind]
    case = CreditCase.objects.create(number=_number(kind, today), kind=kind, agency=agency, event=event,
                                     applicant=actor, state=machine.initial)
    audit.record(actor, f"agencies.{kind}_open", case, summary=case.number)
    return _step(actor, case, "submit", wf.APPLICANT, fields, today)


@transaction.atomic
def do_transition(actor: Any, case: CreditCase, name: str, fields: dict[str, str] | None = None,
                  today: dt.date | None = None) -> CreditCase:
    machine = credit_flow.MACHINES[case.kind]
    transition = machine.transition(name)
    role = next((r for r in (wf.STAFF, wf.APPLICANT) if r in transition.roles and r in roles_on(actor, case)), None)
    if role is None:
        raise PermissionDenied("agencies.case")
    case = CreditCase.objects.select_for_update().get(pk=case.pk)
    return _step(actor, case, name, role, fields or {}, today or timezone.localdate())


def _step(actor: Any, case: CreditCase, name: str, role: str, fields: dict[str, str], today: dt.date) -> CreditCase:
    machine = credit_flow.MACHINES[case.kind]
    transition = machine.transition(name)
    clean = wf.accepted(machine, transition, fields)
    after = wf.apply(machine, wf.CaseState(case.state, clock_of(case)), name, role, clean, today=today)
    before = case.state
    case.state = after.state
    case.fields = {**case.fields, **clean}
    after.clock.store(case)
    case.save()
    CreditCaseStep.objects.create(case=case, transition=name, from_state=before, to_state=case.state,
                                  actor=actor if getattr(actor, "pk", None) else None, role=role, fields=clean)
    audit.record(actor, f"agencies.{case.kind}_{name}", case, summary=f"{case.number} {before}→{case.state}",
                 changes=clean)
    if case.event_id and case.state == credit_flow.UPHELD:
        credit_actions.do_end_event(actor, case.event, today, clean.get("decision", ""), withdraw=True)
    if case.event_id and case.state == credit_flow.GRANTED:
        credit_actions.do_end_event(actor, case.event, today, clean.get("decision", ""))
    return case
