"""Who may act on the registry: the permission table, with the command line and the scheduled jobs (actor None,
the operator of the machine) admitted as in the other apps' actions."""

from __future__ import annotations

from typing import Any

from zhichan.core.permissions import require


def permit(actor: Any, permission: str) -> None:
    if actor is not None:
        require(actor, permission)
