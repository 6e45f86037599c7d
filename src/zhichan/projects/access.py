"""Who sees what (reads are scoped): calls — published ones to every signed-in user, all to the office;
applications — an organisation sees its own, staff with projects.review all but drafts, the office all; an expert
sees the applications of the reviews they accepted a seat on, nothing else."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhichan.core.permissions import can
from zhichan.projects.models import Call, ProjectApplication, ReviewMember


def calls(user: Any) -> QuerySet[Call]:
    if can(user, "projects.manage"):
        return Call.objects.all()
    return Call.objects.filter(status=Call.Status.PUBLISHED)


def expert_of(user: Any) -> Any:
    return getattr(user, "expert_profile", None) if getattr(user, "is_authenticated", False) else None


def applications(user: Any, action: str = "view") -> QuerySet[ProjectApplication]:
    """`view`: what the user may read; `own`: their organisation's (to edit); `check`: what staff check."""
    rows = ProjectApplication.objects.all()
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    org = getattr(user, "organization_id", None)
    own = rows.filter(organization_id=org) if org and can(user, "projects.apply") else rows.none()
    if action == "own":
        return own
    if action == "check":
        return rows.exclude(state="draft") if can(user, "projects.review") else rows.none()
    if can(user, "projects.manage"):
        return rows
    visible = Q(pk__in=own.values("pk"))
    if can(user, "projects.review"):
        visible |= ~Q(state="draft")
    expert = expert_of(user)
    if expert is not None:
        seats = ReviewMember.objects.filter(expert=expert, status=ReviewMember.Status.ACCEPTED).values("review_id")
        visible |= Q(reviews__in=seats)
    return rows.filter(visible).distinct()
