"""Ratings of seated experts after each review (《政府采购评审专家管理办法》, 财库〔2016〕198号: the purchaser or
agency evaluates each expert's performance after the review). An expert whose latest ratings hold too many 差
(ZHICHAN_EXPERT_BAD_RATINGS of the latest ZHICHAN_EXPERT_RATING_WINDOW) is flagged and left out of new draws."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.core import audit
from zhichan.core.permissions import require
from zhichan.projects.actions import ALL, Refused
from zhichan.projects.models import ExpertRating, Review, ReviewMember

POOR_REASON = "poor_ratings"


def _setting(name: str) -> int:
    return int(conf.value(name))  # type: ignore[call-overload]


def scoring_complete(review: Review) -> bool:
    """Every accepted seat has scored every application of the review."""
    seats = list(review.members.filter(status=ReviewMember.Status.ACCEPTED).values_list("expert_id", flat=True))
    apps = list(review.applications.values_list("pk", flat=True))
    if not seats or not apps:
        return False
    done = set(review.scores.values_list("expert_id", "application_id"))
    return all((e, a) in done for e in seats for a in apps)


def flagged(expert_ids: Iterable[int]) -> set[int]:
    """The experts whose latest ratings include at least ZHICHAN_EXPERT_BAD_RATINGS 差."""
    window, limit = _setting("ZHICHAN_EXPERT_RATING_WINDOW"), _setting("ZHICHAN_EXPERT_BAD_RATINGS")
    out = set()
    for expert_id in set(expert_ids):
        latest = ExpertRating.objects.filter(expert_id=expert_id).order_by("-at", "-pk")[:window]
        if sum(1 for g in latest.values_list("grade", flat=True) if g == ExpertRating.Grade.POOR) >= limit:
            out.add(expert_id)
    return out


@transaction.atomic
def do_rate_expert(actor: Any, member: ReviewMember, grade: str, note: str = "") -> ExpertRating:
    """The office rates one seated expert, once, after the review's scoring is complete."""
    require(actor, "projects.manage")
    member = ReviewMember.objects.select_for_update().select_related("review", "expert").get(pk=member.pk)
    if member.status != ReviewMember.Status.ACCEPTED:
        raise Refused({ALL: [_("只能评价已接受抽取的专家")]})
    if grade not in ExpertRating.Grade.values:
        raise Refused({"grade": [_("请选择评价")]})
    if ExpertRating.objects.filter(member=member).exists():
        raise Refused({ALL: [_("该专家本次评审已评价")]})
    if not scoring_complete(member.review):
        raise Refused({ALL: [_("评分完成后才能评价专家")]})
    rating = ExpertRating.objects.create(member=member, expert=member.expert, grade=grade,
                                         note=note.strip()[:2000], actor=actor)
    audit.record(actor, "projects.rate_expert", member.review, summary=f"{member.expert.name} {grade}",
                 changes={"expert": member.expert_id, "grade": grade})
    return rating
