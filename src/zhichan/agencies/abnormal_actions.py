"""Writes of the abnormal-application review: a scan run stored as a background job (its candidates upserted by
their stable key, so a re-run duplicates nothing and a reviewed candidate keeps its review), the review's
transitions on the workflow engine (agencies/abnormal_flow.py), and the exclusion of concluded records from the
indicators. A conclusion of 非正常 records an `abnormal_filing` event in the credit file of every registered agency
that handled a concluded application, through the credit ledger's public action (credit_actions.do_record_event)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.agencies import abnormal_flow as flow
from zhichan.agencies import credit_actions
from zhichan.agencies.abnormal import neardup
from zhichan.agencies.abnormal.candidates import Candidate
from zhichan.agencies.abnormal_models import AbnormalCandidate, AbnormalRecord, AbnormalScan, AbnormalStep
from zhichan.agencies.access import permit
from zhichan.agencies.models import Agency, AgencyAlias
from zhichan.core import audit, jobs
from zhichan.core.models import Job, Organization
from zhichan.core.permissions import can
from zhichan.core.workflow import machine as wf
from zhichan.patents import names
from zhichan.patents import record as rec
from zhichan.patents.models import Application, Party

MANAGE = "agencies.manage"
CREDIT_CODE = "abnormal_filing"  # the credit rule of 代理非正常专利申请 (seeded in migration 0001)
CREDIT_SOURCE = "abnormal"


def machine() -> wf.Machine:
    return flow.review_machine(int(conf.value("ZHICHAN_ABNORMAL_STATEMENT_DAYS")))  # type: ignore[call-overload]


def default_options() -> dict[str, Any]:
    """The scan's settings (ZHICHAN_ABNORMAL_*); the command's options override them."""
    return {"threshold": float(conf.value("ZHICHAN_ABNORMAL_THRESHOLD")),  # type: ignore[arg-type]
            "shingle": int(conf.value("ZHICHAN_ABNORMAL_SHINGLE")),  # type: ignore[call-overload]
            "detail": int(conf.value("ZHICHAN_ABNORMAL_DETAIL")),  # type: ignore[call-overload]
            "signals": [], "workers": 1}


# -- scans ---------------------------------------------------------------------------------------------------------

@transaction.atomic
def do_start_scan(actor: Any, options: dict[str, Any] | None = None, queue: bool = True) -> AbnormalScan:
    """A scan run as a background job, queued when the transaction commits (`queue` False: the caller runs the
    job itself, as the command line does)."""
    permit(actor, MANAGE)
    chosen = {**default_options(), **{k: v for k, v in (options or {}).items() if v is not None}}
    job = jobs.create("agencies.abnormal_scan", _("非正常申请线索扫描"), actor, {})
    run = AbnormalScan.objects.create(job=job, started_by=actor if getattr(actor, "pk", None) else None,
                                      options=chosen)
    job.params = {"scan": run.pk}
    job.save(update_fields=["params"])
    audit.record(actor, "agencies.abnormal_scan", run, summary=f"threshold={chosen['threshold']} "
                 f"shingle={chosen['shingle']}", changes={"options": chosen})
    if queue:
        jobs.enqueue_on_commit(job)
    return run


def run_scan(run: AbnormalScan, progress: Any = None) -> dict[str, Any]:
    """The job's work: scan, then store the candidates (one transaction)."""
    from zhichan.agencies.abnormal.scan import scan

    options = run.options
    params = neardup.Params(threshold=float(options["threshold"]), k=int(options["shingle"]))

    def stage(name: str, done: int) -> None:
        if progress:
            progress(done, 0, name)

    found, stats = scan(params, detail=int(options.get("detail", 100)), progress=stage,
                        workers=max(1, int(options.get("workers", 1))))
    if options.get("signals"):
        found = [c for c in found if c.signal in options["signals"]]
    counts = store_candidates(run, found)
    counts.update({"applications": stats["applications"], "compared": stats["compared"],
                   "clusters": stats["clusters"]})
    AbnormalScan.objects.filter(pk=run.pk).update(counts=counts, finished_at=timezone.now())
    return {"scan": run.pk, **counts}


FRESH = ("signal", "subject", "order_77_type", "applications", "size", "similarity", "data", "last_scan")


@transaction.atomic
def store_candidates(run: AbnormalScan, found: Iterable[Candidate]) -> dict[str, Any]:
    """Upsert by key: a new candidate is a lead; a known one gets this scan's evidence and keeps its review state,
    fields and steps. Candidates of earlier scans not found again are left as they are (the review may be under
    way)."""
    rows: dict[str, AbnormalCandidate] = {}
    by_signal: dict[str, int] = {}
    for c in found:
        data = c.as_dict()
        rows[c.key] = AbnormalCandidate(
            key=c.key, signal=c.signal, subject=c.subject[:300], order_77_type=c.order_77_type,
            applications=c.applications, size=c.size, similarity=c.similarity, data=data, first_scan=run,
            last_scan=run)
        by_signal[c.signal] = by_signal.get(c.signal, 0) + 1
    known: dict[str, AbnormalCandidate] = {}
    keys = list(rows)
    for start in range(0, len(keys), 500):
        known.update({c.key: c for c in AbnormalCandidate.objects.filter(key__in=keys[start:start + 500])})
    updated, now = [], timezone.now()
    for key, row in rows.items():
        if key in known:
            old = known[key]
            for name in FRESH:
                setattr(old, name, getattr(row, name))
            old.updated_at = now  # bulk_update does not touch auto_now fields
            updated.append(old)
    AbnormalCandidate.objects.bulk_update(updated, [*FRESH, "updated_at"], batch_size=500)
    AbnormalCandidate.objects.bulk_create([r for k, r in rows.items() if k not in known], batch_size=500)
    return {"found": len(rows), "new": len(rows) - len(updated), "updated": len(updated), "by_signal": by_signal}


def latest_job() -> Job | None:
    run = AbnormalScan.objects.select_related("job").first()
    return run.job if run else None


# -- the review ----------------------------------------------------------------------------------------------------

def roles_on(actor: Any, candidate: AbnormalCandidate) -> set[str]:
    roles = set()
    if can(actor, MANAGE):
        roles.add(wf.STAFF)
    organization = getattr(actor, "organization_id", None) if getattr(actor, "is_authenticated", False) else None
    if organization and candidate.state != flow.LEAD and \
            candidate.respondents.filter(pk=organization, status=Organization.Status.VERIFIED).exists():
        roles.add(wf.APPLICANT)
    return roles


def linked_agencies(keys: Iterable[str]) -> list[Agency]:
    """The registered agencies whose names (aliases) stand as 代理机构 on these applications."""
    normalized = set(Party.objects.filter(role=rec.AGENCY, application__key__in=list(keys))
                     .values_list("normalized_name", flat=True))
    stripped = {n.rstrip("0123456789 ") for n in normalized}  # exports append the agency's code
    ids = AgencyAlias.objects.filter(normalized_name__in=normalized | stripped).values_list("agency_id", flat=True)
    return list(Agency.objects.filter(pk__in=ids).order_by("name"))


def respondents_for(candidate: AbnormalCandidate) -> list[Organization]:
    """Who is asked for a statement: registered organisations named as applicants on the records, and the linked
    agencies' organisations."""
    applicants = set(Party.objects.filter(role=rec.APPLICANT, application__key__in=candidate.applications)
                     .values_list("normalized_name", flat=True))
    found = [o for o in Organization.objects.all().only("pk", "name") if names.normalize(o.name) in applicants] \
        if applicants else []
    found += [a.organization for a in linked_agencies(candidate.applications) if a.organization_id]
    return list({o.pk: o for o in found}.values())


def concluded_keys(candidate: AbnormalCandidate, fields: dict[str, str]) -> list[str]:
    """The applications a 部分属于 conclusion names (each one of the candidate's), or all of them."""
    if "applications" not in fields:
        return list(candidate.applications)
    named = [k.strip() for k in fields["applications"].replace("，", ",").replace("\n", ",").split(",")
             if k.strip()]
    unknown = [k for k in named if k not in set(candidate.applications)]
    if unknown or not named:
        raise wf.FieldErrors({"applications": _("不是这条线索的申请号：%(keys)s") % {"keys": "、".join(unknown) or "—"}},
                             machine().fields)
    return sorted(set(named))


def _checks(candidate: AbnormalCandidate, name: str, fields: dict[str, str], role: str, today: dt.date) -> None:
    if name in flow.CONCLUSIONS and candidate.state == flow.NOTIFIED and candidate.due and today <= candidate.due:
        raise wf.TransitionError(_("陈述期限（%(due)s）届满前不能在没有陈述意见的情况下作出结论"),
                                 due=f"{candidate.due:%Y-%m-%d}")
    if "order_type" in fields and fields["order_type"] not in flow.ORDER_77:
        raise wf.FieldErrors({"order_type": _("请选择规定第三条所列的一种情形")}, machine().fields)


@transaction.atomic
def do_transition(actor: Any, candidate: AbnormalCandidate, name: str, fields: dict[str, str] | None = None,
                  *, exclude: bool = False, today: dt.date | None = None) -> AbnormalCandidate:
    """Take a transition of the review as the role the actor holds. A conclusion of 非正常 (属于 / 部分属于) stores
    the concluded records (`exclude`: the indicators leave them out under the exclusion setting) and records a
    credit event against every linked registered agency."""
    today = today or timezone.localdate()
    m = machine()
    t = m.transition(name)
    held = roles_on(actor, candidate) if actor is not None else {wf.STAFF}
    if not held:
        permit(actor, MANAGE)  # raises PermissionDenied
    roles = held & t.roles
    if not roles:
        raise wf.TransitionError(_("“%(step)s”不能由您办理"), step=t.label)
    role = wf.STAFF if wf.STAFF in roles else wf.APPLICANT
    clean = wf.accepted(m, t, fields or {})
    candidate = AbnormalCandidate.objects.select_for_update().get(pk=candidate.pk)
    _checks(candidate, name, clean, role, today)
    keys = concluded_keys(candidate, clean) if name in ("conclude_abnormal", "conclude_partly") else []
    before = candidate.state
    state = wf.apply(m, wf.CaseState(candidate.state, wf.Clock.of(candidate)), name, role, clean, today=today)
    candidate.state = state.state
    state.clock.store(candidate)
    candidate.fields = {**candidate.fields, **clean}
    if name == "notify":
        candidate.respondents.set(respondents_for(candidate))
    if keys:
        _conclude_abnormal(actor, candidate, keys, clean, exclude, today)
    candidate.save()
    AbnormalStep.objects.create(candidate=candidate, transition=name, from_state=before, to_state=candidate.state,
                                actor=actor if getattr(actor, "is_authenticated", False) else None, role=role,
                                fields=clean)
    audit.record(actor, f"agencies.abnormal_{name}", candidate, summary=f"{candidate.key} {t.label}",
                 changes={"from": before, "to": candidate.state, **clean})
    return candidate


def _conclude_abnormal(actor: Any, candidate: AbnormalCandidate, keys: list[str], fields: dict[str, str],
                       exclude: bool, today: dt.date) -> None:
    for application in Application.objects.filter(key__in=keys):
        AbnormalRecord.objects.get_or_create(candidate=candidate, application=application,
                                             defaults={"excluded": exclude})
    events = []
    for agency in linked_agencies(keys):
        event = credit_actions.do_record_event(
            actor, agency, CREDIT_CODE, today,
            evidence=f"{flow.STATES[candidate.state]} {fields['order_type']}: {fields['finding']}"[:2000],
            source=CREDIT_SOURCE, source_ref=candidate.key)
        events.append({"agency": agency.pk, "event": event.pk})
    candidate.fields["concluded"] = keys
    candidate.fields["credit_events"] = events
    candidate.fields["excluded"] = exclude


@transaction.atomic
def do_set_exclusion(actor: Any, candidate: AbnormalCandidate, excluded: bool) -> int:
    """Whether the records a conclusion found 非正常 are left out of the computed indicators (when the setting
    ZHICHAN_INDICATORS_EXCLUDE_ABNORMAL is on). Audited; returns the records changed."""
    permit(actor, MANAGE)
    candidate = AbnormalCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.state not in flow.CONCLUDED_ABNORMAL:
        raise wf.TransitionError(_("只有结论为非正常申请的记录才能不计入指标"))
    changed = AbnormalRecord.objects.filter(candidate=candidate).exclude(excluded=excluded).update(excluded=excluded)
    candidate.fields = {**candidate.fields, "excluded": excluded}
    candidate.save(update_fields=["fields", "updated_at"])
    audit.record(actor, "agencies.abnormal_exclusion", candidate,
                 summary=f"{candidate.key} {'exclude' if excluded else 'include'} {changed}",
                 changes={"excluded": excluded, "records": changed})
    return changed
