"""Writes of the credit ledger: events, rule versions, grades per period and their 公示. Each checks permission,
runs in one transaction and writes the audit record; recomputing every grade after a rule version is published is
a background job queued when the transaction commits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhichan.agencies import credit
from zhichan.agencies.access import permit
from zhichan.agencies.models import Agency, CreditEvent, CreditGrade, CreditRule, CreditRuleVersion
from zhichan.core import audit, jobs

RULE_FIELDS = ("label", "points", "cap", "term_months", "source", "public")


def current_version(on: dt.date | None = None) -> CreditRuleVersion | None:
    """The published version in force on `on` (today): the latest published whose effective date has come."""
    on = on or timezone.localdate()
    return (CreditRuleVersion.objects.exclude(published_at=None).filter(effective_from__lte=on)
            .order_by("-effective_from", "-number").first())


def rules_of(version: CreditRuleVersion) -> dict[str, credit.Rule]:
    return {r.code: credit.Rule(r.code, Decimal(r.points), Decimal(r.cap) if r.cap is not None else None,
                                r.term_months, r.label) for r in version.rules.all()}


def evaluate(agency: Agency, version: CreditRuleVersion, as_of: dt.date) -> credit.Result:
    events = [credit.Event(e.code, e.occurred_on, Decimal(e.points) if e.points is not None else None, e.ends_on,
                           e.pk) for e in agency.credit_events.all()]
    return credit.evaluate(events, rules_of(version), as_of, Decimal(version.base))


def compute_grade(agency: Agency, period: int, version: CreditRuleVersion) -> CreditGrade:
    """Store the grade of `period` under `version` (recomputing replaces that version's row only)."""
    as_of = min(credit.period_end(period), timezone.localdate())
    result = evaluate(agency, version, as_of)
    lines = [{"event": line.ref, "code": line.code, "points": str(line.points)} for line in result.lines]
    grade, _ = CreditGrade.objects.update_or_create(agency=agency, period=period, version=version, defaults={
        "as_of": as_of, "score": result.score, "grade": result.grade, "lines": lines})
    return grade


def refresh_agency(agency: Agency, today: dt.date | None = None) -> CreditGrade | None:
    """The current period's grade under the version in force, cached on the agency for the directory."""
    today = today or timezone.localdate()
    version = current_version(today)
    if version is None:
        return None
    grade = compute_grade(agency, today.year, version)
    Agency.objects.filter(pk=agency.pk).update(grade=grade.grade, score=grade.score)
    agency.grade, agency.score = grade.grade, grade.score
    return grade


def record_event(actor: Any, agency: Agency, code: str, occurred_on: dt.date, *, points: Decimal | None = None,
                 evidence: str = "", source: str = "office", source_ref: str = "", public: bool = True,
                 practitioner: Any = None) -> CreditEvent:
    """An event in the credit file, inside a caller's permitted action. Idempotent per (source, source_ref) when a
    reference is given: the automatic jobs call it again without doubling events."""
    if source_ref:
        existing = CreditEvent.objects.filter(agency=agency, source=source, source_ref=source_ref).first()
        if existing is not None:
            if existing.code != code:
                existing.code = code
                existing.save(update_fields=["code"])
                audit.record(actor, "agencies.credit_event_change", existing, summary=f"{agency.name} {code}")
                refresh_agency(agency)
            return existing
    event = CreditEvent.objects.create(agency=agency, code=code, occurred_on=occurred_on, points=points,
                                       evidence=evidence, source=source, source_ref=source_ref[:100], public=public,
                                       practitioner=practitioner,
                                       created_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor, "agencies.credit_event", event, summary=f"{agency.name} {code} {occurred_on}")
    refresh_agency(agency)
    return event


@transaction.atomic
def do_record_event(actor: Any, agency: Agency, code: str, occurred_on: dt.date, points: Decimal | None = None,
                    evidence: str = "", public: bool = True, source: str = "office", source_ref: str = ""
                    ) -> CreditEvent:
    """The office (or another app's action: inspections, complaints, abnormal-application conclusions) records an
    event; its code must be a rule of the version in force."""
    permit(actor, "agencies.manage")
    version = current_version(occurred_on) or current_version()
    if version is None or not version.rules.filter(code=code).exists():
        raise ValueError(f"unknown credit event code {code!r}")
    return record_event(actor, agency, code, occurred_on, points=points, evidence=evidence, source=source,
                        source_ref=source_ref, public=public)


@transaction.atomic
def do_end_event(actor: Any, event: CreditEvent, on: dt.date, reason: str, withdraw: bool = False) -> CreditEvent:
    """An event stops counting on `on` (信用修复 granted), or never counted (`withdraw`: an objection upheld)."""
    permit(actor, "agencies.manage")
    event.ends_on = event.occurred_on if withdraw else on
    if withdraw:
        event.public = False
    event.save(update_fields=["ends_on", "public"])
    audit.record(actor, "agencies.credit_event_withdraw" if withdraw else "agencies.credit_event_end", event,
                 summary=reason[:300], changes={"ends_on": str(event.ends_on)})
    refresh_agency(event.agency)
    for grade in CreditGrade.objects.filter(agency=event.agency, period__gte=event.occurred_on.year):
        compute_grade(event.agency, grade.period, grade.version)
    return event


@transaction.atomic
def do_new_rule_version(actor: Any, title: str, effective_from: dt.date, note: str = "") -> CreditRuleVersion:
    """A draft version, a copy of the latest one's rules, to edit before publishing."""
    permit(actor, "agencies.manage")
    latest = CreditRuleVersion.objects.order_by("-number").first()
    version = CreditRuleVersion.objects.create(number=(latest.number + 1) if latest else 1, title=title[:200],
                                               effective_from=effective_from, note=note,
                                               base=latest.base if latest else credit.BASE)
    if latest is not None:
        CreditRule.objects.bulk_create(CreditRule(version=version, code=r.code, **{f: getattr(r, f) for f in RULE_FIELDS})
                                       for r in latest.rules.all())
    audit.record(actor, "agencies.rule_version", version, summary=str(version))
    return version


@transaction.atomic
def do_save_rule(actor: Any, version: CreditRuleVersion, code: str, values: dict[str, Any]) -> CreditRule:
    """Add or change one rule of a draft version (a published version is frozen)."""
    permit(actor, "agencies.manage")
    if version.published_at is not None:
        raise ValueError("published versions are frozen")
    values = {k: v for k, v in values.items() if k in RULE_FIELDS}
    rule, created = CreditRule.objects.get_or_create(version=version, code=code, defaults=values)
    before = {} if created else {f: str(getattr(rule, f)) for f in values}
    if not created:
        for key, value in values.items():
            setattr(rule, key, value)
        rule.save()
    audit.record(actor, "agencies.rule", version, summary=f"{version} {code}",
                 changes={k: [before.get(k, ""), str(v)] for k, v in values.items()})
    return rule


@transaction.atomic
def do_publish_rule_version(actor: Any, version: CreditRuleVersion) -> Any:
    """Publish a draft: frozen from now on; every agency's grades are recomputed under it (a job)."""
    permit(actor, "agencies.manage")
    if version.published_at is not None:
        raise ValueError("already published")
    version.published_at, version.published_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    version.save(update_fields=["published_at", "published_by"])
    audit.record(actor, "agencies.rule_publish", version, summary=str(version))
    job = jobs.create("agencies.grades", f"按信用评价规则 v{version.number} 重新计算信用等级", actor,
                      {"version": version.pk})
    jobs.enqueue_on_commit(job)
    return job


@transaction.atomic
def do_compute_grades(actor: Any, version: CreditRuleVersion, periods: list[int] | None = None,
                      progress: Any = None) -> int:
    """Every agency's grades under `version` for `periods` (default: the periods already graded, and this year)."""
    permit(actor, "agencies.manage")
    periods = periods or sorted(set(CreditGrade.objects.values_list("period", flat=True))
                                | {timezone.localdate().year})
    agencies = list(Agency.objects.all())
    done = 0
    for i, agency in enumerate(agencies):
        for period in periods:
            compute_grade(agency, period, version)
            done += 1
        if version == current_version():
            refresh_agency(agency)
        if progress:
            progress(i + 1, len(agencies), "计算信用等级")
    audit.record(actor, "agencies.grades", version, summary=f"{version}: {done}")
    return done


@transaction.atomic
def do_publish_grades(actor: Any, period: int, on: dt.date | None = None) -> int:
    """公示: the period's grades under the version in force become public (the directory shows them)."""
    permit(actor, "agencies.manage")
    on = on or timezone.localdate()
    version = current_version(on)
    if version is None:
        return 0
    for agency in Agency.objects.all():
        if not CreditGrade.objects.filter(agency=agency, period=period, version=version).exists():
            compute_grade(agency, period, version)
    count = CreditGrade.objects.filter(period=period, version=version, published_on=None).update(published_on=on)
    audit.record(actor, "agencies.grades_publish", version, summary=f"{period}: {count}")
    return count
