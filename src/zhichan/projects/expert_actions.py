"""Writes of the expert pool and review panels: entering an expert (entry conditions checked), their declared
relationships, drawing a review's panel (conflicted experts excluded, the draw recorded with its seed), an
expert's answer to a seat (accept with the catch-all declaration, decline, or declare a conflict) and the
replacement draw that follows a refusal."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied, require
from zhichan.projects import conflicts, flow, panel
from zhichan.projects.actions import ALL, Refused
from zhichan.projects.models import (
    Call,
    Expert,
    ExpertRelation,
    ProjectApplication,
    Review,
    ReviewDraw,
    ReviewMember,
)


def _setting(name: str) -> int:
    return int(conf.value(name))  # type: ignore[call-overload]


def entry(expert: Expert, today: dt.date) -> list[tuple[str, dict[str, int]]]:
    return panel.entry_problems(panel.Entry(expert.title, expert.years, expert.birth_year), today,
                                _setting("ZHICHAN_EXPERT_MIN_YEARS"), _setting("ZHICHAN_EXPERT_MAX_AGE"))


@transaction.atomic
def do_save_expert(actor: Any, expert: Expert | None, values: Mapping[str, Any],
                   relations: list[Mapping[str, Any]] | None = None, today: dt.date | None = None) -> Expert:
    """Enter or edit an expert of the pool; `relations` (when given) replace the declared ones."""
    require(actor, "projects.manage")
    today = today or timezone.localdate()
    created = expert is None
    expert = expert or Expert()
    for key in ("name", "title", "title_name", "years", "birth_year", "fields", "organization", "user", "active"):
        if key in values:
            setattr(expert, key, values[key])
    problems = entry(expert, today)
    if problems:
        raise Refused({ALL: [_(t) % p if p else _(t) for t, p in problems]})
    expert.save()
    if relations is not None:
        expert.relations.all().delete()
        for r in relations:
            if r.get("kind") not in dict(ExpertRelation.KINDS):
                raise Refused({"relations": [_("未知的关系类型")]})
            ExpertRelation.objects.create(expert=expert, kind=r["kind"], organization=str(r.get("organization", ""))[:200],
                                          person=str(r.get("person", ""))[:50], started_on=r.get("started_on"),
                                          ended_on=r.get("ended_on"))
    audit.record(actor, "projects.expert_create" if created else "projects.expert_edit", expert, summary=expert.name)
    return expert


def _facts(expert: Expert) -> conflicts.ExpertFacts:
    return conflicts.ExpertFacts(expert.pk, expert.organization, tuple(
        conflicts.Link(r.kind, r.organization, r.person, r.started_on, r.ended_on) for r in expert.relations.all()))


def _applicants(applications: list[ProjectApplication]) -> list[conflicts.ApplicantFacts]:
    return [conflicts.ApplicantFacts(a.pk, a.organization.name, tuple(a.persons)) for a in applications]


def eligible_pool(today: dt.date, fields: list[str] | None = None) -> list[Expert]:
    """Active experts meeting the entry conditions, in the review's fields when it names some."""
    return [e for e in Expert.objects.filter(active=True).prefetch_related("relations")
            if not entry(e, today) and panel.in_fields(e.fields, fields or [])]


def exclusions(pool: list[Expert], applications: list[ProjectApplication], today: dt.date) -> dict[int, list[str]]:
    """expert id → the conflicts that exclude them ("kind:application number")."""
    numbers = {a.pk: a.number for a in applications}
    found = conflicts.conflicted([_facts(e) for e in pool], _applicants(applications), today,
                                 _setting("ZHICHAN_EXPERT_CONFLICT_YEARS"))
    out = {e: [f"{c.kind}:{numbers[c.applicant]}" for c in cs] for e, cs in found.items()}
    from zhichan.projects.rating_actions import POOR_REASON, flagged

    for e in flagged(x.pk for x in pool):
        out.setdefault(e, []).append(POOR_REASON)
    return out


@transaction.atomic
def do_draw_panel(actor: Any, call: Call, seed: str = "", size: int | None = None, today: dt.date | None = None
                  ) -> Review:
    """Staff the call's review: `size` experts drawn from the eligible pool, none in conflict with an application
    that passed the formal check. The seed (random when not given), pool, exclusions and result are recorded."""
    require(actor, "projects.manage")
    today = today or timezone.localdate()
    call = Call.objects.select_for_update().get(pk=call.pk)
    if Review.objects.filter(call=call).exists():
        raise Refused({ALL: [_("该项目已抽取评审专家")]})
    applications = list(call.applications.filter(state=flow.PASSED).select_related("organization"))
    if not applications:
        raise Refused({ALL: [_("还没有通过形式审查的申报")]})
    size = size or call.panel_size
    seed = seed.strip() or secrets.token_hex(8)
    pool = eligible_pool(today, call.expert_fields)
    excluded = exclusions(pool, applications, today)
    try:
        drawn = panel.draw_panel([e.pk for e in pool], excluded, size, seed)
    except panel.PanelError as exc:
        raise Refused({ALL: [_("回避后可抽取的专家只有 %(n)s 人，需要 %(m)s 人") % {"n": exc.available, "m": exc.needed}]}
                      ) from exc
    review = Review.objects.create(call=call, seed=seed, size=size, created_by=actor)
    review.applications.set(applications)
    _record(review, drawn, excluded, actor)
    audit.record(actor, "projects.draw_panel", review, summary=f"{call.title} seed={seed}",
                 changes={"picked": list(drawn.picked), "excluded": excluded})
    return review


def _record(review: Review, drawn: panel.PanelDraw, excluded: Mapping[int, list[str]], actor: Any,
            replaces: Expert | None = None, reason: str = "") -> ReviewDraw:
    record = ReviewDraw.objects.create(
        review=review, round=drawn.round, seed=drawn.seed, algorithm=drawn.algorithm, pool=list(drawn.pool),
        excluded={str(k): v for k, v in excluded.items()}, picked=list(drawn.picked),
        inputs_digest=drawn.inputs_digest, replaces=replaces, reason=reason[:300], actor=actor)
    for expert_id in drawn.picked:
        ReviewMember.objects.create(review=review, expert_id=expert_id, round=drawn.round)
    _notify_drawn(drawn.picked, review)
    return record


def _notify_drawn(picked: tuple[int, ...], review: Review) -> None:
    from zhichan.services.actions import notify

    for expert in Expert.objects.filter(pk__in=picked).exclude(user=None).select_related("user"):
        notify(expert.user, f"{review.call.title}：您被抽取为评审专家，请确认", "/experts/me/")


def _replace(actor: Any, review: Review, member: ReviewMember, reason: str, today: dt.date) -> ReviewDraw:
    """One more expert for the seat `member` left: from the eligible pool less everyone drawn so far and those in
    conflict, the next round of the review's seed."""
    applications = list(review.applications.select_related("organization"))
    pool = eligible_pool(today, review.call.expert_fields)
    excluded = exclusions(pool, applications, today)
    for m in review.members.all():
        excluded.setdefault(m.expert_id, []).append(f"drawn:r{m.round}")
    round_ = (review.draws.aggregate(n=Max("round"))["n"] or 0) + 1
    try:
        drawn = panel.draw_panel([e.pk for e in pool], excluded, 1, review.seed, round_)
    except panel.PanelError as exc:
        raise Refused({ALL: [_("没有可替补的专家")]}) from exc
    record = _record(review, drawn, excluded, actor, member.expert, reason)
    audit.record(actor, "projects.replace_expert", review, summary=f"{member.expert.name} → {drawn.picked}",
                 changes={"round": round_, "picked": list(drawn.picked)})
    return record


@transaction.atomic
def do_answer_seat(actor: Any, member: ReviewMember, accept: bool, declaration: str = "",
                   conflict: bool = False, today: dt.date | None = None) -> ReviewMember:
    """The drawn expert answers: accept (declaring no other relation that may affect a fair review, 198号 Art. 16
    (3)), decline, or declare such a relation (recused). A refusal draws a replacement at once."""
    today = today or timezone.localdate()
    member = ReviewMember.objects.select_for_update().select_related("expert", "review__call").get(pk=member.pk)
    if member.expert.user_id is None or member.expert.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("projects.review_seat")
    if member.status != ReviewMember.Status.DRAWN:
        raise Refused({ALL: [_("已答复")]})
    member.declaration = declaration.strip()[:2000]
    member.answered_at = timezone.now()
    if accept and not conflict:
        member.status = ReviewMember.Status.ACCEPTED
    else:
        member.status = ReviewMember.Status.RECUSED if conflict else ReviewMember.Status.DECLINED
    member.save()
    audit.record(actor, f"projects.seat_{member.status}", member.review, summary=member.expert.name)
    if member.status != ReviewMember.Status.ACCEPTED:
        try:
            _replace(actor, member.review, member, member.get_status_display(), today)
        except Refused:
            # the answer stands; the office sees the seat unfilled and enlarges the pool
            audit.record(actor, "projects.no_replacement", member.review, summary=member.expert.name)
            _notify_office(member.review, _("%(title)s：没有可替补的评审专家") % {"title": member.review.call.title})
    return member


def _notify_office(review: Review, title: str) -> None:
    from zhichan.services.actions import notify

    if review.created_by is not None:
        notify(review.created_by, title, f"/projects/{review.call_id}/review/")


def reproduce(record: ReviewDraw) -> tuple[bool, panel.PanelDraw]:
    """Re-run a recorded draw from its own record (pool, exclusions, size, seed): (same result and inputs, the
    re-run). Anyone holding the published record can do the same with agencies/draw.py."""
    seed = record.review.seed
    size = len(record.picked)
    again = panel.draw_panel(record.pool, {int(k): v for k, v in record.excluded.items()}, size, seed, record.round)
    return list(again.picked) == list(record.picked) and again.inputs_digest == record.inputs_digest, again
