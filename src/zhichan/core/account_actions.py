"""Writes to accounts and organisations: self-registration, the office's 实名核验 of organisations, the office's
user management, and invitations by an organisation's admin. Each action checks permission, runs in one
transaction and writes the audit record (core/actions.py holds do_create_user and the password actions)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichan.core import audit, creditcode
from zhichan.core.actions import do_create_user, require_may_grant
from zhichan.core.models import Invitation, Organization, Region, User
from zhichan.core.permissions import PermissionDenied, require

INVITATION_DAYS = 14  # how long an invitation link stays valid


@dataclass(frozen=True)
class AccountType:
    """What a visitor registers as: the role the account gets and the kind of organisation it registers (None:
    a person without an organisation)."""

    code: str
    label: Any
    role: str
    org_kind: str | None


ACCOUNT_TYPES = {t.code: t for t in (
    AccountType("enterprise", _("企业"), User.Role.ENTERPRISE, Organization.Kind.ENTERPRISE),
    AccountType("university", _("高校"), User.Role.ENTERPRISE, Organization.Kind.UNIVERSITY),
    AccountType("institute", _("科研院所"), User.Role.ENTERPRISE, Organization.Kind.INSTITUTE),
    AccountType("agency", _("服务机构"), User.Role.AGENCY, Organization.Kind.AGENCY),
    AccountType("expert", _("专家"), User.Role.EXPERT, None),
    AccountType("individual", _("个人"), User.Role.PUBLIC, None),
)}

# The role a colleague invited into an organisation gets, by the organisation's kind. Only applicant organisations
# invite: office and department accounts are made by the office's account managers.
MEMBER_ROLE = {Organization.Kind.ENTERPRISE: User.Role.ENTERPRISE, Organization.Kind.UNIVERSITY: User.Role.ENTERPRISE,
               Organization.Kind.INSTITUTE: User.Role.ENTERPRISE, Organization.Kind.AGENCY: User.Role.AGENCY}


class AccountRefused(ValueError):
    """The request cannot be carried out as asked (the message says why, in the user's words)."""


def region_of_code(code: str) -> Region | None:
    """The region of the authority that issued a credit code (characters 3–8), else its city, else its province."""
    division = creditcode.region_of(code)
    candidates = [division, division[:4] + "00", division[:2] + "0000"]
    found = {r.code: r for r in Region.objects.filter(code__in=candidates)}
    return next((found[c] for c in candidates if c in found), None)


def organization_taken(name: str = "", code: str = "") -> str:
    """Why an organisation with this name or credit code cannot be registered again ('' when it can)."""
    if code and Organization.objects.filter(credit_code=code).exists():
        return str(_("该统一社会信用代码已注册。请联系本单位的机构管理员邀请您加入。"))
    if name and Organization.objects.filter(name=name.strip()).exists():
        return str(_("该机构名称已注册。请联系本单位的机构管理员邀请您加入。"))
    return ""


def username_taken(username: str) -> bool:
    return User.objects.filter(username__iexact=username.strip()).exists()


@transaction.atomic
def do_register(*, account_type: str, username: str, password: str, email: str, name: str,
                org_name: str = "", credit_code: str = "") -> User:
    """A visitor's own account; for an organisation type also the organisation, pending 实名核验, with the new user
    as its admin. The form checks everything first; checked again here for any other caller."""
    kind = ACCOUNT_TYPES.get(account_type)
    if kind is None:
        raise AccountRefused(_("未知的注册类型"))
    if username_taken(username):
        raise AccountRefused(_("该用户名已被使用"))
    organization = None
    if kind.org_kind is not None:
        try:
            code = creditcode.normalize(credit_code)
        except creditcode.CreditCodeError as exc:
            raise AccountRefused(str(exc)) from None
        if not org_name.strip():
            raise AccountRefused(_("请填写机构名称"))
        taken = organization_taken(org_name, code)
        if taken:
            raise AccountRefused(taken)
        organization = Organization.objects.create(
            name=org_name.strip(), kind=kind.org_kind, credit_code=code, status=Organization.Status.PENDING,
            registered_at=timezone.now())
    user = do_create_user(None, username.strip(), password, role=kind.role, organization=organization,
                          email=email, name=name, is_org_admin=organization is not None)
    if organization is not None:
        audit.record(user, "organizations.register", organization,
                     summary=f"注册机构 {organization.name}（{organization.credit_code}），待实名核验",
                     changes={"kind": organization.kind, "credit_code": organization.credit_code})
    audit.record(user, "users.register", user, summary=f"自助注册 {user.username}（{kind.code}）",
                 changes={"account_type": kind.code})
    return user


@transaction.atomic
def do_create_organization(actor: Any, name: str, kind: str, credit_code: str) -> Organization:
    """An organisation made by the office (or the operator at the command line, `actor` None): verified at once,
    its region the issuing authority's."""
    if actor is not None:
        require(actor, "accounts.manage")
    try:
        code = creditcode.normalize(credit_code)
    except creditcode.CreditCodeError as exc:
        raise AccountRefused(str(exc)) from None
    if kind not in Organization.Kind.values or not name.strip():
        raise AccountRefused(_("请填写机构名称和类型"))
    taken = organization_taken(name, code)
    if taken:
        raise AccountRefused(taken)
    now = timezone.now()
    organization = Organization.objects.create(
        name=name.strip(), kind=kind, credit_code=code, region=region_of_code(code),
        status=Organization.Status.VERIFIED, registered_at=now, reviewed_at=now,
        reviewed_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor, "organizations.create", organization, summary=f"创建机构 {organization.name}（{code}）",
                 changes={"kind": kind, "region": organization.region_id})
    return organization


@transaction.atomic
def do_verify_organization(actor: Any, organization: Organization, region: Region | None = None,
                           note: str = "") -> Organization:
    """实名核验 passed: the organisation's users may apply for services, and its name (with its region: the one
    given, else the issuing authority's) feeds the applicant directory."""
    require(actor, "accounts.manage")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.status == Organization.Status.VERIFIED:
        raise AccountRefused(_("该机构已通过核验"))
    if region is None and organization.credit_code:
        region = region_of_code(organization.credit_code)
    was = organization.status
    organization.status, organization.region = Organization.Status.VERIFIED, region or organization.region
    organization.reviewed_at, organization.reviewed_by, organization.review_note = timezone.now(), actor, note[:300]
    organization.save()
    audit.record(actor, "organizations.verify", organization, summary=f"实名核验通过 {organization.name}",
                 changes={"was": was, "region": organization.region_id, "note": note[:300]})
    _tell_members(organization, _("您的机构已通过实名核验"),
                  _("%(name)s 已通过实名核验，现在可以在线办理服务事项。") % {"name": organization.name})
    return organization


@transaction.atomic
def do_reject_organization(actor: Any, organization: Organization, reason: str) -> Organization:
    """实名核验 failed (or withdrawn): its users keep their accounts but may not apply, and the organisation no
    longer feeds the applicant directory."""
    require(actor, "accounts.manage")
    if not reason.strip():
        raise AccountRefused(_("请填写不予通过的理由"))
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    was = organization.status
    organization.status, organization.region = Organization.Status.REJECTED, None
    organization.reviewed_at, organization.reviewed_by = timezone.now(), actor
    organization.review_note = reason.strip()[:300]
    organization.save()
    audit.record(actor, "organizations.reject", organization, summary=f"实名核验未通过 {organization.name}",
                 changes={"was": was, "reason": organization.review_note})
    _tell_members(organization, _("您的机构未通过实名核验"),
                  _("%(name)s 未通过实名核验：%(reason)s") % {"name": organization.name,
                                                          "reason": organization.review_note})
    return organization


def _tell_members(organization: Organization, subject: Any, body: Any) -> None:
    """E-mail the organisation's users (the console backend by default) once the change is committed."""
    recipients = [e for e in organization.user_set.filter(is_active=True).values_list("email", flat=True) if e]
    if recipients:
        subject, body = str(subject), str(body)
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients,
                                                fail_silently=True))


def _require_may_manage(actor: Any, user: User) -> None:
    require_may_grant(actor, user.role, user.is_superuser)  # only an administrator touches an administrator


@transaction.atomic
def do_change_user(actor: Any, user: User, *, role: str, organization: Organization | None,
                   is_org_admin: bool) -> User:
    """The office changes a user's role, organisation or organisation-admin flag."""
    _require_may_manage(actor, user)
    require_may_grant(actor, role)
    if role not in User.Role.values:
        raise AccountRefused(_("未知的角色"))
    if user.pk == getattr(actor, "pk", None) and role != user.role:
        raise AccountRefused(_("不能修改自己的角色"))
    before = {"role": user.role, "organization": user.organization_id, "is_org_admin": user.is_org_admin}
    user.role, user.organization, user.is_org_admin = role, organization, bool(is_org_admin and organization)
    after = {"role": user.role, "organization": user.organization_id, "is_org_admin": user.is_org_admin}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        user.save(update_fields=["role", "organization", "is_org_admin"])
        audit.record(actor, "users.change", user, summary=f"修改用户 {user.username}", changes=changes)
    return user


@transaction.atomic
def do_set_user_active(actor: Any, user: User, active: bool) -> User:
    """Deactivate (the account can no longer sign in; its records stay) or reactivate a user."""
    _require_may_manage(actor, user)
    if user.pk == getattr(actor, "pk", None):
        raise AccountRefused(_("不能停用自己的账号"))
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(actor, "users.activate" if active else "users.deactivate", user,
                     summary=f"{'启用' if active else '停用'}用户 {user.username}")
    return user


# ---- invitations ---------------------------------------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_invitation(token: str) -> Invitation | None:
    """The invitation a link's token opens, if it is still open (not used, revoked or expired)."""
    invitation = Invitation.objects.select_related("organization").filter(token_hash=token_hash(token)).first()
    return invitation if invitation is not None and invitation.open_at(timezone.now()) else None


def may_invite(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_org_admin
                and user.organization_id and user.organization.verified and user.organization.kind in MEMBER_ROLE)


@transaction.atomic
def do_invite_colleague(actor: Any, email: str = "") -> tuple[Invitation, str]:
    """An organisation admin invites a colleague; returns the invitation and its token (shown once, in the link)."""
    if not may_invite(actor):
        raise PermissionDenied("organizations.invite")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=actor.organization, token_hash=token_hash(token), email=email.strip(), created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS))
    audit.record(actor, "organizations.invite", invitation,
                 summary=f"邀请同事加入 {actor.organization.name}" + (f"（{invitation.email}）" if email else ""))
    return invitation, token


@transaction.atomic
def do_revoke_invitation(actor: Any, invitation: Invitation) -> Invitation:
    if not may_invite(actor) or invitation.organization_id != actor.organization_id:
        raise PermissionDenied("organizations.invite")
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(actor, "organizations.revoke_invitation", invitation, summary="撤销邀请")
    return invitation


@transaction.atomic
def do_accept_invitation(token: str, *, username: str, password: str, email: str, name: str) -> User:
    """The invited colleague's own account, in the inviting organisation, with the organisation's member role."""
    invitation = open_invitation(token)
    if invitation is None:
        raise AccountRefused(_("邀请链接无效或已过期"))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise AccountRefused(_("邀请链接无效或已过期"))
    if username_taken(username):
        raise AccountRefused(_("该用户名已被使用"))
    organization = invitation.organization
    user = do_create_user(None, username.strip(), password, role=MEMBER_ROLE[organization.kind], organization=organization, email=email,
                          name=name)
    invitation.accepted_by, invitation.accepted_at = user, timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    audit.record(user, "organizations.join", invitation, summary=f"{user.username} 应邀加入 {organization.name}")
    return user
