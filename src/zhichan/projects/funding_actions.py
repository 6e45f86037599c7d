"""A funded project after publication: tranches scheduled by the office (the sum never above the grant), progress
reports by the organisation, acceptance (验收) against the declared targets, and 绩效评价 by the indicator system
(projects/performance.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.core import audit, resend
from zhichan.core.permissions import PermissionDenied, can, require
from zhichan.projects import outcome, outcome_navigation, performance
from zhichan.projects.actions import ALL, Refused
from zhichan.projects.models import Acceptance, Award, Decision, Evaluation, ProgressReport, Tranche


def live(award: Award) -> None:
    if award.decision.state != Decision.State.PUBLISHED or award.status != Award.Status.FUNDED:
        raise Refused({ALL: [_("只有已公布立项的项目才能办理")]})


def may_see(user: Any, award: Award) -> bool:
    if can(user, "projects.manage"):
        return True
    return bool(getattr(user, "organization_id", None)) and can(user, "projects.apply") and \
        award.application.organization_id == user.organization_id


@transaction.atomic
def do_add_tranche(actor: Any, award: Award, due_on: dt.date, amount: object, note: str = "") -> Tranche:
    require(actor, "projects.manage")
    live(award)
    try:
        value = outcome.amount(amount)
    except ValueError:
        raise Refused({"amount": [_("金额须为正数（万元）")]}) from None
    award = Award.objects.select_for_update().get(pk=award.pk)
    resent = award.tranches.filter(due_on=due_on, amount=value, note=note.strip()[:200]).first()
    if resent is not None:  # the very same tranche sent again (double click, reload): not a second payment
        return resent
    scheduled = list(award.tranches.values_list("amount", flat=True))
    if not outcome.fits(award.amount, scheduled, value):
        raise Refused({"amount": [_("各期拨付合计不能超过资助金额，还可安排 %(room)s 万元")
                                  % {"room": outcome.tranche_room(award.amount, scheduled)}]})
    tranche = Tranche.objects.create(award=award, due_on=due_on, amount=value, note=note.strip()[:200])
    audit.record(actor, "projects.tranche", tranche, summary=f"{award.application.number} {value}")
    return tranche


@transaction.atomic
def do_report_progress(actor: Any, award: Award, period: str, text: str, spent: object = 0) -> ProgressReport:
    if not (can(actor, "projects.apply") and award.application.organization_id == actor.organization_id):
        raise PermissionDenied("projects.apply")
    live(award)
    if not period.strip() or not text.strip():
        raise Refused({ALL: [_("请填写报告期和进展情况")]})
    try:
        spent_value = Decimal(str(spent or 0))
        if not spent_value.is_finite() or spent_value < 0:
            raise ValueError
    except (ArithmeticError, ValueError):
        raise Refused({"spent": [_("已使用资金须为不小于 0 的数")]}) from None
    Award.objects.select_for_update().get(pk=award.pk)
    fields = {"period": period.strip()[:50], "text": text.strip()[:10000], "spent": spent_value.quantize(outcome.CENT)}
    resent = resend.recent(award.reports.all(), at="at", filed_by=actor, **fields)
    if resent is not None:  # the same report sent again within moments (double click, reload)
        return resent
    report = ProgressReport.objects.create(award=award, filed_by=actor, **fields)
    audit.record(actor, "projects.progress", report, summary=award.application.number)
    return report


def targets(award: Award) -> list[dict[str, Any]]:
    return outcome.targets(award.decision.call.fields, award.application.values)


@transaction.atomic
def do_accept(actor: Any, award: Award, achieved: Mapping[str, object], comment: str = "") -> Acceptance:
    """验收: each declared target's achieved value; passed when every target is met."""
    require(actor, "projects.manage")
    live(award)
    rows = outcome.compare(targets(award), achieved)
    acceptance, _created = Acceptance.objects.update_or_create(award=award, defaults={
        "rows": rows, "passed": all(r["met"] for r in rows), "comment": comment.strip()[:5000], "by": actor})
    audit.record(actor, "projects.accept", acceptance, summary=f"{award.application.number} {acceptance.passed}")
    return acceptance


def suggested(award: Award) -> dict[str, Decimal]:
    """By the call's indicator system and weights: the indicator measured by the targets (绩效评价: output;
    navigation: patent layout) from the share of targets met at acceptance, the one measured by the funds (budget
    execution; use of funds) from the share of the grant scheduled in tranches."""
    call = award.decision.call
    system, w = call.evaluation_system, call.evaluation_weights()
    acc = getattr(award, "acceptance", None)
    rows = acc.rows if acc else []
    paid = sum((t.amount for t in award.tranches.all()), Decimal(0))
    targets_code, funds_code = performance.FROM_TARGETS[system], performance.FROM_FUNDS[system]
    return {targets_code: performance.share_score(w[targets_code], Decimal(sum(r["met"] for r in rows)),
                                                  Decimal(len(rows))),
            funds_code: performance.share_score(w[funds_code], paid, award.amount)}


@transaction.atomic
def do_evaluate(actor: Any, award: Award, scores: Mapping[str, object], comment: str = "",
                navigation_database: object = None) -> Evaluation:
    """Grade by the call's indicator system (绩效评价, or 专利导航工程实施评价 for a navigation project) and its weights
    as they stand; a navigation project may name the platform's thematic database its report was built from."""
    require(actor, "projects.manage")
    live(award)
    if not hasattr(award, "acceptance"):
        raise Refused({ALL: [_("验收后才能进行绩效评价")]})
    call = award.decision.call
    system, weights = call.evaluation_system, call.evaluation_weights()
    try:
        clean, total, grade = performance.evaluate(weights, scores, system)
    except performance.IndicatorError as exc:
        code = str(exc).split(":", 1)[0]
        raise Refused({code if code in weights else ALL: [_("各项得分须在 0 到该项权重之间")]}) from exc
    evidence: dict[str, Any] = {}
    if system == performance.NAVIGATION and navigation_database not in (None, ""):
        evidence = outcome_navigation.evidence(navigation_database)
        if not evidence:
            raise Refused({"navigation_database": [_("该专题数据库不存在或尚未生成版本")]})
    evaluation, _created = Evaluation.objects.update_or_create(award=award, defaults={
        "system": system, "weights": performance.stored(weights), "scores": performance.stored(clean),
        "total": total, "grade": grade, "evidence": evidence, "comment": comment.strip()[:5000], "by": actor})
    audit.record(actor, "projects.evaluate", evaluation,
                 summary=f"{award.application.number} {system} {total} {grade}")
    return evaluation
