"""Writes of risk reports (风险报告, issue 16 item 3): the office drafts a report for a subject and quarter (its figures
and default recommendations), edits the recommendations, and issues it; the enterprise's users are told. At the
start of each quarter the schedule drafts one for every 重点企业 on a watch list, for the quarter just ended, once:
a report exists once per subject and quarter (`RiskReport.subject_key`, `period`), a rerun makes nothing new.

Who reads what: the office (protection.manage) every report, drafts included; a user of an organisation the issued
reports of that organisation; nobody else."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied, can
from zhichan.core.workflow.machine import TransitionError
from zhichan.protection import report_gather, riskfigures
from zhichan.protection.models import RiskReport
from zhichan.protection.report_gather import Subject
from zhichan.protection.riskfigures import Quarter
from zhichan.services.actions import notify

log = logging.getLogger(__name__)
MANAGE = "protection.manage"
TEXT_MAX = 20000


def visible(user: Any) -> QuerySet[RiskReport]:
    if can(user, MANAGE):
        return RiskReport.objects.all()
    if getattr(user, "is_authenticated", False) and user.organization_id:
        return RiskReport.objects.filter(organization_id=user.organization_id, state=RiskReport.State.ISSUED)
    return RiskReport.objects.none()


def _draft(actor: Any, subject: Subject, quarter: Quarter, scheduled: bool) -> tuple[RiskReport, bool]:
    """The subject's report for the quarter: the existing one, or a new draft (True)."""
    existing = RiskReport.objects.filter(subject_key=subject.key, period=quarter.code).first()
    if existing is not None:
        return existing, False
    figures = report_gather.figures(subject, quarter)
    report = RiskReport.objects.create(
        kind=subject.kind, subject_key=subject.key, subject=subject.name[:300], organization=subject.organization,
        period=quarter.code, figures=figures, recommendations=riskfigures.recommendations(figures),
        scheduled=scheduled, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit.record(actor, "protection.risk_report_draft", report, summary=f"{report.subject} {report.period}")
    return report, True


@transaction.atomic
def do_draft_risk_report(actor: Any, subject: Subject, quarter: Quarter) -> tuple[RiskReport, bool]:
    if not can(actor, MANAGE):
        raise PermissionDenied(MANAGE)
    if quarter.start > timezone.localdate():
        raise TransitionError(_("报告期尚未开始"))
    return _draft(actor, subject, quarter, scheduled=False)


@transaction.atomic
def do_edit_recommendations(actor: Any, report: RiskReport, text: str) -> RiskReport:
    if not can(actor, MANAGE):
        raise PermissionDenied(MANAGE)
    report = RiskReport.objects.select_for_update().get(pk=report.pk)  # the state now, not as the caller read it
    if report.state != RiskReport.State.DRAFT:
        raise TransitionError(_("报告已发布，不能修改"))
    cleaned = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()[:TEXT_MAX]
    if not cleaned:
        raise TransitionError(_("请填写对策建议"))
    report.recommendations = cleaned
    report.edited_at = timezone.now()
    report.save(update_fields=["recommendations", "edited_at"])
    audit.record(actor, "protection.risk_report_edit", report, summary=f"{report.subject} {report.period}")
    return report


@transaction.atomic
def do_issue_risk_report(actor: Any, report: RiskReport) -> RiskReport:
    if not can(actor, MANAGE):
        raise PermissionDenied(MANAGE)
    report = RiskReport.objects.select_for_update().get(pk=report.pk)
    if report.state != RiskReport.State.DRAFT:
        raise TransitionError(_("报告已发布"))
    report.state = RiskReport.State.ISSUED
    report.issued_by, report.issued_at = actor, timezone.now()
    report.save(update_fields=["state", "issued_by", "issued_at"])
    audit.record(actor, "protection.risk_report_issue", report, summary=f"{report.subject} {report.period}")
    if report.organization_id:
        url = reverse("protection:report", args=[report.pk])
        title = _("%(subject)s %(period)s 知识产权风险报告已发布") % {
            "subject": report.subject, "period": report.figures.get("period_label", report.period)}
        for user in report.organization.user_set.filter(is_active=True):
            notify(user, title, url)
    return report


def draft_quarterly(today: dt.date | None = None) -> list[RiskReport]:
    """The schedule's work: a draft for every 重点企业 for the quarter before `today`'s; the new ones returned."""
    quarter = riskfigures.previous_quarter(today or timezone.localdate())
    made = []
    for subject in report_gather.key_enterprises():
        try:
            with transaction.atomic():
                report, new = _draft(None, subject, quarter, scheduled=True)
        except Exception:  # one enterprise's failure is logged and leaves the others' drafts be
            log.exception("protection: the risk report of %s for %s failed", subject.key, quarter.code)
            continue
        if new:
            made.append(report)
    return made
