"""Writes to users and organisations, through actions (permission, transaction, audit)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhichan.core import audit
from zhichan.core.models import Organization, User
from zhichan.core.permissions import require


@transaction.atomic
def do_create_user(actor: Any, username: str, password: str, role: str = User.Role.PUBLIC,
                   organization: Organization | None = None, is_superuser: bool = False) -> User:
    """`actor` None is the operator at the command line."""
    if actor is not None:
        require(actor, "users.manage")
    user = User.objects.create_user(username=username, password=password, role=role, organization=organization,
                                    is_superuser=is_superuser, is_staff=is_superuser)
    audit.record(actor, "users.create", user, summary=f"创建用户 {username}（{user.get_role_display()}）")
    return user
