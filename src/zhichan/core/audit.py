"""The audit trail: every action writes one record in the same transaction as its change."""

from __future__ import annotations

from typing import Any

from zhichan.core.models import AuditLog


def record(actor: Any, action: str, target: Any = None, summary: str = "", changes: dict | None = None) -> AuditLog:
    target_type = target._meta.label_lower if target is not None and hasattr(target, "_meta") else ""
    target_id = str(target.pk) if target is not None and hasattr(target, "pk") else ""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLog.objects.create(
        actor=user, action=action, target_type=target_type, target_id=target_id,
        summary=summary[:300], changes=changes or {},
    )
