"""Who is who on a case: the applicant side (the applicant and users of the same organisation), the window's
staff, its supervisor (and office managers). Everything else sees nothing of the case."""

from __future__ import annotations

from typing import Any

from zhichan.core.permissions import can
from zhichan.core.workflow.machine import APPLICANT, STAFF, SUPERVISOR
from zhichan.services.models import Case, Window


def roles_on(user: Any, case: Case) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    roles = set()
    if case.applicant_id == user.pk or (case.organization_id and case.organization_id == user.organization_id
                                        and can(user, "services.apply")):
        roles.add(APPLICANT)
    if can(user, "services.handle") and case.window.staff.filter(pk=user.pk).exists():
        roles.add(STAFF)
    if case.window.supervisor_id == user.pk or can(user, "services.manage"):
        roles.add(SUPERVISOR)
    return roles


def visible_cases(user: Any) -> Any:
    """The cases a user may see: their organisation's, and those of the windows they staff or supervise."""
    from django.db.models import Q

    if can(user, "services.manage"):
        return Case.objects.all()
    q = Q(applicant=user)
    if user.organization_id and can(user, "services.apply"):
        q |= Q(organization_id=user.organization_id)
    if can(user, "services.handle"):
        q |= Q(window__in=Window.objects.filter(Q(staff=user) | Q(supervisor=user)))
    return Case.objects.filter(q).distinct()
