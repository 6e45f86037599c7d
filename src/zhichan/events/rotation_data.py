"""The facts a 轮训 plan is measured on, read from other apps' public models (nothing written): its population —
the practitioners of the agencies in the registry (agencies, not revoked) or the enterprise IP managers of the
talent database (talent), in the plan's area and, when the plan names a 人才清单, on that list — and their training
credits (events.Credit) dated inside a cycle."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from zhichan.events import rotation
from zhichan.events.models import Credit, RotationPlan


def prefix(region: Any) -> str:
    """The code prefix of a region's area: 2 digits for a province, 4 for a city, 6 for a district; "" the nation."""
    return {0: "", 1: region.code[:2], 2: region.code[:4]}.get(region.level, region.code)


def _listed(plan: RotationPlan) -> Any:
    from zhichan.talent.models import Person

    if plan.talent_list_id is None:
        return None
    return Person.objects.filter(entries__talent_list_id=plan.talent_list_id)


def practitioners(plan: RotationPlan) -> list[rotation.Member]:
    from zhichan.agencies.models import Agency, Practitioner
    from zhichan.talent.models import Person

    rows = Practitioner.objects.filter(agency__isnull=False, agency__region__code__startswith=prefix(plan.region)) \
        .exclude(agency__status=Agency.Status.REVOKED).select_related("agency")
    listed = _listed(plan)
    if listed is not None:
        rows = rows.filter(pk__in=listed.filter(practitioner__isnull=False).values("practitioner_id"))
    users = dict(Person.objects.filter(practitioner__in=rows, user__isnull=False)
                 .values_list("practitioner_id", "user_id"))
    return [rotation.Member(f"p{p.pk}", p.name, p.agency.name, p.agency.region_id or "", users.get(p.pk), p.pk)
            for p in rows]


def managers(plan: RotationPlan) -> list[rotation.Member]:
    from zhichan.talent.models import Person

    rows = Person.objects.filter(kind=Person.Kind.MANAGER, organization__region__code__startswith=prefix(plan.region)) \
        .select_related("organization")
    listed = _listed(plan)
    if listed is not None:
        rows = rows.filter(pk__in=listed.values("pk"))
    return [rotation.Member(f"m{p.pk}", p.name, p.organization.name, p.organization.region_id or "", p.user_id,
                            p.practitioner_id) for p in rows]


def members(plan: RotationPlan) -> list[rotation.Member]:
    return practitioners(plan) if plan.audience == RotationPlan.Audience.PRACTITIONERS else managers(plan)


def _instant(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def trainings(people: list[rotation.Member], start: dt.date, end: dt.date) -> list[rotation.Training]:
    """The credits of these people (by user or practitioner record) whose event started in [start, end), in the
    platform's time zone."""
    users = {m.user_id for m in people if m.user_id}
    practitioners_ = {m.practitioner_id for m in people if m.practitioner_id}
    rows = Credit.objects.filter(Q(user_id__in=users) | Q(practitioner_id__in=practitioners_),
                                 registration__event__starts_at__gte=_instant(start),
                                 registration__event__starts_at__lt=_instant(end)) \
        .values_list("pk", "registration__event__starts_at", "hours", "user_id", "practitioner_id")
    return [rotation.Training(pk, timezone.localtime(at).date(), hours, user, practitioner)
            for pk, at, hours, user, practitioner in rows]


def coverage(plan: RotationPlan, index: int) -> rotation.Coverage:
    start, end = rotation.cycle(plan.starts_on, plan.months, index)
    people = members(plan)
    return rotation.coverage(people, trainings(people, start, end), start, end, plan.min_hours)


def district_names(codes: list[str]) -> dict[str, str]:
    from zhichan.core.models import Region

    return dict(Region.objects.filter(code__in=[c for c in codes if c]).values_list("code", "name"))
