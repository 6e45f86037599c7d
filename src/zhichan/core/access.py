"""The permission check of a page: the user's role must grant the permission, else the styled 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from zhichan.core.permissions import can


def require_page(request: HttpRequest, permission: str) -> None:
    if not can(request.user, permission):
        raise PermissionDenied
