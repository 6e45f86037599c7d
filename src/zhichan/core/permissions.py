"""Who may do what: one table of roles to permissions, checked by every action and view.

Pure Python (no Django imports) so that it can be tested exhaustively.
"""

from __future__ import annotations

from typing import Protocol

ALL = "*"

# Role -> permissions. Unknown roles get nothing.

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({ALL}),
    "office": frozenset({"patents.view", "search.use", "search.export", "patents.import", "refdata.load", "jobs.view_all", "audit.view",
                         "search.rebuild", "indicators.view", "indicators.compute", "indicators.population",
                         "indicators.approve", "indicators.report_generate", "indicators.plans", "indicators.publish",
                         "services.handle", "services.manage", "navigation.view", "navigation.manage",
                         "users.unlock", "accounts.manage", "portal.edit", "portal.publish",
                         "agencies.view", "agencies.manage", "inspections.manage", "complaints.handle",
                         "market.review", "protection.handle", "protection.manage",
                         "events.manage"}),
    "staff": frozenset({"patents.view", "search.use", "search.export", "indicators.view",
                        "indicators.report_generate", "services.handle", "protection.handle"}),
    "department": frozenset({"patents.view", "search.use", "search.export", "indicators.view", "indicators.report"}),
    "enterprise": frozenset({"patents.view", "search.use", "search.export", "services.apply", "market.offer",
                             "projects.apply"}),
    "agency": frozenset({"patents.view", "search.use", "search.export", "services.apply", "agencies.report",
                         "projects.apply"}),
    "expert": frozenset({"patents.view", "search.use", "search.export"}),
    "public": frozenset({"patents.view", "search.use", "services.apply"}),
}

# Demonstration projects (docs/projects.md): the office publishes calls and keeps the expert pool; office and
# window staff make the formal check (形式审查); enterprises and agencies apply in their organisation's name.
for _role, _extra in {"office": {"projects.manage", "projects.review"}, "staff": {"projects.review"}}.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _extra
# The deals register (docs/deals.md): the office records transfers, licences, pledges and insurance.
ROLE_PERMISSIONS["office"] = ROLE_PERMISSIONS["office"] | {"deals.record"}
# The talent database (docs/talent.md): the office keeps people and 人才清单; each person reads their own record.
ROLE_PERMISSIONS["office"] = ROLE_PERMISSIONS["office"] | {"talent.manage"}

# Every permission there is; admins hold them all.
PERMISSIONS = frozenset({"projects.manage", "projects.review", "projects.apply", "patents.view", "patents.import", "search.use", "search.export", "search.rebuild", "indicators.view",
                         "indicators.compute", "indicators.population", "indicators.report", "indicators.approve",
                         "indicators.report_generate", "indicators.plans", "indicators.publish", "services.apply",
                         "services.handle", "services.manage", "navigation.view", "navigation.manage", "refdata.load", "jobs.view_all", "audit.view",
                         "users.manage", "users.unlock", "accounts.manage", "portal.edit", "portal.publish",
                         # the service-industry registry: office pages, office writes, an agency's own filings
                         "agencies.view", "agencies.manage", "agencies.report",
                         # 双随机、一公开 plans, draws and publication; 投诉举报 handling (office)
                         "inspections.manage", "complaints.handle",
                         # the operations market: a holder's listings and an enterprise's demands; the office's review
                         "market.offer", "market.review",
                         # dispute cases: handling (office staff), panels, extensions and statistics (office)
                         "protection.handle", "protection.manage",
                         # matchmaking events, roadshows and (later) training: announce, registrations, check-in
                         "events.manage",
                         # the register of IP transactions (deals): record, edit, cancel, sync (office)
                         "deals.record",
                         # 人才库 and 人才清单 (office)
                         "talent.manage"})

# Permissions exercised in an organisation's name: refused while the user's organisation awaits 实名核验 (the
# office verifies a self-registered organisation before its users may apply for services). A user without an
# organisation (an individual) is not held back.
NEEDS_VERIFIED_ORGANIZATION = frozenset({"services.apply", "market.offer", "projects.apply"})


class Actor(Protocol):
    is_authenticated: bool
    is_active: bool
    role: str
    organization_verified: bool  # optional: absent counts as verified


class PermissionDenied(Exception):
    """Raised by an action when the actor may not do it."""


def can(user: Actor | None, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    granted = ROLE_PERMISSIONS.get(getattr(user, "role", ""), frozenset())
    if permission in NEEDS_VERIFIED_ORGANIZATION and not getattr(user, "organization_verified", True):
        return False
    return ALL in granted or permission in granted


def require(user: Actor | None, permission: str) -> None:
    if not can(user, permission):
        raise PermissionDenied(permission)
