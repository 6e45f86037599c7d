"""Writes of 双随机、一公开 (国发〔2019〕5号): plans, the inspector pool, recusals, the draw, findings, rectification
and publication. Each checks permission, runs in one transaction and writes the audit record. The draw is
agencies/draw.py over the plan's scope as the database holds it now; `plan_draw()` computes it without writing
(`zhichan inspections draw PLAN --seed S`), `do_draw()` records the seed, the inputs and the result."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.agencies import draw as rand
from zhichan.agencies.inspection_models import Inspection, InspectionPlan, InspectorPoolMember, Recusal
from zhichan.agencies.models import Agency
from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied, can, require

MANAGE = "inspections.manage"
INSPECTOR_ROLES = ("office", "staff", "admin")  # who may sit in the pool: office and window staff
GRADES = ("A+", "A", "B", "C", "D", "")  # "" = not graded yet
DEFAULT_WEIGHTS = {"A+": 0.5, "A": 1, "B": 1, "C": 2, "D": 3, "": 1}  # riskier grades drawn more often


def _permit(actor: Any) -> None:
    """The office's permission; None is the operator of the machine (`zhichan inspections draw --save`)."""
    if actor is not None:
        require(actor, MANAGE)


class InspectionError(ValueError):
    """Why an inspection step was refused, in words for the office."""


def region_prefix(code: str) -> str:
    """The part of a GB/T 2260 code its subdivisions share: 320000 → 32, 320300 → 3203, 000000 → ''."""
    code = code.strip()
    while code.endswith("00"):
        code = code[:-2]
    return code


def scope(plan: InspectionPlan) -> QuerySet[Agency]:
    """The agencies the plan may draw: its object kinds, regions and statuses (each empty = no restriction)."""
    agencies = Agency.objects.all()
    kinds = set(plan.object_kinds or ())
    if kinds == {InspectionPlan.HEAD}:
        agencies = agencies.filter(head__isnull=True)
    elif kinds == {InspectionPlan.BRANCH}:
        agencies = agencies.filter(head__isnull=False)
    prefixes = [region_prefix(c) for c in plan.regions or ()]
    if prefixes and "" not in prefixes:
        where = Q()
        for prefix in prefixes:
            where |= Q(region__code__startswith=prefix)
        agencies = agencies.filter(where)
    if plan.statuses:
        agencies = agencies.filter(status__in=plan.statuses)
    return agencies


def pool() -> QuerySet[Any]:
    """The users who may be drawn: active pool members with an office or staff role."""
    return get_user_model().objects.filter(inspector__active=True, is_active=True, role__in=INSPECTOR_ROLES)


def draw_inputs(plan: InspectionPlan) -> tuple[list[rand.Candidate], list[int], list[rand.Recusal]]:
    """The candidates (id, grade), the pool (user ids) and the recusals: those recorded, and every pool member
    whose organisation is the agency's own (同一单位)."""
    agencies = list(scope(plan).values_list("pk", "grade", "organization_id"))
    candidates = [rand.Candidate(pk, grade or "") for pk, grade, _org in agencies]
    members = list(pool().values_list("pk", "organization_id"))
    ids = {row[0] for row in agencies}
    pairs = {(r.inspector_id, r.agency_id): r.reason
             for r in Recusal.objects.filter(agency_id__in=ids, inspector_id__in=[row[0] for row in members])}
    by_org: dict[int, list[int]] = {}
    for user_id, org in members:
        if org is not None:
            by_org.setdefault(org, []).append(user_id)
    for pk, _grade, org in agencies:
        for user_id in by_org.get(org, []) if org is not None else []:
            pairs.setdefault((user_id, pk), rand.SAME_ORGANIZATION)
    recusals = [rand.Recusal(i, a, reason) for (i, a), reason in sorted(pairs.items())]
    return candidates, [row[0] for row in members], recusals


def weights_of(plan: InspectionPlan) -> dict[str, float]:
    return {str(k): float(v) for k, v in (plan.weights or DEFAULT_WEIGHTS).items()}


def plan_draw(plan: InspectionPlan, seed: int | str) -> rand.Draw:
    """The draw the plan gives today with this seed (nothing written). Raises draw.DrawError when it cannot."""
    candidates, members, recusals = draw_inputs(plan)
    return rand.draw(candidates, members, recusals, float(plan.ratio), weights_of(plan), plan.per_object,
                     str(seed))


def _clean_weights(weights: Mapping[str, Any] | None) -> dict[str, float]:
    clean = {}
    for grade, value in (weights or DEFAULT_WEIGHTS).items():
        if grade not in GRADES:
            raise InspectionError(_("没有“%(grade)s”这个信用等级") % {"grade": grade})
        number = float(value)
        if number < 0:
            raise InspectionError(_("风险权重不能为负数"))
        clean[grade] = number
    return clean


@transaction.atomic
def do_create_plan(actor: Any, *, name: str, year: int, ratio: Decimal | float | str, publish_by: dt.date,
                   per_object: int = 2, weights: Mapping[str, Any] | None = None,
                   object_kinds: Iterable[str] = (), regions: Iterable[str] = (),
                   statuses: Iterable[str] = ()) -> InspectionPlan:
    _permit(actor)
    ratio = Decimal(str(ratio))
    if not Decimal(0) < ratio <= Decimal(1):
        raise InspectionError(_("抽查比例应大于 0 且不超过 100%"))
    if per_object < 1:
        raise InspectionError(_("每个对象至少需要 1 名检查人员"))
    kinds = sorted(set(object_kinds))
    if set(kinds) - {InspectionPlan.HEAD, InspectionPlan.BRANCH}:
        raise InspectionError(_("抽查对象类型无效"))
    if set(statuses) - set(Agency.Status.values):
        raise InspectionError(_("机构状态无效"))
    plan = InspectionPlan.objects.create(
        name=name.strip(), year=year, ratio=ratio, publish_by=publish_by, per_object=per_object,
        weights=_clean_weights(weights), object_kinds=kinds, regions=sorted({c.strip() for c in regions if c.strip()}),
        statuses=sorted(set(statuses)), created_by=_user(actor))
    audit.record(actor, "inspections.create_plan", plan, summary=f"抽查计划 {plan.name}",
                 changes={"ratio": str(ratio), "weights": plan.weights, "per_object": per_object,
                          "object_kinds": plan.object_kinds, "regions": plan.regions, "statuses": plan.statuses,
                          "publish_by": publish_by.isoformat()})
    return plan


@transaction.atomic
def do_add_inspector(actor: Any, user: Any, note: str = "") -> InspectorPoolMember:
    _permit(actor)
    if user.role not in INSPECTOR_ROLES or not user.is_active:
        raise InspectionError(_("%(name)s 不是知识产权局或窗口工作人员，不能进入检查人员名录库") % {"name": user.username})
    member, _created = InspectorPoolMember.objects.update_or_create(
        user=user, defaults={"active": True, "note": note, "added_by": _user(actor)})
    audit.record(actor, "inspections.add_inspector", member, summary=f"检查人员入库 {user.username}")
    return member


@transaction.atomic
def do_remove_inspector(actor: Any, user: Any) -> None:
    _permit(actor)
    updated = InspectorPoolMember.objects.filter(user=user).update(active=False)
    if updated:
        audit.record(actor, "inspections.remove_inspector", user, summary=f"检查人员出库 {user.username}")


@transaction.atomic
def do_add_recusal(actor: Any, inspector: Any, agency: Agency, reason: str, note: str = "") -> Recusal:
    """Record a conflict between an inspector and an agency; the inspector may record their own (本人申报)."""
    if actor is not None and not (can(actor, MANAGE) or (
            getattr(actor, "pk", None) == inspector.pk and reason == Recusal.Reason.DECLARED)):
        raise PermissionDenied(MANAGE)
    if reason not in Recusal.Reason.values:
        raise InspectionError(_("回避原因无效"))
    recusal, _created = Recusal.objects.update_or_create(
        inspector=inspector, agency=agency, defaults={"reason": reason, "note": note, "created_by": _user(actor)})
    audit.record(actor, "inspections.add_recusal", recusal,
                 summary=f"回避 {inspector.username} — {agency.name}", changes={"reason": reason})
    return recusal


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def new_seed() -> str:
    """A fresh seed: 12 random digits, short enough to read out and publish."""
    return f"{secrets.randbelow(10**12):012d}"


@transaction.atomic
def do_draw(actor: Any, plan: InspectionPlan, seed: int | str | None = None) -> InspectionPlan:
    """Draw the plan's objects and inspectors and record the seed, the inputs and the result. A redraw replaces an
    earlier draw only before publication and before any findings (each draw stays in the audit trail and in
    the plan's list of earlier seeds)."""
    _permit(actor)
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.state == InspectionPlan.State.PUBLISHED:
        raise InspectionError(_("结果已公开，不能重新抽取"))
    if plan.inspections.exclude(findings="", result="").exists():
        raise InspectionError(_("已有检查记录，不能重新抽取"))
    seed = str(seed).strip() if seed is not None and str(seed).strip() else new_seed()
    candidates, members, recusals = draw_inputs(plan)
    try:
        result = rand.draw(candidates, members, recusals, float(plan.ratio), weights_of(plan), plan.per_object, seed)
    except rand.NotEnoughInspectors as exc:
        name = Agency.objects.filter(pk=exc.object_id).values_list("name", flat=True).first() or exc.object_id
        raise InspectionError(_("回避后可抽取的检查人员不足：%(name)s 还剩 %(left)d 人，需要 %(needed)d 人") % {
            "name": name, "left": exc.available, "needed": exc.needed}) from exc
    except rand.DrawError as exc:
        raise InspectionError(str(exc)) from exc
    previous = [*plan.draw.get("previous", []), plan.seed] if plan.seed else []
    plan.inspections.all().delete()
    User = get_user_model()
    users = User.objects.in_bulk([i for o in result.objects for i in o.inspectors])
    grades = {c.id: c.grade for c in candidates}
    for drawn in result.objects:
        inspection = Inspection.objects.create(plan=plan, agency_id=drawn.id, grade=grades[drawn.id])
        inspection.inspectors.set([users[i] for i in drawn.inspectors])
    plan.seed, plan.drawn_at, plan.drawn_by = seed, timezone.now(), _user(actor)
    plan.state = InspectionPlan.State.DRAWN
    plan.draw = {**result.as_dict(), "previous": previous,
                 "inputs": {"candidates": [[c.id, c.grade] for c in candidates], "pool": members,
                            "recusals": [[r.inspector, r.object, r.reason] for r in recusals],
                            "ratio": float(plan.ratio), "weights": weights_of(plan), "per_object": plan.per_object}}
    plan.save(update_fields=["seed", "drawn_at", "drawn_by", "state", "draw"])
    audit.record(actor, "inspections.draw", plan, summary=f"{plan.name} 抽取 {result.sample_size}/{result.population}",
                 changes={"seed": seed, "previous": previous, "inputs_digest": result.inputs_digest,
                          "objects": [o.id for o in result.objects]})
    return plan


def _may_record(actor: Any, inspection: Inspection) -> bool:
    return actor is None or can(actor, MANAGE) or (getattr(actor, "is_authenticated", False)
                                  and inspection.inspectors.filter(pk=actor.pk).exists())


def _open(inspection: Inspection, actor: Any) -> Inspection:
    if not _may_record(actor, inspection):
        raise PermissionDenied(MANAGE)
    inspection = Inspection.objects.select_for_update().select_related("plan").get(pk=inspection.pk)
    if inspection.published:
        raise InspectionError(_("结果已公开，不能修改"))
    return inspection


@transaction.atomic
def do_record_findings(actor: Any, inspection: Inspection, findings: str, result: str,
                       inspected_on: dt.date | None = None) -> Inspection:
    """The inspectors' (or the office's) findings and the result; a result that calls for rectification needs
    its deadline (do_set_rectification)."""
    inspection = _open(inspection, actor)
    if result not in Inspection.Result.values or result == Inspection.Result.PENDING:
        raise InspectionError(_("请选择检查结果"))
    if not findings.strip():
        raise InspectionError(_("请填写检查情况"))
    before = {"findings": inspection.findings, "result": inspection.result}
    inspection.findings, inspection.result = findings.strip(), result
    inspection.inspected_on = inspected_on or timezone.localdate()
    inspection.save(update_fields=["findings", "result", "inspected_on", "updated_at"])
    audit.record(actor, "inspections.record_findings", inspection,
                 summary=f"{inspection.agency.name} {inspection.get_result_display()}",
                 changes={"before": before, "result": result})
    return inspection


@transaction.atomic
def do_set_rectification(actor: Any, inspection: Inspection, due: dt.date | None = None, rectification: str = "",
                         result: str | None = None) -> Inspection:
    """Set the rectification deadline (责令限期整改), and later what was done and the outcome (已按期整改,
    逾期未整改, 移交立案查处)."""
    inspection = _open(inspection, actor)
    if inspection.result == Inspection.Result.PENDING:
        raise InspectionError(_("请先记录检查情况"))
    if due is not None:
        if inspection.inspected_on and due <= inspection.inspected_on:
            raise InspectionError(_("整改期限应晚于检查日期"))
        inspection.rectification_due = due
    if result is not None:
        allowed = {Inspection.Result.RECTIFIED, Inspection.Result.NOT_RECTIFIED, Inspection.Result.REFERRED}
        if result not in allowed:
            raise InspectionError(_("整改结果无效"))
        if inspection.rectification_due is None:
            raise InspectionError(_("请先设定整改期限"))
        inspection.result = result
    if inspection.result == Inspection.Result.RECTIFY and inspection.rectification_due is None:
        raise InspectionError(_("责令整改需要整改期限"))
    inspection.rectification = rectification.strip() or inspection.rectification
    inspection.save(update_fields=["rectification_due", "rectification", "result", "updated_at"])
    audit.record(actor, "inspections.set_rectification", inspection,
                 summary=f"{inspection.agency.name} 整改",
                 changes={"due": due.isoformat() if due else "", "result": inspection.result})
    return inspection


def overdue(today: dt.date | None = None) -> QuerySet[InspectionPlan]:
    """Plans whose results are not public by their deadline (一公开 overdue)."""
    today = today or timezone.localdate()
    return InspectionPlan.objects.exclude(state=InspectionPlan.State.PUBLISHED).filter(publish_by__lt=today)


@transaction.atomic
def do_publish_results(actor: Any, plan: InspectionPlan, today: dt.date | None = None) -> InspectionPlan:
    """Publish the results of every inspection of a drawn plan (一公开). Every inspection needs a result, and a
    rectification order its deadline. Publishing after the plan's deadline is allowed but recorded as late."""
    _permit(actor)
    today = today or timezone.localdate()
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != InspectionPlan.State.DRAWN:
        raise InspectionError(_("只能公开已抽取、尚未公开的计划"))
    inspections = list(plan.inspections.select_related("agency"))
    pending = [i.agency.name for i in inspections if i.result == Inspection.Result.PENDING]
    if pending:
        raise InspectionError(_("尚未记录检查结果：%(names)s") % {"names": "、".join(pending)})
    no_due = [i.agency.name for i in inspections if i.result == Inspection.Result.RECTIFY and not i.rectification_due]
    if no_due:
        raise InspectionError(_("责令整改但没有整改期限：%(names)s") % {"names": "、".join(no_due)})
    plan.inspections.update(published=True, published_on=today)
    plan.state, plan.published_at = InspectionPlan.State.PUBLISHED, timezone.now()
    plan.save(update_fields=["state", "published_at"])
    late = today > plan.publish_by
    audit.record(actor, "inspections.publish", plan, summary=f"{plan.name} 公开 {len(inspections)} 项结果",
                 changes={"published_on": today.isoformat(), "publish_by": plan.publish_by.isoformat(), "late": late})
    return plan
