"""The office approves the ranked list (the funded applications and their amounts), starts the 公示, signed-in
users object within it, the office answers each objection (upheld: the application is reconsidered), and after
the period the results are published. Rules: projects/outcome.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied, require
from zhichan.projects import outcome, score_actions
from zhichan.projects.actions import ALL, Refused
from zhichan.projects.models import Award, Call, Decision, Objection
from zhichan.services.actions import notify


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


@transaction.atomic
def do_approve(actor: Any, call: Call, amounts: Mapping[int, object], note: str = "") -> Decision:
    """The funded applications (application id → amount in 万元) of the call's review, with rank and aggregate."""
    require(actor, "projects.manage")
    review = getattr(call, "review", None)
    if review is None:
        raise Refused({ALL: [_("该项目还没有专家评审")]})
    if Decision.objects.filter(call=call).exists():
        raise Refused({ALL: [_("该项目已审定")]})
    rows = {r["application"].pk: r for r in score_actions.results(review)}
    if not amounts:
        raise Refused({ALL: [_("请至少选择一个拟立项的申报")]})
    clean: dict[int, Decimal] = {}
    for app_id, raw in amounts.items():
        if int(app_id) not in rows:
            raise Refused({ALL: [_("只能选择本项目评审的申报")]})
        try:
            clean[int(app_id)] = outcome.amount(raw)
        except ValueError:
            raise Refused({ALL: [_("资助金额须为正数（万元）")]}) from None
    decision = Decision.objects.create(call=call, note=note.strip()[:2000], approved_by=actor)
    for app_id, value in clean.items():
        r = rows[app_id]
        Award.objects.create(decision=decision, application=r["application"], rank=r["rank"],
                             aggregate=r["aggregate"], amount=value)
    audit.record(actor, "projects.approve", decision, summary=f"{call.title}: {len(clean)}")
    return decision


@transaction.atomic
def do_start_publicity(actor: Any, decision: Decision, today: dt.date | None = None) -> Decision:
    require(actor, "projects.manage")
    if decision.state != Decision.State.APPROVED:
        raise Refused({ALL: [_("公示已经开始")]})
    start = _today(today)
    decision.publicity_start = start
    decision.publicity_end = outcome.publicity_end(start, int(conf.value("ZHICHAN_PROJECTS_PUBLICITY_DAYS")))  # type: ignore[call-overload]
    decision.state = Decision.State.PUBLICITY
    decision.save()
    audit.record(actor, "projects.publicity", decision,
                 summary=f"{decision.publicity_start} — {decision.publicity_end}")
    return decision


@transaction.atomic
def do_object(actor: Any, award: Award, reasons: str, today: dt.date | None = None) -> Objection:
    """A signed-in user's objection to one entry of the list, within the 公示 period, with reasons."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("projects.object")
    decision = award.decision
    day = _today(today)
    if decision.state != Decision.State.PUBLICITY or not outcome.objections_open(
            decision.publicity_start, decision.publicity_end, day):  # type: ignore[arg-type]
        raise Refused({ALL: [_("不在公示期内，不能提出异议")]})
    if award.status == Award.Status.DROPPED:
        raise Refused({ALL: [_("该申报已不予立项")]})
    reasons = reasons.strip()
    if len(reasons) < 5:
        raise Refused({"reasons": [_("请写明异议理由")]})
    Award.objects.select_for_update().get(pk=award.pk)  # two sends at once: the second waits and finds the first
    resent = Objection.objects.filter(award=award, filed_by=actor, state=Objection.State.OPEN,
                                      reasons=reasons[:5000]).first()
    if resent is not None:  # the same open objection sent again (double click, reload): not a second one
        return resent
    objection = Objection.objects.create(decision=decision, award=award, filed_by=actor, reasons=reasons[:5000],
                                         filed_on=day)
    audit.record(actor, "projects.object", objection, summary=award.application.number)
    return objection


@transaction.atomic
def do_answer_objection(actor: Any, objection: Objection, upheld: bool, answer: str) -> Objection:
    """Upheld: the application is reconsidered (its entry is held until the office decides again); rejected with
    the reason. The filer is notified either way."""
    require(actor, "projects.manage")
    if objection.state != Objection.State.OPEN:
        raise Refused({ALL: [_("该异议已处理")]})
    if not answer.strip():
        raise Refused({"answer": [_("请写明处理意见")]})
    objection.state = Objection.State.UPHELD if upheld else Objection.State.REJECTED
    objection.answer, objection.handled_by, objection.handled_at = answer.strip()[:5000], actor, timezone.now()
    objection.save()
    if upheld:
        Award.objects.filter(pk=objection.award_id).update(status=Award.Status.RECONSIDER)
    audit.record(actor, "projects.objection_answer", objection, summary=objection.get_state_display())
    notify(objection.filed_by, _("您对公示提出的异议已处理：%(state)s") % {"state": objection.get_state_display()},
           reverse("projects:publicity", args=[objection.decision.call_id]))
    return objection


@transaction.atomic
def do_reconsider(actor: Any, award: Award, fund: bool, amount: object = None) -> Award:
    """After an upheld objection: fund again (with the amount) or drop the application."""
    require(actor, "projects.manage")
    if award.status != Award.Status.RECONSIDER:
        raise Refused({ALL: [_("该申报不在复核中")]})
    if fund:
        try:
            award.amount = outcome.amount(amount)
        except ValueError:
            raise Refused({"amount": [_("资助金额须为正数（万元）")]}) from None
    award.status = Award.Status.FUNDED if fund else Award.Status.DROPPED
    award.save()
    audit.record(actor, "projects.reconsider", award, summary=f"{award.application.number} {award.status}")
    return award


@transaction.atomic
def do_publish_results(actor: Any, decision: Decision, today: dt.date | None = None) -> Decision:
    require(actor, "projects.manage")
    if decision.state != Decision.State.PUBLICITY or not outcome.publicity_over(
            decision.publicity_end, _today(today)):  # type: ignore[arg-type]
        raise Refused({ALL: [_("公示期结束后才能公布结果")]})
    if decision.objections.filter(state=Objection.State.OPEN).exists():
        raise Refused({ALL: [_("还有未处理的异议")]})
    if decision.awards.filter(status=Award.Status.RECONSIDER).exists():
        raise Refused({ALL: [_("还有复核中的申报")]})
    decision.state, decision.published_at = Decision.State.PUBLISHED, timezone.now()
    decision.save()
    for award in decision.awards.filter(status=Award.Status.FUNDED).select_related("application__applicant"):
        notify(award.application.applicant, _("项目立项结果已公布：%(title)s") % {"title": decision.call.title},
               reverse("projects:award", args=[award.pk]))
    audit.record(actor, "projects.publish_results", decision, summary=decision.call.title)
    return decision


def public_awards(decision: Decision) -> list[Award]:
    """What the public pages list: during 公示 every entry not dropped; after publication the funded ones."""
    rows = decision.awards.select_related("application__organization")
    if decision.state == Decision.State.PUBLISHED:
        return list(rows.filter(status=Award.Status.FUNDED))
    return list(rows.exclude(status=Award.Status.DROPPED))
