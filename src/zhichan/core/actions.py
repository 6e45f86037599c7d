"""Writes to users and organisations, through actions (permission, transaction, audit)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from zhichan.core import audit
from zhichan.core.models import Organization, User
from zhichan.core.permissions import require


@transaction.atomic
def do_create_user(actor: Any, username: str, password: str, role: str = User.Role.PUBLIC,
                   organization: Organization | None = None, is_superuser: bool = False) -> User:
    """`actor` None is the operator at the command line. A password the validators refuse raises
    django.core.exceptions.ValidationError with their messages, and nothing is stored."""
    if actor is not None:
        require(actor, "users.manage")
    validate_password(password, User(username=username, role=role))
    user = User.objects.create_user(username=username, password=password, role=role, organization=organization,
                                    is_superuser=is_superuser, is_staff=is_superuser)
    audit.record(actor, "users.create", user, summary=f"创建用户 {username}（{user.get_role_display()}）")
    return user


@transaction.atomic
def do_set_password(actor: Any, user: User, password: str, via: str = "change") -> User:
    """Set `user`'s password: by the user (`via` "change"; "reset" when the reset link proved who they are), by an
    administrator, or by the operator at the command line (`actor` None). Validated; a reset also unlocks the
    account, since the owner of its e-mail address has just proved themselves."""
    if actor is not None and actor.pk != user.pk:
        require(actor, "users.manage")
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    if via == "reset":
        _reset_lockout(user.get_username())
    audit.record(actor, "users.password", user, summary=f"{'重置' if via == 'reset' else '修改'}密码 {user.username}",
                 changes={"via": via})
    return user


@transaction.atomic
def do_unlock_user(actor: Any, username: str) -> int:
    """Lift a login lockout (django-axes) from `username`; returns how many failure records were cleared."""
    if actor is not None:
        require(actor, "users.unlock")
    cleared = _reset_lockout(username)
    target = User.objects.filter(username=username).first()
    audit.record(actor, "users.unlock", target, summary=f"解锁账号 {username}", changes={"cleared": cleared})
    return cleared


def _reset_lockout(username: str) -> int:
    from axes.utils import reset

    return reset(username=username)
