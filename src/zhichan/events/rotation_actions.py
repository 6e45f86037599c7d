"""Writes of 轮训 plans: the office (events.manage) creates or edits a plan; one transaction, an audit record. A plan
sent twice within moments (double click, reload) is one plan (core/resend)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from zhichan.core import audit, resend
from zhichan.core.permissions import require
from zhichan.events.models import RotationPlan
from zhichan.events.rotation import MAX_MONTHS

FIELDS = ("name", "audience", "region", "talent_list", "starts_on", "months", "min_hours", "note")


class PlanRefused(ValueError):
    """Why a plan is refused (names the field)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field


def _check(values: Mapping[str, Any]) -> None:
    if values["audience"] not in RotationPlan.Audience.values:
        raise PlanRefused("audience", "unknown audience")
    if not 1 <= int(values["months"]) <= MAX_MONTHS:
        raise PlanRefused("months", "months out of range")
    if values.get("min_hours") is not None and values["min_hours"] <= 0:
        raise PlanRefused("min_hours", "min hours must be positive")


@transaction.atomic
def do_save_rotation_plan(actor: Any, plan: RotationPlan | None, values: Mapping[str, Any]) -> RotationPlan:
    require(actor, "events.manage")
    _check(values)
    clean = {k: values.get(k) for k in FIELDS}
    clean["name"] = str(clean["name"]).strip()[:200]
    clean["note"] = str(clean.get("note") or "").strip()[:4000]
    if plan is None:
        resent = resend.recent(RotationPlan.objects.all(), created_by=actor, **clean)
        if resent is not None:  # the same form sent again moments ago
            return resent
        plan = RotationPlan(created_by=actor)
    for key, value in clean.items():
        setattr(plan, key, value)
    created = plan.pk is None
    plan.save()
    audit.record(actor, "events.rotation_create" if created else "events.rotation_edit", plan,
                 summary=f"{plan.name} {plan.region_id} {plan.months}")
    return plan
